"""The nn ops of autograd/ops (linear, normalisation, losses, embedding, dropout, attention,
padding), table-driven: forward and backward against PyTorch, float64 gradcheck, second order
against PyTorch, result dtypes, and PyTorch's errors for bad shapes and dtypes."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pytest

import autograd as ag
from autograd import ops


@dataclass
class Case:
    """One call of an op: `ours(lib, *tensors)` runs with lib = autograd.ops (ours) or
    torch.nn.functional (theirs); `inputs` are the differentiable arguments (float64 arrays),
    `constants(lib)` the others (targets, indices, masks) as that library's tensors."""

    name: str
    call: Callable
    inputs: list
    constants: Callable = lambda lib: ()
    second_order: bool = True
    gradcheck: bool = True
    extra: dict = field(default_factory=dict)


def _rng(seed: int = 0) -> np.random.Generator:
    return np.random.default_rng(seed)


def _normal(*shape, seed=0, scale=1.0):
    return _rng(seed).standard_normal(shape) * scale


def _uniform(*shape, low=0.0, high=1.0, seed=0):
    return _rng(seed).uniform(low, high, shape)


def _tensor(lib, array):
    """array as `lib`'s tensor (lib is autograd.ops or torch.nn.functional)."""
    if lib is ops:
        return ag.tensor(array)
    import torch
    return torch.tensor(array)


def _labels(lib, *shape, classes, seed=5, ignore=None):
    labels = _rng(seed).integers(0, classes, shape)
    if ignore is not None:
        labels.reshape(-1)[::3] = ignore
    return (_tensor(lib, labels),)


def _probabilities(shape, seed=6):
    p = _uniform(*shape, seed=seed)
    return p / p.sum(1, keepdims=True)


