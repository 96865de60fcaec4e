"""Indexing with PyTorch's rules: t[key] and t[key] = value (index_put_ with accumulate).

PyTorch and NumPy differ in one place: PyTorch applies integers as basic indexing (they
remove their dim first) and only then the advanced indices (int and bool tensors), so
`t[1, :, [0, 2]]` on (2, 3, 4) has shape (3, 2) where NumPy gives (2, 3). An index is
therefore kept as a pair (basic, advanced): the basic part (ints, slices, None) is applied
first, then the advanced part (arrays, with slices for the other dims), where NumPy's rule
for where the advanced dims go is PyTorch's rule.
"""
from __future__ import annotations

import warnings

import numpy as np

from autograd.function import NumpyFunction
from autograd.ops.arguments import TENSOR_LIKE, not_a_tensor
from autograd.tensor import Tensor

__all__ = ["Index", "Slice", "Select", "NewAxes", "IndexBackward", "IndexPut", "index",
           "index_put_", "index_put", "as_index", "get_at", "set_at"]

_FULL = slice(None)


def get_at(a, index):
    """a[basic][advanced] for an index pair."""
    basic, advanced = index
    out = a[basic] if basic else a
    return out if advanced is None else out[advanced]


class Index(NumpyFunction):
    """a[key]; the gradient is added back at the indexed places (repeats add up)."""

    formula = "a[b]"
    derivatives = ("add_at(zeros_like(a), b, g)", None)

    @staticmethod
    def forward(ctx, a, index):
        ctx.shape, ctx.index = a.shape, index
        basic, advanced = index
        try:
            out = a[basic] if basic else a
            return out if advanced is None else out[advanced]
        except IndexError as error:  # an index out of range: NumPy's message, PyTorch's words
            raise IndexError(str(error).replace("axis", "dimension")) from None

    @staticmethod
    def backward(ctx, grad):
        return IndexBackward.compute(grad, ctx.shape, ctx.index), None


class Slice(Index):
    """a[i:j] (basic indexing whose last step is a slice): PyTorch's SliceBackward0.
    The gradient is g placed back at the sliced places."""


class Select(Index):
    """a[i] (basic indexing whose last step is an integer): PyTorch's SelectBackward0.
    The gradient is g placed back at the selected places."""


class NewAxes(Index):
    """a[None], a[:, None] (basic indexing whose last step adds a dim): PyTorch's
    UnsqueezeBackward0. The gradient is g with the added dims dropped."""

    node_name = "UnsqueezeBackward0"
    op_name = "Unsqueeze"


def _basic_op(basic: tuple, shape: tuple):
    """The op PyTorch names for basic indexing: the last step that is not a full slice
    decides (None adds a dim, an integer selects, a slice slices); Index otherwise."""
    dims = [None] * len(basic)  # the input dim each part indexes
    dim = 0
    for at, part in enumerate(basic):
        if part is not None:
            dims[at], dim = dim, dim + 1
    for part, dim in zip(reversed(basic), reversed(dims)):
        if part is None:
            return NewAxes
        if part.__class__ is int:
            return Select
        if part.__class__ is slice and dim < len(shape) and part != _FULL and \
                part.indices(shape[dim]) != (0, shape[dim], 1):
            return Slice
    return Slice if len(basic) == 1 and basic[0].__class__ is slice else Index  # t[:]


class IndexBackward(NumpyFunction):
    """Zeros of `shape` with g added at `index` (the backward of indexing)."""

    formula = "add_at(zeros(b), c, a)"
    derivatives = ("get_at(g, c)", None, None)

    @staticmethod
    def forward(ctx, grad, shape, index):
        ctx.index = index
        out = np.zeros(shape, grad.dtype)
        set_at(out, index, grad, accumulate=index[1] is not None)  # basic places never repeat
        return out

    @staticmethod
    def backward(ctx, grad):
        return Index.compute(grad, ctx.index), None, None


class IndexPut(NumpyFunction):
    """a with a[index] = value (or += value when accumulate).  grad_a = g, zero at index
    unless accumulate;  grad_value = g[index]."""

    formula = "index_put(a, b, c, accumulate=d)"
    derivatives = ("g if d else put_at(g, b, 0)", None, "get_at(g, b)", None)

    @staticmethod
    def forward(ctx, a, index, value, accumulate):
        ctx.index, ctx.accumulate, ctx.value_ndim = index, accumulate, np.ndim(value)
        out = a.copy()
        try:
            set_at(out, index, value, accumulate)
        except IndexError as error:
            raise IndexError(str(error).replace("axis", "dimension")) from None
        except ValueError:
            raise RuntimeError(f"shape mismatch: value tensor of shape {list(np.shape(value))} "
                               f"cannot be broadcast to indexing result of shape "
                               f"{list(np.shape(get_at(a, index)))}") from None
        return out

    @staticmethod
    def backward(ctx, grad):
        need_a, _, need_value, _ = ctx.needs_input_grad
        grad_a = None
        if need_a:
            grad_a = grad if ctx.accumulate else IndexPut.compute(grad, ctx.index, 0, False)
        grad_value = None
        if need_value:
            grad_value = Index.compute(grad, ctx.index)
            extra = ctx.value_ndim - np.ndim(grad_value)
            if extra > 0:  # value had leading 1s that assignment dropped
                grad_value = grad_value.reshape((1,) * extra + tuple(np.shape(grad_value)))
        return grad_a, None, grad_value, None


