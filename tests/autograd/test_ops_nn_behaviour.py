"""The nn ops' own behaviours against PyTorch: random masks, running statistics, masked
attention rows, embedding options, padding by reflection, one_hot and normalize."""
from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
import nn.functional as F
from autograd import ops


def _normal(*shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape)


def _pair(torch, array, requires_grad=True):
    return ag.tensor(array, requires_grad=requires_grad), torch.tensor(array,
                                                                       requires_grad=requires_grad)


def _same(ours, theirs, rtol=1e-10, atol=1e-12):
    np.testing.assert_allclose(ours.numpy(force=True), theirs.detach().numpy(), rtol=rtol,
                               atol=atol)


@pytest.mark.parametrize("p", [0.0, 0.3, 0.5, 1.0])
def test_dropout_draws_pytorchs_mask_and_its_gradient_is_the_mask(torch, p):
    x, tx = _pair(torch, _normal(4, 50).astype(np.float32))
    ag.manual_seed(7)
    torch.manual_seed(7)
    out, expected = ops.dropout(x, p), torch.nn.functional.dropout(tx, p)
    _same(out, expected, rtol=1e-6)
    out.sum().backward()
    expected.sum().backward()
    _same(x.grad, tx.grad, rtol=1e-6)
    assert ops.dropout(x, p, training=False) is x


def test_dropout_in_place_keeps_backward_intact(torch):
    base, tbase = _pair(torch, _normal(3, 8))
    ag.manual_seed(1)
    torch.manual_seed(1)
    y, ty = base * 2, tbase * 2
    assert ops.dropout(y, 0.4, inplace=True) is y
    torch.nn.functional.dropout(ty, 0.4, inplace=True)
    _same(y, ty)
    (y * y).sum().backward()
    (ty * ty).sum().backward()
    _same(base.grad, tbase.grad)


@pytest.mark.parametrize("momentum", [0.1, 0.5])
def test_batch_norm_updates_running_statistics_in_place_as_pytorch(torch, momentum):
    x = _normal(8, 3, 2) * 3 + 1
    mean, var = np.zeros(3), np.ones(3)
    ours_stats = ag.tensor(mean), ag.tensor(var)
    theirs_stats = torch.tensor(mean), torch.tensor(var)
    for _ in range(2):
        ops.batch_norm(ag.tensor(x), *ours_stats, training=True, momentum=momentum)
        torch.nn.functional.batch_norm(torch.tensor(x), *theirs_stats, training=True,
                                       momentum=momentum)
    for a, b in zip(ours_stats, theirs_stats):
        _same(a, b)


def test_attention_rows_with_nothing_to_attend_to_are_zero_as_pytorch(torch):
    q, tq = _pair(torch, _normal(1, 3, 4))
    k, tk = _pair(torch, _normal(1, 5, 4, seed=1))
    v, tv = _pair(torch, _normal(1, 5, 2, seed=2))
    mask = np.ones((3, 5), bool)
    mask[1] = False
    out = ops.scaled_dot_product_attention(q, k, v, attn_mask=ag.tensor(mask))
    expected = torch.nn.functional.scaled_dot_product_attention(tq, tk, tv,
                                                               attn_mask=torch.tensor(mask))
    _same(out, expected)
    assert not out.numpy(force=True)[0, 1].any()
    out.sum().backward()
    expected.sum().backward()
    for a, b in ((q, tq), (k, tk), (v, tv)):
        _same(a.grad, b.grad)


def test_attention_dropout_is_reproducible_and_gradchecks():
    q, k, v = (ag.tensor(_normal(2, 3, 4, seed=s), requires_grad=True) for s in range(3))

    def attend(q, k, v):
        ag.manual_seed(3)  # the same mask on every call
        return ops.scaled_dot_product_attention(q, k, v, dropout_p=0.4)

    assert np.array_equal(attend(q, k, v).numpy(force=True), attend(q, k, v).numpy(force=True))
    assert ag.gradcheck(attend, (q, k, v))
    without = ops.scaled_dot_product_attention(q, k, v)
    assert not np.allclose(attend(q, k, v).numpy(force=True), without.numpy(force=True))


