"""Helpers shared by the benchmark sections: the contenders, interleaved timing, the check that
contenders compute the same thing, and the result rows with their targets."""

from __future__ import annotations

import gc
import statistics
import time
from dataclasses import dataclass, field
from functools import partial
from types import SimpleNamespace
from typing import Any, Callable, Mapping, Sequence

import numpy as np

__all__ = ["import_torch", "ours", "torch_lib", "libraries", "Timing", "time_interleaved",
           "check_then_time", "assert_same", "adam_numpy", "Result", "compare", "format_seconds",
           "print_table", "print_results"]


def import_torch():
    """PyTorch set to one thread (its fastest setting on these sizes, one core against one),
    or None when it is not installed."""
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(1)
    return torch


def ours() -> SimpleNamespace:
    """backproplab's public API under the names the shared model code uses."""
    import autograd
    import nn
    import optim

    return SimpleNamespace(tensor=autograd.tensor, no_grad=autograd.no_grad,
                           manual_seed=autograd.manual_seed, nn=nn, F=nn.functional, optim=optim)


def torch_lib() -> SimpleNamespace | None:
    """PyTorch (one thread) under the same names as `ours()`, or None without PyTorch."""
    torch = import_torch()
    if torch is None:
        return None
    return SimpleNamespace(tensor=torch.tensor, no_grad=torch.no_grad,
                           manual_seed=torch.manual_seed, nn=torch.nn,
                           F=torch.nn.functional, optim=torch.optim)


def libraries() -> dict[str, SimpleNamespace]:
    """{"ours": ours(), "torch": torch_lib()}, without "torch" when PyTorch is not installed."""
    torch = torch_lib()
    return {"ours": ours(), **({"torch": torch} if torch is not None else {})}


@dataclass
class Timing:
    """Seconds per call of each contender; sample i of every contender is from round i."""

    samples: dict[str, list[float]]

    def best(self, name: str) -> float:
        """The fastest sample: the one least disturbed by other work on the machine."""
        return min(self.samples[name])

    def median_ratio(self, name: str, reference: str) -> float:
        """Median over rounds of name/reference; both of a round ran back to back, under
        much the same load."""
        pairs = zip(self.samples[name], self.samples[reference])
        return statistics.median(a / b for a, b in pairs)


def time_interleaved(contenders: Mapping[str, Callable[[], Any]], repeat: int,
                     number: int = 1, warmup: bool = True) -> Timing:
    """Time each contender `repeat` times, in turns (A B A B ...), after one warm-up call each
    (unless `warmup` is False: for long runs whose code smaller runs already warmed).

    A sample is the process CPU time of `number` back-to-back calls, divided by `number`.
    Everything runs on one thread, so on a quiet machine CPU time is wall-clock time; on a
    shared one it leaves out the time spent waiting for a core, which wall-clock time
    counts at random. A contender whose CPU time exceeds its wall-clock time ran more than
    one thread: a warning says so. The cyclic garbage collector is emptied before every
    sample (and stays on: its cost is part of what is measured).
    """
    if warmup:
        for fn in contenders.values():
            fn()
    samples: dict[str, list[float]] = {name: [] for name in contenders}
    wall = dict.fromkeys(contenders, 0.0)
    for _ in range(repeat):
        for name, fn in contenders.items():
            gc.collect()
            start, start_wall = time.process_time(), time.perf_counter()
            for _ in range(number):
                fn()
            samples[name].append((time.process_time() - start) / number)
            wall[name] += time.perf_counter() - start_wall
    for name, seconds in wall.items():
        if sum(samples[name]) * number > 1.2 * seconds:
            print(f"warning: {name} used more than one core (CPU time > wall-clock time)")
    return Timing(samples)


def check_then_time(what: str, runs: Mapping[str, Callable[[int], float]], length: int,
                    repeat: int) -> Timing:
    """Check that every contender's `run(k)` (k steps or epochs, returning the last loss)
    agrees for k = 1 and 3, then time `run(length)` of each, interleaved. `what` names the
    value, with `{k}` where k goes: "loss at step {k}"."""
    for k in (1, 3):
        assert_same(what.format(k=k), {name: run(k) for name, run in runs.items()})
    return time_interleaved({name: partial(run, length) for name, run in runs.items()}, repeat)


