"""Largest and smallest values: max/min (of all, along a dim with indices, or of two tensors),
amax/amin (over dims), aminmax.

Gradients as PyTorch's: max() of all shares g evenly among the elements equal to the result
(the NaNs, if it is NaN); amax shares it among the ties of each reduction (NaN rows get NaN);
max(dim) sends it to the returned index.
"""
from __future__ import annotations

import numpy as np

from autograd import return_types
from autograd.function import NumpyFunction
from autograd.ops import elementwise
from autograd.ops.arguments import TENSOR_LIKE, not_a_tensor
from autograd.ops.gather import PickedValues
from autograd.ops.reduce import aliases, expand_back, normalize_dim, normalize_dims
from autograd.tensor import Tensor

__all__ = ["MaxAll", "MinAll", "MaxDim", "MinDim", "Amax", "Amin", "max", "min", "amax", "amin",
           "aminmax"]


class MaxAll(NumpyFunction):
    """The largest element.  grad_a = g shared evenly among the elements equal to it (the
    NaNs when it is NaN)."""

    formula = "max(a)"
    derivatives = ("where(a == max(a), 1, 0)/sum(a == max(a))",)
    reduce = staticmethod(np.max)
    node_name = "MaxBackward1"

    @staticmethod
    def forward(ctx, a):
        cls = ctx.fn
        if a.size == 0:
            raise RuntimeError(f"{cls.reduce.__name__}(): Expected reduction dim to be "
                               "specified for input.numel() == 0. Specify the reduction dim "
                               "with the 'dim' argument.")
        out = cls.reduce(a)
        if ctx.needs_input_grad[0]:
            hits = np.isnan(a) if out != out else np.equal(a, out)
            ctx.share = hits / np.asarray(np.count_nonzero(hits), dtype=a.dtype)
        return out

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.share


class MinAll(MaxAll):
    """The smallest element.  grad_a = g shared evenly among the elements equal to it."""

    formula = "min(a)"
    derivatives = ("where(a == min(a), 1, 0)/sum(a == min(a))",)
    reduce = staticmethod(np.min)
    node_name = "MinBackward1"


class MaxDim(PickedValues):
    """The values of max(dim): the largest along dim, at the index argmax found."""

    node_name = "MaxBackward0"
    op_name = "Max"


class MinDim(PickedValues):
    """The values of min(dim): the smallest along dim, at the index argmin found."""

    node_name = "MinBackward0"
    op_name = "Min"


class Amax(NumpyFunction):
    """The largest value over dims.  grad_a = g / (number of ties) at each tie (NaN for a
    reduction that met a NaN, as PyTorch)."""

    formula = "amax(a, dim=b, keepdim=c)"
    derivatives = ("where(a == out, 1, 0)/sum(a == out)", None, None)
    reduce = np.maximum

    @staticmethod
    def forward(ctx, a, dims, keepdim):
        out = ctx.fn.reduce.reduce(a, axis=dims, keepdims=True)
        if ctx.needs_input_grad[0]:
            ctx.shape, ctx.dims, ctx.keepdim = a.shape, dims, keepdim
            hits = np.equal(a, out)
            with np.errstate(invalid="ignore", divide="ignore"):
                ctx.share = hits / np.add.reduce(hits, axis=dims, keepdims=True, dtype=a.dtype)
        return out if keepdim else out.reshape(tuple(
            [n for i, n in enumerate(a.shape) if dims is not None and i not in dims]))

    @staticmethod
    def backward(ctx, grad):
        return expand_back(grad, ctx.shape, ctx.dims, ctx.keepdim) * ctx.share, None, None


class Amin(Amax):
    """The smallest value over dims.  grad_a = g / (number of ties) at each tie."""

    formula = "amin(a, dim=b, keepdim=c)"
    derivatives = ("where(a == out, 1, 0)/sum(a == out)", None, None)
    reduce = np.minimum


def _reduce_dims(op: str, input, dim):
    dims = normalize_dims(dim, input.ndim, op)
    shape = input.shape
    if dims is None and input.numel() == 0:
        raise RuntimeError(f"{op}(): Expected reduction dim to be specified for input.numel() "
                           "== 0. Specify the reduction dim with the 'dim' argument.")
    for d in range(len(shape)) if dims is None else dims:
        if shape[d] == 0:
            raise IndexError(f"{op}(): Expected reduction dim {d} to have non-zero size.")
    return dims


def amax(input, dim=(), keepdim: bool = False, *, axis=None, keepdims=None) -> Tensor:
    """The largest value over `dim` (an int or tuple; () for all dims)."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("amax", input=input)
    dim, keepdim = aliases(dim, keepdim, axis, keepdims)
    return Amax.apply(input, _reduce_dims("amax", input, dim), keepdim)


def amin(input, dim=(), keepdim: bool = False, *, axis=None, keepdims=None) -> Tensor:
    """The smallest value over `dim` (an int or tuple; () for all dims)."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("amin", input=input)
    dim, keepdim = aliases(dim, keepdim, axis, keepdims)
    return Amin.apply(input, _reduce_dims("amin", input, dim), keepdim)


def aminmax(input, *, dim=None, keepdim: bool = False):
    """(min, max) over `dim` (all dims when None)."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("aminmax", input=input)
    if dim is None and input.numel() == 0:
        raise RuntimeError("aminmax(): cannot compute aminmax over an empty dimension as the "
                           "operation has no identity.")
    dims = () if dim is None else dim
    return return_types.aminmax((amin(input, dims, keepdim), amax(input, dims, keepdim)))


def _along_dim(op: str, pick, arg_reduce, input, dim, keepdim: bool):
    """(values, indices) of the extreme along one dim; the first NaN or first extreme wins.
    `pick` is the op that takes the values (MaxDim or MinDim)."""
    result_type = getattr(return_types, op)  # return_types.max or .min
    dim = normalize_dim(dim, input.ndim, op)
    data = input._data
    if data.ndim == 0:
        index = np.zeros((), np.int64)
        return result_type((pick.apply(input.reshape(1), 0, index.reshape(1), False),
                            Tensor._make(index)))
    if data.shape[dim] == 0:
        raise IndexError(f"{op}(): Expected reduction dim {dim} to have non-zero size.")
    index = arg_reduce(data, axis=dim, keepdims=True)
    values = pick.apply(input, dim, index, keepdim)
    if not keepdim:
        index = np.squeeze(index, dim)
    return result_type((values, Tensor._make(index.astype(np.int64, copy=False))))


def max(input, dim=None, keepdim: bool = False, *, axis=None, keepdims=None):
    """The largest element; with `dim`, (values, indices) along it; with a tensor as second
    argument, the elementwise maximum."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("max", input=input)
    if axis is not None or keepdims is not None:
        dim, keepdim = aliases(dim, keepdim, axis, keepdims)
    if dim is None:
        return MaxAll.apply(input)
    if isinstance(dim, Tensor):
        return elementwise.maximum(input, dim)
    return _along_dim("max", MaxDim, np.argmax, input, dim, keepdim)


def min(input, dim=None, keepdim: bool = False, *, axis=None, keepdims=None):
    """The smallest element; with `dim`, (values, indices) along it; with a tensor as second
    argument, the elementwise minimum."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("min", input=input)
    if axis is not None or keepdims is not None:
        dim, keepdim = aliases(dim, keepdim, axis, keepdims)
    if dim is None:
        return MinAll.apply(input)
    if isinstance(dim, Tensor):
        return elementwise.minimum(input, dim)
    return _along_dim("min", MinDim, np.argmin, input, dim, keepdim)
