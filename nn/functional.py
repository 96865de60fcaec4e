"""Stateless forms of the layers (`import nn.functional as F`), as `torch.nn.functional`.

The differentiable ops live in autograd/ops (linear, normalisation, losses, embedding,
dropout, attention, padding, activations); this module gathers them under PyTorch's names
and adds the thin wrappers PyTorch's signatures need (`inplace=`, the legacy implicit
softmax dim), `one_hot` and `normalize`.
"""
from __future__ import annotations

import warnings

import numpy as np

from autograd import Tensor, ops, where
from autograd.ops import (
    batch_norm, bilinear, binary_cross_entropy, binary_cross_entropy_with_logits,
    cross_entropy, dropout, embedding, group_norm, huber_loss, l1_loss, layer_norm, linear,
    mse_loss, nll_loss, normalize_dim, pad, scaled_dot_product_attention, smooth_l1_loss,
)
from autograd.ops.arguments import check_tensors
from autograd.ops.distance import cosine_similarity, pairwise_distance
from nn.functional_conv import (  # convolution, pooling, resizing
    adaptive_avg_pool1d, adaptive_avg_pool2d, adaptive_max_pool1d, adaptive_max_pool2d,
    avg_pool1d, avg_pool2d, conv1d, conv2d, conv_transpose1d, conv_transpose2d, fold,
    interpolate, max_pool1d, max_pool2d, unfold, upsample_bilinear, upsample_nearest,
)
from nn.functional_conv import (  # the 3-D ones, unpooling, power-average pooling
    adaptive_avg_pool3d, adaptive_max_pool3d, avg_pool3d, conv3d, conv_transpose3d, lp_pool1d,
    lp_pool2d, lp_pool3d, max_pool3d, max_unpool1d, max_unpool2d, max_unpool3d,
)

__all__ = [
    "linear", "bilinear", "dropout", "embedding",
    "conv1d", "conv2d", "conv_transpose1d", "conv_transpose2d", "unfold", "fold",
    "max_pool1d", "max_pool2d", "avg_pool1d", "avg_pool2d", "adaptive_avg_pool1d",
    "adaptive_avg_pool2d", "adaptive_max_pool1d", "adaptive_max_pool2d", "interpolate",
    "upsample_nearest", "upsample_bilinear",
    "conv3d", "conv_transpose3d", "max_pool3d", "avg_pool3d", "adaptive_avg_pool3d",
    "adaptive_max_pool3d", "max_unpool1d", "max_unpool2d", "max_unpool3d", "lp_pool1d",
    "lp_pool2d", "lp_pool3d",
    "batch_norm", "layer_norm", "group_norm", "scaled_dot_product_attention", "pad",
    "one_hot", "normalize",
    "cosine_similarity", "pairwise_distance",
    "mse_loss", "l1_loss", "huber_loss", "smooth_l1_loss", "binary_cross_entropy",
    "binary_cross_entropy_with_logits", "nll_loss", "cross_entropy",
    "relu", "leaky_relu", "sigmoid", "tanh", "gelu", "softmax", "log_softmax", "softmin",
    "elu", "selu", "celu", "silu", "mish", "softplus", "softsign", "relu6", "hardtanh",
    "hardswish", "hardsigmoid", "logsigmoid",
    "prelu", "glu", "hardshrink", "softshrink", "tanhshrink", "threshold", "rrelu",
]


def _result(input: Tensor, output: Tensor, inplace: bool) -> Tensor:
    """output, or (inplace=True) input overwritten with it, as PyTorch's `op_(x)`."""
    if not inplace:
        return output
    return input.copy_(output)


def _activation(op, input: Tensor, inplace: bool, *args) -> Tensor:
    """op(input, *args); in place, op runs on a copy so that what it saved stays intact."""
    return _result(input, op(input.clone() if inplace else input, *args), inplace)


# --- activations -----------------------------------------------------------------------------
def relu(input: Tensor, inplace: bool = False) -> Tensor:
    """max(x, 0) elementwise; derivative 1[x > 0]."""
    return _activation(ops.relu, input, inplace)


