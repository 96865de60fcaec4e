"""`TrainingDashboard`: live training plots for `nn.fit` or a manual loop, saved to files too."""
from __future__ import annotations

import math
import sys
import time
import warnings
from numbers import Real
from pathlib import Path

import numpy as np
from matplotlib import colormaps

import nn.module as nn_module

from viz.activation_health import ActivationMonitor
from viz.arguments import check_int, check_model, check_path
from viz.blit import BlitRenderer
from viz.dashboard_panels import PANELS, make_panel
from viz.figures import new_figure
from viz.notebook_output import after_cell, in_notebook, show_png

__all__ = ["TrainingDashboard", "update_ratio", "PANELS"]

GRID = {"loss": (0, 0), "lr": (0, 1), "grad_norms": (0, 2), "weights": (1, 0), "grads": (1, 1),
        "ratios": (1, 2), "activation_health": (2, 0), "activations": (2, slice(1, 3))}
"""Where each panel sits in the dashboard's 3 x 3 grid; `save` also writes each as <name>.png."""
FIRST_DRAW_ESTIMATE = 0.1
"""Seconds a redraw is assumed to take before one has been timed."""


def _layer_of(name: str) -> str:
    """'0.weight' -> '0': the module that owns the parameter (a top-level one is its own)."""
    return name.rpartition(".")[0] or name


def _norm(array) -> float:
    array = np.asarray(array, dtype=np.float64)
    return float(np.sqrt(np.sum(array * array)))


def update_ratio(grad_norm: float, weight_norm: float, lr: float | None) -> float:
    """‖lr·g‖/‖w‖ of a layer (‖g‖/‖w‖ without an lr), inf for zero weights: `viz.layer_stats`'s
    ratio, from the layer's gradient and weight norms (all its parameters together)."""
    scale = lr if lr is not None else 1.0
    return scale * grad_norm / weight_norm if weight_norm > 0 else math.inf


def _check_fraction(name: str, value: float) -> float:
    if not 0.0 < value <= 1.0:
        raise ValueError(f"TrainingDashboard: {name} must be in (0, 1], got {value!r}")
    return float(value)


