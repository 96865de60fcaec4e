"""Walk a computation graph, iteratively, into plain node and edge records that renderers read."""
from __future__ import annotations

import contextlib
from collections import deque
from dataclasses import dataclass, field, replace
from typing import Iterator

import numpy as np

from autograd import Node, Tensor, backward_steps, enable_grad
from autograd.function import SMALL_VALUE_SIZE

__all__ = [
    "GraphNode", "GraphEdge", "Graph", "ModuleTrace", "build_graph", "trace_modules",
    "collapse_modules", "limit_nodes", "with_grads", "record_backward", "BackwardEvent", "reduction_label", "format_shape",
    "DEFAULT_MAX_NODES",
]

DEFAULT_MAX_NODES = 400
"""Beyond this many nodes a graph keeps the nodes nearest the output and summarises the rest."""

@dataclass
class GraphNode:
    """One box of the picture.

    kind is 'leaf' (a tensor the user made), 'parameter' (a model's weight), 'op' (one op
    application, standing for its output tensor too), 'output' (the op that made a root),
    'module' (a collapsed module) or 'summary' (nodes left out by `max_nodes`). Constant
    inputs (the 3 in `3 * v`) are not in the graph: the engine does not record them.
    `count` is how many graph nodes a module or summary node stands for.
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


@dataclass
class GraphEdge:
    """A forward-direction edge: `src` (an input) feeds `dst` (an op); `label` notes a reduction."""

    src: str
    dst: str
    label: str = ""


@dataclass
class Graph:
    """Nodes (outputs first, then by distance from them) and forward edges, plus lookups."""

    nodes: list[GraphNode]
    edges: list[GraphEdge]
    sources: dict = field(default_factory=dict)
    """id of a graph object (Node or leaf Tensor) -> node id, for tools that follow the engine."""
    module_types: dict = field(default_factory=dict)
    """module dotted name -> class name, when a model or trace was given."""

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


class ModuleTrace:
    """Which module produced each op node, recorded by forward hooks (see `trace_modules`)."""

    def __init__(self) -> None:
        self.modules: dict[Node, str] = {}
        self.types: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self.modules)


@contextlib.contextmanager
def trace_modules(model) -> Iterator[ModuleTrace]:
    """Record, while the block runs, which of `model`'s modules made each op.

    Hooks on every submodule mark the ops created during its call; ops of a child are marked
    with the child's dotted name, the rest with the parent's. Pass the trace to `draw_graph`.

    Example:
        >>> with viz.trace_modules(model) as trace:
        ...     loss = loss_fn(model(x), y)
        >>> viz.draw_graph(loss, model=model, modules=trace, group_by_module=True)
    """
    trace = ModuleTrace()
    handles = []
    starts: dict[int, list[int]] = {}
    for name, module in model.named_modules():
        if not name:
            continue
        trace.types[name] = type(module).__name__
        handles.append(module.register_forward_pre_hook(_pre_hook(starts)))
        handles.append(module.register_forward_hook(_post_hook(starts, trace, name)))
    try:
        yield trace
    finally:
        for handle in handles:
            handle.remove()


def _pre_hook(starts: dict):
    def hook(module, args):
        starts.setdefault(id(module), []).append(_current_sequence_nr())
    return hook


def _post_hook(starts: dict, trace: ModuleTrace, name: str):
    def hook(module, args, output):
        start = starts[id(module)].pop()
        outputs = output if isinstance(output, (tuple, list)) else (output,)
        stack = [o.grad_fn for o in outputs if isinstance(o, Tensor) and o.grad_fn is not None]
        seen = set(stack)
        while stack:
            node = stack.pop()
            if node.sequence_nr <= start:
                continue
            trace.modules.setdefault(node, name)
            for edge in node.next_functions:
                if edge is not None and type(edge[0]) is Node and edge[0] not in seen:
                    seen.add(edge[0])
                    stack.append(edge[0])
    return hook


def _current_sequence_nr() -> int:
    """The sequence number of an op recorded now (a tiny probe op; ops made later are larger)."""
    with enable_grad():
        return (Tensor(0.0, requires_grad=True) * 1.0).grad_fn.sequence_nr


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


def build_graph(roots, model=None, names=None, modules: ModuleTrace | None = None,
                max_nodes: int | None = DEFAULT_MAX_NODES, group_by_module=None,
                depth: int | None = None, expand=()) -> Graph:
    """Walk the graph behind `roots` (a Tensor or several) into records, without recursion.

    Args:
        roots: the output Tensor(s); edges point from inputs to the ops that use them.
        model: a Module whose `named_parameters()` names the parameters and gives modules.
        names: a mapping name -> Tensor (e.g. `locals()`); a tensor is matched by identity,
            an intermediate result by its grad_fn, so temporaries get their variable names.
        modules: a `ModuleTrace` giving each op's module (else ops that use a module's
            parameters directly are put in that module).
        max_nodes: keep the nodes nearest the outputs and one summary node for the rest.
        group_by_module: 'collapse' to fold each module into one node (True or 'cluster'
            only record the module on each node; renderers draw clusters).
        depth, expand: for 'collapse', see `collapse_modules`.

    Returns:
        A `Graph`; each op appears once however many times its output is used.
    """
    roots = [roots] if isinstance(roots, Tensor) else list(roots)
    leaf_names, output_names = _name_tables(names)
    param_modules = {}
    if model is not None:
        for dotted, param in model.named_parameters():
            leaf_names[id(param)] = dotted  # a parameter's dotted name beats a loop variable
            param_modules[id(param)] = dotted.rpartition(".")[0] or None
    for root in roots:
        if root.name and root.grad_fn is not None:
            output_names[(root.grad_fn, root._output_nr)] = root.name

    root_targets = []
    for root in roots:
        target = root if root.grad_fn is None else root.grad_fn
        if not any(target is t for t in root_targets):
            root_targets.append(target)
    output_set = {id(t) for t in root_targets if type(t) is Node}

    ids: dict[int, str] = {}
    order: list = []
    distance: dict[int, int] = {}
    queue = deque()
    for target in root_targets:
        ids[id(target)] = f"n{len(order)}"
        order.append(target)
        distance[id(target)] = 0
        queue.append(target)
    edges = []
    while queue:
        obj = queue.popleft()
        if type(obj) is not Node:
            continue
        out_shape = obj.output_shapes[0] if len(obj.output_shapes) == 1 else None
        for i, edge in enumerate(obj.next_functions):
            if edge is None:
                continue
            target, nr = edge
            key = id(target)
            if key not in ids:
                ids[key] = f"n{len(order)}"
                order.append(target)
                distance[key] = distance[id(obj)] + 1
                queue.append(target)
            label = reduction_label(obj.input_shapes[i], out_shape)
            if type(target) is Node and len(target.output_shapes) > 1:
                label = f"[{nr}] " + label if label else f"[{nr}]"
            edges.append(GraphEdge(ids[key], ids[id(obj)], label))

    trace = modules.modules if modules is not None else {}
    nodes = []
    for obj in order:
        node_id = ids[id(obj)]
        if type(obj) is Node:
            name = output_names.get((obj, 0))
            module = trace.get(obj) or _module_of_inputs(obj, param_modules)
            kind = "output" if id(obj) in output_set else "op"
            nodes.append(_op_node(obj, node_id, kind, name, module, distance[id(obj)]))
        else:
            name = obj.name or leaf_names.get(id(obj))
            kind = "parameter" if id(obj) in param_modules or _is_parameter(obj) else "leaf"
            nodes.append(_leaf_node(obj, node_id, kind, name, param_modules.get(id(obj)),
                                    distance[id(obj)]))
    types = dict(modules.types) if modules is not None else {}
    if model is not None:
        types.update((name, type(m).__name__) for name, m in model.named_modules() if name)
    graph = Graph(nodes, edges, {id(obj): ids[id(obj)] for obj in order}, types)
    if group_by_module == "collapse":
        graph = collapse_modules(graph, depth, expand)
    if max_nodes is not None and len(graph.nodes) > max_nodes:
        graph = limit_nodes(graph, max_nodes)
    return graph


def _name_tables(names) -> tuple[dict, dict]:
    """From name -> object: {id(leaf): name} and {(grad_fn, output_nr): name}."""
    leaf_names, output_names = {}, {}
    for name, value in (names or {}).items():
        if not isinstance(value, Tensor) or name.startswith("_"):
            continue
        if value.grad_fn is None:
            leaf_names.setdefault(id(value), name)
        else:
            output_names.setdefault((value.grad_fn, value._output_nr), name)
    return leaf_names, output_names


def _is_parameter(tensor: Tensor) -> bool:
    try:
        from nn.parameter import Parameter
    except ImportError:
        return False
    return isinstance(tensor, Parameter)


def _module_of_inputs(node: Node, param_modules: dict) -> str | None:
    """The module whose parameters this op uses directly, when they all belong to one."""
    found = {param_modules.get(id(edge[0])) for edge in node.next_functions
             if edge is not None and id(edge[0]) in param_modules}
    return found.pop() if len(found) == 1 else None


def _small(array) -> np.ndarray | None:
    if array is None:
        return None
    array = np.asarray(array)
    return array if array.size <= SMALL_VALUE_SIZE else None


def _op_node(node: Node, node_id: str, kind: str, name, module, depth: int) -> GraphNode:
    shapes = node.output_shapes
    grad = node.grad
    if isinstance(grad, tuple):
        grad = grad[0] if len(grad) == 1 else None
    return GraphNode(
        id=node_id, kind=kind, label=name or node.name, name=name,
        shape=shapes[0] if len(shapes) == 1 else tuple(shapes),
        dtype=str(node.output_dtypes[0]), value=_small(node.value),
        grad=_small(grad.data) if grad is not None else None,
        op=node.name, derivatives=tuple(node.derivatives), module=module, depth=depth)


def _leaf_node(tensor: Tensor, node_id: str, kind: str, name, module, depth: int) -> GraphNode:
    grad = tensor._grad
    return GraphNode(
        id=node_id, kind=kind, label=name or ("parameter" if kind == "parameter" else "tensor"),
        name=name, shape=tuple(tensor.shape), dtype=str(tensor.dtype),
        value=_small(tensor.data), grad=None if grad is None else np.asarray(grad.data),
        module=module, depth=depth)


def collapse_modules(graph: Graph, depth: int | None = None, expand=()) -> Graph:
    """Fold the nodes of each module into one 'module' node.

    Args:
        depth: group by the first `depth` parts of the dotted module name ("encoder.0.fc"
            -> "encoder" for depth 1); None groups by the innermost module.
        expand: module names (at that depth) left unfolded; their nodes keep their module
            so renderers can draw them as clusters.
    """
    def key_of(node: GraphNode) -> str | None:
        if not node.module:
            return None
        key = ".".join(node.module.split(".")[:depth]) if depth else node.module
        return None if key in expand else key

    groups: dict[str, list[GraphNode]] = {}
    for node in graph.nodes:
        key = key_of(node)
        if key:
            groups.setdefault(key, []).append(node)
    if not groups:
        return graph
    rename = {}
    nodes = []
    placed = set()
    for node in graph.nodes:
        key = key_of(node)
        if not key:
            nodes.append(node)
            continue
        group_id = "m_" + key
        rename[node.id] = group_id
        if group_id in placed:
            continue
        placed.add(group_id)
        members = groups[key]
        ops = [m for m in members if m.kind in ("op", "output")]
        params = [m for m in members if m.kind == "parameter"]
        last = min(ops, key=lambda m: m.depth) if ops else members[0]
        kind_name = graph.module_types.get(key)
        nodes.append(GraphNode(
            id=group_id, kind="module", label=key + (f" ({kind_name})" if kind_name else ""),
            name=key, shape=last.shape, dtype=last.dtype, value=last.value, grad=last.grad,
            op=", ".join(f"{(p.name or 'parameter').removeprefix(key + '.')} {format_shape(p.shape)}" for p in params),
            module=key, count=len(members), depth=min(m.depth for m in members)))
    edges, seen = [], set()
    for edge in graph.edges:
        src, dst = rename.get(edge.src, edge.src), rename.get(edge.dst, edge.dst)
        if src == edge.src and dst == edge.dst:
            edges.append(edge)
            continue
        if src == dst or (src, dst) in seen:
            continue
        seen.add((src, dst))
        edges.append(GraphEdge(src, dst, ""))
    sources = {key: rename.get(value, value) for key, value in graph.sources.items()}
    return Graph(nodes, edges, sources, graph.module_types)


def limit_nodes(graph: Graph, max_nodes: int) -> Graph:
    """Keep the `max_nodes - 1` nodes nearest the outputs; one summary node stands for the rest."""
    if len(graph.nodes) <= max_nodes:
        return graph
    keep_count = max(max_nodes - 1, 1)
    ranked = sorted(graph.nodes, key=lambda n: n.depth)  # stable: walk order within a depth
    kept = {n.id for n in ranked[:keep_count]}
    hidden = len(graph.nodes) - len(kept)
    summary = GraphNode(id="summary", kind="summary", label=f"… {hidden} more nodes",
                        count=hidden, depth=max(n.depth for n in ranked[:keep_count]) + 1)
    nodes = [n for n in graph.nodes if n.id in kept] + [summary]
    edges, fed = [], set()
    for edge in graph.edges:
        if edge.src in kept and edge.dst in kept:
            edges.append(edge)
        elif edge.dst in kept and edge.dst not in fed:
            fed.add(edge.dst)
            edges.append(GraphEdge(summary.id, edge.dst, ""))
    sources = {key: value for key, value in graph.sources.items() if value in kept}
    return Graph(nodes, edges, sources, graph.module_types)


def with_grads(graph: Graph, grads: dict) -> Graph:
    """A copy of `graph` whose node gradients are replaced by `grads` (node id -> array or None)."""
    return Graph([replace(n, grad=grads.get(n.id)) for n in graph.nodes], graph.edges,
                 graph.sources, graph.module_types)


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
    roots = [root] if isinstance(root, Tensor) else list(root)
    leaves = _leaves(roots)
    saved = [(leaf, leaf._grad) for leaf in leaves]
    for leaf in leaves:
        leaf._grad = None
    events = []
    try:
        for step in backward_steps(roots, gradient, retain_graph=True):
            events.append(BackwardEvent(
                step.node, tuple(np.array(g.data) for g in step.grad_outputs),
                tuple(None if g is None else np.array(g.data) for g in step.grad_inputs)))
    finally:
        for leaf, grad in saved:
            leaf._grad = grad
    return events


def _leaves(roots: list) -> list[Tensor]:
    """Every leaf Tensor that gradients reach from `roots` (explicit stack)."""
    leaves, seen = [], set()
    stack = [r.grad_fn if r.grad_fn is not None else r for r in roots]
    while stack:
        obj = stack.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        if type(obj) is not Node:
            leaves.append(obj)
            continue
        stack.extend(edge[0] for edge in obj.next_functions if edge is not None)
    return leaves
