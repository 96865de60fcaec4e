"""Replay backward to see every step, leaving every `.grad` as it was."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from autograd import Node, Tensor, backward_steps
from viz.graph import checked_roots

__all__ = ["BackwardEvent", "record_backward", "leaves_of"]


@dataclass(frozen=True)
class BackwardEvent:
    """One node's backward step with copied arrays: what reached it and what it sent on."""

    node: Node
    grad_outputs: tuple
    grad_inputs: tuple


def record_backward(root, gradient=None) -> list[BackwardEvent]:
    """Replay backward from `root` and return its steps; every `.grad` is left as it was.

    The graph is kept (retain_graph=True), so `root.backward()` still works afterwards.
    Leaves' `.grad` are set aside while the replay runs and put back afterwards; tensor hooks
    do run. Raises RuntimeError when a backward without retain_graph already freed the graph.
    """
    roots = checked_roots(root)
    leaves = leaves_of(roots)
    saved = [(leaf, leaf.grad) for leaf in leaves]
    for leaf in leaves:
        leaf.grad = None
    events = []
    try:
        for step in backward_steps(roots, gradient, retain_graph=True):
            events.append(BackwardEvent(
                step.node, tuple(_copy(g) for g in step.grad_outputs),
                tuple(_copy(g) for g in step.grad_inputs)))
    finally:
        for leaf, grad in saved:
            leaf.grad = grad
    return events


def _copy(g) -> np.ndarray | None:
    return None if g is None else np.array(g.numpy(force=True), copy=True)


def leaves_of(roots: list) -> list[Tensor]:
    """Every leaf Tensor that gradients reach from `roots` (explicit stack)."""
    leaves, seen = [], set()
    stack = [r.grad_fn if r.grad_fn is not None else r for r in roots]
    while stack:
        obj = stack.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        if not isinstance(obj, Node):
            leaves.append(obj)
            continue
        stack.extend(edge[0] for edge in obj.next_functions if edge is not None)
    return leaves
