"""Gradient flow: the graph coloured by gradient magnitude, and the per-layer view."""
from __future__ import annotations

import math

import graphviz
import numpy as np

from autograd import Tensor
from viz.dot import to_digraph
from viz.graph import DEFAULT_MAX_NODES, build_graph
from viz.layers import NO_GRADIENTS, LayerStats, layer_stats, plot_layer_stats
from viz.replay import record_backward
from viz.text import escape

__all__ = ["gradient_flow", "flow_graph", "layer_stats", "plot_layer_stats", "LayerStats",
           "grad_colour", "colour_scale", "RAMP", "ZERO_COLOUR", "NONFINITE_COLOUR",
           "MIN_SPAN"]

RAMP = ("#313695", "#4575b4", "#74add1", "#fee090", "#f46d43", "#a50026")
"""Colour stops from the smallest to the largest gradient norm.

Colour scale (log10 of each node's gradient L2 norm; legend in the picture): dark blue =
small, through pale yellow, to dark red = large. The scale spans the typical norms of the
graph, Tukey's fences on the log norms (quartiles ± 1.5 interquartile ranges, at least
`MIN_SPAN` decades): a few outliers, such as biases with gradients near 1e-8, take the end
colours instead of squeezing every other node into one colour. Edges are coloured by the
gradient flowing back along them and drawn thicker the larger it is. Marked apart: grey
dashed = gradient exactly zero, magenta bold = NaN or Inf, white dotted = no gradient
reached this node.
"""
ZERO_COLOUR = "#d1d5db"
NONFINITE_COLOUR = "#ff00ff"
MIN_SPAN = 1.0
"""The colour scale covers at least this many powers of ten."""


def grad_colour(t: float) -> str:
    """The ramp colour at position t in [0, 1] (0 smallest gradient, 1 largest)."""
    t = min(max(t, 0.0), 1.0) * (len(RAMP) - 1)
    i = min(int(t), len(RAMP) - 2)
    frac = t - i
    lo, hi = RAMP[i], RAMP[i + 1]
    mixed = [round(int(lo[k:k + 2], 16) * (1 - frac) + int(hi[k:k + 2], 16) * frac)
             for k in (1, 3, 5)]
    return "#" + "".join(f"{c:02x}" for c in mixed)


def colour_scale(norms) -> tuple[float, float]:
    """(lo, hi) in log10 of the norms: Tukey's fences around the quartiles of the positive,
    finite norms, clipped to their range and widened to at least `MIN_SPAN`."""
    logs = np.log10([n for n in norms if math.isfinite(n) and n > 0])
    if logs.size == 0:
        return 0.0, MIN_SPAN
    q1, q3 = np.percentile(logs, [25, 75])
    fence = 1.5 * (q3 - q1)
    lo, hi = max(float(logs.min()), q1 - fence), min(float(logs.max()), q3 + fence)
    if hi - lo < MIN_SPAN:
        middle = (hi + lo) / 2
        lo, hi = middle - MIN_SPAN / 2, middle + MIN_SPAN / 2
    return lo, hi


def _measured_graph(root, model, names, max_nodes, group_by_module):
    """The graph records with gradient norms: from the last backward when there was one,
    else from a replay of backward that leaves every `.grad` as it was."""
    graph = build_graph(root, model=model, names=names, max_nodes=max_nodes,
                        group_by_module=group_by_module)
    if any(n.grad_norm is not None for n in graph.nodes if n.kind in ("op", "output")):
        return graph, False
    roots = [root] if isinstance(root, Tensor) else list(root)
    if all(r.grad_fn is None for r in roots):
        return graph, False
    leaf_sums = {}
    for event in record_backward(roots):
        for edge, g in zip(event.node.next_functions, event.grad_inputs):
            if edge is not None and g is not None and isinstance(edge[0], Tensor):
                leaf_sums[id(edge[0])] = leaf_sums.get(id(edge[0]), 0) + g
    graph = build_graph(root, model=model, names=names, max_nodes=max_nodes,
                        group_by_module=group_by_module)  # the replay set each node's grad
    by_source = {node_id: key for key, node_id in graph.sources.items()}
    for node in graph.nodes:
        key = by_source.get(node.id)
        if node.kind in ("leaf", "parameter") and key in leaf_sums:
            total = np.asarray(leaf_sums[key], dtype=np.float64)
            node.grad_norm = float(np.sqrt(np.sum(total * total)))
    return graph, True


