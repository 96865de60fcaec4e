"""Searching sorted values and sets (no gradient: each result is positions, counts or
truth values): searchsorted, bucketize, unique, unique_consecutive, isin.

As PyTorch on the CPU: unique sorts its result whatever `sorted` says, and treats every NaN
as a value of its own; the searches promote the boundaries and the values to one dtype.
"""
from __future__ import annotations

import numpy as np

from autograd.ops.arguments import TENSOR_LIKE, check_is_tensor, not_a_tensor
from autograd.ops.dtypes import promote
from autograd.ops.logic import operand
from autograd.ops.reduce import normalize_dim
from autograd.tensor import Tensor

__all__ = ["searchsorted", "bucketize", "unique", "unique_consecutive", "isin"]


def _side(right: bool, side) -> str:
    """'left' or 'right' from searchsorted's two ways of saying it."""
    if side is None:
        return "right" if right else "left"
    if side not in ("left", "right"):
        raise RuntimeError(f"torch.searchsorted(): side can only be 'left' or 'right' but got "
                           f"{side}")
    if right and side == "left":
        raise RuntimeError("torch.searchsorted(): side and right can't be set to opposites, got "
                           "side of left while right was True")
    return side


def _search_arrays(sorted_sequence, values, sorter):
    """The boundaries (sorted by `sorter` when given) and the values, as arrays of one dtype,
    after PyTorch's shape checks."""
    boundaries = sorted_sequence.numpy(force=True)
    scalar = not isinstance(values, Tensor)
    data = np.asarray(operand(values))
    if boundaries.ndim == 0 or (scalar and boundaries.ndim != 1):
        raise RuntimeError(f"torch.searchsorted(): input value can be a scalar only when "
                           f"boundaries tensor dimension is 1, but we got boundaries tensor dim"
                           f"({boundaries.ndim}) and input value's dim({data.ndim}) numel("
                           f"{data.size})" if scalar else "torch.searchsorted(): boundaries "
                           "tensor should have positive dimension, but got 0 dimension")
    if boundaries.ndim > 1 and boundaries.shape[:-1] != data.shape[:-1]:
        raise RuntimeError(f"torch.searchsorted(): boundaries tensor should be 1 dimension or the "
                           f"first N-1 dimensions of boundaries tensor and input value tensor "
                           f"must match, but we got boundaries tensor {list(boundaries.shape)} "
                           f"and input value tensor {list(data.shape)}")
    if sorter is not None:
        order = np.asarray(operand(sorter))
        if order.shape != boundaries.shape or order.dtype != np.int64:
            raise RuntimeError("torch.searchsorted(): sorter must be an int64 tensor of the "
                               f"boundaries' shape {list(boundaries.shape)}, got {order.dtype} "
                               f"of shape {list(order.shape)}")
        boundaries = np.take_along_axis(boundaries, order, -1)
    boundaries, data = promote(boundaries, data if data.ndim or not scalar else data.item())
    if np.asarray(boundaries).dtype == bool:
        raise NotImplementedError("\"searchsorted_out_cpu\" not implemented for 'Bool'")
    return boundaries, np.asarray(data)


def searchsorted(sorted_sequence, input, *, out_int32: bool = False, right: bool = False,
                 side=None, sorter=None) -> Tensor:
    """For each value of input, the index in the innermost dim of sorted_sequence where it
    would be inserted to keep that dim sorted: the first such index (side='left'), or the
    last (side='right' or right=True). sorted_sequence is 1-D, or has input's leading dims
    (one sorted row per row of values). int64, or int32 with out_int32."""
    check_is_tensor("searchsorted", sorted_sequence=sorted_sequence)
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("searchsorted", input=input)
    side = _side(right, side)
    boundaries, values = _search_arrays(sorted_sequence, input, sorter)
    if boundaries.ndim == 1:
        rows, queries = boundaries.reshape(1, -1), values.reshape(1, -1)
    else:
        rows = boundaries.reshape(-1, boundaries.shape[-1])
        queries = values.reshape(len(rows), -1)
    positions = _bisect(rows, queries, side).reshape(values.shape)
    return Tensor._make(positions.astype(np.int32 if out_int32 else np.int64, copy=False))


