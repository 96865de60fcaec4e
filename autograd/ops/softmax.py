"""Softmax, log-softmax and logsumexp along a dim, computed stably (shifted by the maximum)."""
from __future__ import annotations

import numpy as np

from autograd.function import NumpyFunction
from autograd.ops.dtypes import to_float
from autograd.ops.reduce import normalize_dim, normalize_dims

__all__ = ["Softmax", "LogSoftmax", "LogSumExp", "softmax", "log_softmax", "logsumexp"]


def _finite_max(a, dims):
    """The maximum along dims, with -inf/inf rows shifted by 0 so that exp stays defined."""
    if a.size == 0:
        return np.zeros(tuple(1 if d in dims else n for d, n in enumerate(a.shape)), a.dtype)
    peak = np.max(a, axis=dims, keepdims=True)
    return np.where(np.isfinite(peak), peak, 0)


class Softmax(NumpyFunction):
    """e**a / Σ e**a along dim;  grad_a = out*(g - Σ g*out)."""

    formula, derivatives = "softmax(a, b)", ("out*(g - sum(g*out))", None)

    @staticmethod
    def forward(ctx, a, dim):
        a = to_float(a)
        shifted = np.exp(a - _finite_max(a, (dim,)))
        out = shifted / np.sum(shifted, axis=dim, keepdims=True)
        ctx.save_for_backward(out)
        ctx.dim = dim
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return out * (grad - np.sum(grad * out, axis=ctx.dim, keepdims=True)), None


class LogSoftmax(NumpyFunction):
    """a - log Σ e**a along dim;  grad_a = g - e**out * Σ g."""

    formula, derivatives = "log_softmax(a, b)", ("g - exp(out)*sum(g)", None)

    @staticmethod
    def forward(ctx, a, dim):
        a = to_float(a)
        shifted = a - _finite_max(a, (dim,))
        out = shifted - np.log(np.sum(np.exp(shifted), axis=dim, keepdims=True))
        ctx.save_for_backward(out)
        ctx.dim = dim
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad - np.exp(out) * np.sum(grad, axis=ctx.dim, keepdims=True), None


class LogSumExp(NumpyFunction):
    """log Σ e**a over dims (-inf when every term is -inf);  grad_a = g * e**(a - out)."""

    formula, derivatives = "logsumexp(a, b)", ("softmax(a)", None, None)

    @staticmethod
    def forward(ctx, a, dims, keepdim):
        a = to_float(a)
        peak = _finite_max(a, dims)
        with np.errstate(divide="ignore"):
            out = np.log(np.sum(np.exp(a - peak), axis=dims, keepdims=True)) + peak
        ctx.save_for_backward(a, out)
        ctx.dims, ctx.keepdim = dims, keepdim
        return out if keepdim else np.squeeze(out, axis=dims)

    @staticmethod
    def backward(ctx, grad):
        a, out = ctx.saved_tensors
        if not ctx.keepdim:
            grad = np.expand_dims(grad, ctx.dims)
        return grad * np.exp(a - out), None, None


def softmax(input, dim: int, dtype=None):
    """e**x / Σ e**x along `dim`."""
    input = input if dtype is None else input.to(dtype)
    return Softmax.apply(input, normalize_dim(dim, input.ndim, "softmax"))


def log_softmax(input, dim: int, dtype=None):
    """x - log Σ e**x along `dim`."""
    input = input if dtype is None else input.to(dtype)
    return LogSoftmax.apply(input, normalize_dim(dim, input.ndim, "log_softmax"))


def logsumexp(input, dim, keepdim: bool = False):
    """log Σ e**x over `dim` (an int or a tuple)."""
    dims = normalize_dims(dim, input.ndim, "logsumexp")
    return LogSumExp.apply(input, dims if dims is not None else tuple(range(input.ndim)), keepdim)