def flow_graph(root, model=None, names=None, max_nodes: int | None = DEFAULT_MAX_NODES,
               group_by_module=None, rankdir: str = "TB") -> graphviz.Digraph:
    """The computation graph with nodes and edges coloured and weighted by gradient norm.

    Every node a gradient reached shows its norm, whatever its size. After `backward()` the
    gradients of that backward are shown; before it, a replay of backward measures them
    (leaving every `.grad` as it was) and the picture says so.
    """
    graph, replayed = _measured_graph(root, model, names, max_nodes, group_by_module)
    norms = {n.id: n.grad_norm for n in graph.nodes
             if n.grad_norm is not None and n.kind not in ("constant", "summary")}
    lo, hi = colour_scale(norms.values())

    def position(value: float) -> float:
        return (math.log10(value) - lo) / (hi - lo)

    node_attrs, extra = {}, {}
    for node in graph.nodes:
        value = norms.get(node.id)
        if node.kind in ("constant", "summary"):
            continue
        if value is None:
            node_attrs[node.id] = {"fillcolor": "#ffffff", "style": "filled,dotted"}
            extra[node.id] = "no grad"
        elif not math.isfinite(value):
            node_attrs[node.id] = {"fillcolor": NONFINITE_COLOUR, "style": "filled,bold",
                                   "penwidth": "3"}
            extra[node.id] = "<B>‖grad‖ NaN/Inf</B>"
        elif value == 0:
            node_attrs[node.id] = {"fillcolor": ZERO_COLOUR, "style": "filled,dashed"}
            extra[node.id] = "‖grad‖ = 0"
        else:
            t = position(value)
            font = "#ffffff" if t < 0.25 or t > 0.8 else "#000000"
            node_attrs[node.id] = {"fillcolor": grad_colour(t), "fontcolor": font}
            extra[node.id] = escape(f"‖grad‖ {value:.3g}")
    edge_attrs = {}
    for edge in graph.edges:
        value = norms.get(edge.src)
        key = (edge.src, edge.dst)
        if value is None:
            edge_attrs[key] = {"color": "#9ca3af", "style": "dotted"}
        elif not math.isfinite(value):
            edge_attrs[key] = {"color": NONFINITE_COLOUR, "penwidth": "3"}
        elif value == 0:
            edge_attrs[key] = {"color": "#9ca3af", "style": "dashed"}
        else:
            t = min(max(position(value), 0.0), 1.0)
            edge_attrs[key] = {"color": grad_colour(t), "penwidth": f"{0.6 + 3.4 * t:.2f}"}
    caption = ("gradients of a replay of backward (backward() not called yet; every .grad "
               "left as it was)") if replayed else None
    dot = to_digraph(graph, show_values=False, show_grads=False, group_by_module=group_by_module,
                     legend=False, rankdir=rankdir, node_attrs=node_attrs, edge_attrs=edge_attrs,
                     extra_rows=extra, caption=caption)
    dot.node("legend", _flow_legend(lo, hi), shape="plaintext", fontsize="9")
    return dot


def _flow_legend(lo: float, hi: float) -> str:
    cells = []
    for k in range(5):
        t = k / 4
        colour = grad_colour(t)
        font = "#ffffff" if t < 0.25 or t > 0.8 else "#000000"
        bound = "≤ " if k == 0 else "≥ " if k == 4 else ""
        cells.append(f'<TD BGCOLOR="{colour}"><FONT COLOR="{font}">'
                     f'{escape(bound)}{10 ** (lo + t * (hi - lo)):.1e}</FONT></TD>')
    cells.append(f'<TD BGCOLOR="{ZERO_COLOUR}">zero</TD>')
    cells.append(f'<TD BGCOLOR="{NONFINITE_COLOUR}">NaN/Inf</TD>')
    cells.append('<TD>no grad</TD>')
    return ('<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="3"><TR>'
            '<TD>‖grad‖, log scale over the typical norms<BR/>(quartiles ± 1.5 IQR; '
            'outliers take the end colours)</TD>' + "".join(cells) + "</TR></TABLE>>")


def gradient_flow(model_or_root, lr: float | None = None, model=None, names=None,
                  max_nodes: int | None = DEFAULT_MAX_NODES, group_by_module=None):
    """See where gradients vanish or explode.

    Args:
        model_or_root: a Tensor (after or before backward) gives the graph coloured by
            gradient magnitude (a `graphviz.Digraph`); a Module (after backward) gives the
            per-layer view (a matplotlib Figure); a dict label -> Module compares models.
        lr: the learning rate, for update ratios ‖lr·g‖/‖w‖ in the per-layer view.
        model, names, max_nodes, group_by_module: as in `draw_graph`, for a Tensor.

    Raises:
        RuntimeError: for a Module whose parameters have no gradient yet (call
            loss.backward() first).

    Example (the course experiment):
        >>> viz.gradient_flow({"sigmoid": sigmoid_net, "relu": relu_net})
    """
    if isinstance(model_or_root, Tensor) or isinstance(model_or_root, (list, tuple)):
        return flow_graph(model_or_root, model=model, names=names, max_nodes=max_nodes,
                          group_by_module=group_by_module)
    models = model_or_root if isinstance(model_or_root, dict) else {"": model_or_root}
    runs = {label: layer_stats(m, lr) for label, m in models.items()}
    for label, stats in runs.items():
        if not stats or all(s.status == "none" for s in stats):
            where = f" ({label})" if label else ""
            raise RuntimeError(f"gradient_flow{where}: {NO_GRADIENTS} The per-layer view "
                               "reads each parameter's .grad.")
    return plot_layer_stats(runs if isinstance(model_or_root, dict) else runs[""], lr)
