"""Arithmetic: + - * / **, negation, square, reciprocal, with PyTorch's type promotion.

Each op: forward in NumPy beside backward, the derivatives as text in `derivatives`.
Gradients are written for the broadcast shape; the engine sums them back to each input's.
The rounded divisions (// % fmod, div with rounding_mode) live in rounding.py.
"""
from __future__ import annotations

import numpy as np

from autograd.function import NumpyFunction
from autograd.ops.arguments import TENSOR_LIKE, not_a_tensor
from autograd.ops.dtypes import promote, promote_float, result_type, to_float
from autograd.ops.rounding import div_rounded
from autograd.tensor import Tensor

__all__ = ["Add", "Sub", "Rsub", "Mul", "Div", "Neg", "Pow", "PowTensor", "PowNumberBase",
           "Square", "Cube", "Reciprocal", "power",
           "add", "sub", "rsub", "mul", "div", "true_divide", "neg", "square", "reciprocal",
           "float_power", "subtract", "multiply", "divide", "negative"]

_FLOATS = frozenset([np.dtype(np.float32), np.dtype(np.float64)])
_BOOL = np.dtype(bool)
_BOOL_SUB = ("Subtraction, the `-` operator, with {} is not supported. Use the `^` or "
             "`logical_xor()` operator instead, or `~` / `logical_not()` to invert a mask.")


class Add(NumpyFunction):
    """Sum of two tensors (or a tensor and a number)."""

    formula, derivatives = "a + b", ("1", "1")

    @staticmethod
    def forward(ctx, a, b):
        a, b = promote(a, b)
        return a + b

    @staticmethod
    def backward(ctx, grad):
        return grad, grad


class Sub(NumpyFunction):
    """Difference; refused for bool operands, as PyTorch."""

    formula, derivatives = "a - b", ("1", "-1")

    @staticmethod
    def forward(ctx, a, b):
        if a.__class__ is not np.ndarray or b.__class__ is not np.ndarray or \
                a.dtype is not b.dtype:
            if (a.dtype is _BOOL if a.__class__ is np.ndarray else a.__class__ is bool) or \
                    (b.dtype is _BOOL if b.__class__ is np.ndarray else b.__class__ is bool):
                raise RuntimeError(_BOOL_SUB.format("a bool tensor"))
            a, b = promote(a, b)
        try:
            return a - b
        except TypeError:  # NumPy refuses bool - bool
            raise RuntimeError(_BOOL_SUB.format("two bool tensors")) from None

    @staticmethod
    def backward(ctx, grad):
        return grad, (-grad if ctx.needs_input_grad[1] else None)


class Rsub(Sub):
    """number - tensor (PyTorch's rsub, node RsubBackward1)."""

    node_name = "RsubBackward1"


class Mul(NumpyFunction):
    """Elementwise product. Saves each factor only if the other one needs its gradient, so
    `z = 3*y; y += 1; z.backward()` works, as in PyTorch."""

    formula, derivatives = "a*b", ("b", "a")

    @staticmethod
    def forward(ctx, a, b):
        a, b = promote(a, b)
        need_a, need_b = ctx.needs_input_grad
        ctx.save_for_backward(b if need_a else None, a if need_b else None)
        return a * b

    @staticmethod
    def backward(ctx, grad):
        b, a = ctx.saved_tensors
        return (grad * b if b is not None else None), (grad * a if a is not None else None)


class Div(NumpyFunction):
    """True division (integers divide to the default float dtype, as PyTorch)."""

    formula, derivatives = "a/b", ("1/b", "-a/b**2")

    @staticmethod
    def forward(ctx, a, b):
        if a.__class__ is not np.ndarray or b.__class__ is not np.ndarray or \
                a.dtype != b.dtype or a.dtype.kind not in "fc":
            a, b = promote_float(a, b)
        ctx.save_for_backward(a if ctx.needs_input_grad[1] else None, b)
        return a / b

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        return (grad / b if need_a else None), (-grad * a / (b * b) if need_b else None)


class Neg(NumpyFunction):
    """Negation."""

    formula, derivatives = "-a", ("-1",)

    @staticmethod
    def forward(ctx, a):
        try:
            return -a
        except TypeError:  # NumPy refuses -bool
            raise RuntimeError("Negation, the `-` operator, on a bool tensor is not supported. "
                               "If you are trying to invert a mask, use the `~` or "
                               "`logical_not()` operator instead.") from None

    @staticmethod
    def backward(ctx, grad):
        return -grad


