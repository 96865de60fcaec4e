"""Recurrent cells, one time step each, as single nodes: Elman RNN (tanh/relu), LSTM, GRU.

Every cell starts with the same two products, the input's and the hidden state's
contributions to each gate: x·W_ihᵀ + b_ih and h·W_hhᵀ + b_hh, with the gates stacked in
PyTorch's order (LSTM: i, f, g, o; GRU: r, z, n). Each backward is derived by hand, step by
step in its docstring, and written with operators and NumPy functions, so it can be
differentiated again. What a backward needs besides the inputs (the gate activations) is
returned as an extra output of the node, so that a second derivative follows it back to
the inputs. The whole-sequence forms are in rnn_sequence.py.
"""
from __future__ import annotations

import numpy as np

from autograd.function import NumpyFunction
from autograd.ops.arguments import check_optional_tensors, check_tensor_list, check_tensors
from autograd.tensor import Tensor

__all__ = ["RNNCell", "LSTMCell", "GRUCell", "rnn_tanh_cell", "rnn_relu_cell", "lstm_cell",
           "gru_cell", "sigmoid_array", "check_cell"]


def sigmoid_array(a: np.ndarray) -> np.ndarray:
    """σ(a) = (1 + tanh(a/2)) / 2 on an array: one tanh, no overflow for large |a|."""
    return 0.5 + 0.5 * np.tanh(0.5 * a)


def _projections(x, h, w_ih, w_hh, b_ih, b_hh) -> tuple:
    """x·W_ihᵀ + b_ih and h·W_hhᵀ + b_hh (B, G·H) (forward only: arrays)."""
    xg, hg = x @ w_ih.T, h @ w_hh.T
    if b_ih is not None:
        xg += b_ih
    if b_hh is not None:
        hg += b_hh
    return xg, hg


def _save_for_weights(ctx, x, h, w_ih, w_hh, *more) -> None:
    """Save x only for W_ih's gradient and the weights only for x's and h's (h is kept:
    W_hh's gradient and the GRU's backward need it). The weights are arguments
    `ctx.weights_at` (W_ih) to `ctx.weights_at + 3` (b_hh)."""
    need, at = ctx.needs_input_grad, ctx.weights_at
    ctx.save_for_backward(x if need[at] else None, h, w_ih if need[0] else None,
                          w_hh if need[1] else None, *more)


def _input_grads(ctx, d_x_gates, d_h_gates, x, h, w_ih, w_hh) -> tuple:
    """Gradients of x, h, W_ih, W_hh, b_ih, b_hh from those of the two projections."""
    need, at = ctx.needs_input_grad, ctx.weights_at
    need_w_ih, need_w_hh, need_b_ih, need_b_hh = need[at:at + 4]
    return (d_x_gates @ w_ih if need[0] else None,
            d_h_gates @ w_hh if need[1] else None,
            d_x_gates.T @ x if need_w_ih else None,
            d_h_gates.T @ h if need_w_hh else None,
            np.sum(d_x_gates, axis=0) if need_b_ih else None,
            np.sum(d_h_gates, axis=0) if need_b_hh else None)


_DELTA = "(g * where(nonlinearity == 'tanh', 1 - out*out, out > 0))"  # δ = g·f'(pre)


class RNNCell(NumpyFunction):
    """Elman cell: h' = f(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh), f = tanh or relu.

    With δ = g·f'(pre) (tanh' = 1 - h'², relu' = 1[h' > 0]): grad_x = δ·W_ih,
    grad_h = δ·W_hh, grad_W_ih = δᵀ·x, grad_W_hh = δᵀ·h, grad_b_ih = grad_b_hh = Σ δ.
    """

    formula = "nonlinearity(a @ c.T + e + b @ d.T + f)"
    derivatives = (f"{_DELTA} @ c", f"{_DELTA} @ d", f"{_DELTA}.T @ a", f"{_DELTA}.T @ b",
                   _DELTA, _DELTA, None)

    @staticmethod
    def forward(ctx, x, h, w_ih, w_hh, b_ih, b_hh, nonlinearity):
        xg, hg = _projections(x, h, w_ih, w_hh, b_ih, b_hh)
        pre = xg + hg
        out = np.tanh(pre) if nonlinearity == "tanh" else np.maximum(pre, 0)
        ctx.weights_at = 2
        _save_for_weights(ctx, x, h, w_ih, w_hh, out)
        ctx.nonlinearity = nonlinearity
        return out

    @staticmethod
    def backward(ctx, grad):
        x, h, w_ih, w_hh, out = ctx.saved_tensors
        local = 1 - out * out if ctx.nonlinearity == "tanh" else out > 0
        delta = grad * local
        return _input_grads(ctx, delta, delta, x, h, w_ih, w_hh) + (None,)