CASES = [
    Case("linear", lambda F, x, w, b: F.linear(x, w, b), [_normal(5, 3), _normal(4, 3, seed=1),
                                                         _normal(4, seed=2)]),
    Case("linear_batched", lambda F, x, w: F.linear(x, w), [_normal(2, 5, 3),
                                                             _normal(4, 3, seed=1)]),
    Case("linear_vector", lambda F, x, w, b: F.linear(x, w, b), [_normal(3), _normal(4, 3, seed=1),
                                                                _normal(4, seed=2)]),
    Case("linear_1d_weight", lambda F, x, w: F.linear(x, w), [_normal(5, 3), _normal(3, seed=1)]),
    Case("bilinear", lambda F, a, b, w, c: F.bilinear(a, b, w, c),
         [_normal(2, 3, 3), _normal(2, 3, 2, seed=1), _normal(4, 3, 2, seed=2),
          _normal(4, seed=3)]),
    Case("batch_norm_train", lambda F, x, w, b: F.batch_norm(x, None, None, w, b, training=True),
         [_normal(6, 3, 2, scale=2), _uniform(3, low=0.5, high=2), _normal(3, seed=1)]),
    Case("batch_norm_eval", lambda F, x, w, b, m, v: F.batch_norm(x, m, v, w, b),
         [_normal(6, 3), _uniform(3, low=0.5, high=2), _normal(3, seed=1)],
         lambda lib: (_tensor(lib, _normal(3, seed=4)),
                      _tensor(lib, _uniform(3, low=0.5, high=2)))),
    Case("batch_norm_no_affine", lambda F, x: F.batch_norm(x, None, None, training=True),
         [_normal(5, 2, 2, 2)]),
    Case("layer_norm", lambda F, x, w, b: F.layer_norm(x, (3, 4), w, b),
         [_normal(2, 3, 4, scale=3), _uniform(3, 4, low=0.5, high=2), _normal(3, 4, seed=1)]),
    Case("layer_norm_plain", lambda F, x: F.layer_norm(x, (4,)), [_normal(3, 4)]),
    Case("group_norm", lambda F, x, w, b: F.group_norm(x, 2, w, b),
         [_normal(2, 4, 3, scale=2), _uniform(4, low=0.5, high=2), _normal(4, seed=1)]),
    Case("mse_loss", lambda F, x, y: F.mse_loss(x, y), [_normal(3, 4), _normal(3, 4, seed=1)]),
    Case("mse_loss_none", lambda F, x, y: F.mse_loss(x, y, reduction="none"),
         [_normal(3, 4), _normal(3, 4, seed=1)]),
    Case("l1_loss_sum", lambda F, x, y: F.l1_loss(x, y, reduction="sum"),
         [_normal(3, 4), _normal(3, 4, seed=1)]),
    Case("huber_loss", lambda F, x, y: F.huber_loss(x, y, delta=0.8),
         [_normal(3, 4, scale=2), _normal(3, 4, seed=1)]),
    Case("smooth_l1_loss", lambda F, x, y: F.smooth_l1_loss(x, y, beta=0.5),
         [_normal(3, 4, scale=2), _normal(3, 4, seed=1)]),
    Case("binary_cross_entropy", lambda F, p, y, w: F.binary_cross_entropy(p, y, w),
         [_uniform(3, 4, low=0.1, high=0.9), _uniform(3, 4, seed=1)],
         lambda lib: (_tensor(lib, _uniform(4, low=0.5, high=2)),)),
    Case("bce_with_logits", lambda F, x, y, pw: F.binary_cross_entropy_with_logits(
        x, y, pos_weight=pw, reduction="sum"), [_normal(3, 4, scale=3), _uniform(3, 4, seed=1)],
         lambda lib: (_tensor(lib, _uniform(4, low=0.5, high=3)),)),
    Case("nll_loss", lambda F, x, t: F.nll_loss(x, t, ignore_index=1), [_normal(6, 4)],
         lambda lib: _labels(lib, 6, classes=4)),
    Case("cross_entropy", lambda F, x, t: F.cross_entropy(x, t), [_normal(6, 5, scale=2)],
         lambda lib: _labels(lib, 6, classes=5)),
    Case("cross_entropy_weighted_smoothed_ignored", lambda F, x, t, w: F.cross_entropy(
        x, t, weight=w, label_smoothing=0.2, reduction="sum"), [_normal(4, 3, 2, scale=2)],
         lambda lib: _labels(lib, 4, 2, classes=3, ignore=-100) + (
             _tensor(lib, _uniform(3, low=0.5, high=2)),)),
    Case("cross_entropy_probabilities", lambda F, x, y: F.cross_entropy(
        x, y, label_smoothing=0.1, reduction="none"), [_normal(4, 3), _probabilities((4, 3))]),
    Case("embedding", lambda F, w, i: F.embedding(i, w), [_normal(5, 3)],
         lambda lib: (_tensor(lib, np.array([[0, 2, 2], [4, 0, 3]])),)),
    Case("embedding_padding_idx", lambda F, w, i: F.embedding(i, w, padding_idx=2),
         [_normal(5, 3)], lambda lib: (_tensor(lib, np.array([[0, 2, 2], [4, 0, 3]])),),
         gradcheck=False),  # the padding row gets no gradient by definition
    Case("sdpa", lambda F, q, k, v: F.scaled_dot_product_attention(q, k, v),
         [_normal(2, 3, 4), _normal(2, 5, 4, seed=1), _normal(2, 5, 2, seed=2)]),
    Case("sdpa_causal_scaled", lambda F, q, k, v: F.scaled_dot_product_attention(
        q, k, v, is_causal=True, scale=0.3), [_normal(2, 2, 4, 3), _normal(2, 2, 4, 3, seed=1),
                                              _normal(2, 2, 4, 3, seed=2)]),
    Case("sdpa_float_mask", lambda F, q, k, v, m: F.scaled_dot_product_attention(
        q, k, v, attn_mask=m), [_normal(3, 4), _normal(5, 4, seed=1), _normal(5, 2, seed=2),
                                _normal(3, 5, seed=3)]),
    Case("sdpa_bool_mask", lambda F, q, k, v, m: F.scaled_dot_product_attention(
        q, k, v, attn_mask=m), [_normal(2, 3, 4), _normal(2, 5, 4, seed=1),
                                _normal(2, 5, 2, seed=2)],
         lambda lib: (_tensor(lib, _rng(7).uniform(size=(3, 5)) > 0.3),)),
    Case("pad_constant", lambda F, x: F.pad(x, (1, 2, -1, 1), value=0.5), [_normal(2, 3, 4)]),
    Case("pad_reflect", lambda F, x: F.pad(x, (2, 1, 1, 2), mode="reflect"), [_normal(2, 3, 4)]),
    Case("pad_replicate", lambda F, x: F.pad(x, (2, 3), mode="replicate"), [_normal(2, 3, 4)]),
    Case("pad_circular", lambda F, x: F.pad(x, (1, 2, 1, 0, 2, 1), mode="circular"),
         [_normal(1, 3, 3, 4)]),
]
IDS = [case.name for case in CASES]


