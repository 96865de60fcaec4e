"""Training loops that exercise optim: the course spiral (Adam) and micrograd's moons demo (SGD).

    python bench/run.py optim          # or: python bench/bench_optim.py [--repeat N]

(a) spiral: 400 points, MLP 2-16-8-1 (ReLU, ReLU, sigmoid, He init), BCE, Adam lr 1e-3,
    batches of 64 reshuffled each epoch, 200 epochs: ours vs hand-written NumPy vs PyTorch.
(b) micrograd's demo: 100 two-moons points, MLP 2-16-16-1 ReLU, SVM max-margin loss
    mean(relu(1 - y*score)) + 1e-4 * sum(p*p), full batch, SGD with lr 1.0 - 0.9*k/100 for
    100 steps: ours vs PyTorch.
Every implementation starts from the same weights and visits the batches in the same order,
so their final losses agree (printed as a check).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

if __package__ in (None, ""):  # run as a script: find `common` and the project's packages
    sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[1])]

from common import import_torch, median_time, print_table  # noqa: E402

import optim  # noqa: E402
from autograd import Tensor  # noqa: E402
from nn.data import moons, spiral  # noqa: E402

SPIRAL_EPOCHS = 200
SPIRAL_BATCH = 64
SPIRAL_LR = 1e-3
MOONS_STEPS = 100


# --- (a) the course spiral ------------------------------------------------------------------
def spiral_setup(seed: int = 0):
    """Data, He-initialised weights (float32) and the per-epoch batch orders."""
    X, y = spiral(seed=seed)
    X, y = X.astype(np.float32), y.astype(np.float32).reshape(-1, 1)
    rng = np.random.default_rng(seed)
    sizes = [(2, 16), (16, 8), (8, 1)]
    weights = []
    for n_in, n_out in sizes:
        weights.append((rng.standard_normal((n_out, n_in)) * np.sqrt(2.0 / n_in)).astype(np.float32))
        weights.append(np.zeros(n_out, np.float32))
    orders = [rng.permutation(len(X)) for _ in range(SPIRAL_EPOCHS)]
    return X, y, weights, orders


def _batches(X, y, order):
    for start in range(0, len(X), SPIRAL_BATCH):
        index = order[start:start + SPIRAL_BATCH]
        yield X[index], y[index]


def spiral_ours(X, y, weights, orders) -> float:
    """Our engine and optim.Adam; the model written from autograd Tensors (x @ W.T + b)."""
    params = [Tensor(w.copy(), requires_grad=True) for w in weights]
    W1, b1, W2, b2, W3, b3 = params
    opt = optim.Adam(params, lr=SPIRAL_LR)
    for order in orders:
        for xb, yb in _batches(X, y, order):
            x, t = Tensor(xb), Tensor(yb)
            h = (x @ W1.T + b1).relu()
            h = (h @ W2.T + b2).relu()
            p = (h @ W3.T + b3).sigmoid()
            loss = -(t * p.log() + (1 - t) * (1 - p).log()).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
    return float(loss)


def spiral_ours_nn(X, y, weights, orders) -> float | None:
    """Our nn (Sequential of fused Linear layers, BCELoss when nn has it) and optim.Adam."""
    try:
        import nn
        layers = [nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 8), nn.ReLU(), nn.Linear(8, 1),
                  nn.Sigmoid()]
    except (ImportError, AttributeError):
        return None
    model = nn.Sequential(*layers)
    for p, w in zip(model.parameters(), weights):
        p.data[...] = w
    bce = getattr(nn, "BCELoss", None)
    loss_fn = bce() if bce is not None else (
        lambda p, t: -(t * p.log() + (1 - t) * (1 - p).log()).mean())
    opt = optim.Adam(model.parameters(), lr=SPIRAL_LR)
    for order in orders:
        for xb, yb in _batches(X, y, order):
            loss = loss_fn(model(Tensor(xb)), Tensor(yb))
            opt.zero_grad()
            loss.backward()
            opt.step()
    return float(loss)


def spiral_numpy(X, y, weights, orders) -> float:
    """The same training written by hand in NumPy: forward, backward and Adam."""
    params = [w.copy() for w in weights]
    W1, b1, W2, b2, W3, b3 = params
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    step = 0
    for order in orders:
        for xb, yb in _batches(X, y, order):
            n = len(xb)
            z1 = xb @ W1.T + b1
            h1 = np.maximum(z1, 0)
            z2 = h1 @ W2.T + b2
            h2 = np.maximum(z2, 0)
            p = 1 / (1 + np.exp(-(h2 @ W3.T + b3)))
            loss = -np.mean(yb * np.log(p) + (1 - yb) * np.log(1 - p))
            dz3 = (p - yb) / n
            dh2 = dz3 @ W3
            dz2 = dh2 * (z2 > 0)
            dh1 = dz2 @ W2
            dz1 = dh1 * (z1 > 0)
            grads = [dz1.T @ xb, dz1.sum(0), dz2.T @ h1, dz2.sum(0), dz3.T @ h2, dz3.sum(0)]
            step += 1
            step_size = SPIRAL_LR / (1 - beta1 ** step)
            bias_correction2_sqrt = (1 - beta2 ** step) ** 0.5
            for param, g, m_i, v_i in zip(params, grads, m, v):
                m_i *= beta1
                m_i += (1 - beta1) * g
                v_i *= beta2
                v_i += (1 - beta2) * g * g
                param -= step_size * m_i / (np.sqrt(v_i) / bias_correction2_sqrt + eps)
    return float(loss)


def spiral_torch(torch, X, y, weights, orders) -> float:
    """PyTorch (1 thread): nn.Linear layers, BCELoss, torch.optim.Adam."""
    nn = torch.nn
    model = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 8), nn.ReLU(),
                          nn.Linear(8, 1), nn.Sigmoid())
    with torch.no_grad():
        for p, w in zip(model.parameters(), weights):
            p.copy_(torch.from_numpy(w))
    opt = torch.optim.Adam(model.parameters(), lr=SPIRAL_LR)
    loss_fn = nn.BCELoss()
    Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
    for order in orders:
        order_t = torch.from_numpy(order)
        for start in range(0, len(X), SPIRAL_BATCH):
            index = order_t[start:start + SPIRAL_BATCH]
            loss = loss_fn(model(Xt[index]), yt[index])
            opt.zero_grad()
            loss.backward()
            opt.step()
    return loss.item()


# --- (b) micrograd's demo -------------------------------------------------------------------
def moons_setup(seed: int = 0):
    """100 two-moons points with labels ±1 and micrograd's uniform(-1, 1) initial weights."""
    X, y = moons(n_samples=100, noise=0.1, seed=seed)
    X, y = X.astype(np.float32), (2.0 * y - 1).astype(np.float32).reshape(-1, 1)
    rng = np.random.default_rng(seed)
    weights = []
    for n_in, n_out in [(2, 16), (16, 16), (16, 1)]:
        weights.append(rng.uniform(-1, 1, (n_out, n_in)).astype(np.float32))
        weights.append(np.zeros(n_out, np.float32))
    return X, y, weights