class LSTMCell(NumpyFunction):
    """LSTM cell: [i, f, g, o] = [σ, σ, tanh, σ](x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh);
    c' = f·c + i·g;  h' = o·tanh(c'). Outputs (h', c', gates): `gates` = [i, f, g, o].

    Backward, from g_h = dL/dh', g_c = dL/dc' (and g_gates for the gates output):
        dc    = g_c + g_h·o·(1 - tanh²c')           (c' reaches L directly and through h')
        dgate = [dc·g, dc·c, dc·i, g_h·tanh c'] + g_gates   (for i, f, g, o)
        δ     = dgate · [i(1-i), f(1-f), 1-g², o(1-o)]      (through σ and tanh)
        grad_c = dc·f;  grad_x = δ·W_ih;  grad_h = δ·W_hh;  grad_W_ih = δᵀ·x;
        grad_W_hh = δᵀ·h;  grad_b_ih = grad_b_hh = Σ δ.
    """

    _delta = "lstm_delta(g, g1, g2, a, b, c, d, e, f, h)"  # δ, at the gate pre-activations
    formula = "lstm_cell(a, b, c, d, e, f, h)"
    derivatives = (f"{_delta} @ d", f"{_delta} @ e", "lstm_dc(g, g1, a, b, c, d, e, f, h)",
                   f"{_delta}.T @ a", f"{_delta}.T @ b", f"sum({_delta}, 0)", f"sum({_delta}, 0)")

    @staticmethod
    def forward(ctx, x, h, c, w_ih, w_hh, b_ih, b_hh):
        xg, hg = _projections(x, h, w_ih, w_hh, b_ih, b_hh)
        hidden = h.shape[1]
        gates = xg + hg
        gates[:, 2 * hidden:3 * hidden] = np.tanh(gates[:, 2 * hidden:3 * hidden])
        for block in (slice(0, 2 * hidden), slice(3 * hidden, None)):
            gates[:, block] = sigmoid_array(gates[:, block])
        i, f, g, o = np.split(gates, 4, axis=1)
        c_new = f * c + i * g
        h_new = o * np.tanh(c_new)
        ctx.weights_at = 3
        _save_for_weights(ctx, x, h, w_ih, w_hh, c, c_new, gates)
        return h_new, c_new, gates

    @staticmethod
    def backward(ctx, grad_h, grad_c, grad_gates):
        x, h, w_ih, w_hh, c, c_new, gates = ctx.saved_tensors
        hidden = c.shape[1]
        i, f, g, o = (gates[:, k * hidden:(k + 1) * hidden] for k in range(4))
        tanh_c = np.tanh(c_new)
        dc = grad_c + grad_h * o * (1 - tanh_c * tanh_c)
        dgates = np.concatenate([dc * g, dc * c, dc * i, grad_h * tanh_c], axis=1) + grad_gates
        local = np.concatenate([i * (1 - i), f * (1 - f), 1 - g * g, o * (1 - o)], axis=1)
        delta = dgates * local
        grad_x, grad_h0, *grad_params = _input_grads(ctx, delta, delta, x, h, w_ih, w_hh)
        grad_c0 = dc * f if ctx.needs_input_grad[2] else None
        return (grad_x, grad_h0, grad_c0, *grad_params)


