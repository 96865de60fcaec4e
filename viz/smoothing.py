"""Smoothing of noisy training curves for the dashboard: a NaN-aware trailing mean, and the
same in log space for norms that span decades."""
from __future__ import annotations

import numpy as np

__all__ = ["rolling_mean", "smoothing_window", "log_smoothed"]


def rolling_mean(values, window: int) -> np.ndarray:
    """Trailing mean over `window` points, ignoring NaN; the first points average what exists."""
    values = np.asarray(values, dtype=np.float64)
    good = np.isfinite(values)
    sums = np.cumsum(np.where(good, values, 0.0))
    counts = np.cumsum(good)
    lagged_sums = np.concatenate([np.zeros(window), sums])[:len(values)]
    lagged_counts = np.concatenate([np.zeros(window), counts])[:len(values)]
    n = counts - lagged_counts
    return np.where(n > 0, (sums - lagged_sums) / np.maximum(n, 1), np.nan)


def smoothing_window(n: int) -> int:
    """About 1/25 of the points, at least 1."""
    return max(1, n // 25)


def log_smoothed(values) -> np.ndarray:
    """Rolling mean in log10 space (a geometric mean), right for norms spanning decades;
    zero and non-finite values are skipped."""
    values = np.asarray(values, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        logs = np.where(values > 0, np.log10(values), np.nan)
    return 10 ** rolling_mean(logs, smoothing_window(len(values)))
