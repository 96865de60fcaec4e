"""The backward engine: iterative topological order, gradient accumulation, `grad`, steps.

One generator, `_run`, walks the graph from the roots: it counts how many edges reach each
node (an explicit stack, no recursion), then processes a node once every gradient for it
has arrived, calls its Function's backward, sums each gradient back to its input's shape
(the only place broadcasting is undone) and hands it on. `backward` runs it to the end;
`backward_steps` yields one `BackwardStep` per node so tools can watch.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from autograd.function import _SECOND_BACKWARD, SMALL_VALUE_SIZE, Node
from autograd.grad_mode import state
from autograd.ops.reduce import sum_to_shape
from autograd.tensor import Tensor

__all__ = ["backward", "grad", "backward_steps", "BackwardStep"]


@dataclass(frozen=True)
class BackwardStep:
    """What one node did during backward.

    Attributes:
        node: the graph node (its `name`, `next_functions`, `derivatives`, ...).
        grad_outputs: gradient(s) of the final output w.r.t. the node's output(s).
        grad_inputs: the gradient sent to each entry of `node.next_functions` (already
            summed back to that input's shape), None where nothing was sent.
    """

    node: Node
    grad_outputs: tuple
    grad_inputs: tuple


def backward(tensors, grad_tensors=None, retain_graph: bool | None = None,
             create_graph: bool = False) -> None:
    """Accumulate the gradients of `tensors` into the `.grad` of every leaf they depend on.

    Args:
        tensors: a Tensor or a sequence of Tensors (the roots).
        grad_tensors: d(final)/d(root) for each root; may be None for one-element roots.
        retain_graph: keep saved tensors so backward can run again (default: create_graph).
        create_graph: record the backward pass itself, for higher-order gradients.
    """
    roots, root_grads = _prepare_roots(tensors, grad_tensors)
    if retain_graph is None:
        retain_graph = create_graph
    for _ in _run(roots, root_grads, retain_graph, create_graph, None, emit=False):
        pass


def grad(outputs, inputs, grad_outputs=None, retain_graph: bool | None = None,
         create_graph: bool = False, allow_unused: bool = False) -> tuple:
    """Return d(outputs)/d(inputs) as a tuple of Tensors without touching any `.grad`.

    Example (a Hessian-vector product):
        >>> (g,) = grad((x ** 3).sum(), [x], create_graph=True)
        >>> (hv,) = grad((g * v).sum(), [x])
    """
    single = isinstance(inputs, Tensor)
    inputs = [inputs] if single else list(inputs)
    for i, t in enumerate(inputs):
        if not isinstance(t, Tensor) or not t.requires_grad:
            raise RuntimeError(f"grad(): input {i} does not require grad, so it has no gradient")
    roots, root_grads = _prepare_roots(outputs, grad_outputs)
    if retain_graph is None:
        retain_graph = create_graph
    capture = {}
    for i, t in enumerate(inputs):
        key = t if t.grad_fn is None else (t.grad_fn, t._output_nr)
        capture.setdefault(key, []).append(i)
    results = [None] * len(inputs)
    for _ in _run(roots, root_grads, retain_graph, create_graph, (capture, results), emit=False):
        pass
    for i, value in enumerate(results):
        if value is None and not allow_unused:
            raise RuntimeError(
                f"grad(): input {i} (shape {inputs[i].shape}) was not used to compute the outputs; "
                "pass allow_unused=True to get None for it")
    return tuple(results)


def backward_steps(root, gradient=None, retain_graph: bool = False, create_graph: bool = False):
    """Run backward from `root` one node at a time, yielding a `BackwardStep` per node.

    Leaves' `.grad` fill up as the steps run, exactly as in `backward` (which is this
    generator run to the end).
    """
    roots, root_grads = _prepare_roots(root, gradient)
    yield from _run(roots, root_grads, retain_graph, create_graph, None, emit=True)


def _prepare_roots(tensors, grad_tensors):
    roots = [tensors] if isinstance(tensors, Tensor) else list(tensors)
    if grad_tensors is None or isinstance(grad_tensors, Tensor):
        grad_tensors = [grad_tensors] * len(roots) if grad_tensors is None else [grad_tensors]
    grad_tensors = list(grad_tensors)
    if len(grad_tensors) != len(roots):
        raise ValueError(f"got {len(grad_tensors)} gradients for {len(roots)} outputs")
    root_grads = []
    for root, gradient in zip(roots, grad_tensors):
        if not root.requires_grad:
            raise RuntimeError(
                "backward: this tensor does not require grad and has no grad_fn, so nothing "
                "can be differentiated. Create the leaves with requires_grad=True (and do not "
                "compute under no_grad()).")
        if gradient is None:
            if root.data.size != 1:
                raise RuntimeError(
                    f"backward() on a tensor of shape {root.shape}: the gradient can only be "
                    "implied for a scalar output. Reduce it first (e.g. .sum() or .mean()), or "
                    "pass gradient=... with the same shape as the output.")
            data = root.data
            gradient = Tensor._make(np.array(1, dtype=data.dtype).reshape(data.shape), False, None, 0)
        else:
            gradient = gradient if isinstance(gradient, Tensor) else Tensor(gradient, dtype=root.dtype)
            if gradient.shape != root.shape:
                raise RuntimeError(
                    f"backward: gradient has shape {gradient.shape} but the output has shape {root.shape}")
        root_grads.append(gradient)
    return roots, root_grads


def _count_dependencies(root_nodes: list) -> dict:
    """Number of edges reaching each node or leaf, found with an explicit stack."""
    dependencies = {}
    roots = set(root_nodes)  # already on the stack; any other node is pushed when first reached
    stack = list(roots)
    while stack:
        node = stack.pop()
        for edge in node.next_functions:
            if edge is None:
                continue
            target = edge[0]
            if target in dependencies:
                dependencies[target] += 1
            else:
                dependencies[target] = 1
                if type(target) is Node and target not in roots:
                    stack.append(target)
    return dependencies


def _run(roots, root_grads, retain_graph, create_graph, capture, emit):
    buffers = {}
    handed = set()  # ids of arrays already given out: copy before reusing one as a .grad
    root_targets = []
    for root, gradient in zip(roots, root_grads):
        handed.add(id(gradient.data))
        target = root if root.grad_fn is None else root.grad_fn
        _add_to_buffer(buffers, target, root._output_nr, gradient)
        if target not in root_targets:
            root_targets.append(target)
    dependencies = _count_dependencies([t for t in root_targets if type(t) is Node])
    ready = [t for t in reversed(root_targets) if dependencies.get(t, 0) == 0]
    plain = capture is None and not emit and not state.anomaly
    # Ops inside backward record a graph only with create_graph. A generator consumed step by
    # step (backward_steps) must not leak that mode to its caller, so it switches per node.
    outer_mode = state.enabled
    if not emit:
        state.enabled = create_graph
    try:
        yield from _process(ready, buffers, dependencies, handed, plain, retain_graph,
                            create_graph, capture, emit, outer_mode)
    finally:
        state.enabled = outer_mode


def _process(ready, buffers, dependencies, handed, plain, retain_graph, create_graph, capture,
             emit, outer_mode):
    """The loop of `_run`: take a node whose gradients have all arrived, run its backward."""
    while ready:
        node = ready.pop()
        grads = buffers.pop(node, None)
        if type(node) is not Node:
            if grads is not None:
                _finish_leaf(node, grads, create_graph, capture, handed)
            continue
        edges = node.next_functions
        if grads is not None:
            sent = [] if emit else None
            if emit:
                state.enabled = create_graph
            try:
                if (not plain or node._hooks is not None or node._retained is not None
                        or len(grads) > 1 or grads[0] is None):
                    grads = _prepare_grad_outputs(node, grads, create_graph, capture, handed)
                if node._released:
                    raise RuntimeError(_SECOND_BACKWARD.format(op=node.name))
                result = node.fn.backward(node, *grads)
                if result.__class__ is not tuple:
                    result = (result,)
                if len(result) != len(edges):
                    raise RuntimeError(
                        f"{node.name}.backward returned {len(result)} gradients for "
                        f"{len(edges)} forward arguments (return None for non-tensor ones)")
                if state.anomaly:
                    _check_finite(node, result)
                if not retain_graph:
                    node._saved_entries = None
                    node._released = True
                for edge, g in zip(edges, result):
                    if edge is None or g is None:
                        if emit:
                            sent.append(None)
                        continue
                    if not isinstance(g, Tensor):
                        g = Tensor._make(np.asarray(g), False, None, 0)
                    target, nr = edge
                    data = g.data
                    if type(target) is Node:
                        shape, dtype = target._outputs_meta[nr]
                        if data.shape != shape or (data.dtype is not dtype and data.dtype != dtype):
                            g = _conform(g, shape, dtype, node)
                        slots = buffers.get(target)
                        if slots is None:
                            if len(target._outputs_meta) == 1:
                                buffers[target] = [g]
                            else:
                                slots = buffers[target] = [None] * len(target._outputs_meta)
                                slots[nr] = g
                        else:
                            slots[nr] = g if slots[nr] is None else slots[nr] + g
                    else:
                        leaf_data = target.data
                        if data.shape != leaf_data.shape or (
                                data.dtype is not leaf_data.dtype and data.dtype != leaf_data.dtype):
                            g = _conform(g, leaf_data.shape, leaf_data.dtype, node)
                        existing = buffers.get(target)
                        buffers[target] = g if existing is None else existing + g
                    if emit:
                        sent.append(g)
            finally:
                if emit:
                    state.enabled = outer_mode
            if len(grads) > 1:
                _keep_small_grads(node, grads)
            elif grads[0].data.size <= SMALL_VALUE_SIZE:  # kept for viz as node.grad
                node._grads = grads[0].data
        for edge in edges:
            if edge is not None:
                target = edge[0]
                left = dependencies[target] - 1
                dependencies[target] = left
                if left == 0:
                    ready.append(target)
        if emit and grads is not None:
            yield BackwardStep(node, tuple(grads), tuple(sent))


def _keep_small_grads(node: Node, grads: list) -> None:
    """Keep the arrays of a multi-output node's gradients for viz, when small in total."""
    if sum([g.data.size for g in grads]) <= SMALL_VALUE_SIZE:
        node._grads = tuple([g.data for g in grads])


