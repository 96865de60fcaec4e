"""Selecting by index or mask: index_select, index_add, index_copy, index_fill, masked_fill,
masked_select, masked_scatter, take, nonzero/argwhere, and where(condition) (one argument)."""
from __future__ import annotations

import numpy as np

from autograd.function import NumpyFunction
from autograd.ops import elementwise
from autograd.ops.arguments import TENSOR_LIKE, not_a_tensor
from autograd.ops.gather import index_array
from autograd.ops.indexing import Index
from autograd.ops.dims import normalize_dim
from autograd.ops.dtypes import fitted
from autograd.ops.shape import broadcast_shapes
from autograd.tensor import Tensor

__all__ = ["IndexSelect", "IndexAdd", "IndexCopy", "MaskedFill", "MaskedScatter", "MaskedSelect",
           "index_select", "index_add", "index_copy", "index_fill", "masked_fill",
           "masked_select", "masked_scatter", "take", "nonzero", "argwhere", "where", "bincount"]


def _along_dim(dim: int, index) -> tuple:
    return (slice(None),) * dim + (index,)


class IndexSelect(NumpyFunction):
    """The slices a[…, index[i], …] along dim, in order.  grad_a = g added back at index
    (repeats add up)."""

    formula = "index_select(a, b, c)"
    derivatives = ("index_add(zeros_like(a), b, c, g)", None, None)

    @staticmethod
    def forward(ctx, a, dim, index):
        ctx.shape, ctx.dim, ctx.index = a.shape, dim, index
        return np.take(a, index, axis=dim)

    @staticmethod
    def backward(ctx, grad):
        zeros = np.zeros(ctx.shape, grad.dtype)
        return IndexAdd.compute(zeros, ctx.dim, ctx.index, grad, 1), None, None


class IndexAdd(NumpyFunction):
    """a with alpha*src[…, i, …] added to a[…, index[i], …].  grad_a = g,
    grad_src = alpha * index_select(g, dim, index)."""

    formula = "index_add(a, b, c, d, alpha=e)"
    derivatives = ("1", None, None, "e*take(g, c, axis=b)", None)

    @staticmethod
    def forward(ctx, a, dim, index, src, alpha):
        ctx.dim, ctx.index, ctx.alpha = dim, index, alpha
        out = a.copy()
        np.add.at(out, _along_dim(dim, index), src if alpha == 1 else src * alpha)
        return out

    @staticmethod
    def backward(ctx, grad):
        need_a, _, _, need_src, _ = ctx.needs_input_grad
        grad_src = None
        if need_src:
            grad_src = IndexSelect.compute(grad, ctx.dim, ctx.index)
            grad_src = grad_src if ctx.alpha == 1 else grad_src * ctx.alpha
        return (grad if need_a else None), None, None, grad_src, None


class IndexCopy(NumpyFunction):
    """a with a[…, index[i], …] = src[…, i, …].  grad_a = g with 0 at index,
    grad_src = index_select(g, dim, index)."""

    formula = "index_copy(a, b, c, d)"
    derivatives = ("index_fill(g, b, c, 0)", None, None, "take(g, c, axis=b)")

    @staticmethod
    def forward(ctx, a, dim, index, src):
        ctx.dim, ctx.index = dim, index
        out = a.copy()
        out[_along_dim(dim, index)] = src
        return out

    @staticmethod
    def backward(ctx, grad):
        need_a, _, _, need_src = ctx.needs_input_grad
        grad_a = None
        if need_a:
            shape = np.shape(grad)
            zeros = np.zeros(shape[:ctx.dim] + np.shape(ctx.index) + shape[ctx.dim + 1:],
                             grad.dtype)
            grad_a = IndexCopy.compute(grad, ctx.dim, ctx.index, zeros)
        grad_src = IndexSelect.compute(grad, ctx.dim, ctx.index) if need_src else None
        return grad_a, None, None, grad_src


