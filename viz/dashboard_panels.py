"""The panels of `TrainingDashboard`: each builds its artists once and updates them in place.

A panel is made with a matplotlib Axes; `update(dash)` reads the dashboard's records and
moves data into the existing lines, bars and texts (`set_data`, `set_width`, `set_text`),
and `animated()` lists the artists that change from frame to frame. Everything else (axes,
ticks, titles) stays put between frames, so `viz.blit.BlitRenderer` draws it once: limits
snap to round values and change only when the data leave them (`viz.panel_axes`).
"""
from __future__ import annotations

import numpy as np
from matplotlib.ticker import MaxNLocator

from viz.activation_health import histograms_over_time, value_range
from viz.panel_axes import (
    nice_ceiling, set_legend, set_scale, set_step_limits, set_value_limits, setup_axes,
    with_legend,
)
from viz.smoothing import log_smoothed, rolling_mean, smoothing_window

__all__ = ["PANELS", "make_panel", "RATIO_GUIDE"]

RATIO_GUIDE = 1e-3
"""The rule of thumb for the update ratio ‖lr·g‖/‖w‖, drawn as a dashed line."""


class LossPanel:
    """Batch loss (faint), its rolling mean, and the validation loss."""

    def __init__(self, ax) -> None:
        self.ax, self.memo, self.log = ax, {}, False
        self.raw, = ax.plot([], [], lw=0.7, alpha=0.35, color="tab:blue", label="batch loss")
        self.smooth, = ax.plot([], [], lw=1.8, color="tab:blue", label="rolling mean")
        self.val, = ax.plot([], [], "o-", ms=3, color="tab:red", label="validation loss")
        setup_axes(ax, "loss")

    def update(self, dash) -> None:
        losses = np.asarray(dash.losses, dtype=np.float64)
        smooth = rolling_mean(losses, smoothing_window(len(losses)))
        val_steps, val_losses = [s for s, _ in dash.val_losses], [v for _, v in dash.val_losses]
        self.raw.set_data(dash.steps, losses)
        self.smooth.set_data(dash.steps, smooth)
        self.val.set_data(val_steps, val_losses)
        finite = losses[np.isfinite(losses)]
        log = bool(finite.size) and finite.min() > 0 and finite.max() / finite.min() > 100
        if log != self.log:
            self.log = log
            set_scale(self.ax, log)
        set_step_limits(self.ax, dash.steps)
        set_value_limits(self.ax, losses, val_losses, log=log)
        handles = [self.raw, self.smooth] if len(losses) else []
        handles += [self.val] if val_steps else []
        set_legend(self.ax, self.memo, handles)

    def animated(self) -> list:
        return with_legend(self.ax, [self.raw, self.smooth, self.val])


class LearningRatePanel:
    """The learning rate of the first parameter group at every step."""

    def __init__(self, ax) -> None:
        self.ax = ax
        self.line, = ax.plot([], [], color="tab:green")
        self.now = ax.text(0.98, 0.95, "", transform=ax.transAxes, ha="right", va="top", fontsize=8)
        setup_axes(ax, "learning rate")

    def update(self, dash) -> None:
        steps, values = [s for s, _ in dash.lrs], [v for _, v in dash.lrs]
        self.line.set_data(steps, values)
        self.now.set_text(f"now {values[-1]:.3g}" if values else "no lr given")
        set_step_limits(self.ax, steps)
        set_value_limits(self.ax, [0.0] + values)

    def animated(self) -> list:
        return [self.line, self.now]


class LayerLinesPanel:
    """One smoothed line per shown layer on a log axis; the other layers as one grey band.

    `source` names the dashboard record drawn: {layer: [(step, value), ...]}.
    """

    def __init__(self, ax, source: str, title: str, ylabel: str) -> None:
        self.ax, self.source, self.memo = ax, source, {}
        self.lines: dict = {}
        self.band = None
        setup_axes(ax, title, ylabel=ylabel, log=True)

    def update(self, dash) -> None:
        series = {k: v for k, v in getattr(dash, self.source).items() if v}
        shown = dash.shown_layers(list(series))
        drawn = []
        for layer in shown:
            steps, values = zip(*series[layer])
            if layer not in self.lines:
                self.lines[layer], = self.ax.plot([], [], lw=1.6, color=dash.colour(layer),
                                                  label=dash.label(layer))
            self.lines[layer].set_data(steps, log_smoothed(values))
            drawn.append(self.lines[layer].get_ydata())
        drawn += self._update_band({k: v for k, v in series.items() if k not in shown})
        set_step_limits(self.ax, [s for points in series.values() for s, _ in points[-1:]])
        set_value_limits(self.ax, *drawn, log=True)
        handles = [self.lines[k] for k in shown] + ([self.band] if self.band else [])
        set_legend(self.ax, self.memo, handles, loc="lower left")

    def _update_band(self, rest: dict) -> list:
        if self.band is not None:
            self.band.remove()
            self.band = None
        if not rest:
            return []
        steps = np.array([s for s, _ in next(iter(rest.values()))], dtype=np.float64)
        smoothed = np.array([np.interp(steps, [s for s, _ in points],
                                       log_smoothed([v for _, v in points]))
                             for points in rest.values()])
        low, high = np.nanmin(smoothed, 0), np.nanmax(smoothed, 0)
        self.band = self.ax.fill_between(steps, low, high, color="0.6", alpha=0.35, lw=0,
                                         label=f"{len(rest)} other layers (min to max)")
        return [low, high]

    def animated(self) -> list:
        return with_legend(self.ax, list(self.lines.values()) + ([self.band] if self.band else []))