def _bisect(rows: np.ndarray, queries: np.ndarray, side: str) -> np.ndarray:
    """Binary search of each query (R, m) in its sorted row (R, n), all at once, as
    PyTorch's kernel compares (so NaNs land where PyTorch puts them): the first position
    whose value is >= the query (side 'left'; > for 'right'), n when there is none."""
    start = np.zeros(queries.shape, np.int64)
    end = np.full(queries.shape, rows.shape[-1], np.int64)
    while np.any(start < end):
        searching = start < end
        middle = (start + end) // 2
        value = np.take_along_axis(rows, np.minimum(middle, rows.shape[-1] - 1), -1)
        past = value > queries if side == "right" else value >= queries
        start = np.where(searching & ~past, middle + 1, start)
        end = np.where(searching & past, middle, end)
    return start


def bucketize(input, boundaries, *, out_int32: bool = False, right: bool = False) -> Tensor:
    """The bucket of each value of input, between consecutive 1-D sorted boundaries:
    searchsorted(boundaries, input, right=right)."""
    check_is_tensor("bucketize", boundaries=boundaries)
    if boundaries.ndim != 1:
        raise RuntimeError(f"boundaries tensor must be 1 dimension, but got dim({boundaries.ndim})")
    return searchsorted(boundaries, input, out_int32=out_int32, right=right)


def _results(values: np.ndarray, inverse, counts, return_inverse: bool, return_counts: bool):
    """unique's result: the values alone, or a tuple with the inverse and/or the counts."""
    out = Tensor._make(values)
    extras = [Tensor._make(np.asarray(part, np.int64)) for part, wanted in
              ((inverse, return_inverse), (counts, return_counts)) if wanted]
    return (out, *extras) if extras else out


def unique(input, sorted: bool = True, return_inverse: bool = False,
           return_counts: bool = False, dim=None):
    """The distinct elements of input in ascending order (with `dim`, the distinct slices
    along it); optionally `inverse`, where each element (slice) of input went, and `counts`,
    how often each occurs. (`sorted=False` still sorts, as PyTorch on the CPU.)"""
    check_is_tensor("unique", input=input)
    data = input.numpy(force=True)
    if dim is None:
        values, inverse, counts = np.unique(data.reshape(-1), return_inverse=True,
                                            return_counts=True, equal_nan=False)
        return _results(values, inverse.reshape(data.shape), counts, return_inverse,
                        return_counts)
    dim = normalize_dim(dim, data.ndim, "unique")
    if data.size == 0:
        if data.shape[dim] == 0:
            return _results(data, np.zeros(data.shape[dim]), np.zeros(0), return_inverse,
                            return_counts)
        raise RuntimeError("There are 0 sized dimensions, and they aren't selected, so unique "
                           "cannot be applied")
    values, inverse, counts = np.unique(data, return_inverse=True, return_counts=True,
                                        axis=dim, equal_nan=False)
    return _results(values, inverse.reshape(-1), counts, return_inverse, return_counts)


def unique_consecutive(input, return_inverse: bool = False, return_counts: bool = False,
                       dim=None):
    """input with each run of equal consecutive elements (slices along `dim`) kept once;
    optionally `inverse` (the run each element belongs to) and `counts` (run lengths)."""
    check_is_tensor("unique_consecutive", input=input)
    data = input.numpy(force=True)
    if dim is None:
        slices = data.reshape(-1, 1)
    else:
        dim = normalize_dim(dim, data.ndim, "unique_consecutive")
        slices = np.moveaxis(data, dim, 0).reshape(data.shape[dim] if data.ndim else 1, -1)
    starts = np.ones(len(slices), bool)
    starts[1:] = np.any(slices[1:] != slices[:-1], axis=1)
    inverse = np.cumsum(starts) - 1
    counts = np.diff(np.append(np.flatnonzero(starts), len(slices)))
    if dim is None:
        values, inverse = data.reshape(-1)[starts], inverse.reshape(data.shape)
    else:
        values = np.compress(starts, data, axis=dim)
    return _results(values, inverse, counts, return_inverse, return_counts)


def isin(elements, test_elements, *, assume_unique: bool = False, invert: bool = False):
    """A bool tensor of elements' shape: True where the element is one of test_elements
    (False with invert=True). One of the two may be a number."""
    if not (isinstance(elements, TENSOR_LIKE) and isinstance(test_elements, TENSOR_LIKE)):
        raise not_a_tensor("isin", elements=elements, test_elements=test_elements)
    if not (isinstance(elements, Tensor) or isinstance(test_elements, Tensor)):
        raise TypeError("isin() received an invalid combination of arguments: at least one of "
                        "elements and test_elements must be a Tensor")
    if any(isinstance(x, Tensor) and x.dtype == bool for x in (elements, test_elements)):
        raise RuntimeError("Unsupported input type encountered for isin(): Bool")
    a, b = promote(operand(elements), operand(test_elements))
    return Tensor._make(np.asarray(np.isin(a, b, invert=invert)))