class TrainingDashboard:
    """Training curves, per-layer gradients and weights, update ratios and activation health.

    Panels (see `GRID`): the loss (batch, rolling mean, validation); the learning rate; each
    layer's gradient norm, smoothed on a log axis (at most `max_layers` lines, the other
    layers as one grey band); per-layer histograms of weights and of gradients, each over its
    own range and scaled to its own peak; the update ratio ‖lr·g‖/‖w‖ per layer over time
    (`update_ratio`, the per-layer ratio of `viz.layer_stats`; it follows the learning rate,
    so a schedule that decays to 0 takes it towards 0 too); the health of each activation
    module (% of saturated Tanh/Sigmoid outputs, % of dead ReLU units, in red past
    `saturation_warning` / `dead_warning`, with a message in the figure and a `warnings.warn`
    once per layer); and the histograms of every activation over time.

    As an `nn.fit` callback it reads the batch logs (loss, lr, per-parameter gradient norms)
    and hooks the model (gradients of the parameters, outputs of the activation modules). In
    a manual loop call `log(step, loss=..., lr=..., model=...)` after `backward()`, before
    `zero_grad()`. Every `every` steps it records a snapshot (histograms, ratios, activation
    health); in a notebook (`live`) it also redraws in place, skipping redraws that would
    take more than `max_draw_fraction` of the time (a skipped one is drawn when the cell or
    the training ends). Elsewhere nothing is drawn until `figure()` or `save(folder)`.

    Example:
        >>> dash = viz.TrainingDashboard(every=20)
        >>> nn.fit(model, loss_fn, optimizer, data, epochs=5, callbacks=[dash])
        >>> dash.save("runs/today")   # loss.png, lr.png, ..., activations.png, dashboard.png
    """

    def __init__(self, every: int = 10, live: bool | None = None, bins: int = 40,
                 max_layers: int = 8, saturation_warning: float = 0.25,
                 dead_warning: float = 0.5, max_draw_fraction: float = 0.1) -> None:
        for name, value in (("every", every), ("bins", bins), ("max_layers", max_layers)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"TrainingDashboard: {name} must be a positive int, got {value!r}")
        self.every, self.bins, self.max_layers = every, bins, max_layers
        self.live = in_notebook() if live is None else bool(live)
        self.saturation_warning = _check_fraction("saturation_warning", saturation_warning)
        self.dead_warning = _check_fraction("dead_warning", dead_warning)
        self.max_draw_fraction = _check_fraction("max_draw_fraction", max_draw_fraction)
        self.activation_bins = 24
        self.steps: list[int] = []
        self.losses: list[float] = []
        self.val_losses: list[tuple[int, float]] = []
        self.lrs: list[tuple[int, float]] = []
        self.lr: float | None = None
        self.grad_norms: dict[str, list[tuple[int, float]]] = {}
        self.ratios: dict[str, list[tuple[int, float]]] = {}
        self.weights: dict[str, np.ndarray] = {}
        self.grads: dict[str, np.ndarray] = {}
        self.activations: dict[str, list] = {}
        self.problems: list[str] = []
        self.layer_types: dict[str, str] = {}
        self._monitor = ActivationMonitor()
        self._warned: set[tuple[str, str]] = set()
        self._snapshot_steps: list[int] = []
        self._state = None
        self._captured: dict[str, np.ndarray] = {}
        self._captured_for: int | None = None
        self._handles: list = []
        self._figure = None
        self._panels: dict = {}
        self._title = self._message = self._renderer = None
        self._display = None
        self._pending = False
        self._draw_seconds = FIRST_DRAW_ESTIMATE
        self._last_draw_end: float | None = None

    # --- what the panels read ---------------------------------------------------------------
    @property
    def activation_kinds(self) -> dict[str, str]:
        """{activation module name: class name} of the watched activation modules."""
        return self._monitor.kinds

    def label(self, layer: str) -> str:
        """'0 Linear': the module name and its class (the class alone for the root module)."""
        kind = self.layer_types.get(layer) or self.activation_kinds.get(layer, "")
        return f"{layer} {kind}".strip() if layer else kind or "model"

    def colour(self, layer: str):
        """A colour per layer, the same in every panel: by position among the parameter
        layers, or among the activation layers."""
        family = list(self.activation_kinds if layer in self.activation_kinds else self.layer_types)
        if layer not in family:
            family.append(layer)
        cmap = colormaps["tab10" if len(family) <= 10 else "tab20"]
        return cmap(family.index(layer) % cmap.N)

    def shown_layers(self, layers: list[str]) -> list[str]:
        """At most `max_layers` of `layers`: all if few, else evenly spread, first and last kept."""
        if len(layers) <= self.max_layers:
            return list(layers)
        picks = np.unique(np.linspace(0, len(layers) - 1, self.max_layers).round().astype(int))
        return [layers[i] for i in picks]

    def health_rows(self) -> list[tuple[str, float, float]]:
        """(label, latest fraction, warning level) per shown activation layer with a measure."""
        rows = []
        for layer in self.shown_layers([k for k, v in self.activations.items() if v]):
            latest = self.activations[layer][-1]
            if latest.saturated is not None:
                rows.append((f"{self.label(layer)} saturated", latest.saturated,
                             self.saturation_warning))
            if latest.dead is not None:
                rows.append((f"{self.label(layer)} dead units", latest.dead, self.dead_warning))
        return rows

    # --- manual loop ------------------------------------------------------------------------
    def watch(self, model) -> None:
        """Learn the layers of `model` and hook its activation modules (`log` does it too)."""
        check_model("TrainingDashboard.watch", model)
        for name, module in model.named_modules():
            if next(module.named_parameters(recurse=False), None) is not None:
                self.layer_types[name] = type(module).__name__
        self._monitor.attach(model)

    def log(self, step: int, loss: float | None = None, val_loss: float | None = None,
            lr: float | None = None, model=None, grad_norms: dict | None = None) -> None:
        """Record one step.

        Args:
            step: the step number (snapshots are taken every `every` steps, and at the first).
            loss, val_loss, lr: floats, any of them None.
            model: after backward, before zero_grad: gives the gradient norms, the
                histograms and (from the second step on) the activations.
            grad_norms: {parameter name: norm}, the norms without a model.
        """
        check_int("TrainingDashboard.log", "step", step, 0)
        for name, value in (("loss", loss), ("val_loss", val_loss), ("lr", lr)):
            if value is not None and (isinstance(value, bool) or not isinstance(value, Real)):
                raise TypeError(f"TrainingDashboard.log: {name} must be a number or None, got "
                                f"{value!r}")
        if model is not None:
            self.watch(model)
            if grad_norms is None:
                grad_norms = {name: _norm(p.grad.numpy(force=True))
                              for name, p in model.named_parameters() if p.grad is not None}
        self._record(step, loss, lr, grad_norms)
        if val_loss is not None:
            self.val_losses.append((step, float(val_loss)))
        if model is not None and self._due(step):
            self._snapshot(step, model, {name: p.grad.numpy(force=True) for name, p in
                                         model.named_parameters() if p.grad is not None})
            self._maybe_redraw()

    def _record(self, step: int, loss, lr, grad_norms) -> None:
        if loss is not None:
            self.steps.append(step)
            self.losses.append(float(loss))
        if lr is not None:
            self.lr = float(lr)
            self.lrs.append((step, self.lr))
        per_layer: dict[str, float] = {}
        for name, norm in (grad_norms or {}).items():
            if norm is not None:
                per_layer[_layer_of(name)] = per_layer.get(_layer_of(name), 0.0) + float(norm) ** 2
        for layer, total in per_layer.items():
            self.grad_norms.setdefault(layer, []).append((step, math.sqrt(total)))

    def _due(self, step: int) -> bool:
        return not self._snapshot_steps or step % self.every == 0

    def _snapshot(self, step: int, model, grads: dict) -> None:
        """Histograms, update ratios and activation health at `step`; warn of sick layers."""
        weights, layer_grads = {}, {}
        for name, param in model.named_parameters():
            weights.setdefault(_layer_of(name), []).append(np.ravel(param.numpy(force=True)))
            if name in grads:
                layer_grads.setdefault(_layer_of(name), []).append(np.ravel(grads[name]))
        self.weights = {k: np.concatenate(v) for k, v in weights.items()}
        if layer_grads:
            self.grads = {k: np.concatenate(v) for k, v in layer_grads.items()}
            for layer, values in self.grads.items():
                ratio = update_ratio(_norm(values), _norm(self.weights[layer]), self.lr)
                self.ratios.setdefault(layer, []).append((step, ratio))
        for layer, stats in self._monitor.measure(step).items():
            self.activations.setdefault(layer, []).append(stats)
        self._snapshot_steps.append(step)
        self._check_health(step)

    def _check_health(self, step: int) -> None:
        self.problems = []
        for layer, records in self.activations.items():
            latest = records[-1]
            if latest.step != step:
                continue
            for kind, value, limit, words in (
                    ("saturated", latest.saturated, self.saturation_warning,
                     "of its outputs saturated"),
                    ("dead", latest.dead, self.dead_warning,
                     "of its units dead (0 for the whole batch)")):
                if value is None or value < limit:
                    continue
                message = f"layer {self.label(layer)}: {value:.0%} {words} at step {step}"
                self.problems.append(message)
                if (layer, kind) not in self._warned:
                    self._warned.add((layer, kind))
                    warnings.warn(f"TrainingDashboard: {message}", RuntimeWarning,
                                  stacklevel=_caller_level())

    # --- nn.fit callbacks -------------------------------------------------------------------
    def on_train_begin(self, state) -> None:
        """Hook the model: its activations, and its parameters' gradients on snapshot steps."""
        self._state = state
        self.watch(state.model)
        for name, param in state.model.named_parameters():
            if param.requires_grad:
                self._handles.append(param.register_hook(self._capture(name)))

    def _capture(self, name: str):
        def hook(grad) -> None:
            upcoming = self._state.step + 1
            if not self._due(upcoming):
                return
            if self._captured_for != upcoming:
                self._captured, self._captured_for = {}, upcoming
            array = grad.numpy(force=True)
            previous = self._captured.get(name)  # a copy: the engine may reuse the array
            self._captured[name] = array.copy() if previous is None else previous + array
        return hook

    def on_batch_end(self, step: int, logs: dict) -> None:
        self._record(step, logs.get("loss"), logs.get("lr"), logs.get("grad_norms"))
        if logs.get("stepped") and self._due(step):
            grads = self._captured if self._captured_for == step else {}
            self._snapshot(step, self._state.model, grads)
            self._maybe_redraw()

    def on_epoch_end(self, epoch: int, logs: dict) -> None:
        if logs.get("val_loss") is not None:
            step = self.steps[-1] if self.steps else epoch
            self.val_losses.append((step, float(logs["val_loss"])))

    def on_train_end(self, state) -> None:
        for handle in self._handles:
            handle.remove()
        self._handles = []
        if self.steps and self.steps[-1] not in self._snapshot_steps:
            self._snapshot(self.steps[-1], state.model, {})
        self._monitor.detach()
        if self.live:
            self.refresh()

    def close(self) -> None:
        """Remove every hook this dashboard put on a model (manual loops; `fit` does it)."""
        for handle in self._handles:
            handle.remove()
        self._handles = []
        self._monitor.detach()

    # --- figures ----------------------------------------------------------------------------
    def figure(self):
        """The dashboard, all panels in one Figure, brought up to date (the same Figure always)."""
        if self._figure is None:
            self._figure = new_figure(figsize=(16, 11), dpi=90)
            grid = self._figure.add_gridspec(3, 3, left=0.07, right=0.985, top=0.91,
                                             bottom=0.06, wspace=0.42, hspace=0.42)
            self._panels = {name: make_panel(name, self._figure.add_subplot(grid[GRID[name]]))
                            for name in PANELS}
            self._title = self._figure.suptitle("")
            self._message = self._figure.text(0.5, 0.945, "", ha="center", va="center",
                                              color="tab:red", fontsize=10)
            self._renderer = BlitRenderer(self._figure)
        for panel in self._panels.values():
            panel.update(self)
        self._title.set_text(f"training dashboard — step {self.steps[-1] if self.steps else 0}")
        self._message.set_text("⚠ " + ";  ".join(self.problems[:3]) if self.problems else "")
        return self._figure

    def figures(self) -> dict:
        """Each panel as its own new Figure, keyed by name (see `GRID`)."""
        out = {}
        for name in PANELS:
            fig = new_figure(figsize=(10, 4) if name == "activations" else (6, 4),
                             layout="constrained")
            make_panel(name, fig.subplots()).update(self)
            out[name] = fig
        return out

    def save(self, folder) -> list[Path]:
        """Write every panel as `<name>.png` and the whole dashboard as `dashboard.png`."""
        folder = Path(check_path("TrainingDashboard.save", "folder", folder))
        folder.mkdir(parents=True, exist_ok=True)
        paths = []
        for name, fig in self.figures().items():
            paths.append(folder / f"{name}.png")
            fig.savefig(paths[-1], dpi=100)
        paths.append(folder / "dashboard.png")
        self.figure().savefig(paths[-1], dpi=100)
        return paths

    def png(self) -> bytes:
        """The dashboard as PNG bytes, as a notebook shows it: only what changed is redrawn."""
        self.figure()
        animated = [a for panel in self._panels.values() for a in panel.animated()]
        return self._renderer.png(animated + [self._title, self._message])

    def refresh(self) -> None:
        """Redraw now, in place in the notebook output (the first call creates the output)."""
        start = time.perf_counter()
        self._display = show_png(self.png(), self._display)
        self._last_draw_end = time.perf_counter()
        self._draw_seconds = self._last_draw_end - start
        self._pending = False

    def _maybe_redraw(self) -> None:
        """Redraw if live and the drawing time stays under `max_draw_fraction` of the time."""
        if not self.live:
            return
        now = time.perf_counter()
        if self._last_draw_end is None:
            self._last_draw_end = now  # the clock starts at the first snapshot
        wait = self._draw_seconds * (1 - self.max_draw_fraction) / self.max_draw_fraction
        if now - self._last_draw_end >= wait:
            self.refresh()
        elif not self._pending:
            self._pending = True
            after_cell(self._flush)

    def _flush(self, *_result) -> None:
        if self._pending:
            self.refresh()

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.figure())


def _caller_level() -> int:
    """The warnings stacklevel of the first caller outside viz and nn (the user's line)."""
    inside = (str(Path(__file__).parent), str(Path(nn_module.__file__).parent))
    frame, level = sys._getframe(1), 1
    while frame is not None and frame.f_code.co_filename.startswith(inside):
        frame, level = frame.f_back, level + 1
    return level
