"""Gather and scatter along a dim: gather, take_along_dim, scatter, scatter_add, scatter_reduce.

gather picks out[i][j][k] = a[i][index[i][j][k]][k] (dim=1); scatter_add is its adjoint, so
each is the other's backward. Sorting, max along a dim, cummax and friends select their
values through Gather and inherit its gradient.
"""
from __future__ import annotations

import numpy as np

from autograd.function import NumpyFunction
from autograd.ops.arguments import TENSOR_LIKE, not_a_tensor
from autograd.ops.dims import normalize_dim
from autograd.ops.shape import broadcast_shapes
from autograd.tensor import Tensor

__all__ = ["Gather", "PickedValues", "ScatterAdd", "Scatter", "ScatterReduce", "gather",
           "scatter", "scatter_add", "scatter_reduce", "take_along_dim", "index_array", "along"]


def index_array(index, op: str, dtypes: str = "iu") -> np.ndarray:
    """The array of an index argument (a Tensor, array or list), refusing non-integer ones."""
    array = index._data if isinstance(index, Tensor) else np.asarray(index)
    if array.dtype.kind not in dtypes:
        raise RuntimeError(f"{op}(): expected an integer index tensor (int64), got "
                           f"{array.dtype}")
    return array


def along(index: np.ndarray, dim: int) -> tuple:
    """The full NumPy index of the positions (…, index[…], …) that gather/scatter address."""
    parts = []
    for axis, size in enumerate(index.shape):
        if axis == dim:
            parts.append(index)
        else:
            shape = [1] * index.ndim
            shape[axis] = size
            parts.append(np.arange(size).reshape(shape))
    return tuple(parts)


class Gather(NumpyFunction):
    """out = a[…, index, …] along dim (out has index's shape).  grad_a = g scattered back
    (added) to the gathered places."""

    formula = "gather(a, b, c)"
    derivatives = ("scatter_add(zeros_like(a), b, c, g)", None, None)

    @staticmethod
    def forward(ctx, a, dim, index):
        ctx.shape, ctx.dim, ctx.index = a.shape, dim, index
        return a[along(index, dim)]

    @staticmethod
    def backward(ctx, grad):
        zeros = np.zeros(ctx.shape, grad.dtype)
        return ScatterAdd.compute(zeros, ctx.dim, ctx.index, grad), None, None


class PickedValues(Gather):
    """Gather, then drop dim unless keepdim (the index has size 1 there): how max(dim),
    sort, topk, median, cummax, ... return their values, each through a subclass named as
    PyTorch names its node (Sort -> SortBackward0).  grad_a = g (dim put back) scattered back
    (added) to the picked places."""

    @staticmethod
    def forward(ctx, a, dim, index, keepdim):
        out = Gather.forward(ctx, a, dim, index)
        return out if keepdim else np.squeeze(out, dim)

    @staticmethod
    def backward(ctx, grad):
        return Gather.backward(ctx, grad.reshape(ctx.index.shape))[0], None, None, None


class ScatterAdd(NumpyFunction):
    """a with src added at the places index addresses along dim (repeats add up).
    grad_a = g,  grad_src = gather(g, dim, index)."""

    formula = "scatter_add(a, b, c, d)"
    derivatives = ("1", None, None, "gather(g, b, c)")

    @staticmethod
    def forward(ctx, a, dim, index, src):
        ctx.dim, ctx.index = dim, index
        out = a.astype(np.result_type(a, src), copy=True)
        np.add.at(out, along(index, dim), src)
        return out

    @staticmethod
    def backward(ctx, grad):
        need_a, _, _, need_src = ctx.needs_input_grad
        grad_src = Gather.compute(grad, ctx.dim, ctx.index) if need_src else None
        return (grad if need_a else None), None, None, grad_src


class Scatter(NumpyFunction):
    """a with src (or a number) written at the places index addresses along dim.
    grad_a = g with 0 at those places,  grad_src = gather(g, dim, index)."""

    formula = "scatter(a, b, c, d)"
    derivatives = ("scatter(g, b, c, 0)", None, None, "gather(g, b, c)")

    @staticmethod
    def forward(ctx, a, dim, index, src):
        ctx.dim, ctx.index = dim, index
        out = a.copy()
        out[along(index, dim)] = src
        return out

    @staticmethod
    def backward(ctx, grad):
        need_a, _, _, need_src = ctx.needs_input_grad
        grad_a = Scatter.compute(grad, ctx.dim, ctx.index, 0) if need_a else None
        grad_src = Gather.compute(grad, ctx.dim, ctx.index) if need_src else None
        return grad_a, None, None, grad_src


