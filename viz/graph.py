"""Walk a computation graph, iteratively, into plain node and edge records that renderers read.

viz reads only the graph's public facts: `Tensor.grad_fn`, `.grad` (of leaves), `.name`,
`.numpy(force=True)`; `Node.op_name`, `.fn`, `.next_functions`, `.constants`, `.output_shapes`,
`.output_dtypes`, `.input_shapes`, `.grad`, and `.saved_tensors` (to find the named tensors
an op used that need no gradient). Nodes do not keep their output values, so a record shows
a value for leaves, roots, constants and every tensor the caller names (`names=`), and the
shape otherwise.
"""
from __future__ import annotations

import sys
from collections import deque
from dataclasses import dataclass, field, replace

import numpy as np

from autograd import Node, Tensor
from viz.arguments import check_int, check_model
from viz.formulas import add_formulas, derivative_texts
from viz.operands import named_inputs, numeric_constants

__all__ = [
    "GraphNode", "GraphEdge", "Graph", "build_graph", "with_grads", "reduction_label",
    "format_shape", "norm", "DEFAULT_MAX_NODES", "SMALL_VALUE", "ARGUMENTS",
]

DEFAULT_MAX_NODES = 400
"""Beyond this many nodes a graph keeps the nodes nearest the output and summarises the rest."""

SMALL_VALUE = 256
"""Values and gradients with at most this many elements are copied into the records (larger
ones are summarised by their norm)."""



@dataclass
class GraphNode:
    """One box of the picture.

    kind is 'leaf' (a tensor the user made), 'parameter' (a model's weight), 'constant' (a
    number or small array given to an op, the 3 in `3 * v`), 'input' (a tensor the caller
    named that needs no gradient, such as data X in `W @ X`), 'op' (one op application,
    standing for its output tensor too), 'output' (the op that made a root), 'module' (a
    collapsed module) or 'summary' (nodes left out by `max_nodes`). `count` is how many graph
    nodes a module or summary node stands for. `value` and `grad` are copies of small arrays;
    `value_norm` and `grad_norm` are the L2 norms, kept whatever the size (None: unknown,
    or no gradient reached the node). `formula` is an op's formula in its inputs' names
    ('b*c' for u = b*c) when every input has a short name.
    """

    id: str
    kind: str
    label: str
    name: str | None = None
    shape: tuple | None = None
    dtype: str | None = None
    value: np.ndarray | None = None
    grad: np.ndarray | None = None
    op: str | None = None
    derivatives: tuple = ()
    module: str | None = None
    count: int = 1
    depth: int = 0
    value_norm: float | None = None
    grad_norm: float | None = None
    formula: str | None = None


@dataclass
class GraphEdge:
    """A forward-direction edge: `src` (an input) feeds `dst` (an op); `label` notes a reduction
    or which output of a several-output op is used; `position` is the argument number."""

    src: str
    dst: str
    label: str = ""
    position: int = 0
    derivative: str = ""
    """The local derivative along the edge in the course's form, '∂u/∂b = c = 2', when both
    ends have names (and its number when the values it needs are known)."""


@dataclass
class Graph:
    """Nodes (outputs first, then by distance from them) and forward edges, plus lookups."""

    nodes: list[GraphNode]
    edges: list[GraphEdge]
    sources: dict = field(default_factory=dict)
    """id of a graph object (Node or leaf Tensor) -> node id, for tools that follow the engine."""
    module_types: dict = field(default_factory=dict)
    """module dotted name -> class name, when a model or trace was given."""
    backpropagated: bool = True
    """Whether backward ran through the roots (so the gradients shown are from it)."""

    def node(self, node_id: str) -> GraphNode:
        """The node with this id (KeyError if absent)."""
        index = self.__dict__.get("_index")
        if index is None or len(index) != len(self.nodes):
            index = self.__dict__["_index"] = {node.id: node for node in self.nodes}
        return index[node_id]

    def by_label(self, label: str) -> list[GraphNode]:
        """Every node whose label is `label`."""
        return [node for node in self.nodes if node.label == label]

    def inputs_of(self, node_id: str) -> list[str]:
        """Ids of the nodes with an edge into `node_id`, in edge order."""
        return [edge.src for edge in self.edges if edge.dst == node_id]


