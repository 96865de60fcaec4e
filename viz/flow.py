"""Gradient flow: the graph coloured by gradient magnitude, and per-layer gradient statistics."""
from __future__ import annotations

import math
from dataclasses import dataclass

import graphviz
import numpy as np

from autograd import Tensor
from viz.dot import escape, to_digraph
from viz.figures import new_figure
from viz.graph import DEFAULT_MAX_NODES, build_graph, record_backward

__all__ = ["gradient_flow", "flow_graph", "layer_stats", "plot_layer_stats", "LayerStats",
           "grad_colour", "RAMP", "ZERO_COLOUR", "NONFINITE_COLOUR"]

RAMP = ("#313695", "#4575b4", "#74add1", "#fee090", "#f46d43", "#a50026")
"""Colour stops from the smallest to the largest gradient norm.

Colour scale (log10 of the gradient's L2 norm, shared by nodes and edges; legend in the
picture): dark blue = smallest in this graph, through pale yellow, to dark red = largest.
Edges are drawn thicker the larger the gradient flowing back along them. Marked apart:
grey dashed = gradient exactly zero, magenta bold = NaN or Inf, white = no gradient.
"""
ZERO_COLOUR = "#d1d5db"
NONFINITE_COLOUR = "#ff00ff"


def grad_colour(t: float) -> str:
    """The ramp colour at position t in [0, 1] (0 smallest gradient, 1 largest)."""
    t = min(max(t, 0.0), 1.0) * (len(RAMP) - 1)
    i = min(int(t), len(RAMP) - 2)
    frac = t - i
    lo, hi = RAMP[i], RAMP[i + 1]
    mixed = [round(int(lo[k:k + 2], 16) * (1 - frac) + int(hi[k:k + 2], 16) * frac) for k in (1, 3, 5)]
    return "#" + "".join(f"{c:02x}" for c in mixed)


def _norm(array) -> float:
    array = np.asarray(array, dtype=np.float64)
    return float(np.sqrt(np.sum(array * array))) if array.size else 0.0


def flow_graph(root, model=None, names=None, max_nodes: int | None = DEFAULT_MAX_NODES,
               group_by_module=None, rankdir: str = "TB") -> graphviz.Digraph:
    """The computation graph with nodes and edges coloured and weighted by gradient norm.

    While the graph is still alive (before a backward without retain_graph) the gradient
    of every node is measured by a replay of backward that leaves every `.grad` as it was;
    after that, the gradients backward kept (leaves, and small intermediate results) are used.
    """
    graph = build_graph(root, model=model, names=names, max_nodes=max_nodes,
                        group_by_module=group_by_module)
    norms, leaf_sums = {}, {}
    try:
        for event in record_backward(root):
            node_id = graph.sources.get(id(event.node))
            if node_id is not None:
                norms[node_id] = _norm(event.grad_outputs[0])
            for edge, g in zip(event.node.next_functions, event.grad_inputs):
                if edge is not None and g is not None and isinstance(edge[0], Tensor):
                    leaf_id = graph.sources.get(id(edge[0]))
                    if leaf_id is not None:
                        leaf_sums[leaf_id] = leaf_sums.get(leaf_id, 0) + g
    except RuntimeError:
        pass  # graph already freed: fall back to what the records hold
    norms.update({leaf_id: _norm(total) for leaf_id, total in leaf_sums.items()})
    for node in graph.nodes:
        if node.id not in norms and node.grad is not None:
            norms[node.id] = _norm(node.grad)
    finite = [n for n in norms.values() if math.isfinite(n) and n > 0]
    lo = math.log10(min(finite)) if finite else 0.0
    hi = math.log10(max(finite)) if finite else 1.0
    span = hi - lo if hi > lo else 1.0

    def position(value: float) -> float:
        return (math.log10(value) - lo) / span

    node_attrs, extra = {}, {}
    for node in graph.nodes:
        value = norms.get(node.id)
        if value is None:
            node_attrs[node.id] = {"fillcolor": "#ffffff", "style": "filled,dotted"}
        elif not math.isfinite(value):
            node_attrs[node.id] = {"fillcolor": NONFINITE_COLOUR, "style": "filled,bold", "penwidth": "3"}
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
        if value is None:
            edge_attrs[(edge.src, edge.dst)] = {"color": "#9ca3af", "style": "dotted"}
        elif not math.isfinite(value):
            edge_attrs[(edge.src, edge.dst)] = {"color": NONFINITE_COLOUR, "penwidth": "3"}
        elif value == 0:
            edge_attrs[(edge.src, edge.dst)] = {"color": "#9ca3af", "style": "dashed"}
        else:
            t = position(value)
            edge_attrs[(edge.src, edge.dst)] = {"color": grad_colour(t), "penwidth": f"{0.6 + 3.4 * t:.2f}"}
    dot = to_digraph(graph, show_values=False, show_grads=False, group_by_module=group_by_module,
                     legend=False, rankdir=rankdir, node_attrs=node_attrs, edge_attrs=edge_attrs,
                     extra_rows=extra)
    dot.node("legend", _flow_legend(lo, hi), shape="plaintext", fontsize="9")
    return dot


def _flow_legend(lo: float, hi: float) -> str:
    cells = []
    for k in range(5):
        t = k / 4
        colour = grad_colour(t)
        font = "#ffffff" if t < 0.25 or t > 0.8 else "#000000"
        cells.append(f'<TD BGCOLOR="{colour}"><FONT COLOR="{font}">{10 ** (lo + t * (hi - lo)):.1e}</FONT></TD>')
    cells.append(f'<TD BGCOLOR="{ZERO_COLOUR}">zero</TD>')
    cells.append(f'<TD BGCOLOR="{NONFINITE_COLOUR}">NaN/Inf</TD>')
    cells.append('<TD>no grad</TD>')
    return ('<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="3"><TR>'
            '<TD>‖grad‖ (log)</TD>' + "".join(cells) + "</TR></TABLE>>")


