"""Weight initialisation (PyTorch's `nn.init`): fills tensors in place.

Every random fill draws what PyTorch's draws for the same generator state (the default
generator, seeded by `autograd.manual_seed`, or `generator=`), calling the same sampler with
the same bounds, computed in the same order, as PyTorch's `torch/nn/init.py`.
"""
from __future__ import annotations

import math
import warnings

import numpy as np

from autograd import Generator, Tensor, default_generator, no_grad, sampling

__all__ = [
    "calculate_gain", "uniform_", "normal_", "trunc_normal_", "constant_", "ones_", "zeros_",
    "eye_", "xavier_uniform_", "xavier_normal_", "kaiming_uniform_", "kaiming_normal_",
    "orthogonal_",
]


def calculate_gain(nonlinearity: str, param: float | None = None) -> float:
    """The recommended gain for a nonlinearity, as PyTorch: the factor that keeps the
    variance of activations steady through layers.

    linear/conv/sigmoid 1, tanh 5/3, relu √2, leaky_relu √(2/(1 + slope²)) (slope
    `param`, default 0.01), selu 3/4.
    """
    if nonlinearity in ("linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d",
                        "conv_transpose2d", "conv_transpose3d", "sigmoid"):
        return 1.0
    if nonlinearity == "tanh":
        return 5.0 / 3.0
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        if param is None:
            slope = 0.01
        elif isinstance(param, (int, float)) and not isinstance(param, bool):
            slope = param
        else:
            raise ValueError(f"negative_slope {param!r} is not a valid number")
        return math.sqrt(2.0 / (1 + slope ** 2))
    if nonlinearity == "selu":
        return 3.0 / 4.0
    raise ValueError(f"Unsupported nonlinearity {nonlinearity!r}")


def _fan_in_and_fan_out(tensor: Tensor) -> tuple[int, int]:
    """PyTorch's fans: weight (out, in, *kernel) -> (in·k, out·k), k = prod(kernel)."""
    _check_tensor(tensor)
    if tensor.ndim < 2:
        raise ValueError("Fan in and fan out can not be computed for a tensor with fewer than "
                         f"2 dimensions (got shape {tensor.shape})")
    receptive_field = math.prod(tensor.shape[2:])
    return tensor.shape[1] * receptive_field, tensor.shape[0] * receptive_field


def _fill(tensor: Tensor, values) -> Tensor:
    """Write `values` into `tensor` in place, outside the graph; returns the tensor."""
    _check_tensor(tensor)
    with no_grad():
        tensor.copy_(Tensor(np.asarray(values, dtype=tensor.dtype)))
    return tensor


def _check_tensor(tensor) -> None:
    if not isinstance(tensor, Tensor):
        raise TypeError(f"nn.init: argument 'tensor' must be an autograd.Tensor (the one to "
                        f"fill), not {type(tensor).__name__}")


def _generator(generator: Generator | None) -> Generator:
    if generator is None:
        return default_generator
    if not isinstance(generator, Generator):
        kind = type(generator)
        raise TypeError(f"generator must be an autograd.Generator, got "
                        f"{kind.__module__}.{kind.__qualname__}")
    return generator


def uniform_(tensor: Tensor, a: float = 0.0, b: float = 1.0,
             generator: Generator | None = None) -> Tensor:
    """Fill with samples from U(a, b) (as `tensor.uniform_(a, b)`)."""
    _check_tensor(tensor)
    return _fill(tensor, sampling.uniform(_generator(generator), tensor.shape, a, b, tensor.dtype))


def normal_(tensor: Tensor, mean: float = 0.0, std: float = 1.0,
            generator: Generator | None = None) -> Tensor:
    """Fill with samples from N(mean, std²) (as `tensor.normal_(mean, std)`)."""
    _check_tensor(tensor)
    return _fill(tensor, sampling.normal(_generator(generator), tensor.shape, mean, std,
                                         tensor.dtype))


def trunc_normal_(tensor: Tensor, mean: float = 0.0, std: float = 1.0, a: float = -2.0,
                  b: float = 2.0, generator: Generator | None = None) -> Tensor:
    """Fill with samples from N(mean, std²) restricted to [a, b], by rejection as PyTorch:
    if [a, b] holds more than 30% of the mass, redraw normals until every value is inside;
    else draw uniforms on [a, b] and accept each with probability pdf(x)/pdf(mode)."""
    _check_tensor(tensor)
    if not std >= 0:
        raise ValueError(f"trunc_normal_: std must be non-negative, got {std!r}")
    if mean < a - 2 * std or mean > b + 2 * std:
        warnings.warn("mean is more than 2 std from [a, b] in nn.init.trunc_normal_. "
                      "The distribution of values may be incorrect.", stacklevel=2)
    gen, shape, dtype = _generator(generator), tensor.shape, tensor.dtype

    def norm_cdf(x: float) -> float:
        return (1.0 + math.erf(x / math.sqrt(2.0))) / 2.0

    if norm_cdf((b - mean) / std) - norm_cdf((a - mean) / std) > 0.3:
        low, high = dtype.type(a), dtype.type(b)
        values = sampling.normal(gen, shape, mean, std, dtype)
        outside = (values < low) | (values > high)
        while outside.any():
            values = np.where(outside, sampling.normal(gen, shape, mean, std, dtype), values)
            outside = (values < low) | (values > high)
        return _fill(tensor, values)
    log_peak = -0.5 * ((max(a, min(mean, b)) - mean) / std) ** 2
    scalar = dtype.type

    def log_density(x: np.ndarray) -> np.ndarray:  # log pdf(x) - log pdf(mode)
        return ((x - scalar(mean)) / scalar(std)) ** 2 * scalar(-0.5) - scalar(log_peak)

    def rejected(x: np.ndarray) -> np.ndarray:
        unit = sampling.uniform(gen, shape, 0.0, 1.0, dtype)
        return np.log(unit.astype(np.float64)).astype(dtype) > log_density(x)

    values = sampling.uniform(gen, shape, a, b, dtype)
    pending = rejected(values)
    while pending.any():
        candidates = sampling.uniform(gen, shape, a, b, dtype)
        values = np.where(pending, candidates, values)
        pending = np.where(pending, rejected(candidates), pending)
    return _fill(tensor, values)


