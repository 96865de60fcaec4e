"""What you call to get gradients: `backward`, `grad` and `backward_steps`.

Each turns its arguments into roots (a gradient for each output) and runs the engine's loop
(autograd/engine.py).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from autograd.engine import _tensor, run_backward
from autograd.node import Node
from autograd.tensor import Tensor

__all__ = ["backward", "grad", "backward_steps", "BackwardStep"]


def backward(tensors, grad_tensors=None, retain_graph: bool | None = None,
             create_graph: bool = False, inputs=None) -> None:
    """Accumulate the gradients of `tensors` into the `.grad` of every leaf they depend on.

    Args:
        tensors: a Tensor or a sequence of Tensors (the roots).
        grad_tensors: d(final)/d(root) for each root; may be None for one-element roots.
        retain_graph: keep the saved values so backward can run again (default: create_graph).
        create_graph: record the backward pass itself, for higher-order gradients.
        inputs: accumulate only into these tensors' `.grad` (default: every leaf).
    """
    roots = _roots(tensors, grad_tensors, create_graph)
    only = None if inputs is None else _targets(inputs, "inputs")
    found = run_backward(roots, create_graph if retain_graph is None else retain_graph,
                         create_graph, accumulate=True, capture=only)
    for tensor in _as_list(inputs, "inputs") if inputs is not None else ():
        g = found.get(_key(tensor))
        if tensor.grad_fn is not None and g is not None:
            g = g if create_graph else g.detach()
            tensor._grad = g if tensor._grad is None else tensor._grad + g


def grad(outputs, inputs, grad_outputs=None, retain_graph: bool | None = None,
         create_graph: bool = False, allow_unused: bool = False) -> tuple:
    """Return d(outputs)/d(inputs) as a tuple of Tensors, without touching any `.grad`.

    Example (a Hessian-vector product):
        >>> (g,) = grad((x ** 3).sum(), [x], create_graph=True)
        >>> (hv,) = grad((g * v).sum(), [x])
    """
    inputs = _as_list(inputs, "inputs")
    for i, t in enumerate(inputs):
        if not isinstance(t, Tensor):
            raise TypeError(f"grad(): inputs[{i}] must be a Tensor, not {type(t).__name__}")
        if not t.requires_grad:
            raise RuntimeError(f"grad(): input {i} does not require grad, so it has no gradient")
    roots = _roots(outputs, grad_outputs, create_graph, "outputs")
    wanted = _targets(inputs, "inputs")
    found = run_backward(roots, create_graph if retain_graph is None else retain_graph,
                         create_graph, accumulate=False, capture=wanted)
    results = []
    for i, t in enumerate(inputs):
        g = found.get(_key(t))
        if g is None and not allow_unused:
            raise RuntimeError(
                f"grad(): input {i} (shape {t.shape}) was not used to compute the outputs; "
                "pass allow_unused=True to get None for it")
        results.append(g)
    return tuple(results)


@dataclass(frozen=True)
class BackwardStep:
    """What one node did during backward.

    Attributes:
        node: the graph node (its `name`, `next_functions`, `fn.derivatives`, ...).
        grad_outputs: gradient(s) of the final output w.r.t. the node's output(s).
        grad_inputs: the gradient sent to each entry of `node.next_functions` (summed back
            to that input's shape), None where nothing was sent.
    """

    node: Node
    grad_outputs: tuple
    grad_inputs: tuple


def backward_steps(root, gradient=None, retain_graph: bool = False, create_graph: bool = False):
    """Run backward from `root`, then yield one `BackwardStep` per node, in the order the
    engine processed them. Leaves' `.grad` are filled exactly as by `backward`."""
    steps = []

    def observe(node, grad_outputs, grad_inputs):
        steps.append(BackwardStep(node, tuple(map(_tensor, grad_outputs)),
                                  tuple(map(_tensor, grad_inputs))))

    run_backward(_roots(root, gradient, create_graph, "root"), retain_graph, create_graph,
                 accumulate=True, observe=observe)
    yield from steps


def _roots(tensors, grad_tensors, create_graph: bool, name: str = "tensors") -> list:
    """((target, output_nr), gradient) for each root; the implied gradient of a scalar is 1."""
    tensors = _as_list(tensors, name)
    if grad_tensors is None or isinstance(grad_tensors, Tensor):
        grad_tensors = [grad_tensors] * len(tensors) if grad_tensors is None else [grad_tensors]
    grad_tensors = list(grad_tensors)
    if len(grad_tensors) != len(tensors):
        raise RuntimeError(f"got {len(grad_tensors)} gradients for {len(tensors)} outputs")
    roots = []
    for i, (root, g) in enumerate(zip(tensors, grad_tensors)):
        if not isinstance(root, Tensor):
            raise TypeError(f"backward: output {i} is a {type(root).__name__}, not a Tensor")
        if not root.requires_grad:
            raise RuntimeError(
                "element 0 of tensors does not require grad and does not have a grad_fn: "
                "nothing can be differentiated. Create the leaves with requires_grad=True "
                "(and do not compute under no_grad()).")
        if g is None:
            if root._data.size != 1:
                raise RuntimeError(
                    f"grad can be implicitly created only for scalar outputs; this one has "
                    f"shape {root.shape}. Reduce it first (e.g. .sum()), or pass "
                    "gradient=... of the output's shape.")
            g = np.array(1, root._data.dtype).reshape(root._data.shape)
        else:
            if not isinstance(g, (Tensor, np.ndarray)):
                raise TypeError(f"gradients can be either Tensors or None, but got "
                                f"{type(g).__name__}")
            g = g._data if isinstance(g, Tensor) and not create_graph else g
            if not isinstance(g, Tensor):
                g = np.asarray(g, dtype=root.dtype)
            if g.shape != root.shape:
                raise RuntimeError(f"backward: gradient has shape {tuple(g.shape)} but output "
                                   f"{i} has shape {root.shape}")
        if create_graph and not isinstance(g, Tensor):
            g = Tensor._make(g)
        roots.append((_key(root), g))
    return roots


def _targets(tensors, name: str) -> dict:
    return {_key(t): i for i, t in enumerate(_as_list(tensors, name))}


def _key(t: Tensor):
    """What the edges to t point to: the leaf itself, its node, or (node, output_nr)."""
    if t.grad_fn is None:
        return t
    return t.grad_fn if t._output_nr == 0 else (t.grad_fn, t._output_nr)


def _as_list(tensors, name: str) -> list:
    """A Tensor or a sequence of them as a list; TypeError naming the argument otherwise."""
    if isinstance(tensors, Tensor):
        return [tensors]
    if not isinstance(tensors, Iterable) or isinstance(tensors, str):
        raise TypeError(f"{name} must be a Tensor or a sequence of Tensors, not "
                        f"{type(tensors).__name__}")
    return list(tensors)


