"""Linear layers: `Linear` (one fused graph node), `Bilinear`, `Identity`, `Flatten`."""
from __future__ import annotations

import math

import numpy as np

from autograd import Function, Tensor
from nn import init
from nn.module import Module
from nn.parameter import Parameter

__all__ = ["LinearFunction", "linear", "bilinear", "check_sizes", "Linear", "Bilinear", "Identity",
           "Flatten"]


class LinearFunction(Function):
    """Affine map. y = x @ Wᵀ + b;  dy/dx = g @ W,  dy/dW = gᵀ @ x,  dy/db = Σ g over the batch.

    x: (*, in), W: (out, in), b: (out,) or None; y: (*, out). One node in the graph,
    its backward written with Tensor ops so it can be differentiated again.
    """

    formula, derivatives = "a @ bᵀ + c", ("g @ b", "gᵀ @ a", "Σ g")

    @staticmethod
    def forward(ctx, x, weight, bias):
        ctx.save_for_backward(x, weight)
        out = np.matmul(x, weight.T)
        if bias is not None:
            out += bias
        return out

    @staticmethod
    def backward(ctx, grad):
        x, weight = ctx.saved_tensors
        need_x, need_weight, need_bias = ctx.needs_input_grad
        grad_x = grad @ weight if need_x else None
        if grad.ndim != 2:
            grad = grad.reshape(-1, weight.shape[0])
        grad_weight = None
        if need_weight:
            grad_weight = grad.mT @ (x if x.ndim == 2 else x.reshape(-1, weight.shape[1]))
        grad_bias = grad.sum(0) if need_bias else None
        return grad_x, grad_weight, grad_bias


def linear(input: Tensor, weight: Tensor, bias: Tensor | None = None) -> Tensor:
    """y = input @ weightᵀ + bias.

    Shape: input (*, in_features), weight (out_features, in_features),
    bias (out_features,) -> (*, out_features).
    """
    if input.shape[-1:] != weight.shape[1:] or weight.ndim != 2:
        raise ValueError(f"linear: input of shape {tuple(input.shape)} needs {weight.shape[-1]} "
                         f"features in its last dimension to match weight of shape "
                         f"{tuple(weight.shape)} (out_features, in_features)")
    if bias is not None and bias.shape != weight.shape[:1]:
        raise ValueError(f"linear: bias of shape {tuple(bias.shape)} does not match "
                         f"out_features={weight.shape[0]}")
    return LinearFunction.apply(input, weight, bias)


def bilinear(input1: Tensor, input2: Tensor, weight: Tensor, bias: Tensor | None = None) -> Tensor:
    """y_k = x1ᵀ A_k x2 + b_k.

    Shape: input1 (*, in1), input2 (*, in2), weight (out, in1, in2), bias (out,) -> (*, out).
    """
    out_features, in1, in2 = weight.shape
    if input1.shape[-1] != in1 or input2.shape[-1] != in2 or input1.shape[:-1] != input2.shape[:-1]:
        raise ValueError(f"bilinear: inputs of shapes {tuple(input1.shape)} and {tuple(input2.shape)} "
                         f"do not fit weight of shape {tuple(weight.shape)} (out, in1, in2); they "
                         "need equal leading dims and last dims in1, in2")
    batch = input1.shape[:-1]
    x1 = input1.reshape(-1, in1)
    x2 = input2.reshape(-1, in2)
    mixed = (x1 @ weight.permute(1, 0, 2).reshape(in1, out_features * in2)).reshape(-1, out_features, in2)
    out = (mixed * x2.unsqueeze(1)).sum(-1)
    if bias is not None:
        out = out + bias
    return out.reshape(*batch, out_features)


def check_sizes(layer: str, **sizes) -> None:
    """Raise a ValueError naming the argument when a layer size is not a non-negative int."""
    for name, size in sizes.items():
        if isinstance(size, bool) or not isinstance(size, (int, np.integer)) or size < 0:
            raise ValueError(f"{layer}: {name} must be a non-negative integer, got {size!r}")


def _factory_dtype(dtype) -> np.dtype:
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

    def __init__(self, in_features: int, out_features: int, bias: bool = True, dtype=None) -> None:
        super().__init__()
        check_sizes("Linear", in_features=in_features, out_features=out_features)
        self.in_features, self.out_features = in_features, out_features
        dtype = _factory_dtype(dtype)
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
        return f"in_features={self.in_features}, out_features={self.out_features}, bias={self.bias is not None}"


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
                 bias: bool = True, dtype=None) -> None:
        super().__init__()
        check_sizes("Bilinear", in1_features=in1_features, in2_features=in2_features,
                    out_features=out_features)
        self.in1_features, self.in2_features, self.out_features = in1_features, in2_features, out_features
        dtype = _factory_dtype(dtype)
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
    """Returns its input unchanged (a placeholder, e.g. to remove a layer); ignores its arguments."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__()

    def forward(self, input):
        return input


class Flatten(Module):
    """Flattens dims start_dim..end_dim into one: (N, C, H, W) -> (N, C·H·W) by default."""

    def __init__(self, start_dim: int = 1, end_dim: int = -1) -> None:
        super().__init__()
        self.start_dim, self.end_dim = start_dim, end_dim

    def forward(self, input: Tensor) -> Tensor:
        return input.flatten(self.start_dim, self.end_dim)

    def extra_repr(self) -> str:
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"
