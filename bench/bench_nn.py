"""nn training loops: an MLP, an LSTM and a small CNN, against PyTorch and hand-written NumPy.

    python bench/run.py nn             # or: python bench/bench_nn.py [--repeat N]

(a) MLP 784-256-128-10 (ReLU), cross-entropy, Adam lr 1e-3, batch 128, 100 steps: ours
    (nn.Linear, nn.functional.cross_entropy, optim.Adam) vs PyTorch vs the same network
    written by hand in NumPy (forward, backward, Adam); plus peak memory of the training loop.
    Targets: ours <= 1.0x hand NumPy, <= 1.5x PyTorch, memory <= 1.5x hand NumPy.
(b) LSTM(16, 64) + Linear(64, 1) on every step, sequence 50, batch 32, MSE, 20 Adam steps:
    ours vs PyTorch, target <= 2x.
(c) CNN Conv2d(1, 16, 3, padding=1), ReLU, MaxPool2d(2), Flatten, Linear(256, 10) on 8x8
    digits, batch 64, cross-entropy, 50 SGD steps (lr 0.05, momentum 0.9): ours vs PyTorch,
    target <= 3x.

Each case runs in its own process with one BLAS/OpenMP thread (PyTorch with
set_num_threads(1)): one core against one core. Its variants take turns, round after round,
so a busy machine slows them alike; medians of wall-clock and of CPU time are both shown
(CPU time is the steadier figure when other work shares the cores). All variants start from
the same weights and see the same batches, so their final losses agree (printed as a check).
Peak memory of the MLP is read in a fresh process per variant, twice: tracemalloc's peak of
the arrays the training loop allocates (NumPy reports to tracemalloc, PyTorch does not, so
'-' there), and the process's peak resident set size (interpreter and imports included).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
if __package__ in (None, ""):  # run as a script: find `common` and the project's packages
    sys.path[:0] = [str(BENCH_DIR), str(BENCH_DIR.parent)]

from common import print_table, torch_available  # noqa: E402

MLP_SIZES = (784, 256, 128, 10)
MLP_BATCH, MLP_STEPS, MLP_LR = 128, 100, 1e-3
LSTM_SEQ, LSTM_BATCH, LSTM_INPUT, LSTM_HIDDEN, LSTM_STEPS, LSTM_LR = 50, 32, 16, 64, 20, 1e-3
CNN_BATCH, CNN_STEPS, CNN_LR, CNN_MOMENTUM = 64, 50, 0.05, 0.9
ONE_THREAD = {name: "1" for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS",
                                     "MKL_NUM_THREADS", "VECLIB_MAXIMUM_THREADS")}


# --- shared set-up (plain NumPy, identical for every variant) --------------------------------
def _uniform_layer(rng, n_in: int, n_out: int):
    """PyTorch's default Linear init: U(-1/√n_in, 1/√n_in) for weight and bias."""
    import numpy as np

    bound = 1 / np.sqrt(n_in)
    return (rng.uniform(-bound, bound, (n_out, n_in)).astype(np.float32),
            rng.uniform(-bound, bound, n_out).astype(np.float32))


def mlp_setup(seed: int = 0):
    """Weights [W1, b1, W2, b2, W3, b3] and 10 batches (x (128, 784), labels (128,)) to cycle."""
    import numpy as np

    rng = np.random.default_rng(seed)
    weights = []
    for n_in, n_out in zip(MLP_SIZES[:-1], MLP_SIZES[1:]):
        weights.extend(_uniform_layer(rng, n_in, n_out))
    batches = [(rng.random((MLP_BATCH, MLP_SIZES[0]), dtype=np.float32),
                rng.integers(0, MLP_SIZES[-1], MLP_BATCH)) for _ in range(10)]
    return weights, batches


def lstm_setup(seed: int = 0):
    """LSTM weights in PyTorch's layout, the head's weights, and 4 (x, target) batches."""
    import numpy as np

    rng = np.random.default_rng(seed)
    bound = 1 / np.sqrt(LSTM_HIDDEN)
    rows = 4 * LSTM_HIDDEN
    lstm = [rng.uniform(-bound, bound, shape).astype(np.float32)
            for shape in ((rows, LSTM_INPUT), (rows, LSTM_HIDDEN), (rows,), (rows,))]
    head = list(_uniform_layer(rng, LSTM_HIDDEN, 1))
    batches = [(rng.standard_normal((LSTM_SEQ, LSTM_BATCH, LSTM_INPUT)).astype(np.float32),
                rng.standard_normal((LSTM_SEQ, LSTM_BATCH, 1)).astype(np.float32))
               for _ in range(4)]
    return lstm, head, batches


