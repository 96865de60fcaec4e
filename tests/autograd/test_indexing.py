"""Indexing with PyTorch's rules (t[key], t[key] = v, index_put_), and the ops that pick or
place by index or mask (gather, scatter*, index_*, masked_*, take*, nonzero), against
PyTorch: values, shapes, dtypes, gradients (repeated indices add up), errors."""
from __future__ import annotations

import warnings

import numpy as np
import pytest

import autograd as ag
from tests.autograd.op_cases import (
    Case, check_backward, check_gradcheck, check_second_order, params,
)

CUBE = (2, 3, 4)
X = np.arange(24.0).reshape(CUBE) / 10 - 1


def _keys(L):
    """(name, key) pairs for a (2, 3, 4) tensor, built with library L's tensors."""
    t = L.tensor
    mask1 = t([True, False])
    mask2 = t([[True, False, True], [False, True, True]])
    mask3 = t([True, False, True])
    return [
        ("int", 1), ("negative_int", -1), ("slice", slice(1, None)),
        ("slice_step", (slice(None), slice(None, None, 2))),
        ("slice_past_the_end", slice(9, None)),
        ("int_slice_list", (1, slice(None), [0, 2])),
        ("list_slice_list", ([0, 1], slice(None), [0, 2])),
        ("slice_int_list", (slice(None), 1, [0, 2])),
        ("list_int_list", ([0], 1, [0, 2])),
        ("int_list_list", (0, [0, 1], [0, 2])),
        ("list_int_slice", ([0, 1], 0, slice(None))),
        ("slice_list_int", (slice(None), [0, 1], 0)),
        ("none_int_slice_list", (None, 1, slice(None), [0, 2])),
        ("ellipsis_list", (Ellipsis, [0, 2])),
        ("int_ellipsis_list", (1, Ellipsis, [0, 2])),
        ("ellipsis_none", (Ellipsis, None)),
        ("slice_none_list_list", (slice(None), None, [0, 1], [0, 2])),
        ("list_none_list", ([0, 1], None, [0, 2])),
        ("int_list_none_list", (1, [0, 1], None, [0, 2])),
        ("int_none_list", (1, None, [0, 1])),
        ("list_slice_from_1_list", ([0, 1], slice(1, None), [0, 2])),
        ("repeated", [0, 0, 1, 0]),
        ("repeated_2d", (1, [[0, 2], [2, 2]])),
        ("negative_list", (slice(None), [-1, 0])),
        ("empty_list", []),
        ("tensor_index", t([1, 0, 1])),
        ("int32_tensor_index", (slice(None), t(np.array([2, 0], np.int32)))),
        ("0d_tensor", t(1)),
        ("0d_tensor_slice_list", (t(1), slice(None), [0, 2])),
        ("list_of_lists", [[0, 1], [1, 0]]),
        ("list_with_slice", [0, slice(None)]),
        ("bool_mask", mask1),
        ("bool_mask_2d", mask2),
        ("bool_mask_2d_and_list", (mask2, t([0, 2, 1, 3]))),
        ("int_bool_mask", (1, mask3)),
        ("slice_mask_int", (slice(None), mask3, 1)),
        ("int_mask_list", (0, mask3, [1, 2])),
        ("uint8_mask", t(np.array([1, 0], np.uint8))),
        ("true", True), ("false", False), ("bool_list", [True, False]),
    ]


KEY_NAMES = [name for name, _ in _keys(ag)]


def _key(L, name):
    return dict(_keys(L))[name]


@pytest.mark.parametrize("name", KEY_NAMES)
def test_getitem_matches_pytorch(torch, name):
    x, tx = ag.tensor(X, requires_grad=True), torch.tensor(X, requires_grad=True)
    deprecated = name in ("uint8_mask", "list_of_lists", "list_with_slice")
    with pytest.warns(UserWarning, match="deprecated") if deprecated else _no_warning():
        expected = tx[_key(torch, name)]
    with pytest.warns(UserWarning, match="deprecated") if deprecated else _no_warning():
        out = x[_key(ag, name)]
    assert out.shape == tuple(expected.shape)
    np.testing.assert_array_equal(out.detach().numpy(), expected.detach().numpy())
    weights = np.random.default_rng(0).standard_normal(out.shape)
    (out * ag.tensor(weights)).sum().backward()
    (expected * torch.tensor(weights)).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), tx.grad.numpy(), rtol=1e-12, atol=1e-12)