class MaskedFill(NumpyFunction):
    """a with `value` (a number or a 0-d tensor) where mask is True, in a's dtype.
    grad_a = g where not mask,  grad_value = Σ g where mask."""

    formula = "masked_fill(a, b, c)"
    derivatives = ("where(b, 0, 1)", None, "where(b, 1, 0)")

    @staticmethod
    def forward(ctx, a, mask, value):
        ctx.mask = mask
        if not isinstance(value, np.ndarray):
            value = fitted(value, a.dtype)
        return np.where(mask, np.asarray(value).astype(a.dtype), a)

    @staticmethod
    def backward(ctx, grad):
        need_a, _, need_value = ctx.needs_input_grad
        grad_a = np.where(ctx.mask, 0, grad) if need_a else None
        grad_value = np.where(ctx.mask, grad, 0) if need_value else None
        return grad_a, None, grad_value


class MaskedScatter(NumpyFunction):
    """a with the places where mask is True filled, in order, by source's first elements.
    grad_a = g where not mask,  grad_source = g[mask] then zeros, in source's shape."""

    formula = "masked_scatter(a, b, c)"
    derivatives = ("where(b, 0, 1)", None, "reshape(put_at(zeros_like(c).reshape(-1), "
                   "arange(g[b].size), g[b]), c.shape)")

    @staticmethod
    def forward(ctx, a, mask, source):
        ctx.mask, ctx.source_shape = mask, source.shape
        out = np.array(np.broadcast_to(a, mask.shape))
        out[mask] = source.reshape(-1)[:np.count_nonzero(mask)]
        return out

    @staticmethod
    def backward(ctx, grad):
        need_a, _, need_source = ctx.needs_input_grad
        grad_a = np.where(ctx.mask, 0, grad) if need_a else None
        grad_source = None
        if need_source:
            picked = Index.compute(grad, ((), (ctx.mask,)))
            rest = int(np.prod(ctx.source_shape)) - np.shape(picked)[0]
            padded = np.concatenate([picked, np.zeros(rest, grad.dtype)])
            grad_source = padded.reshape(ctx.source_shape)
        return grad_a, None, grad_source


def _dim_and_index(op: str, input, dim, index, error=RuntimeError) -> tuple:
    dim = normalize_dim(dim, input.ndim, op)
    index = index_array(index, op)
    if index.ndim > 1:
        raise IndexError(f"{op}(): Index is supposed to be a vector, got {index.ndim}-D")
    index = index.reshape(-1)
    size = input.shape[dim] if input.ndim else 1
    if index.size and (index.min() < 0 or index.max() >= size):
        bad = index.max() if index.max() >= size else index.min()
        raise error(f"{op}(): index {bad} is out of bounds for dimension {dim} with size "
                    f"{size}")
    return dim, index


def index_select(input, dim: int, index):
    """The slices input[…, index[i], …] along dim (index: 1-D int64 or int32)."""
    if not (isinstance(input, TENSOR_LIKE) and isinstance(index, TENSOR_LIKE)):
        raise not_a_tensor("index_select", input=input, index=index)
    if input.ndim > 1 and input.shape[normalize_dim(dim, input.ndim, "index_select")] == 0 and \
            np.size(index_array(index, "index_select")):
        raise RuntimeError("index_select(): self indexing axis dim should be positive")
    dim, index = _dim_and_index("index_select", input, dim, index, IndexError)
    if input.ndim == 0:
        if index.size != 1:
            raise RuntimeError(f"index_select(): Index to scalar can have only 1 value, got "
                               f"{index.size} value(s)")
        return IndexSelect.apply(input.reshape(1), 0, index).reshape(())
    return IndexSelect.apply(input, dim, index)


def _same_dtype(op: str, input, source) -> None:
    if isinstance(source, Tensor) and source.dtype != input.dtype:
        raise RuntimeError(f"{op}(): self ({input.dtype}) and source ({source.dtype}) must "
                           "have the same scalar type")


def _check_source(op: str, input, dim: int, index: np.ndarray, source) -> None:
    expected = input.shape[:dim] + (index.size,) + input.shape[dim + 1:]
    if tuple(source.shape) != expected and not (input.ndim == 0 and source.size == index.size):
        raise RuntimeError(f"{op}(): source of shape {tuple(source.shape)} must have shape "
                           f"{expected} (input's, with {index.size} at dim {dim})")


