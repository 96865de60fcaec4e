"""The backward engine: graph shapes, accumulation, grad(), higher order, hooks, memory."""
from __future__ import annotations

import gc
import weakref

import numpy as np
import pytest

import autograd as ag
from autograd import Tensor


def scalar(value: float, name: str | None = None) -> Tensor:
    return ag.tensor(value, dtype=ag.float64, requires_grad=True, name=name)


def test_course_scalar_graph():
    a, b, c = scalar(5.0), scalar(3.0), scalar(2.0)
    J = 3 * (a + b * c)
    J.backward()
    assert J.item() == 33.0
    assert (a.grad.item(), b.grad.item(), c.grad.item()) == (3.0, 6.0, 9.0)


def test_diamond_graph_sums_both_paths():
    x = scalar(2.0)
    y = x * x          # used twice below
    z = y * 3 + y.exp()
    z.backward()
    np.testing.assert_allclose(x.grad.item(), (3 + np.exp(4.0)) * 2 * 2.0)


def test_gradients_accumulate_over_two_backwards():
    x = scalar(3.0)
    (x * x).backward()
    (x * 4).backward()
    assert x.grad.item() == 6.0 + 4.0


def test_shared_gradient_arrays_are_not_aliased():
    a, b = scalar(1.0), scalar(2.0)
    (a + b).backward()
    a.grad.data += 10
    assert b.grad.item() == 1.0


def test_grad_leaves_dot_grad_alone():
    x = scalar(3.0)
    (g,) = ag.grad(x ** 2, [x])
    assert g.item() == 6.0
    assert x.grad is None


def test_grad_of_an_intermediate_tensor():
    x = scalar(3.0)
    y = x * 2
    (g,) = ag.grad(y ** 2, [y])
    assert g.item() == 12.0


def test_grad_unused_input():
    x, unused = scalar(1.0), scalar(1.0)
    with pytest.raises(RuntimeError, match="allow_unused"):
        ag.grad(x * 2, [x, unused])
    assert ag.grad(x * 2, [x, unused], allow_unused=True)[1] is None


def test_second_derivative_of_cube():
    x = scalar(2.0)
    (dx,) = ag.grad(x ** 3, [x], create_graph=True)
    (ddx,) = ag.grad(dx, [x])
    assert dx.item() == pytest.approx(12.0)
    assert ddx.item() == pytest.approx(12.0)  # 6x at x = 2


@pytest.mark.parametrize("activation", ["tanh", "sigmoid"])
def test_fused_activation_gradients_are_differentiable_twice(activation):
    x = ag.tensor(np.array([-1.5, 0.3, 2.0]), requires_grad=True)
    w = ag.tensor(np.array([0.7, -1.1, 0.4]), requires_grad=True)

    def first_derivative(x, w):
        (g,) = ag.grad((getattr(x, activation)() * w).sum(), [x], create_graph=True)
        return g

    assert ag.gradcheck(first_derivative, (x, w))


def test_hessian_vector_product():
    rng = np.random.default_rng(0)
    A = rng.standard_normal((4, 4))
    A = A + A.T
    x = ag.tensor(rng.standard_normal(4), requires_grad=True)
    v = rng.standard_normal(4)
    f = 0.5 * (x @ ag.tensor(A) @ x) + (x ** 3).sum()
    (g,) = ag.grad(f, [x], create_graph=True)
    (hv,) = ag.grad((g * ag.tensor(v)).sum(), [x])
    np.testing.assert_allclose(hv.detach().numpy(), A @ v + 6 * x.detach().numpy() * v, rtol=1e-10)


def test_backward_create_graph_then_backward_again():
    x = scalar(1.5)
    y = x.tanh()
    y.backward(create_graph=True)
    first = x.grad
    assert first.requires_grad
    x.grad = None
    first.backward()
    t = np.tanh(1.5)
    np.testing.assert_allclose(x.grad.item(), -2 * t * (1 - t * t))


def test_tensor_hooks_see_and_replace_gradients():
    x = scalar(2.0)
    y = x * 3
    seen = []
    y.register_hook(lambda g: seen.append(g.item()))
    handle = x.register_hook(lambda g: g * 10)
    (y * y).backward()
    assert seen == [12.0]
    assert x.grad.item() == 360.0
    handle.remove()
    x.grad = None
    (x * 1).backward()
    assert x.grad.item() == 1.0


def test_retain_grad_and_non_leaf_grad_warning():
    x = scalar(2.0)
    y = x * 3
    z = x * 4
    y.retain_grad()
    (y * z).backward()
    assert y.grad.item() == 8.0
    with pytest.warns(UserWarning, match="retain_grad"):
        assert z.grad is None


def test_second_backward_without_retain_graph_explains():
    x = scalar(2.0)
    y = x.exp() * x
    y.backward(retain_graph=True)
    y.backward()
    with pytest.raises(RuntimeError, match="retain_graph=True"):
        y.backward()


def test_non_scalar_backward_needs_gradient():
    x = ag.tensor(np.ones((2, 3)), requires_grad=True)
    with pytest.raises(RuntimeError, match=r"shape torch.Size\(\[2, 3\]\).*gradient="):
        (x * 2).backward()
    (x * 2).backward(gradient=ag.ones(2, 3, dtype=ag.float64))
    np.testing.assert_allclose(x.grad.detach().numpy(), 2.0)


def test_detect_anomaly_names_the_op_and_where_it_was_made():
    x = ag.tensor([0.0, 1.0], dtype=ag.float64, requires_grad=True)
    with ag.detect_anomaly(), np.errstate(divide="ignore"):
        y = x.sqrt().sum()
        with pytest.raises(RuntimeError, match=r"(?s)SqrtBackward.*test_engine\.py.*x\.sqrt\(\)"):
            y.backward()


