"""The nn ops on bad input raise what PyTorch raises; their result dtypes follow PyTorch's."""
from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
from autograd import ops

F32, F64, I32, I64 = np.float32, np.float64, np.int32, np.int64


def _t(lib, shape_or_values, dtype=F32):
    """A tensor of `lib` (autograd.ops or torch.nn.functional): zeros of a shape, or values."""
    values = (np.asarray(shape_or_values, dtype) if not isinstance(shape_or_values, tuple)
              else np.full(shape_or_values, 0.5, dtype))
    if lib is ops:
        return ag.tensor(values)
    import torch
    return torch.tensor(values)


def _mask(lib, values):
    return _t(lib, values, np.bool_)


BAD_CALLS = {
    "linear mixed dtypes": lambda F: F.linear(_t(F, (2, 3)), _t(F, (4, 3), F64)),
    "linear shapes": lambda F: F.linear(_t(F, (2, 3)), _t(F, (4, 2))),
    "linear bias dtype": lambda F: F.linear(_t(F, (2, 3)), _t(F, (4, 3)), _t(F, (4,), F64)),
    "cross_entropy int logits": lambda F: F.cross_entropy(_t(F, (3, 4), I64),
                                                          _t(F, [0, 1, 2], I64)),
    "cross_entropy int32 target": lambda F: F.cross_entropy(_t(F, (3, 4)), _t(F, [0, 1, 2], I32)),
    "cross_entropy float index target": lambda F: F.cross_entropy(_t(F, (3, 4)), _t(F, (3,))),
    "cross_entropy out of bounds": lambda F: F.cross_entropy(_t(F, (3, 4)), _t(F, [0, 1, 7], I64)),
    "cross_entropy batch": lambda F: F.cross_entropy(_t(F, (3, 4)), _t(F, [0, 1], I64)),
    "cross_entropy smoothing": lambda F: F.cross_entropy(_t(F, (3, 4)), _t(F, [0, 1, 2], I64),
                                                         label_smoothing=1.5),
    "cross_entropy weight shape": lambda F: F.cross_entropy(_t(F, (3, 4)), _t(F, [0, 1, 2], I64),
                                                            weight=_t(F, (3,))),
    "cross_entropy weight dtype": lambda F: F.cross_entropy(_t(F, (3, 4)), _t(F, [0, 1, 2], I64),
                                                            weight=_t(F, (4,), F64)),
    "cross_entropy int probabilities": lambda F: F.cross_entropy(_t(F, (3, 4)),
                                                                 _t(F, (3, 4), np.uint8)),
    "cross_entropy ignore_index with probabilities": lambda F: F.cross_entropy(
        _t(F, (3, 4)), _t(F, (3, 4)), ignore_index=0),
    "nll_loss float target": lambda F: F.nll_loss(_t(F, (3, 4)), _t(F, (3,))),
    "nll_loss int input": lambda F: F.nll_loss(_t(F, (3, 4), I64), _t(F, [0, 1, 2], I64)),
    "mse_loss integers": lambda F: F.mse_loss(_t(F, (3,), I64), _t(F, (3,), I64)),
    "mse_loss reduction": lambda F: F.mse_loss(_t(F, (3,)), _t(F, (3,)), reduction="avg"),
    "mse_loss shapes": lambda F: F.mse_loss(_t(F, (3, 4)), _t(F, (5,))),
    "l1_loss integer mean": lambda F: F.l1_loss(_t(F, (3,), I64), _t(F, (3,), I64)),
    "huber_loss integers": lambda F: F.huber_loss(_t(F, (3,), I64), _t(F, (3,), I64)),
    "smooth_l1_loss integers": lambda F: F.smooth_l1_loss(_t(F, (3,), I64), _t(F, (3,), I64)),
    "bce outside [0, 1]": lambda F: F.binary_cross_entropy(_t(F, [1.5]), _t(F, [1.0])),
    "bce target dtype": lambda F: F.binary_cross_entropy(_t(F, [0.5]), _t(F, [1], I64)),
    "bce float64 target": lambda F: F.binary_cross_entropy(_t(F, [0.5]), _t(F, [1.0], F64)),
    "bce shapes": lambda F: F.binary_cross_entropy(_t(F, (3,)), _t(F, (2, 3))),
    "bce_with_logits int target": lambda F: F.binary_cross_entropy_with_logits(
        _t(F, [0.5]), _t(F, [1], I64)),
    "bce_with_logits shapes": lambda F: F.binary_cross_entropy_with_logits(_t(F, (3,)),
                                                                           _t(F, (2, 3))),
    "bce_with_logits int input": lambda F: F.binary_cross_entropy_with_logits(
        _t(F, [1], I64), _t(F, [1.0])),
    "batch_norm int": lambda F: F.batch_norm(_t(F, (3, 4), I64), None, None, training=True),
    "batch_norm mixed": lambda F: F.batch_norm(_t(F, (3, 4)), _t(F, (4,), F64),
                                               _t(F, (4,), F64), training=True),
    "batch_norm one value": lambda F: F.batch_norm(_t(F, (1, 4)), None, None, training=True),
    "batch_norm eval without stats": lambda F: F.batch_norm(_t(F, (3, 4)), None, None),
    "batch_norm running_mean size": lambda F: F.batch_norm(_t(F, (3, 4)), _t(F, (5,)),
                                                           _t(F, (5,)), training=True),
    "layer_norm shape": lambda F: F.layer_norm(_t(F, (3, 4)), (5,)),
    "layer_norm weight shape": lambda F: F.layer_norm(_t(F, (3, 4)), (4,), _t(F, (3,))),
    "layer_norm int": lambda F: F.layer_norm(_t(F, (3, 4), I64), (4,)),
    "layer_norm mixed": lambda F: F.layer_norm(_t(F, (3, 4), F64), (4,), _t(F, (4,))),
    "group_norm groups": lambda F: F.group_norm(_t(F, (3, 4, 5)), 3),
    "group_norm rank": lambda F: F.group_norm(_t(F, (4,)), 2),
    "group_norm weight": lambda F: F.group_norm(_t(F, (3, 4, 5)), 2, _t(F, (3,))),
    "embedding float indices": lambda F: F.embedding(_t(F, (3,)), _t(F, (4, 3))),
    "embedding out of range": lambda F: F.embedding(_t(F, [5], I64), _t(F, (4, 3))),
    "dropout p": lambda F: F.dropout(_t(F, (3,)), 1.5),
    "dropout int": lambda F: F.dropout(_t(F, (3,), I64)),
    "sdpa dtypes": lambda F: F.scaled_dot_product_attention(_t(F, (2, 3)), _t(F, (2, 3), F64),
                                                            _t(F, (2, 3), F64)),
    "sdpa mask and causal": lambda F: F.scaled_dot_product_attention(
        _t(F, (2, 3)), _t(F, (2, 3)), _t(F, (2, 3)), attn_mask=_t(F, (2, 2)), is_causal=True),
    "sdpa int mask": lambda F: F.scaled_dot_product_attention(
        _t(F, (2, 3)), _t(F, (2, 3)), _t(F, (2, 3)), attn_mask=_t(F, (2, 2), I64)),
    "sdpa 1-d": lambda F: F.scaled_dot_product_attention(_t(F, (3,)), _t(F, (2, 3)),
                                                         _t(F, (2, 3))),
    "pad odd": lambda F: F.pad(_t(F, (1, 3, 4)), (1,)),
    "pad too long": lambda F: F.pad(_t(F, (1, 3, 4)), (1,) * 8),
    "pad mode": lambda F: F.pad(_t(F, (1, 3, 4)), (1, 1), mode="foo"),
    "pad reflect too wide": lambda F: F.pad(_t(F, (1, 3, 4)), (4, 1), mode="reflect"),
    "pad circular twice": lambda F: F.pad(_t(F, (1, 3, 4)), (5, 1), mode="circular"),
    "pad replicate value": lambda F: F.pad(_t(F, (1, 3, 4)), (1, 1), mode="replicate", value=3),
    "pad reflect 1-d": lambda F: F.pad(_t(F, (4,)), (1, 1), mode="reflect"),
    "pad negative size": lambda F: F.pad(_t(F, (1, 3, 4)), (-3, -2)),
}


