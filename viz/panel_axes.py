"""The axes of the dashboard's panels, set up once: round limits that change only when the
data leave them (steps to 1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 8 x 10^k, log axes to whole
decades), log scales with plain labels, and legends rebuilt only when their entries change."""
from __future__ import annotations

import math

import numpy as np
from matplotlib.ticker import LogFormatter, LogLocator, MaxNLocator, NullFormatter

__all__ = ["NICE", "nice_ceiling", "setup_axes", "set_scale", "set_step_limits",
           "set_value_limits", "set_legend", "with_legend"]

NICE = (1.0, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)


def nice_ceiling(x: float) -> float:
    """The smallest m·10^k >= x with m in `NICE` (1 for x <= 0)."""
    if not x > 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(x))
    return next(m * power for m in NICE if m * power >= x * (1 - 1e-9))


def setup_axes(ax, title: str, xlabel: str = "step", ylabel: str = "", log: bool = False) -> None:
    """Title, labels and scale of a panel whose limits the panel sets itself."""
    ax.set_title(title, y=1.0, fontsize=10)  # a fixed y skips a layout pass at every draw
    ax.set(xlabel=xlabel, ylabel=ylabel)
    ax.xaxis.set_major_locator(MaxNLocator(6, integer=True))
    set_scale(ax, log)
    ax.set_autoscale_on(False)  # the panels set round limits themselves


def set_scale(ax, log: bool) -> None:
    """Linear, or log with plain '1e-05' labels (mathtext labels cost a parse per draw)."""
    if log:
        ax.set_yscale("log")
        ax.yaxis.set_major_locator(LogLocator(numticks=6))
        ax.yaxis.set_major_formatter(LogFormatter(labelOnlyBase=True))
        ax.yaxis.set_minor_formatter(NullFormatter())
    else:
        ax.set_yscale("linear")
        ax.yaxis.set_major_locator(MaxNLocator(5))


def set_step_limits(ax, steps) -> None:
    """The step axis from 0 to a round number past the last step."""
    if len(steps):
        ax.set_xlim(0, nice_ceiling(max(steps)))


def set_value_limits(ax, *arrays, log: bool = False) -> None:
    """Round limits around the finite values: whole decades on a log axis, else half units."""
    values = np.concatenate([np.ravel(np.asarray(a, dtype=np.float64)) for a in arrays] or [[]])
    values = values[np.isfinite(values) & ((values > 0) if log else True)]
    if not values.size:
        return
    low, high = float(values.min()), float(values.max())
    if log:
        low, high = 10.0 ** math.floor(math.log10(low)), 10.0 ** math.ceil(math.log10(high))
        ax.set_ylim(low, high if high > low else low * 10)
        return
    unit = 10.0 ** math.floor(math.log10((high - low) or abs(high) or 1.0)) / 2
    ax.set_ylim(math.floor(low / unit) * unit, (math.floor(high / unit) + 1) * unit)


def set_legend(ax, memo: dict, handles: list, loc: str = "upper right") -> None:
    """Rebuild the legend only when its entries change; a fixed place (no 'best' search)."""
    key = tuple(h.get_label() for h in handles)
    if memo.get("legend") == key:
        return
    memo["legend"] = key
    if handles:
        ax.legend(handles=handles, fontsize=7, loc=loc, framealpha=0.8)
    elif ax.get_legend() is not None:
        ax.get_legend().remove()


def with_legend(ax, artists: list) -> list:
    """`artists` and the legend of `ax`, if it has one."""
    legend = ax.get_legend()
    return artists + ([legend] if legend is not None else [])
