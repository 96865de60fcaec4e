"""Gradient flow per layer: norms of the gradients of each module's weights and biases, and
the update ratio, drawn on an axis that does not exaggerate small differences."""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from viz.arguments import check_model, check_number
from viz.figures import new_figure
from viz.graph import norm

__all__ = ["LayerStats", "layer_stats", "plot_layer_stats", "NO_GRADIENTS", "MIN_DECADES"]

NO_GRADIENTS = ("no gradients yet: the parameters' .grad are all None. Call loss.backward() "
                "first (and look before optimizer.zero_grad()).")

MIN_DECADES = 2
"""The gradient axis spans at least this many powers of ten, so that a 1.4x spread between
layers looks like the small difference it is."""


@dataclass
class LayerStats:
    """Gradient statistics of one layer (a module that owns parameters directly).

    grad_norm and weight_norm are over all the layer's parameters; weights_grad_norm over
    those not named *bias*, biases_grad_norm over the biases (None when the layer has none
    or they have no gradient). ratio is the update ratio ‖lr·g‖/‖w‖ when a learning rate is
    given, else ‖g‖/‖w‖ (all parameters together). status is 'ok', 'zero' (all gradients
    0), 'nonfinite' (NaN/Inf) or 'none' (no .grad).
    """

    name: str
    type: str
    grad_norm: float
    weight_norm: float
    ratio: float
    n_params: int
    status: str
    weights_grad_norm: float | None = None
    biases_grad_norm: float | None = None


def _combined(norms: list) -> float | None:
    return math.sqrt(sum(n * n for n in norms)) if norms else None


def layer_stats(model, lr: float | None = None) -> list[LayerStats]:
    """Per-layer gradient norm (weights and biases apart too), weight norm and update ratio,
    in registration order. Reads only `named_modules()`, `named_parameters()` and `.grad`."""
    check_model("layer_stats", model)
    check_number("layer_stats", "lr", lr, positive=True, allow_none=True)
    layers = []
    for name, module in model.named_modules():
        params = list(module.named_parameters(recurse=False))
        if not params:
            continue
        grads = {pname: norm(p.grad.numpy(force=True)) for pname, p in params if p.grad is not None}
        weight = math.sqrt(sum(norm(p.numpy(force=True)) ** 2 for _, p in params))
        if not grads:
            grad, status = float("nan"), "none"
        else:
            grad = _combined(list(grads.values()))
            status = "nonfinite" if not math.isfinite(grad) else "zero" if grad == 0 else "ok"
        scale = lr if lr is not None else 1.0
        ratio = scale * grad / weight if weight > 0 else float("inf")
        layers.append(LayerStats(
            name or type(module).__name__, type(module).__name__, grad, weight, ratio,
            sum(int(np.prod(p.shape)) for _, p in params), status,
            _combined([g for p, g in grads.items() if "bias" not in p]),
            _combined([g for p, g in grads.items() if "bias" in p])))
    return layers


