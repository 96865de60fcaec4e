"""Softmax, log-softmax and logsumexp along dims, computed stably (shifted by the maximum)."""
from __future__ import annotations

import numpy as np

from autograd.dtype_names import scalar_type_name
from autograd.function import NumpyFunction
from autograd.ops.arguments import TENSOR_LIKE, not_a_tensor
from autograd.ops.dtypes import to_float
from autograd.ops.dims import aliases, expand_back, normalize_dim, normalize_dims
from autograd.tensor import Tensor

__all__ = ["Softmax", "LogSoftmax", "LogSumExp", "softmax", "log_softmax", "logsumexp"]


def _finite_max(a, dims):
    """The maximum over dims (kept), 0 where it is ±inf or there is nothing to reduce, so
    that a - max stays defined."""
    if a.size == 0:
        return np.zeros(tuple(1 if d in dims else n for d, n in enumerate(a.shape)), a.dtype)
    peak = np.maximum.reduce(a, axis=dims, keepdims=True)
    return np.where(np.isfinite(peak), peak, 0)


class Softmax(NumpyFunction):
    """e**a / Σ e**a along dim.  grad_a = out * (g - Σ g*out)."""

    formula = "softmax(a, dim=b)"
    derivatives = ("out*(g - sum(g*out))", None)

    @staticmethod
    def forward(ctx, a, dim):
        shifted = np.exp(a - _finite_max(a, (dim,)))
        out = shifted / np.add.reduce(shifted, axis=dim, keepdims=True)
        ctx.save_for_backward(out)
        ctx.dim = dim
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return out * (grad - np.sum(grad * out, axis=ctx.dim, keepdims=True)), None


class LogSoftmax(NumpyFunction):
    """a - log Σ e**a along dim.  grad_a = g - e**out * Σ g."""

    formula = "log_softmax(a, dim=b)"
    derivatives = ("g - exp(out)*sum(g)", None)

    @staticmethod
    def forward(ctx, a, dim):
        shifted = a - _finite_max(a, (dim,))
        with np.errstate(divide="ignore"):
            out = shifted - np.log(np.add.reduce(np.exp(shifted), axis=dim, keepdims=True))
        ctx.save_for_backward(out)
        ctx.dim = dim
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad - np.exp(out) * np.sum(grad, axis=ctx.dim, keepdims=True), None


class LogSumExp(NumpyFunction):
    """log Σ e**a over dims (-inf when every term is -inf or there are none).
    grad_a = g * e**(a - out)."""

    node_name = "LogsumexpBackward0"
    formula = "logsumexp(a, dim=b, keepdim=c)"
    derivatives = ("softmax(a)", None, None)

    @staticmethod
    def forward(ctx, a, dims, keepdim):
        a = to_float(a)
        peak = _finite_max(a, dims)
        with np.errstate(divide="ignore"):
            out = np.log(np.add.reduce(np.exp(a - peak), axis=dims, keepdims=True)) + peak
        if not keepdim:
            out = out.reshape(tuple(n for d, n in enumerate(a.shape) if d not in dims))
        ctx.shape, ctx.dims, ctx.keepdim = a.shape, dims, keepdim
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, out = ctx.saved_tensors
        shape, dims, keepdim = ctx.shape, ctx.dims, ctx.keepdim
        with np.errstate(invalid="ignore"):  # an all -inf row: -inf - -inf is NaN, as PyTorch
            return (expand_back(grad, shape, dims, keepdim)
                    * np.exp(a - expand_back(out, shape, dims, keepdim))), None, None


def softmax(input, dim: int, dtype=None):
    """e**x / Σ e**x along `dim` (floating inputs; dtype= converts first)."""
    return _along_dim(Softmax, "softmax", input, dim, dtype)


def log_softmax(input, dim: int, dtype=None):
    """x - log Σ e**x along `dim` (floating inputs; dtype= converts first)."""
    return _along_dim(LogSoftmax, "log_softmax", input, dim, dtype)


def _along_dim(op, name: str, input, dim: int, dtype):
    """`op` (Softmax or LogSoftmax) over `dim` of a floating input, after PyTorch's checks."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor(name, input=input)
    dim = normalize_dim(dim, input.ndim, name)
    if dtype is not None:
        input = input.to(dtype)
    if input.dtype.kind != "f":
        if input.numel():
            raise NotImplementedError(f"\"{name}_lastdim_kernel_impl\" not implemented for "
                                      f"'{scalar_type_name(input.dtype)}'")
        return Tensor._make(np.empty(input.shape, input.dtype))  # nothing to compute
    if input.ndim == 0:
        return op.apply(input.reshape(1), 0).reshape(())
    return op.apply(input, dim)


def logsumexp(input, dim=None, keepdim: bool = False, *, axis=None, keepdims=None):
    """log Σ e**x over `dim` (an int or a tuple; () for all dims); integers give float32."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("logsumexp", input=input)
    dim, keepdim = aliases(dim, keepdim, axis, keepdims)
    if dim is None:
        raise TypeError("logsumexp() missing required argument 'dim'")
    dims = normalize_dims(dim, input.ndim, "logsumexp")
    return LogSumExp.apply(input, dims if dims is not None else tuple(range(input.ndim)),
                           keepdim)
