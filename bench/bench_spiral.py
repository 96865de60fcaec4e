"""Case 3, the course spiral: MLP 2-16-8-1 (ReLU), BCE with logits, Adam, batch 64, 200 epochs.

400 points (the course's two-arm spiral), batches reshuffled every epoch in the same order for
every contender, the same starting weights (our nn.Linear's default init). Ours and PyTorch
share one model definition; the hand-written NumPy version does the same computation
(forward, loss, backward, Adam) as a good student would. Target: ours <= 1.8x NumPy.
"""
from __future__ import annotations

from functools import partial

import numpy as np

from common import Result, adam_numpy, check_then_time, compare, libraries, ours

__all__ = ["main"]

EPOCHS, BATCH, LR = 200, 64, 1e-2


def model(nn):
    return nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 8), nn.ReLU(), nn.Linear(8, 1))


def setup():
    """Data (x (400, 2), y (400, 1) float32), initial weights, one batch order per epoch."""
    from nn.data import spiral

    x, y = spiral(seed=0)
    lib = ours()
    lib.manual_seed(0)
    weights = {k: v.numpy(force=True).copy() for k, v in model(lib.nn).state_dict().items()}
    rng = np.random.default_rng(0)
    orders = [rng.permutation(len(x)) for _ in range(EPOCHS)]
    return x.astype(np.float32), y.astype(np.float32).reshape(-1, 1), weights, orders


def train(lib, net, x, y, weights, orders, epochs: int) -> float:
    """Ours or PyTorch: reset `net` to `weights`, train `epochs` epochs, return the last loss."""
    net.load_state_dict({k: lib.tensor(v) for k, v in weights.items()})
    opt = lib.optim.Adam(net.parameters(), lr=LR)
    loss_fn = lib.nn.BCEWithLogitsLoss()
    for order in orders[:epochs]:
        for start in range(0, len(x), BATCH):
            index = order[start:start + BATCH]
            loss = loss_fn(net(lib.tensor(x[index])), lib.tensor(y[index]))
            opt.zero_grad()
            loss.backward()
            opt.step()
    return loss.item()


def train_numpy(x, y, weights, orders, epochs: int) -> float:
    """The same training by hand in NumPy (row layout: x @ W.T + b)."""
    params = [w.copy() for w in weights.values()]
    W1, b1, W2, b2, W3, b3 = params
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    step = 0
    for order in orders[:epochs]:
        for start in range(0, len(x), BATCH):
            index = order[start:start + BATCH]
            xb, yb = x[index], y[index]
            z1 = xb @ W1.T + b1
            h1 = np.maximum(z1, 0)
            z2 = h1 @ W2.T + b2
            h2 = np.maximum(z2, 0)
            z3 = h2 @ W3.T + b3
            loss = np.mean(np.logaddexp(0, z3) - yb * z3)  # BCE of sigmoid(z3), stable
            dz3 = (1 / (1 + np.exp(-z3)) - yb) / len(xb)
            dz2 = (dz3 @ W3) * (z2 > 0)
            dz1 = (dz2 @ W2) * (z1 > 0)
            grads = [dz1.T @ xb, dz1.sum(0), dz2.T @ h1, dz2.sum(0), dz3.T @ h2, dz3.sum(0)]
            step += 1
            adam_numpy(params, grads, m, v, step, LR)
    return float(loss)


def main(quick: bool = False) -> list[Result]:
    x, y, weights, orders = setup()
    runs = {name: partial(train, lib, model(lib.nn), x, y, weights, orders)
            for name, lib in libraries().items()}
    runs["numpy"] = partial(train_numpy, x, y, weights, orders)
    timing = check_then_time("spiral: last batch loss of epoch {k}", runs, EPOCHS,
                             repeat=3 if quick else 7)
    return [compare(f"3 spiral 2-16-8-1, Adam, {EPOCHS} epochs", timing, "numpy", 1.8)]
