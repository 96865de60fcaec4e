"""Reductions: sum, mean, var, std, max/min (of all elements, or along a dim with indices)."""
from __future__ import annotations

import builtins
from collections import namedtuple

import numpy as np

from autograd.function import NumpyFunction
from autograd.ops import elementwise
from autograd.tensor import Tensor

__all__ = ["Sum", "Mean", "Var", "Std", "MaxAll", "MinAll", "MaxAlongDim", "MinAlongDim",
           "normalize_dims", "normalize_dim", "kept_shape", "count", "expand_to", "ValuesIndices", "sum", "mean",
           "var", "std", "max", "min"]

ValuesIndices = namedtuple("ValuesIndices", ["values", "indices"])


def normalize_dim(dim, ndim: int, op: str = "") -> int:
    """One dim as a non-negative int; IndexError naming the dim and the rank if out of range.
    A 0-d tensor accepts dim 0 and -1, as PyTorch."""
    if isinstance(dim, bool) or not isinstance(dim, (int, np.integer)):
        raise TypeError(f"{op or 'dim'}: dim must be an int, got {type(dim).__name__}")
    rank = builtins.max(ndim, 1)
    if not -rank <= dim < rank:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-rank}, "
                         f"{rank - 1}], but got {dim})")
    return int(dim) % rank


def normalize_dims(dim, ndim: int, op: str = ""):
    """None or () (all dims), an int or a sequence of ints -> None or a sorted tuple of dims."""
    if dim is None:
        return None
    dims = (dim,) if isinstance(dim, (int, np.integer)) else tuple(dim)
    if not dims:
        return None
    out = tuple(sorted({normalize_dim(d, ndim, op) for d in dims}))
    if len(out) != len(dims):
        raise RuntimeError(f"{op or 'reduction'}: dim {dims} appears multiple times in the "
                           "list of dims")
    return out if ndim else None


def kept_shape(shape: tuple, dims) -> tuple:
    """The shape with the reduced dims kept as size 1."""
    if dims is None:
        return (1,) * len(shape)
    return tuple(1 if i in dims else n for i, n in enumerate(shape))


def count(shape: tuple, dims) -> int:
    """How many elements each reduction over `dims` combines."""
    return int(np.prod(shape if dims is None else [shape[d] for d in dims]))


def _expand_back(grad, shape: tuple, dims, keepdim: bool):
    """The gradient of a reduction, broadcast back over the reduced dims."""
    if not keepdim and dims is not None:
        grad = grad.reshape(kept_shape(shape, dims))
    return expand_to(grad, shape)


def expand_to(grad, shape: tuple):
    """grad broadcast to `shape`: a new array, or a Tensor through expand (recorded)."""
    if isinstance(grad, Tensor):
        return grad.expand(*shape)
    out = np.empty(shape, grad.dtype)
    out[...] = grad
    return out


class Sum(NumpyFunction):
    """Sum over dims (all when dims is None); bool and integer sums are int64, as PyTorch."""

    formula, derivatives = "sum(a)", ("1", None, None)

    @staticmethod
    def forward(ctx, a, dims, keepdim):
        ctx.shape, ctx.dims, ctx.keepdim = a.shape, dims, keepdim
        dtype = np.int64 if a.dtype.kind in "biu" else None
        return np.add.reduce(a, axis=dims, keepdims=keepdim, dtype=dtype)

    @staticmethod
    def backward(ctx, grad):
        return _expand_back(grad, ctx.shape, ctx.dims, ctx.keepdim), None, None


class Mean(NumpyFunction):
    """Mean over dims; the mean of no elements is nan, as PyTorch."""

    formula, derivatives = "mean(a)", ("1/n", None, None)

    @staticmethod
    def forward(ctx, a, dims, keepdim):
        if a.dtype.kind not in "fc":
            raise RuntimeError(
                "mean(): could not infer output dtype. Input dtype must be either a floating "
                f"point or complex dtype. Got: {a.dtype}")
        ctx.shape, ctx.dims, ctx.keepdim = a.shape, dims, keepdim
        ctx.n = count(a.shape, dims)
        total = np.sum(a, axis=dims, keepdims=keepdim)
        return total / ctx.n if ctx.n else np.full(np.shape(total), np.nan, a.dtype)

    @staticmethod
    def backward(ctx, grad):
        return _expand_back(grad / builtins.max(ctx.n, 1), ctx.shape, ctx.dims, ctx.keepdim), None, None


