"""The ops that pick or place by index or mask (gather, scatter*, index_*, masked_*, take*,
nonzero, where, bincount) against PyTorch: values, shapes, dtypes, gradients (repeated
indices add up), second order, errors, and their in-place forms."""
from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
from tests.autograd.op_cases import Case, table_tests


def index(values, dtype=np.int64):
    return lambda rng: np.array(values, dtype=dtype)


def mask(values):
    return index(values, bool)


I = index
M = (3, 4)
PICK_CASES = [
    Case("gather", lambda L, x, i: x.gather(1, i), ((M, I([[0, 3], [1, 1], [2, 0]])),),
         int_inputs=(1,)),
    Case("gather_smaller_index", lambda L, x, i: L.gather(x, 0, i), ((M, I([[2], [0]])),),
         int_inputs=(1,)),
    Case("gather_int32", lambda L, x, i: L.gather(x, 1, i), ((M, I([[0], [3], [1]], np.int32)),),
         int_inputs=(1,)),
    Case("gather_0d", lambda L, x, i: L.gather(x, 0, i), (((), I(0)),), int_inputs=(1,)),
    Case("scatter", lambda L, x, i, s: x.scatter(1, i, s),
         ((M, I([[0, 2], [3, 1], [1, 0]]), (3, 2)),), int_inputs=(1,)),
    Case("scatter_value", lambda L, x, i: L.scatter(x, 0, i, value=2.5), ((M, I([[2, 0, 1]])),),
         int_inputs=(1,)),
    Case("scatter_add", lambda L, x, i, s: x.scatter_add(1, i, s),
         ((M, I([[0, 0], [3, 1], [1, 1]]), (3, 2)),), int_inputs=(1,)),
    Case("scatter_add_0d", lambda L, x, i, s: L.scatter_add(x, 0, i, s), (((), I(0), ()),),
         int_inputs=(1,)),
    Case("scatter_reduce_sum", lambda L, x, i, s: x.scatter_reduce(1, i, s, "sum"),
         ((M, I([[0, 0], [3, 1], [1, 1]]), (3, 2)),), int_inputs=(1,)),
    Case("scatter_reduce_mean", lambda L, x, i, s: x.scatter_reduce(1, i, s, "mean"),
         ((M, I([[0, 0], [3, 1], [1, 1]]), (3, 2)),), int_inputs=(1,)),
    Case("scatter_reduce_mean_without_self", lambda L, x, i, s: L.scatter_reduce(
        x, 1, i, s, "mean", include_self=False), ((M, I([[0, 0], [3, 1], [1, 1]]), (3, 2)),),
        int_inputs=(1,)),
    Case("scatter_reduce_amax", lambda L, x, i, s: x.scatter_reduce(1, i, s, "amax"),
         ((M, I([[0, 0], [3, 1], [1, 1]]), (3, 2)),), int_inputs=(1,)),
    Case("scatter_reduce_amin_without_self", lambda L, x, i, s: x.scatter_reduce(
        0, i, s, "amin", include_self=False), ((M, I([[0, 2, 2, 1], [0, 2, 0, 1]]), (2, 4)),),
        int_inputs=(1,)),
    Case("scatter_reduce_prod", lambda L, x, i, s: x.scatter_reduce(1, i, s, "prod"),
         ((M, I([[0, 0], [3, 1], [1, 1]]), (3, 2)),), int_inputs=(1,)),
    Case("scatter_reduce_prod_without_self", lambda L, x, i, s: x.scatter_reduce(
        1, i, s, "prod", include_self=False), ((M, I([[0, 0], [3, 1], [1, 1]]), (3, 2)),),
        int_inputs=(1,), second_order=False),
    Case("take_along_dim", lambda L, x, i: L.take_along_dim(x, i, 1),
         ((M, I([[0, -1], [2, 2], [1, 0]])), (M, I([[0, 2]]))), int_inputs=(1,)),
    Case("take_along_dim_flat", lambda L, x, i: x.take_along_dim(i), ((M, I([11, 0, 0])),),
         int_inputs=(1,)),
    Case("index_select", lambda L, x, i: x.index_select(1, i), ((M, I([3, 0, 3])),),
         int_inputs=(1,)),
    Case("index_select_0d_index", lambda L, x, i: L.index_select(x, 0, i), ((M, I(2)),),
         int_inputs=(1,)),
    Case("index_add", lambda L, x, i, s: x.index_add(0, i, s, alpha=2),
         ((M, I([0, 0, 2, 1]), (4, 4)),), int_inputs=(1,)),
    Case("index_copy", lambda L, x, i, s: L.index_copy(x, 1, i, s), ((M, I([3, 0]), (3, 2)),),
         int_inputs=(1,)),
    Case("index_fill", lambda L, x, i: x.index_fill(1, i, -1.0), ((M, I([3, 0])),),
         int_inputs=(1,)),
    Case("masked_fill", lambda L, x, m: x.masked_fill(m, 0.5), ((M, mask([True, False] * 2)),),
         int_inputs=(1,)),
    Case("masked_fill_tensor_value", lambda L, x, m, v: L.masked_fill(x, m, v),
         ((M, mask([[True], [False], [True]]), ()),), int_inputs=(1,)),
    Case("masked_select", lambda L, x, m: x.masked_select(m),
         ((M, mask([True, False, False, True])), ((4,), mask([[True] * 4, [False] * 4]))),
         int_inputs=(1,)),
    Case("masked_scatter", lambda L, x, m, s: x.masked_scatter(m, s),
         ((M, mask([[True, False, True, True]] * 3), (3, 4)),), int_inputs=(1,)),
    Case("take", lambda L, x, i: L.take(x, i), ((M, I([[0, 11], [-1, 5]])),), int_inputs=(1,)),
    Case("nonzero", lambda L, x: (x > 0).nonzero(), ((M,),), grad=False),
    Case("nonzero_as_tuple", lambda L, x: L.nonzero(x > 0, as_tuple=True), ((M,), ((),)),
         grad=False),
    Case("argwhere", lambda L, x: L.argwhere(x > 0), ((M,),), grad=False),
    Case("where_condition_only", lambda L, x: L.where(x > 0), ((M,),), grad=False),
    Case("where", lambda L, x, y: L.where(x > 0, x, y), ((M, (4,)),)),
]


