"""The backward pass: one loop, `run_backward`, that `backward`, `grad` and `backward_steps`
(autograd/gradients.py) all run.

1. Count, for every node, the edges that reach it from the roots (an explicit stack: no
   recursion limit, however deep the graph).
2. Start from the roots with their gradients. A node is *ready* once every edge that reaches
   it has delivered its gradient; ready nodes wait on a stack.
3. Pop a ready node, call its op's backward, sum each gradient it returns back to the shape
   of that input (the one place where broadcasting is undone) and add it to what the input
   has received so far.
4. A leaf, when ready, adds what it received to its `.grad`.

Without `create_graph` the gradients are plain NumPy arrays and nothing is recorded; with it
they are Tensors and the backward pass is itself a graph that can be differentiated again.
"""
from __future__ import annotations

import sys

import numpy as np

from autograd.node import FREED, Node
from autograd.grad_mode import state
from autograd.tensor import Tensor

__all__ = ["run_backward"]


def run_backward(roots: list, retain_graph: bool, create_graph: bool, accumulate: bool = True,
                 capture: dict | None = None, observe=None) -> dict:
    """The loop. `roots` holds (key, gradient) pairs, a key being what an edge points to:
    a node (for its output 0), (node, output_nr) for a later output, or a leaf. Leaves get
    their gradient in `.grad` when `accumulate`; the gradients of the keys in `capture` are
    returned instead. `observe(node, grad_outputs, grad_inputs)` is called after each node."""
    received = {}  # key -> the gradient summed so far
    targets = []
    for key, g in roots:
        if key in received:
            received[key] = received[key] + g
        else:
            received[key] = g
            targets.append(key[0] if key.__class__ is tuple else key)
    pending = _count_dependencies(targets)
    ready = [target for target in targets if not pending[target]]
    found = {}
    previous = state.enabled
    state.enabled = create_graph
    checked = create_graph or state.anomaly  # else backward's results are used as they are
    try:
        while ready:
            node = ready.pop()
            if isinstance(node, Tensor):  # a leaf: every gradient for it has arrived
                g = received.pop(node, None)
                if g is not None:
                    _finish_leaf(node, g, create_graph, accumulate, capture, found)
                continue
            grads = received.pop(node, None)
            if capture is not None or node.hooks is not None or len(node.output_shapes) > 1:
                grads = _gather(node, grads, received, create_graph, capture, found)
            elif grads is not None:
                grads = (grads,)
            edges = node.edges
            if grads is None:  # nothing reached this node: it passes nothing on
                grad_inputs = (None,) * len(edges)
            else:
                node._received = grads if not create_graph else tuple([g._data for g in grads])
                fn = node.fn
                if fn.takes_arrays or create_graph:
                    grad_inputs = fn.backward(node, *grads)
                else:
                    grad_inputs = _backward_on_tensors(node, grads)
                if grad_inputs.__class__ is not tuple:
                    grad_inputs = (grad_inputs,)
                if checked or len(grad_inputs) != len(edges):
                    grad_inputs = _checked(node, grad_inputs, create_graph)
                if not retain_graph and node.saved is not None:
                    node.saved = FREED
            sent = [] if observe is not None else None  # what each input gets, for observe
            for edge, g in zip(edges, grad_inputs):
                if edge is not None:
                    if edge.__class__ is tuple:
                        target, nr = edge
                    else:
                        target, nr = edge, 0
                    if g is not None:
                        if isinstance(target, Tensor):
                            shape, dtype = target._data.shape, target._data.dtype
                        else:
                            shape, dtype = target.output_shapes[nr], target.output_dtypes[nr]
                        if g.shape != shape or g.dtype is not dtype:
                            g = _conform(g, shape, dtype, node)
                        received[edge] = received[edge] + g if edge in received else g
                    left = pending[target] - 1
                    pending[target] = left
                    if not left:
                        ready.append(target)
                if sent is not None:
                    sent.append(g)
            if sent is not None and grads is not None:
                observe(node, grads, tuple(sent))
            grad_inputs = g = sent = None  # drop our references: a leaf may take a fresh gradient
    finally:
        state.enabled = previous
    return found


def _count_dependencies(roots: list) -> dict:
    """How many edges reach each node or leaf from the roots (explicit stack, no recursion)."""
    pending = dict.fromkeys(roots, 0)  # the roots are on the stack already
    stack = [r for r in roots if not isinstance(r, Tensor)]
    while stack:
        for edge in stack.pop().edges:
            if edge is None:
                continue
            target = edge[0] if edge.__class__ is tuple else edge
            if target in pending:
                pending[target] += 1
            else:
                pending[target] = 1
                if not isinstance(target, Tensor):
                    stack.append(target)
    return pending