def cnn_setup(seed: int = 0):
    """Conv and Linear weights (PyTorch's init) and 50 batches of 64 scaled 8x8 digits."""
    import numpy as np

    from nn.data import digits

    images, labels = digits()
    images = (np.asarray(images, dtype=np.float32).reshape(-1, 1, 8, 8) / 16.0)
    labels = np.asarray(labels, dtype=np.int64)
    rng = np.random.default_rng(seed)
    bound = 1 / np.sqrt(9)
    conv = [rng.uniform(-bound, bound, (16, 1, 3, 3)).astype(np.float32),
            rng.uniform(-bound, bound, 16).astype(np.float32)]
    head = list(_uniform_layer(rng, 256, 10))
    order = rng.permutation(len(images))
    batches = []
    for step in range(CNN_STEPS):
        index = order[(step * CNN_BATCH) % (len(images) - CNN_BATCH):][:CNN_BATCH]
        batches.append((images[index], labels[index]))
    return conv, head, batches


# --- (a) MLP ---------------------------------------------------------------------------------
def mlp_ours(weights, batches) -> float:
    import nn
    import optim
    from autograd import Tensor
    from nn.loss import cross_entropy

    model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(),
                          nn.Linear(128, 10))
    for p, w in zip(model.parameters(), weights):
        p.data[...] = w
    opt = optim.Adam(model.parameters(), lr=MLP_LR)
    for step in range(MLP_STEPS):
        x, y = batches[step % len(batches)]
        loss = cross_entropy(model(Tensor(x)), Tensor(y))
        opt.zero_grad()
        loss.backward()
        opt.step()
    return loss.item()


def mlp_numpy(weights, batches) -> float:
    """The same network, loss and Adam written by hand in NumPy (row layout x @ W.T + b)."""
    import numpy as np

    params = [w.copy() for w in weights]
    W1, b1, W2, b2, W3, b3 = params
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    rows = np.arange(MLP_BATCH)
    for step in range(1, MLP_STEPS + 1):
        x, y = batches[(step - 1) % len(batches)]
        z1 = x @ W1.T + b1
        h1 = np.maximum(z1, 0)
        z2 = h1 @ W2.T + b2
        h2 = np.maximum(z2, 0)
        logits = h2 @ W3.T + b3
        shifted = logits - logits.max(1, keepdims=True)
        exp = np.exp(shifted)
        total = exp.sum(1, keepdims=True)
        loss = np.mean(np.log(total[:, 0]) - shifted[rows, y])
        dz3 = exp / total
        dz3[rows, y] -= 1
        dz3 /= MLP_BATCH
        dz2 = (dz3 @ W3) * (z2 > 0)
        dz1 = (dz2 @ W2) * (z1 > 0)
        grads = [dz1.T @ x, dz1.sum(0), dz2.T @ h1, dz2.sum(0), dz3.T @ h2, dz3.sum(0)]
        step_size = MLP_LR / (1 - beta1 ** step)
        bias_correction2_sqrt = (1 - beta2 ** step) ** 0.5
        for param, g, m_i, v_i in zip(params, grads, m, v):
            m_i *= beta1
            m_i += (1 - beta1) * g
            v_i *= beta2
            v_i += (1 - beta2) * (g * g)
            param -= step_size * m_i / (np.sqrt(v_i) / bias_correction2_sqrt + eps)
    return float(loss)


def mlp_torch(weights, batches) -> float:
    import torch

    nn = torch.nn
    model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(),
                          nn.Linear(128, 10))
    with torch.no_grad():
        for p, w in zip(model.parameters(), weights):
            p.copy_(torch.from_numpy(w))
    opt = torch.optim.Adam(model.parameters(), lr=MLP_LR)
    batches = [(torch.from_numpy(x), torch.from_numpy(y)) for x, y in batches]
    for step in range(MLP_STEPS):
        x, y = batches[step % len(batches)]
        loss = nn.functional.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return loss.item()


