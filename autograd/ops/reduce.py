"""Reductions: sum, mean, var, max/min, softmax, log-softmax, logsumexp."""
from __future__ import annotations

from collections import namedtuple

import numpy as np

from autograd.function import Function
from autograd.ops.shape import Expand
from autograd.tensor import Tensor

__all__ = ["Sum", "SumTo", "Extreme", "ExtremeAlongDim", "Softmax", "LogSoftmax", "LogSumExp",
           "normalize_dims", "mean", "var", "reduce_extreme", "sum_to_shape", "ValuesIndices"]

ValuesIndices = namedtuple("ValuesIndices", ["values", "indices"])


class Sum(Function):
    """Sum over dims. f(a) = Σ a;  df/da = 1 (the gradient is broadcast back to a's shape)."""

    formula, derivatives = "Σ a", ("1",)

    @staticmethod
    def forward(ctx, a, dims, keepdim):
        ctx.input_shape, ctx.dims, ctx.keepdim = a.shape, dims, keepdim
        return np.add.reduce(a, axis=dims, keepdims=keepdim)

    @staticmethod
    def backward(ctx, grad):
        if not ctx.keepdim and ctx.dims is not None:
            grad = grad.reshape(_kept_shape(ctx.input_shape, ctx.dims))
        return Expand.apply(grad, ctx.input_shape), None, None


class SumTo(Function):
    """Sum a broadcast array back to `shape` (undoes broadcasting). df/da = 1."""

    formula, derivatives = "sum_to(a)", ("1",)

    @staticmethod
    def forward(ctx, a, shape):
        ctx.input_shape = a.shape
        lead = a.ndim - len(shape)
        dims = tuple(range(lead)) + tuple(
            lead + i for i, n in enumerate(shape) if n == 1 and a.shape[lead + i] != 1)
        return np.sum(a, axis=dims, keepdims=True).reshape(shape)

    @staticmethod
    def backward(ctx, grad):
        return Expand.apply(grad, ctx.input_shape), None


class Extreme(Function):
    """Max (or min) of all elements. df/da = 1[a = max] / (number of maxima), as PyTorch."""

    formula, derivatives = "max(a)", ("1[a = max(a)] / count",)

    @staticmethod
    def forward(ctx, a, reduce):
        if a.size == 0:
            raise ValueError(f"{reduce.__name__}() of an empty tensor")
        out = reduce(a)
        hits = a == out
        ctx.share = hits / np.asarray(hits.sum(), dtype=a.dtype)
        return out

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.share, None


class ExtremeAlongDim(Function):
    """Max (or min) along one dim; the gradient goes to the selected index."""

    formula, derivatives = "max(a, dim)", ("1[index = argmax]",)

    @staticmethod
    def forward(ctx, a, dim, keepdim, arg_reduce):
        index = arg_reduce(a, axis=dim, keepdims=True)
        values = np.take_along_axis(a, index, axis=dim)
        one_hot = np.zeros_like(a)
        np.put_along_axis(one_hot, index, 1, axis=dim)
        ctx.one_hot, ctx.kept_shape = one_hot, values.shape
        ctx.index = index if keepdim else np.squeeze(index, axis=dim)
        return values if keepdim else np.squeeze(values, axis=dim)

    @staticmethod
    def backward(ctx, grad):
        return grad.reshape(ctx.kept_shape) * ctx.one_hot, None, None, None


class Softmax(Function):
    """Softmax along dim. y = e**a / Σ e**a;  da = y·(g - Σ g·y)."""

    formula, derivatives = "softmax(a)", ("y·(g - Σ g·y)",)

    @staticmethod
    def forward(ctx, a, dim):
        shifted = np.exp(a - np.max(a, axis=dim, keepdims=True))
        out = shifted / np.sum(shifted, axis=dim, keepdims=True)
        ctx.save_for_backward(out)
        ctx.dim = dim
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return out * (grad - (grad * out).sum(ctx.dim, keepdim=True)), None


