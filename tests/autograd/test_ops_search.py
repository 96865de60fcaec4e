"""The ops without a gradient against PyTorch: searching (searchsorted, bucketize), sets
(unique, unique_consecutive, isin) and the steps nextafter and heaviside: values, shapes and
dtypes over integer, float and bool inputs, broadcasting, empty and 0-d tensors, errors."""
from __future__ import annotations

import math

import numpy as np
import pytest

import autograd as ag
from tests.autograd.op_cases import assert_same

SORTED = [[1, 3, 5, 7, 9], [2, 2, 4, 6, 8]]
VALUES = [[3, 6, 9, 0], [1, 2, 8, 9]]


def _args(lib, args):
    """Each array-like argument as lib's tensor; numbers and None as they are."""
    return [lib.tensor(np.asarray(a)) if isinstance(a, (list, np.ndarray)) else a for a in args]


CALLS = [
    ("searchsorted_1d", lambda L, s, v: L.searchsorted(s, v), (SORTED[0], VALUES)),
    ("searchsorted_right", lambda L, s, v: L.searchsorted(s, v, right=True), (SORTED[1], VALUES)),
    ("searchsorted_side", lambda L, s, v: L.searchsorted(s, v, side="right"), (SORTED, VALUES)),
    ("searchsorted_rows", lambda L, s, v: L.searchsorted(s, v), (SORTED, VALUES)),
    ("searchsorted_float_values", lambda L, s, v: L.searchsorted(s, v.double() + 0.5),
     (SORTED, VALUES)),
    ("searchsorted_scalar", lambda L, s: L.searchsorted(s, 4), (SORTED[0],)),
    ("searchsorted_0d_value", lambda L, s: L.searchsorted(s, L.tensor(5.0)), (SORTED[0],)),
    ("searchsorted_empty_values", lambda L, s: L.searchsorted(s, L.zeros(0)), (SORTED[0],)),
    ("searchsorted_empty_boundaries", lambda L, v: L.searchsorted(L.zeros(0), v), (VALUES,)),
    ("searchsorted_int32", lambda L, s, v: L.searchsorted(s, v, out_int32=True),
     (SORTED, VALUES)),
    ("searchsorted_sorter", lambda L, s, v: L.searchsorted(s, v, sorter=s.argsort()),
     ([[5, 1, 9, 3, 7], [8, 2, 6, 2, 4]], VALUES)),
    ("searchsorted_nan", lambda L, s, v: L.searchsorted(s, v), ([1.0, 2.0, 3.0],
                                                               [math.inf, -math.inf, 2.0])),
    ("bucketize", lambda L, v, b: L.bucketize(v, b), (VALUES, SORTED[0])),
    ("bucketize_right_int32", lambda L, v, b: L.bucketize(v, b, right=True, out_int32=True),
     (VALUES, SORTED[1])),
    ("bucketize_scalar", lambda L, b: L.bucketize(2.0, b), ([1.0, 2.0, 3.0],)),
    ("unique", lambda L, x: L.unique(x), ([[3, 1, 2], [1, 3, 3]],)),
    ("unique_all", lambda L, x: x.unique(return_inverse=True, return_counts=True),
     ([[3, 1, 2], [1, 3, 3]],)),
    ("unique_unsorted_is_sorted", lambda L, x: L.unique(x, sorted=False), ([3, 1, 2, 1],)),
    ("unique_float_nan", lambda L, x: L.unique(x, return_counts=True),
     ([2.0, math.nan, 1.0, math.nan, 2.0],)),
    ("unique_bool", lambda L, x: L.unique(x > 1, return_inverse=True), ([3, 1, 2],)),
    ("unique_0d", lambda L, x: L.unique(x[0], return_inverse=True), ([3, 1],)),
    ("unique_empty", lambda L: L.unique(L.zeros(0), return_inverse=True, return_counts=True),
     ()),
    ("unique_dim0", lambda L, x: L.unique(x, dim=0, return_inverse=True, return_counts=True),
     ([[1, 2], [1, 2], [0, 5]],)),
    ("unique_dim1", lambda L, x: x.unique(dim=1, return_inverse=True),
     ([[1, 0, 1], [2, 5, 2]],)),
    ("unique_dim_of_size_0", lambda L: L.unique(L.zeros(2, 0), dim=1, return_counts=True), ()),
    ("unique_consecutive", lambda L, x: L.unique_consecutive(x), ([1, 1, 2, 2, 3, 1, 1, 2],)),
    ("unique_consecutive_all", lambda L, x: x.unique_consecutive(return_inverse=True,
                                                                 return_counts=True),
     ([[1, 1, 2], [2, 3, 3]],)),
    ("unique_consecutive_dim", lambda L, x: L.unique_consecutive(x, return_counts=True, dim=1),
     ([[1, 1, 2, 2], [1, 1, 3, 2]],)),
    ("unique_consecutive_dim0", lambda L, x: L.unique_consecutive(x, return_inverse=True, dim=0),
     ([[1, 1], [1, 1], [0, 1]],)),
    ("unique_consecutive_empty", lambda L: L.unique_consecutive(L.zeros(0), return_counts=True),
     ()),
    ("isin", lambda L, x, t: L.isin(x, t), ([[1, 2], [3, 4]], [4, 1, 9])),
    ("isin_invert", lambda L, x, t: L.isin(x, t, invert=True), ([[1, 2], [3, 4]], [4, 1, 9])),
    ("isin_promotes", lambda L, x, t: L.isin(x, t), ([1, 2, 3], [1.0, 2.5])),
    ("isin_number_elements", lambda L, t: L.isin(2, t), ([4, 2],)),
    ("isin_number_test", lambda L, x: L.isin(x, 2), ([[1, 2], [2, 4]],)),
    ("isin_empty", lambda L, x: L.isin(x, L.zeros(0)), ([1.0, 2.0],)),
    ("nextafter", lambda L, x, y: L.nextafter(x, y), ([1.0, 0.0, -2.0], [[2.0], [-1.0]])),
    ("nextafter_float32", lambda L, x, y: x.float().nextafter(y.float()), ([1.0, 0.0], [0.0, 1.0])),
    ("nextafter_0d", lambda L, x: L.nextafter(x[0], L.tensor(math.inf, dtype=L.float64)),
     ([1.0, 2.0],)),
    ("heaviside", lambda L, x, v: L.heaviside(x, v), ([-1.5, 0.0, 2.0], [0.5])),
    ("heaviside_broadcast", lambda L, x, v: x.heaviside(v), ([[-1, 0, 2]], [[7], [0]])),
    ("heaviside_nan", lambda L, x, v: L.heaviside(x, v), ([math.nan, 0.0], [0.5, 0.5])),
    ("heaviside_empty", lambda L, x: L.heaviside(L.zeros(0, 3), x.float()), ([1.0, 2.0, 3.0],)),
]