def _ours(case: Case, arrays: list):
    tensors = [ag.tensor(a, requires_grad=True) for a in arrays]
    return tensors, case.call(ops, *tensors, *case.constants(ops))


def _theirs(torch, case: Case, arrays: list):
    tensors = [torch.tensor(a, requires_grad=True) for a in arrays]
    return tensors, case.call(torch.nn.functional, *tensors, *case.constants(torch.nn.functional))


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_forward_and_backward_match_pytorch(torch, case: Case):
    ours, out = _ours(case, case.inputs)
    theirs, expected = _theirs(torch, case, case.inputs)
    np.testing.assert_allclose(out.numpy(force=True), expected.detach().numpy(), rtol=1e-10,
                               atol=1e-12)
    weights = _normal(*out.shape, seed=9)
    (out * ag.tensor(weights)).sum().backward()
    (expected * torch.tensor(weights)).sum().backward()
    for i, (mine, reference) in enumerate(zip(ours, theirs)):
        assert mine.grad.shape == mine.shape
        np.testing.assert_allclose(mine.grad.numpy(), reference.grad.numpy(), rtol=1e-9,
                                   atol=1e-12, err_msg=f"gradient of input {i}")


@pytest.mark.parametrize("case", [c for c in CASES if c.gradcheck], ids=lambda c: c.name)
def test_gradcheck_float64(case: Case):
    tensors = [ag.tensor(a, requires_grad=True) for a in case.inputs]
    constants = case.constants(ops)
    assert ag.gradcheck(lambda *t: case.call(ops, *t, *constants), tensors)


def _hessian_vector(lib_grad, out, inputs, vectors, weights):
    """Σ_i <d(Σ w·out)/d input_i, v_i>, differentiated again with respect to the inputs
    (all None when the first derivatives do not depend on the inputs)."""
    grads = lib_grad((out * weights).sum(), inputs, create_graph=True)
    total = sum((g * v).sum() for g, v in zip(grads, vectors))
    if not total.requires_grad:
        return [None] * len(inputs)
    return lib_grad(total, inputs, allow_unused=True)


@pytest.mark.parametrize("case", [c for c in CASES if c.second_order], ids=lambda c: c.name)
def test_second_order_matches_pytorch(torch, case: Case):
    from torch.nn.attention import SDPBackend, sdpa_kernel

    ours, out = _ours(case, case.inputs)
    vectors = [_normal(*np.shape(a), seed=10 + i) for i, a in enumerate(case.inputs)]
    weights = _normal(*out.shape, seed=9)
    mine = _hessian_vector(ag.grad, out, ours, [ag.tensor(v) for v in vectors],
                           ag.tensor(weights))
    with sdpa_kernel(SDPBackend.MATH):  # PyTorch's fused attention kernels differentiate once
        theirs, expected = _theirs(torch, case, case.inputs)
        reference = _hessian_vector(torch.autograd.grad, expected, theirs,
                                    [torch.tensor(v) for v in vectors], torch.tensor(weights))
    for i, (a, b) in enumerate(zip(mine, reference)):
        a = np.zeros(case.inputs[i].shape) if a is None else a.numpy()
        b = np.zeros(case.inputs[i].shape) if b is None else b.numpy(force=True)
        np.testing.assert_allclose(a, b, rtol=1e-8, atol=1e-10,
                                   err_msg=f"second derivative for input {i}")


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_float32_result_dtype_matches_pytorch(torch, case: Case):
    arrays = [a.astype(np.float32) for a in case.inputs]

    def float32(lib):
        return tuple(c.to(np.float32) if lib is ops and c.dtype == np.float64 else
                     c.float() if lib is not ops and c.dtype == torch.float64 else c
                     for c in case.constants(lib))

    out = case.call(ops, *[ag.tensor(a) for a in arrays], *float32(ops))
    expected = case.call(torch.nn.functional, *[torch.tensor(a) for a in arrays],
                         *float32(torch.nn.functional))
    assert str(out.dtype) == str(expected.dtype)
    np.testing.assert_allclose(out.numpy(), expected.numpy(), rtol=2e-5, atol=2e-6)