class Square(NumpyFunction):
    """a**2 of a float tensor, with one multiplication (`power` picks it)."""

    node_name = "PowBackward0"
    formula, derivatives = "a**2", ("2*a",)

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return a * a

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad * 2 * a


class Cube(NumpyFunction):
    """a**3 of a float tensor, with two multiplications (`power` picks it)."""

    node_name = "PowBackward0"
    formula, derivatives = "a**3", ("3*a**2",)

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return a * a * a

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad * 3 * (a * a)


class Pow(NumpyFunction):
    """Power a**b, b a number or a tensor. As PyTorch: df/da is 0 where b = 0; df/db is 0
    where a = 0 and b >= 0 (so 0**x has gradient 0 at x = 0); a negative base to a
    fractional power is nan; integers to negative integer powers are 0 except for bases 1
    and -1 (a Python int exponent < 0 is refused, as PyTorch)."""

    formula, derivatives = "a**b", ("where(b == 0, 0, b*a**(b - 1))",
                                    "where((a == 0) & (b >= 0), 0, a**b*log(a))")

    @staticmethod
    def forward(ctx, a, b):
        if _integral(a) and _integral(b):
            out = _integer_power(a, b)
        else:
            a, b = promote(a, b)
            out = np.power(a, b)
        need_a, need_b = ctx.needs_input_grad
        ctx.save_for_backward(a, b, out if need_b else None)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, b, out = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        grad_a = grad_b = None
        with np.errstate(divide="ignore", invalid="ignore"):
            if need_a:
                grad_a = np.where(np.equal(b, 0), 0.0, grad * (b * a ** (b - 1)))
            if need_b:
                zero_base = np.logical_and(np.equal(a, 0), np.greater_equal(b, 0))
                grad_b = grad * np.where(zero_base, 0.0, out * np.log(np.where(zero_base, 1, a)))
        return grad_a, grad_b


class PowTensor(Pow):
    """tensor ** tensor (PyTorch's PowBackward1)."""

    node_name = "PowBackward1"
    op_name = "Pow"


class PowNumberBase(Pow):
    """number ** tensor (PyTorch's PowBackward2)."""

    node_name = "PowBackward2"
    op_name = "Pow"


def _integral(x) -> bool:
    if isinstance(x, (np.ndarray, np.generic)):
        return x.dtype.kind in "biu"
    return isinstance(x, int)


def _integer_power(a, b):
    """a**b in PyTorch's integer dtype; a negative exponent gives 0, except 1 for base 1 and
    +-1 for base -1 (PyTorch's rule; NumPy refuses)."""
    dtype = result_type(a, b)
    if dtype == bool:
        if b.__class__ is bool:  # PyTorch's shortcuts: x**1 is x, x**0 is ones
            return np.array(a, copy=True) if b else np.ones_like(a)
        raise TypeError('"pow" is not implemented for bool tensors; convert them first, '
                        "e.g. x.long()")
    a, b = np.asarray(a, dtype), np.asarray(b, dtype)
    negative = np.less(b, 0)
    if not np.any(negative):
        return np.power(a, b)
    powers = np.power(a, np.where(negative, 0, b))
    odd = np.not_equal(np.remainder(b, 2), 0)
    inverse = np.where(np.equal(a, 1), 1, np.where(np.equal(a, -1), np.where(odd, -1, 1), 0))
    return np.where(negative, inverse, powers).astype(powers.dtype)


def power(input, exponent):
    """input**exponent; a float tensor squared or cubed takes one or two multiplications."""
    if not (isinstance(input, TENSOR_LIKE) and isinstance(exponent, TENSOR_LIKE)):
        raise not_a_tensor("power", input=input, exponent=exponent)
    if exponent.__class__ is int or exponent.__class__ is float:
        if input.__class__ is Tensor and input._data.dtype in _FLOATS:
            if exponent == 2:
                return Square.apply(input)
            if exponent == 3:
                return Cube.apply(input)
        elif exponent.__class__ is int and exponent < 0 and isinstance(input, Tensor) and \
                input._data.dtype.kind in "biu":
            raise RuntimeError("Integers to negative integer powers are not allowed.")
    if isinstance(exponent, Tensor):
        return (PowTensor if isinstance(input, Tensor) else PowNumberBase).apply(input, exponent)
    return Pow.apply(input, exponent)


