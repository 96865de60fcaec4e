"""Small helpers shared by the benchmark sections: timing, PyTorch detection, tables."""

from __future__ import annotations

import statistics
import time
from typing import Any, Callable, Mapping, Sequence

__all__ = ["median_time", "torch_available", "import_torch", "format_seconds", "print_table"]


def median_time(fn: Callable[[], Any], repeat: int = 5, number: int = 1) -> float:
    """Median seconds per call of ``fn()``.

    ``fn`` is called once to warm up, then timed ``repeat`` times in batches of ``number``
    calls with ``time.perf_counter``; the median batch time divided by ``number`` is returned.
    """
    if repeat < 1 or number < 1:
        raise ValueError(f"repeat and number must be >= 1, got {repeat} and {number}")
    fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        times.append((time.perf_counter() - start) / number)
    return statistics.median(times)


def torch_available() -> bool:
    """True when PyTorch can be imported."""
    return import_torch() is not None


def import_torch():
    """PyTorch set to one thread (faster on these small cases, and a fair comparison), or None."""
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(1)
    return torch


def format_seconds(seconds: float) -> str:
    """``1.5e-5`` -> ``'15.0 us'``: a duration with a readable unit."""
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("us", 1e-6)):
        if abs(seconds) >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def _cell(value: Any, ratio: bool) -> str:
    if value is None:
        return "-"
    if ratio and isinstance(value, (int, float)):
        return f"{value:.2f}x"
    if isinstance(value, float):
        return format_seconds(value)
    return str(value)


def print_table(title: str, rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> None:
    """Print ``rows`` (dicts keyed by column name) as an aligned table under ``title``.

    Cell formats: a float is a time in seconds (shown with a unit), other values as they are,
    a missing value as ``-``.  A column named ``"a/b"``, where ``a`` and ``b`` are columns,
    is a ratio column: it shows ``row["a/b"]`` if given, else ``row["a"] / row["b"]``, as
    ``0.42x`` (below 1 means ``a`` is faster when they are times).

    Example::

        print_table("small ops", [{"case": "8x8", "ours": 2e-5, "torch": 4e-5}],
                    ["case", "ours", "torch", "ours/torch"])
    """
    table = []
    for row in rows:
        cells = []
        for col in columns:
            value = row.get(col)
            is_ratio = "/" in col
            if value is None and is_ratio:
                num, _, den = col.partition("/")
                a, b = row.get(num), row.get(den)
                if isinstance(a, (int, float)) and isinstance(b, (int, float)) and b:
                    value = a / b
            cells.append(_cell(value, is_ratio))
        table.append(cells)
    widths = [max([len(col)] + [len(r[i]) for r in table]) for i, col in enumerate(columns)]

    def line(cells: Sequence[str]) -> str:
        first = cells[0].ljust(widths[0])
        rest = [c.rjust(w) for c, w in zip(cells[1:], widths[1:])]
        return "  ".join([first, *rest]).rstrip()

    print(f"\n{title}")
    print(line(list(columns)))
    print(line(["-" * w for w in widths]))
    for cells in table:
        print(line(cells))