def reduction_label(input_shape, output_shape) -> str:
    """'sum → (3,)' when a gradient of `output_shape` is summed back to a broadcast input."""
    if input_shape is None or output_shape is None or tuple(input_shape) == tuple(output_shape):
        return ""
    try:
        broadcast = np.broadcast_shapes(tuple(input_shape), tuple(output_shape))
    except ValueError:
        return ""
    if broadcast != tuple(output_shape) or int(np.prod(input_shape)) == int(np.prod(output_shape)):
        return ""
    return f"sum → {format_shape(input_shape)}"


def format_shape(shape) -> str:
    """(3,) -> '(3,)', () -> 'scalar'."""
    return "scalar" if tuple(shape) == () else str(tuple(shape))


def norm(array) -> float:
    """The L2 norm of an array, in float64 (0 for an empty array)."""
    array = np.asarray(array, dtype=np.float64)
    return float(np.sqrt(np.sum(array * array))) if array.size else 0.0


def build_graph(roots, model=None, names=None, modules=None,
                max_nodes: int | None = DEFAULT_MAX_NODES, group_by_module=None,
                depth: int | None = None, expand=()) -> Graph:
    """Walk the graph behind `roots` (a Tensor or several) into records, without recursion.

    Args:
        roots: the output Tensor(s); edges point from inputs to the ops that use them.
        model: a Module whose `named_parameters()` names the parameters and gives modules.
        names: a mapping name -> Tensor (e.g. `locals()`); a tensor is matched by identity,
            an intermediate result by its grad_fn, so temporaries get their variable names
            and show their values.
        modules: a `ModuleTrace` giving each op's module (else ops that use a module's
            parameters directly are put in that module).
        max_nodes: keep the nodes nearest the outputs and one summary node for the rest.
        group_by_module: 'collapse' to fold each module into one node (True or 'cluster'
            only record the module on each node; renderers draw clusters).
        depth, expand: for 'collapse', see `viz.grouping.collapse_modules`.

    Returns:
        A `Graph`; each op appears once however many times its output is used; each constant
        an op was given (the 3 in `3 * v`), and each tensor of `names` needing no gradient
        that an op surely used (`viz.operands.named_inputs`), is a node of its own. Gradients
        are recorded only when backward ran through the roots (not a stale leaf `.grad`).

    Raises:
        TypeError: `roots` is not a Tensor (e.g. a Module: pass the model's output).
        ValueError: a root is not part of a graph (it does not require grad).
    """
    from viz.grouping import collapse_modules, limit_nodes

    roots = checked_roots(roots)
    check_model("build_graph", model, allow_none=True)
    if names is not None and not callable(getattr(names, "items", None)):
        raise TypeError(f"build_graph: names must be a mapping name -> Tensor (e.g. locals()), "
                        f"got {type(names).__name__}")
    check_int("build_graph", "max_nodes", max_nodes, 1, allow_none=True)
    check_int("build_graph", "depth", depth, 0, allow_none=True)
    leaf_names, output_names = _name_tables(names)
    backpropagated = any((root.grad if root.grad_fn is None else root.grad_fn.grad) is not None
                         for root in roots)
    param_modules = {}
    if model is not None:
        for dotted, param in model.named_parameters():
            leaf_names[id(param)] = dotted  # a parameter's dotted name beats a loop variable
            param_modules[id(param)] = dotted.rpartition(".")[0] or None
    known_values = {}  # graph object id -> a Tensor holding its (first) output
    for value in (names or {}).values():
        if isinstance(value, Tensor) and value.grad_fn is not None:
            known_values.setdefault(id(value.grad_fn), value)
    for root in roots:
        if root.grad_fn is not None:
            known_values[id(root.grad_fn)] = root
            if root.name:
                output_names[id(root.grad_fn)] = [root.name]

    root_targets = []
    for root in roots:
        target = root if root.grad_fn is None else root.grad_fn
        if not any(target is t for t in root_targets):
            root_targets.append(target)
    output_set = {id(t) for t in root_targets if isinstance(t, Node)}
    order, distance, edges, constants = _walk(root_targets)

    ids = {id(obj): f"n{i}" for i, obj in enumerate(order)}
    trace = modules.modules if modules is not None else {}
    nodes = []
    for obj in order:
        node_id = ids[id(obj)]
        if isinstance(obj, Node):
            name = ", ".join(output_names.get(id(obj), ())) or None
            module = trace.get(obj) or _module_of_inputs(obj, param_modules)
            kind = "output" if id(obj) in output_set else "op"
            nodes.append(_op_node(obj, node_id, kind, name, module, distance[id(obj)],
                                  known_values.get(id(obj)), backpropagated))
        else:
            name = obj.name or leaf_names.get(id(obj))
            kind = "parameter" if id(obj) in param_modules or _is_parameter(obj) else "leaf"
            nodes.append(_leaf_node(obj, node_id, kind, name, param_modules.get(id(obj)),
                                    distance[id(obj)], backpropagated))
    records = [GraphEdge(ids[id(src)], ids[id(dst)], label, position)
               for src, dst, label, position in edges]
    for node, position, value in constants:
        const_id = f"{ids[id(node)]}_c{position}"
        nodes.append(_constant_node(const_id, value, distance[id(node)] + 1))
        records.append(GraphEdge(const_id, ids[id(node)], "", position))
    _add_named_inputs(order, ids, distance, names, leaf_names, nodes, records)
    add_formulas(nodes, records, [obj for obj in order if isinstance(obj, Node)], ids)
    types = dict(modules.types) if modules is not None else {}
    if model is not None:
        types.update((name, type(m).__name__) for name, m in model.named_modules() if name)
    graph = Graph(nodes, records, {id(obj): ids[id(obj)] for obj in order}, types,
                  backpropagated)
    if group_by_module == "collapse":
        graph = collapse_modules(graph, depth, expand)
    if max_nodes is not None and len(graph.nodes) > max_nodes:
        graph = limit_nodes(graph, max_nodes)
    return graph


