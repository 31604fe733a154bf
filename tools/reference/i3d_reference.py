#!/usr/bin/python3
"""Reference logits, features and multiply-add counts of the two-stream I3D, from an implementation written here
from the published topology (DeepMind kinetics-i3d, i3d.py / sonnet), not from the project's code.

Weights and inputs come from weight_spec.py (the C# tests rebuild them from the same spec). Computed in float64.
Writes tests/ExerciseFunctions.Runtime.Tests/I3d/Reference/:
  i3d-<stream>-t<T>.f32   little-endian float32: logits [classes] then features [1024]
  i3d-reference.json      seed, classes, SHA-256 of each float32 input clip, multiply-adds per stream and T

Run with Debian's packages: /usr/bin/python3 tools/reference/i3d_reference.py
"""
import hashlib
import json
import math
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(__file__))
import weight_spec  # noqa: E402

SEED = 18
CLASSES = 6
EPSILON = 1e-3  # sonnet BatchNorm's default, which i3d.py keeps
OUT = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "ExerciseFunctions.Runtime.Tests", "I3d", "Reference")

# (name, output channels, kernel, stride) / ("pool", name, kernel, stride) / ("mixed", name, [b0, b1a, b1b, b2a, b2b, b3]),
# as in i3d.py's InceptionI3d._build.
TOPOLOGY = [
    ("unit", "Conv3d_1a_7x7", 64, (7, 7, 7), (2, 2, 2)),
    ("pool", "MaxPool3d_2a_3x3", (1, 3, 3), (1, 2, 2)),
    ("unit", "Conv3d_2b_1x1", 64, (1, 1, 1), (1, 1, 1)),
    ("unit", "Conv3d_2c_3x3", 192, (3, 3, 3), (1, 1, 1)),
    ("pool", "MaxPool3d_3a_3x3", (1, 3, 3), (1, 2, 2)),
    ("mixed", "Mixed_3b", (64, 96, 128, 16, 32, 32)),
    ("mixed", "Mixed_3c", (128, 128, 192, 32, 96, 64)),
    ("pool", "MaxPool3d_4a_3x3", (3, 3, 3), (2, 2, 2)),
    ("mixed", "Mixed_4b", (192, 96, 208, 16, 48, 64)),
    ("mixed", "Mixed_4c", (160, 112, 224, 24, 64, 64)),
    ("mixed", "Mixed_4d", (128, 128, 256, 24, 64, 64)),
    ("mixed", "Mixed_4e", (112, 144, 288, 32, 64, 64)),
    ("mixed", "Mixed_4f", (256, 160, 320, 32, 128, 128)),
    ("pool", "MaxPool3d_5a_2x2", (2, 2, 2), (2, 2, 2)),
    ("mixed", "Mixed_5b", (256, 160, 320, 32, 128, 128)),
    ("mixed", "Mixed_5c", (384, 192, 384, 48, 128, 128)),
]


