"""Random draws against PyTorch and NumPy (1 thread): the same values as PyTorch, how fast.

    python bench/run.py random          # or: python bench/bench_random.py
"""
from __future__ import annotations

import numpy as np

from common import import_torch, median_time, print_table

import autograd as ag

SIZE = 1_000_000


def cases(torch):
    """(name, ours, PyTorch's, NumPy's) callables drawing SIZE values (randperm: SIZE // 10)."""
    g, rng = ag.Generator().manual_seed(0), np.random.default_rng(0)
    tg = torch.Generator().manual_seed(0) if torch else None
    n = SIZE // 10
    return [
        ("rand float32", lambda: ag.rand(SIZE, generator=g),
         torch and (lambda: torch.rand(SIZE, generator=tg)),
         lambda: rng.random(SIZE, dtype=np.float32)),
        ("randn float32", lambda: ag.randn(SIZE, generator=g),
         torch and (lambda: torch.randn(SIZE, generator=tg)),
         lambda: rng.standard_normal(SIZE, dtype=np.float32)),
        ("randn float64", lambda: ag.randn(SIZE, generator=g, dtype=ag.float64),
         torch and (lambda: torch.randn(SIZE, generator=tg, dtype=torch.float64)),
         lambda: rng.standard_normal(SIZE)),
        ("randint(0, 10)", lambda: ag.randint(10, (SIZE,), generator=g),
         torch and (lambda: torch.randint(10, (SIZE,), generator=tg)),
         lambda: rng.integers(0, 10, SIZE)),
        (f"randperm({n})", lambda: ag.randperm(n, generator=g),
         torch and (lambda: torch.randperm(n, generator=tg)),
         lambda: rng.permutation(n)),
    ]


def main() -> None:
    torch = import_torch()
    rows = []
    for name, ours, theirs, numpy_fn in cases(torch):
        rows.append({"draw": name, "ours": median_time(ours, repeat=5),
                     "torch": median_time(theirs, repeat=5) if theirs else None,
                     "numpy": median_time(numpy_fn, repeat=5)})
    print_table(f"{SIZE:,} values per draw (same values as PyTorch's)", rows,
                ["draw", "ours", "torch", "numpy", "ours/torch", "ours/numpy"])


if __name__ == "__main__":
    main()
