"""Every elementwise op and activation against PyTorch: forward, float64 gradcheck, forward and
backward on broadcast, empty and 0-d shapes, result dtypes, second order. (The derivative
text of each op: tests/autograd/test_derivative_text.py.)"""
from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
from tests.autograd.elementwise_table import ALL, BINARY, TERNARY, UNARY, Spec, inputs

SHAPES = [(), (4,), (3, 4), (1, 4), (3, 1, 4)]
BROADCAST = [((3, 4), ()), ((), (4,)), ((3, 4), (4,)), ((1, 4), (3, 4)), ((3, 1, 4), (4,)),
             ((3, 1, 4), (3, 4)), ((4,), (3, 1, 4))]
EMPTY = [(0,), (0, 3), (2, 0, 3)]
DTYPES = ["bool", "int32", "int64", "float32", "float64"]


def _shape_cases(spec: Spec):
    """Argument shapes to sweep: every shape for all arguments, then broadcasting mixes."""
    cases = [(s,) * spec.arity for s in SHAPES]
    if spec.arity == 2:
        cases += BROADCAST
    elif spec.arity == 3:
        cases += [((3, 4), (4,), ()), ((1, 4), (3, 1), (3, 4)), ((2, 3), (), (3,))]
    if spec.name.startswith("softmin"):  # autograd's softmax does not take 0-d tensors yet
        cases = [c for c in cases if c[0] != ()]
    return cases


def _cases(specs, shapes_of=_shape_cases):
    return [pytest.param(spec, shapes, id=f"{spec.name}-{shapes}")
            for spec in specs for shapes in shapes_of(spec)]


def _torch_run(torch, spec: Spec, arrays, requires_grad: bool):
    theirs = [torch.tensor(x, requires_grad=requires_grad) for x in arrays]
    return theirs, spec.theirs(torch, *theirs)


def _compare_with_torch(torch, spec: Spec, arrays, rtol: float, atol: float):
    """Forward and, where there is a gradient, backward (with random weights) vs PyTorch."""
    ours = [ag.tensor(x, requires_grad=True) for x in arrays]
    theirs, expected = _torch_run(torch, spec, arrays, True)
    out = spec.ours(*ours)
    assert out.dtype == np.dtype(str(expected.dtype).replace("torch.", ""))
    assert out.shape == tuple(expected.shape)
    np.testing.assert_allclose(out.detach().numpy(), expected.detach().numpy(), rtol=rtol,
                               atol=atol)
    weights = np.random.default_rng(7).standard_normal(out.shape).astype(arrays[0].dtype)
    (out * ag.tensor(weights)).sum().backward()
    (expected * torch.tensor(weights)).sum().backward()
    for mine, reference in zip(ours, theirs):
        assert mine.grad.shape == mine.shape and mine.grad.dtype == mine.dtype
        np.testing.assert_allclose(mine.grad.numpy(), reference.grad.numpy(), rtol=rtol, atol=atol)


@pytest.mark.parametrize("spec, shapes", _cases(ALL))
def test_forward_and_backward_match_pytorch_float64(torch, spec, shapes):
    _compare_with_torch(torch, spec, inputs(spec, shapes, seed=1), rtol=spec.rtol, atol=1e-12)


@pytest.mark.parametrize("spec", ALL, ids=repr)
def test_forward_and_backward_match_pytorch_float32(torch, spec):
    shapes = (3, 4) if spec.arity == 1 else BROADCAST[2] + ((4,),) * (spec.arity - 2)
    _compare_with_torch(torch, spec, inputs(spec, shapes, seed=2, dtype=np.float32),
                        rtol=2e-6, atol=1e-6)


@pytest.mark.parametrize("spec, shapes",
                         _cases(ALL, lambda spec: [(s,) * spec.arity for s in EMPTY]))
def test_empty_shapes_match_pytorch(torch, spec, shapes):
    if spec.name.startswith("softmin") and shapes[0][-1] == 0 and len(shapes[0]) > 1:
        shapes = tuple(s[:-1] + (2,) for s in shapes)  # a softmax over an empty dim is not ours
    _compare_with_torch(torch, spec, inputs(spec, shapes, seed=3), rtol=spec.rtol, atol=1e-12)