def same_pads(size, kernel, stride):
    """TF 'SAME': output ceil(n / s); the extra padding goes after (F.pad order: last dim first)."""
    pads = []
    for n, k, s in reversed(list(zip(size, kernel, stride))):
        total = max((math.ceil(n / s) - 1) * s + k - n, 0)
        pads += [total // 2, total - total // 2]
    return pads


class I3d:
    def __init__(self, scope, channels, classes):
        self.scope, self.channels, self.classes = scope, channels, classes
        self.names = []
        self.multiply_adds = 0

    def weight(self, name, tf_shape, like):
        self.names.append(name)
        return torch.from_numpy(weight_spec.variable(SEED, name, tf_shape)).to(dtype=like.dtype, device=like.device)

    def unit(self, x, name, out, kernel, stride, batch_norm=True):
        scope = f"{self.scope}/inception_i3d/{name}"
        c = x.shape[1]
        w = self.weight(f"{scope}/conv_3d/w", [*kernel, c, out], x).permute(4, 3, 0, 1, 2)  # TF [t,h,w,in,out] -> [out,in,t,h,w]
        x = F.conv3d(F.pad(x, same_pads(x.shape[2:], kernel, stride)), w, stride=stride)
        self.multiply_adds += x.numel() * c * math.prod(kernel)
        if not batch_norm:
            return x + self.weight(f"{scope}/conv_3d/b", [out], x).view(1, out, 1, 1, 1)
        beta = self.weight(f"{scope}/batch_norm/beta", [out], x).view(1, out, 1, 1, 1)
        mean = self.weight(f"{scope}/batch_norm/moving_mean", [out], x).view(1, out, 1, 1, 1)
        variance = self.weight(f"{scope}/batch_norm/moving_variance", [out], x).view(1, out, 1, 1, 1)
        return F.relu((x - mean) / torch.sqrt(variance + EPSILON) + beta)

    @staticmethod
    def pool(x, kernel, stride):
        return F.max_pool3d(F.pad(x, same_pads(x.shape[2:], kernel, stride), value=-math.inf), kernel, stride)

    def mixed(self, x, name, c):
        one, three = (1, 1, 1), (3, 3, 3)
        b0 = self.unit(x, f"{name}/Branch_0/Conv3d_0a_1x1", c[0], one, one)
        b1 = self.unit(self.unit(x, f"{name}/Branch_1/Conv3d_0a_1x1", c[1], one, one), f"{name}/Branch_1/Conv3d_0b_3x3", c[2], three, one)
        # i3d.py names this one Conv3d_0a_3x3 in Mixed_5b only (and the public checkpoints keep the slip).
        b2_name = "Conv3d_0a_3x3" if name == "Mixed_5b" else "Conv3d_0b_3x3"
        b2 = self.unit(self.unit(x, f"{name}/Branch_2/Conv3d_0a_1x1", c[3], one, one), f"{name}/Branch_2/{b2_name}", c[4], three, one)
        b3 = self.unit(self.pool(x, three, one), f"{name}/Branch_3/Conv3d_0b_1x1", c[5], one, one)
        return torch.cat([b0, b1, b2, b3], dim=1)

    def forward(self, clip):
        x = clip.permute(0, 4, 1, 2, 3)  # NTHWC -> NCTHW
        for layer in TOPOLOGY:
            if layer[0] == "unit":
                x = self.unit(x, *layer[1:])
            elif layer[0] == "pool":
                x = self.pool(x, *layer[2:])
            else:
                x = self.mixed(x, layer[1], layer[2])
        pooled = F.avg_pool3d(x, (2, 7, 7), stride=1)  # VALID: [N, 1024, T', 1, 1]
        self.pooled_frames = pooled.shape[2]
        logits = self.unit(pooled, "Logits/Conv3d_0c_1x1", self.classes, (1, 1, 1), (1, 1, 1), batch_norm=False)
        # i3d.py: squeeze space, then average the per-time logits ('averaged_logits'); features likewise.
        return logits.mean(dim=(2, 3, 4))[0], pooled.mean(dim=(2, 3, 4))[0]


def main():
    torch.set_num_threads(2)
    os.makedirs(OUT, exist_ok=True)
    summary = {"seed": SEED, "classes": CLASSES, "epsilon": EPSILON, "inputs": {}, "multiplyAdds": {}}
    for scope, channels in (("RGB", 3), ("Flow", 2)):
        for frames in (9, 16):
            clip = weight_spec.clip(SEED, scope, frames, channels)
            summary["inputs"][f"{scope}-t{frames}"] = hashlib.sha256(clip.tobytes()).hexdigest()
            with torch.no_grad():
                logits, features = I3d(scope, channels, CLASSES).forward(torch.from_numpy(clip.astype(np.float64)))
            values = np.concatenate([logits.numpy(), features.numpy()]).astype("<f4")
            values.tofile(os.path.join(OUT, f"i3d-{scope.lower()}-t{frames}.f32"))
            print(scope, frames, "logits", np.round(logits.numpy(), 4), "features |max|", float(features.abs().max()))
        counts = {}
        for frames in (9, 16, 64):
            model = I3d(scope, channels, 1)
            with torch.no_grad():  # zeros: only the shapes matter for the count
                model.forward(torch.zeros(1, frames, 224, 224, channels))
            backbone = model.multiply_adds - model.pooled_frames * 1024
            for classes in (6, 400):
                counts[f"t{frames}-k{classes}"] = backbone + model.pooled_frames * 1024 * classes
        summary["multiplyAdds"][scope] = counts
        print(scope, counts)
    with open(os.path.join(OUT, "i3d-reference.json"), "w") as f:
        json.dump(summary, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
