"""PyTorch's rules the engine keeps: what ops save, in-place updates, roots, threads, gradcheck."""
from __future__ import annotations

import threading

import numpy as np
import pytest

import autograd as ag
from autograd import Tensor


def scalar(value: float) -> Tensor:
    return ag.tensor(value, dtype=ag.float64, requires_grad=True)


def test_micrograd_more_ops_with_in_place_updates():
    """micrograd's own test (test_more_ops), with its `+=` on tensors, gives its numbers."""
    a, b = scalar(-4.0), scalar(2.0)
    c = a + b
    d = a * b + b ** 3
    c += c + 1
    c += 1 + c + (-a)
    d += d * 2 + (b + a).relu()
    d += 3 * d + (b - a).relu()
    e = c - d
    f = e ** 2
    g = f / 2.0
    g += 10.0 / f
    g.backward()
    assert g.item() == pytest.approx(24.70408163265306, abs=1e-9)
    assert a.grad.item() == pytest.approx(138.83381924198252, abs=1e-9)
    assert b.grad.item() == pytest.approx(645.5772594752187, abs=1e-9)


def test_an_op_saves_only_what_the_requested_gradients_need():
    y = scalar(2.0) * 1
    z = 3 * y          # Mul needs the 3 for y's gradient, never y itself
    y += 1
    z.backward()
    assert z.grad_fn is not None
    w = scalar(2.0)
    v = w * y          # now y is saved (for w's gradient) ...
    y += 1             # ... and changing it in place is caught
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        v.backward()


def test_constants_stay_on_the_node():
    v = scalar(11.0)
    J = 3 * v
    assert J.grad_fn.constants == {0: 3}
    assert (v * 2.5).grad_fn.constants == {1: 2.5}
    assert (v + v).grad_fn.constants is None


def test_roots_are_matched_by_identity_not_by_value():
    a, b = scalar(2.0), scalar(2.0)          # equal values, two leaves
    ag.backward([a, b], [ag.tensor(1.0, dtype=ag.float64), ag.tensor(5.0, dtype=ag.float64)])
    assert (a.grad.item(), b.grad.item()) == (1.0, 5.0)
    x = scalar(2.0)
    (g,) = ag.grad([x * 3, x], [x])
    assert g.item() == 4.0


def test_grad_mode_belongs_to_the_thread():
    entered, release = threading.Event(), threading.Event()

    def in_no_grad():
        with ag.no_grad():
            entered.set()
            release.wait(5)

    worker = threading.Thread(target=in_no_grad)
    worker.start()
    entered.wait(5)
    try:
        assert ag.is_grad_enabled()
        assert (scalar(1.0) * 2).requires_grad   # this thread still records
    finally:
        release.set()
        worker.join()


def test_inference_mode_and_set_grad_enabled():
    x = scalar(1.0)
    with ag.inference_mode():
        assert not (x * 2).requires_grad
    with ag.set_grad_enabled(False):
        assert not (x * 2).requires_grad
    assert (x * 2).requires_grad

    @ag.no_grad()
    def evaluate(t):
        return t * 2

    assert not evaluate(x).requires_grad


def test_gradcheck_on_a_non_contiguous_leaf():
    """The perturbation must reach the leaf's own memory, whatever its layout."""
    class Double(ag.Function):
        @staticmethod
        def forward(ctx, t):
            return t * 2

        @staticmethod
        def backward(ctx, grad):
            return grad * 2

    class Zero(Double):
        @staticmethod
        def backward(ctx, grad):
            return grad * 0

    columns = np.asfortranarray(np.random.default_rng(0).standard_normal((3, 4)))
    leaf = Tensor._make(columns, True)  # a leaf whose array is not C-contiguous
    assert not leaf.numpy(force=True).flags.c_contiguous
    assert ag.gradcheck(Double.apply, (leaf,))
    assert not ag.gradcheck(Zero.apply, (leaf,), raise_exception=False)


def test_a_long_chain_is_freed_by_reference_counting():
    import gc
    import weakref

    gc.disable()
    try:
        x = scalar(1.0)
        y = x
        for _ in range(10_000):
            y = y * 1.0 + 0.0
        first = weakref.ref(y.grad_fn)
        y.backward()
        del y
        assert first() is None
    finally:
        gc.enable()


def test_backward_steps_observes_the_same_loop():
    a, b, c = scalar(5.0), scalar(3.0), scalar(2.0)
    J = 3 * (a + b * c)
    names = [step.node.op_name for step in ag.backward_steps(J)]
    assert names == ["Mul", "Add", "Mul"]
    assert (a.grad.item(), b.grad.item(), c.grad.item()) == (3.0, 6.0, 9.0)


def test_a_leaf_owns_its_gradient_array():
    """A fresh gradient may be taken over by .grad; a shared one never is."""
    a, b = scalar(1.0), scalar(2.0)
    total = a + b
    total.backward()
    a.grad.data += 10                  # changes a.grad only
    assert b.grad.item() == 1.0
    assert total.grad_fn.grad.item() == 1.0   # the node's record of its gradient is intact