class _no_warning:
    """No warning may be raised inside (they are errors here)."""

    def __enter__(self):
        self.catcher = warnings.catch_warnings()
        self.catcher.__enter__()
        warnings.simplefilter("error")
        return self

    def __exit__(self, *exc):
        self.catcher.__exit__(*exc)
        return False


@pytest.mark.parametrize("name", ["int_slice_list", "repeated", "bool_mask_2d", "list_none_list"])
def test_getitem_gradcheck_and_second_order(name):
    key = _key(ag, name)
    x = ag.tensor(X, requires_grad=True)
    assert ag.gradcheck(lambda t: t[key] * t[key], (x,))
    assert ag.gradcheck(lambda t: ag.grad((t[key] ** 3).sum(), [t], create_graph=True)[0], (x,))


def test_getitem_of_0d(torch):
    for key in (None, Ellipsis, True, False, ()):
        ours, theirs = ag.tensor(3.0)[key], torch.tensor(3.0)[key]
        assert ours.shape == tuple(theirs.shape), key


@pytest.mark.parametrize("key, error", [
    (slice(None, None, -1), ValueError), (slice(None, None, 0), ValueError),
    ((slice(None), slice(3, 0, -1)), ValueError), (5, IndexError), (-3, IndexError),
    ((0, 0, 0, 0), IndexError), ([5], IndexError), ((0, [0, 3]), IndexError),
    ((slice(None), 3), IndexError), (1.0, IndexError),
])
def test_getitem_errors_as_pytorch(torch, key, error):
    with pytest.raises(error):
        torch.zeros(CUBE)[key]
    with pytest.raises(error):
        ag.zeros(*CUBE)[key]


def test_getitem_error_messages_as_pytorch():
    with pytest.raises(ValueError, match="step must be greater than zero"):
        ag.zeros(3)[::-1]
    with pytest.raises(IndexError, match="index 5 is out of bounds for dimension 0 with size 2"):
        ag.zeros(*CUBE)[5]
    with pytest.raises(IndexError, match="index 3 is out of bounds for dimension 1 with size 3"):
        ag.zeros(*CUBE)[0, [0, 3]]
    with pytest.raises(IndexError, match="invalid index of a 0-dim tensor"):
        ag.tensor(1.0)[0]
    with pytest.raises(IndexError, match="long, int, byte or bool"):
        ag.zeros(3)[ag.tensor([1.0])]
    with pytest.raises(IndexError, match=r"The shape of the mask \[3\] at index 0 does not match"):
        ag.zeros(*CUBE)[ag.tensor([True, False, True])]


# --- setitem and index_put_ ----------------------------------------------------------------

SETITEM = [
    ("row", lambda L: 0, (4,)),
    ("broadcast_scalar_tensor", lambda L: (slice(None), 1), ()),
    ("broadcast_row", lambda L: (slice(None), slice(0, 2)), (4,)),
    ("leading_ones_dropped", lambda L: 0, (1, 3, 4)),
    ("pytorch_shape", lambda L: (1, slice(None), [0, 2]), (3, 2)),
    ("advanced_broadcast", lambda L: ([0, 1], slice(None), [0, 2]), (3,)),
    ("mask", lambda L: L.tensor([[True, False, True], [False, False, True]]), (4,)),
    ("repeated_last_wins", lambda L: (0, [1, 1]), (4,)),
]


@pytest.mark.parametrize("name, key, value_shape", SETITEM, ids=[s[0] for s in SETITEM])
def test_setitem_matches_pytorch(torch, name, key, value_shape):
    value = np.random.default_rng(1).standard_normal(value_shape)
    results = []
    for L in (ag, torch):
        x, v = L.tensor(X, requires_grad=True), L.tensor(value, requires_grad=True)
        y = x * 1.0
        y[key(L)] = v
        (y * L.tensor(X + 2)).sum().backward()
        results.append((y.detach().numpy(), x.grad.numpy(), v.grad.numpy()))
    for mine, theirs in zip(*results):
        np.testing.assert_allclose(mine, theirs, rtol=1e-12)