def index_add(input, dim: int, index, source, *, alpha=1):
    """input with alpha*source[…, i, …] added to input[…, index[i], …]."""
    if not (isinstance(input, TENSOR_LIKE) and
            isinstance(index, TENSOR_LIKE) and
            isinstance(source, TENSOR_LIKE)):
        raise not_a_tensor("index_add", input=input, index=index, source=source)
    dim, index = _dim_and_index("index_add", input, dim, index)
    _same_dtype("index_add", input, source)
    _check_source("index_add", input, dim, index, source)
    if input.ndim == 0:
        return IndexAdd.apply(input.reshape(1), 0, index, source.reshape(-1), alpha).reshape(())
    return IndexAdd.apply(input, dim, index, source, alpha)


def index_copy(input, dim: int, index, source):
    """input with input[…, index[i], …] = source[…, i, …]."""
    if not (isinstance(input, TENSOR_LIKE) and
            isinstance(index, TENSOR_LIKE) and
            isinstance(source, TENSOR_LIKE)):
        raise not_a_tensor("index_copy", input=input, index=index, source=source)
    dim, index = _dim_and_index("index_copy", input, dim, index)
    _same_dtype("index_copy", input, source)
    _check_source("index_copy", input, dim, index, source)
    if input.ndim == 0:
        return IndexCopy.apply(input.reshape(1), 0, index, source.reshape(-1)).reshape(())
    return IndexCopy.apply(input, dim, index, source)


def index_fill(input, dim: int, index, value):
    """input with the slices at index along dim set to value (a number or 0-d tensor)."""
    if not (isinstance(input, TENSOR_LIKE) and
            isinstance(index, TENSOR_LIKE) and
            isinstance(value, TENSOR_LIKE)):
        raise not_a_tensor("index_fill", input=input, index=index, value=value)
    dim, index = _dim_and_index("index_fill", input, dim, index)
    mask = np.zeros(input.shape[dim] if input.ndim else 1, bool)
    mask[index] = True
    mask = mask.reshape((-1,) + (1,) * (input.ndim - dim - 1)) if input.ndim else mask.reshape(())
    return masked_fill(input, mask, value)


def _mask_array(op: str, mask) -> np.ndarray:
    array = mask._data if isinstance(mask, Tensor) else np.asarray(mask)
    if array.dtype != bool:
        raise RuntimeError(f"{op} only supports boolean masks, but got mask with dtype "
                           f"{array.dtype}")
    return array


def masked_fill(input, mask, value):
    """input with `value` where mask (bool, broadcast to input) is True."""
    if not (isinstance(input, TENSOR_LIKE) and
            isinstance(mask, TENSOR_LIKE) and
            isinstance(value, TENSOR_LIKE)):
        raise not_a_tensor("masked_fill", input=input, mask=mask, value=value)
    mask = _mask_array("masked_fill", mask)
    if isinstance(value, Tensor) and value.ndim != 0:
        raise RuntimeError(f"masked_fill only supports a 0-dimensional value tensor, but got "
                           f"tensor with {value.ndim} dimension(s).")
    return MaskedFill.apply(input, mask, value)


class MaskedSelect(Index):
    """input[mask] for masked_select (PyTorch's MaskedSelectBackward0)."""

    op_name = "Index"


def masked_select(input, mask):
    """The elements of input where mask is True (the two broadcast), as a 1-D tensor."""
    if not (isinstance(input, TENSOR_LIKE) and isinstance(mask, TENSOR_LIKE)):
        raise not_a_tensor("masked_select", input=input, mask=mask)
    mask = _mask_array("masked_select", mask)
    shape = broadcast_shapes(input.shape, mask.shape)
    if input.shape != shape:
        input = input.expand(*shape)
    return MaskedSelect.apply(input, ((), (np.broadcast_to(mask, shape),)))


