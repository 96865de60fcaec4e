"""Evenly spaced values: arange, linspace, logspace, computed as PyTorch's CPU kernels compute
them, so the float32 results are bit for bit PyTorch's (NumPy's own arange and linspace round
differently in about a fifth of the elements).

- arange: n = ceil((end - start) / step) values. PyTorch's kernel writes blocks of two
  256-bit vectors (8 float32 or 4 float64 lanes each): a block starts at
  base = start + step·i (one fused multiply-add in float64, rounded to the dtype) and lane k
  holds base + k·step (again one FMA); the elements after the last whole block are
  start + step·i. This is what one thread computes (as in tests with
  torch.set_num_threads(1)); PyTorch with several threads restarts the blocks at each
  thread's first element for more than 32768 elements.
- linspace: step = (end - start) / (steps - 1) in the dtype; the first half counts up from
  start (start + step·i), the second half down from end (end - step·(steps - 1 - i)), one FMA
  each, in the dtype (float64 for integer dtypes, then truncated).
- logspace: base ** (the linspace exponents computed in float64, without FMA).
"""
from __future__ import annotations

import math
import numbers

import numpy as np

from autograd.devices import check_device
from autograd.dtype_names import check_dtype
from autograd.factories import new_leaf
from autograd.fma import fma32, fma64
from autograd.tensor import DEFAULT_DTYPE, Tensor

__all__ = ["arange", "linspace", "logspace"]

_LANES = {np.dtype(np.float32): 8, np.dtype(np.float64): 4}  # per 256-bit vector


def _number(value, name: str, what: str):
    """A Python number from a number or a one-element Tensor."""
    if isinstance(value, Tensor):
        if value.numel() != 1:
            raise RuntimeError(f"{what}: {name} must be a number or a 0-d tensor, got a tensor "
                               f"of shape {tuple(value.shape)}")
        value = value.item()
    if isinstance(value, np.generic):
        value = value.item()
    if not isinstance(value, numbers.Number) or isinstance(value, complex):
        raise TypeError(f"{what}: {name} must be a real number, got {type(value).__name__}")
    return value


def arange(start, end=None, step=1, *, dtype=None, device=None,
           requires_grad: bool = False) -> Tensor:
    """Values from start (inclusive) to end (exclusive) by step: `arange(5)`,
    `arange(1, 5)`, `arange(0, 1, 0.1)`. int64 when all arguments are ints, else float32.
    Shape: (ceil((end - start) / step),)."""
    check_device(device, "arange")
    if end is None:
        start, end = 0, start
    start, end, step = (_number(v, n, "arange") for v, n in
                        ((start, "start"), (end, "end"), (step, "step")))
    if dtype is None:
        integral = all(isinstance(v, numbers.Integral) for v in (start, end, step))
        dtype = np.dtype(np.int64) if integral else DEFAULT_DTYPE
    dtype = check_dtype(dtype, "arange")
    if dtype.kind in "iub":
        start, end, step = int(start), int(end), int(step)
    if step == 0:
        raise RuntimeError("step must be nonzero")
    if not (math.isfinite(start) and math.isfinite(end)):
        raise RuntimeError(f"unsupported range: {start} -> {end}")
    if (step > 0 and end < start) or (step < 0 and end > start):
        raise RuntimeError("upper bound and lower bound inconsistent with step sign")
    if dtype.kind in "iub":
        return new_leaf(np.arange(start, end, step, dtype=np.int64).astype(dtype), requires_grad)
    count = math.ceil((float(end) - float(start)) / float(step))
    return new_leaf(_float_arange(float(start), float(step), count, dtype), requires_grad)


