"""Sorting and order statistics: sort, argsort, msort, topk, kthvalue, median, nanmedian.

The indices come from a stable NumPy sort with PyTorch's NaN order (NaN is the largest
value); the values are picked at them (one op per function, named as PyTorch names its
node), so their gradient goes back to those indices.
"""
from __future__ import annotations

import numpy as np

from autograd import return_types
from autograd.ops.arguments import TENSOR_LIKE, not_a_tensor
from autograd.ops.gather import PickedValues
from autograd.ops.reduce import normalize_dim
from autograd.tensor import Tensor

__all__ = ["Sort", "Topk", "Kthvalue", "MedianAll", "Median", "NanmedianAll", "Nanmedian",
           "sort", "argsort", "msort", "topk", "kthvalue", "median", "nanmedian"]


class Sort(PickedValues):
    """The values of sort: input's values in the order the indices give."""


class Topk(PickedValues):
    """The values of topk: the k largest (or smallest) along dim."""


class Kthvalue(PickedValues):
    """The values of kthvalue: the k-th smallest along dim."""


class MedianAll(PickedValues):
    """median() of all elements: the lower median of the flattened input."""

    node_name = "MedianBackward0"
    op_name = "Median"


class Median(PickedValues):
    """The values of median(dim): the lower median along dim."""

    node_name = "MedianBackward1"


class NanmedianAll(PickedValues):
    """nanmedian() of all elements: the lower median of the values that are not NaN."""

    node_name = "NanmedianBackward0"
    op_name = "Nanmedian"


class Nanmedian(PickedValues):
    """The values of nanmedian(dim): the lower median along dim of the values not NaN."""

    node_name = "NanmedianBackward1"


def _order(data: np.ndarray, dim: int, descending: bool) -> np.ndarray:
    """Indices that sort data along dim; equal values keep their order (NaN is largest)."""
    if not descending:
        return np.argsort(data, axis=dim, kind="stable")
    n = data.shape[dim]
    reverse = (slice(None),) * dim + (slice(None, None, -1),)
    return (n - 1) - np.argsort(data[reverse], axis=dim, kind="stable")[reverse]


def _take(result_type, pick, input, dim: int, index: np.ndarray, keepdim: bool = True):
    """result_type(values, indices) of input at index along dim, the dim dropped unless
    keepdim; `pick` is the op that takes the values (Sort, Topk, ...)."""
    values = pick.apply(input, dim, index, keepdim)
    if not keepdim:
        index = np.squeeze(index, dim)
    return result_type((values, Tensor._make(index.astype(np.int64, copy=False))))


def _scalar_case(result_type, pick, input, op: str, dim=None):
    """0-d inputs: result_type(the value itself, index 0) (dim must be 0 or -1)."""
    if dim is not None:
        normalize_dim(dim, 0, op)
    values = pick.apply(input.reshape(1), 0, np.zeros(1, np.int64), False)
    return result_type((values, Tensor._make(np.zeros((), np.int64))))


def sort(input, dim: int = -1, descending: bool = False, stable: bool = False):
    """(values, indices) of input sorted along dim (ascending unless descending; equal
    values keep their order; NaN sorts as the largest)."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("sort", input=input)
    if input.ndim == 0:
        return _scalar_case(return_types.sort, Sort, input, "sort", dim)
    dim = normalize_dim(dim, input.ndim, "sort")
    return _take(return_types.sort, Sort, input, dim, _order(input._data, dim, descending))


def argsort(input, dim: int = -1, descending: bool = False, stable: bool = False) -> Tensor:
    """The indices that sort input along dim."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("argsort", input=input)
    if input.ndim == 0:
        normalize_dim(dim, 0, "argsort")
        return Tensor._make(np.zeros((), np.int64))
    dim = normalize_dim(dim, input.ndim, "argsort")
    return Tensor._make(_order(input._data, dim, descending).astype(np.int64, copy=False))


