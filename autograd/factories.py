"""Tensor factories: tensor, zeros, ones, full, arange, eye, rand, randn, *_like."""
from __future__ import annotations

import numpy as np

from autograd.random import default_generator
from autograd.tensor import DEFAULT_DTYPE, Tensor

__all__ = ["tensor", "zeros", "ones", "full", "arange", "eye", "rand", "randn", "zeros_like",
           "ones_like"]


def _size(size: tuple) -> tuple:
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        size = tuple(size[0])
    if any(not isinstance(n, (int, np.integer)) or n < 0 for n in size):
        raise ValueError(f"sizes must be non-negative integers, got {size}")
    return tuple(int(n) for n in size)


def _dtype(dtype) -> np.dtype:
    return DEFAULT_DTYPE if dtype is None else np.dtype(dtype)


def tensor(data, dtype=None, requires_grad: bool = False, name: str | None = None) -> Tensor:
    """A new leaf tensor holding a copy of `data` (Python floats become float32)."""
    return Tensor(data, requires_grad=requires_grad, dtype=dtype, name=name)


def zeros(*size, dtype=None, requires_grad: bool = False) -> Tensor:
    """Tensor of zeros with the given shape."""
    return Tensor(np.zeros(_size(size), dtype=_dtype(dtype)), requires_grad=requires_grad)


def ones(*size, dtype=None, requires_grad: bool = False) -> Tensor:
    """Tensor of ones with the given shape."""
    return Tensor(np.ones(_size(size), dtype=_dtype(dtype)), requires_grad=requires_grad)


def full(size, fill_value, dtype=None, requires_grad: bool = False) -> Tensor:
    """Tensor of the given shape filled with `fill_value`."""
    size = (size,) if isinstance(size, int) else tuple(size)
    return Tensor(np.full(_size(size), fill_value, dtype=_dtype(dtype)), requires_grad=requires_grad)


def arange(start, end=None, step=1, dtype=None, requires_grad: bool = False) -> Tensor:
    """Values from start (inclusive) to end (exclusive); int64 for integer arguments."""
    if end is None:
        start, end = 0, start
    values = np.arange(start, end, step)
    if dtype is None and values.dtype == np.float64:
        values = values.astype(DEFAULT_DTYPE)
    return Tensor(values, requires_grad=requires_grad, dtype=dtype)


def eye(n: int, m: int | None = None, dtype=None, requires_grad: bool = False) -> Tensor:
    """Identity matrix of shape (n, m)."""
    return Tensor(np.eye(n, m, dtype=_dtype(dtype)), requires_grad=requires_grad)


def rand(*size, dtype=None, requires_grad: bool = False) -> Tensor:
    """Uniform samples in [0, 1), from the generator seeded by `manual_seed`."""
    values = default_generator().random(_size(size))
    return Tensor(values.astype(_dtype(dtype)), requires_grad=requires_grad)


def randn(*size, dtype=None, requires_grad: bool = False) -> Tensor:
    """Standard normal samples, from the generator seeded by `manual_seed`."""
    values = default_generator().standard_normal(_size(size))
    return Tensor(values.astype(_dtype(dtype)), requires_grad=requires_grad)


def zeros_like(t: Tensor, dtype=None, requires_grad: bool = False) -> Tensor:
    """Zeros with t's shape and dtype."""
    return Tensor(np.zeros(t.shape, dtype=t.dtype if dtype is None else dtype), requires_grad=requires_grad)


def ones_like(t: Tensor, dtype=None, requires_grad: bool = False) -> Tensor:
    """Ones with t's shape and dtype."""
    return Tensor(np.ones(t.shape, dtype=t.dtype if dtype is None else dtype), requires_grad=requires_grad)