def constant_(tensor: Tensor, val: float) -> Tensor:
    """Fill with the value `val`."""
    _check_tensor(tensor)
    if isinstance(val, bool) or not isinstance(val, (int, float, np.number)):
        raise TypeError(f"constant_: val must be a number, got {type(val).__name__}")
    return _fill(tensor, np.full(tensor.shape, val))


def ones_(tensor: Tensor) -> Tensor:
    """Fill with ones."""
    return constant_(tensor, 1.0)


def zeros_(tensor: Tensor) -> Tensor:
    """Fill with zeros."""
    return constant_(tensor, 0.0)


def eye_(tensor: Tensor) -> Tensor:
    """Fill a 2-D tensor with the identity matrix (ones on the main diagonal)."""
    _check_tensor(tensor)
    if tensor.ndim != 2:
        raise ValueError("Only tensors with 2 dimensions are supported")
    return _fill(tensor, np.eye(*tensor.shape))


def xavier_uniform_(tensor: Tensor, gain: float = 1.0,
                    generator: Generator | None = None) -> Tensor:
    """Glorot uniform: U(-a, a) with a = gain·√(6 / (fan_in + fan_out))."""
    fan_in, fan_out = _fan_in_and_fan_out(tensor)
    std = gain * math.sqrt(2.0 / float(fan_in + fan_out))
    bound = math.sqrt(3.0) * std  # PyTorch's order of operations, so the bound rounds alike
    return uniform_(tensor, -bound, bound, generator)


def xavier_normal_(tensor: Tensor, gain: float = 1.0,
                   generator: Generator | None = None) -> Tensor:
    """Glorot normal: N(0, std²) with std = gain·√(2 / (fan_in + fan_out))."""
    fan_in, fan_out = _fan_in_and_fan_out(tensor)
    return normal_(tensor, 0.0, gain * math.sqrt(2.0 / float(fan_in + fan_out)), generator)


def _kaiming_std(tensor: Tensor, a: float, mode: str, nonlinearity: str) -> float | None:
    _check_tensor(tensor)
    if mode not in ("fan_in", "fan_out"):
        raise ValueError(f"mode {mode!r} not supported, please use one of 'fan_in', 'fan_out'")
    if 0 in tensor.shape:
        warnings.warn("Initializing zero-element tensors is a no-op", stacklevel=3)
        return None
    fan_in, fan_out = _fan_in_and_fan_out(tensor)
    return calculate_gain(nonlinearity, a) / math.sqrt(fan_in if mode == "fan_in" else fan_out)


def kaiming_uniform_(tensor: Tensor, a: float = 0.0, mode: str = "fan_in",
                     nonlinearity: str = "leaky_relu",
                     generator: Generator | None = None) -> Tensor:
    """He uniform: U(-b, b) with b = gain·√(3 / fan), gain = calculate_gain(nonlinearity, a).

    `a` is the negative slope of the leaky ReLU that follows (0 for ReLU); `mode` picks
    fan_in (keeps forward variance) or fan_out (keeps backward variance).
    """
    std = _kaiming_std(tensor, a, mode, nonlinearity)
    if std is None:
        return tensor
    bound = math.sqrt(3.0) * std
    return uniform_(tensor, -bound, bound, generator)


def kaiming_normal_(tensor: Tensor, a: float = 0.0, mode: str = "fan_in",
                    nonlinearity: str = "leaky_relu",
                    generator: Generator | None = None) -> Tensor:
    """He normal: N(0, std²) with std = gain / √fan, gain = calculate_gain(nonlinearity, a)."""
    std = _kaiming_std(tensor, a, mode, nonlinearity)
    if std is None:
        return tensor
    return normal_(tensor, 0.0, std, generator)


def orthogonal_(tensor: Tensor, gain: float = 1.0, generator: Generator | None = None) -> Tensor:
    """Fill with a (semi-)orthogonal matrix, as PyTorch: the Q of the QR factorisation of a
    N(0, 1) matrix (rows, numel/rows), transposed when wide, with the signs of R's diagonal
    folded in so Q is uniform over orthogonal matrices; times `gain`.

    The normal draws are PyTorch's; the QR is NumPy's LAPACK, so the values agree with
    PyTorch's to float rounding, not bit for bit.
    """
    _check_tensor(tensor)
    if tensor.ndim < 2:
        raise ValueError("Only tensors with 2 or more dimensions are supported")
    if tensor.numel() == 0:
        return tensor
    rows = tensor.shape[0]
    cols = tensor.numel() // rows
    flattened = sampling.normal(_generator(generator), (rows, cols), 0.0, 1.0, tensor.dtype)
    wide = rows < cols
    q, r = np.linalg.qr(flattened.T if wide else flattened)
    q = q * np.sign(np.diagonal(r))
    q = q.T if wide else q
    return _fill(tensor, (q * gain).reshape(tensor.shape))
