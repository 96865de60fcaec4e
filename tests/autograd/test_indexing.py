"""Indexing with PyTorch's rules (t[key], t[key] = v, index_put_) against PyTorch: values,
shapes, dtypes, gradients (repeated indices add up), errors, grad_fn names. The ops that pick
or place by index or mask are in test_gather_scatter.py."""
from __future__ import annotations

import warnings

import numpy as np
import pytest

import autograd as ag

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


def test_a_range_indexes_as_a_list(torch):
    x = np.arange(12.0).reshape(3, 4)
    ours, theirs = ag.tensor(x)[range(3), [0, 1, 3]], torch.tensor(x)[range(3), [0, 1, 3]]
    np.testing.assert_array_equal(ours.numpy(), theirs.numpy())


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
