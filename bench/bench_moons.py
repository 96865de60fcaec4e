"""Case 4, micrograd's moons demo (its demo notebook), written with tensors, ours vs PyTorch.

100 two-moons points (noise 0.1, labels -1/+1), MLP 2-16-16-1 (ReLU, linear output; weights
uniform(-1, 1), biases 0, as micrograd's neurons), SVM max-margin loss
mean(relu(1 - y*score)) + 1e-4 * sum of squared parameters, accuracy as the demo computes it
each step, full batch, plain SGD with lr = 1.0 - 0.9*k/100 for 100 steps. One definition
serves both libraries. Target: ours <= 0.6x PyTorch.
"""
from __future__ import annotations

from functools import partial

import numpy as np

from common import Result, check_then_time, compare, libraries, ours

__all__ = ["main"]

STEPS = 100


def model(nn):
    return nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 16), nn.ReLU(),
                         nn.Linear(16, 1))


def setup():
    """x (100, 2) float32, y (100, 1) in {-1, 1}, micrograd-style initial weights."""
    from nn.data import moons

    x, labels = moons(n_samples=100, noise=0.1, seed=0)
    rng = np.random.default_rng(0)
    weights = {}
    for name, param in model(ours().nn).state_dict().items():
        shape = tuple(param.shape)
        weights[name] = (rng.uniform(-1, 1, shape) if name.endswith("weight")
                         else np.zeros(shape)).astype(np.float32)
    return x.astype(np.float32), (2.0 * labels - 1).astype(np.float32).reshape(-1, 1), weights


def train(lib, net, x, y, weights, steps: int) -> float:
    """Reset `net` to `weights`, run the demo's loop for `steps` steps, return the last loss."""
    net.load_state_dict({k: lib.tensor(v) for k, v in weights.items()})
    x, y = lib.tensor(x), lib.tensor(y)
    for k in range(steps):
        score = net(x)
        data_loss = (1 - y * score).relu().mean()
        reg_loss = 1e-4 * sum((p * p).sum() for p in net.parameters())
        total_loss = data_loss + reg_loss
        accuracy = ((y > 0) == (score > 0)).sum()  # noqa: F841 (the demo prints it)
        net.zero_grad()
        total_loss.backward()
        learning_rate = 1.0 - 0.9 * k / 100
        with lib.no_grad():
            for p in net.parameters():
                p -= learning_rate * p.grad
    return total_loss.item()


def main(quick: bool = False) -> list[Result]:
    x, y, weights = setup()
    runs = {name: partial(train, lib, model(lib.nn), x, y, weights)
            for name, lib in libraries().items()}
    timing = check_then_time("moons: loss at step {k}", runs, STEPS, repeat=5 if quick else 15)
    return [compare(f"4 micrograd moons, SGD, {STEPS} steps", timing, "torch", 0.6)]
