"""torch.special's functions that are short NumPy expressions: logit, sinc, xlog1py, entr.

    logit(x) = log(x/(1-x)) (x clamped to [eps, 1-eps] first when eps is given);
        derivative 1/(x(1-x)) inside, nan outside [0, 1] (0 outside [eps, 1-eps] with eps)
    sinc(x) = sin(pi x)/(pi x), 1 at 0;  derivative (cos(pi x) - sinc(x))/x, 0 at 0
    xlog1py(x, y) = x log1p(y), 0 where x is 0 (unless y is nan);
        d/dx = log1p(y) (0 where x = 0 and y <= -1),  d/dy = x/(1+y)
    entr(x) = -x log x (0 at 0, -inf below);  derivative -(log x + 1)
"""
from __future__ import annotations

import numpy as np

from autograd.function import NumpyFunction
from autograd.ops.arguments import TENSOR_LIKE, not_a_tensor
from autograd.ops.binary_math import x_times_log
from autograd.ops.dtypes import to_float

__all__ = ["Logit", "Sinc", "Xlog1py", "Entr", "logit", "sinc", "xlog1py", "entr"]


class Logit(NumpyFunction):
    """log(a/(1-a)) of a clamped to [low, high]; derivative 1/(a(1-a)) inside, `outside`
    elsewhere (nan without eps, 0 with it)."""

    formula = "log(a/(1 - a))"
    derivatives = ("where(between(a, low, high), 1/(a*(1 - a)), outside)", None)

    @staticmethod
    def forward(ctx, a, eps):
        a = to_float(a)
        ctx.low, ctx.high = (0.0, 1.0) if eps is None else (eps, 1 - eps)
        ctx.outside = np.nan if eps is None else 0.0
        ctx.save_for_backward(a)
        x = a if eps is None else np.clip(a, ctx.low, ctx.high)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.log(x / (1 - x)).astype(a.dtype, copy=False)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        inside = (a >= ctx.low) & (a <= ctx.high)
        return np.where(inside, grad / (a * (1 - a)), ctx.outside), None


class Sinc(NumpyFunction):
    """sin(pi a)/(pi a), 1 at 0; derivative (cos(pi a) - sinc(a))/a, 0 at 0."""

    formula, derivatives = "sin(pi*a)/(pi*a)", ("where(a == 0, 0, (cos(pi*a) - out)/a)",)

    @staticmethod
    def forward(ctx, a):
        a = to_float(a)
        out = np.sinc(a).astype(a.dtype, copy=False)
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, out = ctx.saved_tensors
        divisor = np.where(a == 0, 1, a)
        return grad * np.where(a == 0, 0, (np.cos(np.pi * a) - out) / divisor)


class Xlog1py(NumpyFunction):
    """a log1p(b), 0 where a is 0 (unless b is nan); d/da = log1p(b) (0 where a = 0 and
    b <= -1), d/db = a/(1+b)."""

    node_name = "SpecialXlog1PyBackward0"
    formula = "where((a == 0) & (b == b), 0, a*log1p(b))"
    derivatives = ("where((a == 0) & (b <= -1), 0, log1p(b))", "a/(1 + b)")

    @staticmethod
    def forward(ctx, a, b):
        return x_times_log(ctx, a, b, np.log1p)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        with np.errstate(divide="ignore", invalid="ignore"):
            grad_a = np.where((a == 0) & (b <= -1), 0, grad * np.log1p(b)) if need_a else None
            grad_b = grad * a / (1 + b) if need_b else None
        return grad_a, grad_b


class Entr(NumpyFunction):
    """-a log a (0 at 0, -inf for a < 0); derivative -(log a + 1)."""

    node_name = "SpecialEntrBackward0"
    formula, derivatives = "-a*log(a)", ("-(log(a) + 1)",)

    @staticmethod
    def forward(ctx, a):
        a = to_float(a)
        ctx.save_for_backward(a)
        with np.errstate(divide="ignore", invalid="ignore"):
            out = np.where(a > 0, -a * np.log(np.where(a > 0, a, 1)), 0)
        out = np.where(a < 0, -np.inf, np.where(np.isnan(a), a, out))
        return out.astype(a.dtype, copy=False)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad * -(np.log(a) + 1)


def _check(name: str, **arguments) -> None:
    if not all(isinstance(value, TENSOR_LIKE) for value in arguments.values()):
        raise not_a_tensor(name, **arguments)


def logit(input, eps=None):
    """log(x/(1-x)) elementwise; with eps, x is first clamped to [eps, 1 - eps]."""
    _check("logit", input=input)
    return Logit.compute(input, None if eps is None else float(eps))


def sinc(input):
    """The normalised sinc function sin(pi x)/(pi x) elementwise (1 at 0)."""
    _check("sinc", input=input)
    return Sinc.compute(input)


def xlog1py(input, other):
    """input * log1p(other) elementwise, 0 where input is 0 (integers give the default float)."""
    _check("xlog1py", input=input, other=other)
    return Xlog1py.compute(input, other)


def entr(input):
    """The elementwise entropy -x log x (0 at 0, -inf for negative x)."""
    _check("entr", input=input)
    return Entr.compute(input)
