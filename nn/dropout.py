"""Inverted dropout: `dropout` and the `Dropout` module."""
from __future__ import annotations

import numpy as np

from autograd import Tensor, default_generator, sampling
from nn.module import Module

__all__ = ["dropout", "Dropout"]


def _check_p(p: float) -> float:
    if isinstance(p, bool) or not isinstance(p, (int, float)) or not 0.0 <= p <= 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p!r}")
    return float(p)


def dropout(input: Tensor, p: float = 0.5, training: bool = True) -> Tensor:
    """Inverted dropout: zero each element with probability p and scale the rest by 1/(1-p),
    so the expected value is unchanged and nothing is done at test time.

    The mask is drawn as PyTorch draws it on the CPU, from the default generator (seed it
    with `autograd.manual_seed`): noise = bernoulli(1 - p) in input's dtype, then
    noise / (1 - p), then input · noise. (PyTorch on Intel CPUs draws the Bernoulli mask
    with MKL's own generator instead; there the masks differ.)
    """
    p = _check_p(p)
    if not training or p == 0.0 or input.numel() == 0:
        return input
    if p == 1.0:
        return input * 0.0
    dtype = input.dtype if input.dtype in (np.float32, np.float64) else np.dtype(np.float32)
    noise = sampling.bernoulli(default_generator, input.shape, 1.0 - p, dtype)
    noise /= dtype.type(1.0 - p)
    return input * Tensor(noise)


class Dropout(Module):
    """Inverted dropout (keep probability 1 - p, kept values scaled by 1/(1-p)) in training
    mode; the identity in eval mode.

    Args:
        p: probability of zeroing an element (default 0.5).

    Shape: any -> same.
    """

    def __init__(self, p: float = 0.5) -> None:
        super().__init__()
        self.p = _check_p(p)

    def forward(self, input: Tensor) -> Tensor:
        return dropout(input, self.p, self.training)

    def extra_repr(self) -> str:
        return f"p={self.p}, inplace=False"