class RatioPanel(LayerLinesPanel):
    """The update ratio per layer over time, computed as `viz.layer_stats` computes it."""

    def __init__(self, ax) -> None:
        super().__init__(ax, "ratios", "update ratio ‖lr·g‖/‖w‖ per layer", "ratio")
        ax.axhline(RATIO_GUIDE, color="grey", ls="--", lw=1)

    def update(self, dash) -> None:
        super().update(dash)
        self.ax.set_xlabel(ratio_note(dash.lrs), fontsize=8)


def ratio_note(lrs: list) -> str:
    """The x label: what the dashed line is, or that a schedule has lowered the lr (and so
    the ratios, which scale with it)."""
    if not lrs:
        return "step (no lr given: ‖g‖/‖w‖)"
    now, peak = lrs[-1][1], max(v for _, v in lrs)
    if peak > 0 and now < 0.1 * peak:
        return "step (the lr is now under 10% of its peak: the ratios fall with it)"
    return f"step (dashed: {RATIO_GUIDE:g}, a common rule of thumb)"


class RidgelinePanel:
    """One histogram per layer, each over its own range and scaled to its own peak."""

    def __init__(self, ax, source: str, title: str) -> None:
        self.ax, self.source, self.rows, self.labels = ax, source, {}, None
        setup_axes(ax, title, xlabel="value / max |value| of the layer (±max at the right)")
        ax.set_xlim(-1.02, 1.02)
        ax.xaxis.set_major_locator(MaxNLocator(5))
        ax.axvline(0, color="0.85", lw=0.8, zorder=0)

    def update(self, dash) -> None:
        arrays = getattr(dash, self.source)
        shown = dash.shown_layers([k for k in arrays if arrays[k].size])
        for row, layer in enumerate(shown):
            base = len(shown) - 1 - row
            values = arrays[layer][np.isfinite(arrays[layer])]
            scale = float(np.max(np.abs(values))) if values.size else 0.0
            counts, edges = np.histogram(values / scale if scale > 0 else values,
                                         bins=dash.bins, range=(-1.0, 1.0))
            if layer not in self.rows:
                self.rows[layer] = (
                    self.ax.plot([], [], drawstyle="steps-mid", lw=1.3,
                                 color=dash.colour(layer))[0],
                    self.ax.plot([], [], color="0.8", lw=0.6)[0],
                    self.ax.text(1.0, 0, "", ha="right", va="bottom", fontsize=7))
            curve, baseline, text = self.rows[layer]
            heights = 0.85 * counts / max(counts.max(), 1)
            curve.set_data((edges[:-1] + edges[1:]) / 2, base + heights)
            baseline.set_data([-1, 1], [base, base])
            text.set_position((1.0, base + 0.45))
            text.set_text(f"±{scale:.2g}" if scale else "all 0")
        for layer in set(self.rows) - set(shown):
            curve, baseline, text = self.rows[layer]
            curve.set_data([], [])
            baseline.set_data([], [])
            text.set_text("")
        labels = [dash.label(layer) for layer in shown]
        if labels != self.labels:
            self.labels = labels
            self.ax.set_yticks([len(shown) - 1 - row + 0.3 for row in range(len(shown))], labels,
                               fontsize=7)
            self.ax.set_ylim(-0.15, max(len(shown), 1))

    def animated(self) -> list:
        return [self.rows[k][0] for k in self.rows] + [self.rows[k][2] for k in self.rows]


