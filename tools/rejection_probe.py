#!/usr/bin/python3
"""A probe for issue 16's "not an exercise" target: can a linear score on fewer, decorrelated flow features refuse
more non-exercise clips than the shipped rejector (a logistic score on all 1,024 standardised flow features)?

Reads the pooled features `exercise fit-rejection` / `evaluate` already cached (`--cache`; one <sha256[:32]>.feat per
video: "I3DFEAT1", int32 channels, RGB floats, flow floats) and, for each k, fits: standardise on the exercise clips,
project onto the first k principal components of all clips, class-balanced logistic regression (L2 0.1). The
threshold comes from 5 seeded out-of-fold scores, where it refuses --target of the exercise clips, as fit-rejection
sets it; the fit on every clip is then scored on the fresh sets. Needs Debian's python3-numpy; writes nothing.

  /usr/bin/python3 tools/rejection_probe.py --cache CACHE/<key> --exercise DIR... --negatives DIR... \
      --test-exercise DIR --test-negatives DIR [--target 0.02]
"""
import argparse
import glob
import hashlib
import os
import struct

import numpy as np

MAGIC = b"I3DFEAT1"


def flow_features(cache, video):
    with open(video, "rb") as file:
        key = hashlib.sha256(file.read()).hexdigest()[:32]
    with open(os.path.join(cache, key + ".feat"), "rb") as file:
        data = file.read()
    if data[:len(MAGIC)] != MAGIC:
        raise ValueError(f"{video}: not a feature file")
    channels = struct.unpack("<i", data[8:12])[0]
    return np.frombuffer(data[12:], dtype="<f4")[channels:]


def videos(directories):
    return sorted(path for d in directories for path in glob.glob(os.path.join(d, "*.mp4")))


def kind(video):
    name = os.path.basename(os.path.realpath(video))
    return name.split("not-exercise_")[1].rsplit("_", 1)[0].split("-")[0] if "not-exercise_" in name else "exercise"


def logistic(x, y, l2, steps=2000, rate=0.2):
    weights, bias = np.zeros(x.shape[1]), 0.0
    balance = np.where(y == 1, 0.5 / y.mean(), 0.5 / (1 - y.mean()))
    for _ in range(steps):
        error = (1 / (1 + np.exp(-np.clip(x @ weights + bias, -30, 30))) - y) * balance
        weights -= rate * (x.T @ error / len(y) + l2 * weights)
        bias -= rate * error.mean()
    return weights, bias


def fit(exercise, other, k, l2=0.1):
    mean, std = exercise.mean(0), exercise.std(0)
    std[std < 1e-12] = np.inf
    z = (np.vstack([exercise, other]) - mean) / std
    projection = np.linalg.svd(z, full_matrices=False)[2][:k].T
    spread = (z @ projection).std(0)
    weights, bias = logistic(z @ projection / spread, np.r_[np.ones(len(exercise)), np.zeros(len(other))], l2)
    return lambda x: ((x - mean) / std) @ projection / spread @ weights + bias


def out_of_fold_threshold(exercise, other, k, target, folds=5, seed=1):
    random = np.random.default_rng(seed)
    fold_of = []
    for rows in (exercise, other):
        order = random.permutation(len(rows))
        fold = np.empty(len(rows), int)
        fold[order] = np.arange(len(rows)) % folds
        fold_of.append(fold)
    scores = np.empty(len(exercise))
    for f in range(folds):
        score = fit(exercise[fold_of[0] != f], other[fold_of[1] != f], k)
        scores[fold_of[0] == f] = score(exercise[fold_of[0] == f])
    return np.sort(scores)[int(np.floor(target * len(scores)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cache", required=True)
    parser.add_argument("--exercise", nargs="+", required=True)
    parser.add_argument("--negatives", nargs="+", required=True)
    parser.add_argument("--test-exercise", nargs="+", required=True)
    parser.add_argument("--test-negatives", nargs="+", required=True)
    parser.add_argument("--target", type=float, default=0.02)
    parser.add_argument("--k", type=int, nargs="+", default=[8, 16, 24, 32, 48, 64, 96])
    args = parser.parse_args()
    load = lambda directories: np.array([flow_features(args.cache, v) for v in videos(directories)])
    exercise, other = load(args.exercise), load(args.negatives)
    test_exercise, test_negatives = load(args.test_exercise), load(args.test_negatives)
    kinds = [kind(v) for v in videos(args.test_negatives)]
    print(f"{len(exercise)} exercise and {len(other)} non-exercise clips to fit; "
          f"{len(test_exercise)} and {len(test_negatives)} fresh ones")
    for k in args.k:
        threshold = out_of_fold_threshold(exercise, other, k, args.target)
        score = fit(exercise, other, k)
        refused = score(test_negatives) < threshold
        by_kind = " ".join(f"{name}:{refused[[i for i, n in enumerate(kinds) if n == name]].sum()}/{kinds.count(name)}"
                           for name in sorted(set(kinds)))
        print(f"k={k:<3} fresh exercise refused {np.mean(score(test_exercise) < threshold):6.1%}  "
              f"non-exercise refused {refused.mean():6.1%}  {by_kind}")


if __name__ == "__main__":
    main()