class GRUCell(NumpyFunction):
    """GRU cell, with xg = x·W_ihᵀ + b_ih and hg = h·W_hhᵀ + b_hh split as [r, z, n]:
    r = σ(xg_r + hg_r);  z = σ(xg_z + hg_z);  n = tanh(xg_n + r·hg_n);
    h' = (1 - z)·n + z·h. Outputs (h', gates, hg_n): `gates` = [r, z, n].

    Backward, from g_h = dL/dh' (and g_gates, g_hn for the extra outputs):
        dn = g_h·(1 - z) + g_n;  dz = g_h·(h - n) + g_z
        δn = dn·(1 - n²);  dr = δn·hg_n + g_r;  δr = dr·r(1 - r);  δz = dz·z(1 - z)
        δx = [δr, δz, δn] (for xg);  δh = [δr, δz, δn·r + g_hn] (for hg)
        grad_x = δx·W_ih;  grad_h = g_h·z + δh·W_hh;  grad_W_ih = δxᵀ·x;
        grad_W_hh = δhᵀ·h;  grad_b_ih = Σ δx;  grad_b_hh = Σ δh.
    """

    _delta_x = "gru_delta_x(g, g1, g2, a, b, c, d, e, f)"  # δx, at x·W_ihᵀ + b_ih
    _delta_h = "gru_delta_h(g, g1, g2, a, b, c, d, e, f)"  # δh, at h·W_hhᵀ + b_hh
    formula = "gru_cell(a, b, c, d, e, f)"
    derivatives = (f"{_delta_x} @ c", f"g * gru_z(a, b, c, d, e, f) + {_delta_h} @ d",
                   f"{_delta_x}.T @ a", f"{_delta_h}.T @ b", f"sum({_delta_x}, 0)",
                   f"sum({_delta_h}, 0)")

    @staticmethod
    def forward(ctx, x, h, w_ih, w_hh, b_ih, b_hh):
        xg, hg = _projections(x, h, w_ih, w_hh, b_ih, b_hh)
        hidden = h.shape[1]
        rz = sigmoid_array(xg[:, :2 * hidden] + hg[:, :2 * hidden])
        hg_n = np.ascontiguousarray(hg[:, 2 * hidden:])
        n = np.tanh(xg[:, 2 * hidden:] + rz[:, :hidden] * hg_n)
        z = rz[:, hidden:]
        h_new = n + z * (h - n)
        gates = np.concatenate([rz, n], axis=1)
        ctx.weights_at = 2
        _save_for_weights(ctx, x, h, w_ih, w_hh, gates, hg_n)
        return h_new, gates, hg_n

    @staticmethod
    def backward(ctx, grad_h, grad_gates, grad_hn):
        x, h, w_ih, w_hh, gates, hg_n = ctx.saved_tensors
        hidden = hg_n.shape[1]
        r, z, n = (gates[:, k * hidden:(k + 1) * hidden] for k in range(3))
        g_r, g_z, g_n = (grad_gates[:, k * hidden:(k + 1) * hidden] for k in range(3))
        delta_n = (grad_h * (1 - z) + g_n) * (1 - n * n)
        delta_r = (delta_n * hg_n + g_r) * r * (1 - r)
        delta_z = (grad_h * (h - n) + g_z) * z * (1 - z)
        delta_x = np.concatenate([delta_r, delta_z, delta_n], axis=1)
        delta_h = np.concatenate([delta_r, delta_z, delta_n * r + grad_hn], axis=1)
        grad_x, grad_h0, *grad_params = _input_grads(ctx, delta_x, delta_h, x, h, w_ih, w_hh)
        if grad_h0 is not None:
            grad_h0 = grad_h0 + grad_h * z
        return (grad_x, grad_h0, *grad_params)


# --- function forms: PyTorch's torch.rnn_tanh_cell, lstm_cell, gru_cell --------------------

def check_cell(input: Tensor, states: tuple, w_ih: Tensor, w_hh: Tensor, b_ih, b_hh,
               gates: int, op: str) -> None:
    """PyTorch's checks of a cell's arguments: input (B, I), each state (B, H),
    w_ih (G·H, I), w_hh (G·H, H), biases (G·H,), one dtype."""
    if input.ndim != 2:
        raise RuntimeError(f"{op}: expected input of shape (batch, input_size), got "
                           f"{list(input.shape)}")
    hidden = w_hh.shape[-1]
    if w_ih.ndim != 2 or w_hh.ndim != 2 or w_ih.shape[0] != gates * hidden or \
            w_hh.shape[0] != gates * hidden:
        raise RuntimeError(f"{op}: expected w_ih ({gates}·hidden, input_size) and w_hh "
                           f"({gates}·hidden, hidden), got {list(w_ih.shape)} and "
                           f"{list(w_hh.shape)}")
    if input.shape[1] != w_ih.shape[1]:
        raise RuntimeError(f"input has inconsistent input_size: got {input.shape[1]} expected "
                           f"{w_ih.shape[1]}")
    for k, state in enumerate(states):
        if state.ndim != 2 or state.shape[1] != hidden:
            raise RuntimeError(f"hidden{k} has inconsistent hidden_size: got "
                               f"{state.shape[-1] if state.ndim else state.shape}, expected "
                               f"{hidden}")
        if state.shape[0] != input.shape[0]:
            raise RuntimeError(f"Input batch size {input.shape[0]} doesn't match hidden{k} "
                               f"batch size {state.shape[0]}")
    for name, b in (("b_ih", b_ih), ("b_hh", b_hh)):
        if b is not None and b.shape != (gates * hidden,):
            raise RuntimeError(f"{op}: expected {name} of shape ({gates * hidden},), got "
                               f"{list(b.shape)}")
    for t in (w_ih, w_hh, b_ih, b_hh) + tuple(states):
        if t is not None and t.dtype != input.dtype:
            raise RuntimeError(f"{op}: input ({input.dtype}) and the states and weights "
                               f"({t.dtype}) must have the same dtype")
    if input.dtype.kind != "f":
        raise RuntimeError(f"{op}: expected a floating point input, got {input.dtype}")