@pytest.mark.filterwarnings("ignore:Using a target size")
@pytest.mark.parametrize("name", list(BAD_CALLS))
def test_bad_input_raises_what_pytorch_raises(torch, name):
    call = BAD_CALLS[name]
    with pytest.raises(Exception) as theirs:
        call(torch.nn.functional)
    with pytest.raises(type(theirs.value)) as ours:
        call(ops)
    assert type(ours.value) is type(theirs.value)
    assert str(ours.value)


@pytest.mark.parametrize("call", [
    lambda F, T: F.one_hot(T([1.0, 2.0])),
    lambda F, T: F.one_hot(T([1, 2], I32)),
    lambda F, T: F.one_hot(T([-1, 2], I64)),
    lambda F, T: F.one_hot(T([1, 5], I64), 3),
    lambda F, T: F.one_hot(T(np.zeros(0), I64)),
    lambda F, T: F.normalize(T((3,), I64)),
    lambda F, T: F.normalize(T((3,))),
], ids=["float", "int32", "negative", "too large", "empty", "normalize int", "normalize dim"])
def test_one_hot_and_normalize_errors_are_pytorchs(torch, call):
    import nn.functional

    with pytest.raises(Exception) as theirs:
        call(torch.nn.functional, lambda *a: _t(torch.nn.functional, *a))
    with pytest.raises(type(theirs.value)):
        call(nn.functional, lambda *a: _t(ops, *a))


