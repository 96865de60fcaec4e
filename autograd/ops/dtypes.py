"""PyTorch's type promotion for the arrays an op's forward receives.

`torch.result_type` ranks operands in three classes: tensors with dims, 0-d tensors, and
Python numbers (a NumPy scalar passed to an op counts as a Python number: Function.apply
converts it). A lower class only decides the dtype when it is of a higher
category (bool < integer < floating < complex): float32 tensor + float64 0-d tensor stays
float32, int64 tensor + 2.5 becomes float32 (the default float dtype), int32 + int64 0-d
stays int32. Forward functions receive 0-d tensors as 0-d arrays and numbers as numbers.
"""
from __future__ import annotations

import numbers

import numpy as np

__all__ = ["result_type", "promote", "to_float", "DEFAULT_FLOAT"]

DEFAULT_FLOAT = np.dtype(np.float32)
_CATEGORY = {"b": 0, "u": 1, "i": 1, "f": 2, "c": 3}


def _number_dtype(value) -> np.dtype:
    """The dtype a Python/NumPy number takes part with: floats as the default float."""
    if isinstance(value, (bool, np.bool_)):
        return np.dtype(bool)
    if isinstance(value, numbers.Integral):
        return np.dtype(np.int64)
    if isinstance(value, numbers.Complex) and not isinstance(value, numbers.Real):
        return np.dtype(np.complex64)
    if isinstance(value, numbers.Real):
        return DEFAULT_FLOAT
    raise TypeError(f"expected a Tensor or a number, got {type(value).__name__}")


def _combine(higher, lower):
    """c10's combine_categories: the lower class counts only when of a higher category."""
    if higher is None:
        return lower
    if lower is None:
        return higher
    high, low = _CATEGORY[higher.kind], _CATEGORY[lower.kind]
    if high == 3:
        return higher
    if low == 3:
        return np.dtype(np.complex128 if higher == np.float64 else np.complex64) if high == 2 else lower
    if high == 2:
        return higher
    if high == 0 or low == 2:
        return np.promote_types(higher, lower)
    return higher


def result_type(*operands) -> np.dtype:
    """The dtype PyTorch gives an op on these operands (arrays, 0-d arrays, numbers)."""
    dims = zeros = numbers_ = None
    for x in operands:
        if x is None:
            continue
        if isinstance(x, (np.ndarray, np.generic)):  # NumPy scalars inside forward are 0-d results
            if x.ndim:
                dims = x.dtype if dims is None else np.promote_types(dims, x.dtype)
            else:
                zeros = x.dtype if zeros is None else np.promote_types(zeros, x.dtype)
        else:
            d = _number_dtype(x)
            numbers_ = d if numbers_ is None else np.promote_types(numbers_, d)
    return _combine(dims, _combine(zeros, numbers_))


def promote(a, b):
    """a and b converted so that NumPy computes in PyTorch's result dtype."""
    if a.__class__ is np.ndarray:
        if b.__class__ is np.ndarray:
            if a.dtype is b.dtype:
                return a, b
        elif (b.__class__ is float and a.dtype.kind == "f") or b.__class__ is int:
            return a, b  # NumPy's weak Python scalars keep the array's dtype, as PyTorch
    elif b.__class__ is np.ndarray and (
            (a.__class__ is float and b.dtype.kind == "f") or a.__class__ is int):
        return a, b
    dtype = result_type(a, b)
    if not isinstance(a, np.ndarray) and not isinstance(b, np.ndarray):
        return np.asarray(a, dtype), _cast(b, dtype)
    return _cast(a, dtype), _cast(b, dtype)


def _cast(x, dtype):
    if isinstance(x, (np.ndarray, np.generic)):
        return x if x.dtype == dtype else x.astype(dtype)
    if isinstance(x, float) and dtype.kind in "iub":
        return np.asarray(x, dtype)
    return x


def to_float(a):
    """An integer or bool array as the default float dtype (int.exp() is float32, as PyTorch)."""
    if a.__class__ is np.ndarray and a.dtype.kind in "fc":
        return a
    a = np.asarray(a)
    return a if a.dtype.kind in "fc" else a.astype(DEFAULT_FLOAT)
