"""Large graphs made readable: which module made each op, modules folded into one node each,
and a node limit that summarises the far end of the graph instead of drawing it."""
from __future__ import annotations

import contextlib
from typing import Iterator

from autograd import Node, Tensor
from viz.arguments import check_model
from viz.graph import Graph, GraphEdge, GraphNode, format_shape

__all__ = ["ModuleTrace", "trace_modules", "collapse_modules", "limit_nodes"]


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

    A forward hook on every submodule walks back from the module's outputs to its inputs:
    the ops on the way were made by that call. A child's hook runs first, so its ops keep the
    child's dotted name and the parent gets the rest. Pass the trace to `draw_graph`.

    Example:
        >>> with viz.trace_modules(model) as trace:
        ...     loss = loss_fn(model(x), y)
        >>> viz.draw_graph(loss, model=model, modules=trace, group_by_module=True)
    """
    check_model("trace_modules", model)
    trace = ModuleTrace()
    handles = []
    for name, module in model.named_modules():
        if not name:
            continue
        trace.types[name] = type(module).__name__
        handles.append(module.register_forward_hook(_hook(trace, name)))
    try:
        yield trace
    finally:
        for handle in handles:
            handle.remove()


def _tensors(value) -> list:
    if isinstance(value, Tensor):
        return [value]
    if isinstance(value, (tuple, list)):
        return [t for item in value for t in _tensors(item)]
    if isinstance(value, dict):
        return [t for item in value.values() for t in _tensors(item)]
    return []


def _hook(trace: ModuleTrace, name: str):
    def hook(module, args, output):
        stop = {id(t.grad_fn) for t in _tensors(args) if t.grad_fn is not None}
        stack = [t.grad_fn for t in _tensors(output)
                 if t.grad_fn is not None and id(t.grad_fn) not in stop]
        seen = {id(node) for node in stack}
        while stack:
            node = stack.pop()
            trace.modules.setdefault(node, name)
            for edge in node.next_functions:
                if edge is None or not isinstance(edge[0], Node):
                    continue
                key = id(edge[0])
                if key not in seen and key not in stop:
                    seen.add(key)
                    stack.append(edge[0])
    return hook


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
        if group_id not in placed:
            placed.add(group_id)
            nodes.append(_module_node(group_id, key, groups[key], graph.module_types.get(key)))
        rename[node.id] = group_id
    for node in graph.nodes:  # a constant goes with the op it feeds
        if node.kind == "constant":
            fed = [e.dst for e in graph.edges if e.src == node.id]
            if fed and fed[0] in rename:
                rename[node.id] = rename[fed[0]]
    nodes = [n for n in nodes if n.id not in rename]
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
    return Graph(nodes, edges, sources, graph.module_types, graph.backpropagated)


def _module_node(group_id: str, key: str, members: list, kind_name: str | None) -> GraphNode:
    ops = [m for m in members if m.kind in ("op", "output")]
    params = [m for m in members if m.kind == "parameter"]
    last = min(ops, key=lambda m: m.depth) if ops else members[0]
    listed = ", ".join(f"{(p.name or 'parameter').removeprefix(key + '.')} {format_shape(p.shape)}"
                       for p in params)
    return GraphNode(
        id=group_id, kind="module", label=key + (f" ({kind_name})" if kind_name else ""),
        name=key, shape=last.shape, dtype=last.dtype, value=last.value, grad=last.grad,
        op=listed, module=key, count=len(members), depth=min(m.depth for m in members),
        value_norm=last.value_norm, grad_norm=last.grad_norm)


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
    return Graph(nodes, edges, sources, graph.module_types, graph.backpropagated)
