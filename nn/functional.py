"""Stateless forms of the layers (`import nn.functional as F`): F.linear, F.relu, F.dropout, ..."""
from __future__ import annotations

import warnings

from autograd import Tensor
from nn.conv import avg_pool2d, conv2d, max_pool2d
from nn.dropout import dropout
from nn.embedding import embedding
from nn.linear import bilinear, linear
from nn.loss import (
    binary_cross_entropy, binary_cross_entropy_with_logits, cross_entropy, huber_loss, l1_loss,
    mse_loss, nll_loss,
)
from nn.normalization import batch_norm, layer_norm

__all__ = [
    "linear", "bilinear", "relu", "leaky_relu", "sigmoid", "tanh", "gelu", "softmax",
    "log_softmax", "dropout", "embedding", "conv2d", "max_pool2d", "avg_pool2d",
    "mse_loss", "l1_loss", "huber_loss", "binary_cross_entropy",
    "binary_cross_entropy_with_logits", "nll_loss", "cross_entropy", "batch_norm", "layer_norm",
]


def relu(input: Tensor) -> Tensor:
    """max(x, 0) elementwise; derivative 1[x > 0]."""
    return input.relu()


def leaky_relu(input: Tensor, negative_slope: float = 0.01) -> Tensor:
    """x if x > 0 else negative_slope·x; derivative 1 or negative_slope."""
    return input.leaky_relu(negative_slope)


def sigmoid(input: Tensor) -> Tensor:
    """1 / (1 + e^-x); derivative s(1 - s), at most 0.25."""
    return input.sigmoid()


def tanh(input: Tensor) -> Tensor:
    """tanh(x); derivative 1 - tanh²(x)."""
    return input.tanh()


def gelu(input: Tensor, approximate: str = "none") -> Tensor:
    """x·Φ(x) (approximate="tanh" for the tanh formula)."""
    return input.gelu(approximate)


def _softmax_dim(ndim: int, dim: int | None, name: str) -> int:
    """PyTorch's legacy choice when dim is None (dim 0 for 0-, 1- and 3-D input, else 1)."""
    if dim is not None:
        return dim
    warnings.warn(f"Implicit dimension choice for {name} has been deprecated. Change the call "
                  "to include dim=X as an argument.", UserWarning, stacklevel=3)
    return 0 if ndim in (0, 1, 3) else 1


def softmax(input: Tensor, dim: int | None = None) -> Tensor:
    """e^x / Σ e^x along `dim`."""
    return input.softmax(_softmax_dim(input.ndim, dim, "softmax"))


def log_softmax(input: Tensor, dim: int | None = None) -> Tensor:
    """x - log Σ e^x along `dim` (stable)."""
    return input.log_softmax(_softmax_dim(input.ndim, dim, "log_softmax"))
