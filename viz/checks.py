"""The stepper's numeric check: central differences against the analytic gradient of a leaf."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from autograd import Tensor, no_grad
from viz.text import format_array

__all__ = ["GradCheck", "numeric_grad"]


@dataclass
class GradCheck:
    """Numeric against analytic gradient of one leaf: `rel_diff` = ‖a − n‖ / (‖a‖ + ‖n‖)."""

    name: str
    analytic: np.ndarray
    numeric: np.ndarray
    rel_diff: float

    @property
    def ok(self) -> bool:
        return self.rel_diff < 1e-3

    def __str__(self) -> str:
        verdict = "ok" if self.ok else "MISMATCH"
        return (f"check {self.name}: analytic {format_array(self.analytic)}, numeric "
                f"{format_array(self.numeric)}, rel diff {self.rel_diff:.1e} {verdict}")


def numeric_grad(fn, leaf: Tensor, eps: float, seed: np.ndarray) -> np.ndarray:
    """Central differences of sum(seed · fn()) for every element of `leaf` (restored after)."""
    data = leaf.numpy(force=True)
    numeric = np.zeros(data.shape, dtype=np.float64)
    weights = np.asarray(seed, dtype=np.float64)

    def value() -> float:
        return float(np.sum(np.asarray(fn().numpy(force=True), dtype=np.float64) * weights))

    with no_grad():
        for index in np.ndindex(*data.shape):
            original = data[index]
            data[index] = original + eps
            plus = value()
            data[index] = original - eps
            minus = value()
            data[index] = original
            numeric[index] = (plus - minus) / (2 * eps)
    return numeric
