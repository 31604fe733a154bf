"""The seeded weight and input generator shared by the reference scripts and the C# tests (SpecWeights.cs).

Every value is a function of (seed, tensor name, element index) only, so the C# side can rebuild the same weights
without any file: u = splitmix64((fnv1a64(name) ^ seed) + index) >> 11, scaled by 2^-53 into [0, 1). Indices run
over the TensorFlow checkpoint layout (kernels [t, h, w, in, out]), row-major.
"""
import math

import numpy as np

MASK = (1 << 64) - 1


def fnv1a64(text):
    h = 0xCBF29CE484222325
    for b in text.encode("utf-8"):
        h = ((h ^ b) * 0x100000001B3) & MASK
    return h


def uniform(seed, name, count):
    """count values in [0, 1), float64."""
    with np.errstate(over="ignore"):
        x = np.uint64((fnv1a64(name) ^ seed) & MASK) + np.arange(count, dtype=np.uint64)
        x = x + np.uint64(0x9E3779B97F4A7C15)
        z = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(11)).astype(np.float64) * 2.0 ** -53


def symmetric(seed, name, count, scale):
    """count values in [-scale, scale), float32 (computed in float64, rounded once)."""
    return ((2.0 * uniform(seed, name, count) - 1.0) * scale).astype(np.float32)


def variable(seed, name, tf_shape):
    """A checkpoint variable's values in TensorFlow layout, by the kind its name ends with."""
    count = int(np.prod(tf_shape)) if tf_shape else 1
    leaf = name.rsplit("/", 1)[-1]
    if leaf == "w":
        fan_in = count // tf_shape[-1]
        gain = 1.0 if "/Logits/" in name else 2.0  # He: 2 / fan_in for ReLU layers, 1 / fan_in for the logits
        values = symmetric(seed, name, count, math.sqrt(3.0 * gain / fan_in))
    elif leaf in ("b", "beta", "moving_mean"):
        values = symmetric(seed, name, count, 0.1)
    elif leaf == "moving_variance":
        values = (0.5 + uniform(seed, name, count)).astype(np.float32)
    else:
        raise ValueError(name)
    return values.reshape(tf_shape)


def clip(seed, scope, frames, channels):
    """An input clip [1, T, 224, 224, C] in [-1, 1); a shorter clip is a prefix of a longer one."""
    return symmetric(seed, f"{scope}/input", frames * 224 * 224 * channels, 1.0).reshape(1, frames, 224, 224, channels)
