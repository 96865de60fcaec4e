"""The backward pass: `backward`, `grad` and `backward_steps` share one loop, `run_backward`.

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

from dataclasses import dataclass

import numpy as np

from autograd.function import _FREED, Node
from autograd.grad_mode import state
from autograd.tensor import _RETAIN, Tensor

__all__ = ["backward", "grad", "backward_steps", "BackwardStep", "run_backward"]


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
    only = None if inputs is None else _targets(inputs)
    found = run_backward(roots, create_graph if retain_graph is None else retain_graph,
                         create_graph, accumulate=True, capture=only)
    for tensor in _as_list(inputs) if inputs is not None else ():
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
    inputs = _as_list(inputs)
    for i, t in enumerate(inputs):
        if not isinstance(t, Tensor) or not t.requires_grad:
            raise RuntimeError(f"grad(): input {i} does not require grad, so it has no gradient")
    roots = _roots(outputs, grad_outputs, create_graph)
    wanted = _targets(inputs)
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

    run_backward(_roots(root, gradient, create_graph), retain_graph, create_graph,
                 accumulate=True, observe=observe)
    yield from steps


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
    ready = [target for target in targets if target not in pending]
    found = {}
    previous = state.enabled
    state.enabled = create_graph
    checked = create_graph or state.anomaly  # else backward's results are used as they are
    try:
        while ready:
            node = ready.pop()
            if node.__class__ is not Node:  # a leaf: every gradient for it has arrived
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
                    node.saved = _FREED
                if observe is not None:
                    grad_inputs = _conformed(node, grad_inputs)
                    observe(node, grads, grad_inputs)
            for edge, g in zip(edges, grad_inputs):
                if edge is None:
                    continue
                target, nr = edge if edge.__class__ is tuple else (edge, 0)
                if g is not None:
                    if target.__class__ is Node:
                        shape, dtype = target.output_shapes[nr], target.output_dtypes[nr]
                    else:
                        shape, dtype = target._data.shape, target._data.dtype
                    if g.shape != shape or g.dtype is not dtype:
                        g = _conform(g, shape, dtype, node)
                    received[edge] = received[edge] + g if edge in received else g
                left = pending[target] - 1
                pending[target] = left
                if not left:
                    ready.append(target)
    finally:
        state.enabled = previous
    return found


def _count_dependencies(roots: list) -> dict:
    """How many edges reach each node or leaf from the roots (explicit stack, no recursion)."""
    pending = {}
    stack = [r for r in roots if r.__class__ is Node]
    on_stack = set(stack)
    while stack:
        node = stack.pop()
        for edge in node.edges:
            if edge is not None:
                target = edge[0] if edge.__class__ is tuple else edge
                if target in pending:
                    pending[target] += 1
                else:
                    pending[target] = 1
                    if target.__class__ is Node and target not in on_stack:
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
            grads[nr] = g = _run_hooks(node.hooks[nr], g, create_graph, node.name)
        if capture is not None and (node if nr == 0 else (node, nr)) in capture:
            found[node if nr == 0 else (node, nr)] = _tensor(g)
    return tuple(grads)


def _conformed(node: Node, grad_inputs: tuple) -> tuple:
    """The gradients as each input receives them (summed back to its shape), for observers."""
    shaped = []
    for edge, g in zip(node.edges, grad_inputs):
        if edge is not None and g is not None:
            target, nr = edge if edge.__class__ is tuple else (edge, 0)
            if target.__class__ is Node:
                shape, dtype = target.output_shapes[nr], target.output_dtypes[nr]
            else:
                shape, dtype = target._data.shape, target._data.dtype
            if g.shape != shape or g.dtype is not dtype:
                g = _conform(g, shape, dtype, node)
        shaped.append(g)
    return tuple(shaped)


def _backward_on_tensors(node: Node, grads: tuple) -> tuple:
    """A PyTorch-style backward gets Tensors even in a plain backward; it gives arrays back."""
    result = node.fn.backward(node, *[Tensor._make(g) for g in grads])
    return _checked(node, result if result.__class__ is tuple else (result,), False)


def _checked(node: Node, result: tuple, create_graph: bool) -> tuple:
    """What backward returned, as a tuple of arrays (plain) or Tensors (create_graph)."""
    if len(result) != len(node.edges):
        raise RuntimeError(
            f"function {node.name}Backward returned an incorrect number of gradients "
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
                f"function {node.name}Backward returned an invalid gradient: got shape "
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
        hooks = [h for h in leaf._hooks if h is not _RETAIN]
        g = _run_hooks(hooks, g, create_graph, "a leaf tensor")
    if capture is not None:
        if leaf in capture:
            found[leaf] = _tensor(g)
        if not accumulate or leaf not in capture:
            return
    if create_graph:
        g = g if isinstance(g, Tensor) else Tensor._make(g)
        leaf._grad = g if leaf._grad is None else leaf._grad + g
    elif leaf._grad is None:
        leaf._grad = Tensor._make(np.array(g, copy=True))
    elif leaf._grad.grad_fn is None and leaf._grad._data.flags.writeable:
        leaf._grad._data += g
    else:
        leaf._grad = Tensor._make(leaf._grad._data + g)


def _run_hooks(hooks: list, g, create_graph: bool, where: str):
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
                f"Function '{node.name}Backward' returned nan values in its {i}th output. "
                f"{node.name} was created in the forward pass at:\n"
                f"{node.creation_stack or '  (created outside detect_anomaly)'}")


def _roots(tensors, grad_tensors, create_graph: bool) -> list:
    """((target, output_nr), gradient) for each root; the implied gradient of a scalar is 1."""
    tensors = _as_list(tensors)
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


def _targets(tensors) -> dict:
    return {_key(t): i for i, t in enumerate(_as_list(tensors))}


def _key(t: Tensor):
    """What the edges to t point to: the leaf itself, its node, or (node, output_nr)."""
    if t.grad_fn is None:
        return t
    return t.grad_fn if t._output_nr == 0 else (t.grad_fn, t._output_nr)


def _as_list(tensors) -> list:
    return [tensors] if isinstance(tensors, Tensor) else list(tensors)


def _tensor(g):
    return g if g is None or isinstance(g, Tensor) else Tensor._make(g)
