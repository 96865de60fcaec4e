"""PyTorch's vectorised normal sampler for float32 (`normal_fill_AVX2`), bit for bit.

For a contiguous float32 tensor of 16 or more elements, PyTorch's CPU kernel fills the
tensor with uniform floats u, then turns each block of 16 into normals with Box-Muller,

    z[j]     = mean + std · √(-2 ln(1 - u[j])) · cos(2π u[j+8])      j = 0..7
    z[j + 8] = mean + std · √(-2 ln(1 - u[j])) · sin(2π u[j+8]),

computing ln, sin and cos with the Cephes polynomials of `avx_mathfun.h` (8 floats at a
time). This module evaluates the same polynomials in the same order with NumPy float32, with
the fused multiply-adds that the compiler forms there, so the results are PyTorch's to the
last bit.
"""
from __future__ import annotations

import math

import numpy as np

from autograd.fma import fma32

__all__ = ["box_muller_blocks"]

_F32 = np.float32
_LOG_POLY = (7.0376836292e-2, -1.1514610310e-1, 1.1676998740e-1, -1.2420140846e-1,
             1.4249322787e-1, -1.6668057665e-1, 2.0000714765e-1, -2.4999993993e-1,
             3.3333331174e-1)
_COS_POLY = (2.443315711809948e-5, -1.388731625493765e-3, 4.166664568298827e-2)
_SIN_POLY = (-1.9515295891e-4, 8.3321608736e-3, -1.6666654611e-1)
_PI_OVER_4_PARTS = (-0.78515625, -2.4187564849853515625e-4, -3.77489497744594108e-8)


def _log(x: np.ndarray) -> np.ndarray:
    """ln x for float32 x in (0, 1]: x = m·2^e with m in [√½, √2), ln x = ln m + e ln 2."""
    bits = np.maximum(x, _F32(np.finfo(_F32).tiny)).view(np.int32)
    exponent = ((bits >> 23) - 126).astype(_F32)
    mantissa = ((bits & ~0x7F800000) | 0x3F000000).view(_F32)  # in [0.5, 1)
    small = mantissa < _F32(0.707106781186547524)
    exponent = exponent - small.astype(_F32)
    m = (mantissa - _F32(1)) + np.where(small, mantissa, _F32(0))  # ln(1 + m) remains
    m2 = m * m
    y = np.full_like(m, _F32(_LOG_POLY[0]))
    for coefficient in _LOG_POLY[1:]:
        y = fma32(y, m, _F32(coefficient))
    y = fma32(y * m, m2, exponent * _F32(-2.12194440e-4))
    y = y - m2 * _F32(0.5)
    return fma32(exponent, _F32(0.693359375), m + y)


def _sincos(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(sin x, cos x) for float32 x >= 0: reduce by multiples of π/4, then one of two
    polynomials on [-π/4, π/4], chosen by the octant."""
    octant = (x * _F32(1.27323954473516)).astype(np.int32)
    octant = (octant + 1) & ~1
    y = octant.astype(_F32)
    for part in _PI_OVER_4_PARTS:
        x = fma32(y, _F32(part), x)
    z = x * x
    cos_poly = np.full_like(x, _F32(_COS_POLY[0]))
    for coefficient in _COS_POLY[1:]:
        cos_poly = fma32(cos_poly, z, _F32(coefficient))
    cos_poly = fma32(cos_poly * z, z, -(z * _F32(0.5))) + _F32(1)
    sin_poly = np.full_like(x, _F32(_SIN_POLY[0]))
    for coefficient in _SIN_POLY[1:]:
        sin_poly = fma32(sin_poly, z, _F32(coefficient))
    sin_poly = fma32(sin_poly * z, x, x)
    use_sin_poly = (octant & 2) == 0
    sin = np.where(use_sin_poly, sin_poly, cos_poly)
    cos = np.where(use_sin_poly, cos_poly, sin_poly)
    sin = np.where((octant & 4) != 0, -sin, sin)
    cos = np.where(((octant - 2) & 4) == 0, -cos, cos)
    return sin, cos


def box_muller_blocks(uniform: np.ndarray, mean: float, std: float) -> np.ndarray:
    """Normals from float32 uniforms in blocks of 16, as `normal_fill_16_AVX2`.

    Shape: uniform (B, 16) -> (B, 16) float32.
    """
    u1 = _F32(1) - uniform[:, :8]
    u2 = uniform[:, 8:]
    radius = np.sqrt(_F32(-2) * _log(u1))
    sin, cos = _sincos(_F32(2 * math.pi) * u2)
    mean, std = _F32(mean), _F32(std)
    return np.concatenate([fma32(radius * cos, std, mean), fma32(radius * sin, std, mean)],
                          axis=1)