@pytest.mark.parametrize("spec, shapes",
                         [c for c in _cases(ALL)
                          if c.values[0].smooth and len(c.values[1][0]) < 3])
def test_gradcheck_float64(spec, shapes):
    tensors = [ag.tensor(x, requires_grad=True) for x in inputs(spec, shapes, seed=4)]
    assert ag.gradcheck(spec.ours, tensors)


def _first_gradients(spec: Spec, weights: np.ndarray):
    """The gradients of sum(op * weights), recorded (create_graph=True) to differentiate again."""
    def gradients(*tensors):
        out = spec.ours(*tensors)
        grads = ag.grad((out * ag.tensor(weights)).sum(), tensors, create_graph=True)
        return tuple(grads)
    return gradients


@pytest.mark.parametrize("spec, shapes",
                         [c for c in _cases(ALL)
                          if c.values[0].smooth and c.values[1][0] in ((), (3, 4))]
                         + _cases([s for s in BINARY + TERNARY if s.smooth],
                                  lambda s: [BROADCAST[2] + ((4,),) * (s.arity - 2)]))
def test_second_order_gradcheck(spec, shapes):
    tensors = [ag.tensor(x, requires_grad=True) for x in inputs(spec, shapes, seed=5)]
    out_shape = np.broadcast_shapes(*shapes)
    weights = np.random.default_rng(6).standard_normal(out_shape)
    assert ag.gradcheck(_first_gradients(spec, weights), tensors)


@pytest.mark.parametrize("spec", [s for s in ALL if not s.smooth], ids=repr)
def test_stepwise_ops_have_zero_gradient_even_for_nan_weights(torch, spec):
    arrays = inputs(spec, ((3, 4),) * spec.arity, seed=8)
    ours = [ag.tensor(x, requires_grad=True) for x in arrays]
    (spec.ours(*ours) * float("nan")).sum().backward()
    theirs, expected = _torch_run(torch, spec, arrays, True)
    (expected * float("nan")).sum().backward()
    for mine, reference in zip(ours, theirs):
        np.testing.assert_array_equal(mine.grad.numpy(), reference.grad.numpy())
        assert not np.any(mine.grad.numpy())


def test_floor_divide_has_gradient_zero_where_pytorch_raises(torch):
    x = ag.tensor([1.5, -2.5], requires_grad=True)
    (x // 2).sum().backward()
    assert x.grad.tolist() == [0.0, 0.0]
    tx = torch.tensor([1.5, -2.5], requires_grad=True)
    with pytest.raises(RuntimeError, match="floor_divide"):
        (tx // 2).sum().backward()


@pytest.mark.parametrize("spec", UNARY, ids=repr)
@pytest.mark.parametrize("dtype", DTYPES)
def test_unary_result_dtype_and_values_match_pytorch(torch, spec, dtype):
    values = np.array([[0, 1, 2], [3, 1, 2]]) if dtype != "bool" else np.array([[True, False]])
    array = values.astype(dtype)
    try:
        expected = spec.theirs(torch, torch.tensor(array))
    except (RuntimeError, TypeError, NotImplementedError):
        with pytest.raises((RuntimeError, TypeError, NotImplementedError)):
            spec.ours(ag.tensor(array))
        return
    with np.errstate(divide="ignore", invalid="ignore"):  # log(0), asin(2): as NumPy warns
        out = spec.ours(ag.tensor(array))
    assert out.dtype == np.dtype(str(expected.dtype).replace("torch.", ""))
    np.testing.assert_allclose(out.numpy(), expected.numpy(), rtol=1e-6, equal_nan=True)


@pytest.mark.parametrize("spec", [s for s in UNARY if s.float_only], ids=repr)
def test_float_only_ops_refuse_integers_clearly(spec):
    with pytest.raises(TypeError, match="floating point"):
        spec.ours(ag.tensor([1, 2]))