@pytest.mark.parametrize("name, call, args", CALLS, ids=[c[0] for c in CALLS])
def test_values_shapes_and_dtypes_match_pytorch(torch, name, call, args):
    ours = call(ag, *_args(ag, args))
    theirs = call(torch, *_args(torch, args))
    assert type(ours) is type(theirs) or isinstance(theirs, torch.Tensor)
    assert_same(ours, theirs)


def test_the_ops_without_gradient_give_results_that_need_none():
    x = ag.tensor([0.5, 2.0], requires_grad=True)
    assert not ag.nextafter(x, ag.tensor([1.0, 1.0])).requires_grad
    assert not ag.heaviside(x, ag.tensor([0.5])).requires_grad
    assert not ag.unique(x).requires_grad
    assert not ag.histc(x, 3).requires_grad


def test_inplace_forms_write_into_the_tensor(torch):
    for name in ("hypot_", "copysign_", "xlogy_", "ldexp_", "nextafter_", "heaviside_"):
        ours, theirs = ag.tensor([0.5, -2.0, 0.0]), torch.tensor([0.5, -2.0, 0.0])
        assert getattr(ours, name)(ag.tensor([1.0, 3.0, 0.0])) is ours
        getattr(theirs, name)(torch.tensor([1.0, 3.0, 0.0]))
        assert_same(ours, theirs)


ERRORS = [
    ("searchsorted_side", lambda L: L.searchsorted(L.tensor([1, 2]), 2, side="middle"),
     RuntimeError),
    ("searchsorted_side_and_right", lambda L: L.searchsorted(L.tensor([1, 2]), 2, side="left",
                                                             right=True), RuntimeError),
    ("searchsorted_rows_mismatch", lambda L: L.searchsorted(L.ones(2, 3), L.ones(3, 1)),
     RuntimeError),
    ("searchsorted_scalar_with_rows", lambda L: L.searchsorted(L.ones(2, 3), 2), RuntimeError),
    ("searchsorted_0d_boundaries", lambda L: L.searchsorted(L.tensor(1), 2), RuntimeError),
    ("searchsorted_bool", lambda L: L.searchsorted(L.tensor([True]), L.tensor([False])),
     (RuntimeError, NotImplementedError)),
    ("bucketize_2d_boundaries", lambda L: L.bucketize(L.tensor([2]), L.ones(2, 2)),
     RuntimeError),
    ("unique_dim_out_of_range", lambda L: L.unique(L.ones(2), dim=1), IndexError),
    ("unique_with_0_sized_other_dim", lambda L: L.unique(L.zeros(0, 2), dim=1), RuntimeError),
    ("unique_consecutive_dim_out_of_range", lambda L: L.unique_consecutive(L.ones(2), dim=2),
     IndexError),
    ("isin_of_two_numbers", lambda L: L.isin(2, 3), TypeError),
    ("heaviside_dtypes", lambda L: L.heaviside(L.tensor([0, 1]), L.tensor([2.0])), RuntimeError),
    ("heaviside_broadcast", lambda L: L.heaviside(L.ones(2), L.ones(3)), RuntimeError),
    ("nextafter_broadcast", lambda L: L.nextafter(L.ones(2), L.ones(3)), RuntimeError),
]


@pytest.mark.parametrize("name, call, error", ERRORS, ids=[e[0] for e in ERRORS])
def test_errors_as_pytorch(torch, name, call, error):
    with pytest.raises(error):
        call(torch)
    with pytest.raises(error):
        call(ag)


@pytest.mark.parametrize("call", [
    lambda L, x, out: L.hypot(x, x, out=out), lambda L, x, out: L.xlogy(x, x, out=out),
    lambda L, x, out: L.quantile(x, 0.5, dim=0, out=out),
    lambda L, x, out: L.searchsorted(L.tensor([0.5, 1.5]), x, out=out.long()),
    lambda L, x, out: L.isin(x, L.tensor([1.0]), out=out.bool()),
    lambda L, x, out: L.diff(x, out=out), lambda L, x, out: L.mode(x, out=(out, out.long())),
], ids=["hypot", "xlogy", "quantile", "searchsorted", "isin", "diff", "mode"])
def test_out_receives_the_result_as_pytorch(torch, call):
    x = np.array([[1.0, 2.0], [3.0, 1.0]])
    ours, theirs = ag.empty(0, dtype=ag.float64), torch.empty(0, dtype=torch.float64)
    assert_same(call(ag, ag.tensor(x), ours), call(torch, torch.tensor(x), theirs))
