"""Elementwise maths of two tensors not grouped elsewhere: hypot, copysign, xlogy, ldexp, and
the two without a gradient, nextafter and heaviside.

As PyTorch: copysign, xlogy and ldexp compute integers in the default float dtype; hypot and
nextafter take floating-point tensors only (a TypeError otherwise, as our other float-only
ops; PyTorch's is a NotImplementedError); heaviside wants both tensors of one dtype.
nextafter and heaviside are steps (no derivative): their results never require grad.
"""
from __future__ import annotations

import numpy as np

from autograd.function import NumpyFunction
from autograd.ops.arguments import TENSOR_LIKE, broadcast_error, not_a_tensor
from autograd.ops.arithmetic import Mul, power
from autograd.ops.conversion import to_dtype
from autograd.ops.dtypes import DEFAULT_FLOAT, promote, promote_float, result_type
from autograd.ops.logic import operand
from autograd.tensor import Tensor

__all__ = ["Hypot", "Copysign", "CopysignNumber", "Ldexp", "Xlogy", "hypot", "copysign", "xlogy",
           "ldexp", "nextafter", "heaviside"]


def _float_pair(a, b, op: str):
    """a and b promoted; an error when the result dtype is not floating point (PyTorch
    computes these for floating-point tensors only)."""
    a, b = promote(a, b)
    dtype = np.result_type(a, b)
    if dtype.kind != "f":
        raise TypeError(f"{op}: expected floating point tensors, got {dtype}; convert them "
                        "first, e.g. x.float()")
    return a, b


class Hypot(NumpyFunction):
    """sqrt(a**2 + b**2) without overflow; d/da = a/out, d/db = b/out."""

    formula, derivatives = "sqrt(a**2 + b**2)", ("a/out", "b/out")

    @staticmethod
    def forward(ctx, a, b):
        a, b = _float_pair(a, b, "hypot")
        out = np.hypot(a, b)
        ctx.save_for_backward(a, b, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, b, out = ctx.saved_tensors
        if isinstance(a, Tensor) or isinstance(b, Tensor):  # create_graph: out as an op of a, b
            out = Hypot.compute(a, b)
        need_a, need_b = ctx.needs_input_grad
        scaled = grad / out
        return scaled * a if need_a else None, scaled * b if need_b else None


class Copysign(NumpyFunction):
    """|a| with the sign of b; d/da = out/a = sign(a)*sign(out) (0 where a is 0, as
    PyTorch), d/db = 0."""

    formula, derivatives = "copysign(a, b)", ("sign(a)*sign(out)", "0*b")

    @staticmethod
    def forward(ctx, a, b):
        a, b = promote_float(a, b)
        out = np.copysign(a, b)
        if ctx.needs_input_grad[0]:
            ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        need_a, need_b = ctx.needs_input_grad
        grad_a = None
        if need_a:
            a, out = ctx.saved_tensors
            grad_a = grad * (np.sign(a) * np.sign(out))
        return grad_a, grad * 0 if need_b else None


def x_times_log(ctx, a, b, log):
    """a*log(b) with 0 where a is 0 (unless b is NaN), in the promoted float dtype; the
    forward of Xlogy (log) and Xlog1py (log1p), which save a and b."""
    a, b = promote_float(a, b)
    ctx.save_for_backward(a, b)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where((a == 0) & ~np.isnan(b), 0, a * log(b)).astype(
            np.result_type(a, b), copy=False)


class Xlogy(NumpyFunction):
    """a*log(b), and 0 where a is 0 (unless b is NaN), as scipy's xlogy;
    d/da = log(b) where a != 0 (else 0), d/db = a/b."""

    formula = "where((a == 0) & (b == b), 0, a*log(b))"
    derivatives = ("where(a == 0, 0, log(b))", "a/b")

    @staticmethod
    def forward(ctx, a, b):
        return x_times_log(ctx, a, b, np.log)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        with np.errstate(divide="ignore", invalid="ignore"):
            grad_a = np.where(a == 0, 0, grad * np.log(b)) if need_a else None
            grad_b = grad * a / b if need_b else None
        return grad_a, grad_b


class CopysignNumber(Copysign):
    """copysign(tensor, number) (PyTorch's CopysignBackward1)."""

    node_name = "CopysignBackward1"
    op_name = "Copysign"


class Ldexp(Mul):
    """ldexp(a, e) = a * 2**e: the product of a and pow(2, e) (PyTorch's LdexpBackward0)."""

    op_name = "Mul"


def _check_pair(name: str, input, other) -> None:
    if not (isinstance(input, TENSOR_LIKE) and isinstance(other, TENSOR_LIKE)):
        raise not_a_tensor(name, input=input, other=other)


def hypot(input, other):
    """sqrt(input**2 + other**2) elementwise (floating-point tensors)."""
    _check_pair("hypot", input, other)
    return Hypot.apply(input, other)


def copysign(input, other):
    """|input| with the sign of other, elementwise (integers give the default float)."""
    _check_pair("copysign", input, other)
    return (Copysign if isinstance(other, Tensor) else CopysignNumber).apply(input, other)


def xlogy(input, other):
    """input * log(other) elementwise, 0 where input is 0 (integers give the default float)."""
    _check_pair("xlogy", input, other)
    return Xlogy.apply(input, other)


def ldexp(input, other):
    """input * 2**other elementwise, in the promoted dtype of the two (integers give the
    default float): input * pow(2.0, other), as PyTorch computes it."""
    _check_pair("ldexp", input, other)
    dtype = result_type(input, other)
    if dtype.kind != "f":
        dtype = DEFAULT_FLOAT
    elif getattr(other, "dtype", None) == bool:
        raise TypeError("ldexp: a bool exponent is not supported for a floating-point result "
                        "(as in PyTorch); convert it first, e.g. other.int()")
    input, other = (to_dtype(x, dtype) if isinstance(x, Tensor) else x for x in (input, other))
    return Ldexp.apply(input, power(2.0, other))


def _no_grad_pair(name: str, input, other, other_name: str = "other"):
    """The arrays of two operands (at least one a tensor), as `np` computes with them."""
    if not (isinstance(input, TENSOR_LIKE) and isinstance(other, TENSOR_LIKE)):
        raise not_a_tensor(name, **{"input": input, other_name: other})
    if not (isinstance(input, Tensor) or isinstance(other, Tensor)):
        raise TypeError(f"{name}(): at least one argument must be a Tensor")
    return operand(input), operand(other)


def nextafter(input, other):
    """The next floating-point value after input in the direction of other (no gradient)."""
    a, b = _float_pair(*_no_grad_pair("nextafter", input, other), "nextafter")
    try:
        return Tensor._make(np.asarray(np.nextafter(a, b)))
    except ValueError as error:
        raise broadcast_error("nextafter", a, b, error) from None


def heaviside(input, values):
    """The step function: 0 where input < 0, values where input == 0, 1 where input > 0 (no
    gradient; input and values of one dtype)."""
    a, b = _no_grad_pair("heaviside", input, values, "values")
    a, b = np.asarray(a), np.asarray(b)
    if a.dtype != b.dtype:
        raise RuntimeError("heaviside is not yet implemented for tensors with different "
                           f"dtypes (got {a.dtype} and {b.dtype})")
    if a.dtype.kind == "c":
        raise TypeError("heaviside is not yet implemented for complex tensors.")
    try:
        return Tensor._make(np.asarray(np.where(a == 0, b, a > 0).astype(a.dtype)))
    except ValueError as error:
        raise broadcast_error("heaviside", a, b, error) from None