# --- (b) LSTM --------------------------------------------------------------------------------
def lstm_ours(lstm_weights, head_weights, batches) -> float:
    import nn
    import optim
    from autograd import Tensor
    from nn.loss import mse_loss

    lstm, head = nn.LSTM(LSTM_INPUT, LSTM_HIDDEN), nn.Linear(LSTM_HIDDEN, 1)
    for p, w in zip(list(lstm.parameters()) + list(head.parameters()), lstm_weights + head_weights):
        p.data[...] = w
    opt = optim.Adam(list(lstm.parameters()) + list(head.parameters()), lr=LSTM_LR)
    for step in range(LSTM_STEPS):
        x, target = batches[step % len(batches)]
        out, _ = lstm(Tensor(x))
        loss = mse_loss(head(out), Tensor(target))
        opt.zero_grad()
        loss.backward()
        opt.step()
    return loss.item()


def lstm_torch(lstm_weights, head_weights, batches) -> float:
    import torch

    lstm, head = torch.nn.LSTM(LSTM_INPUT, LSTM_HIDDEN), torch.nn.Linear(LSTM_HIDDEN, 1)
    params = list(lstm.parameters()) + list(head.parameters())
    with torch.no_grad():
        for p, w in zip(params, lstm_weights + head_weights):
            p.copy_(torch.from_numpy(w))
    opt = torch.optim.Adam(params, lr=LSTM_LR)
    batches = [(torch.from_numpy(x), torch.from_numpy(t)) for x, t in batches]
    for step in range(LSTM_STEPS):
        x, target = batches[step % len(batches)]
        out, _ = lstm(x)
        loss = torch.nn.functional.mse_loss(head(out), target)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return loss.item()


# --- (c) CNN ---------------------------------------------------------------------------------
def cnn_ours(conv_weights, head_weights, batches) -> float:
    import nn
    import optim
    from autograd import Tensor
    from nn.loss import cross_entropy

    model = nn.Sequential(nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                          nn.Flatten(), nn.Linear(256, 10))
    for p, w in zip(model.parameters(), conv_weights + head_weights):
        p.data[...] = w
    opt = optim.SGD(model.parameters(), lr=CNN_LR, momentum=CNN_MOMENTUM)
    for x, y in batches:  # Tensor() copies: one batch at a time, as a DataLoader gives them
        loss = cross_entropy(model(Tensor(x)), Tensor(y))
        opt.zero_grad()
        loss.backward()
        opt.step()
    return loss.item()


def cnn_torch(conv_weights, head_weights, batches) -> float:
    import torch

    nn = torch.nn
    model = nn.Sequential(nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                          nn.Flatten(), nn.Linear(256, 10))
    with torch.no_grad():
        for p, w in zip(model.parameters(), conv_weights + head_weights):
            p.copy_(torch.from_numpy(w))
    opt = torch.optim.SGD(model.parameters(), lr=CNN_LR, momentum=CNN_MOMENTUM)
    for x, y in batches:
        loss = nn.functional.cross_entropy(model(torch.from_numpy(x)), torch.from_numpy(y))
        opt.zero_grad()
        loss.backward()
        opt.step()
    return loss.item()


CASES = {
    "mlp": (mlp_setup, {"ours": mlp_ours, "numpy": mlp_numpy, "torch": mlp_torch}),
    "lstm": (lstm_setup, {"ours": lstm_ours, "torch": lstm_torch}),
    "cnn": (cnn_setup, {"ours": cnn_ours, "torch": cnn_torch}),
}


# --- workers (each runs in its own process) ----------------------------------------------------
def time_case(case: str, repeat: int, with_torch: bool) -> dict:
    """Run the variants of one case in turn, `repeat` rounds after a warm-up round, so a
    busy machine slows them alike; median wall-clock and CPU seconds per full run."""
    import statistics
    import time

    from common import import_torch

    setup, variants = CASES[case]
    if with_torch:
        import_torch()
    else:
        variants = {k: v for k, v in variants.items() if k != "torch"}
    data = setup()
    losses = {name: train(*data) for name, train in variants.items()}
    wall = {name: [] for name in variants}
    cpu = {name: [] for name in variants}
    for _ in range(repeat):
        for name, train in variants.items():
            start_wall, start_cpu = time.perf_counter(), time.process_time()
            train(*data)
            cpu[name].append(time.process_time() - start_cpu)
            wall[name].append(time.perf_counter() - start_wall)
    return {name: {"wall": statistics.median(wall[name]), "cpu": statistics.median(cpu[name]),
                   "loss": losses[name]} for name in variants}


