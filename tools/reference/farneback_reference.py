#!/usr/bin/python3
"""Reference Farneback flow for one frame pair whose motion is more than a translation, from OpenCV in Python.

The first frame is a seeded texture (low-resolution noise, cubic upsampling, blur); the second is the first under a
rotation of 3 degrees and a 2% zoom about the centre plus a shift of (2, -1.5) px, so the true flow varies across the
frame. Flow as the method defines it: cv2.calcOpticalFlowFarneback(prev, next, None, 0.5, 3, 15, 3, 5, 1.2, 0),
clipped to [-20, 20] and divided by 20. Writes tests/ExerciseFunctions.Runtime.Tests/Flow/Reference/:
  frame0.png, frame1.png   the two 224x224 grey frames (lossless)
  farneback-grid.f32       little-endian float32 [28, 28, 2]: the flow at pixels (4 + 8 i, 4 + 8 j), (x, y) pairs
  farneback.json           the parameters, the whole-frame mean of each component and of the magnitude

Run with Debian's packages: /usr/bin/python3 tools/reference/farneback_reference.py
"""
import json
import os

import cv2
import numpy as np

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "ExerciseFunctions.Runtime.Tests", "Flow", "Reference")
SIZE, GRID_STEP = 224, 8
ANGLE, ZOOM, SHIFT = 3.0, 1.02, (2.0, -1.5)


def main():
    os.makedirs(OUT, exist_ok=True)
    noise = np.random.RandomState(18).randint(0, 256, size=(40, 40)).astype(np.uint8)
    texture = cv2.GaussianBlur(cv2.resize(noise, (SIZE, SIZE), interpolation=cv2.INTER_CUBIC), (0, 0), 1.5)
    motion = cv2.getRotationMatrix2D((SIZE / 2, SIZE / 2), ANGLE, ZOOM)
    motion[:, 2] += SHIFT
    moved = cv2.warpAffine(texture, motion, (SIZE, SIZE), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)
    cv2.imwrite(os.path.join(OUT, "frame0.png"), texture)
    cv2.imwrite(os.path.join(OUT, "frame1.png"), moved)

    flow = cv2.calcOpticalFlowFarneback(texture, moved, None, 0.5, 3, 15, 3, 5, 1.2, 0)
    flow = np.clip(flow, -20, 20) / 20
    offset = GRID_STEP // 2
    flow[offset::GRID_STEP, offset::GRID_STEP].astype("<f4").tofile(os.path.join(OUT, "farneback-grid.f32"))

    # Sanity: in the interior the estimate follows the affine motion (px): x' - x for x' = M [x, y, 1].
    ys, xs = np.mgrid[0:SIZE, 0:SIZE].astype(np.float64)
    truth = np.stack([motion[0, 0] * xs + motion[0, 1] * ys + motion[0, 2] - xs,
                      motion[1, 0] * xs + motion[1, 1] * ys + motion[1, 2] - ys], axis=-1)
    interior = (slice(32, -32), slice(32, -32))
    error = np.abs(flow[interior] * 20 - truth[interior]).mean()
    print(f"cv2 {cv2.__version__}: mean interior error against the true motion {error:.3f} px, "
          f"true motion {np.abs(truth[interior]).min():.2f}..{np.abs(truth[interior]).max():.2f} px")

    summary = {
        "opencv": cv2.__version__,
        "parameters": [0.5, 3, 15, 3, 5, 1.2, 0],
        "gridStep": GRID_STEP,
        "meanX": float(flow[..., 0].astype(np.float64).mean()),
        "meanY": float(flow[..., 1].astype(np.float64).mean()),
        "meanMagnitude": float(np.hypot(flow[..., 0].astype(np.float64), flow[..., 1].astype(np.float64)).mean()),
    }
    with open(os.path.join(OUT, "farneback.json"), "w") as f:
        json.dump(summary, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
