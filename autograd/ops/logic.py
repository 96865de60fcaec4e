"""Logic (no gradient): the bitwise ops behind & | ^ ~ on bool and integer tensors, the
logical ops on any dtype, and the float tests isnan isinf isfinite isposinf isneginf signbit.

Bitwise ops promote as arithmetic does (a bool mask & an int tensor is int64) and refuse
floating-point operands, as PyTorch; logical ops and the tests return bool tensors.
"""
from __future__ import annotations

import numpy as np

from autograd.ops.arguments import TENSOR_LIKE, broadcast_error, not_a_tensor
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
    try:
        return Tensor._make(np.asarray(ufunc(a, b)))
    except ValueError as error:
        raise broadcast_error(name, a, b, error) from None


def bitwise_and(input, other) -> Tensor:
    """input & other: logical and of bools, bitwise and of integers."""
    if not (isinstance(input, TENSOR_LIKE) and isinstance(other, TENSOR_LIKE)):
        raise not_a_tensor("bitwise_and", input=input, other=other)
    return _bitwise(np.bitwise_and, "bitwise_and (&)", input, other)


def bitwise_or(input, other) -> Tensor:
    """input | other: logical or of bools, bitwise or of integers."""
    if not (isinstance(input, TENSOR_LIKE) and isinstance(other, TENSOR_LIKE)):
        raise not_a_tensor("bitwise_or", input=input, other=other)
    return _bitwise(np.bitwise_or, "bitwise_or (|)", input, other)


def bitwise_xor(input, other) -> Tensor:
    """input ^ other: exclusive or, logical for bools, bitwise for integers."""
    if not (isinstance(input, TENSOR_LIKE) and isinstance(other, TENSOR_LIKE)):
        raise not_a_tensor("bitwise_xor", input=input, other=other)
    return _bitwise(np.bitwise_xor, "bitwise_xor (^)", input, other)


def bitwise_not(input) -> Tensor:
    """~input: logical not of bools, bitwise not (-x - 1) of integers."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("bitwise_not", input=input)
    a = operand(input)
    require_integral(a, a, "bitwise_not (~)")
    return Tensor._make(np.asarray(np.invert(a)))


def _logical(ufunc, input, other) -> Tensor:
    a, b = operand(input), operand(other)
    try:
        return Tensor._make(np.asarray(ufunc(a, b)))
    except ValueError as error:
        raise broadcast_error(ufunc.__name__, a, b, error) from None


def logical_and(input, other) -> Tensor:
    """True where both are nonzero."""
    if not (isinstance(input, TENSOR_LIKE) and isinstance(other, TENSOR_LIKE)):
        raise not_a_tensor("logical_and", input=input, other=other)
    return _logical(np.logical_and, input, other)


def logical_or(input, other) -> Tensor:
    """True where either is nonzero."""
    if not (isinstance(input, TENSOR_LIKE) and isinstance(other, TENSOR_LIKE)):
        raise not_a_tensor("logical_or", input=input, other=other)
    return _logical(np.logical_or, input, other)


def logical_xor(input, other) -> Tensor:
    """True where exactly one is nonzero."""
    if not (isinstance(input, TENSOR_LIKE) and isinstance(other, TENSOR_LIKE)):
        raise not_a_tensor("logical_xor", input=input, other=other)
    return _logical(np.logical_xor, input, other)


def logical_not(input) -> Tensor:
    """True where input is zero."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("logical_not", input=input)
    return Tensor._make(np.asarray(np.logical_not(operand(input))))


def _test(ufunc, input) -> Tensor:
    return Tensor._make(np.asarray(ufunc(operand(input))))


def isnan(input) -> Tensor:
    """True where input is NaN."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("isnan", input=input)
    return _test(np.isnan, input)


def isinf(input) -> Tensor:
    """True where input is +inf or -inf."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("isinf", input=input)
    return _test(np.isinf, input)


def isfinite(input) -> Tensor:
    """True where input is neither infinite nor NaN."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("isfinite", input=input)
    return _test(np.isfinite, input)


def isposinf(input) -> Tensor:
    """True where input is +inf."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("isposinf", input=input)
    return _test(np.isposinf, input)


def isneginf(input) -> Tensor:
    """True where input is -inf."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("isneginf", input=input)
    return _test(np.isneginf, input)


def signbit(input) -> Tensor:
    """True where the sign bit is set (also for -0.0)."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("signbit", input=input)
    return _test(np.signbit, input)