class LogSoftmax(Function):
    """Log-softmax along dim. y = a - log Σ e**a;  da = g - e**y · Σ g."""

    formula, derivatives = "log_softmax(a)", ("g - softmax(a)·Σ g",)

    @staticmethod
    def forward(ctx, a, dim):
        shifted = a - np.max(a, axis=dim, keepdims=True)
        out = shifted - np.log(np.sum(np.exp(shifted), axis=dim, keepdims=True))
        ctx.save_for_backward(out)
        ctx.dim = dim
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad - out.exp() * grad.sum(ctx.dim, keepdim=True), None


class LogSumExp(Function):
    """log Σ e**a along dim;  da = g · softmax(a)."""

    formula, derivatives = "logsumexp(a)", ("softmax(a)",)

    @staticmethod
    def forward(ctx, a, dim, keepdim):
        peak = np.max(a, axis=dim, keepdims=True)
        out = np.log(np.sum(np.exp(a - peak), axis=dim, keepdims=True)) + peak
        ctx.save_for_backward(a, out)
        ctx.dim, ctx.keepdim = dim, keepdim
        return out if keepdim else np.squeeze(out, axis=dim)

    @staticmethod
    def backward(ctx, grad):
        a, out = ctx.saved_tensors
        if not ctx.keepdim:
            grad = grad.unsqueeze(ctx.dim)
        return grad * (a - out).exp(), None, None


def _kept_shape(shape: tuple, dims: tuple) -> tuple:
    return tuple(1 if i in dims else n for i, n in enumerate(shape))


def normalize_dims(dim, ndim: int):
    """None, an int or a sequence of ints -> None or a sorted tuple of non-negative dims."""
    if dim is None:
        return None
    dims = (dim,) if isinstance(dim, (int, np.integer)) else tuple(dim)
    out = []
    for d in dims:
        if not -max(ndim, 1) <= d < max(ndim, 1):
            raise IndexError(f"dim {d} is out of range for a tensor with {ndim} dimensions")
        out.append(d % ndim if ndim else 0)
    return tuple(sorted(set(out))) if ndim else None


def mean(t: Tensor, dim=None, keepdim: bool = False) -> Tensor:
    """Mean over dims (sum divided by the count)."""
    dims = normalize_dims(dim, t.ndim)
    count = t.data.size if dims is None else int(np.prod([t.shape[d] for d in dims]))
    return Sum.apply(t, dims, keepdim) / float(max(count, 1))


def var(t: Tensor, dim=None, keepdim: bool = False, correction: int = 1) -> Tensor:
    """Variance over dims: Σ (a - mean)² / (N - correction); correction=1 is unbiased."""
    dims = normalize_dims(dim, t.ndim)
    count = t.data.size if dims is None else int(np.prod([t.shape[d] for d in dims]))
    centered = t - mean(t, dims, keepdim=True)
    return Sum.apply(centered * centered, dims, keepdim) / float(max(count - correction, 0))


def reduce_extreme(t: Tensor, dim, keepdim: bool, arg_reduce, reduce):
    """max/min: a scalar without `dim`, else (values, indices) like PyTorch."""
    if dim is None:
        return Extreme.apply(t, reduce)
    (dim,) = normalize_dims(dim, t.ndim) or (0,)
    values = ExtremeAlongDim.apply(t, dim, keepdim, arg_reduce)
    index = values.grad_fn.index if values.grad_fn is not None else arg_reduce(
        t.data, axis=dim, keepdims=keepdim)
    return ValuesIndices(values, Tensor._make(np.asarray(index), False, None, 0))


def sum_to_shape(t: Tensor, shape: tuple) -> Tensor:
    """Sum a broadcast tensor back to `shape` (the engine's unbroadcast)."""
    if t.shape == shape:
        return t
    return SumTo.apply(t, shape)
