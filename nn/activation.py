"""Activation modules, one per function of `nn.functional` (which calls autograd/ops).

Shape: any -> same, for all of them (Softmax, LogSoftmax, Softmin along `dim`).
"""
from __future__ import annotations

import numbers

from autograd import Tensor
from nn import functional as F
from nn.checks import check_number
from nn.module import Module

__all__ = ["ReLU", "LeakyReLU", "Sigmoid", "Tanh", "GELU", "Softmax", "LogSoftmax", "Softmin",
           "ELU", "SELU", "CELU", "SiLU", "Mish", "Softplus", "Softsign", "ReLU6", "Hardtanh",
           "Hardswish", "Hardsigmoid", "LogSigmoid"]


class _Elementwise(Module):
    """An activation without settings but `inplace`: forward is `function(input, inplace)`."""

    function = None

    def __init__(self, inplace: bool = False) -> None:
        super().__init__()
        self.inplace = inplace

    def forward(self, input: Tensor) -> Tensor:
        return type(self).function(input, inplace=self.inplace)

    def extra_repr(self) -> str:
        return "inplace=True" if self.inplace else ""


class ReLU(_Elementwise):
    """max(x, 0) elementwise."""

    function = staticmethod(F.relu)


class SELU(_Elementwise):
    """scale·(x if x > 0 else alpha·(e^x - 1)), scale ≈ 1.0507, alpha ≈ 1.6733."""

    function = staticmethod(F.selu)


class SiLU(_Elementwise):
    """x·sigmoid(x), also called swish."""

    function = staticmethod(F.silu)


class Mish(_Elementwise):
    """x·tanh(softplus(x))."""

    function = staticmethod(F.mish)


class ReLU6(_Elementwise):
    """min(max(x, 0), 6)."""

    function = staticmethod(F.relu6)


class Hardswish(_Elementwise):
    """x·relu6(x + 3)/6."""

    function = staticmethod(F.hardswish)


class Hardsigmoid(_Elementwise):
    """relu6(x + 3)/6."""

    function = staticmethod(F.hardsigmoid)


class Sigmoid(Module):
    """1 / (1 + e^-x) elementwise."""

    def forward(self, input: Tensor) -> Tensor:
        return F.sigmoid(input)


class Tanh(Module):
    """tanh(x) elementwise."""

    def forward(self, input: Tensor) -> Tensor:
        return F.tanh(input)


class Softsign(Module):
    """x / (1 + |x|)."""

    def forward(self, input: Tensor) -> Tensor:
        return F.softsign(input)


class LogSigmoid(Module):
    """log(sigmoid(x)), stable for large |x|."""

    def forward(self, input: Tensor) -> Tensor:
        return F.logsigmoid(input)


class LeakyReLU(Module):
    """x if x > 0 else negative_slope·x (default slope 0.01)."""

    def __init__(self, negative_slope: float = 0.01, inplace: bool = False) -> None:
        super().__init__()
        check_number("LeakyReLU", "negative_slope", negative_slope)
        self.negative_slope, self.inplace = negative_slope, inplace

    def forward(self, input: Tensor) -> Tensor:
        return F.leaky_relu(input, self.negative_slope, self.inplace)

    def extra_repr(self) -> str:
        return f"negative_slope={self.negative_slope}" + (", inplace=True" if self.inplace else "")


class ELU(Module):
    """x if x > 0 else alpha·(e^x - 1)."""

    def __init__(self, alpha: float = 1.0, inplace: bool = False) -> None:
        super().__init__()
        check_number(type(self).__name__, "alpha", alpha)
        self.alpha, self.inplace = alpha, inplace

    def forward(self, input: Tensor) -> Tensor:
        return F.elu(input, self.alpha, self.inplace)

    def extra_repr(self) -> str:
        return f"alpha={self.alpha}" + (", inplace=True" if self.inplace else "")


class CELU(ELU):
    """max(0, x) + min(0, alpha·(e^(x/alpha) - 1))."""

    def forward(self, input: Tensor) -> Tensor:
        return F.celu(input, self.alpha, self.inplace)


class Hardtanh(Module):
    """x clamped to [min_val, max_val] (default [-1, 1])."""

    def __init__(self, min_val: float = -1.0, max_val: float = 1.0, inplace: bool = False) -> None:
        super().__init__()
        if max_val <= min_val:
            raise ValueError(f"Hardtanh: max_val ({max_val}) must be greater than min_val "
                             f"({min_val})")
        self.min_val, self.max_val, self.inplace = min_val, max_val, inplace

    def forward(self, input: Tensor) -> Tensor:
        return F.hardtanh(input, self.min_val, self.max_val, self.inplace)

    def extra_repr(self) -> str:
        inplace = ", inplace=True" if self.inplace else ""
        return f"min_val={self.min_val}, max_val={self.max_val}{inplace}"


class Softplus(Module):
    """log(1 + e^(beta·x))/beta, the identity where beta·x > threshold."""

    def __init__(self, beta: float = 1.0, threshold: float = 20.0) -> None:
        super().__init__()
        check_number("Softplus", "threshold", threshold)
        if check_number("Softplus", "beta", beta) == 0:
            raise ValueError("Softplus: beta must not be 0 (the formula divides by it)")
        self.beta, self.threshold = beta, threshold

    def forward(self, input: Tensor) -> Tensor:
        return F.softplus(input, self.beta, self.threshold)

    def extra_repr(self) -> str:
        return f"beta={self.beta}, threshold={self.threshold}"


class GELU(Module):
    """x·Φ(x) elementwise; approximate="tanh" uses the tanh formula."""

    def __init__(self, approximate: str = "none") -> None:
        super().__init__()
        if approximate not in ("none", "tanh"):
            raise ValueError(f"GELU: approximate must be 'none' or 'tanh', got {approximate!r}")
        self.approximate = approximate

    def forward(self, input: Tensor) -> Tensor:
        return F.gelu(input, self.approximate)

    def extra_repr(self) -> str:
        return f"approximate={self.approximate!r}"


class _AlongDim(Module):
    """An activation along one dim: forward is `function(input, dim)`."""

    function = None

    def __init__(self, dim: int | None = None) -> None:
        super().__init__()
        if dim is not None and (isinstance(dim, bool) or not isinstance(dim, numbers.Integral)):
            raise TypeError(f"{type(self).__name__}: dim must be an int or None, got {dim!r}")
        self.dim = dim

    def forward(self, input: Tensor) -> Tensor:
        return type(self).function(input, self.dim)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"


class Softmax(_AlongDim):
    """e^x / Σ e^x along `dim`."""

    function = staticmethod(F.softmax)


class LogSoftmax(_AlongDim):
    """x - log Σ e^x along `dim`."""

    function = staticmethod(F.log_softmax)


class Softmin(_AlongDim):
    """softmax(-x) along `dim`."""

    function = staticmethod(F.softmin)
