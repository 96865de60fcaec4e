"""Graph records to a `graphviz.Digraph`: shapes, colour legend, escaped labels; saving pictures."""
from __future__ import annotations

import html
from pathlib import Path

import graphviz

from autograd import Tensor
from viz.arguments import RANKDIRS, check_choice, check_path
from viz.graph import DEFAULT_MAX_NODES, Graph, GraphNode, build_graph, format_shape
from viz.render import FORMATS, NotebookDigraph, write
from viz.text import clean_text, escape, format_array

__all__ = [
    "draw_graph", "save_svg", "to_digraph", "scrolling_html", "escape",
    "format_array", "KIND_STYLES", "LARGE_GRAPH", "SHARED_FAN_OUT", "GRAD_COLOUR",
]

KIND_STYLES = {
    "leaf": {"shape": "box", "style": "rounded,filled", "fillcolor": "#dbeafe"},
    "parameter": {"shape": "box", "style": "rounded,filled", "fillcolor": "#fde68a"},
    "input": {"shape": "box", "style": "rounded,filled", "fillcolor": "#f3f4f6"},
    "constant": {"shape": "plaintext", "style": "", "fillcolor": "#ffffff"},
    "op": {"shape": "ellipse", "style": "filled", "fillcolor": "#e5e7eb"},
    "output": {"shape": "ellipse", "style": "filled,bold", "fillcolor": "#bbf7d0"},
    "module": {"shape": "box3d", "style": "filled", "fillcolor": "#ede9fe"},
    "summary": {"shape": "note", "style": "filled", "fillcolor": "#fecaca"},
}
"""Graphviz node attributes per record kind.

Colour legend (drawn as a small table in each picture unless `legend=False`, with the kinds
the picture has):

    leaf       light blue, rounded box    a tensor you made with requires_grad=True
    parameter  amber, rounded box         a model's weight (nn.Parameter)
    input      light grey, rounded box    a tensor you named that needs no gradient (data X)
    constant   plain text                 a number given to an op (the 3 in 3*v)
    op         grey ellipse               one op application; shows its output tensor
    output     green ellipse              the op that made the root (the loss)
    module     lavender 3-D box           a collapsed module (group_by_module='collapse')
    summary    pink note                  nodes left out by max_nodes
    dashed     small italic copy          another use of a tensor used many times (drawn
                                          in full at its first use)

Values are printed in black (for leaves, constants, the output and every tensor given a
name; other nodes show their shape), gradients in red: the numbers when they are few, else
their norm ‖·‖. Gradients are shown only once backward ran through the picture's output (a
`.grad` left by an earlier backward of another graph is not), and the legend says which.
"""

GRAD_COLOUR = "#b91c1c"

LARGE_GRAPH = 60
"""Above this many nodes, layout effort is capped and edge labels float (much faster `dot`)."""

SHARED_FAN_OUT = 4
"""A tensor used this often (a weight shared across time steps) is drawn again at each use."""

_LEGEND = (("leaf", "leaf tensor"), ("parameter", "parameter"),
           ("input", "tensor without grad"), ("constant", "constant"),
           ("op", "op (its output)"), ("output", "output"), ("module", "module"),
           ("summary", "nodes left out"))