def _gather(node: Node, first, received: dict, create_graph: bool, capture, found):
    """The gradients of all the node's outputs after its hooks (zeros for an output that got
    none), or None when none arrived; captured ones go to `found`."""
    count = len(node.output_shapes)
    grads = [first] + [received.pop((node, nr), None) for nr in range(1, count)]
    if all(g is None for g in grads):
        return None
    for nr in range(count):
        g = grads[nr]
        if g is None:
            g = np.zeros(node.output_shapes[nr], node.output_dtypes[nr])
            g = grads[nr] = Tensor._make(g) if create_graph else g
        if node.hooks is not None and nr in node.hooks:
            grads[nr] = g = _run_hooks(node.hooks[nr].values(), g, create_graph, node.op_name)
        if capture is not None and (node if nr == 0 else (node, nr)) in capture:
            found[node if nr == 0 else (node, nr)] = _tensor(g)
    return tuple(grads)


def _backward_on_tensors(node: Node, grads: tuple) -> tuple:
    """A PyTorch-style backward gets Tensors even in a plain backward; it gives arrays back."""
    result = node.fn.backward(node, *[Tensor._make(g) for g in grads])
    return _checked(node, result if result.__class__ is tuple else (result,), False)


def _checked(node: Node, result: tuple, create_graph: bool) -> tuple:
    """What backward returned, as a tuple of arrays (plain) or Tensors (create_graph)."""
    if len(result) != len(node.edges):
        raise RuntimeError(
            f"function {type(node).__name__} returned an incorrect number of gradients "
            f"(expected {len(node.edges)}, got {len(result)}): one per argument of "
            "forward, None for those without a gradient")
    for g in result:
        if g is not None and (create_graph or g.__class__ is not np.ndarray):
            result = tuple([_as_gradient(g, create_graph) for g in result])
            break
    if state.anomaly:
        _check_finite(node, result)
    return result


def _as_gradient(g, create_graph: bool):
    if g is None:
        return None
    if create_graph:
        return g if isinstance(g, Tensor) else Tensor._make(g)
    return g._data if isinstance(g, Tensor) else g if hasattr(g, "shape") else np.asarray(g)


def _conform(g, shape: tuple, dtype, node: Node):
    """Sum a gradient back to its input's shape (undo broadcasting); cast it to its dtype."""
    if g.shape != shape:
        lead = len(g.shape) - len(shape)
        if lead < 0 or any(n != 1 and n != m for n, m in zip(shape, g.shape[lead:])):
            raise RuntimeError(
                f"function {type(node).__name__} returned an invalid gradient: got shape "
                f"{tuple(g.shape)} for an input of shape {shape}")
        dims = tuple(range(lead)) + tuple(
            lead + i for i, n in enumerate(shape) if n == 1 and g.shape[lead + i] != 1)
        g = np.sum(g, axis=dims, keepdims=True).reshape(shape)
    if g.dtype != dtype:
        g = g.to(dtype) if isinstance(g, Tensor) else np.asarray(g).astype(dtype)
    elif not isinstance(g, (np.ndarray, Tensor)):
        g = np.asarray(g)
    return g


def _finish_leaf(leaf: Tensor, g, create_graph: bool, accumulate: bool, capture, found) -> None:
    """Run the leaf's hooks, then add the gradient to `.grad` (or hand it to `grad()`)."""
    if leaf._hooks:
        g = _run_hooks(list(leaf._hooks.values()), g, create_graph, "a leaf tensor")
    if capture is not None:
        if leaf in capture:
            found[leaf] = _tensor(g)
        if not accumulate or leaf not in capture:
            return
    if create_graph:
        g = g if isinstance(g, Tensor) else Tensor._make(g)
        leaf._grad = g if leaf._grad is None else leaf._grad + g
    elif leaf._grad is None:
        # Take the array itself when nothing else refers to it (PyTorch steals it too);
        # otherwise copy, so that a later `+=` into .grad cannot change another gradient.
        owned = g.__class__ is np.ndarray and g.base is None and sys.getrefcount(g) <= 3
        leaf._grad = Tensor._make(g if owned else np.array(g, copy=True))
    elif leaf._grad.grad_fn is None and leaf._grad._data.flags.writeable:
        leaf._grad._data += g
    else:
        leaf._grad = Tensor._make(leaf._grad._data + g)


def _run_hooks(hooks, g, create_graph: bool, where: str):
    as_tensor = g if isinstance(g, Tensor) else Tensor._make(g)
    for hook in hooks:
        replaced = hook(as_tensor)
        if replaced is not None:
            if not isinstance(replaced, Tensor):
                replaced = Tensor._make(np.asarray(replaced, dtype=as_tensor.dtype))
            if replaced.shape != as_tensor.shape:
                raise RuntimeError(f"a hook on {where} returned a gradient of shape "
                                   f"{replaced.shape}; expected {as_tensor.shape}")
            as_tensor = replaced
    return as_tensor if create_graph else as_tensor._data


def _check_finite(node: Node, result: tuple) -> None:
    """detect_anomaly: raise naming the op (and where it ran) if a gradient has NaN/Inf."""
    for i, g in enumerate(result):
        if g is not None and not np.all(np.isfinite(g._data if isinstance(g, Tensor) else g)):
            raise RuntimeError(
                f"Function '{type(node).__name__}' returned nan values in its {i}th output. "
                f"{node.op_name} was created in the forward pass at:\n"
                f"{node.creation_stack or '  (created outside detect_anomaly)'}")


def _tensor(g):
    return g if g is None or isinstance(g, Tensor) else Tensor._make(g)