def _rnn_cell(input, hx, w_ih, w_hh, b_ih, b_hh, nonlinearity: str):
    op = f"rnn_{nonlinearity}_cell"
    if hx is None:
        hx = Tensor._make(np.zeros((input.shape[0], w_hh.shape[-1]), input.dtype))
    check_cell(input, (hx,), w_ih, w_hh, b_ih, b_hh, 1, op)
    return RNNCell.apply(input, hx, w_ih, w_hh, b_ih, b_hh, nonlinearity)


def rnn_tanh_cell(input, hx, w_ih, w_hh, b_ih=None, b_hh=None):
    """One Elman step: tanh(input·w_ihᵀ + b_ih + hx·w_hhᵀ + b_hh); input (B, I), hx (B, H)."""
    check_tensors("rnn_tanh_cell", input=input, hx=hx, w_ih=w_ih, w_hh=w_hh)
    check_optional_tensors("rnn_tanh_cell", b_ih=b_ih, b_hh=b_hh)
    return _rnn_cell(input, hx, w_ih, w_hh, b_ih, b_hh, "tanh")


def rnn_relu_cell(input, hx, w_ih, w_hh, b_ih=None, b_hh=None):
    """One Elman step with relu: relu(input·w_ihᵀ + b_ih + hx·w_hhᵀ + b_hh)."""
    check_tensors("rnn_relu_cell", input=input, hx=hx, w_ih=w_ih, w_hh=w_hh)
    check_optional_tensors("rnn_relu_cell", b_ih=b_ih, b_hh=b_hh)
    return _rnn_cell(input, hx, w_ih, w_hh, b_ih, b_hh, "relu")


def lstm_cell(input, hx, w_ih, w_hh, b_ih=None, b_hh=None) -> tuple:
    """One LSTM step: input (B, I), hx = (h, c) each (B, H) -> (h', c') (see `LSTMCell`)."""
    check_tensors("lstm_cell", input=input, w_ih=w_ih, w_hh=w_hh)
    check_optional_tensors("lstm_cell", b_ih=b_ih, b_hh=b_hh)
    if not isinstance(hx, (tuple, list)):
        raise TypeError(f"lstm_cell(): argument 'hx' must be a tuple of Tensors (h, c), not "
                        f"{type(hx).__name__}")
    if len(hx) != 2:
        raise RuntimeError(f"lstm_cell: hx must be a pair (h, c), got {len(hx)} tensors")
    check_tensor_list("lstm_cell", "hx", hx)
    check_cell(input, tuple(hx), w_ih, w_hh, b_ih, b_hh, 4, "lstm_cell")
    h, c, _ = LSTMCell.apply(input, hx[0], hx[1], w_ih, w_hh, b_ih, b_hh)
    return h, c


def gru_cell(input, hx, w_ih, w_hh, b_ih=None, b_hh=None):
    """One GRU step: input (B, I), hx (B, H) -> h' (B, H) (see `GRUCell`)."""
    check_tensors("gru_cell", input=input, hx=hx, w_ih=w_ih, w_hh=w_hh)
    check_optional_tensors("gru_cell", b_ih=b_ih, b_hh=b_hh)
    check_cell(input, (hx,), w_ih, w_hh, b_ih, b_hh, 3, "gru_cell")
    return GRUCell.apply(input, hx, w_ih, w_hh, b_ih, b_hh)[0]