def set_at(out: np.ndarray, index, value, accumulate: bool) -> None:
    """out[index] = value, or += value with repeated places adding up."""
    basic, advanced = index
    if advanced is None:
        if accumulate:
            out[basic] += value
        else:
            out[basic] = value
        return
    target = out[basic] if basic else out
    if accumulate:
        np.add.at(target, advanced, value)
    else:
        target[advanced] = value


# --- from a Python key to an index pair --------------------------------------------------

def as_index(key, shape: tuple):
    """The (basic, advanced) pair for `key` on a tensor of `shape`, checked as PyTorch does."""
    if key.__class__ is int:
        if not shape:
            _check_int(key, 0, shape)
        return (key,), None  # out of range: NumPy raises (in Index.forward)
    if key.__class__ is slice:
        _check_slice(key)
        return (key,), None
    if key.__class__ is Tensor or key.__class__ is np.ndarray:
        array = key._data if key.__class__ is Tensor else key
        if array.ndim and array.dtype.kind in "iu" and array.dtype != np.uint8 and shape:
            return (), (array,)  # one index tensor: NumPy's rules are PyTorch's
    if key.__class__ is tuple and len(key) <= len(shape) and _is_plain(key, shape):
        return key, None
    if key.__class__ is list and _list_is_tuple(key):
        warnings.warn("Using a non-tuple sequence for multidimensional indexing is deprecated; "
                      "use x[tuple(seq)] instead of x[seq] (PyTorch reads a list holding "
                      "lists, slices, tensors, None or ... as a tuple of indices)",
                      UserWarning, stacklevel=4)
        key = tuple(key)
    parts = key if key.__class__ is tuple else (key,)
    converted = []
    for p in parts:  # a loop, not a comprehension: _part's warnings point at the caller
        converted.append(_part(p))
    parts = _expand_ellipsis(converted, len(shape))
    return _split(parts, shape)


def _is_plain(key: tuple, shape: tuple) -> bool:
    """True for a tuple of ints and forward slices (the common, basic case; an int out of
    range is left to NumPy, whose dims are then PyTorch's)."""
    for p in key:
        if p.__class__ is slice:
            _check_slice(p)
        elif p.__class__ is not int:
            return False
    return True


def _list_is_tuple(key: list) -> bool:
    """PyTorch reads a short list holding sequences, slices, tensors, None or ... as a tuple."""
    return len(key) < 32 and any(isinstance(p, (Tensor, list, tuple, slice, np.ndarray, range))
                                 or p is None or p is Ellipsis for p in key)


def _part(p):
    """One index part as int, slice, None, Ellipsis, a bool, or an int/bool array."""
    if p is None or p is Ellipsis or p.__class__ is int:
        return p
    if isinstance(p, slice):
        _check_slice(p)
        return p
    if isinstance(p, (bool, np.bool_)):
        return bool(p)
    if isinstance(p, np.integer):
        return int(p)
    if isinstance(p, (Tensor, np.ndarray, list, tuple, range)):
        array = p._data if isinstance(p, Tensor) else np.asarray(p)
        if array.dtype == np.uint8:
            warnings.warn("indexing with dtype uint8 is now deprecated, please use a dtype bool "
                          "instead.", UserWarning, stacklevel=5)
            array = array.astype(bool)  # a uint8 tensor is a mask, as in PyTorch
        if array.dtype == bool:
            return bool(array) if array.ndim == 0 else array
        if array.dtype.kind in "iu" or (array.size == 0 and array.dtype.kind == "f"):
            return int(array) if array.ndim == 0 else array.astype(np.int64, copy=False)
        raise IndexError(f"tensors used as indices must be long, int, byte or bool tensors, "
                         f"got {array.dtype}")
    raise IndexError(f"only integers, slices (`:`), ellipsis (`...`), None and long or byte "
                     f"Variables are valid indices (got {type(p).__name__})")


def _check_slice(s: slice) -> None:
    if s.step is not None and s.step <= 0:
        raise ValueError("step must be greater than zero")


def _consumed(p) -> int:
    """How many of the tensor's dims an index part uses."""
    if p is None or p is Ellipsis or p.__class__ is bool:
        return 0
    if isinstance(p, np.ndarray) and p.dtype == bool:
        return p.ndim
    return 1