def checked_roots(roots) -> list:
    """The roots as a list of Tensors, or a clear error naming what was passed instead."""
    roots = [roots] if isinstance(roots, Tensor) else roots
    if hasattr(roots, "named_parameters"):
        raise TypeError(
            f"draw a graph from a Tensor, not a {type(roots).__name__} module: pass the output "
            "of the model, e.g. viz.draw_graph(model(x)) or viz.draw_graph(loss, model=model) "
            "(model= names its parameters)")
    if not isinstance(roots, (list, tuple)):
        raise TypeError(f"expected a Tensor (or a list of Tensors) to draw, got "
                        f"{type(roots).__name__}")
    roots = list(roots)
    if not roots:
        raise ValueError("nothing to draw: the list of root tensors is empty")
    for i, root in enumerate(roots):
        if not isinstance(root, Tensor):
            raise TypeError(f"root {i} is a {type(root).__name__}, not a Tensor")
        if not root.requires_grad:
            raise ValueError(
                f"root {i} (shape {root.shape}) is not part of a computation graph: it does "
                "not require grad. Create the leaves with requires_grad=True and compute the "
                "root outside no_grad()")
    return roots


def _walk(root_targets: list) -> tuple:
    """Breadth-first from the roots: every Node and leaf once, with its distance, the edges
    (src object, dst Node, label, argument position) and the drawable constants."""
    order = list(root_targets)
    seen = {id(t) for t in order}
    distance = {id(t): 0 for t in order}
    queue = deque(order)
    edges, constants = [], []
    while queue:
        obj = queue.popleft()
        if not isinstance(obj, Node):
            continue
        out_shape = obj.output_shapes[0] if len(obj.output_shapes) == 1 else None
        input_shapes = obj.input_shapes
        for i, edge in enumerate(obj.next_functions):
            if edge is None:
                continue
            target, nr = edge
            if id(target) not in seen:
                seen.add(id(target))
                order.append(target)
                distance[id(target)] = distance[id(obj)] + 1
                queue.append(target)
            label = reduction_label(input_shapes[i], out_shape)
            if isinstance(target, Node) and len(target.output_shapes) > 1:
                label = f"[{nr}] " + label if label else f"[{nr}]"
            edges.append((target, obj, label, i))
        constants.extend((obj, position, value) for position, value in numeric_constants(obj))
    return order, distance, edges, constants


def _add_named_inputs(order: list, ids: dict, distance: dict, names, leaf_names: dict,
                      nodes: list, records: list) -> None:
    """A node for each tensor of `names` that needs no gradient, with an edge to each op
    known to have used it (`named_inputs`)."""
    tensors = {id(value): value for value in (names or {}).values() if isinstance(value, Tensor)
               and not value.requires_grad and id(value) in leaf_names}
    input_ids = {}
    for obj in (item for item in order if isinstance(item, Node)):
        for position, tensor in named_inputs(obj, tensors):
            if id(tensor) not in input_ids:
                input_ids[id(tensor)] = f"x{len(input_ids)}"
                nodes.append(_leaf_node(tensor, input_ids[id(tensor)], "input",
                                        leaf_names[id(tensor)], None, distance[id(obj)] + 1))
            records.append(GraphEdge(input_ids[id(tensor)], ids[id(obj)], "", position))