_REDUCE_UFUNC = {"sum": np.add, "prod": np.multiply, "mean": np.add, "amax": np.maximum,
                 "amin": np.minimum}


class ScatterReduce(NumpyFunction):
    """a with src combined into the places index addresses (sum, prod, mean, amax, amin),
    starting from a's values there (include_self) or from src alone. Gradients as PyTorch's:
    mean divides by the count, amax/amin share among the elements equal to the result, prod
    takes the product of the others."""

    formula = "scatter_reduce(a, b, c, d, e, include_self=f)"
    derivatives = (
        "where(scattered, 0, g) if not f else g if e == 'sum' else g/counts if e == 'mean' else "
        "where(a == out, g/scatter_add(where(a == out, 1.0, 0.0), b, c, where(d == gather(out, "
        "b, c), 1.0, 0.0)), 0) if e in ('amax', 'amin') else g*out/a",
        None, None,
        "gather(g, b, c) if e == 'sum' else gather(g/counts, b, c) if e == 'mean' else where(d "
        "== gather(out, b, c), gather(g/scatter_add(where(a == out, 1.0, 0.0), b, c, where(d == "
        "gather(out, b, c), 1.0, 0.0)), b, c), 0) if e in ('amax', 'amin') else "
        "gather(g*out, b, c)/d",
        None, None)

    @staticmethod
    def forward(ctx, a, dim, index, src, reduce, include_self):
        ctx.dim, ctx.index, ctx.reduce, ctx.include_self = dim, index, reduce, include_self
        places = along(index, dim)
        ctx.scattered = np.zeros(a.shape, bool)
        ctx.scattered[places] = True
        out = a.copy()
        if not include_self:
            identity = {"sum": 0, "mean": 0, "prod": 1, "amax": -np.inf, "amin": np.inf}[reduce]
            out[places] = _clipped(identity, a.dtype)
        _REDUCE_UFUNC[reduce].at(out, places, src)
        if reduce == "mean":
            ctx.counts = _counts(ctx, a.shape)
            out = out / ctx.counts.astype(a.dtype) if a.dtype.kind in "fc" else out // ctx.counts
        if True in ctx.needs_input_grad:
            ctx.save_for_backward(a, src, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, src, out = ctx.saved_tensors
        dim, index, reduce = ctx.dim, ctx.index, ctx.reduce
        if reduce == "sum":
            grad_a, grad_src = grad, Gather.compute(grad, dim, index)
        elif reduce == "mean":
            grad_a = grad / ctx.counts.astype(grad.dtype)
            grad_src = Gather.compute(grad_a, dim, index)
        elif reduce in ("amax", "amin"):
            grad_a, grad_src = _extreme_backward(ctx, grad, a, src, out)
        else:
            grad_a, grad_src = _prod_backward(ctx, grad, a, src, out)
        if not ctx.include_self:
            grad_a = np.where(ctx.scattered, 0, grad_a)
        need_a, need_src = ctx.needs_input_grad[0], ctx.needs_input_grad[3]
        return (grad_a if need_a else None), None, None, (grad_src if need_src else None), \
            None, None


def _clipped(value: float, dtype) -> object:
    """An identity value representable in dtype (±inf become the integer limits)."""
    if np.dtype(dtype).kind in "iub" and np.isinf(value):
        info = np.iinfo(dtype) if np.dtype(dtype).kind != "b" else None
        return (info.min if value < 0 else info.max) if info else value > 0
    return value


def _counts(ctx, shape) -> np.ndarray:
    """How many values each place of a combines (a's own counts when include_self); >= 1."""
    counts = np.full(shape, 1 if ctx.include_self else 0, np.int64)
    np.add.at(counts, along(ctx.index, ctx.dim), 1)
    return np.maximum(counts, 1)


def _extreme_backward(ctx, grad, a, src, out):
    dim, index = ctx.dim, ctx.index
    value = Gather.compute(out, dim, index)
    a_wins = np.equal(a, out)
    src_wins = np.equal(src, value)
    winners = ScatterAdd.compute(_as_float(a_wins, grad), dim, index, _as_float(src_wins, grad))
    shared = grad / winners
    return np.where(a_wins, shared, 0), np.where(src_wins, Gather.compute(shared, dim, index), 0)


def _as_float(mask, like):
    """A bool mask (array or Tensor) as 1.0/0.0 in like's dtype."""
    ones = np.ones(np.shape(mask), like.dtype)
    return np.where(mask, ones, 0)


def _prod_backward(ctx, grad, a, src, out):
    dim, index = ctx.dim, ctx.index
    a_nonzero = np.where(np.equal(a, 0), 1, a)
    grad_a = grad * ScatterReduce.compute(a_nonzero, dim, index, src, "prod",
                                          ctx.include_self) / a_nonzero
    src_zero = np.equal(src, 0)
    zeros_per_place = ScatterAdd.compute(np.zeros(np.shape(a), grad.dtype), dim, index,
                                         _as_float(src_zero, grad))
    single_zero = np.logical_and(src_zero, Gather.compute(zeros_per_place, dim, index) == 1)
    without_it = ScatterReduce.compute(a, dim, index, np.where(single_zero, 1, src), "prod",
                                       ctx.include_self)
    grad_src = np.where(single_zero, Gather.compute(grad * without_it, dim, index),
                        Gather.compute(grad * out, dim, index) / np.where(src_zero, 1, src))
    return grad_a, grad_src


def _check_gather(op: str, input_shape: tuple, dim: int, index: np.ndarray) -> None:
    if max(index.ndim, 1) != max(len(input_shape), 1):  # a 0-d index counts as 1-D
        raise RuntimeError(f"{op}(): Index tensor must have the same number of dimensions as "
                           f"input tensor (index {index.ndim}-D, input {len(input_shape)}-D)")
    for axis, (n, m) in enumerate(zip(index.shape, input_shape)):
        if axis != dim and n > m:
            raise RuntimeError(f"{op}(): Size does not match at dimension {axis}: expected "
                               f"index {list(index.shape)} to be no larger than self "
                               f"{list(input_shape)} apart from dimension {dim}")
    _check_bounds(op, index, input_shape[dim] if input_shape else 1, dim, wraps=False)


def _check_bounds(op: str, index: np.ndarray, size: int, dim: int, wraps: bool) -> None:
    """Every index in [0, size) (or [-size, size) when negative ones count from the end)."""
    if index.size:
        low, high = index.min(), index.max()
        if high >= size or low < (-size if wraps else 0):
            bad = high if high >= size else low
            raise RuntimeError(f"{op}(): index {bad} is out of bounds for dimension {dim} with "
                             f"size {size}")


def _as_1d(input):
    """A 0-d tensor as a 1-element 1-D one (gather and scatter treat it so)."""
    return input.reshape(1) if input.ndim == 0 else input


def gather(input, dim: int, index, *, sparse_grad: bool = False):
    """out[i][j][k] = input[i][index[i][j][k]][k] (for dim=1); out has index's shape."""
    if not (isinstance(input, TENSOR_LIKE) and isinstance(index, TENSOR_LIKE)):
        raise not_a_tensor("gather", input=input, index=index)
    index = index_array(index, "gather")
    dim = normalize_dim(dim, input.ndim, "gather")
    _check_gather("gather", input.shape, dim, index)
    if input.ndim == 0 or index.ndim == 0:
        picked = Gather.apply(_as_1d(input), 0, index.reshape(-1))
        return picked.reshape(()) if index.ndim == 0 else picked
    return Gather.apply(input, dim, index)


def _scatter_args(op: str, input, dim, index, src):
    index = index_array(index, op)
    dim = normalize_dim(dim, input.ndim, op)
    _check_gather(op, input.shape, dim, index)
    if index.ndim == 0:  # one place in a 1-D input
        index = index.reshape(1)
        src = src.reshape(1) if isinstance(src, Tensor) and src.ndim == 0 else src
    if isinstance(src, Tensor):
        if src.dtype != input.dtype:
            raise RuntimeError(f"{op}(): Expected self.dtype to be equal to src.dtype (got "
                               f"{input.dtype} and {src.dtype})")
        if src.ndim != index.ndim or any(n > m for n, m in zip(index.shape, src.shape)):
            raise RuntimeError(f"{op}(): Expected index {list(index.shape)} to be no larger "
                               f"than src {list(src.shape)} in every dimension")
        if src.shape != index.shape:
            src = src[tuple(slice(0, n) for n in index.shape)]
    return dim, index, src


def scatter(input, dim: int, index, src=None, *, value=None, reduce=None):
    """input with src (a tensor) or value (a number) written at index along dim; reduce
    'add' or 'multiply' combines instead (PyTorch's older form of scatter_reduce)."""
    if not (isinstance(input, TENSOR_LIKE) and isinstance(index, TENSOR_LIKE)):
        raise not_a_tensor("scatter", input=input, index=index)
    if src is None:
        src = value
    if src is None:
        raise TypeError("scatter(): expected a src tensor or a value")
    if not isinstance(src, TENSOR_LIKE):
        raise not_a_tensor("scatter", src=src)
    if reduce is not None:
        names = {"add": "sum", "multiply": "prod"}
        if reduce not in names:
            raise RuntimeError(f"scatter(): reduce argument must be either add or multiply, "
                               f"got {reduce!r}")
        if not isinstance(src, Tensor):
            src = Tensor._make(np.full(np.shape(index_array(index, "scatter")), src,
                                       input.dtype))
        return scatter_reduce(input, dim, index, src, names[reduce])
    if input.ndim == 0:
        normalize_dim(dim, 0, "scatter")
        src = _as_1d(src) if isinstance(src, Tensor) else src
        return scatter(_as_1d(input), 0, np.reshape(index_array(index, "scatter"), 1),
                       src).reshape(())
    dim, index, src = _scatter_args("scatter", input, dim, index, src)
    if isinstance(src, Tensor) and src.ndim == 0:
        raise RuntimeError("scatter(): src must be a tensor of index's rank or a number")
    return Scatter.apply(input, dim, index, src)


def scatter_add(input, dim: int, index, src):
    """input with src added at index along dim (repeated places add up)."""
    if not (isinstance(input, TENSOR_LIKE) and
            isinstance(index, TENSOR_LIKE) and
            isinstance(src, TENSOR_LIKE)):
        raise not_a_tensor("scatter_add", input=input, index=index, src=src)
    if input.ndim == 0:
        normalize_dim(dim, 0, "scatter_add")
        return scatter_add(_as_1d(input), 0, np.reshape(index_array(index, "scatter_add"), 1),
                           _as_1d(src)).reshape(())
    dim, index, src = _scatter_args("scatter_add", input, dim, index, src)
    return ScatterAdd.apply(input, dim, index, src)


def scatter_reduce(input, dim: int, index, src, reduce: str, *, include_self: bool = True):
    """input with src combined at index along dim by `reduce` ('sum', 'prod', 'mean',
    'amax', 'amin'), starting from input's values when include_self."""
    if not (isinstance(input, TENSOR_LIKE) and
            isinstance(index, TENSOR_LIKE) and
            isinstance(src, TENSOR_LIKE)):
        raise not_a_tensor("scatter_reduce", input=input, index=index, src=src)
    if reduce not in _REDUCE_UFUNC:
        raise RuntimeError(f"scatter_reduce(): reduce argument must be one of sum, prod, "
                           f"mean, amax, amin, got {reduce!r}")
    if input.ndim == 0:
        normalize_dim(dim, 0, "scatter_reduce")
        return scatter_reduce(_as_1d(input), 0, np.reshape(index_array(index, "scatter_reduce"),
                                                           1), _as_1d(src), reduce,
                              include_self=include_self).reshape(())
    dim, index, src = _scatter_args("scatter_reduce", input, dim, index, src)
    return ScatterReduce.apply(input, dim, index, src, reduce, bool(include_self))


def take_along_dim(input, indices, dim=None):
    """input's values at `indices` along dim (the two broadcast in the other dims); with
    dim None, both are flattened first."""
    if not (isinstance(input, TENSOR_LIKE) and isinstance(indices, TENSOR_LIKE)):
        raise not_a_tensor("take_along_dim", input=input, indices=indices)
    index = index_array(indices, "take_along_dim")
    if dim is None:
        flat, index = input.reshape(-1), index.reshape(-1)
        _check_bounds("take_along_dim", index, flat.shape[0], 0, wraps=True)
        return Gather.apply(flat, 0, index % max(flat.shape[0], 1))
    dim = normalize_dim(dim, input.ndim, "take_along_dim")
    if index.ndim != input.ndim:
        raise RuntimeError(f"take_along_dim(): input and indices should have the same number "
                           f"of dimensions, but got {input.ndim} and {index.ndim}")
    shape = list(broadcast_shapes(input.shape[:dim] + (1,) + input.shape[dim + 1:],
                                     index.shape[:dim] + (1,) + index.shape[dim + 1:]))
    input_shape, index_shape = list(shape), list(shape)
    input_shape[dim], index_shape[dim] = input.shape[dim], index.shape[dim]
    if tuple(input_shape) != input.shape:
        input = input.expand(*input_shape)
    index = np.broadcast_to(index, index_shape)
    _check_bounds("take_along_dim", index, input.shape[dim], dim, wraps=True)
    return Gather.apply(input, dim, index % max(input.shape[dim], 1))
