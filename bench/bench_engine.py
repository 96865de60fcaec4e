"""The engine's overhead per op: a loop of small ops, and a deep chain of scalar ops.

Case 1, small-op loop: 8x8 float32 a, b, c; `z = (a*b + c).tanh().sum(); z.backward()`.
Case 2, deep scalar chain: `y = y*1.0001 + 0.0001` N times from a 0-d leaf, then backward;
the time includes freeing the graph. Time per node (one recorded op, two per step) should
stay flat from N = 1,000 to 1,000,000. PyTorch is not run at N = 1,000,000 (no target there).

Both cases also run the floor (floor_engine.py: closures and a topological sort, none of
PyTorch's semantics), to show how much of the time any engine on Python + NumPy pays.
"""
from __future__ import annotations

from functools import partial

import numpy as np

import floor_engine
from common import Result, assert_same, compare, libraries, print_table, time_interleaved

__all__ = ["main"]

CHAIN_LENGTHS = (1_000, 10_000, 100_000, 1_000_000)


def small_ops_step(a, b, c):
    z = (a * b + c).tanh().sum()
    z.backward()
    return z


def chain(lib, n: int):
    """Build y = y*1.0001 + 0.0001, n times from a 0-d leaf x, and backward; return (y, x)."""
    x = lib.tensor(1.0, requires_grad=True)
    y = x
    for _ in range(n):
        y = y * 1.0001 + 0.0001
    y.backward()
    return y, x


def with_floor(libs: dict) -> dict:
    """The libraries compared, and the floor engine as one more contender."""
    return {**libs, "floor": floor_engine}


def print_floor(title: str, timings: dict) -> None:
    """The floor's time against PyTorch's and ours, per case."""
    rows = [[case, f"{t.best('floor') / t.best('torch'):.2f}x" if "torch" in t.samples else "-",
             f"{t.best('ours') / t.best('floor'):.2f}x"] for case, t in timings.items()]
    print_table(title, rows, ["case", "floor/torch", "ours/floor"])


def gradient_array(g) -> np.ndarray:
    """A leaf's gradient as an array (the floor keeps arrays; the libraries keep Tensors)."""
    return g if isinstance(g, np.ndarray) else g.numpy()


def small_op_loop(libs: dict, quick: bool) -> Result:
    arrays = [np.random.default_rng(seed).standard_normal((8, 8)).astype(np.float32)
              for seed in range(3)]
    inputs = {name: [lib.tensor(a, requires_grad=True) for a in arrays]
              for name, lib in libs.items()}
    check = {name: small_ops_step(*inputs[name]).item() for name in libs}
    assert_same("small-op loop: z", check)
    assert_same("small-op loop: a.grad",
                {name: gradient_array(inputs[name][0].grad) for name in libs})
    timing = time_interleaved({name: partial(small_ops_step, *inputs[name]) for name in libs},
                              repeat=5 if quick else 11, number=300 if quick else 1000)
    print_floor("small-op loop: the floor (an engine without PyTorch's semantics)",
                {"8x8 loop": timing})
    return compare("1 small-op loop 8x8 (per iteration)", timing, "torch", 0.4)


def deep_chain(libs: dict, quick: bool) -> list[Result]:
    with np.errstate(over="ignore"):  # 1.0001**N overflows float32 past N ~ 887,000
        y_x = {name: chain(lib, 1000) for name, lib in libs.items()}
        assert_same("deep chain, N=1000: y", {name: y.item() for name, (y, _) in y_x.items()})
        assert_same("deep chain, N=1000: x.grad",
                    {name: x.grad.item() for name, (_, x) in y_x.items()})
        results, per_node, floor_per_node, timings = [], {}, {}, {}
        for n in CHAIN_LENGTHS:
            contenders = {name: (lambda lib=lib: chain(lib, n)) for name, lib in libs.items()
                          if name != "torch" or n < 1_000_000}
            repeat = {1_000: 15, 10_000: 7, 100_000: 3, 1_000_000: 1}[n]
            timing = time_interleaved(contenders, repeat=max(1, repeat // 3) if quick else repeat,
                                      number=5 if n == 1_000 else 1, warmup=n <= 10_000)
            per_node[n] = timing.best("ours") / (2 * n)
            floor_per_node[n] = timing.best("floor") / (2 * n)
            timings[f"N={n:,}"] = timing
            if n < 1_000_000:
                results.append(compare(f"2 deep chain N={n:,}", timing, "torch", 0.6))
    print_floor("deep chain: the floor (an engine without PyTorch's semantics)", timings)
    first, floor_first = per_node[CHAIN_LENGTHS[0]], floor_per_node[CHAIN_LENGTHS[0]]
    print_table("deep chain: time per node (fastest run; 2 nodes per step), ours and the floor",
                [[f"{n:,}", f"{t * 1e6:.3f}", f"{t / first - 1:+.0%}",
                  f"{floor_per_node[n] * 1e6:.3f}", f"{floor_per_node[n] / floor_first - 1:+.0%}"]
                 for n, t in per_node.items()],
                ["N", "ours us/node", "vs N=1,000", "floor us/node", "vs N=1,000"])
    worst = max(per_node.values(), key=lambda t: abs(t / first - 1)) / first
    spread = Result("2 deep chain us/node, 1k..1M", ratio=worst,
                    target="within +-20% of 1k", met=abs(worst - 1) <= 0.2)
    return results + [spread]


def main(quick: bool = False) -> list[Result]:
    libs = with_floor(libraries())
    return [small_op_loop(libs, quick)] + deep_chain(libs, quick)