def float_power(input, exponent):
    """input**exponent computed in float64, as torch.float_power."""
    if not (isinstance(input, TENSOR_LIKE) and isinstance(exponent, TENSOR_LIKE)):
        raise not_a_tensor("float_power", input=input, exponent=exponent)
    return power(_as_float64(input), _as_float64(exponent))


def _as_float64(x):
    if isinstance(x, Tensor):
        return x if x.dtype == np.float64 else x.to(np.float64)
    return float(x)


def add(input, other, *, alpha=1):
    """input + alpha * other."""
    if not (isinstance(input, TENSOR_LIKE) and isinstance(other, TENSOR_LIKE)):
        raise not_a_tensor("add", input=input, other=other)
    return Add.apply(input, other if alpha == 1 and alpha.__class__ is int else
                     _scaled(input, other, alpha, "add"))


def sub(input, other, *, alpha=1):
    """input - alpha * other."""
    if not (isinstance(input, TENSOR_LIKE) and isinstance(other, TENSOR_LIKE)):
        raise not_a_tensor("sub", input=input, other=other)
    return Sub.apply(input, other if alpha == 1 and alpha.__class__ is int else
                     _scaled(input, other, alpha, "sub"))


def rsub(input, other, *, alpha=1):
    """other - alpha * input (torch.rsub)."""
    if not (isinstance(input, TENSOR_LIKE) and isinstance(other, TENSOR_LIKE)):
        raise not_a_tensor("rsub", input=input, other=other)
    if isinstance(other, Tensor):
        return sub(other, input, alpha=alpha)
    return Rsub.apply(other, input if alpha == 1 and alpha.__class__ is int else
                      _scaled(other, input, alpha, "rsub"))


def _scaled(input, other, alpha, name: str):
    """alpha * other, checking alpha against the result dtype as PyTorch does."""
    dtype = result_type(input, other)
    if dtype.kind in "biu" and isinstance(alpha, float):
        raise RuntimeError(f"{name}: for integral input tensors, argument alpha must not be a "
                           "floating point number.")
    if dtype.kind != "b" and isinstance(alpha, bool):
        raise RuntimeError(f"{name}: boolean alpha only supported for boolean results.")
    if dtype.kind == "b":
        return other if alpha else other & False
    return Mul.apply(other, alpha) if isinstance(other, Tensor) else other * alpha


def mul(input, other):
    """input * other elementwise."""
    if not (isinstance(input, TENSOR_LIKE) and isinstance(other, TENSOR_LIKE)):
        raise not_a_tensor("mul", input=input, other=other)
    return Mul.apply(input, other)


def div(input, other, *, rounding_mode=None):
    """input / other; rounding_mode 'trunc' or 'floor' rounds the quotient (no gradient)."""
    if not (isinstance(input, TENSOR_LIKE) and isinstance(other, TENSOR_LIKE)):
        raise not_a_tensor("div", input=input, other=other)
    if rounding_mode is None:
        return Div.apply(input, other)
    return div_rounded(input, other, rounding_mode)


def true_divide(input, other):
    """input / other, never rounded."""
    if not (isinstance(input, TENSOR_LIKE) and isinstance(other, TENSOR_LIKE)):
        raise not_a_tensor("true_divide", input=input, other=other)
    return Div.apply(input, other)


def neg(input):
    """-input."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("neg", input=input)
    return Neg.apply(input)


subtract, multiply, divide, negative = sub, mul, div, neg  # NumPy-style aliases, as PyTorch


def square(input):
    """input**2 (a bool or integer tensor stays integral, as PyTorch)."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("square", input=input)
    return power(input, 2)


class Reciprocal(NumpyFunction):
    """1/a (integers give the default float dtype)."""

    formula, derivatives = "1/a", ("-1/a**2",)

    @staticmethod
    def forward(ctx, a):
        out = np.reciprocal(to_float(a))
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return -grad * (out * out)


def reciprocal(input):
    """1/input elementwise."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("reciprocal", input=input)
    return Reciprocal.apply(input)
