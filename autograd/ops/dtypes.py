"""PyTorch's type promotion for the arrays an op's forward receives.

`torch.result_type` ranks operands in three classes: tensors with dims, 0-d tensors, and
Python numbers (a NumPy scalar passed to an op counts as a Python number: Function.apply
converts it). A lower class only decides the dtype when it is of a higher category
(bool < integer < floating < complex): float32 tensor + float64 0-d tensor stays float32,
int64 tensor + 2.5 becomes float32 (the default float dtype), int32 + int64 0-d stays int32.
Within a class dtypes combine by `promote_types`, which differs from NumPy's in one rule: an
integer with a float gives that float (int64 with float32 is float32, not float64).
Forward functions receive 0-d tensors as 0-d arrays and numbers as numbers.
"""
from __future__ import annotations

import math
import numbers

import numpy as np

from autograd.arrays import DEFAULT_DTYPE
from autograd.dtype_names import check_dtype

__all__ = ["result_type", "promote_types", "can_cast", "promote", "promote_float", "to_float",
           "require_float", "require_integral", "fitted", "DEFAULT_FLOAT", "DEFAULT_COMPLEX"]

DEFAULT_FLOAT = DEFAULT_DTYPE  # float32, as PyTorch's default
DEFAULT_COMPLEX = np.dtype(np.complex64)
_CATEGORY = {"b": 0, "u": 1, "i": 1, "f": 2, "c": 3}
_COMPLEX_OF = {np.dtype(np.float32): DEFAULT_COMPLEX,
               np.dtype(np.float64): np.dtype(np.complex128)}


def promote_types(type1, type2) -> np.dtype:
    """torch.promote_types: the smallest dtype both convert to (int64, float32 -> float32)."""
    type1, type2 = _dtype(type1, "promote_types"), _dtype(type2, "promote_types")
    if type1 == type2:
        return type1
    category1, category2 = _CATEGORY[type1.kind], _CATEGORY[type2.kind]
    if category1 < 2 <= category2:
        return type2
    if category2 < 2 <= category1:
        return type1
    return np.promote_types(type1, type2)


def can_cast(from_, to) -> bool:
    """torch.can_cast: False only from floating to integral or bool, complex to real, and
    non-bool to bool."""
    return bool(np.can_cast(_dtype(from_, "can_cast"), _dtype(to, "can_cast"),
                            casting="same_kind"))


def _dtype(value, what: str) -> np.dtype:
    """A dtype as NumPy's: as it is when it already is one (the ops' own calls), else checked
    (a user's torch.float32, or a mistake)."""
    return value if isinstance(value, np.dtype) else check_dtype(value, what)


def _number_dtype(value) -> np.dtype:
    """The dtype a Python/NumPy number takes part with: floats as the default float."""
    if isinstance(value, (bool, np.bool_)):
        return np.dtype(bool)
    if isinstance(value, numbers.Integral):
        return np.dtype(np.int64)
    if isinstance(value, numbers.Real):
        return DEFAULT_FLOAT
    if isinstance(value, numbers.Complex):
        return DEFAULT_COMPLEX
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
        return _COMPLEX_OF[higher] if high == 2 else lower
    if high == 2:
        return higher
    if high == 0 or low == 2:
        return promote_types(higher, lower)
    return higher


def result_type(*operands) -> np.dtype:
    """The dtype PyTorch gives an op on these operands: Tensors or arrays (by their rank) and
    numbers, NumPy scalars included (as in PyTorch); None is skipped."""
    dims = zeros = numbers_ = None
    for x in operands:
        if x is None:
            continue
        x = getattr(x, "_data", x)  # a Tensor: its array
        if isinstance(x, np.ndarray):
            if x.ndim:
                dims = x.dtype if dims is None else promote_types(dims, x.dtype)
            else:
                zeros = x.dtype if zeros is None else promote_types(zeros, x.dtype)
        else:
            d = _number_dtype(x)
            numbers_ = d if numbers_ is None else promote_types(numbers_, d)
    if dims is None and zeros is None and numbers_ is None:
        raise TypeError("result_type needs at least one Tensor or number")
    return _combine(dims, _combine(zeros, numbers_))


