"""Activation modules with a parameter: PReLU (learned slopes), RReLU (random slopes),
Threshold, Hardshrink, Softshrink; and Tanhshrink and GLU. Each calls its function in
`nn.functional` (which calls autograd/ops/piecewise_activations.py).

Shape: any -> same (GLU halves `dim`; PReLU's slopes go along dim 1, the channels).
"""
from __future__ import annotations

import numpy as np

from autograd import Tensor
from nn import functional as F
from nn.checks import check_int, check_number
from nn.init import constant_
from nn.linear import factory_dtype
from nn.module import Module
from nn.parameter import Parameter

__all__ = ["PReLU", "RReLU", "Threshold", "Hardshrink", "Softshrink", "Tanhshrink", "GLU"]


class PReLU(Module):
    """x if x > 0 else a·x, with a learned: one slope shared by all channels
    (num_parameters=1) or one per channel (num_parameters=C, dim 1 of the input), each
    starting at `init` (0.25)."""

    def __init__(self, num_parameters: int = 1, init: float = 0.25, device=None,
                 dtype=None) -> None:
        super().__init__()
        self.num_parameters = check_int("PReLU", "num_parameters", num_parameters, low=1)
        check_number("PReLU", "init", init)
        self.init = init
        self.weight = Parameter(np.empty(num_parameters, dtype=factory_dtype(dtype, device)))
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Every slope back to `init`."""
        constant_(self.weight, self.init)

    def forward(self, input: Tensor) -> Tensor:
        return F.prelu(input, self.weight)

    def extra_repr(self) -> str:
        return f"num_parameters={self.num_parameters}"


class RReLU(Module):
    """x if x > 0 else r·x: in training r ~ U(lower, upper) drawn per element, in
    evaluation r = (lower + upper)/2."""

    def __init__(self, lower: float = 1.0 / 8, upper: float = 1.0 / 3,
                 inplace: bool = False) -> None:
        super().__init__()
        check_number("RReLU", "lower", lower)
        check_number("RReLU", "upper", upper)
        self.lower, self.upper, self.inplace = lower, upper, inplace

    def forward(self, input: Tensor) -> Tensor:
        return F.rrelu(input, self.lower, self.upper, self.training, self.inplace)

    def extra_repr(self) -> str:
        return f"lower={self.lower}, upper={self.upper}" + (", inplace=True" if self.inplace
                                                             else "")


class Threshold(Module):
    """x if x > threshold else value."""

    def __init__(self, threshold: float, value: float, inplace: bool = False) -> None:
        super().__init__()
        check_number("Threshold", "threshold", threshold)
        check_number("Threshold", "value", value)
        self.threshold, self.value, self.inplace = threshold, value, inplace

    def forward(self, input: Tensor) -> Tensor:
        return F.threshold(input, self.threshold, self.value, self.inplace)

    def extra_repr(self) -> str:
        inplace = ", inplace=True" if self.inplace else ""
        return f"threshold={self.threshold}, value={self.value}{inplace}"


class Hardshrink(Module):
    """x if |x| > lambd else 0 (lambd 0.5)."""

    function = staticmethod(F.hardshrink)

    def __init__(self, lambd: float = 0.5) -> None:
        super().__init__()
        check_number(type(self).__name__, "lambd", lambd)
        self.lambd = lambd

    def forward(self, input: Tensor) -> Tensor:
        return type(self).function(input, self.lambd)

    def extra_repr(self) -> str:
        return f"{self.lambd}"


class Softshrink(Hardshrink):
    """x - lambd above lambd, x + lambd below -lambd, else 0 (lambd 0.5)."""

    function = staticmethod(F.softshrink)


class Tanhshrink(Module):
    """x - tanh(x)."""

    def forward(self, input: Tensor) -> Tensor:
        return F.tanhshrink(input)


class GLU(Module):
    """The gated linear unit: a·sigmoid(b), a and b the halves of the input along `dim`
    (default -1), which must have an even size. Shape: (*, 2N, *) -> (*, N, *)."""

    def __init__(self, dim: int = -1) -> None:
        super().__init__()
        self.dim = check_int("GLU", "dim", dim, low=None)

    def forward(self, input: Tensor) -> Tensor:
        return F.glu(input, self.dim)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"