class Var(NumpyFunction):
    """Variance Σ(a - mean)² / max(0, n - correction) (correction=1: unbiased)."""

    formula, derivatives = "var(a)", ("2*(a - mean(a))/divisor", None, None, None)

    @staticmethod
    def forward(ctx, a, dims, correction, keepdim):
        ctx.save_for_backward(a)
        ctx.dims, ctx.keepdim = dims, keepdim
        ctx.divisor = builtins.max(0, count(a.shape, dims) - correction)
        centered = a - np.mean(a, axis=dims, keepdims=True) if a.size else a
        squares = np.sum(centered * centered, axis=dims, keepdims=keepdim)
        with np.errstate(divide="ignore", invalid="ignore"):
            return squares / a.dtype.type(ctx.divisor)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        grad = _expand_back(grad, a.shape, ctx.dims, ctx.keepdim)
        with np.errstate(divide="ignore", invalid="ignore"):
            scale = 2 / np.float64(ctx.divisor) if ctx.divisor else np.inf
        return grad * scale * (a - np.mean(a, axis=ctx.dims, keepdims=True)), None, None, None


class Std(NumpyFunction):
    """Standard deviation sqrt(var); where it is 0 the gradient is 0, as PyTorch."""

    formula, derivatives = "std(a)", ("(a - mean(a))/(divisor*out)", None, None, None)

    @staticmethod
    def forward(ctx, a, dims, correction, keepdim):
        out = np.sqrt(Var.forward(ctx, a, dims, correction, keepdim))
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, out = ctx.saved_tensors
        grad_var = np.where(np.equal(out, 0), 0, grad / (2 * np.where(np.equal(out, 0), 1, out)))
        grad = _expand_back(grad_var, a.shape, ctx.dims, ctx.keepdim)
        with np.errstate(divide="ignore", invalid="ignore"):
            scale = 2 / np.float64(ctx.divisor) if ctx.divisor else np.inf
        return grad * scale * (a - np.mean(a, axis=ctx.dims, keepdims=True)), None, None, None


class MaxAll(NumpyFunction):
    """The largest element; the gradient is shared evenly among the maxima (NaN is the
    maximum if present), as PyTorch."""

    formula, derivatives = "max(a)", ("where(a == max(a), 1, 0)/sum(a == max(a))",)
    reduce = staticmethod(np.max)

    @staticmethod
    def forward(ctx, a):
        cls = ctx.fn
        if a.size == 0:
            raise RuntimeError(f"{cls.reduce.__name__}(): Expected reduction dim to be "
                               "specified for input.numel() == 0. Specify the reduction dim "
                               "with the 'dim' argument.")
        out = cls.reduce(a)
        hits = np.isnan(a) if np.isnan(out) else np.equal(a, out)
        ctx.share = hits / np.asarray(np.count_nonzero(hits), dtype=a.dtype)
        return out

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.share


class MinAll(MaxAll):
    """The smallest element; the gradient is shared evenly among the minima."""

    formula, derivatives = "min(a)", ("where(a == min(a), 1, 0)/sum(a == min(a))",)
    reduce = staticmethod(np.min)