def moons_ours(X, y, weights) -> float:
    """Our engine, optim.SGD and an lr_scheduler.LambdaLR for lr = 1 - 0.9 k / 100."""
    params = [Tensor(w.copy(), requires_grad=True) for w in weights]
    W1, b1, W2, b2, W3, b3 = params
    opt = optim.SGD(params, lr=1.0)
    schedule = optim.lr_scheduler.LambdaLR(opt, lambda k: 1.0 - 0.9 * k / MOONS_STEPS)
    x, t = Tensor(X), Tensor(y)
    for _ in range(MOONS_STEPS):
        h = (x @ W1.T + b1).relu()
        h = (h @ W2.T + b2).relu()
        score = h @ W3.T + b3
        data_loss = (1 - t * score).relu().mean()
        reg_loss = 1e-4 * sum((p * p).sum() for p in params)
        loss = data_loss + reg_loss
        opt.zero_grad()
        loss.backward()
        opt.step()
        schedule.step()
    return float(loss)


def moons_torch(torch, X, y, weights) -> float:
    """PyTorch (1 thread): the same model, loss, SGD and LambdaLR."""
    params = [torch.tensor(w, requires_grad=True) for w in weights]
    W1, b1, W2, b2, W3, b3 = params
    opt = torch.optim.SGD(params, lr=1.0)
    schedule = torch.optim.lr_scheduler.LambdaLR(opt, lambda k: 1.0 - 0.9 * k / MOONS_STEPS)
    x, t = torch.from_numpy(X), torch.from_numpy(y)
    for _ in range(MOONS_STEPS):
        h = (x @ W1.T + b1).relu()
        h = (h @ W2.T + b2).relu()
        score = h @ W3.T + b3
        data_loss = (1 - t * score).relu().mean()
        reg_loss = 1e-4 * sum((p * p).sum() for p in params)
        loss = data_loss + reg_loss
        opt.zero_grad()
        loss.backward()
        opt.step()
        schedule.step()
    return loss.item()


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description="optim training-loop benchmarks")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per case (median)")
    args = parser.parse_args(argv if argv is not None else [])
    torch = import_torch()

    data = spiral_setup()
    losses = {"ours": spiral_ours(*data), "numpy": spiral_numpy(*data)}
    row = {"case": f"spiral Adam, {SPIRAL_EPOCHS} epochs",
           "ours": median_time(lambda: spiral_ours(*data), repeat=args.repeat),
           "numpy": median_time(lambda: spiral_numpy(*data), repeat=args.repeat)}
    rows = [row]
    nn_loss = spiral_ours_nn(*data)
    if nn_loss is not None:
        losses["ours (nn)"] = nn_loss
        rows.append({"case": "  same, model from nn layers",
                     "ours": median_time(lambda: spiral_ours_nn(*data), repeat=args.repeat),
                     "numpy": row["numpy"]})
    if torch is not None:
        losses["torch"] = spiral_torch(torch, *data)
        row["torch"] = median_time(lambda: spiral_torch(torch, *data), repeat=args.repeat)
        for other in rows[1:]:
            other["torch"] = row["torch"]
    print_table("(a) course spiral: MLP 2-16-8-1, BCE, Adam, batch 64 (target ours/numpy <= 1.5x)",
                rows, ["case", "ours", "numpy", "torch", "ours/numpy", "torch/numpy",
                       "ours/torch"])
    print("final batch loss: " + ", ".join(f"{k} {v:.6f}" for k, v in losses.items()))

    moons_data = moons_setup()
    moons_losses = {"ours": moons_ours(*moons_data)}
    moons_row = {"case": f"moons SVM, SGD, {MOONS_STEPS} steps",
                 "ours": median_time(lambda: moons_ours(*moons_data), repeat=args.repeat)}
    if torch is not None:
        moons_losses["torch"] = moons_torch(torch, *moons_data)
        moons_row["torch"] = median_time(lambda: moons_torch(torch, *moons_data),
                                         repeat=args.repeat)
    print_table("(b) micrograd demo: MLP 2-16-16-1, max-margin loss, SGD (target ours/torch "
                "<= 1.0x)", [moons_row], ["case", "ours", "torch", "ours/torch"])
    print("final loss: " + ", ".join(f"{k} {v:.6f}" for k, v in moons_losses.items()))

    ratios = {"spiral ours/numpy": row["ours"] / row["numpy"]}
    if len(rows) > 1:
        ratios["spiral ours(nn)/numpy"] = rows[1]["ours"] / row["numpy"]
    if torch is not None:
        ratios["spiral torch/numpy"] = row["torch"] / row["numpy"]
        ratios["moons ours/torch"] = moons_row["ours"] / moons_row["torch"]
    return ratios


if __name__ == "__main__":
    main(sys.argv[1:])