def _peak_rss() -> int | None:
    """Peak resident set size of this process image in bytes (Linux), else None."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def measure_memory(variant: str) -> dict:
    """Peak memory of one MLP training run: process peak RSS, then tracemalloc's peak."""
    import tracemalloc

    from common import import_torch

    if variant == "torch":
        import_torch()
    setup, variants = CASES["mlp"]
    data = setup()
    variants[variant](*data)
    result = {"max_rss": _peak_rss(), "traced": None}
    if variant != "torch":  # PyTorch's allocator is invisible to tracemalloc
        tracemalloc.start()
        baseline = tracemalloc.get_traced_memory()[0]
        variants[variant](*data)
        result["traced"] = tracemalloc.get_traced_memory()[1] - baseline
        tracemalloc.stop()
    return result


def _spawn(*args: str) -> dict:
    """Run this file as a worker with one BLAS/OpenMP thread; return its JSON answer."""
    env = dict(os.environ, **ONE_THREAD)
    result = subprocess.run([sys.executable, str(Path(__file__).resolve()), *args],
                            env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"benchmark worker {' '.join(args)} failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def _megabytes(value) -> str | None:
    return None if value is None else f"{value / 2**20:.1f} MB"


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description="nn training-loop benchmarks")
    parser.add_argument("--repeat", type=int, default=5, help="timed rounds per case (median)")
    parser.add_argument("--time-case", choices=sorted(CASES), help=argparse.SUPPRESS)
    parser.add_argument("--memory", choices=["ours", "numpy", "torch"], help=argparse.SUPPRESS)
    parser.add_argument("--no-torch", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv if argv is not None else [])
    if args.time_case:
        print(json.dumps(time_case(args.time_case, args.repeat, not args.no_torch)))
        return {}
    if args.memory:
        print(json.dumps(measure_memory(args.memory)))
        return {}

    with_torch = torch_available()
    flags = [] if with_torch else ["--no-torch"]
    times = {case: _spawn("--time-case", case, "--repeat", str(args.repeat), *flags)
             for case in CASES}
    titles = {
        "mlp": (f"MLP 784-256-128-10, Adam, {MLP_STEPS} steps", "<=1.0x numpy, <=1.5x torch"),
        "lstm": (f"LSTM seq {LSTM_SEQ} batch {LSTM_BATCH} 16->64, Adam, {LSTM_STEPS} steps",
                 "<=2x torch"),
        "cnn": (f"CNN conv-relu-pool-linear, SGD momentum, {CNN_STEPS} steps", "<=3x torch"),
    }
    for clock, label in (("wall", "wall-clock"), ("cpu", "CPU time")):
        rows = []
        for case, result in times.items():
            row = {"case": titles[case][0], "target": titles[case][1]}
            row.update({name: value[clock] for name, value in result.items()})
            rows.append(row)
        print_table(f"nn training loops: median {label} per full run, one thread each", rows,
                    ["case", "ours", "numpy", "torch", "ours/numpy", "ours/torch", "target"])

    memory = {v: _spawn("--memory", v) for v in ("ours", "numpy", "torch")
              if with_torch or v != "torch"}
    print_table("MLP peak memory (tracemalloc: the training loop's arrays; RSS: whole process)",
                [{"variant": v, "traced peak": _megabytes(m["traced"]),
                  "peak RSS": _megabytes(m["max_rss"])} for v, m in memory.items()],
                ["variant", "traced peak", "peak RSS"])
    print(f"traced peak ours/numpy: {memory['ours']['traced'] / memory['numpy']['traced']:.2f}x "
          "(target <= 1.5x)")
    print("final losses (equal start and batches, so they should agree): " + "; ".join(
        case + " " + ", ".join(f"{name} {value['loss']:.5f}" for name, value in result.items())
        for case, result in times.items()))
    return {"times": times, "memory": memory}


if __name__ == "__main__":
    main(sys.argv[1:])