test_forward_and_backward_match_pytorch, test_gradcheck, test_second_order = \
    table_tests(PICK_CASES)


def _zeros(L):
    return L.zeros(3, 4)


def test_scatter_takes_the_leading_part_of_a_larger_src(torch):
    index, src = [[1, 2]], np.arange(6.0).reshape(2, 3)
    ours = ag.zeros(3, 4).scatter(1, ag.tensor(index), ag.tensor(src, dtype=ag.float32))
    theirs = torch.zeros(3, 4).scatter(1, torch.tensor(index), torch.tensor(src).float())
    np.testing.assert_array_equal(ours.numpy(), theirs.numpy())


PICK_ERRORS = [
    ("gather_index_out_of_range", lambda L: _zeros(L).gather(1, L.tensor([[4]])), RuntimeError),
    ("gather_negative_index", lambda L: _zeros(L).gather(1, L.tensor([[-1]])), RuntimeError),
    ("gather_float_index", lambda L: _zeros(L).gather(1, L.tensor([[1.0]])), RuntimeError),
    ("gather_rank", lambda L: _zeros(L).gather(1, L.tensor([1])), RuntimeError),
    ("gather_index_too_big", lambda L: _zeros(L).gather(1, L.zeros(4, 1, dtype=L.int64)),
     RuntimeError),
    ("gather_dim_2", lambda L: _zeros(L).gather(2, L.zeros(3, 1, dtype=L.int64)), IndexError),
    ("scatter_dtype", lambda L: _zeros(L).scatter(1, L.tensor([[0]]), L.ones(1, 1,
                                                                             dtype=L.float64)),
     RuntimeError),
    ("scatter_reduce_unknown", lambda L: _zeros(L).scatter_reduce(
        1, L.tensor([[0]]), L.ones(1, 1), "maximum"), RuntimeError),
    ("index_select_2d_index", lambda L: _zeros(L).index_select(0, L.tensor([[1]])), IndexError),
    ("index_select_out_of_range", lambda L: _zeros(L).index_select(0, L.tensor([3])),
     IndexError),
    ("index_add_dtype", lambda L: _zeros(L).index_add(0, L.tensor([0]), L.ones(1, 4,
                                                                              dtype=L.float64)),
     RuntimeError),
    ("masked_fill_int_mask", lambda L: _zeros(L).masked_fill(L.tensor([1, 0, 1, 0]), 1.0),
     RuntimeError),
    ("masked_fill_1d_value", lambda L: _zeros(L).masked_fill(L.tensor([True] * 4),
                                                             L.tensor([1.0])), RuntimeError),
    ("masked_scatter_too_few", lambda L: _zeros(L).masked_scatter(L.tensor([True] * 4),
                                                                  L.ones(3)), RuntimeError),
    ("index_add_out_of_range", lambda L: _zeros(L).index_add(1, L.tensor([4]), L.ones(3, 1)),
     RuntimeError),
    ("take_out_of_range", lambda L: L.take(_zeros(L), L.tensor([12])), IndexError),
]


