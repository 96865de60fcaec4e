"""Small CNN on the 8x8 digits: two conv 3x3 + max-pool blocks, ours vs PyTorch.

Conv2d(1, 16, 3, padding=1) - ReLU - MaxPool2d(2) - Conv2d(16, 32, 3, padding=1) - ReLU -
MaxPool2d(2) - Flatten - Linear(128, 10), cross-entropy, SGD (lr 0.05, momentum 0.9),
batch 64; each step is forward + backward + optimizer step, 20 steps per run. One model
definition serves both libraries. No target (the ratio is reported).
"""
from __future__ import annotations

from functools import partial

import numpy as np

from common import Result, check_then_time, compare, libraries, ours

__all__ = ["main"]

BATCH, STEPS, LR, MOMENTUM = 64, 20, 0.05, 0.9


def model(nn):
    return nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(128, 10))


def setup():
    """Initial weights (our default init) and 10 batches of (images (64, 1, 8, 8), labels)."""
    from nn.data import digits

    lib = ours()
    lib.manual_seed(0)
    weights = {k: v.numpy(force=True).copy() for k, v in model(lib.nn).state_dict().items()}
    images, labels = digits(as_images=True)
    images = (np.asarray(images, dtype=np.float32) / 16.0)[:, None]
    order = np.random.default_rng(0).permutation(len(images))
    batches = [(images[order[k * BATCH:(k + 1) * BATCH]],
                np.asarray(labels, dtype=np.int64)[order[k * BATCH:(k + 1) * BATCH]])
               for k in range(10)]
    return weights, batches


def train(lib, net, weights, batches, steps: int) -> float:
    """Reset `net` to `weights`, take `steps` SGD steps, return the last loss."""
    net.load_state_dict({k: lib.tensor(v) for k, v in weights.items()})
    opt = lib.optim.SGD(net.parameters(), lr=LR, momentum=MOMENTUM)
    for step in range(steps):
        images, labels = batches[step % len(batches)]
        loss = lib.F.cross_entropy(net(lib.tensor(images)), lib.tensor(labels))
        opt.zero_grad()
        loss.backward()
        opt.step()
    return loss.item()


def main(quick: bool = False) -> list[Result]:
    weights, batches = setup()
    runs = {name: partial(train, lib, model(lib.nn), weights, batches)
            for name, lib in libraries().items()}
    timing = check_then_time("CNN: loss at step {k}", runs, STEPS, repeat=5 if quick else 11)
    result = compare(f"8 CNN 2x(conv3x3+pool) 8x8 digits, batch 64, {STEPS} steps", timing,
                     "torch", float("inf"))
    result.target, result.met = "none (reported)", None
    return [result]
