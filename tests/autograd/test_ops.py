"""Every differentiable op: forward against NumPy, gradcheck in float64, and against PyTorch."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
import pytest

import autograd as ag

SHAPES = [(), (4,), (3, 4), (1, 4), (3, 1, 4)]
# Pairs that broadcast: every shape with itself, plus mixed ranks and size-1 dims.
BROADCAST_PAIRS = [(s, s) for s in SHAPES] + [
    ((3, 4), ()), ((), (4,)), ((3, 4), (4,)), ((1, 4), (3, 4)), ((3, 1, 4), (4,)),
    ((3, 1, 4), (3, 4)), ((4,), (3, 1, 4)), ((1, 4), (3, 1, 4)),
]


@dataclass
class Op:
    name: str
    ours: Callable            # on autograd Tensors
    reference: Callable       # on NumPy arrays
    theirs: Callable | None   # on torch tensors (None where PyTorch has no twin)
    arity: int = 1
    domain: str = "real"      # "real", "positive", "away_from_zero"
    shapes: tuple = tuple(SHAPES)


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def _softmax(x, dim):
    e = np.exp(x - x.max(axis=dim, keepdims=True))
    return e / e.sum(axis=dim, keepdims=True)


def _gelu(x):
    from math import erf, sqrt
    return 0.5 * x * (1 + np.vectorize(erf)(x / sqrt(2)))


NON_SCALAR = tuple(s for s in SHAPES if s != ())

UNARY = [
    Op("neg", lambda a: -a, np.negative, lambda a: -a),
    Op("exp", lambda a: a.exp(), np.exp, lambda a: a.exp()),
    Op("log", lambda a: a.log(), np.log, lambda a: a.log(), domain="positive"),
    Op("sqrt", lambda a: a.sqrt(), np.sqrt, lambda a: a.sqrt(), domain="positive"),
    Op("abs", lambda a: a.abs(), np.abs, lambda a: a.abs(), domain="away_from_zero"),
    Op("sin", lambda a: a.sin(), np.sin, lambda a: a.sin()),
    Op("cos", lambda a: a.cos(), np.cos, lambda a: a.cos()),
    Op("tanh", lambda a: a.tanh(), np.tanh, lambda a: a.tanh()),
    Op("sigmoid", lambda a: a.sigmoid(), _sigmoid, lambda a: a.sigmoid()),
    Op("relu", lambda a: a.relu(), lambda a: np.maximum(a, 0), lambda a: a.relu(),
       domain="away_from_zero"),
    Op("leaky_relu", lambda a: a.leaky_relu(0.1), lambda a: np.where(a > 0, a, 0.1 * a),
       lambda a: __import__("torch").nn.functional.leaky_relu(a, 0.1), domain="away_from_zero"),
    Op("gelu", lambda a: a.gelu(), _gelu, lambda a: __import__("torch").nn.functional.gelu(a)),
    Op("gelu_tanh", lambda a: a.gelu("tanh"),
       lambda a: 0.5 * a * (1 + np.tanh(np.sqrt(2 / np.pi) * (a + 0.044715 * a ** 3))),
       lambda a: __import__("torch").nn.functional.gelu(a, approximate="tanh")),
    Op("clamp", lambda a: a.clamp(-0.5, 0.7), lambda a: np.clip(a, -0.5, 0.7),
       lambda a: a.clamp(-0.5, 0.7), domain="away_from_bounds"),
    Op("pow_scalar", lambda a: a ** 3, lambda a: a ** 3, lambda a: a ** 3),
    Op("pow_half", lambda a: a ** 0.5, np.sqrt, lambda a: a ** 0.5, domain="positive"),
    Op("rpow", lambda a: 2.0 ** a, lambda a: 2.0 ** a, lambda a: 2.0 ** a),
    Op("rsub", lambda a: 1.5 - a, lambda a: 1.5 - a, lambda a: 1.5 - a),
    Op("rdiv", lambda a: 2.0 / a, lambda a: 2.0 / a, lambda a: 2.0 / a, domain="positive"),
    Op("sum", lambda a: a.sum(), np.sum, lambda a: a.sum()),
    Op("sum_dim", lambda a: a.sum(-1), lambda a: a.sum(-1), lambda a: a.sum(-1), shapes=NON_SCALAR),
    Op("sum_keepdim", lambda a: a.sum(0, keepdim=True), lambda a: a.sum(0, keepdims=True),
       lambda a: a.sum(0, keepdim=True), shapes=NON_SCALAR),
    Op("mean", lambda a: a.mean(), np.mean, lambda a: a.mean()),
    Op("mean_dim", lambda a: a.mean(-1), lambda a: a.mean(-1), lambda a: a.mean(-1),
       shapes=NON_SCALAR),
    Op("var", lambda a: a.var(-1), lambda a: a.var(-1, ddof=1), lambda a: a.var(-1),
       shapes=((4,), (3, 4), (3, 1, 4))),
    Op("var_biased", lambda a: a.var(unbiased=False), lambda a: a.var(),
       lambda a: a.var(unbiased=False), shapes=NON_SCALAR),
    Op("max", lambda a: a.max(), np.max, lambda a: a.max()),
    Op("max_dim", lambda a: a.max(-1).values, lambda a: a.max(-1), lambda a: a.max(-1).values,
       shapes=NON_SCALAR),
    Op("min_dim_keepdim", lambda a: a.min(0, keepdim=True)[0], lambda a: a.min(0, keepdims=True),
       lambda a: a.min(0, keepdim=True)[0], shapes=NON_SCALAR),
    Op("softmax", lambda a: a.softmax(-1), lambda a: _softmax(a, -1), lambda a: a.softmax(-1),
       shapes=NON_SCALAR),
    Op("log_softmax", lambda a: a.log_softmax(-1), lambda a: np.log(_softmax(a, -1)),
       lambda a: a.log_softmax(-1), shapes=NON_SCALAR),
    Op("logsumexp", lambda a: a.logsumexp(-1),
       lambda a: np.log(np.exp(a).sum(-1)), lambda a: a.logsumexp(-1), shapes=NON_SCALAR),
    Op("reshape", lambda a: a.reshape(-1), lambda a: a.reshape(-1), lambda a: a.reshape(-1)),
    Op("view", lambda a: a.view(2, -1), lambda a: a.reshape(2, -1), lambda a: a.reshape(2, -1),
       shapes=((4,), (3, 4), (1, 4))),
    Op("transpose", lambda a: a.transpose(0, -1), lambda a: np.swapaxes(a, 0, -1),
       lambda a: a.transpose(0, -1), shapes=NON_SCALAR),
    Op("T", lambda a: a.T, lambda a: a.T, lambda a: a.permute(*reversed(range(a.ndim))),
       shapes=NON_SCALAR),
    Op("permute", lambda a: a.permute(2, 0, 1), lambda a: a.transpose(2, 0, 1),
       lambda a: a.permute(2, 0, 1), shapes=((3, 1, 4),)),
    Op("unsqueeze", lambda a: a.unsqueeze(0), lambda a: a[None], lambda a: a.unsqueeze(0)),
    Op("squeeze", lambda a: a.squeeze(), np.squeeze, lambda a: a.squeeze()),
    Op("flatten", lambda a: a.flatten(), lambda a: a.reshape(-1), lambda a: a.flatten()),
    Op("expand", lambda a: a.expand(2, *a.shape), lambda a: np.broadcast_to(a, (2,) + a.shape),
       lambda a: a.expand(2, *a.shape)),
    Op("getitem_basic", lambda a: a[..., 1:3], lambda a: a[..., 1:3], lambda a: a[..., 1:3],
       shapes=NON_SCALAR),
    Op("getitem_advanced", lambda a: a[..., [0, 0, 3]], lambda a: a[..., [0, 0, 3]],
       lambda a: a[..., [0, 0, 3]], shapes=NON_SCALAR),
    Op("clone", lambda a: a.clone(), np.copy, lambda a: a.clone()),
]

BINARY = [
    Op("add", lambda a, b: a + b, np.add, lambda a, b: a + b, arity=2),
    Op("sub", lambda a, b: a - b, np.subtract, lambda a, b: a - b, arity=2),
    Op("mul", lambda a, b: a * b, np.multiply, lambda a, b: a * b, arity=2),
    Op("div", lambda a, b: a / b, np.divide, lambda a, b: a / b, arity=2, domain="positive"),
    Op("pow", lambda a, b: a ** b, np.power, lambda a, b: a ** b, arity=2, domain="positive"),
    Op("maximum", ag.maximum, np.maximum, lambda a, b: __import__("torch").maximum(a, b), arity=2),
    Op("minimum", ag.minimum, np.minimum, lambda a, b: __import__("torch").minimum(a, b), arity=2),
    Op("where", lambda a, b: ag.where(a.detach().numpy() > 0, a, b),
       lambda a, b: np.where(a > 0, a, b), lambda a, b: __import__("torch").where(a > 0, a, b),
       arity=2),
]


def _inputs(op: Op, shapes, seed: int = 0, dtype=np.float64) -> list:
    rng = np.random.default_rng(seed)
    arrays = []
    for shape in shapes:
        x = rng.standard_normal(shape)
        if op.domain == "positive":
            x = np.abs(x) + 0.5
        elif op.domain == "away_from_zero":
            x = np.where(np.abs(x) < 0.1, 0.5, x)
        elif op.domain == "away_from_bounds":
            x = np.where(np.abs(np.abs(x) - 0.6) < 0.15, 0.0, x)
        arrays.append(np.asarray(x, dtype=dtype))
    return arrays


def _cases():
    for op in UNARY:
        for shape in op.shapes:
            yield pytest.param(op, (shape,), id=f"{op.name}-{shape}")
    for op in BINARY:
        for pair in BROADCAST_PAIRS:
            yield pytest.param(op, pair, id=f"{op.name}-{pair[0]}-{pair[1]}")


CASES = list(_cases())


@pytest.mark.parametrize("op, shapes", CASES)
def test_forward_matches_numpy(op: Op, shapes):
    arrays = _inputs(op, shapes)
    out = op.ours(*[ag.Tensor(x) for x in arrays])
    np.testing.assert_allclose(out.detach().numpy(), op.reference(*arrays), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("op, shapes", CASES)
def test_gradcheck_float64(op: Op, shapes):
    tensors = [ag.tensor(x, requires_grad=True) for x in _inputs(op, shapes, seed=1)]
    assert ag.gradcheck(op.ours, tensors)


@pytest.mark.parametrize("op, shapes", [c for c in CASES if c.values[0].theirs is not None])
def test_forward_and_backward_match_pytorch(torch, op: Op, shapes):
    arrays = _inputs(op, shapes, seed=2)
    ours = [ag.tensor(x, requires_grad=True) for x in arrays]
    theirs = [torch.tensor(x, requires_grad=True) for x in arrays]
    out, expected = op.ours(*ours), op.theirs(*theirs)
    np.testing.assert_allclose(out.detach().numpy(), expected.detach().numpy(),
                               rtol=1e-10, atol=1e-12)
    weights = np.random.default_rng(3).standard_normal(out.shape)
    (out * ag.tensor(weights)).sum().backward()
    (expected * torch.tensor(weights)).sum().backward()
    for mine, reference in zip(ours, theirs):
        np.testing.assert_allclose(mine.grad.detach().numpy(), reference.grad.numpy(),
                                   rtol=1e-9, atol=1e-12)
        assert mine.grad.shape == mine.shape


MATMUL_SHAPES = [((3, 4), (4, 2)), ((4,), (4, 2)), ((3, 4), (4,)), ((4,), (4,)),
                 ((2, 3, 4), (4, 5)), ((2, 3, 4), (1, 4, 5)), ((4,), (2, 4, 3)),
                 ((2, 1, 3, 4), (5, 4, 2))]


@pytest.mark.parametrize("a_shape, b_shape", MATMUL_SHAPES)
def test_matmul(torch, a_shape, b_shape):
    rng = np.random.default_rng(4)
    a_np, b_np = rng.standard_normal(a_shape), rng.standard_normal(b_shape)
    a, b = ag.tensor(a_np, requires_grad=True), ag.tensor(b_np, requires_grad=True)
    np.testing.assert_allclose((a @ b).detach().numpy(), a_np @ b_np, rtol=1e-12)
    assert ag.gradcheck(lambda x, y: x @ y, (a, b))
    ta, tb = torch.tensor(a_np, requires_grad=True), torch.tensor(b_np, requires_grad=True)
    (ta @ tb).sum().backward()
    (a @ b).sum().backward()
    np.testing.assert_allclose(a.grad.detach().numpy(), ta.grad.numpy(), rtol=1e-10)
    np.testing.assert_allclose(b.grad.detach().numpy(), tb.grad.numpy(), rtol=1e-10)


@pytest.mark.parametrize("dim", [0, 1, -1])
def test_cat_and_stack(torch, dim):
    rng = np.random.default_rng(5)
    arrays = [rng.standard_normal((3, 4)) for _ in range(3)]
    ours = [ag.tensor(x, requires_grad=True) for x in arrays]
    theirs = [torch.tensor(x, requires_grad=True) for x in arrays]
    assert ag.gradcheck(lambda *t: ag.cat(t, dim=dim), ours)
    assert ag.gradcheck(lambda *t: ag.stack(t, dim=dim), ours)
    w = rng.standard_normal((3, 3, 4))
    (ag.stack(ours, dim=0) * ag.tensor(w)).sum().backward()
    (torch.stack(theirs, dim=0) * torch.tensor(w)).sum().backward()
    for mine, ref in zip(ours, theirs):
        np.testing.assert_allclose(mine.grad.detach().numpy(), ref.grad.numpy())


def test_index_with_repeats_and_masks(torch):
    x_np = np.random.default_rng(6).standard_normal((5, 3))
    x, tx = ag.tensor(x_np, requires_grad=True), torch.tensor(x_np, requires_grad=True)
    index = np.array([0, 2, 2, 4])
    (x[index].sum() + x[x.detach().numpy() > 0].sum() + x[1, 2] * 3).backward()
    (tx[torch.tensor(index)].sum() + tx[tx > 0].sum() + tx[1, 2] * 3).backward()
    np.testing.assert_allclose(x.grad.detach().numpy(), tx.grad.numpy())
    assert ag.gradcheck(lambda t: t[ag.tensor(index)] * 2, (x,))


def test_setitem_records_the_gradient():
    x = ag.tensor(np.arange(6.0).reshape(2, 3), requires_grad=True)
    v = ag.tensor([10.0, 20.0], dtype=ag.float64, requires_grad=True)
    y = x * 1.0
    y[:, 1] = v
    (y * ag.tensor(np.arange(6.0).reshape(2, 3))).sum().backward()
    np.testing.assert_allclose(x.grad.detach().numpy(), [[0, 0, 2], [3, 0, 5]])
    np.testing.assert_allclose(v.grad.detach().numpy(), [1, 4])