def promote(a, b):
    """a and b converted so that NumPy computes in PyTorch's result dtype. NumPy keeps an
    array's dtype against a Python number of its category or below (a weak scalar), so the
    common cases need no conversion."""
    if a.__class__ is np.ndarray:
        if b.__class__ is np.ndarray:
            if a.dtype is b.dtype or a.dtype == b.dtype:
                return a, b
        elif b.__class__ is float and a.dtype.kind in "fc" or \
                b.__class__ is int and a.dtype.kind in "fcib":
            return a, b
    elif b.__class__ is np.ndarray and (a.__class__ is float and b.dtype.kind in "fc" or
                                        a.__class__ is int and b.dtype.kind in "fcib"):
        return a, b
    dtype = result_type(a, b)
    if not isinstance(a, np.ndarray) and not isinstance(b, np.ndarray):
        return np.asarray(a, dtype), _cast(b, dtype)
    return _cast(a, dtype), _cast(b, dtype)


def promote_float(a, b):
    """promote(a, b), then integers and bools as the default float (true division, atan2)."""
    a, b = promote(a, b)
    dtype = a.dtype if isinstance(a, (np.ndarray, np.generic)) else b.dtype  # the result's
    if dtype.kind in "biu":
        return to_float(a), to_float(b)
    return a, b


def _cast(x, dtype):
    if isinstance(x, (np.ndarray, np.generic)):
        return x if x.dtype == dtype else x.astype(dtype)
    return x  # a Python number: NumPy treats it as weak, so the array's dtype wins


def to_float(a):
    """An integer or bool array as the default float dtype (int.exp() is float32, as PyTorch)."""
    if a.__class__ is np.ndarray and a.dtype.kind in "fc":
        return a
    a = np.asarray(a)
    return a if a.dtype.kind in "fc" else a.astype(DEFAULT_FLOAT)


def require_float(a, op: str):
    """a itself if it is floating point; else the TypeError PyTorch raises (it computes this
    op for floating-point tensors only)."""
    dtype = np.asarray(a).dtype
    if dtype.kind not in "fc":
        raise TypeError(f"{op}: expected a floating point tensor, got {dtype}; convert it "
                        "first, e.g. x.float()")
    return a


def require_integral(a, b, op: str) -> None:
    """The TypeError PyTorch raises when a bitwise op meets a floating-point operand."""
    for x in (a, b):
        if np.asarray(x).dtype.kind not in "biu":
            raise TypeError(f"{op} is only defined for integer and bool tensors, got "
                            f"{np.asarray(x).dtype}")


_C_NAMES = {"int64": "int64_t", "int32": "int", "int16": "int16_t", "int8": "int8_t",
            "uint8": "uint8_t", "float32": "float", "float64": "double"}


def fitted(value, dtype):
    """`value` as written into a tensor of `dtype` (by full, fill_, masked_fill), or the error
    PyTorch raises where it does not fit, instead of NumPy's silent wrap-around or garbage.
    An integer dtype takes finite values in its range (an unsigned one also -max..-1, which
    wrap around as in C); float32 takes finite values up to its largest; inf and NaN fit any
    float; a complex number fits a real dtype when its imaginary part is 0."""
    dtype = np.dtype(dtype)
    if isinstance(value, (bool, np.bool_)) or dtype.kind in "bc":
        return value
    if isinstance(value, (int, np.integer)) and not -2**63 <= value < 2**64:
        raise OverflowError("int too big to convert")
    overflow = RuntimeError(f"value cannot be converted to type "
                            f"{_C_NAMES.get(dtype.name, dtype.name)} without overflow")
    if isinstance(value, (complex, np.complexfloating)):
        if value.imag:
            raise overflow
        value = value.real
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        wraps = dtype.kind == "u" and isinstance(value, (int, np.integer))
        if not (-info.max if wraps else info.min) <= value <= info.max:  # NaN fails too
            raise overflow
        return value + info.max + 1 if value < 0 and dtype.kind == "u" else value
    if math.isfinite(value) and abs(value) > float(np.finfo(dtype).max):
        raise overflow
    return value