def test_modifying_a_saved_tensor_in_place_is_caught():
    x = scalar(2.0)
    y = x * 1
    y.name = "hidden"
    z = y.sin()              # Sin saves its input y
    y.add_(1)
    with pytest.raises(RuntimeError, match="inplace.*'hidden'.*Sin"):
        z.backward()
    e = x.exp()              # Exp saves its output e
    e.mul_(2)
    with pytest.raises(RuntimeError, match="inplace.*output of Exp"):
        e.backward()


def test_in_place_on_a_leaf_that_requires_grad_is_refused():
    w = scalar(1.0, name="w")
    with pytest.raises(RuntimeError, match="leaf.*w.*no_grad"):
        w.add_(1)
    with ag.no_grad():
        w.add_(1)
    assert w.item() == 2.0 and w._version == 1


def test_in_place_on_a_non_leaf_keeps_the_gradient_right():
    x = scalar(3.0)
    y = x * 2
    y.mul_(x)          # y = 2x * x
    y += 1
    y.backward()
    assert x.grad.item() == 12.0


def test_no_grad_and_enable_grad():
    x = scalar(1.0)
    with ag.no_grad():
        y = x * 2
        assert not ag.is_grad_enabled()
        with ag.enable_grad():
            z = x * 2
    assert not y.requires_grad and z.requires_grad

    @ag.no_grad()
    def evaluate(t):
        return t * 2

    assert not evaluate(x).requires_grad and ag.is_grad_enabled()


def test_long_chain_has_no_recursion_limit():
    x = scalar(1.0)
    y = x
    for _ in range(100_000):
        y = y * 1.0001 + 0.0001
    y.backward()
    assert x.grad.item() == pytest.approx(1.0001 ** 100_000, rel=1e-9)


def test_finished_graph_is_freed_by_reference_counting():
    gc.collect()
    gc.disable()
    try:
        x = scalar(1.0)
        y = (x * 2).exp()
        y = y * y.tanh()
        node_ref, out_ref = weakref.ref(y.grad_fn), weakref.ref(y)
        y.backward()
        del y
        assert out_ref() is None and node_ref() is None
    finally:
        gc.enable()


def test_graph_with_create_graph_is_freed_by_reference_counting():
    gc.collect()
    gc.disable()
    try:
        x = scalar(0.5)
        y = x.tanh()
        z = y * y
        node_ref = weakref.ref(y.grad_fn)
        (g,) = ag.grad(z, [x], create_graph=True)
        del y, z, g
        assert node_ref() is None
    finally:
        gc.enable()


def test_unused_graph_is_freed_without_backward():
    gc.disable()
    try:
        x = scalar(1.0)
        y = x.sigmoid() * x
        ref = weakref.ref(y.grad_fn)
        del y
        assert ref() is None
    finally:
        gc.enable()


def test_nodes_share_their_flag_and_dtype_tuples():
    """Every object a node holds is one more for the cyclic garbage collector to visit in a
    large graph, so nodes share one copy of each needs_input_grad and output_dtypes tuple."""
    x = scalar(1.0)
    first, second = (x * 2).grad_fn, (3 * x.exp()).grad_fn
    assert first.needs_input_grad == (True, False) and second.needs_input_grad == (False, True)
    assert first.needs_input_grad is (x * 4).grad_fn.needs_input_grad
    assert first.output_dtypes == (np.dtype(np.float64),)
    assert first.output_dtypes is second.output_dtypes is x.sin().grad_fn.output_dtypes


def test_graph_facts_for_tools():
    a, b = scalar(2.0, "a"), scalar(-3.0, "b")
    out = a * b
    node = out.grad_fn
    assert node.op_name == "Mul" and node.name() == "MulBackward0"
    assert node.next_functions == ((a, 0), (b, 0))
    assert node.derivatives == ("d(a*b)/da = b", "d(a*b)/db = a")
    assert node.input_shapes == ((), ()) and node.output_shapes == ((),)
    assert node.saved_shapes == ((), ())
    z = (out + a).tanh()
    assert z.grad_fn.next_functions[0][0].next_functions[0] == (node, 0)
    out.backward()
    assert node.is_freed and node.grad.item() == 1.0


def test_backward_steps_yields_each_node_and_matches_backward():
    a, b, c = scalar(5.0), scalar(3.0), scalar(2.0)
    u = b * c
    v = a + u
    J = 3 * v
    steps = list(ag.backward_steps(J))
    assert [s.node.op_name for s in steps] == ["Mul", "Add", "Mul"]
    assert steps[0].grad_outputs[0].item() == 1.0
    assert steps[0].grad_inputs[1].item() == 3.0          # dJ/dv
    assert steps[2].grad_outputs[0].item() == 3.0          # dJ/du
    assert [g.item() for g in steps[2].grad_inputs] == [6.0, 9.0]
    assert (a.grad.item(), b.grad.item(), c.grad.item()) == (3.0, 6.0, 9.0)


def test_backward_steps_does_not_leak_grad_mode():
    x = scalar(1.0)
    steps = ag.backward_steps((x * 2).exp())
    next(steps)
    assert ag.is_grad_enabled() and (x * 3).requires_grad


def test_broadcast_gradient_is_summed_back_once():
    bias = ag.tensor(np.zeros(4), requires_grad=True)
    x = ag.tensor(np.ones((3, 4)))
    (x + bias).sum().backward()
    np.testing.assert_allclose(bias.grad.detach().numpy(), [3, 3, 3, 3])
