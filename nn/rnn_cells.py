"""Recurrent cells, one time step each: `RNNCell`, `LSTMCell`, `GRUCell`.

Each holds PyTorch's parameters (names, shapes, gate order: LSTM i, f, g, o; GRU r, z, n)
and calls its op (autograd/ops/rnn.py: one graph node per step):
    weight_ih (G·hidden_size, input_size), weight_hh (G·hidden_size, hidden_size),
    bias_ih, bias_hh (G·hidden_size,), all drawn from U(-1/√hidden_size, 1/√hidden_size).
"""
from __future__ import annotations

import math

import numpy as np

from autograd import Tensor
from autograd.ops import gru_cell, lstm_cell, rnn_relu_cell, rnn_tanh_cell
from autograd.ops.arguments import check_tensor_list, check_tensors
from nn import init
from nn.linear import factory_dtype
from nn.module import Module
from nn.parameter import Parameter

__all__ = ["RNNCell", "LSTMCell", "GRUCell", "uniform_parameter", "check_sizes",
           "check_nonlinearity"]


def uniform_parameter(shape: tuple, bound: float, dtype) -> Parameter:
    """A parameter drawn from U(-bound, bound), as PyTorch's reset_parameters draws each
    parameter in turn (in the order they are registered)."""
    return init.uniform_(Parameter(np.empty(shape, dtype=dtype)), -bound, bound)


def check_sizes(name: str, input_size: int, hidden_size: int) -> None:
    """input_size and hidden_size must be ints, hidden_size positive (PyTorch's ValueErrors)."""
    for what, value in (("input_size", input_size), ("hidden_size", hidden_size)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
            raise TypeError(f"{name}: {what} should be of type int, got: {value!r}")
        if value < 0:
            raise ValueError(f"{name}: {what} must be non-negative, got {value!r}")
    if hidden_size <= 0:
        raise ValueError("hidden_size must be greater than zero")


def check_nonlinearity(nonlinearity: str) -> None:
    if nonlinearity not in ("tanh", "relu"):
        raise ValueError(f"Unknown nonlinearity '{nonlinearity}'. Select from 'tanh' or 'relu'.")


class _CellBase(Module):
    """Parameters of a cell with `gates` gates, drawn as PyTorch's (weights, then biases)."""

    gates = 1

    def __init__(self, input_size: int, hidden_size: int, bias: bool, device=None,
                 dtype=None) -> None:
        super().__init__()
        check_sizes(type(self).__name__, input_size, hidden_size)
        self.input_size, self.hidden_size, self.bias = input_size, hidden_size, bias
        dtype = factory_dtype(dtype, device)
        bound, rows = 1.0 / math.sqrt(hidden_size), self.gates * hidden_size
        self.weight_ih = uniform_parameter((rows, input_size), bound, dtype)
        self.weight_hh = uniform_parameter((rows, hidden_size), bound, dtype)
        if bias:
            self.bias_ih = uniform_parameter((rows,), bound, dtype)
            self.bias_hh = uniform_parameter((rows,), bound, dtype)
        else:
            self.register_parameter("bias_ih", None)
            self.register_parameter("bias_hh", None)

    def _weights(self) -> tuple:
        return self.weight_ih, self.weight_hh, self.bias_ih, self.bias_hh

    def _batched(self, input: Tensor, hx, count: int) -> tuple:
        """(input, states, unbatched): a 1-D input (and its states) become a batch of one;
        missing states are zeros."""
        name = type(self).__name__
        check_tensors(name, input=input)
        if input.ndim not in (1, 2):
            raise ValueError(f"{name}: Expected input to be 1D or 2D, got {input.ndim}D instead")
        unbatched = input.ndim == 1
        batch = input.unsqueeze(0) if unbatched else input
        if hx is None:
            zeros = Tensor._make(np.zeros((batch.shape[0], self.hidden_size), batch.dtype))
            return batch, (zeros,) * count, unbatched
        if count == 2 and not isinstance(hx, (tuple, list)):
            raise TypeError(f"{name}: hx must be a pair (h_0, c_0) of Tensors, got "
                            f"{type(hx).__name__}")
        states = tuple(hx) if count == 2 else (hx,)
        if len(states) != count:
            raise RuntimeError(f"{name}: hx must be a pair (h_0, c_0), got {len(states)} tensors")
        if count == 2:
            check_tensor_list(name, "hx", states)
        else:
            check_tensors(name, hx=hx)
        for k, state in enumerate(states):
            if state.ndim != input.ndim:
                raise RuntimeError(f"{name}: Expected hidden{k} to be "
                                   f"{input.ndim}D for {input.ndim}D input, got {state.ndim}D")
        if unbatched:
            states = tuple(s.unsqueeze(0) for s in states)
        return batch, states, unbatched

    def extra_repr(self) -> str:
        text = f"{self.input_size}, {self.hidden_size}"
        return text if self.bias else text + ", bias=False"


class RNNCell(_CellBase):
    """Elman cell: h' = f(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh), f = tanh (default) or relu.

    Shape: input (B, input_size) or (input_size,), hx like h' or None (zeros) -> h'
    (B, hidden_size).
    """

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True,
                 nonlinearity: str = "tanh", device=None, dtype=None) -> None:
        check_nonlinearity(nonlinearity)
        super().__init__(input_size, hidden_size, bias, device, dtype)
        self.nonlinearity = nonlinearity

    def forward(self, input: Tensor, hx: Tensor | None = None) -> Tensor:
        input, (h,), unbatched = self._batched(input, hx, 1)
        step = rnn_tanh_cell if self.nonlinearity == "tanh" else rnn_relu_cell
        out = step(input, h, *self._weights())
        return out.squeeze(0) if unbatched else out

    def extra_repr(self) -> str:
        text = super().extra_repr()
        return text if self.nonlinearity == "tanh" else text + f", nonlinearity={self.nonlinearity}"


class LSTMCell(_CellBase):
    """LSTM cell: [i, f, g, o] = [σ, σ, tanh, σ](x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh);
    c' = f·c + i·g;  h' = o·tanh(c'). One graph node (autograd.ops.LSTMCell).

    Shape: input (B, input_size), hx = (h, c) each (B, hidden_size), or None (zeros)
    -> (h', c').

    Example:
        >>> cell = LSTMCell(16, 64)
        >>> h, c = cell(randn(32, 16))
        >>> h, c = cell(randn(32, 16), (h, c))
    """

    gates = 4

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True, device=None,
                 dtype=None) -> None:
        super().__init__(input_size, hidden_size, bias, device, dtype)

    def forward(self, input: Tensor, hx: tuple | None = None) -> tuple:
        input, states, unbatched = self._batched(input, hx, 2)
        h, c = lstm_cell(input, states, *self._weights())
        return (h.squeeze(0), c.squeeze(0)) if unbatched else (h, c)


class GRUCell(_CellBase):
    """GRU cell: r, z = σ(x·W_irᵀ + b_ir + h·W_hrᵀ + b_hr), σ(... z ...);
    n = tanh(x·W_inᵀ + b_in + r·(h·W_hnᵀ + b_hn));  h' = (1 - z)·n + z·h.

    Shape: input (B, input_size), hx (B, hidden_size) or None (zeros) -> h' (B, hidden_size).
    """

    gates = 3

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True, device=None,
                 dtype=None) -> None:
        super().__init__(input_size, hidden_size, bias, device, dtype)

    def forward(self, input: Tensor, hx: Tensor | None = None) -> Tensor:
        input, (h,), unbatched = self._batched(input, hx, 1)
        out = gru_cell(input, h, *self._weights())
        return out.squeeze(0) if unbatched else out
