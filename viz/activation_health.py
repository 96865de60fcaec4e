"""Activation health: saturated tanh/sigmoid outputs, dead ReLU units, activation distributions.

`ActivationMonitor` hooks the activation modules of a model (forward hooks, no copy: it keeps
a reference to each one's latest training output) and, when asked, measures them:

- saturation (Tanh, Sigmoid): the fraction of outputs in the flat tails, |tanh| > 0.97 or
  sigmoid outside [0.03, 0.97], where the local derivative is below ~0.06 and gradients fade;
- dead units (ReLU): the fraction of units (features of a Linear layer, channels of a
  convolution: dim 1) that are zero for every example of the batch, so they pass no gradient;
- the distribution: 101 quantiles (0%, 1%, ..., 100%) of the outputs, enough to redraw a
  histogram over any range later (`histograms_over_time`).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nn.activation import GELU, LeakyReLU, ReLU, Sigmoid, Tanh

__all__ = ["ActivationMonitor", "ActivationStats", "saturated_fraction", "dead_unit_fraction",
           "histograms_over_time", "value_range", "QUANTILES", "TANH_SATURATION",
           "SIGMOID_SATURATION"]

WATCHED = (ReLU, LeakyReLU, Sigmoid, Tanh, GELU)
"""The modules whose outputs are watched."""
TANH_SATURATION = 0.97
"""|tanh(x)| above this is saturated (the derivative 1 - tanh² is below 0.06)."""
SIGMOID_SATURATION = (0.03, 0.97)
"""sigmoid(x) outside this interval is saturated (the derivative s(1 - s) is below 0.03)."""
KNOWN_RANGES = {"Tanh": (-1.0, 1.0), "Sigmoid": (0.0, 1.0)}
QUANTILES = np.linspace(0.0, 1.0, 101)
MAX_VALUES = 65536
"""Quantiles of larger outputs are taken over an evenly strided subset of this many values."""


@dataclass
class ActivationStats:
    """One layer's outputs at one step.

    saturated: fraction of saturated outputs (Tanh, Sigmoid), else None.
    dead: fraction of dead units (ReLU), else None.
    quantiles: the outputs' quantiles at `QUANTILES`, shape (101,).
    """

    step: int
    saturated: float | None
    dead: float | None
    quantiles: np.ndarray


def saturated_fraction(kind: str, values: np.ndarray) -> float | None:
    """Fraction of `values` in the flat tails of a 'Tanh' or 'Sigmoid'; None for other kinds."""
    if kind == "Tanh":
        return float(np.mean(np.abs(values) > TANH_SATURATION))
    if kind == "Sigmoid":
        low, high = SIGMOID_SATURATION
        return float(np.mean((values < low) | (values > high)))
    return None


def dead_unit_fraction(values: np.ndarray) -> float:
    """Fraction of units (dim 1; dim 0 for a 1-d output) that are 0 for the whole batch."""
    if values.ndim < 2:
        return float(np.mean(values == 0))
    other_axes = tuple(axis for axis in range(values.ndim) if axis != 1)
    return float(np.mean(np.all(values == 0, axis=other_axes)))


def _quantiles(values: np.ndarray) -> np.ndarray:
    flat = values.ravel()
    if flat.size > MAX_VALUES:
        flat = flat[:: -(-flat.size // MAX_VALUES)]
    flat = flat[np.isfinite(flat)]
    if flat.size == 0:
        return np.full(QUANTILES.size, np.nan)
    return np.quantile(flat.astype(np.float64), QUANTILES)


class ActivationMonitor:
    """Forward hooks on a model's activation modules; `measure` summarises their latest outputs.

    Attributes:
        kinds: {module name: class name ('ReLU', 'Tanh', ...)} of the watched modules, in
            registration order.
    """

    def __init__(self) -> None:
        self.kinds: dict[str, str] = {}
        self._latest: dict[str, object] = {}
        self._handles: list = []

    def attach(self, model) -> None:
        """Watch every activation module of `model` (once; a second call does nothing)."""
        if self._handles:
            return
        for name, module in model.named_modules():
            if isinstance(module, WATCHED):
                self.kinds[name] = type(module).__name__
                self._handles.append(module.register_forward_hook(self._keeper(name)))

    def detach(self) -> None:
        """Remove the hooks and forget the kept outputs."""
        for handle in self._handles:
            handle.remove()
        self._handles = []
        self._latest = {}

    def _keeper(self, name: str):
        def hook(module, args, output) -> None:
            if module.training:  # evaluation passes are not training's activations
                self._latest[name] = output
        return hook

    def measure(self, step: int) -> dict[str, ActivationStats]:
        """Statistics of each watched layer's latest training output (layers not run: absent)."""
        stats = {}
        for name, output in self._latest.items():
            values = output.numpy(force=True)
            kind = self.kinds[name]
            stats[name] = ActivationStats(step, saturated_fraction(kind, values),
                                          dead_unit_fraction(values) if kind == "ReLU" else None,
                                          _quantiles(values))
        self._latest = {}
        return stats


def value_range(kind: str, quantiles: np.ndarray) -> tuple[float, float]:
    """The range to histogram a layer's outputs over, from its quantiles (steps, 101).

    Tanh and Sigmoid: their output range. ReLU: 0 to the largest 99% quantile seen. Others:
    the smallest 1% quantile to the largest 99% quantile seen.
    """
    if kind in KNOWN_RANGES:
        return KNOWN_RANGES[kind]
    seen = quantiles[np.isfinite(quantiles).all(axis=1)]
    if not seen.size:
        return 0.0, 1.0
    low = 0.0 if kind == "ReLU" else float(seen[:, 1].min())
    return low, float(seen[:, -2].max())


def histograms_over_time(kind: str, quantiles: np.ndarray, bins: int,
                         bounds: tuple[float, float] | None = None) -> np.ndarray:
    """Histograms rebuilt from quantiles, one column per recorded step.

    Between two consecutive quantiles the values are taken as spread evenly (1% of them);
    equal quantiles are a point mass. ReLU's exact zeros are left out: they would swamp the
    rest, and `dead_unit_fraction` speaks of them.

    Args:
        kind: the activation's class name.
        quantiles: shape (steps, 101), `ActivationStats.quantiles` stacked.
        bins: number of bins over `bounds`, (low, high); by default
            `value_range(kind, quantiles)`. Values outside count in the end bins.

    Returns:
        density of shape (bins, steps), each column scaled to a maximum of 1 (row 0 holds
        the lowest values); a column of NaN where the outputs were not finite.
    """
    low, high = bounds if bounds is not None else value_range(kind, quantiles)
    if high <= low:
        low, high = low - 0.5, high + 0.5
    inner = np.linspace(low, high, bins + 1)[1:-1]
    start, stop = quantiles[:, :-1, None], quantiles[:, 1:, None]
    width = stop - start
    with np.errstate(divide="ignore", invalid="ignore"):
        spread = np.clip((inner - start) / np.where(width > 0, width, 1.0), 0.0, 1.0)
    below = np.where(width > 0, spread, inner >= start).mean(axis=1)  # (steps, bins - 1)
    floor = (quantiles[:, 1:] <= 0).mean(axis=1, keepdims=True) if kind == "ReLU" else 0.0
    cdf = np.concatenate([np.zeros((len(quantiles), 1)) + floor, np.maximum(below, floor),
                          np.ones((len(quantiles), 1))], axis=1)
    mass = np.diff(cdf, axis=1)
    peak = mass.max(axis=1, keepdims=True)
    density = mass / np.where(peak > 0, peak, 1.0)
    density[~np.isfinite(quantiles).all(axis=1)] = np.nan
    return density.T
