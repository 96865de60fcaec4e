"""Ops of your own with autograd.Function (PyTorch's form), checked with gradcheck."""
from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
from autograd import Function, Tensor


def scalar(value: float, name: str | None = None) -> Tensor:
    return ag.tensor(value, dtype=ag.float64, requires_grad=True, name=name)


class Cube(Function):
    """f(a) = a³;  df/da = 3a²."""

    formula, derivatives = "a³", ("3a²",)

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return a ** 3

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad * 3 * a * a


class SplitHalves(Function):
    """Two outputs: the first and second half of a vector."""

    @staticmethod
    def forward(ctx, a):
        half = a.shape[0] // 2
        return a[:half].clone(), a[half:].clone()

    @staticmethod
    def backward(ctx, grad_first, grad_second):
        return ag.cat([grad_first, grad_second])


def test_user_function_with_gradcheck_and_second_order():
    x = ag.tensor(np.array([0.5, -1.2, 2.0]), requires_grad=True)
    assert ag.gradcheck(Cube.apply, (x,))
    (g,) = ag.grad(Cube.apply(x).sum(), [x], create_graph=True)
    (gg,) = ag.grad(g.sum(), [x])
    np.testing.assert_allclose(gg.detach().numpy(), 6 * x.detach().numpy())
    assert Cube.apply(x).grad_fn.derivatives == ("d(a³)/da = 3a²",)


def test_user_function_with_two_outputs_one_unused():
    x = ag.tensor(np.arange(4.0), requires_grad=True)
    first, second = SplitHalves.apply(x)
    (first * 3).sum().backward()
    np.testing.assert_allclose(x.grad.detach().numpy(), [3, 3, 0, 0])
    assert ag.gradcheck(lambda t: SplitHalves.apply(t), (x,))


def test_gradcheck_reports_the_worst_element():
    class WrongSquare(Function):
        @staticmethod
        def forward(ctx, a):
            ctx.save_for_backward(a)
            return a * a

        @staticmethod
        def backward(ctx, grad):
            (a,) = ctx.saved_tensors
            return grad * a  # should be 2a

    x = ag.tensor(np.array([1.0, 2.0]), requires_grad=True)
    with pytest.raises(ag.GradcheckError, match="input 0.*analytic.*numeric"):
        ag.gradcheck(WrongSquare.apply, (x,))
    assert not ag.gradcheck(WrongSquare.apply, (x,), raise_exception=False)
    with pytest.raises(TypeError, match="float64"):
        ag.gradcheck(lambda t: t * 2, (ag.ones(2, requires_grad=True),))
    assert ag.relative_difference([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert ag.relative_difference([1.0, 0.0], [0.0, 1.0]) == pytest.approx(np.sqrt(2) / 2)


def test_nodes_are_named_after_the_op_unless_it_gives_pytorchs_name_or_a_label():
    class Twice(ag.function.NumpyFunction):
        formula, derivatives = "2*a", ("2",)

        @staticmethod
        def forward(ctx, a):
            return 2 * a

        @staticmethod
        def backward(ctx, grad):
            return 2 * grad

    class Doubled(Twice):
        node_name = "MulBackward0"

    class TwiceAgain(Twice):
        op_name = "Twice"

    x = ag.tensor([1.0, 2.0], requires_grad=True)
    assert Twice.apply(x).grad_fn.name() == "TwiceBackward0"
    node = Doubled.apply(x).grad_fn
    assert node.name() == type(node).__name__ == "MulBackward0"
    assert node.op_name == "Doubled"
    node = TwiceAgain.apply(x).grad_fn
    assert node.name() == "TwiceAgainBackward0" and node.op_name == "Twice"
