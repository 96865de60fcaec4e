"""`TrainingDashboard`: live training plots for `nn.fit` or a manual loop, saved to files too."""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from viz.figures import new_figure

__all__ = ["TrainingDashboard"]

PANELS = ("loss", "lr", "grad_norms", "weights", "grads", "ratios")
"""The figures, in dashboard order; `save` writes each as `<name>.png` plus `dashboard.png`."""


def _in_notebook() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"


def _layer_of(name: str) -> str:
    """'0.weight' -> '0'; a top-level parameter is its own layer."""
    return name.rpartition(".")[0] or name


class TrainingDashboard:
    """Training curves, per-layer gradient norms and weight/gradient histograms, live.

    As an `nn.fit` callback it reads the batch logs (loss, lr, per-parameter gradient
    norms) and, through gradient hooks on the model's parameters, the latest gradients. In
    a manual loop call `log(step, loss=..., lr=..., model=...)` after `backward()` (before
    `zero_grad`). In Jupyter the figure refreshes in place every `every` steps; elsewhere
    nothing is shown (matplotlib's Agg canvas is used) and `save(folder)` writes the files.

    Example:
        >>> dash = viz.TrainingDashboard(every=20)
        >>> nn.fit(model, loss_fn, optimizer, data, epochs=5, callbacks=[dash])
        >>> dash.save("runs/today")   # loss.png, lr.png, grad_norms.png, ... dashboard.png
    """

    def __init__(self, every: int = 10, live: bool | None = None, bins: int = 40) -> None:
        self.every = every
        self.live = _in_notebook() if live is None else live
        self.bins = bins
        self.steps: list[int] = []
        self.losses: list[float] = []
        self.val_losses: list[tuple[int, float]] = []
        self.lrs: list[tuple[int, float]] = []
        self.grad_norms: dict[str, list[tuple[int, float]]] = {}
        self.weights: dict[str, list[np.ndarray]] = {}
        self.grads: dict[str, list[np.ndarray]] = {}
        self.lr: float | None = None
        self._model = None
        self._captured: dict[str, np.ndarray] = {}
        self._handles: list = []
        self._display = None

    # --- manual loop ----------------------------------------------------------------------
    def log(self, step: int, loss: float | None = None, val_loss: float | None = None,
            lr: float | None = None, model=None, grad_norms: dict | None = None) -> None:
        """Record one step. `model` (after backward) gives gradient norms and histograms;
        `grad_norms` ({parameter name: norm}) gives the norms without a model."""
        if loss is not None:
            self.steps.append(step)
            self.losses.append(float(loss))
        if val_loss is not None:
            self.val_losses.append((step, float(val_loss)))
        if lr is not None:
            self.lr = float(lr)
            self.lrs.append((step, self.lr))
        if model is not None:
            self._snapshot(model, self._captured or None)
            if grad_norms is None:
                grad_norms = {name: _norm(grad) for name, grad in self._param_grads(model).items()}
        if grad_norms:
            per_layer: dict[str, float] = {}
            for name, norm in grad_norms.items():
                if norm is not None:
                    per_layer[_layer_of(name)] = per_layer.get(_layer_of(name), 0.0) + float(norm) ** 2
            for layer, total in per_layer.items():
                self.grad_norms.setdefault(layer, []).append((step, math.sqrt(total)))
        if self.live and step % self.every == 0:
            self.refresh()

    def _param_grads(self, model) -> dict:
        if self._captured:
            return dict(self._captured)
        return {name: p._grad.data for name, p in model.named_parameters() if p._grad is not None}

    def _snapshot(self, model, grads: dict | None) -> None:
        """Keep the current weights and gradients per layer for the histograms."""
        weights: dict[str, list] = {}
        layer_grads: dict[str, list] = {}
        grads = grads if grads is not None else self._param_grads(model)
        for name, param in model.named_parameters():
            layer = _layer_of(name)
            weights.setdefault(layer, []).append(np.ravel(param.data))
            if name in grads:
                layer_grads.setdefault(layer, []).append(np.ravel(grads[name]))
        self.weights = {k: np.concatenate(v) for k, v in weights.items()}
        self.grads = {k: np.concatenate(v) for k, v in layer_grads.items()}

    # --- nn.fit callbacks -----------------------------------------------------------------
    def on_train_begin(self, state) -> None:
        """Hook the model's parameters so the latest gradients are seen before zero_grad."""
        self._model = state.model
        for name, param in state.model.named_parameters():
            if param.requires_grad:
                self._handles.append(param.register_hook(self._capture(name)))

    def _capture(self, name: str):
        def hook(grad) -> None:
            self._captured[name] = grad.data
        return hook

    def on_batch_end(self, step: int, logs: dict) -> None:
        self.log(step, loss=logs.get("loss"), lr=logs.get("lr"), grad_norms=logs.get("grad_norms"),
                 model=self._model if logs.get("stepped") else None)

    def on_epoch_end(self, epoch: int, logs: dict) -> None:
        if logs.get("val_loss") is not None:
            self.val_losses.append((self.steps[-1] if self.steps else epoch, float(logs["val_loss"])))
        if self.live:
            self.refresh()

    def on_train_end(self, state) -> None:
        for handle in self._handles:
            handle.remove()
        self._handles = []
        if self.live:
            self.refresh()

    # --- figures --------------------------------------------------------------------------
    def figure(self):
        """All panels in one matplotlib Figure (2 rows of 3)."""
        fig = new_figure(figsize=(15, 8), layout="constrained")
        for ax, panel in zip(fig.subplots(2, 3).ravel(), PANELS):
            getattr(self, "_plot_" + panel)(ax)
        fig.suptitle(f"training dashboard — step {self.steps[-1] if self.steps else 0}")
        return fig

    def figures(self) -> dict:
        """Each panel as its own Figure, keyed by name (see `PANELS`)."""
        out = {}
        for panel in PANELS:
            fig = new_figure(figsize=(6, 4), layout="constrained")
            getattr(self, "_plot_" + panel)(fig.subplots())
            out[panel] = fig
        return out

    def save(self, folder) -> list[Path]:
        """Write every panel as `<name>.png` and the whole dashboard as `dashboard.png`."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        paths = []
        for name, fig in self.figures().items():
            path = folder / f"{name}.png"
            fig.savefig(path, dpi=100)
            paths.append(path)
        path = folder / "dashboard.png"
        self.figure().savefig(path, dpi=100)
        paths.append(path)
        return paths

    def refresh(self) -> None:
        """Redraw the dashboard in the notebook output (in place after the first time)."""
        from IPython.display import display

        fig = self.figure()
        if self._display is None:
            self._display = display(fig, display_id=True)
        else:
            self._display.update(fig)

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.figure())

    def _plot_loss(self, ax) -> None:
        if self.losses:
            ax.plot(self.steps, self.losses, lw=0.8, alpha=0.5, label="loss (batch)")
            window = max(1, len(self.losses) // 20)
            if window > 1:
                smooth = np.convolve(self.losses, np.ones(window) / window, mode="valid")
                ax.plot(self.steps[window - 1:], smooth, lw=1.8, label=f"loss (mean of {window})")
        if self.val_losses:
            steps, values = zip(*self.val_losses)
            ax.plot(steps, values, "o-", color="tab:red", label="validation loss")
        if self.losses and min(self.losses) > 0 and max(self.losses) / min(self.losses) > 100:
            ax.set_yscale("log")
        ax.set(title="loss", xlabel="step")
        _legend(ax)

    def _plot_lr(self, ax) -> None:
        if self.lrs:
            steps, values = zip(*self.lrs)
            ax.plot(steps, values, color="tab:green")
        ax.set(title="learning rate", xlabel="step")

    def _plot_grad_norms(self, ax) -> None:
        for layer, points in self.grad_norms.items():
            steps, values = zip(*points)
            values = np.array(values, dtype=float)
            values[values <= 0] = np.nan  # zero norms have no place on a log axis
            ax.plot(steps, values, lw=1, label=layer)
        if self.grad_norms:
            ax.set_yscale("log")
        ax.set(title="gradient norm per layer", xlabel="step")
        _legend(ax)

    def _plot_weights(self, ax) -> None:
        for layer, values in self.weights.items():
            ax.hist(values, bins=self.bins, histtype="step", label=layer)
        ax.set(title="weights (latest)", xlabel="value")
        _legend(ax)

    def _plot_grads(self, ax) -> None:
        for layer, values in self.grads.items():
            magnitude = np.abs(values[np.isfinite(values)])
            magnitude = magnitude[magnitude > 0]
            if magnitude.size:
                ax.hist(np.log10(magnitude), bins=self.bins, histtype="step", label=layer)
        ax.set(title="gradients (latest), log10 |g|", xlabel="log10 |g|")
        _legend(ax)

    def _plot_ratios(self, ax) -> None:
        layers = [layer for layer in self.weights if layer in self.grads]
        scale = self.lr if self.lr is not None else 1.0
        ratios = [scale * _norm(self.grads[k]) / max(_norm(self.weights[k]), 1e-30) for k in layers]
        if layers:
            ax.bar(range(len(layers)), ratios, color="tab:purple")
            ax.set_xticks(range(len(layers)), layers, rotation=45, ha="right", fontsize=8)
            if all(r > 0 for r in ratios):
                ax.set_yscale("log")
            if self.lr is not None:
                ax.axhline(1e-3, color="grey", ls="--", lw=1)
        ax.set(title="update ratio ‖lr·g‖/‖w‖ (latest)" if self.lr is not None
               else "‖g‖/‖w‖ (latest)")


def _legend(ax) -> None:
    if ax.get_legend_handles_labels()[0]:
        ax.legend(fontsize=7)


def _norm(array) -> float:
    array = np.asarray(array, dtype=np.float64)
    return float(np.sqrt(np.sum(array * array)))
