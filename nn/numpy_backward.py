"""Gradients computed in NumPy by fused ops: usable once, with a clear error if differentiated again."""
from __future__ import annotations

from autograd import Function, Tensor, is_grad_enabled

__all__ = ["NumpyGradient", "once_differentiable"]


class NumpyGradient(Function):
    """Identity on a gradient a fused op computed in NumPy. f(g) = g;  a second derivative raises."""

    formula, derivatives = "a", ("not available: computed in NumPy",)

    @staticmethod
    def forward(ctx, value, op, *sources):
        ctx.op = op
        return value

    @staticmethod
    def backward(ctx, grad):
        raise RuntimeError(
            f"{ctx.op} computes its backward in NumPy, so its gradients cannot be differentiated "
            "again (create_graph=True needs a twice-differentiable path). Build that part from "
            "Tensor ops instead (e.g. matmul, sigmoid, tanh) to take higher-order gradients.")


def once_differentiable(op: str, grads: tuple, *sources) -> tuple:
    """`grads` as they are, or, when backward is being recorded (create_graph=True), each
    linked to `sources` (the op's inputs and incoming gradients) through a `NumpyGradient`
    node, so that differentiating them again raises instead of silently giving zero."""
    if not is_grad_enabled():
        return grads
    sources = [s for s in sources if isinstance(s, Tensor) and s.requires_grad]
    if not sources:
        return grads
    return tuple(None if g is None else NumpyGradient.apply(g, op, *sources) for g in grads)
