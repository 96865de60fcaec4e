"""Tensor basics: dtypes, factories, formatting, errors, and broadcasting through the ops."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import autograd as ag
from autograd import Tensor


def scalar(value: float, name: str | None = None) -> Tensor:
    return ag.tensor(value, dtype=ag.float64, requires_grad=True, name=name)


def test_shape_errors_name_both_shapes_and_the_op():
    a, b = ag.zeros(3, 4), ag.zeros(5)
    with pytest.raises(RuntimeError, match=r"Add.*\(3, 4\).*\(5,\)"):
        a + b
    with pytest.raises(RuntimeError, match=r"\(3, 4\).*\(5,\)"):
        a @ b


def test_dtype_rules():
    assert ag.tensor(1.0).dtype == np.float32
    assert ag.tensor([1.0, 2.0]).dtype == np.float32
    assert ag.tensor(np.zeros(2)).dtype == np.float64
    assert ag.tensor(3).dtype == np.int64
    x = ag.ones(3)
    assert (x * 2.5 + 1).dtype == np.float32
    assert (x ** 2).dtype == np.float32
    assert (ag.ones(3, dtype=ag.float64) * 2.5).dtype == np.float64
    with pytest.raises(RuntimeError, match="floating point"):
        ag.tensor(3, requires_grad=True)


def test_gradient_of_a_float32_leaf_used_with_float64_is_float32():
    w = ag.tensor([1.0, 2.0], requires_grad=True)
    (w * ag.tensor(np.array([3.0, 4.0]))).sum().backward()
    assert w.grad.dtype == np.float32
    np.testing.assert_allclose(w.grad.detach().numpy(), [3.0, 4.0])


def test_errors_that_teach():
    with pytest.raises(RuntimeError, match="requires_grad=True"):
        ag.tensor(1.0).backward()
    with pytest.raises(RuntimeError, match="2 elements cannot be converted to Scalar"):
        ag.zeros(2).item()
    with pytest.raises(RuntimeError, match="detach"):
        scalar(1.0).numpy()
    with pytest.raises(RuntimeError, match=r"shape '\[5, -1\]' is invalid for input of size 12"):
        ag.zeros(3, 4).reshape(5, -1)
    with pytest.raises(IndexError, match="index 5 is out of bounds for dimension 0 with size 3"):
        ag.zeros(3)[5]


@pytest.mark.parametrize("dtype", ["int8", "int16", "int32", "int64", "uint8", "bool"])
def test_errors_name_dtypes_as_pytorch_does(dtype):
    torch = pytest.importorskip("torch")
    with pytest.raises(RuntimeError) as theirs:
        torch.mean(torch.zeros(2, dtype=getattr(torch, dtype)))
    with pytest.raises(RuntimeError) as ours:
        ag.mean(ag.zeros(2, dtype=getattr(ag, dtype)))
    assert str(ours.value) == str(theirs.value)


def test_formatting_as_pytorch():
    assert f"{ag.tensor(2.0 / 3.0):.3f}" == "0.667"
    assert f"{ag.tensor(1.0)}" == "1.0"
    with pytest.raises(TypeError, match="unsupported format string"):
        f"{ag.tensor([1.5]):.1f}"


def test_factories():
    ag.manual_seed(0)
    first = ag.randn(2, 3)
    ag.manual_seed(0)
    assert np.array_equal(first.detach().numpy(), ag.randn(2, 3).detach().numpy())
    assert ag.zeros(2, 3).shape == (2, 3) and ag.ones((2,)).dtype == np.float32
    assert ag.full((2,), 7.0).detach().numpy().tolist() == [7.0, 7.0]
    assert ag.arange(5).dtype == np.int64 and ag.arange(0, 1, 0.5).dtype == np.float32
    assert np.array_equal(ag.eye(2).detach().numpy(), np.eye(2))
    assert 0 <= ag.rand(100).detach().numpy().min() and ag.rand(100).detach().numpy().max() < 1
    assert ag.zeros_like(first).shape == (2, 3) and ag.ones_like(first).detach().numpy().sum() == 6


BINARY = [lambda a, b: a + b, lambda a, b: a - b, lambda a, b: a * b, lambda a, b: a / b,
          ag.maximum]


@settings(max_examples=60, deadline=None)
@given(shapes=hnp.mutually_broadcastable_shapes(num_shapes=2, max_dims=3, max_side=3),
       op=st.sampled_from(BINARY), seed=st.integers(0, 1000))
def test_broadcasting_binary_ops(shapes, op, seed):
    rng = np.random.default_rng(seed)
    (a_shape, b_shape), out_shape = shapes.input_shapes, shapes.result_shape
    a_np = rng.standard_normal(a_shape)
    b_np = rng.uniform(0.5, 2.0, b_shape)
    a, b = ag.tensor(a_np, requires_grad=True), ag.tensor(b_np, requires_grad=True)
    out = op(a, b)
    assert out.shape == out_shape
    weights = rng.standard_normal(out_shape)
    (out * ag.tensor(weights)).sum().backward()
    assert a.grad.shape == a_shape and b.grad.shape == b_shape
    (ga, gb) = ag.grad((op(a, b) * ag.tensor(weights)).sum(), [a, b])
    np.testing.assert_allclose(ga.detach().numpy(), a.grad.detach().numpy())
    np.testing.assert_allclose(gb.detach().numpy(), b.grad.detach().numpy())
    eps = 1e-6
    bumped = a_np.copy()
    if bumped.size:
        bumped.flat[0] += eps
        plus = (op(ag.tensor(bumped), b).detach().numpy() * weights).sum()
        bumped.flat[0] -= 2 * eps
        minus = (op(ag.tensor(bumped), b).detach().numpy() * weights).sum()
        np.testing.assert_allclose(a.grad.detach().numpy().flat[0], (plus - minus) / (2 * eps),
                                   rtol=1e-5, atol=1e-7)
