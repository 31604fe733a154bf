#!/usr/bin/python3
"""The reference method's preprocessing, written from the README, for `exercise bench` to compare against.

Decode with OpenCV (Debian's python3-opencv), sample at 25 fps by timestamp (output frame k is the first frame
shown at or after k / 25 s), resize the short side to 256 (bilinear), centre crop 224x224, RGB in [-1, 1]; optical
flow: grayscale, Farneback (0.5, 3, 15, 3, 5, 1.2, 0) between consecutive sampled frames, clipped to [-20, 20] and
divided by 20. Everything is kept in memory, as the reference does.

Usage: /usr/bin/python3 tools/reference_preprocess.py VIDEO
Prints one JSON line: {"frames": sampled frames, "pairs": flow pairs, "seconds": time after imports}.
"""
import json
import math
import sys
import time

import cv2
import numpy as np

RATE = 25.0
SHORT_SIDE = 256
CROP = 224


def resize_and_crop(frame):
    height, width = frame.shape[:2]
    scale = SHORT_SIDE / min(width, height)
    resized = cv2.resize(frame, (max(CROP, round(width * scale)), max(CROP, round(height * scale))),
                         interpolation=cv2.INTER_LINEAR)
    height, width = resized.shape[:2]
    top, left = (height - CROP) // 2, (width - CROP) // 2
    return resized[top:top + CROP, left:left + CROP]


def sampled_frames(path):
    capture = cv2.VideoCapture(path)
    if not capture.isOpened():
        raise SystemExit(f"cannot open {path}")
    origin = None
    next_output = 0
    while True:
        ok, frame = capture.read()
        if not ok:
            break
        seconds = capture.get(cv2.CAP_PROP_POS_MSEC) / 1000
        origin = seconds if origin is None else origin
        due = math.floor((seconds - origin + 1e-4) * RATE) + 1 - next_output
        if due > 0:
            crop = resize_and_crop(frame)
            for _ in range(due):
                yield crop
            next_output += due


def main(path):
    start = time.perf_counter()
    rgb, flow = [], []
    previous = None
    for crop in sampled_frames(path):
        rgb.append(cv2.cvtColor(crop, cv2.COLOR_BGR2RGB).astype(np.float32) / 127.5 - 1)
        gray = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
        if previous is not None:
            pair = cv2.calcOpticalFlowFarneback(previous, gray, None, 0.5, 3, 15, 3, 5, 1.2, 0)
            flow.append(np.clip(pair, -20, 20) / 20)
        previous = gray
    print(json.dumps({"frames": len(rgb), "pairs": len(flow), "seconds": time.perf_counter() - start}))


if __name__ == "__main__":
    main(sys.argv[1])
