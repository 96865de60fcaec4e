"""Linear layers: `Linear` (one graph node, autograd.ops.Linear), `Bilinear`, `Identity`."""
from __future__ import annotations

import math

import numpy as np

from autograd import Tensor
from autograd.ops import bilinear, linear
from nn import init
from nn.checks import check_sizes
from nn.module import Module
from nn.parameter import Parameter

__all__ = ["factory_dtype", "Linear", "Bilinear", "Identity"]


def factory_dtype(dtype, device=None) -> np.dtype:
    """The parameter dtype of a layer (float32 by default); only the CPU exists here."""
    if device is not None and str(device) != "cpu":
        raise RuntimeError(f"only the CPU device is available, got device={device!r}")
    dtype = np.dtype(np.float32 if dtype is None else dtype)
    if dtype.kind != "f":
        raise TypeError(f"layer parameters need a floating-point dtype, got {dtype}")
    return dtype


class Linear(Module):
    """Fully connected layer: y = x @ Wᵀ + b, computed as one graph node.

    Args:
        in_features: size of each input sample.
        out_features: size of each output sample.
        bias: learn an additive bias (default True).
        dtype: parameter dtype (default float32).

    Shape: (*, in_features) -> (*, out_features).

    Initialised as PyTorch: W ~ U(-1/√in, 1/√in) (kaiming_uniform_ with a=√5),
    b ~ U(-1/√in, 1/√in).
    """

    def __init__(self, in_features: int, out_features: int, bias: bool = True, device=None,
                 dtype=None) -> None:
        super().__init__()
        check_sizes("Linear", in_features=in_features, out_features=out_features)
        self.in_features, self.out_features = in_features, out_features
        dtype = factory_dtype(dtype, device)
        self.weight = Parameter(np.empty((out_features, in_features), dtype=dtype))
        if bias:
            self.bias = Parameter(np.empty(out_features, dtype=dtype))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Re-draw the weights with PyTorch's default initialisation."""
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            bound = 1 / math.sqrt(self.in_features) if self.in_features > 0 else 0
            init.uniform_(self.bias, -bound, bound)

    def forward(self, input: Tensor) -> Tensor:
        return linear(input, self.weight, self.bias)

    def extra_repr(self) -> str:
        return (f"in_features={self.in_features}, out_features={self.out_features}, "
                f"bias={self.bias is not None}")


class Bilinear(Module):
    """Bilinear layer: y_k = x1ᵀ A_k x2 + b_k.

    Args:
        in1_features, in2_features: sizes of the two inputs.
        out_features: size of the output.
        bias: learn an additive bias (default True).
        dtype: parameter dtype (default float32).

    Shape: (*, in1), (*, in2) -> (*, out). Initialised U(-1/√in1, 1/√in1), as PyTorch.
    """

    def __init__(self, in1_features: int, in2_features: int, out_features: int,
                 bias: bool = True, device=None, dtype=None) -> None:
        super().__init__()
        check_sizes("Bilinear", in1_features=in1_features, in2_features=in2_features,
                    out_features=out_features)
        self.in1_features, self.in2_features, self.out_features = (
            in1_features, in2_features, out_features)
        dtype = factory_dtype(dtype, device)
        self.weight = Parameter(np.empty((out_features, in1_features, in2_features), dtype=dtype))
        if bias:
            self.bias = Parameter(np.empty(out_features, dtype=dtype))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Re-draw the weights with PyTorch's default initialisation."""
        bound = 1 / math.sqrt(self.in1_features)
        init.uniform_(self.weight, -bound, bound)
        if self.bias is not None:
            init.uniform_(self.bias, -bound, bound)

    def forward(self, input1: Tensor, input2: Tensor) -> Tensor:
        return bilinear(input1, input2, self.weight, self.bias)

    def extra_repr(self) -> str:
        return (f"in1_features={self.in1_features}, in2_features={self.in2_features}, "
                f"out_features={self.out_features}, bias={self.bias is not None}")


class Identity(Module):
    """Returns its input unchanged (a placeholder, e.g. to remove a layer); ignores its
    arguments."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__()

    def forward(self, input):
        return input
