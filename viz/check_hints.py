"""Hints for `check_grads`: which wrong gradient is where the mistake was made, and the
chain-rule lines (the stepper's) that make the right one, with what differs in yours."""
from __future__ import annotations

import numpy as np

from autograd import Tensor
from viz.graph import format_shape
from viz.stepper import BackpropStepper
from viz.text import format_array

__all__ = ["hints_for", "differences"]


def hints_for(loss: Tensor, tensors: dict, results: dict, names: dict) -> str | None:
    """Fill `hint` of every wrong result and return the name of the first wrong one.

    A wrong gradient whose checked downstream gradients (those it is computed from, nearer
    the loss) are right is where a mistake was made: it gets the chain-rule lines that make
    its gradient. One computed from a wrong gradient is told to fix that one first. The
    first wrong is the one of the former that backward completes first (nearest the loss).
    """
    wrong = [name for name, result in results.items() if result.status == "wrong"]
    if not wrong:
        return None
    stepper = BackpropStepper(loss, names=names)
    completed = _completion_order(stepper.events)
    targets = {name: _target(tensors[name]) for name in wrong}
    upstream = {name: _upstream(targets[name]) for name in wrong}
    causes = {}
    for name in wrong:
        causes[name] = [other for other in wrong if targets[other] is not targets[name]
                        and id(targets[name]) in upstream[other]]
    frontier = [name for name in wrong if not causes[name]]
    for name in wrong:
        if causes[name]:
            roots = [cause for cause in causes[name] if cause in frontier]
            listed = " and ".join(roots)
            verb = "is" if len(roots) == 1 else "are"
            results[name].hint = (f"{name}'s gradient is computed from the gradient of "
                                  f"{listed}, which {verb} wrong: fix {listed} first")
        else:
            results[name].hint = _chain_rule_hint(stepper, loss, name, tensors[name],
                                                  results[name])
    return min(frontier, key=lambda name: completed.get(id(targets[name]), len(stepper.events)))


def _target(tensor: Tensor):
    return tensor if tensor.grad_fn is None else tensor.grad_fn


def _completion_order(events: list) -> dict:
    """id(node or leaf) -> the step after which its gradient is complete."""
    order = {}
    for k, event in enumerate(events):
        order[id(event.node)] = k
        for edge, g in zip(event.node.next_functions, event.grad_inputs):
            if edge is not None and g is not None and isinstance(edge[0], Tensor):
                order[id(edge[0])] = k
    return order


def _upstream(target) -> set:
    """ids of every node and leaf `target`'s value was computed from (explicit stack)."""
    seen, stack = set(), [target]
    while stack:
        obj = stack.pop()
        if isinstance(obj, Tensor):
            continue
        for edge in obj.next_functions:
            if edge is not None and id(edge[0]) not in seen:
                seen.add(id(edge[0]))
                stack.append(edge[0])
    return seen


UNNAMED_DEPTH = 3
"""How many unnamed ops back a hint follows the gradient (to the nearest named tensor)."""


def _terms(stepper, target, depth: int = UNNAMED_DEPTH) -> list[tuple[list[str], np.ndarray]]:
    """(chain-rule lines, gradient sent) for every use of `target` in the graph. When the op
    using it has no name, the lines that make that op's gradient come first (up to `depth`
    ops back), so the hint starts from a tensor the learner knows."""
    found = []
    for event in stepper.events:
        sent = [(i, edge) for i, (edge, g) in enumerate(zip(event.node.next_functions,
                                                              event.grad_inputs))
                if edge is not None and g is not None]
        if not any(edge[0] is target for _, edge in sent):
            continue
        lines = stepper.chain_rule_lines(event)
        before = []
        if depth > 0 and not _named(stepper, event.node):
            before = [line for term, _ in _terms(stepper, event.node, depth - 1) for line in term]
        for (i, edge), line in zip(sent, lines):
            if edge[0] is target:
                found.append((before + [line], event.grad_inputs[i]))
    return found


def _named(stepper, node) -> bool:
    node_id = stepper.graph.sources.get(id(node))
    return node_id is None or stepper.graph.node(node_id).name is not None