def _conform(g: Tensor, shape: tuple, dtype, node: Node) -> Tensor:
    """Sum a gradient back to its input's shape (undo broadcasting) and cast it to its dtype."""
    if g.data.shape != shape:
        try:
            g = sum_to_shape(g, shape)
        except ValueError:
            raise RuntimeError(
                f"{node.name}.backward returned a gradient of shape {g.shape} for an input "
                f"of shape {shape}") from None
    if g.data.dtype != dtype:
        g = g.to(dtype)
    return g


def _prepare_grad_outputs(node: Node, grads: list, create_graph: bool, capture, handed) -> list:
    """Fill missing output gradients with zeros, run tensor hooks, retain, capture."""
    for nr, g in enumerate(grads):
        if g is None:
            shape, dtype = node._outputs_meta[nr]
            grads[nr] = g = Tensor._make(np.zeros(shape, dtype=dtype), False, None, 0)
        if node._hooks is not None:
            for hook in node._hooks.get(nr, ()):
                replaced = hook(g)
                if replaced is not None:
                    grads[nr] = g = _check_hook_result(replaced, g, node.name)
        if node._retained is not None and nr in node._retained:
            owner = node._retained[nr]()
            if owner is not None:
                owner._grad = _accumulated(owner._grad, g, create_graph, handed)
        if capture is not None and (node, nr) in capture[0]:
            for i in capture[0][(node, nr)]:
                capture[1][i] = g
    return grads