class MaxAlongDim(NumpyFunction):
    """Largest value along one dim and its index; the gradient goes to that index."""

    formula, derivatives = "max(a, b)", ("where(a == max(a), 1, 0)", None, None)
    arg_reduce = staticmethod(np.argmax)

    @staticmethod
    def forward(ctx, a, dim, keepdim):
        if a.ndim == 0:
            ctx.shape, ctx.index = a.shape, None
            return a.copy(), np.zeros((), np.int64)
        if a.shape[dim] == 0:
            raise IndexError(f"max(): Expected reduction dim {dim} to have non-zero size.")
        index = np.expand_dims(ctx.fn.arg_reduce(a, axis=dim), dim)
        nan_index = np.expand_dims(np.argmax(np.isnan(a), axis=dim), dim)
        has_nan = np.take_along_axis(np.isnan(a), nan_index, axis=dim)
        index = np.where(has_nan, nan_index, index)
        values = np.take_along_axis(a, index, axis=dim)
        ctx.shape, ctx.dim, ctx.index = a.shape, dim, index
        if not keepdim:
            values, index = np.squeeze(values, dim), np.squeeze(index, dim)
        return values, index.astype(np.int64)

    @staticmethod
    def backward(ctx, grad, grad_index):
        if ctx.index is None:
            return grad, None, None
        grad = np.reshape(grad, ctx.index.shape)
        return _scatter_at(grad, ctx.index, ctx.dim, ctx.shape), None, None


class MinAlongDim(MaxAlongDim):
    """Smallest value along one dim and its index; the gradient goes to that index."""

    formula, derivatives = "min(a, b)", ("where(a == min(a), 1, 0)", None, None)
    arg_reduce = staticmethod(np.argmin)


def _scatter_at(values, index, dim: int, shape: tuple):
    """Zeros of `shape` with `values` placed at `index` along `dim` (works on Tensors too)."""
    mask = np.arange(shape[dim]).reshape((-1,) + (1,) * (len(shape) - dim - 1)) == index
    return np.where(mask, values, 0)


def sum(input, dim=None, keepdim: bool = False, *, dtype=None):
    """Sum over `dim` (an int, a tuple, or None for all dims)."""
    result = Sum.apply(input, normalize_dims(dim, input.ndim, "sum"), keepdim)
    return result if dtype is None else result.to(dtype)


def mean(input, dim=None, keepdim: bool = False, *, dtype=None):
    """Mean over `dim` (an int, a tuple, or None for all dims)."""
    input = input if dtype is None else input.to(dtype)
    return Mean.apply(input, normalize_dims(dim, input.ndim, "mean"), keepdim)


def _correction(unbiased, correction) -> int:
    if correction is not None:
        return correction
    return 1 if unbiased is None or unbiased else 0


def var(input, dim=None, unbiased=None, keepdim: bool = False, *, correction=None):
    """Variance over `dim`, dividing by n - correction (default 1: unbiased)."""
    if isinstance(unbiased, (int, tuple, list)) and not isinstance(unbiased, bool):
        raise TypeError("var(): unbiased must be a bool; pass dims as dim=")
    dims = normalize_dims(dim, input.ndim, "var")
    return Var.apply(input, dims, _correction(unbiased, correction), keepdim)


def std(input, dim=None, unbiased=None, keepdim: bool = False, *, correction=None):
    """Standard deviation over `dim`, dividing by n - correction (default 1: unbiased)."""
    if isinstance(unbiased, (int, tuple, list)) and not isinstance(unbiased, bool):
        raise TypeError("std(): unbiased must be a bool; pass dims as dim=")
    dims = normalize_dims(dim, input.ndim, "std")
    return Std.apply(input, dims, _correction(unbiased, correction), keepdim)


def _extreme(all_op, along_op, input, dim, keepdim, other):
    if other is not None:
        return (elementwise.Maximum if all_op is MaxAll else elementwise.Minimum).apply(input, other)
    if dim is None:
        return all_op.apply(input)
    dim = normalize_dim(dim, input.ndim, "max" if all_op is MaxAll else "min")
    return ValuesIndices(*along_op.apply(input, dim, keepdim))


def max(input, dim=None, keepdim: bool = False, *, other=None):
    """The largest element; with `dim`, (values, indices) along it; with a tensor, maximum."""
    if dim is not None and not isinstance(dim, (int, np.integer)):
        return elementwise.Maximum.apply(input, dim)
    return _extreme(MaxAll, MaxAlongDim, input, dim, keepdim, other)


def min(input, dim=None, keepdim: bool = False, *, other=None):
    """The smallest element; with `dim`, (values, indices) along it; with a tensor, minimum."""
    if dim is not None and not isinstance(dim, (int, np.integer)):
        return elementwise.Minimum.apply(input, dim)
    return _extreme(MinAll, MinAlongDim, input, dim, keepdim, other)