DTYPE_CALLS = {
    "mse float32, int64": lambda F: F.mse_loss(_t(F, (3,)), _t(F, (3,), I64)),
    "mse float32, float64": lambda F: F.mse_loss(_t(F, (3,)), _t(F, (3,), F64)),
    "mse int64, float32": lambda F: F.mse_loss(_t(F, (3,), I64), _t(F, (3,))),
    "mse bool, float32": lambda F: F.mse_loss(_t(F, (3,), np.bool_), _t(F, (3,))),
    "huber float32, int64": lambda F: F.huber_loss(_t(F, (3,)), _t(F, (3,), I64)),
    "smooth_l1 float32, float64": lambda F: F.smooth_l1_loss(_t(F, (3,)), _t(F, (3,), F64)),
    "l1 int64 sum": lambda F: F.l1_loss(_t(F, [1, 2], I64), _t(F, [3, 0], I64), reduction="sum"),
    "l1 int64 none": lambda F: F.l1_loss(_t(F, [1, 2], I64), _t(F, [3, 0], I64),
                                         reduction="none"),
    "bce_with_logits float32, float64": lambda F: F.binary_cross_entropy_with_logits(
        _t(F, (3,)), _t(F, (3,), F64)),
    "cross_entropy float32, float64 probabilities": lambda F: F.cross_entropy(
        _t(F, (3, 4)), _t(F, (3, 4), F64)),
    "linear int64": lambda F: F.linear(_t(F, [[1, 2]], I64), _t(F, [[3, 4]], I64)),
    "pad int64 with 2.5": lambda F: F.pad(_t(F, [1, 2], I64), (1, 1), value=2.5),
    "pad bool": lambda F: F.pad(_t(F, [True], np.bool_), (1, 1)),
    "embedding float64 table, int32 indices": lambda F: F.embedding(_t(F, [0, 1], I32),
                                                                    _t(F, (2, 3), F64)),
}


# int64 with float32 is float32 in PyTorch (float64 in NumPy): autograd.ops.dtypes learns
# torch.promote_types with the elementwise ops; until then these cases wait for it.
_INT_WITH_FLOAT = {"mse float32, int64", "mse int64, float32", "huber float32, int64"}


@pytest.mark.parametrize("name", [
    pytest.param(name, marks=pytest.mark.skipif(
        name in _INT_WITH_FLOAT and not hasattr(ops.dtypes, "promote_types"),
        reason="waits for torch.promote_types in autograd.ops.dtypes"))
    for name in DTYPE_CALLS])
def test_result_dtype_and_value_match_pytorch(torch, name):
    out, expected = DTYPE_CALLS[name](ops), DTYPE_CALLS[name](torch.nn.functional)
    assert str(out.dtype) == str(expected.dtype)
    np.testing.assert_allclose(out.numpy(), expected.numpy(), rtol=1e-6)
