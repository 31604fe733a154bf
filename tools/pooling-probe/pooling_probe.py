#!/usr/bin/python3
"""A probe for issue 16's accuracy targets (fused >= 95%, RGB alone >= 60%): does a linear head on the seeded I3D
gain from richer pooling of Mixed_5c, from streams trained apart, or from more clips?

Reads the features `exercise evaluate --cache` stored for a model rewritten by pooled_features.cs (one
<sha256[:32]>.feat per video: "I3DFEAT1", int32 channels, RGB floats, flow floats; 7 x 1024 per stream). Heads: the
softmax cross-entropy of the summed logits on standardised features, L2, full-batch gradient descent (as `train`
fits them, without its early stopping); RGB features scaled by --rgb-weight as `train`'s chosen weight does.
Needs Debian's python3-numpy; writes nothing.

  /usr/bin/python3 tools/pooling-probe/pooling_probe.py --cache CACHE/<key> --train DIR... --test DIR...
"""
import argparse
import glob
import hashlib
import os
import struct

import numpy as np

LABELS = ["bw-squat_correct", "bw-squat_not-low", "pull-up_chin-below-bar", "pull-up_correct", "push-up_correct",
          "push-up_upper-body-first"]
POOLINGS = {"mean": slice(0, 1024), "time-max": slice(1024, 2048), "space-max": slice(2048, 3072),
            "grid": slice(3072, 7168)}
CHOICES = [["mean"], ["mean", "time-max"], ["mean", "space-max"], ["grid"], ["mean", "time-max", "space-max"],
           ["mean", "time-max", "space-max", "grid"]]


def features(cache, video):
    with open(video, "rb") as file:
        key = hashlib.sha256(file.read()).hexdigest()[:32]
    with open(os.path.join(cache, key + ".feat"), "rb") as file:
        data = file.read()
    channels = struct.unpack("<i", data[8:12])[0]
    values = np.frombuffer(data[12:], dtype="<f4")
    return values[:channels], values[channels:]


def labelled(cache, directories):
    videos = sorted(v for d in directories for v in glob.glob(os.path.join(d, "*.mp4")))
    pairs = [features(cache, v) for v in videos]
    return {"rgb": np.array([r for r, _ in pairs]), "flow": np.array([f for _, f in pairs]),
            "y": np.array([LABELS.index("_".join(os.path.basename(v).split("_")[:2])) for v in videos])}


def fit(inputs, y, l2, steps=2000, rate=0.05):
    weights, bias, target = [np.zeros((x.shape[1], len(LABELS))) for x in inputs], np.zeros(len(LABELS)), np.eye(len(LABELS))[y]
    for _ in range(steps):
        logits = sum(x @ w for x, w in zip(inputs, weights)) + bias
        p = np.exp(logits - logits.max(1, keepdims=True))
        error = (p / p.sum(1, keepdims=True) - target) / len(y)
        for x, w in zip(inputs, weights):
            w -= rate * (x.T @ error + l2 * w)
        bias -= rate * error.sum(0)
    return weights, bias


def standardised(train, test, stream, poolings, scale):
    a, b = (np.concatenate([d[stream][:, POOLINGS[p]] for p in poolings], 1) for d in (train, test))
    mean, std = a.mean(0), a.std(0)
    std[std < 1e-9] = np.inf
    return scale * (a - mean) / std, scale * (b - mean) / std


def accuracy(logits, y):
    return (logits.argmax(1) == y).mean()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cache", required=True)
    parser.add_argument("--train", nargs="+", required=True)
    parser.add_argument("--test", nargs="+", required=True)
    parser.add_argument("--l2", type=float, default=0.01)
    parser.add_argument("--rgb-weight", type=float, default=0.1)
    args = parser.parse_args()
    train, test = labelled(args.cache, args.train), labelled(args.cache, args.test)
    print(f"{len(train['y'])} clips to train on, {len(test['y'])} to test on; L2 {args.l2}, RGB weight {args.rgb_weight}")
    for poolings in CHOICES:
        (rgb, rgb_test), (flow, flow_test) = (standardised(train, test, s, poolings, w)
                                              for s, w in (("rgb", args.rgb_weight), ("flow", 1.0)))
        weights, bias = fit([rgb, flow], train["y"], args.l2)
        rgb_apart, rgb_bias = fit([rgb / args.rgb_weight], train["y"], args.l2)
        flow_apart, flow_bias = fit([flow], train["y"], args.l2)
        print(f"{'+'.join(poolings):30s} fused {accuracy(rgb_test @ weights[0] + flow_test @ weights[1] + bias, test['y']):6.1%}"
              f"   trained apart: RGB {accuracy(rgb_test / args.rgb_weight @ rgb_apart[0] + rgb_bias, test['y']):6.1%}"
              f"  flow {accuracy(flow_test @ flow_apart[0] + flow_bias, test['y']):6.1%}")
    random = np.random.default_rng(5)
    for per_class in (10, 20, 30, 40):
        scores = []
        for _ in range(3):
            rows = np.concatenate([random.permutation(np.flatnonzero(train["y"] == c))[:per_class] for c in range(len(LABELS))])
            subset = {k: v[rows] for k, v in train.items()}
            (rgb, rgb_test), (flow, flow_test) = (standardised(subset, test, s, ["mean"], w)
                                                  for s, w in (("rgb", args.rgb_weight), ("flow", 1.0)))
            weights, bias = fit([rgb, flow], subset["y"], args.l2)
            scores.append(accuracy(rgb_test @ weights[0] + flow_test @ weights[1] + bias, test["y"]))
        print(f"mean pooling, {per_class * len(LABELS):4d} clips to train on: fused "
              + " ".join(f"{s:6.1%}" for s in scores) + f"   median {np.median(scores):6.1%}")


if __name__ == "__main__":
    main()