def _name_tables(names) -> tuple[dict, dict]:
    """From name -> object: {id(leaf): name} and {id(grad_fn): [names of its outputs]}."""
    leaf_names, output_names = {}, {}
    for name, value in (names or {}).items():
        if not isinstance(value, Tensor) or not isinstance(name, str) or name.startswith("_"):
            continue
        if value.grad_fn is None:
            leaf_names.setdefault(id(value), name)
        else:
            listed = output_names.setdefault(id(value.grad_fn), [])
            if name not in listed:
                listed.append(name)
    return leaf_names, output_names


def _is_parameter(tensor: Tensor) -> bool:
    """True for an nn.Parameter (nn is not imported for this: no Parameter exists without it)."""
    parameter = sys.modules.get("nn.parameter")
    return parameter is not None and isinstance(tensor, parameter.Parameter)


def _module_of_inputs(node: Node, param_modules: dict) -> str | None:
    """The module whose parameters this op uses directly, when they all belong to one."""
    found = {param_modules.get(id(edge[0])) for edge in node.next_functions
             if edge is not None and id(edge[0]) in param_modules}
    return found.pop() if len(found) == 1 else None


def _small(array) -> np.ndarray | None:
    """A copy of an array small enough to print, else None."""
    if array is None:
        return None
    array = np.asarray(array)
    return np.array(array, copy=True) if array.size <= SMALL_VALUE else None


def _array(tensor) -> np.ndarray:
    return tensor.numpy(force=True) if isinstance(tensor, Tensor) else np.asarray(tensor)


def _op_node(node: Node, node_id: str, kind: str, name, module, depth: int,
             tensor: Tensor | None, backpropagated: bool) -> GraphNode:
    shapes = node.output_shapes
    grad = node.grad if backpropagated else None
    if isinstance(grad, tuple):
        grad = grad[0]
    grad = None if grad is None else _array(grad)
    value = None if tensor is None else _array(tensor)
    return GraphNode(
        id=node_id, kind=kind, label=name or node.op_name, name=name,
        shape=shapes[0] if len(shapes) == 1 else tuple(shapes),
        dtype=str(node.output_dtypes[0]), value=_small(value), grad=_small(grad),
        op=node.op_name, derivatives=derivative_texts(node), module=module, depth=depth,
        value_norm=None if value is None else norm(value),
        grad_norm=None if grad is None else norm(grad))


def _leaf_node(tensor: Tensor, node_id: str, kind: str, name, module, depth: int,
               backpropagated: bool = False) -> GraphNode:
    value = tensor.numpy(force=True)
    grad = None if tensor.grad is None or not backpropagated else _array(tensor.grad)
    return GraphNode(
        id=node_id, kind=kind, label=name or ("parameter" if kind == "parameter" else "tensor"),
        name=name, shape=tuple(tensor.shape), dtype=str(tensor.dtype), value=_small(value),
        grad=_small(grad), module=module, depth=depth, value_norm=norm(value),
        grad_norm=None if grad is None else norm(grad))


def _constant_node(node_id: str, value, depth: int) -> GraphNode:
    array = np.asarray(value)
    label = _number_text(array.item()) if array.size == 1 and array.ndim == 0 else "constant"
    return GraphNode(id=node_id, kind="constant", label=label, shape=array.shape,
                     dtype=str(array.dtype), value=np.array(array, copy=True), depth=depth,
                     value_norm=norm(array) if array.dtype.kind in "biufc" else None)


def _number_text(x) -> str:
    """3.0 -> '3', 0.5 -> '0.5', 1e-08 -> '1e-08'."""
    if isinstance(x, (bool, np.bool_)):
        return str(bool(x))
    if isinstance(x, complex):
        return str(x)
    return f"{float(x):.6g}"


def with_grads(graph: Graph, grads: dict) -> Graph:
    """A copy of `graph` whose node gradients are replaced by `grads` (node id -> array or None)."""
    nodes = []
    for n in graph.nodes:
        g = grads.get(n.id)
        nodes.append(replace(n, grad=_small(g), grad_norm=None if g is None else norm(g)))
    return Graph(nodes, graph.edges, graph.sources, graph.module_types, graph.backpropagated)
