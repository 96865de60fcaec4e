"""Comparisons and logic (no gradient): == != < <= > >=, any, all, argmax, argmin."""
from __future__ import annotations

import numpy as np

from autograd.ops.dtypes import promote
from autograd.ops.reduce import normalize_dim, normalize_dims
from autograd.tensor import Tensor

__all__ = ["eq", "ne", "lt", "le", "gt", "ge", "any", "all", "argmax", "argmin"]


def _array(x):
    return x._data if isinstance(x, Tensor) else x


def _compare(ufunc, input, other) -> Tensor:
    a, b = promote(_array(input), _array(other))
    return Tensor._make(np.asarray(ufunc(a, b)))


def eq(input, other) -> Tensor:
    """input == other elementwise, a bool tensor."""
    return _compare(np.equal, input, other)


def ne(input, other) -> Tensor:
    return _compare(np.not_equal, input, other)


def lt(input, other) -> Tensor:
    return _compare(np.less, input, other)


def le(input, other) -> Tensor:
    return _compare(np.less_equal, input, other)


def gt(input, other) -> Tensor:
    return _compare(np.greater, input, other)


def ge(input, other) -> Tensor:
    return _compare(np.greater_equal, input, other)


def any(input: Tensor, dim=None, keepdim: bool = False) -> Tensor:
    """True where any element (along dim) is nonzero."""
    dims = normalize_dims(dim, input.ndim, "any")
    return Tensor._make(np.asarray(np.any(input._data, axis=dims, keepdims=keepdim)))


def all(input: Tensor, dim=None, keepdim: bool = False) -> Tensor:
    """True where every element (along dim) is nonzero."""
    dims = normalize_dims(dim, input.ndim, "all")
    return Tensor._make(np.asarray(np.all(input._data, axis=dims, keepdims=keepdim)))


def argmax(input: Tensor, dim=None, keepdim: bool = False) -> Tensor:
    """Index of the largest element (of the flattened tensor when dim is None)."""
    return _arg_extreme(np.argmax, input, dim, keepdim)


def argmin(input: Tensor, dim=None, keepdim: bool = False) -> Tensor:
    """Index of the smallest element (of the flattened tensor when dim is None)."""
    return _arg_extreme(np.argmin, input, dim, keepdim)


def _arg_extreme(arg_reduce, input: Tensor, dim, keepdim: bool) -> Tensor:
    data = input._data
    if data.size == 0:
        raise RuntimeError(f"{arg_reduce.__name__}(): Expected reduction dim to be specified "
                           "for input.numel() == 0.")
    if dim is None:
        index = arg_reduce(data)
        return Tensor._make(np.asarray(index if not keepdim else np.reshape(index, (1,) * data.ndim),
                                       dtype=np.int64))
    dim = normalize_dim(dim, data.ndim, arg_reduce.__name__)
    if data.ndim == 0:
        return Tensor._make(np.zeros((), np.int64))
    return Tensor._make(np.asarray(arg_reduce(data, axis=dim, keepdims=keepdim), dtype=np.int64))