def test_attention_grouped_query_heads_as_pytorch(torch):
    q, tq = _pair(torch, _normal(2, 4, 3, 5))
    k, tk = _pair(torch, _normal(2, 2, 6, 5, seed=1))
    v, tv = _pair(torch, _normal(2, 2, 6, 3, seed=2))
    out = ops.scaled_dot_product_attention(q, k, v, enable_gqa=True)
    expected = torch.nn.functional.scaled_dot_product_attention(tq, tk, tv, enable_gqa=True)
    _same(out, expected)
    out.sum().backward()
    expected.sum().backward()
    for a, b in ((q, tq), (k, tk), (v, tv)):
        _same(a.grad, b.grad)


@pytest.mark.parametrize("options", [{"padding_idx": 1}, {"scale_grad_by_freq": True},
                                     {"max_norm": 1.5}, {"max_norm": 1.0, "norm_type": 1.0}])
def test_embedding_options_as_pytorch(torch, options):
    table = _normal(5, 3) * 2
    w, tw = _pair(torch, table)
    index = np.array([[0, 1, 1, 4], [4, 4, 2, 1]])
    out = ops.embedding(ag.tensor(index), w, **options)
    expected = torch.nn.functional.embedding(torch.tensor(index), tw, **options)
    _same(out, expected)
    _same(w.detach(), tw.detach())  # max_norm rescales the rows used, in place
    (out * ag.tensor(_normal(2, 4, 3, seed=1))).sum().backward()
    (expected * torch.tensor(_normal(2, 4, 3, seed=1))).sum().backward()
    _same(w.grad, tw.grad)


def test_cross_entropy_with_every_target_ignored_is_nan_as_pytorch(torch):
    target = np.full(3, -100)
    out = ops.cross_entropy(ag.tensor(_normal(3, 4)), ag.tensor(target))
    expected = torch.nn.functional.cross_entropy(torch.tensor(_normal(3, 4)),
                                                 torch.tensor(target))
    assert np.isnan(out.item()) and np.isnan(expected.item())


def test_unbatched_cross_entropy_with_probabilities_as_pytorch(torch):
    x, tx = _pair(torch, _normal(4))
    p = np.array([0.1, 0.2, 0.3, 0.4])
    out = ops.cross_entropy(x, ag.tensor(p), reduction="none")
    expected = torch.nn.functional.cross_entropy(tx, torch.tensor(p), reduction="none")
    assert out.shape == () and expected.shape == ()
    _same(out, expected)


@pytest.mark.parametrize("mode", ["reflect", "replicate", "circular"])
@pytest.mark.parametrize("widths", [(-1, 2), (2, -1, 0, 1)])
def test_pad_crops_and_pads_as_pytorch(torch, mode, widths):
    x, tx = _pair(torch, _normal(2, 3, 4))
    out = ops.pad(x, widths, mode=mode)
    expected = torch.nn.functional.pad(tx, widths, mode=mode)
    _same(out, expected)
    weights = _normal(*out.shape, seed=4)
    (out * ag.tensor(weights)).sum().backward()
    (expected * torch.tensor(weights)).sum().backward()
    _same(x.grad, tx.grad)


@pytest.mark.parametrize("num_classes", [-1, 6])
def test_one_hot_is_int64_as_pytorch(torch, num_classes):
    index = np.array([[0, 3], [2, 2]])
    out = F.one_hot(ag.tensor(index), num_classes)
    expected = torch.nn.functional.one_hot(torch.tensor(index), num_classes)
    assert out.dtype == np.int64 and not out.requires_grad
    np.testing.assert_array_equal(out.numpy(), expected.numpy())


@pytest.mark.parametrize("p, dim", [(2.0, 1), (1.0, 0), (3.0, -1), (float("inf"), 1)])
def test_normalize_as_pytorch_including_a_zero_row(torch, p, dim):
    array = _normal(3, 4)
    array[1] = 0
    x, tx = _pair(torch, array)
    out = F.normalize(x, p=p, dim=dim)
    expected = torch.nn.functional.normalize(tx, p=p, dim=dim)
    _same(out, expected)
    weights = _normal(3, 4, seed=2)
    (out * ag.tensor(weights)).sum().backward()
    (expected * torch.tensor(weights)).sum().backward()
    _same(x.grad, tx.grad, rtol=1e-8)