def _check_finite(node: Node, result: tuple) -> None:
    """detect_anomaly: raise naming the op (and where it was created) if a gradient has NaN/Inf."""
    for i, g in enumerate(result):
        if g is not None and not np.all(np.isfinite(getattr(g, "data", g))):
            raise FloatingPointError(
                f"detect_anomaly: {node.name}Backward produced NaN/Inf in the gradient for "
                f"its input {i}. {node.name} was created in the forward pass at:\n"
                f"{node.creation_stack or '  (created outside detect_anomaly)'}")


def _add_to_buffer(buffers: dict, target, nr: int, g: Tensor) -> None:
    if type(target) is Node:
        slots = buffers.get(target)
        if slots is None:
            slots = buffers[target] = [None] * len(target._outputs_meta)
        slots[nr] = g if slots[nr] is None else slots[nr] + g
    else:
        existing = buffers.get(target)
        buffers[target] = g if existing is None else existing + g


def _finish_leaf(leaf: Tensor, g, create_graph: bool, capture, handed: set) -> None:
    """Run the leaf's hooks, then store its gradient in `.grad` (or in grad()'s results)."""
    if g is None:
        return
    if leaf._hooks:
        previous = state.enabled
        state.enabled = create_graph
        try:
            for hook in leaf._hooks:
                replaced = hook(g)
                if replaced is not None:
                    g = _check_hook_result(replaced, g, "leaf")
        finally:
            state.enabled = previous
    if not create_graph and g.grad_fn is not None:
        g = g.detach()
    if capture is not None:
        for i in capture[0].get(leaf, ()):
            capture[1][i] = g
        return
    leaf._grad = _accumulated(leaf._grad, g, create_graph, handed)


def _accumulated(current, g: Tensor, create_graph: bool, handed: set) -> Tensor:
    """current + g. A first gradient is stored as is only when no other .grad shares its array."""
    if create_graph:
        return g if current is None else current + g
    if current is None:
        array = g.data
        if not array.flags.owndata or not array.flags.writeable or id(array) in handed:
            array = array.copy()
        handed.add(id(array))
        return Tensor._make(array, False, None, 0)
    if current.data.flags.writeable and current.grad_fn is None:
        current.data += g.data
        return current
    return Tensor._make(current.data + g.data, False, None, 0)


def _check_hook_result(replaced, g: Tensor, where: str) -> Tensor:
    if not isinstance(replaced, Tensor):
        replaced = Tensor._make(np.asarray(replaced, dtype=g.dtype), False, None, 0)
    if replaced.shape != g.shape:
        raise RuntimeError(f"a hook on {where} returned a gradient of shape {replaced.shape}, expected {g.shape}")
    return replaced