def _expand_ellipsis(parts: list, ndim: int) -> list:
    used = sum(_consumed(p) for p in parts)
    if used > ndim:
        if ndim == 0 and any(p.__class__ is int for p in parts):
            raise IndexError("invalid index of a 0-dim tensor. Use `tensor.item()` in Python "
                             "to convert a 0-dim tensor to a number")
        raise IndexError(f"too many indices for tensor of dimension {ndim}")
    at = next((i for i, p in enumerate(parts) if p is Ellipsis), None)
    if at is None:
        return parts
    rest = [p for p in parts[at + 1:] if p is not Ellipsis]
    return parts[:at] + [_FULL] * (ndim - used) + rest


def _split(parts: list, shape: tuple):
    """Check each part against the dim it indexes and build the (basic, advanced) pair."""
    basic, advanced, dim, has_advanced = [], [], 0, False
    for p in parts:
        if p is None or p is True:
            basic.append(None)
            advanced.append(_FULL)
        elif p is False:
            basic.append(None)
            advanced.append(np.zeros(0, np.int64))
            has_advanced = True
        elif p.__class__ is int:
            _check_int(p, dim, shape)
            basic.append(p)
            dim += 1
        elif p.__class__ is slice:
            basic.append(p)
            advanced.append(_FULL)
            dim += 1
        else:
            width = _check_array(p, dim, shape)
            basic.extend([_FULL] * width)
            advanced.append(p)
            dim += width
            has_advanced = True
    if not has_advanced:
        return tuple(basic), None
    while advanced and advanced[-1] is _FULL:
        advanced.pop()
    if all(b is _FULL for b in basic):
        basic = []
    return tuple(basic), tuple(advanced)


def _check_int(i: int, dim: int, shape: tuple) -> None:
    if not shape:
        raise IndexError("invalid index of a 0-dim tensor. Use `tensor.item()` in Python to "
                         "convert a 0-dim tensor to a number")
    size = shape[dim]
    if not -size <= i < size:
        raise IndexError(f"index {i} is out of bounds for dimension {dim} with size {size}")


def _check_array(p: np.ndarray, dim: int, shape: tuple) -> int:
    """The number of dims an array index covers, after checking it fits them."""
    if p.dtype == bool:
        covered = shape[dim:dim + p.ndim]
        if p.shape != covered:
            for k, (n, m) in enumerate(zip(p.shape, covered)):
                if n != m:
                    raise IndexError(f"The shape of the mask {list(p.shape)} at index {k} does "
                                     f"not match the shape of the indexed tensor "
                                     f"{list(shape)} at index {dim + k}")
        return p.ndim
    size = shape[dim]
    if p.size:
        low, high = p.min(), p.max()
        if high >= size or low < -size:
            bad = high if high >= size else low
            raise IndexError(f"index {bad} is out of bounds for dimension {dim} with size "
                             f"{size}")
    return 1


def index(input: Tensor, key) -> Tensor:
    """input[key] with PyTorch's rules."""
    shape = input._data.shape
    pair = as_index(key, shape)
    if pair[1] is None and not _has_true(key):
        return _basic_op(pair[0], shape).apply(input, pair)
    return Index.apply(input, pair)


def _has_true(key) -> bool:
    """Whether key holds a True (a 0-d mask adding a dim: PyTorch records IndexBackward0)."""
    parts = key if isinstance(key, (tuple, list)) else (key,)
    return any(p is True or p.__class__ is np.bool_ or
               (p.__class__ is Tensor and p._data.ndim == 0 and p._data.dtype == bool)
               for p in parts)


def _same_dtype(op: str, input: Tensor, value) -> None:
    """index_put takes a value tensor of input's dtype only (t[key] = v casts, index_put
    does not), as PyTorch."""
    if isinstance(value, Tensor) and value.dtype != input.dtype:
        raise RuntimeError(f"{op}: Index put requires the source and destination dtypes match, "
                           f"got {input.dtype} for the destination and {value.dtype} for the "
                           "source")


def index_put_(input: Tensor, key, value, accumulate: bool = False) -> Tensor:
    """input[key] = value in place (value broadcast; += with repeats adding up when
    accumulate). `key` is a tuple of index tensors, or any key t[...] accepts."""
    if not (isinstance(input, TENSOR_LIKE) and isinstance(value, TENSOR_LIKE)):
        raise not_a_tensor("index_put_", input=input, value=value)
    _same_dtype("index_put_", input, value)
    key = tuple(key) if isinstance(key, list) and all(isinstance(k, Tensor) for k in key) else key
    return input._inplace(IndexPut, as_index(key, input._data.shape), value, bool(accumulate))


def index_put(input: Tensor, key, value, accumulate: bool = False) -> Tensor:
    """A copy of input with input[key] = value (see index_put_)."""
    if not (isinstance(input, TENSOR_LIKE) and isinstance(value, TENSOR_LIKE)):
        raise not_a_tensor("index_put", input=input, value=value)
    _same_dtype("index_put", input, value)
    key = tuple(key) if isinstance(key, list) and all(isinstance(k, Tensor) for k in key) else key
    return IndexPut.apply(input, as_index(key, input._data.shape), value, bool(accumulate))