def leaky_relu(input: Tensor, negative_slope: float = 0.01, inplace: bool = False) -> Tensor:
    """x if x > 0 else negative_slope·x; derivative 1 or negative_slope."""
    return _activation(ops.leaky_relu, input, inplace, negative_slope)


def sigmoid(input: Tensor) -> Tensor:
    """1 / (1 + e^-x); derivative s(1 - s), at most 0.25."""
    return ops.sigmoid(input)


def tanh(input: Tensor) -> Tensor:
    """tanh(x); derivative 1 - tanh²(x)."""
    return ops.tanh(input)


def gelu(input: Tensor, approximate: str = "none") -> Tensor:
    """x·Φ(x) (approximate="tanh" for the tanh formula)."""
    return ops.gelu(input, approximate)


def elu(input: Tensor, alpha: float = 1.0, inplace: bool = False) -> Tensor:
    """x if x > 0 else alpha·(e^x - 1)."""
    return _activation(ops.elu, input, inplace, alpha)


def selu(input: Tensor, inplace: bool = False) -> Tensor:
    """scale·elu(x, alpha) with PyTorch's self-normalising constants."""
    return _activation(ops.selu, input, inplace)


def celu(input: Tensor, alpha: float = 1.0, inplace: bool = False) -> Tensor:
    """max(0, x) + min(0, alpha·(e^(x/alpha) - 1))."""
    return _activation(ops.celu, input, inplace, alpha)


def silu(input: Tensor, inplace: bool = False) -> Tensor:
    """x·sigmoid(x) (swish)."""
    return _activation(ops.silu, input, inplace)


def mish(input: Tensor, inplace: bool = False) -> Tensor:
    """x·tanh(softplus(x))."""
    return _activation(ops.mish, input, inplace)


def softplus(input: Tensor, beta: float = 1.0, threshold: float = 20.0) -> Tensor:
    """log(1 + e^(beta·x))/beta, the identity where beta·x > threshold."""
    return ops.softplus(input, beta, threshold)


def softsign(input: Tensor) -> Tensor:
    """x / (1 + |x|)."""
    return ops.softsign(input)


def relu6(input: Tensor, inplace: bool = False) -> Tensor:
    """min(max(x, 0), 6)."""
    return _activation(ops.relu6, input, inplace)


def hardtanh(input: Tensor, min_val: float = -1.0, max_val: float = 1.0,
             inplace: bool = False) -> Tensor:
    """x clamped to [min_val, max_val]."""
    return _activation(ops.hardtanh, input, inplace, min_val, max_val)


def hardswish(input: Tensor, inplace: bool = False) -> Tensor:
    """x·relu6(x + 3)/6."""
    return _activation(ops.hardswish, input, inplace)


def hardsigmoid(input: Tensor, inplace: bool = False) -> Tensor:
    """relu6(x + 3)/6."""
    return _activation(ops.hardsigmoid, input, inplace)


def logsigmoid(input: Tensor) -> Tensor:
    """log(sigmoid(x)), stable for large |x|."""
    return ops.logsigmoid(input)


def prelu(input: Tensor, weight: Tensor) -> Tensor:
    """x where x > 0, else weight·x; weight one slope, or one per channel (dim 1)."""
    return ops.prelu(input, weight)


def glu(input: Tensor, dim: int = -1) -> Tensor:
    """a·sigmoid(b), a and b the two halves of input along dim."""
    return ops.glu(input, dim)


def hardshrink(input: Tensor, lambd: float = 0.5) -> Tensor:
    """x where |x| > lambd, else 0."""
    return ops.hardshrink(input, lambd)


def softshrink(input: Tensor, lambd: float = 0.5) -> Tensor:
    """x moved lambd towards 0, and 0 within [-lambd, lambd]."""
    return ops.softshrink(input, lambd)


def tanhshrink(input: Tensor) -> Tensor:
    """x - tanh(x)."""
    return ops.tanhshrink(input)


def threshold(input: Tensor, threshold: float, value: float, inplace: bool = False) -> Tensor:
    """x where x > threshold, else value."""
    return _activation(ops.threshold, input, inplace, threshold, value)


