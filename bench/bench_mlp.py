"""Case 6, MLP 784-256-128-10 (ReLU), cross-entropy, Adam lr 1e-3, batch 64, 100 steps.

Ours and PyTorch share one model definition; the hand-written NumPy version does the same
computation (forward, softmax cross-entropy, backward, Adam). Inputs are 10 random batches
of MNIST's size, cycled. Target: ours <= 0.8x NumPy.
"""
from __future__ import annotations

from functools import partial

import numpy as np

from common import Result, adam_numpy, check_then_time, compare, libraries, ours

__all__ = ["main"]

BATCH, STEPS, LR = 64, 100, 1e-3


def model(nn):
    return nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(),
                         nn.Linear(128, 10))


def setup():
    """Initial weights (our default init) and 10 batches (x (64, 784) float32, labels (64,))."""
    lib = ours()
    lib.manual_seed(0)
    weights = {k: v.numpy(force=True).copy() for k, v in model(lib.nn).state_dict().items()}
    rng = np.random.default_rng(0)
    batches = [(rng.random((BATCH, 784), dtype=np.float32), rng.integers(0, 10, BATCH))
               for _ in range(10)]
    return weights, batches


def train(lib, net, weights, batches, steps: int) -> float:
    """Ours or PyTorch: reset `net` to `weights`, take `steps` Adam steps, return the last loss."""
    net.load_state_dict({k: lib.tensor(v) for k, v in weights.items()})
    opt = lib.optim.Adam(net.parameters(), lr=LR)
    for step in range(steps):
        x, labels = batches[step % len(batches)]
        loss = lib.F.cross_entropy(net(lib.tensor(x)), lib.tensor(labels))
        opt.zero_grad()
        loss.backward()
        opt.step()
    return loss.item()


def train_numpy(weights, batches, steps: int) -> float:
    """The same training by hand in NumPy (row layout: x @ W.T + b)."""
    params = [w.copy() for w in weights.values()]
    W1, b1, W2, b2, W3, b3 = params
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    rows = np.arange(BATCH)
    for step in range(1, steps + 1):
        x, labels = batches[(step - 1) % len(batches)]
        z1 = x @ W1.T + b1
        h1 = np.maximum(z1, 0)
        z2 = h1 @ W2.T + b2
        h2 = np.maximum(z2, 0)
        logits = h2 @ W3.T + b3
        shifted = logits - logits.max(axis=1, keepdims=True)
        exp = np.exp(shifted)
        total = exp.sum(axis=1, keepdims=True)
        loss = np.mean(np.log(total[:, 0]) - shifted[rows, labels])
        dz3 = exp / total  # softmax - one_hot, over the batch
        dz3[rows, labels] -= 1
        dz3 /= BATCH
        dz2 = (dz3 @ W3) * (z2 > 0)
        dz1 = (dz2 @ W2) * (z1 > 0)
        grads = [dz1.T @ x, dz1.sum(0), dz2.T @ h1, dz2.sum(0), dz3.T @ h2, dz3.sum(0)]
        adam_numpy(params, grads, m, v, step, LR)
    return float(loss)


def main(quick: bool = False) -> list[Result]:
    weights, batches = setup()
    runs = {name: partial(train, lib, model(lib.nn), weights, batches)
            for name, lib in libraries().items()}
    runs["numpy"] = partial(train_numpy, weights, batches)
    timing = check_then_time("MLP: loss at step {k}", runs, STEPS, repeat=5 if quick else 11)
    return [compare(f"6 MLP 784-256-128-10, Adam, {STEPS} steps", timing, "numpy", 0.8)]
