"""Recurrent cells and whole-sequence layers: against PyTorch's cells (values, gradients,
second derivatives), in both directions, with and without biases; gradcheck; dtypes; errors."""
from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
from autograd.ops import (
    GRULayer, LSTMLayer, RNNLayer, gru_cell, lstm_cell, rnn_relu_cell, rnn_tanh_cell,
)
from tests.autograd.torch_compare import compare_with_torch

B, I, H, T = 3, 4, 5, 4
GATES = {"tanh": 1, "relu": 1, "lstm": 4, "gru": 3}


def _arrays(kind: str, bias: bool, seed: int = 0, steps: int | None = None) -> list:
    """x, h (and c for the LSTM), w_ih, w_hh (and b_ih, b_hh)."""
    rng = np.random.default_rng(seed)
    rows = GATES[kind] * H
    shapes = [(B, I) if steps is None else (steps, B, I), (B, H)]
    shapes += [(B, H)] if kind == "lstm" else []
    shapes += [(rows, I), (rows, H)] + ([(rows,), (rows,)] if bias else [])
    return [rng.standard_normal(s) * 0.6 for s in shapes]


def _ours_cell(kind):
    def cell(x, h, *rest):
        if kind == "lstm":
            c, *weights = rest
            return lstm_cell(x, (h, c), *weights)
        return {"tanh": rnn_tanh_cell, "relu": rnn_relu_cell, "gru": gru_cell}[kind](x, h, *rest)
    return cell


def _torch_cell(torch, kind):
    def cell(x, h, *rest):
        if kind == "lstm":
            c, *weights = rest
            return torch.lstm_cell(x, (h, c), *weights)
        name = {"tanh": "rnn_tanh_cell", "relu": "rnn_relu_cell", "gru": "gru_cell"}[kind]
        return getattr(torch, name)(x, h, *rest)
    return cell


@pytest.mark.parametrize("kind", ["tanh", "relu", "lstm", "gru"])
@pytest.mark.parametrize("bias", [True, False])
def test_cells_match_torch_to_second_order(torch, kind, bias):
    compare_with_torch(torch, _ours_cell(kind), _torch_cell(torch, kind), _arrays(kind, bias))


def _ours_layer(kind, reverse):
    def layer(x, h, *rest):
        if kind == "lstm":
            c, *weights = rest
            weights += [None] * (4 - len(weights))
            return LSTMLayer.apply(x, h, c, *weights, reverse)[:3]
        weights = list(rest) + [None] * (4 - len(rest))
        if kind == "gru":
            return GRULayer.apply(x, h, *weights, reverse)[:2]
        return RNNLayer.apply(x, h, *weights, kind, reverse)
    return layer


def _torch_layer(torch, kind, reverse):
    """PyTorch's cell run step by step: the reference for the fused layers."""
    cell = _torch_cell(torch, kind)

    def layer(x, h, *rest):
        c, weights = (rest[0], rest[1:]) if kind == "lstm" else (None, rest)
        outputs = []
        for t in (range(x.shape[0] - 1, -1, -1) if reverse else range(x.shape[0])):
            if kind == "lstm":
                h, c = cell(x[t], h, c, *weights)
            else:
                h = cell(x[t], h, *weights)
            outputs.append(h)
        out = torch.stack(outputs[::-1] if reverse else outputs)
        return (out, h, c) if kind == "lstm" else (out, h)
    return layer


@pytest.mark.parametrize("kind", ["tanh", "relu", "lstm", "gru"])
@pytest.mark.parametrize("reverse", [False, True])
@pytest.mark.parametrize("bias", [True, False])
def test_layers_match_torch_cells_to_second_order(torch, kind, reverse, bias):
    compare_with_torch(torch, _ours_layer(kind, reverse), _torch_layer(torch, kind, reverse),
                       _arrays(kind, bias, seed=1, steps=T))


@pytest.mark.parametrize("kind", ["tanh", "lstm", "gru"])
def test_layers_gradcheck(kind):
    arrays = _arrays(kind, True, seed=2, steps=3)
    inputs = [ag.tensor(a, requires_grad=True) for a in arrays]
    assert ag.gradcheck(_ours_layer(kind, True), inputs)


@pytest.mark.parametrize("kind", ["lstm", "gru"])
def test_layers_float32_match_torch(torch, kind):
    arrays = [a.astype(np.float32) for a in _arrays(kind, True, seed=3, steps=6)]
    compare_with_torch(torch, _ours_layer(kind, False), _torch_layer(torch, kind, False), arrays,
                       atol=1e-5, rtol=1e-4, second_order=False)
    out = _ours_layer(kind, False)(*[ag.tensor(a) for a in arrays])[0]
    assert out.dtype == np.float32


def test_layer_saves_only_what_the_requested_gradients_need():
    x, h, c, w_ih, w_hh, b_ih, b_hh = [ag.tensor(a) for a in _arrays("lstm", True, steps=T)]
    w_hh.requires_grad_()
    out = LSTMLayer.apply(x, h, c, w_ih, w_hh, b_ih, b_hh, False)[0]
    saved = out.grad_fn.saved
    assert saved[0] is None and saved[1] is None  # x and W_ih: no gradient needs them


def _t(*shape, dtype=np.float32):
    return ag.tensor(np.zeros(shape, dtype))


@pytest.mark.parametrize("call, message", [
    (lambda: lstm_cell(_t(2, 4), (_t(2, 5), _t(2, 5)), _t(20, 3), _t(20, 5)),
     "input has inconsistent input_size: got 4 expected 3"),
    (lambda: rnn_tanh_cell(_t(2, 3), _t(2, 5), _t(4, 3), _t(4, 4)),
     "hidden0 has inconsistent hidden_size: got 5, expected 4"),
    (lambda: gru_cell(_t(2, 3), _t(3, 4), _t(12, 3), _t(12, 4)),
     "Input batch size 2 doesn't match hidden0 batch size 3"),
    (lambda: gru_cell(_t(2, 3, dtype=np.float64), _t(2, 4), _t(12, 3), _t(12, 4)),
     "must have the same dtype"),
    (lambda: lstm_cell(_t(2, 3), (_t(2, 4),), _t(16, 3), _t(16, 4)), "pair"),
    (lambda: lstm_cell(_t(2, 3), (_t(2, 4), _t(2, 4)), _t(12, 3), _t(12, 4)),
     r"expected w_ih \(4·hidden, input_size\)"),
])
def test_cell_errors(call, message):
    with pytest.raises(RuntimeError, match=message):
        call()