def _label(node: GraphNode, show_values: bool, show_grads: bool, extra: str = "") -> str:
    if node.kind == "constant":
        rows = [escape(node.label)]
        if node.label == "constant" and node.value is not None:
            rows.append(escape(format_array(node.value)))
        return "<" + "<BR/>".join(rows) + ">"
    rows = [f"<B>{escape(node.label)}</B>"]
    if node.kind in ("op", "output"):
        detail = node.formula if node.formula and node.formula != node.label else (
            node.op if node.name else None)
        if detail:
            rows.append(f"<I>{escape(detail)}</I>")
    if node.kind == "module":
        rows.append(f"{node.count} nodes" + (f": {escape(node.op)}" if node.op else ""))
    if node.shape is not None and node.kind != "summary" and tuple(node.shape) != ():
        rows.append(escape(format_shape(node.shape)))
    if show_values and node.kind != "summary":
        if node.value is not None:
            rows.append(escape("value " + format_array(node.value)))
        elif node.value_norm is not None:
            rows.append(escape(f"value ‖·‖={node.value_norm:.3g}"))
    if show_grads:
        text = grad_text(node)
        if text:
            rows.append(f'<FONT COLOR="{GRAD_COLOUR}">{escape(text)}</FONT>')
    if extra:
        rows.append(extra)
    return "<" + "<BR/>".join(rows) + ">"


def grad_text(node: GraphNode) -> str:
    """'grad 3', 'grad [1, 2]' or 'grad ‖·‖=0.12' (any size), '' when no gradient reached it."""
    if node.grad is not None:
        return "grad " + format_array(node.grad)
    if node.grad_norm is not None:
        return f"grad ‖·‖={node.grad_norm:.3g}"
    return ""


def _tooltip(node: GraphNode) -> str:
    parts = [node.label]
    if node.op and node.kind in ("op", "output") and node.op != node.label:
        parts.append(node.op)
    parts.extend(node.derivatives)
    if node.module:
        parts.append("module " + node.module)
    text = " | ".join(clean_text(part) for part in parts)
    return html.escape(text, quote=True).replace("\\", "\\\\")


def _legend_label(graph: Graph, show_grads: bool) -> str:
    """The legend: one cell per kind of node the picture has; then, when gradients are
    shown, what the red numbers are, or that backward has not run through this output."""
    kinds = {node.kind for node in graph.nodes}
    cells = [f'<TD BGCOLOR="{KIND_STYLES[kind]["fillcolor"]}">{escape(text)}</TD>'
             for kind, text in _LEGEND if kind in kinds]
    if show_grads:
        text = ("grad (from backward)" if graph.backpropagated else
                "no grad shown: backward() has not run through this output")
        cells.append(f'<TD><FONT COLOR="{GRAD_COLOUR}">{escape(text, limit=None)}</FONT></TD>')
    return ('<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="3"><TR>' +
            "".join(cells) + "</TR></TABLE>>")


def scrolling_html(svg: str, max_height: int = 640) -> str:
    """SVG text wrapped in a div that scrolls both ways when the picture is large."""
    return (f'<div style="overflow:auto; max-height:{max_height}px; max-width:100%; '
            f'border:1px solid #ddd">{svg}</div>')