def _chain_rule_hint(stepper, loss: Tensor, name: str, tensor: Tensor, result) -> str:
    if tensor is loss:
        lines = [f"backward starts from ∂{name}/∂{name} = 1: {name}.grad = 1"]
        terms = []
    else:
        terms = _terms(stepper, _target(tensor))
        lines = [line for term, _ in terms for line in term]
        if not terms:
            lines = [f"{name} does not affect the loss: its gradient is 0"]
        elif len(terms) > 1:
            lines.insert(0, f"{name} is used {len(terms)} times, so {name}.grad is the sum of "
                            f"{len(terms)} terms:")
    lines.extend(differences(name, result.given, result.expected, [g for _, g in terms]))
    return "\n".join(lines)


def differences(name: str, given: np.ndarray, expected: np.ndarray, terms=()) -> list[str]:
    """What is wrong with your gradient `given` of `name` against `expected`: the shape, the
    sign, a constant factor, one term of a sum alone (`terms`: the gradient from each use),
    or else where they differ most."""
    given = np.asarray(given, dtype=np.float64)
    expected = np.asarray(expected, dtype=np.float64)
    if given.shape != expected.shape:
        return [_shape_advice(name, given, expected)]
    terms = list(terms)
    lines = [f"expected {_describe(expected)}, yours {_describe(given)}"]
    flat_given, flat_expected = given.ravel(), expected.ravel()
    if _close(given, -expected) and np.any(expected):
        return lines + ["yours has the opposite sign"]
    for k, term in enumerate(terms if len(terms) > 1 else []):
        if np.shape(term) == given.shape and _close(given, term):
            return lines + [f"yours is term {k + 1} alone: a tensor used in several places "
                            "gets the sum of the gradients from every use"]
    energy = float(flat_expected @ flat_expected)
    if energy > 0 and given.size > 1:
        ratio = float(flat_given @ flat_expected) / energy
        if abs(ratio) > 1e-12 and not _close(ratio, 1.0) and _close(given, ratio * expected):
            return lines + [f"yours is {ratio:.4g} × the right gradient everywhere: a factor is "
                            "missing or extra (a 1/n of a mean? a constant of the op?)"]
    if given.size > 1:
        worst = np.unravel_index(int(np.argmax(np.abs(given - expected))), given.shape)
        at = ", ".join(str(int(i)) for i in worst)
        lines.append(f"largest difference at [{at}]: yours {given[worst]:.6g}, expected "
                     f"{expected[worst]:.6g}")
    return lines


def _shape_advice(name: str, given: np.ndarray, expected: np.ndarray) -> str:
    text = (f"your gradient has shape {format_shape(given.shape)} but {name} has shape "
            f"{format_shape(expected.shape)}: a gradient has the shape of its tensor")
    try:
        broadcast = np.broadcast_shapes(given.shape, expected.shape)
    except ValueError:
        broadcast = None
    squeezed = tuple(d for d in expected.shape if d != 1)
    if given.shape == squeezed and len(expected.shape) > len(given.shape):
        return text + " (keep the summed dims: sum with keepdim=True)"
    if tuple(d for d in given.shape if d != 1) == expected.shape and given.ndim > expected.ndim:
        return text + " (drop the size-1 dims: sum without keepdim=True)"
    if broadcast == given.shape and given.size > expected.size:
        dims = _broadcast_dims(expected.shape, given.shape)
        return text + (f"; {name} was broadcast in the forward pass, so sum yours over dim "
                       f"{', '.join(map(str, dims))}" + (" with keepdim=True"
                                                         if len(expected.shape) == len(given.shape)
                                                         else ""))
    if given.ndim == 2 and given.T.shape == expected.shape:
        return text + " (yours is transposed?)"
    if given.size == expected.size:
        return text + f" (reshape yours to {format_shape(expected.shape)})"
    return text


def _broadcast_dims(small: tuple, big: tuple) -> list[int]:
    """The dims of `big` that broadcasting `small` to it created or stretched."""
    offset = len(big) - len(small)
    return [d for d in range(len(big)) if d < offset or (small[d - offset] == 1 and big[d] != 1)]


def _describe(array: np.ndarray) -> str:
    if array.size <= 6:
        return format_array(array)
    norm = float(np.sqrt(np.sum(np.square(array))))
    return f"{format_shape(array.shape)} with ‖·‖ {norm:.4g}"


def _close(a, b) -> bool:
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    scale = max(float(np.max(np.abs(b))) if b.size else 0.0, 1e-30)
    return bool(np.max(np.abs(a - b)) <= 1e-5 * scale + 1e-12) if a.size else True
