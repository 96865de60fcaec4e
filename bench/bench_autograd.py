"""Engine overhead against PyTorch (1 thread): small ops, and a deep scalar chain.

    python bench/run.py autograd          # or: python bench/bench_autograd.py [--full]

--full also times PyTorch on the 1,000,000-op chain (slow); ours always runs it.
"""
from __future__ import annotations

import argparse
import gc
import statistics
import time

import numpy as np

from common import import_torch, print_table

import autograd as ag

SMALL_ITERATIONS = 2_000
CHAIN_LENGTHS = (1_000, 10_000, 100_000, 1_000_000)


def small_ops_step(lib, a, b, c) -> None:
    z = (a * b + c).tanh().sum()
    z.backward()


def time_small_ops(lib, make, repeat: int = 7) -> float:
    """Median microseconds per iteration of `z = (a*b + c).tanh().sum(); z.backward()`."""
    rng = np.random.default_rng(0)
    a, b, c = (make(rng.standard_normal((8, 8)).astype(np.float32)) for _ in range(3))
    for _ in range(200):
        small_ops_step(lib, a, b, c)
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(SMALL_ITERATIONS):
            small_ops_step(lib, a, b, c)
        samples.append((time.perf_counter() - start) / SMALL_ITERATIONS * 1e6)
    return statistics.median(samples)


def time_chain(lib, n: int) -> float:
    """Seconds to build `y = y*1.0001 + 0.0001` n times from a scalar leaf, then backward."""
    x = lib.tensor(1.0, requires_grad=True)
    gc.collect()
    start = time.perf_counter()
    y = x
    with np.errstate(over="ignore"):  # 1.0001**1e6 overflows float32 to inf, in PyTorch too
        for _ in range(n):
            y = y * 1.0001 + 0.0001
        y.backward()
    elapsed = time.perf_counter() - start
    del y
    return elapsed


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="autograd engine benchmarks")
    parser.add_argument("--full", action="store_true", help="also time PyTorch at 1,000,000 ops")
    args = parser.parse_args(argv or [])
    torch = import_torch()

    make_ours = lambda array: ag.tensor(array, requires_grad=True)  # noqa: E731
    ours = time_small_ops(ag, make_ours)
    theirs = None
    if torch is not None:  # interleaved, the same number of runs each: the machine may be busy
        make_theirs = lambda array: torch.tensor(array, requires_grad=True)  # noqa: E731
        theirs = time_small_ops(torch, make_theirs)
        ours = min(ours, time_small_ops(ag, make_ours))
        theirs = min(theirs, time_small_ops(torch, make_theirs))
    print_table(
        f"small-op overhead: 8x8, (a*b + c).tanh().sum() + backward, {SMALL_ITERATIONS} iterations "
        "(microseconds per iteration, best of two medians of 7; target ours/torch <= 0.5)",
        [{"case": "8x8 step", "ours us": f"{ours:.1f}",
          "torch us": f"{theirs:.1f}" if theirs else None,
          "ours/torch": ours / theirs if theirs else None}],
        ["case", "ours us", "torch us", "ours/torch"])

    rows = []
    for n in CHAIN_LENGTHS:
        mine = min(time_chain(ag, n) for _ in range(3 if n <= 10_000 else 1))
        row = {"N ops x2": f"{n:,}", "ours s": f"{mine:.3f}", "ours us/step": f"{mine / n * 1e6:.2f}"}
        if torch is not None and (n < 1_000_000 or args.full):
            reference = min(time_chain(torch, n) for _ in range(3 if n <= 10_000 else 1))
            row.update({"torch s": f"{reference:.3f}", "ours/torch": mine / reference})
        rows.append(row)
    print_table("deep scalar chain: y = y*1.0001 + 0.0001, N times, then backward "
                "(target ours/torch <= 1.0 up to 100,000; linear growth)",
                rows, ["N ops x2", "ours s", "ours us/step", "torch s", "ours/torch"])


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