def assert_same(what: str, values: Mapping[str, Any], rtol: float = 1e-4,
                atol: float = 1e-6) -> None:
    """Raise AssertionError unless every contender's value (number or array) equals the first
    one's within float32 tolerance: no contender may be faster by computing less."""
    names = list(values)
    if len(names) < 2:
        print(f"{what}: {names[0]} {np.ravel(values[names[0]])[0]:.6g} (no other contender)")
        return
    first = np.asarray(values[names[0]], dtype=np.float64)
    for name in names[1:]:
        other = np.asarray(values[name], dtype=np.float64)
        if first.shape != other.shape or not np.allclose(other, first, rtol=rtol, atol=atol):
            raise AssertionError(f"{what}: {name} gives {other.ravel()[:4]}, {names[0]} gives "
                                 f"{first.ravel()[:4]}: the contenders compute different things")
    shown = ", ".join(f"{name} {np.ravel(values[name])[0]:.6g}" for name in names)
    print(f"same {what}: {shown}")


def adam_numpy(params: Sequence[np.ndarray], grads: Sequence[np.ndarray], m: Sequence[np.ndarray],
               v: Sequence[np.ndarray], step: int, lr: float, beta1: float = 0.9,
               beta2: float = 0.999, eps: float = 1e-8) -> None:
    """One Adam step on NumPy arrays, in place, in the course's form (step counts from 1):
    m = b1 m + (1-b1) g;  v = b2 v + (1-b2) g²;  p -= lr m̂ / (√v̂ + eps)."""
    for p, g, m_i, v_i in zip(params, grads, m, v):
        m_i[...] = beta1 * m_i + (1 - beta1) * g
        v_i[...] = beta2 * v_i + (1 - beta2) * g * g
        m_hat = m_i / (1 - beta1 ** step)
        v_hat = v_i / (1 - beta2 ** step)
        p -= lr * m_hat / (np.sqrt(v_hat) + eps)


@dataclass
class Result:
    """One row of the results table: a case, the contenders' fastest times, and its target."""

    case: str
    times: dict[str, float] = field(default_factory=dict)
    ratio: float | None = None         # fastest ours / fastest reference: judged
    median_ratio: float | None = None  # median of ours / reference over the rounds: the spread
    target: str = ""
    met: bool | None = None


def compare(case: str, timing: Timing, reference: str, limit: float) -> Result:
    """A Result for `ours <= limit x reference`; without the reference, its cells stay empty."""
    times = {name: timing.best(name) for name in timing.samples}
    result = Result(case, times, target=f"<= {limit:g}x {reference}")
    if reference in timing.samples:
        result.ratio = times["ours"] / times[reference]
        result.median_ratio = timing.median_ratio("ours", reference)
        result.met = result.ratio <= limit
    return result


def format_seconds(seconds: float) -> str:
    """``1.5e-5`` -> ``'15.0 us'``: a duration with a readable unit."""
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("us", 1e-6)):
        if abs(seconds) >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def _cells(row: Mapping[str, Any], columns: Sequence[str]) -> list[str]:
    """A dict row as strings: floats as durations, a missing value as "-", and a column named
    "a/b" as row["a/b"] if given, else row["a"] / row["b"], shown as "0.42x"."""
    cells = []
    for col in columns:
        value = row.get(col)
        numerator, _, denominator = col.partition("/")
        if value is None and denominator:
            a, b = row.get(numerator), row.get(denominator)
            value = a / b if isinstance(a, float) and isinstance(b, float) and b else None
        if value is None:
            cells.append("-")
        elif isinstance(value, float):
            cells.append(f"{value:.2f}x" if denominator else format_seconds(value))
        else:
            cells.append(str(value))
    return cells


def print_table(title: str, rows: Sequence[Sequence[str] | Mapping[str, Any]],
                columns: Sequence[str]) -> None:
    """Print `rows` under `columns`, the first column left-aligned, the rest right.

    A row is a list of strings, or a dict keyed by column: floats are then durations in
    seconds, and a column named "a/b" shows the ratio of columns a and b (see `_cells`).
    """
    rows = [_cells(row, columns) if isinstance(row, Mapping) else row for row in rows]
    widths = [max([len(col)] + [len(row[i]) for row in rows]) for i, col in enumerate(columns)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join([cells[0].ljust(widths[0])]
                         + [c.rjust(w) for c, w in zip(cells[1:], widths[1:])]).rstrip()

    print(f"\n{title}")
    print(line(columns))
    print(line(["-" * w for w in widths]))
    for row in rows:
        print(line(row))


def print_results(title: str, results: Sequence[Result]) -> None:
    """The results table: fastest time per run of each contender, ratios, target, met."""
    def cell(value: float | None, fmt: Callable[[float], str]) -> str:
        return "-" if value is None else fmt(value)

    contenders = ("ours", "torch", "numpy")
    rows = [[r.case, *(cell(r.times.get(name), format_seconds) for name in contenders),
             cell(r.ratio, "{:.2f}x".format), cell(r.median_ratio, "{:.2f}x".format), r.target,
             {True: "yes", False: "NO", None: "-"}[r.met]] for r in results]
    print_table(title, rows, ["case", *contenders, "ratio", "median ratio", "target", "met"])