def masked_scatter(input, mask, source):
    """input with the True places of mask filled, in order, from source's elements."""
    if not (isinstance(input, TENSOR_LIKE) and
            isinstance(mask, TENSOR_LIKE) and
            isinstance(source, TENSOR_LIKE)):
        raise not_a_tensor("masked_scatter", input=input, mask=mask, source=source)
    mask = _mask_array("masked_scatter", mask)
    if source.dtype != input.dtype:
        raise RuntimeError(f"masked_scatter: expected self and source to have same dtypes but "
                           f"got {input.dtype} and {source.dtype}")
    mask = np.broadcast_to(mask, broadcast_shapes(input.shape, mask.shape))
    if np.count_nonzero(mask) > source.numel():
        raise RuntimeError("masked_scatter: Number of elements of source < number of ones in "
                           "mask")
    return MaskedScatter.apply(input, mask, source)


def bincount(input, weights=None, minlength: int = 0):
    """How often each value 0, 1, ..., max occurs in a 1-D tensor of non-negative integers
    (at least `minlength` bins); with `weights`, their sums per value instead."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("bincount", input=input)
    data = input._data if isinstance(input, Tensor) else np.asarray(input)
    if data.dtype.kind in "fc":
        raise NotImplementedError(f"\"bincount_cpu\" not implemented for '{data.dtype}'")
    if data.ndim != 1 or data.dtype == bool or (data.size and data.min() < 0):
        raise RuntimeError("bincount only supports 1-d non-negative integral inputs.")
    if minlength < 0:
        raise RuntimeError(f"minlength should be >= 0, got {minlength}")
    size = max(int(data.max()) + 1 if data.size else 0, minlength)
    if weights is None:
        return Tensor._make(np.bincount(data, minlength=size).astype(np.int64))
    if not isinstance(weights, Tensor):
        weights = Tensor(weights)
    if weights.shape != data.shape:
        raise RuntimeError("weights should be 1-d and have the same length as input")
    if weights.dtype.kind != "f":
        weights = weights.to(np.float64)  # integer weights count in float64, as PyTorch
    return IndexAdd.apply(Tensor._make(np.zeros(size, weights.dtype)), 0, data, weights, 1)


def take(input, index):
    """input, flattened, at `index` (any shape; negative indices count from the end)."""
    if not (isinstance(input, TENSOR_LIKE) and isinstance(index, TENSOR_LIKE)):
        raise not_a_tensor("take", input=input, index=index)
    index = index_array(index, "take")
    size = input.numel()
    if index.size and (index.max() >= size or index.min() < -size):
        bad = index.max() if index.max() >= size else index.min()
        raise IndexError(f"take(): index {bad} is out of bounds for a tensor of {size} "
                         "elements")
    return Index.apply(input.reshape(-1), ((), (index,)))


def nonzero(input, *, as_tuple: bool = False):
    """Indices of the nonzero elements: an (n, ndim) int64 tensor, or one 1-D tensor per dim."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("nonzero", input=input)
    data = input._data if isinstance(input, Tensor) else np.asarray(input)
    if data.ndim == 0:
        count = int(data != 0)
        if as_tuple:
            return (Tensor._make(np.zeros(count, np.int64)),)
        return Tensor._make(np.zeros((count, 0), np.int64))
    positions = np.nonzero(data)
    if as_tuple:
        return tuple(Tensor._make(p.astype(np.int64)) for p in positions)
    return Tensor._make(np.stack(positions, axis=1).astype(np.int64))


def argwhere(input):
    """Indices of the nonzero elements, an (n, ndim) int64 tensor."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("argwhere", input=input)
    return nonzero(input)


def where(condition, input=None, other=None):
    """input where condition holds, else other; with the condition alone,
    nonzero(condition, as_tuple=True)."""
    if not isinstance(condition, TENSOR_LIKE):
        raise not_a_tensor("where", condition=condition)
    if input is None and other is None:
        return nonzero(condition, as_tuple=True)
    if input is None or other is None:
        raise TypeError("where(): give both input and other, or neither")
    return elementwise.where(condition, input, other)
