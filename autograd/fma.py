"""Fused multiply-add, a·b + c rounded once, for float32 and float64 NumPy arrays.

PyTorch's compiled CPU kernels let the compiler fuse `x * scale + shift` into one FMA
instruction, which rounds once where NumPy's `x * scale + shift` rounds twice. To draw the
same bits (uniform_, normal_), we compute the FMA exactly with error-free transformations.
"""
from __future__ import annotations

import numpy as np

__all__ = ["fma32", "fma64"]


def _two_sum(a: np.ndarray, b) -> tuple[np.ndarray, np.ndarray]:
    """(s, t) with s = fl(a + b) and s + t = a + b exactly (Knuth)."""
    s = a + b
    virtual = s - a
    return s, (a - (s - virtual)) + (b - virtual)


def _split(x) -> tuple:
    """Dekker's split of float64 x into hi + lo, each of at most 26 significant bits."""
    scaled = x * 134217729.0  # 2**27 + 1
    hi = scaled - (scaled - x)
    return hi, x - hi


def fma64(a: np.ndarray, b, c) -> np.ndarray:
    """a·b + c for float64: a·b = p + e exactly (Dekker), p + c = s + t exactly, then
    s + (t + e), which is the correctly rounded result except in contrived ties."""
    a = np.asarray(a, dtype=np.float64)
    b, c = np.asarray(b, dtype=np.float64), np.asarray(c, dtype=np.float64)
    product = a * b
    (a_hi, a_lo), (b_hi, b_lo) = _split(a), _split(b)
    product_error = ((a_hi * b_hi - product) + a_hi * b_lo + a_lo * b_hi) + a_lo * b_lo
    total, total_error = _two_sum(product, c)
    return total + (total_error + product_error)


def fma32(a: np.ndarray, b, c) -> np.ndarray:
    """a·b + c for float32, rounded once. The product of two floats is exact in float64, so
    the float64 sum is the exact result rounded once; rounding it again to float32 is right
    unless it landed exactly halfway between two floats, where the sign of the first
    rounding's error decides (the rare ties are fixed one by one)."""
    product = np.asarray(a, dtype=np.float64) * np.asarray(b, dtype=np.float64)
    c = np.asarray(c, dtype=np.float64)
    total = product + c
    halfway = (total.view(np.int64) & 0x1FFFFFFF) == 0x10000000  # 29 bits below float32's
    if halfway.any():
        product, c = np.broadcast_arrays(product, c)
        sums, errors = _two_sum(product[halfway], c[halfway])
        toward = np.where(errors > 0, np.inf, -np.inf)
        total[halfway] = np.where(errors != 0, np.nextafter(sums, toward), sums)
    return total.astype(np.float32)
