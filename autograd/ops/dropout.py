"""Dropout: zero each element with probability p, scale the rest by 1/(1 - p)."""
from __future__ import annotations

import numbers

import numpy as np

from autograd import sampling
from autograd.function import NumpyFunction
from autograd.ops.arguments import check_tensors
from autograd.random import default_generator
from autograd.tensor import Tensor

__all__ = ["Dropout", "dropout", "keep_mask", "check_probability"]


def keep_mask(shape: tuple, keep: float, dtype) -> np.ndarray:
    """1 with probability `keep`, else 0, in `dtype`: the only random draw of dropout, from
    the default generator as PyTorch's CPU bernoulli_ draws it (seed with manual_seed)."""
    return sampling.bernoulli(default_generator, shape, keep, dtype)


def dropout_noise(shape: tuple, p: float, dtype) -> np.ndarray:
    """keep_mask(1 - p) / (1 - p): what inverted dropout multiplies by (zeros for p = 1)."""
    if p == 1:
        return np.zeros(shape, dtype)
    noise = keep_mask(shape, 1 - p, dtype)
    noise /= dtype.type(1 - p)
    return noise


class Dropout(NumpyFunction):
    """a·m/(1 - p) with m a random 0/1 mask, m = 1 with probability 1 - p (inverted dropout:
    the expected value is unchanged);  d/da = m/(1 - p)."""

    formula, derivatives = "a*noise", ("noise", None)

    @staticmethod
    def forward(ctx, x, p):
        ctx.noise = dropout_noise(x.shape, p, x.dtype)
        return x * ctx.noise

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.noise, None


def check_probability(p, name: str = "dropout") -> float:
    if isinstance(p, bool) or not isinstance(p, numbers.Real) or not 0 <= p <= 1:
        raise ValueError(f"{name} probability has to be between 0 and 1, but got {p!r}")
    return float(p)


def dropout(input: Tensor, p: float = 0.5, training: bool = True, inplace: bool = False) -> Tensor:
    """Inverted dropout, as `torch.nn.functional.dropout`: in training, each element is
    zeroed with probability p and the rest scaled by 1/(1 - p); otherwise the input itself.

    The mask is drawn from `autograd.default_generator()` (seed with `manual_seed`).
    `inplace=True` writes the result into `input`.
    """
    check_tensors("dropout", input=input)
    p = check_probability(p)
    if not training or p == 0:
        return input
    if input.dtype.kind != "f":
        raise RuntimeError(f"dropout: result type float can't be cast to the desired output "
                           f"type {input.dtype} (dropout needs a floating-point input)")
    if inplace:
        return input._inplace(Dropout, p)
    return Dropout.apply(input, p)