def to_digraph(graph: Graph, show_values: bool = True, show_grads: bool = True,
               group_by_module=None, legend: bool = True, rankdir: str = "TB",
               node_attrs: dict | None = None, edge_attrs: dict | None = None,
               extra_rows: dict | None = None, caption: str | None = None,
               split_shared: bool = True) -> graphviz.Digraph:
    """Render graph records to a Digraph.

    Args:
        graph: records from `build_graph`.
        group_by_module: any true value draws a box (cluster) around the nodes of each
            module that are not collapsed.
        node_attrs / edge_attrs: extra Graphviz attributes per node id / per (src, dst).
        extra_rows: node id -> extra HTML-escaped label row (used by the stepper).
        caption: text under the picture (escaped).
        split_shared: draw a tensor used `SHARED_FAN_OUT` times or more (a weight shared
            across time steps) in full once and as a small dashed copy at each other use,
            instead of long edges across the picture (which make `dot` very slow).
    """
    if not isinstance(graph, Graph):
        raise TypeError(f"to_digraph: graph must be a viz.Graph (from build_graph), got "
                        f"{type(graph).__name__}; draw_graph draws a Tensor's graph")
    check_choice("to_digraph", "rankdir", rankdir, RANKDIRS)
    dot = NotebookDigraph(graph_attr={"rankdir": rankdir, "nodesep": "0.25", "ranksep": "0.35"},
                           node_attr={"fontname": "Helvetica", "fontsize": "10", "margin": "0.05"},
                           edge_attr={"fontname": "Helvetica", "fontsize": "9", "arrowsize": "0.6"})
    if caption:
        lines = [escape(line, limit=None) for line in caption.split("\n")]
        dot.attr(label="<" + "<BR ALIGN=\"LEFT\"/>".join(lines) + "<BR ALIGN=\"LEFT\"/>>",
                 labelloc="b", labeljust="l", fontname="Courier", fontsize="10")
    node_attrs = node_attrs or {}
    extra_rows = extra_rows or {}
    clusters: dict[str, list[GraphNode]] = {}
    for node in graph.nodes:
        if group_by_module and node.module and node.kind != "module":
            clusters.setdefault(node.module, []).append(node)
            continue
        _add_node(dot, node, show_values, show_grads, node_attrs, extra_rows)
    for i, (module, members) in enumerate(clusters.items()):
        with dot.subgraph(name=f"cluster_{i}") as sub:
            kind_name = graph.module_types.get(module)
            title = f"{module} ({kind_name})" if kind_name else module
            sub.attr(label="<" + escape(title) + ">", style="rounded,dashed", color="#7c3aed",
                     fontname="Helvetica", fontsize="10")
            for node in members:
                _add_node(sub, node, show_values, show_grads, node_attrs, extra_rows)
    edge_attrs = edge_attrs or {}
    large = len(graph.nodes) > LARGE_GRAPH
    if large:
        dot.graph_attr["nslimit"] = "2"
    fan_out: dict[str, int] = {}
    for edge in graph.edges:
        fan_out[edge.src] = fan_out.get(edge.src, 0) + 1
    shared = {n.id: n for n in graph.nodes
              if n.kind in ("leaf", "parameter", "input")
              and fan_out.get(n.id, 0) >= SHARED_FAN_OUT}
    uses: dict[str, int] = {}
    for edge in graph.edges:
        attrs = {}
        src = edge.src
        if src in shared and split_shared:
            uses[src] = uses.get(src, 0) + 1
            use = fan_out[src] + 1 - uses[src]  # edges run from the output back: count forward
            if use > 1:  # the first use in the forward pass gets the full node
                src = f"{edge.src}_use{use}"
                _add_use_node(dot, src, shared[edge.src], use, fan_out[edge.src],
                              node_attrs.get(edge.src, {}))
        text = "<BR/>".join(escape(part) for part in (edge.derivative if show_values else "",
                                                       edge.label) if part)
        if text:
            attrs["xlabel" if large else "label"] = "<" + text + ">"
        attrs.update(edge_attrs.get((edge.src, edge.dst), {}))
        dot.edge(src, edge.dst, **attrs)
    if legend:
        dot.node("legend", _legend_label(graph, show_grads), shape="plaintext", fontsize="9")
    return dot


def _add_use_node(dot: graphviz.Digraph, node_id: str, node: GraphNode, use: int, uses: int,
                  attrs: dict) -> None:
    """A small dashed copy of a tensor used many times, drawn next to one of its uses."""
    style = dict(KIND_STYLES[node.kind])
    style.update({k: v for k, v in attrs.items() if k in ("fillcolor", "fontcolor")})
    style.update(style=style["style"] + ",dashed", fontsize="8", margin="0.02", height="0.2")
    dot.node(node_id, "<<I>" + escape(node.label) + "</I>>",
             tooltip=escape(f"{node.label}: use {use} of {uses} (one tensor, drawn at each use)"),
             **style)


def _add_node(dot: graphviz.Digraph, node: GraphNode, show_values: bool, show_grads: bool,
              node_attrs: dict, extra_rows: dict) -> None:
    attrs = dict(KIND_STYLES[node.kind])
    attrs.update(node_attrs.get(node.id, {}))
    dot.node(node.id, _label(node, show_values, show_grads, extra_rows.get(node.id, "")),
             tooltip=_tooltip(node), **attrs)


