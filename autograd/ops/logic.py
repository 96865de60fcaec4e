"""Logic (no gradient): the bitwise ops behind & | ^ ~ on bool and integer tensors, the
logical ops on any dtype, and the float tests isnan isinf isfinite isposinf isneginf signbit.

Bitwise ops promote as arithmetic does (a bool mask & an int tensor is int64) and refuse
floating-point operands, as PyTorch; logical ops and the tests return bool tensors.
"""
from __future__ import annotations

import numpy as np

from autograd.ops.dtypes import promote, require_integral
from autograd.tensor import Tensor

__all__ = ["bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_not", "logical_and",
           "logical_or", "logical_xor", "logical_not", "isnan", "isinf", "isfinite",
           "isposinf", "isneginf", "signbit", "operand"]


def operand(x):
    """The value an op computes with: a Tensor's array; a NumPy scalar as a Python number
    (PyTorch treats it as one); anything else as it is."""
    if isinstance(x, Tensor):
        return x._data
    return x.item() if isinstance(x, np.generic) else x


def _bitwise(ufunc, name: str, input, other) -> Tensor:
    a, b = promote(operand(input), operand(other))
    require_integral(a, b, name)
    return Tensor._make(np.asarray(ufunc(a, b)))


def bitwise_and(input, other) -> Tensor:
    """input & other: logical and of bools, bitwise and of integers."""
    return _bitwise(np.bitwise_and, "bitwise_and (&)", input, other)


def bitwise_or(input, other) -> Tensor:
    """input | other: logical or of bools, bitwise or of integers."""
    return _bitwise(np.bitwise_or, "bitwise_or (|)", input, other)


def bitwise_xor(input, other) -> Tensor:
    """input ^ other: exclusive or, logical for bools, bitwise for integers."""
    return _bitwise(np.bitwise_xor, "bitwise_xor (^)", input, other)


def bitwise_not(input) -> Tensor:
    """~input: logical not of bools, bitwise not (-x - 1) of integers."""
    a = operand(input)
    require_integral(a, a, "bitwise_not (~)")
    return Tensor._make(np.asarray(np.invert(a)))


def _logical(ufunc, input, other) -> Tensor:
    return Tensor._make(np.asarray(ufunc(operand(input), operand(other))))


def logical_and(input, other) -> Tensor:
    """True where both are nonzero."""
    return _logical(np.logical_and, input, other)


def logical_or(input, other) -> Tensor:
    """True where either is nonzero."""
    return _logical(np.logical_or, input, other)


def logical_xor(input, other) -> Tensor:
    """True where exactly one is nonzero."""
    return _logical(np.logical_xor, input, other)


def logical_not(input) -> Tensor:
    """True where input is zero."""
    return Tensor._make(np.asarray(np.logical_not(operand(input))))


def _test(ufunc, input) -> Tensor:
    return Tensor._make(np.asarray(ufunc(operand(input))))


def isnan(input) -> Tensor:
    """True where input is NaN."""
    return _test(np.isnan, input)


def isinf(input) -> Tensor:
    """True where input is +inf or -inf."""
    return _test(np.isinf, input)


def isfinite(input) -> Tensor:
    """True where input is neither infinite nor NaN."""
    return _test(np.isfinite, input)


def isposinf(input) -> Tensor:
    """True where input is +inf."""
    return _test(np.isposinf, input)


def isneginf(input) -> Tensor:
    """True where input is -inf."""
    return _test(np.isneginf, input)


def signbit(input) -> Tensor:
    """True where the sign bit is set (also for -0.0)."""
    return _test(np.signbit, input)