def plot_layer_stats(runs, lr: float | None = None, title: str = "Gradient flow per layer"):
    """A matplotlib Figure: per layer, the gradient norm of its weights (solid) and biases
    (dashed), and the update ratio, on log axes spanning whole powers of ten.

    Args:
        runs: a list of LayerStats, or a dict label -> list of LayerStats (one colour each,
            e.g. {"sigmoid": ..., "relu": ...}) to compare models layer by layer.
        lr: only for the axis title (ratios are computed by `layer_stats`).

    The x axis names each layer by its module name and type. The gradient axis covers at
    least `MIN_DECADES` powers of ten, so only real differences look large. Zero gradients
    sit on the bottom edge (open marker), NaN/Inf on the top edge (red cross). A run with no
    gradient at all says so in the picture.
    """
    if not isinstance(runs, (dict, list, tuple)):
        raise TypeError(f"plot_layer_stats: runs must be a list of LayerStats (from layer_stats) "
                        f"or a dict label -> such a list, got {type(runs).__name__}")
    if not runs:
        raise ValueError("plot_layer_stats: runs is empty (nothing to plot)")
    if not isinstance(runs, dict):
        runs = {"": runs}
    fig = new_figure(figsize=(10, 4.2), layout="constrained")
    ax_grad, ax_ratio = fig.subplots(1, 2)
    names: list[str] = []
    for index, (label, stats) in enumerate(runs.items()):
        colour = f"C{index}"
        xs = np.arange(len(stats))
        names = [f"{s.name}\n{s.type}" if s.name != s.type else s.name for s in stats]
        for key, style, part in (("weights_grad_norm", "-", "weights"),
                                 ("biases_grad_norm", "--", "biases")):
            values = np.array([np.nan if getattr(s, key) is None else getattr(s, key)
                               for s in stats], dtype=float)
            if np.isfinite(values).any():
                _series(ax_grad, xs, values, f"{label} {part}".strip(), colour, style)
        _series(ax_ratio, xs, np.array([s.ratio for s in stats], dtype=float),
                label or None, colour, "-")
        _mark_status(ax_grad, xs, stats, label, colour)
        if all(s.status == "none" for s in stats):
            ax_grad.text(0.5, 0.5 - 0.1 * index, (f"{label}: " if label else "") + NO_GRADIENTS,
                         transform=ax_grad.transAxes, ha="center", va="center", wrap=True,
                         fontsize=9, color="#b91c1c")
    for ax in (ax_grad, ax_ratio):
        ax.set_yscale("log")
        ax.set_xticks(np.arange(len(names)), names, fontsize=8)
        ax.set_xlabel("layer, input → output (module name and type)")
        ax.grid(True, which="major", alpha=0.3)
        _decade_limits(ax)
    ax_grad.set_ylabel("‖grad‖ (log scale)")
    ax_grad.set_title("gradient norm: weights (solid), biases (dashed)")
    ax_ratio.set_ylabel(("‖lr·g‖ / ‖w‖" if lr is not None else "‖g‖ / ‖w‖") + " (log scale)")
    ax_ratio.set_title("update ratio, all parameters" if lr is not None
                       else "gradient / weight, all parameters")
    if lr is not None:
        ax_ratio.axhline(1e-3, color="grey", linestyle="--", linewidth=1,
                         label="1e-3 (rule of thumb)")
    for ax in (ax_grad, ax_ratio):
        if ax.get_legend_handles_labels()[0]:
            ax.legend(fontsize=8)
    fig.suptitle(title)
    return fig


def _series(ax, xs, values, label, colour, style) -> None:
    good = np.isfinite(values) & (values > 0)
    if good.any():
        ax.plot(xs[good], values[good], marker="o", linestyle=style, color=colour,
                label=label or None)


def _mark_status(ax, xs, stats, label, colour) -> None:
    """Zero gradients on the bottom edge, NaN/Inf on the top edge (placed once limits are set)."""
    zero = np.array([s.status == "zero" for s in stats], dtype=bool)
    bad = np.array([s.status == "nonfinite" for s in stats], dtype=bool)
    transform = ax.get_xaxis_transform()  # x in data, y in axes fraction
    if zero.any():
        ax.scatter(xs[zero], np.full(zero.sum(), 0.02), marker="v", facecolors="none",
                   edgecolors=colour, s=60, transform=transform, clip_on=False,
                   label=f"{label} zero".strip())
    if bad.any():
        ax.scatter(xs[bad], np.full(bad.sum(), 0.98), marker="x", color="red", s=60,
                   transform=transform, clip_on=False, label=f"{label} NaN/Inf".strip())


def _decade_limits(ax) -> None:
    """Limits at whole powers of ten around the plotted values, at least MIN_DECADES apart."""
    values = [y for line in ax.get_lines() for y in np.asarray(line.get_ydata(), dtype=float)
              if np.isfinite(y) and y > 0]
    if not values:
        ax.set_ylim(1e-3, 1.0)
        return
    low = math.floor(math.log10(min(values)))
    high = math.ceil(math.log10(max(values)))
    if high - low < MIN_DECADES:
        low = high - MIN_DECADES
    ax.set_ylim(10.0 ** low, 10.0 ** high)
