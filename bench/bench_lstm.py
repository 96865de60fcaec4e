"""Case 5, LSTM: sequence 50, batch 32, input 16, hidden 64, ours vs PyTorch.

nn.LSTM(16, 64) and a Linear(64, 1) head on every time step, MSE against a random target,
Adam; each step is forward + backward + optimizer step, 20 steps per run over 4 batches.
One model definition serves both libraries. Target: ours <= 1.5x PyTorch.
"""
from __future__ import annotations

from functools import partial

import numpy as np

from common import Result, check_then_time, compare, libraries, ours

__all__ = ["main"]

SEQ, BATCH, INPUT, HIDDEN, STEPS, LR = 50, 32, 16, 64, 20, 1e-3


def model(nn):
    class SequenceRegressor(nn.Module):
        def __init__(self):
            super().__init__()
            self.lstm = nn.LSTM(INPUT, HIDDEN)
            self.head = nn.Linear(HIDDEN, 1)

        def forward(self, x):  # x (SEQ, BATCH, INPUT) -> (SEQ, BATCH, 1)
            out, _ = self.lstm(x)
            return self.head(out)

    return SequenceRegressor()


def setup():
    """Initial weights (our default init) and 4 batches of (x, target)."""
    lib = ours()
    lib.manual_seed(0)
    weights = {k: v.numpy(force=True).copy() for k, v in model(lib.nn).state_dict().items()}
    rng = np.random.default_rng(0)
    batches = [(rng.standard_normal((SEQ, BATCH, INPUT)).astype(np.float32),
                rng.standard_normal((SEQ, BATCH, 1)).astype(np.float32)) for _ in range(4)]
    return weights, batches


def train(lib, net, weights, batches, steps: int) -> float:
    """Reset `net` to `weights`, take `steps` Adam steps, return the last loss."""
    net.load_state_dict({k: lib.tensor(v) for k, v in weights.items()})
    opt = lib.optim.Adam(net.parameters(), lr=LR)
    for step in range(steps):
        x, target = batches[step % len(batches)]
        loss = lib.F.mse_loss(net(lib.tensor(x)), lib.tensor(target))
        opt.zero_grad()
        loss.backward()
        opt.step()
    return loss.item()


def main(quick: bool = False) -> list[Result]:
    weights, batches = setup()
    runs = {name: partial(train, lib, model(lib.nn), weights, batches)
            for name, lib in libraries().items()}
    timing = check_then_time("LSTM: loss at step {k}", runs, STEPS, repeat=5 if quick else 11)
    return [compare(f"5 LSTM 50x32 16->64, fwd+bwd+Adam, {STEPS} steps", timing, "torch", 1.5)]