class HealthPanel:
    """Latest saturation % (Tanh, Sigmoid) and dead-unit % (ReLU), red past the warning level."""

    def __init__(self, ax) -> None:
        self.ax, self.key, self.bars, self.texts, self.marks = ax, None, [], [], None
        self.empty = ax.text(50, 0.5, "no Tanh, Sigmoid or ReLU module measured yet",
                             ha="center", fontsize=8, color="0.4")
        setup_axes(ax, "activation health (latest)",
               xlabel="% of outputs saturated / of units dead (| = warning level)")
        ax.set_xlim(0, 100)

    def update(self, dash) -> None:
        rows = dash.health_rows()
        if tuple(label for label, _, _ in rows) != self.key:
            self._rebuild(rows)
        for rect, text, (_, value, limit) in zip(self.bars, self.texts, rows):
            bad = value >= limit
            rect.set_width(100 * value)
            rect.set_color("tab:red" if bad else "tab:green")
            text.set_text(f" {100 * value:.0f}%" + (" ⚠" if bad else ""))
            text.set_x(100 * value)

    def _rebuild(self, rows: list) -> None:
        self.key = tuple(label for label, _, _ in rows)
        for artist in [*self.bars, *self.texts] + ([self.marks] if self.marks else []):
            artist.remove()
        positions = np.arange(len(rows))
        self.bars = list(self.ax.barh(positions, np.zeros(len(rows)), height=0.6))
        self.texts = [self.ax.text(0, i, "", va="center", fontsize=7) for i in positions]
        self.marks = self.ax.scatter([100 * limit for _, _, limit in rows], positions,
                                     marker="|", s=200, color="0.3", zorder=3)
        self.ax.set_yticks(positions, [label for label, _, _ in rows], fontsize=7)
        if rows:
            self.ax.set_ylim(len(rows) - 0.5, -0.5)
        self.empty.set_visible(not rows)

    def animated(self) -> list:
        return self.bars + self.texts


class ActivationsPanel:
    """Activation histograms over time: a block of rows per layer, a column per snapshot.

    Each layer's rows cover a round range (Tanh [-1, 1], Sigmoid [0, 1], else around the
    1%-99% quantiles seen); ReLU's exact zeros are left out (the health panel counts them).
    """

    def __init__(self, ax) -> None:
        self.ax, self.mesh, self.labels = ax, None, None
        setup_axes(ax, "activation histograms over time (each column scaled to its peak; "
                   "ReLU: outputs > 0)")

    def update(self, dash) -> None:
        shown = dash.shown_layers([k for k, v in dash.activations.items() if v])
        if not shown:
            return
        steps = sorted({s.step for layer in shown for s in dash.activations[layer]})
        bins = dash.activation_bins
        blocks, labels = [], []
        for layer in shown:
            records = dash.activations[layer]
            kind = dash.activation_kinds[layer]
            quantiles = np.stack([s.quantiles for s in records])
            low, high = _round_range(kind, value_range(kind, quantiles))
            columns = np.full((bins, len(steps)), np.nan)
            columns[:, [steps.index(s.step) for s in records]] = histograms_over_time(
                kind, quantiles, bins, (low, high))
            blocks += [columns[::-1], np.full((1, len(steps)), np.nan)]
            labels.append(f"{dash.label(layer)}\n[{low:g}, {high:g}]")
        image = np.ma.masked_invalid(np.concatenate(blocks[:-1]))
        if self.mesh is not None:
            self.mesh.remove()
        self.mesh = self.ax.pcolormesh(_column_edges(steps), np.arange(image.shape[0] + 1), image,
                                       cmap="magma", vmin=0, vmax=1)
        if labels != self.labels:
            self.labels = labels
            self.ax.set_yticks([row * (bins + 1) + bins / 2 for row in range(len(shown))], labels,
                               fontsize=7)
            self.ax.set_ylim(image.shape[0], 0)
        set_step_limits(self.ax, steps)

    def animated(self) -> list:
        return [self.mesh] if self.mesh is not None else []


def _round_range(kind: str, bounds: tuple[float, float]) -> tuple[float, float]:
    """Widen (low, high) to round numbers, so the range (and the labels) rarely change."""
    low, high = bounds
    if kind in ("Tanh", "Sigmoid"):
        return low, high
    return (-nice_ceiling(-low) if low < 0 else 0.0), nice_ceiling(high)


def _column_edges(steps: list) -> np.ndarray:
    """Edges of one column per step: halfway between steps, half a gap beyond the ends."""
    steps = np.asarray(steps, dtype=np.float64)
    if len(steps) == 1:
        return np.array([steps[0] - 0.5, steps[0] + 0.5])
    middle = (steps[:-1] + steps[1:]) / 2
    return np.concatenate([[2 * steps[0] - middle[0]], middle, [2 * steps[-1] - middle[-1]]])


PANELS = {
    "loss": LossPanel,
    "lr": LearningRatePanel,
    "grad_norms": lambda ax: LayerLinesPanel(ax, "grad_norms", "gradient norm per layer (smoothed)",
                                             "‖g‖"),
    "weights": lambda ax: RidgelinePanel(ax, "weights", "weights per layer (latest)"),
    "grads": lambda ax: RidgelinePanel(ax, "grads", "gradients per layer (latest)"),
    "ratios": RatioPanel,
    "activation_health": HealthPanel,
    "activations": ActivationsPanel,
}
"""Panel name -> constructor taking an Axes, in dashboard order."""


def make_panel(name: str, ax):
    """The panel called `name` (a key of `PANELS`) drawn on `ax`."""
    return PANELS[name](ax)