def msort(input) -> Tensor:
    """input sorted along dim 0."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("msort", input=input)
    return sort(input, 0).values


def topk(input, k: int, dim: int = -1, largest: bool = True, sorted: bool = True):
    """(values, indices) of the k largest (or smallest) elements along dim, in order."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("topk", input=input)
    dim = normalize_dim(dim, input.ndim, "topk")
    size = input.shape[dim] if input.ndim else 1
    if input.dtype == bool:
        raise RuntimeError("topk does not support bool dtypes on CPU")
    if not 0 <= k <= size:
        raise RuntimeError(f"topk(): selected index k out of range (k = {k}, size along dim "
                           f"= {size})")
    if input.ndim == 0:
        return _scalar_case(return_types.topk, Topk, input, "topk", dim)
    order = _order(input._data, dim, descending=largest)
    return _take(return_types.topk, Topk, input, dim, order[(slice(None),) * dim + (slice(0, k),)])


def kthvalue(input, k: int, dim: int = -1, keepdim: bool = False):
    """(values, indices) of the k-th smallest element (k from 1) along dim."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("kthvalue", input=input)
    dim = normalize_dim(dim, input.ndim, "kthvalue")
    size = input.shape[dim] if input.ndim else 1
    if not 1 <= k <= size:
        raise RuntimeError(f"kthvalue(): selected number k out of range for dimension {dim} "
                           f"(k = {k}, size = {size})")
    if input.ndim == 0:
        return _scalar_case(return_types.kthvalue, Kthvalue, input, "kthvalue", dim)
    order = _order(input._data, dim, descending=False)
    return _take(return_types.kthvalue, Kthvalue, input, dim,
                 order[(slice(None),) * dim + (slice(k - 1, k),)], keepdim)


def _median_index(data: np.ndarray, dim: int, ignore_nan: bool) -> np.ndarray:
    """Index (keepdims) of the lower median along dim; where a NaN is present, the first
    NaN (median) or the median of the other values (nanmedian)."""
    order = _order(data, dim, descending=False)
    nan = np.isnan(data) if data.dtype.kind == "f" else np.zeros(data.shape, bool)
    valid = data.shape[dim] - np.sum(nan, axis=dim, keepdims=True) * ignore_nan
    index = np.take_along_axis(order, np.maximum((valid - 1) // 2, 0), axis=dim)
    if not ignore_nan:
        index = np.where(np.any(nan, axis=dim, keepdims=True),
                         np.argmax(nan, axis=dim, keepdims=True), index)
    return index


def _median(op: str, picks: tuple, input, dim, keepdim: bool, ignore_nan: bool):
    """The median of all elements, or (values, indices) along dim; `picks` are the ops that
    take the values in each case ((MedianAll, Median) or the nanmedian pair)."""
    result_type = getattr(return_types, op)  # return_types.median or .nanmedian
    pick_all, pick = picks
    if dim is None:
        _refuse_bool(op, input)
        if input.numel() == 0:
            return Tensor._make(np.asarray(np.nan, input.dtype))
        flat = input.reshape(-1)
        index = _median_index(flat._data, 0, ignore_nan)
        return _take(result_type, pick_all, flat, 0, index, keepdim=False).values
    dim = normalize_dim(dim, input.ndim, op)
    if input.ndim and input.shape[dim] == 0:
        raise IndexError(f"{op}(): Expected reduction dim {dim} to have non-zero size.")
    _refuse_bool(op + "_out", input)
    if input.ndim == 0:
        return _scalar_case(result_type, pick, input, op, dim)
    return _take(result_type, pick, input, dim, _median_index(input._data, dim, ignore_nan),
                 keepdim)


def _refuse_bool(op: str, input) -> None:
    if input.dtype == bool:
        raise NotImplementedError(f"\"{op}\" not implemented for 'Bool'")


def median(input, dim=None, keepdim: bool = False):
    """The lower median of all elements; with dim, (values, indices) along it. NaN if any
    element is NaN."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("median", input=input)
    return _median("median", (MedianAll, Median), input, dim, keepdim, ignore_nan=False)


def nanmedian(input, dim=None, keepdim: bool = False):
    """As median, ignoring NaNs (NaN only where every element is NaN)."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("nanmedian", input=input)
    return _median("nanmedian", (NanmedianAll, Nanmedian), input, dim, keepdim,
                   ignore_nan=True)