@pytest.mark.parametrize("name, call, error", PICK_ERRORS, ids=[e[0] for e in PICK_ERRORS])
def test_errors_as_pytorch(torch, name, call, error):
    with pytest.raises(error):
        call(torch)
    with pytest.raises(error):
        call(ag)


@pytest.mark.parametrize("method, args", [
    ("masked_fill_", (ag.tensor([True, False, False, True]), 7.0)),
    ("index_add_", (0, ag.tensor([2, 2]), ag.ones(2, 4, dtype=ag.float64))),
    ("scatter_", (1, ag.tensor([[3], [0], [1]]), ag.ones(3, 1, dtype=ag.float64))),
    ("scatter_add_", (1, ag.tensor([[3, 3]]), ag.ones(1, 2, dtype=ag.float64))),
    ("index_fill_", (1, ag.tensor([0]), -2.0)),
    ("tril_", ()), ("triu_", (1,)), ("cumsum_", (1,)),
])
def test_inplace_forms_write_into_the_tensor(torch, method, args):
    ours = ag.tensor(np.arange(12.0).reshape(3, 4))
    theirs = torch.tensor(np.arange(12.0).reshape(3, 4))
    result = getattr(ours, method)(*args)
    getattr(theirs, method)(*[torch.tensor(a.numpy()) if isinstance(a, ag.Tensor) else a
                              for a in args])
    assert result is ours and ours._version == 1
    np.testing.assert_array_equal(ours.numpy(), theirs.numpy())


@pytest.mark.parametrize("values, weights, minlength", [
    ([0, 1, 1, 3], None, 0), ([0, 1, 1, 3], None, 6), ([], None, 0), ([2, 2], None, 1),
    ([0, 1, 1, 3], [0.5, 1.0, 1.0, 2.0], 0), ([0, 1, 1, 3], [1, 1, 1, 2], 2),
])
def test_bincount_matches_pytorch(torch, values, weights, minlength):
    def run(L):
        w = None if weights is None else L.tensor(weights)
        return L.bincount(L.tensor(values, dtype=L.int64), w, minlength)
    ours, theirs = run(ag), run(torch)
    assert ours.dtype.name == str(theirs.dtype).replace("torch.", "")
    np.testing.assert_array_equal(ours.numpy(), theirs.numpy())


def test_bincount_weights_get_the_gradient_of_their_bin(torch):
    weights = ag.tensor([0.5, 1.0, 2.0], dtype=ag.float64, requires_grad=True)
    counts = ag.tensor([2, 0, 2]).bincount(weights)
    (counts * ag.tensor([1.0, 10.0, 100.0], dtype=ag.float64)).sum().backward()
    np.testing.assert_array_equal(weights.grad.numpy(), [100.0, 1.0, 100.0])
    for bad, error in (([-1], RuntimeError), ([[1]], RuntimeError)):
        with pytest.raises(error):
            torch.bincount(torch.tensor(bad))
        with pytest.raises(error):
            ag.bincount(ag.tensor(bad))


def test_a_0d_index_picks_one_place_of_a_1d_tensor(torch):
    for L in (ag, torch):
        one_hot = L.zeros(4).scatter_(0, L.tensor(2), value=1.0)
        assert one_hot.tolist() == [0.0, 0.0, 1.0, 0.0]
        assert L.tensor([5.0, 6.0]).gather(0, L.tensor(1)).item() == 6.0