def draw_graph(root, show_values: bool = True, show_grads: bool = True, group_by_module=None,
               max_nodes: int | None = DEFAULT_MAX_NODES, model=None, names=None, modules=None,
               depth: int | None = None, expand=(), legend: bool = True,
               rankdir: str = "TB", split_shared: bool = True) -> graphviz.Digraph:
    """Draw the computation graph behind `root` (a Tensor or several) as a Digraph.

    Tensors are rounded boxes, ops ellipses (each op once, showing its output); edges point
    forward, from inputs to the ops that use them; an edge labelled `sum → (3,)` is a
    broadcast input whose gradient backward sums back to its shape. Colours: see `KIND_STYLES`
    (leaf blue, parameter amber, op grey, output green). All labels are escaped.

    Args:
        root: the output Tensor (e.g. the loss), or a list of them.
        show_values / show_grads: print values and gradients of small tensors.
        group_by_module: None; True or 'cluster' (a box around each module's nodes);
            'collapse' (one node per module; `depth` groups by the first parts of dotted
            module names, modules named in `expand` stay open as clusters).
        max_nodes: beyond this many nodes keep the nearest to the output and summarise.
        model: names parameters from `model.named_parameters()` and finds modules.
        names: name -> Tensor mapping such as `locals()` to name temporaries.
        modules: a `viz.trace_modules(model)` trace, for exact module grouping.
        legend: add the colour legend as a small table.
        rankdir: 'TB' (top to bottom) or 'LR'.
        split_shared: draw a tensor used many times (a weight shared across time steps)
            once in full and as a small dashed copy at its other uses (see `to_digraph`).

    Example:
        >>> J = 3 * (a + b * c); J.backward()
        >>> viz.draw_graph(J, names=locals())     # shows inline in Jupyter
    """
    graph = build_graph(root, model=model, names=names, modules=modules, max_nodes=max_nodes,
                        group_by_module=group_by_module, depth=depth, expand=expand)
    return to_digraph(graph, show_values, show_grads, group_by_module, legend, rankdir,
                      split_shared=split_shared)


def save_svg(root_or_digraph, path, **kwargs) -> Path:
    """Write a picture of a Tensor's graph (drawn with `draw_graph(**kwargs)`) or of a Digraph.

    The format is the one `path`'s extension names: `.svg`, `.png` or `.pdf` (any other
    extension is a ValueError). Stepper frames (anything with a `digraph` attribute) and
    matplotlib Figures (the per-layer gradient flow, the dashboard) work too. Drawn with
    system Graphviz when present, else with graphviz-pure. Returns the path written.
    """
    path = Path(check_path("save_svg", "path", path))
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(f"save_svg: path {str(path)!r} must end in .svg, .png or .pdf "
                         "(the format written)")
    if hasattr(root_or_digraph, "savefig"):
        path.parent.mkdir(parents=True, exist_ok=True)
        metadata = {"svg": {"Date": None}, "pdf": {"CreationDate": None}}.get(fmt)
        root_or_digraph.savefig(path, format=fmt, metadata=metadata)
        return path
    if isinstance(root_or_digraph, Tensor) or isinstance(root_or_digraph, (list, tuple)):
        dot = draw_graph(root_or_digraph, **kwargs)
    elif isinstance(root_or_digraph, graphviz.Digraph):
        dot = root_or_digraph
    elif isinstance(getattr(root_or_digraph, "digraph", None), graphviz.Digraph):
        dot = root_or_digraph.digraph
    else:
        raise TypeError("save_svg: expected a Tensor (or a list of them), a graphviz.Digraph, "
                        "a stepper frame or a matplotlib Figure, not "
                        f"{type(root_or_digraph).__name__}")
    return write(dot.source, path)