def _float_arange(start: float, step: float, count: int, dtype: np.dtype) -> np.ndarray:
    """PyTorch's float arange: blocks of 2 vectors from an FMA base, the rest from start."""
    index = np.arange(count, dtype=np.float64)
    values = fma64(step, index, start).astype(dtype)  # start + step·i, rounded once
    lanes = _LANES.get(dtype)
    if lanes is None:  # complex: no vectorised path to follow
        return values
    blocks = count // (2 * lanes) * 2
    if blocks:
        bases = values[:blocks * lanes:lanes].astype(np.float64)
        offsets = np.arange(lanes, dtype=np.float64)
        block_values = fma64(offsets[None, :], step, bases[:, None])
        values[:blocks * lanes] = block_values.astype(dtype).ravel()
    return values


def _steps(steps, what: str) -> int:
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)):
        raise TypeError(f"{what}(): argument 'steps' must be int, not {type(steps).__name__}")
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")
    return int(steps)


def linspace(start, end, steps: int, *, dtype=None, device=None,
             requires_grad: bool = False) -> Tensor:
    """`steps` evenly spaced values from start to end, both included (float32 by default,
    whatever the arguments). Shape: (steps,)."""
    check_device(device, "linspace")
    start, end = _number(start, "start", "linspace"), _number(end, "end", "linspace")
    steps = _steps(steps, "linspace")
    dtype = DEFAULT_DTYPE if dtype is None else check_dtype(dtype, "linspace")
    if steps <= 1:
        return new_leaf(np.full(steps, start, dtype=dtype), requires_grad)
    if dtype.kind in "iub":
        first, last = float(int(start)), float(int(end))
        step = (last - first) / (steps - 1)
        values = _two_halves(np.float64(first), np.float64(last), np.float64(step), steps,
                             np.dtype(np.float64), fma64)
        return new_leaf(np.trunc(values).astype(dtype), requires_grad)
    if dtype.kind == "c":
        return new_leaf(np.linspace(start, end, steps).astype(dtype), requires_grad)
    first, last = dtype.type(start), dtype.type(end)
    step = (last - first) / dtype.type(steps - 1)
    fma = fma32 if dtype == np.float32 else fma64
    return new_leaf(_two_halves(first, last, step, steps, dtype, fma), requires_grad)


def _two_halves(first, last, step, steps: int, dtype: np.dtype, fma) -> np.ndarray:
    """first + step·i for the first half, last - step·(steps - 1 - i) for the second."""
    half = steps // 2
    up = fma(np.full(half, step, dtype), np.arange(half).astype(dtype), first)
    down = fma(np.full(steps - half, -step, dtype),
               np.arange(steps - half - 1, -1, -1).astype(dtype), last)
    return np.concatenate([up, down]).astype(dtype)


def logspace(start, end, steps: int, base: float = 10.0, *, dtype=None, device=None,
             requires_grad: bool = False) -> Tensor:
    """`steps` values base**x for x evenly spaced from start to end (float32 by default).
    Shape: (steps,)."""
    check_device(device, "logspace")
    start, end = _number(start, "start", "logspace"), _number(end, "end", "logspace")
    steps = _steps(steps, "logspace")
    dtype = DEFAULT_DTYPE if dtype is None else check_dtype(dtype, "logspace")
    base = float(_number(base, "base", "logspace"))
    if steps <= 1:
        return new_leaf(np.full(steps, base ** float(start)).astype(dtype), requires_grad)
    if dtype.kind == "c":
        return new_leaf(np.logspace(start, end, steps, base=base).astype(dtype), requires_grad)
    cast = (lambda v: float(int(v))) if dtype.kind in "iub" else (lambda v: float(dtype.type(v)))
    first, last = cast(start), cast(end)
    step = float(dtype.type(end) - dtype.type(start)) if dtype.kind == "f" else last - first
    step /= steps - 1
    half = steps // 2
    exponents = [first + step * i if i < half else last - step * (steps - i - 1)
                 for i in range(steps)]
    powers = np.array([base ** x for x in exponents])
    if dtype.kind in "iub":
        powers = np.trunc(powers)
    return new_leaf(powers.astype(dtype), requires_grad)