@dataclass
class LayerStats:
    """Gradient statistics of one layer (a module that owns parameters directly).

    ratio is the update ratio ‖lr·g‖/‖w‖ when a learning rate is given, else ‖g‖/‖w‖;
    status is 'ok', 'zero' (all gradients 0), 'nonfinite' (NaN/Inf) or 'none' (no .grad).
    """

    name: str
    type: str
    grad_norm: float
    weight_norm: float
    ratio: float
    n_params: int
    status: str


def layer_stats(model, lr: float | None = None) -> list[LayerStats]:
    """Per-layer gradient norm, weight norm and update ratio, in registration order."""
    layers = []
    for name, module in model.named_modules():
        params = [p for p in module._parameters.values() if p is not None]
        if not params:
            continue
        grads = [p._grad for p in params if p._grad is not None]
        weight = math.sqrt(sum(_norm(p.data) ** 2 for p in params))
        if not grads:
            grad, status = float("nan"), "none"
        else:
            grad = math.sqrt(sum(_norm(g.data) ** 2 for g in grads))
            status = "nonfinite" if not math.isfinite(grad) else "zero" if grad == 0 else "ok"
        scale = lr if lr is not None else 1.0
        ratio = scale * grad / weight if weight > 0 else float("inf")
        layers.append(LayerStats(name or type(module).__name__, type(module).__name__, grad,
                                 weight, ratio, sum(p.data.size for p in params), status))
    return layers


def plot_layer_stats(runs, lr: float | None = None, title: str = "Gradient flow per layer"):
    """A matplotlib Figure: gradient norm and update ratio per layer on log axes.

    Args:
        runs: a list of LayerStats, or a dict label -> list of LayerStats (one line each,
            e.g. {"sigmoid": ..., "relu": ...}) to compare models layer by layer.
        lr: only for the axis title (ratios are computed by `layer_stats`).

    Zero gradients are drawn on the bottom edge with an open marker, NaN/Inf on the top edge
    with a red cross, so vanishing and exploding layers stand out.
    """
    if not isinstance(runs, dict):
        runs = {"": runs}
    fig = new_figure(figsize=(10, 4), layout="constrained")
    ax_grad, ax_ratio = fig.subplots(1, 2)
    for label, stats in runs.items():
        xs = np.arange(len(stats))
        for ax, key in ((ax_grad, "grad_norm"), (ax_ratio, "ratio")):
            values = np.array([getattr(s, key) for s in stats], dtype=float)
            good = np.isfinite(values) & (values > 0)
            line, = ax.plot(xs[good], values[good], marker="o", label=label or None)
            floor, ceil = _limits(values[good])
            zero = np.array([s.status == "zero" for s in stats])
            bad = np.array([s.status == "nonfinite" for s in stats])
            if zero.any():
                ax.scatter(xs[zero], np.full(zero.sum(), floor), marker="v", facecolors="none",
                           edgecolors=line.get_color(), s=60, label=f"{label} zero".strip())
            if bad.any():
                ax.scatter(xs[bad], np.full(bad.sum(), ceil), marker="x", color="red", s=60,
                           label=f"{label} NaN/Inf".strip())
        names = [s.name for s in stats]
    for ax in (ax_grad, ax_ratio):
        ax.set_yscale("log")
        ax.set_xticks(np.arange(len(names)), names, rotation=45, ha="right", fontsize=8)
        ax.set_xlabel("layer (input → output)")
        ax.grid(True, which="both", alpha=0.3)
    ax_grad.set_ylabel("‖grad‖")
    ax_grad.set_title("gradient norm")
    ax_ratio.set_ylabel("‖lr·g‖ / ‖w‖" if lr is not None else "‖g‖ / ‖w‖")
    ax_ratio.set_title("update ratio" if lr is not None else "gradient / weight")
    if lr is not None:
        ax_ratio.axhline(1e-3, color="grey", linestyle="--", linewidth=1, label="1e-3 (rule of thumb)")
    for ax in (ax_grad, ax_ratio):
        if ax.get_legend_handles_labels()[0]:
            ax.legend(fontsize=8)
    fig.suptitle(title)
    return fig


def _limits(values: np.ndarray) -> tuple[float, float]:
    if values.size == 0:
        return 1e-12, 1.0
    return float(values.min()) / 10, float(values.max()) * 10


def gradient_flow(model_or_root, lr: float | None = None, model=None, names=None,
                  max_nodes: int | None = DEFAULT_MAX_NODES, group_by_module=None):
    """See where gradients vanish or explode.

    Args:
        model_or_root: a Tensor (after or before backward) gives the graph coloured by
            gradient magnitude (a `graphviz.Digraph`); a Module (after backward) gives the
            per-layer view (a matplotlib Figure); a dict label -> Module compares models.
        lr: the learning rate, for update ratios ‖lr·g‖/‖w‖ in the per-layer view.
        model, names, max_nodes, group_by_module: as in `draw_graph`, for a Tensor.

    Example (the course experiment):
        >>> viz.gradient_flow({"sigmoid": sigmoid_net, "relu": relu_net})
    """
    if isinstance(model_or_root, Tensor) or isinstance(model_or_root, (list, tuple)):
        return flow_graph(model_or_root, model=model, names=names, max_nodes=max_nodes,
                          group_by_module=group_by_module)
    if isinstance(model_or_root, dict):
        return plot_layer_stats({k: layer_stats(m, lr) for k, m in model_or_root.items()}, lr)
    return plot_layer_stats(layer_stats(model_or_root, lr), lr)
