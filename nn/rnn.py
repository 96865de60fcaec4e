"""Recurrent layers over whole sequences: `RNN`, `LSTM`, `GRU` (stacked, bidirectional).

Parameter names, shapes, gate order and initialisation are PyTorch's, so state dicts move
both ways: `weight_ih_l{k}` (G·H, input), `weight_hh_l{k}` (G·H, H), `bias_ih_l{k}`,
`bias_hh_l{k}` (G·H,), with a `_reverse` suffix for the backward direction; G = 4 (LSTM:
i, f, g, o), 3 (GRU: r, z, n) or 1 (RNN). Each direction of each layer is one graph node
(autograd/ops/rnn_sequence.py), which runs its cell over the sequence.
"""
from __future__ import annotations

import math
import warnings

import numpy as np

from autograd import Tensor, cat, stack
from autograd.ops import GRULayer, LSTMLayer, RNNLayer, dropout
from autograd.ops.arguments import check_tensors
from nn.linear import factory_dtype
from nn.module import Module
from nn.rnn_cells import uniform_parameter, check_nonlinearity, check_sizes

__all__ = ["RNN", "LSTM", "GRU"]


class _RNNBase(Module):
    """Stacked, optionally bidirectional recurrent layers; subclasses say how many gates
    and how many states (h, or h and c) a layer has, and which op runs it."""

    gates, states = 1, 1

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1, bias: bool = True,
                 batch_first: bool = False, dropout: float = 0.0, bidirectional: bool = False,
                 proj_size: int = 0, device=None, dtype=None) -> None:
        super().__init__()
        name = type(self).__name__
        check_sizes(name, input_size, hidden_size)
        if isinstance(num_layers, bool) or not isinstance(num_layers, (int, np.integer)):
            raise TypeError(f"num_layers should be of type int, got: {type(num_layers).__name__}")
        if num_layers <= 0:
            raise ValueError("num_layers must be greater than zero")
        if isinstance(dropout, bool) or not isinstance(dropout, (int, float)) or \
                not 0 <= dropout <= 1:
            raise ValueError("dropout should be a number in range [0, 1] representing the "
                             "probability of an element being zeroed")
        if dropout > 0 and num_layers == 1:
            warnings.warn("dropout option adds dropout after all but last recurrent layer, so "
                          "non-zero dropout expects num_layers greater than 1, but got "
                          f"dropout={dropout} and num_layers={num_layers}", UserWarning,
                          stacklevel=3)
        if proj_size:
            raise NotImplementedError(f"{name}: proj_size (LSTM projections) is not supported")
        self.input_size, self.hidden_size, self.num_layers = input_size, hidden_size, num_layers
        self.bias, self.batch_first, self.dropout = bias, batch_first, float(dropout)
        self.bidirectional, self.proj_size = bidirectional, 0
        directions = 2 if bidirectional else 1
        dtype = factory_dtype(dtype, device)
        bound, rows = 1.0 / math.sqrt(hidden_size), self.gates * hidden_size
        for layer in range(num_layers):
            layer_input = input_size if layer == 0 else hidden_size * directions
            for direction in range(directions):
                suffix = f"_l{layer}" + ("_reverse" if direction else "")
                setattr(self, "weight_ih" + suffix,
                        uniform_parameter((rows, layer_input), bound, dtype))
                setattr(self, "weight_hh" + suffix,
                        uniform_parameter((rows, hidden_size), bound, dtype))
                if bias:
                    setattr(self, "bias_ih" + suffix, uniform_parameter((rows,), bound, dtype))
                    setattr(self, "bias_hh" + suffix, uniform_parameter((rows,), bound, dtype))

    def _weights(self, layer: int, direction: int) -> tuple:
        suffix = f"_l{layer}" + ("_reverse" if direction else "")
        params = self._parameters
        return (params["weight_ih" + suffix], params["weight_hh" + suffix],
                params.get("bias_ih" + suffix), params.get("bias_hh" + suffix))

    def forward(self, input: Tensor, hx=None):
        """input (T, B, input_size) ((B, T, input_size) with batch_first, or (T, input_size)
        unbatched); hx the initial state(s), (num_layers·D, B, H) each, or None (zeros).
        Returns (output (T, B, D·H), final state(s) (num_layers·D, B, H))."""
        x, unbatched = self._sequence_first(input)
        directions = 2 if self.bidirectional else 1
        states = self._initial_states(hx, x, unbatched)
        finals = [[] for _ in states]
        for layer in range(self.num_layers):
            outputs = []
            for direction in range(directions):
                index = layer * directions + direction
                out, *last = self._run_layer(x, [s[index] for s in states],
                                             self._weights(layer, direction), direction == 1)
                outputs.append(out)
                for collected, value in zip(finals, last):
                    collected.append(value)
            x = outputs[0] if directions == 1 else cat(outputs, dim=2)
            if self.dropout and layer < self.num_layers - 1:
                x = dropout(x, self.dropout, self.training)
        finals = [stack(collected, 0) for collected in finals]
        if unbatched:
            x, finals = x.squeeze(1), [f.squeeze(1) for f in finals]
        elif self.batch_first:
            x = x.transpose(0, 1)
        return x, (finals[0] if self.states == 1 else tuple(finals))

    def _sequence_first(self, input: Tensor) -> tuple:
        """input as (T, B, input_size), and whether it was unbatched; PyTorch's checks."""
        name = type(self).__name__
        check_tensors(name, input=input)
        if input.ndim not in (2, 3):
            raise ValueError(f"{name}: Expected input to be 2D or 3D, got {input.ndim}D instead")
        if input.shape[-1] != self.input_size:
            raise RuntimeError(f"input.size(-1) must be equal to input_size. Expected "
                               f"{self.input_size}, got {input.shape[-1]}")
        weight = self.weight_ih_l0
        if input.dtype != weight.dtype:
            raise ValueError(f"RNN input dtype ({input.dtype}) does not match weight dtype "
                             f"({weight.dtype}). Convert input: input.to({weight.dtype}), or "
                             f"convert model: model.to({input.dtype})")
        unbatched = input.ndim == 2
        x = input.unsqueeze(1) if unbatched else input.transpose(0, 1) if self.batch_first \
            else input
        if x.shape[0] == 0:
            raise RuntimeError("Expected sequence length to be larger than 0 in RNN")
        return x, unbatched

    def _initial_states(self, hx, x: Tensor, unbatched: bool) -> list:
        directions = 2 if self.bidirectional else 1
        shape = (self.num_layers * directions, x.shape[1], self.hidden_size)
        if hx is None:
            zeros = Tensor._make(np.zeros(shape, x.dtype))
            return [zeros] * self.states
        states = list(hx) if self.states == 2 else [hx]
        if self.states == 2 and len(states) != 2:
            raise RuntimeError(f"{type(self).__name__}: hx must be a pair (h_0, c_0), got "
                               f"{len(states)} tensors")
        for k, state in enumerate(states):
            if not isinstance(state, Tensor):
                raise TypeError(f"{type(self).__name__}: hx must be Tensors, got "
                                f"{type(state).__name__}")
            expected_ndim = 2 if unbatched else 3
            if state.ndim != expected_ndim:
                raise RuntimeError(f"For {'unbatched 2-D' if unbatched else 'batched 3-D'} "
                                   f"input, hx should also be {expected_ndim}-D but got "
                                   f"{state.ndim}-D tensor")
            if state.dtype != x.dtype:
                raise ValueError(f"{type(self).__name__}: hx ({state.dtype}) must have the "
                                 f"input's dtype ({x.dtype})")
            if unbatched:
                states[k] = state = state.unsqueeze(1)
            if state.shape != shape:
                which = f"hidden[{k}]" if self.states == 2 else "hidden"
                raise RuntimeError(f"Expected {which} size {shape}, got {list(state.shape)}")
        return states

    def extra_repr(self) -> str:
        text = f"{self.input_size}, {self.hidden_size}"
        if self.num_layers != 1:
            text += f", num_layers={self.num_layers}"
        if not self.bias:
            text += ", bias=False"
        if self.batch_first:
            text += ", batch_first=True"
        if self.dropout:
            text += f", dropout={self.dropout}"
        if self.bidirectional:
            text += ", bidirectional=True"
        return text


