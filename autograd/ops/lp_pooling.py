"""Power-average pooling: lp_pool1d/2d/3d, composed from average (or max) pooling.

LP pooling with norm p is (Σ_window x^p)^(1/p): p = 1 is sum pooling, p = inf max pooling
of |x|. As PyTorch computes it: the window mean of x^p times the window's size, to the
power 1/p. PyTorch keeps the sum as sign(s)·relu(|s|),
the value of s but with no gradient where s is 0 (where s^(1/p) has an infinite one): here
that is where(s != 0, s, 0).
"""
from __future__ import annotations

import math

from autograd.ops.arguments import check_tensors
from autograd.ops.elementwise import abs, where
from autograd.ops.pooling import avg_pool1d, avg_pool2d, avg_pool3d, max_pool1d, max_pool2d, \
    max_pool3d, pool_tuple
from autograd.tensor import Tensor

__all__ = ["lp_pool1d", "lp_pool2d", "lp_pool3d"]

_POOLS = {1: (avg_pool1d, max_pool1d), 2: (avg_pool2d, max_pool2d), 3: (avg_pool3d, max_pool3d)}


def _lp_pool(input, norm_type, kernel_size, stride, ceil_mode: bool, dims: int,
             op: str) -> Tensor:
    check_tensors(op, input=input)
    avg_pool, max_pool = _POOLS[dims]
    if norm_type == math.inf:
        return max_pool(abs(input), kernel_size, stride, 0, 1, ceil_mode)
    if norm_type == -math.inf:
        return -max_pool(-abs(input), kernel_size, stride, 0, 1, ceil_mode)
    count = math.prod(pool_tuple(kernel_size, dims, "kernel_size", op))
    total = avg_pool(input ** norm_type, kernel_size, stride, 0, ceil_mode) * count
    return where(total != 0, total, 0.0) ** (1.0 / norm_type)


def lp_pool1d(input: Tensor, norm_type: float, kernel_size, stride=None,
              ceil_mode: bool = False) -> Tensor:
    """(Σ_window x^p)^(1/p) over windows of (N, C, L) or (C, L) input (p = norm_type; no
    padding; stride defaults to kernel_size)."""
    return _lp_pool(input, norm_type, kernel_size, stride, ceil_mode, 1, "lp_pool1d")


def lp_pool2d(input: Tensor, norm_type: float, kernel_size, stride=None,
              ceil_mode: bool = False) -> Tensor:
    """(Σ_window x^p)^(1/p) over kH x kW windows of (N, C, H, W) or (C, H, W) input.

    p = norm_type: 1 sums each window, 2 takes its Euclidean norm, inf its largest |x|.
    Where a window's sum of x^p is zero, so is the gradient (as PyTorch).
    """
    return _lp_pool(input, norm_type, kernel_size, stride, ceil_mode, 2, "lp_pool2d")


def lp_pool3d(input: Tensor, norm_type: float, kernel_size, stride=None,
              ceil_mode: bool = False) -> Tensor:
    """(Σ_window x^p)^(1/p) over kD x kH x kW windows of (N, C, D, H, W) or (C, D, H, W)
    input, as lp_pool2d."""
    return _lp_pool(input, norm_type, kernel_size, stride, ceil_mode, 3, "lp_pool3d")