def rrelu(input: Tensor, lower: float = 1.0 / 8, upper: float = 1.0 / 3, training: bool = False,
          inplace: bool = False) -> Tensor:
    """x where x > 0, else r·x: r drawn from U(lower, upper) per element in training, the
    mean (lower + upper)/2 in evaluation."""
    return _activation(ops.rrelu, input, inplace, lower, upper, training)


def _softmax_dim(ndim: int, dim: int | None, name: str) -> int:
    """PyTorch's legacy choice when dim is None (dim 0 for 0-, 1- and 3-D input, else 1)."""
    if dim is not None:
        return dim
    warnings.warn(f"Implicit dimension choice for {name} has been deprecated. Change the call "
                  "to include dim=X as an argument.", UserWarning, stacklevel=3)
    return 0 if ndim in (0, 1, 3) else 1


def softmax(input: Tensor, dim: int | None = None, _stacklevel: int = 3, dtype=None) -> Tensor:
    """e^x / Σ e^x along `dim`."""
    check_tensors("softmax", input=input)
    return ops.softmax(input, _softmax_dim(input.ndim, dim, "softmax"), dtype)


def log_softmax(input: Tensor, dim: int | None = None, _stacklevel: int = 3,
                dtype=None) -> Tensor:
    """x - log Σ e^x along `dim` (stable)."""
    check_tensors("log_softmax", input=input)
    return ops.log_softmax(input, _softmax_dim(input.ndim, dim, "log_softmax"), dtype)


def softmin(input: Tensor, dim: int | None = None, _stacklevel: int = 3, dtype=None) -> Tensor:
    """softmax(-x) along `dim`."""
    check_tensors("softmin", input=input)
    input = input if dtype is None else input.to(dtype)
    return ops.softmin(input, _softmax_dim(input.ndim, dim, "softmin"))


# --- one_hot and normalize -------------------------------------------------------------------
def one_hot(tensor: Tensor, num_classes: int = -1) -> Tensor:
    """Class indices as one-hot rows: (*) int64 -> (*, num_classes) int64, with
    num_classes = max + 1 when -1. No gradient."""
    check_tensors("one_hot", tensor=tensor)
    if not isinstance(tensor, Tensor) or tensor.dtype != np.int64:
        raise RuntimeError("one_hot is only applicable to index tensor of type LongTensor.")
    indices = tensor.numpy(force=True)
    if num_classes == -1:
        if indices.size == 0:
            raise RuntimeError("Can not infer total number of classes from empty tensor.")
        num_classes = int(indices.max()) + 1
    if indices.size and indices.min() < 0:
        raise RuntimeError("Class values must be non-negative.")
    if indices.size and indices.max() >= num_classes:
        raise RuntimeError("Class values must be smaller than num_classes.")
    return Tensor(np.expand_dims(indices, -1) == np.arange(num_classes), dtype=np.int64)


def _vector_norm(input: Tensor, p: float, dim: int) -> Tensor:
    """The p-norm along dim (kept), with PyTorch's gradient 0 at a zero vector."""
    if p == float("inf"):
        return input.abs().max(dim, keepdim=True).values
    powered = input * input if p == 2 else input.abs() ** p
    total = powered.sum(dim, keepdim=True)
    nonzero = total.detach().numpy() != 0  # NaN stays NaN
    safe = where(nonzero, total, 1.0)
    return where(nonzero, safe.sqrt() if p == 2 else safe ** (1 / p), 0.0)


def normalize(input: Tensor, p: float = 2.0, dim: int = 1, eps: float = 1e-12,
              out=None) -> Tensor:
    """x / max(‖x‖_p, eps) along `dim`, as `torch.nn.functional.normalize`."""
    check_tensors("normalize", input=input)
    if out is not None:
        raise TypeError("normalize: out= is not supported; use the returned tensor")
    if input.dtype.kind != "f":
        raise RuntimeError(f"linalg.vector_norm: Expected a floating point or complex tensor as "
                           f"input. Got {input.dtype}")
    dim = normalize_dim(dim, input.ndim, "normalize")
    return input / _vector_norm(input, float(p), dim).clamp(min=eps)