class RNN(_RNNBase):
    """Multi-layer Elman RNN: h_t = f(x_t·W_ihᵀ + b_ih + h_{t-1}·W_hhᵀ + b_hh), f = tanh
    (default) or relu.

    Args: input_size, hidden_size, num_layers=1, nonlinearity='tanh', bias=True,
        batch_first=False, dropout=0.0 (between layers, in training), bidirectional=False.
    Returns: (output (T, B, D·H), h_n (num_layers·D, B, H)), D = 2 if bidirectional else 1.
    """

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1,
                 nonlinearity: str = "tanh", bias: bool = True, batch_first: bool = False,
                 dropout: float = 0.0, bidirectional: bool = False, device=None,
                 dtype=None) -> None:
        check_nonlinearity(nonlinearity)
        super().__init__(input_size, hidden_size, num_layers, bias, batch_first, dropout,
                         bidirectional, 0, device, dtype)
        self.nonlinearity = nonlinearity

    def _run_layer(self, x, states, weights, reverse):
        return RNNLayer.apply(x, states[0], *weights, self.nonlinearity, reverse)


class LSTM(_RNNBase):
    """Multi-layer LSTM (gates i, f, g, o; PyTorch's parameter names and shapes).

    c_t = f_t·c_{t-1} + i_t·g_t;  h_t = o_t·tanh(c_t), with [i, f, g, o] = [σ, σ, tanh, σ]
    (x_t·W_ihᵀ + b_ih + h_{t-1}·W_hhᵀ + b_hh).
    Args: input_size, hidden_size, num_layers=1, bias=True, batch_first=False,
        dropout=0.0 (between layers, in training), bidirectional=False. (proj_size is not
        supported.)
    Returns: (output (T, B, D·H), (h_n, c_n) each (num_layers·D, B, H)).

    Example:
        >>> lstm = LSTM(16, 64, num_layers=2)
        >>> output, (h_n, c_n) = lstm(randn(50, 32, 16))
        >>> output.shape, h_n.shape
        ((50, 32, 64), (2, 32, 64))
    """

    gates, states = 4, 2

    def _run_layer(self, x, states, weights, reverse):
        return LSTMLayer.apply(x, states[0], states[1], *weights, reverse)[:3]


class GRU(_RNNBase):
    """Multi-layer GRU (gates r, z, n; r applied to h·W_hnᵀ + b_hn, as PyTorch).

    Args: as `LSTM`. Returns: (output (T, B, D·H), h_n (num_layers·D, B, H)).
    """

    gates = 3

    def _run_layer(self, x, states, weights, reverse):
        return GRULayer.apply(x, states[0], *weights, reverse)[:2]
