"""The arguments of an op that are not tensors requiring grad, which the graph's edges leave out:
the numbers it was given (the 3 in 3*v, kept on the node as `Node.constants`) and the tensors
the caller named that need no gradient (the data X in W @ X), found among the values the op
saved for backward."""
from __future__ import annotations

import numpy as np

from autograd import Node, Tensor

__all__ = ["numeric_constants", "named_inputs"]


def numeric_constants(node: Node) -> list[tuple[int, object]]:
    """(position, value) of the numeric constants an op computed with: those at an argument
    position that has a derivative (so a tensor could stand there: the 3 in 3*v), not op
    parameters such as dims or a slope."""
    rules = node.fn.derivatives
    found = []
    for position, value in sorted((node.constants or {}).items()):
        if position >= len(rules) or rules[position] is None:
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float, complex, np.ndarray)):
            continue
        found.append((position, value))
    return found


def named_inputs(node: Node, named: dict) -> list[tuple[int, Tensor]]:
    """(position, tensor) of the arguments of `node` that are tensors of `named` (id ->
    Tensor, tensors that need no gradient).

    Such an argument is neither an edge nor a kept constant, so its position is the one
    argument left; the tensor is the one of `named` that the op saved for backward (the very
    tensor, or its array). Nothing is matched when that is not certain: several arguments
    left, no or several named tensors saved, or the saved values gone (freed by a backward
    without retain_graph, or changed in place since).
    """
    constants = node.constants or {}
    left = [i for i, edge in enumerate(node.next_functions) if edge is None and i not in constants]
    if len(left) != 1 or not named:
        return []
    try:
        saved = node.saved_tensors
    except RuntimeError:
        return []
    arrays = {id(t.numpy(force=True)): t for t in named.values()}
    found = {}
    for value in saved:
        tensor = named.get(id(value)) if isinstance(value, Tensor) else arrays.get(id(value))
        if tensor is not None:
            found[id(tensor)] = tensor
    return [(left[0], found.popitem()[1])] if len(found) == 1 else []