@pytest.mark.parametrize("accumulate", [False, True])
def test_index_put_matches_pytorch(torch, accumulate):
    results = []
    for L in (ag, torch):
        x = L.tensor(X, requires_grad=True)
        v = L.tensor([[1.0], [2.0], [3.0]], dtype=L.float64, requires_grad=True)
        index = (L.tensor([0, 1, 0]), L.tensor([2, 2, 2]))
        y = (x * 1.0).index_put_(index, v, accumulate=accumulate)
        z = L.index_put(x, index, v, accumulate=accumulate)
        ((y + z) * L.tensor(X + 2)).sum().backward()
        results.append((y.detach().numpy(), z.detach().numpy(), x.grad.numpy(), v.grad.numpy()))
    for mine, theirs in zip(*results):
        np.testing.assert_allclose(mine, theirs, rtol=1e-12)


def test_setitem_converts_the_value_to_the_tensors_dtype(torch):
    ours, theirs = ag.zeros(3, dtype=ag.int64), torch.zeros(3, dtype=torch.int64)
    ours[1], theirs[1] = 2.7, 2.7
    assert ours.dtype == np.int64 and ours.tolist() == theirs.tolist()


def test_setitem_shape_mismatch_raises():
    with pytest.raises(RuntimeError, match="shape mismatch"):
        ag.zeros(2, 4)[0] = ag.zeros(2, 4)


# --- gather, scatter and friends --------------------------------------------------------

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


@pytest.mark.parametrize("case, shapes", params(PICK_CASES))
def test_forward_and_backward_match_pytorch(torch, case, shapes):
    check_backward(torch, case, shapes)


@pytest.mark.parametrize("case, shapes", params([c for c in PICK_CASES if c.grad and c.numeric]))
def test_gradcheck(case, shapes):
    check_gradcheck(case, shapes)


@pytest.mark.parametrize("case, shapes", params(
    [c for c in PICK_CASES if c.grad and c.numeric and c.second_order]))
def test_second_order(case, shapes):
    check_second_order(case, shapes)


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


def test_a_range_indexes_as_a_list(torch):
    x = np.arange(12.0).reshape(3, 4)
    ours, theirs = ag.tensor(x)[range(3), [0, 1, 3]], torch.tensor(x)[range(3), [0, 1, 3]]
    np.testing.assert_array_equal(ours.numpy(), theirs.numpy())


def test_a_0d_index_picks_one_place_of_a_1d_tensor(torch):
    for L in (ag, torch):
        one_hot = L.zeros(4).scatter_(0, L.tensor(2), value=1.0)
        assert one_hot.tolist() == [0.0, 0.0, 1.0, 0.0]
        assert L.tensor([5.0, 6.0]).gather(0, L.tensor(1)).item() == 6.0


def test_matmul_writes_into_out(torch):
    a = np.arange(6.0).reshape(2, 3)
    out = ag.zeros(1, dtype=ag.float64)
    with pytest.warns(UserWarning, match="was resized"):  # as PyTorch's
        result = ag.matmul(ag.tensor(a), ag.tensor(a.T), out=out)
    assert result is out and out.shape == (2, 2)
    np.testing.assert_array_equal(out.numpy(), torch.matmul(torch.tensor(a), torch.tensor(a.T)))


@pytest.mark.parametrize("key, name", [
    (0, "SelectBackward0"), ((slice(None), 0), "SelectBackward0"), ((0, slice(None)),
                                                                     "SelectBackward0"),
    (slice(1, 3), "SliceBackward0"), ((0, slice(1, 3)), "SliceBackward0"),
    ((slice(None, None, 2),), "SliceBackward0"), ([0, 1], "IndexBackward0"),
    ((0, [0, 1]), "IndexBackward0"),
])
def test_grad_fn_names_as_pytorch(torch, key, name):
    assert type(torch.zeros(3, 4, requires_grad=True)[key].grad_fn).__name__ == name
    assert f"grad_fn=<{name}>" in repr(ag.zeros(3, 4, requires_grad=True)[key])
