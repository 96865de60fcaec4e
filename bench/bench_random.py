"""Random draws against PyTorch and NumPy (one thread): the same values as PyTorch, how fast.

No target. Before timing, each draw's values from a fresh generator seeded 0 are checked
equal to PyTorch's (when PyTorch is installed).
"""
from __future__ import annotations

import numpy as np

from common import assert_same, format_seconds, import_torch, print_table, time_interleaved

import autograd as ag

__all__ = ["main"]

SIZE = 1_000_000


def draws(torch, size: int) -> list[tuple[str, dict]]:
    """(name, {contender: callable drawing `size` values}) per kind of draw (randperm: size//10).

    Every contender gets its own generator seeded 0, so first calls can be compared.
    """
    g, rng = ag.Generator().manual_seed(0), np.random.default_rng(0)
    tg = torch.Generator().manual_seed(0) if torch else None
    n = size // 10
    cases = [
        ("rand float32", lambda: ag.rand(size, generator=g),
         lambda: torch.rand(size, generator=tg), lambda: rng.random(size, dtype=np.float32)),
        ("randn float32", lambda: ag.randn(size, generator=g),
         lambda: torch.randn(size, generator=tg),
         lambda: rng.standard_normal(size, dtype=np.float32)),
        ("randn float64", lambda: ag.randn(size, generator=g, dtype=ag.float64),
         lambda: torch.randn(size, generator=tg, dtype=torch.float64),
         lambda: rng.standard_normal(size)),
        ("randint(0, 10)", lambda: ag.randint(10, (size,), generator=g),
         lambda: torch.randint(10, (size,), generator=tg), lambda: rng.integers(0, 10, size)),
        (f"randperm({n:,})", lambda: ag.randperm(n, generator=g),
         lambda: torch.randperm(n, generator=tg), lambda: rng.permutation(n)),
    ]
    return [(name, {"ours": ours, **({"torch": theirs} if torch else {}), "numpy": numpy_fn})
            for name, ours, theirs, numpy_fn in cases]


def main(quick: bool = False) -> list:
    torch = import_torch()
    if torch is not None:  # equal on x86; within a few ulp on ARM (float32 randn)
        for name, fns in draws(torch, 1000):
            assert_same(f"{name}: first values from seed 0",
                        {k: fns[k]().numpy() for k in ("ours", "torch")})
    rows = []
    for name, fns in draws(torch, SIZE):
        timing = time_interleaved(fns, repeat=3 if quick else 5)
        best = {k: timing.best(k) for k in fns}

        def ratio(reference: str) -> str:
            return f"{best['ours'] / best[reference]:.2f}x" if reference in best else "-"

        rows.append([name, *(format_seconds(best[k]) if k in best else "-"
                             for k in ("ours", "torch", "numpy")), ratio("torch"), ratio("numpy")])
    print_table(f"{SIZE:,} values per draw, fastest run (no target)", rows,
                ["draw", "ours", "torch", "numpy", "ours/torch", "ours/numpy"])
    return []
