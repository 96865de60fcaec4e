"""Recurrent layers: `RNN`, `LSTM`, `GRU` and their cells, each a fused op with a hand-written backward.

Gate order, parameter names and shapes follow PyTorch, so state dicts interchange:
`weight_ih_l{k}` (G·H, input), `weight_hh_l{k}` (G·H, H), `bias_ih_l{k}`, `bias_hh_l{k}` (G·H,),
with a `_reverse` suffix for the backward direction; G = 4 (LSTM: i, f, g, o), 3 (GRU: r, z, n)
or 1 (RNN). A whole layer (one direction over the whole sequence) is one graph node: the input
projection is one matrix product over all time steps, the recurrence a loop over time in NumPy,
and backward (backpropagation through time) the same loop reversed, ending with one matrix
product per weight. The cells are the same ops run for one step. Backwards are computed in
NumPy: these ops are differentiable once (differentiating their gradients again raises).
"""
from __future__ import annotations

import math

import numpy as np

from autograd import Function, Tensor, cat, stack
from nn import init
from nn.dropout import dropout
from nn.module import Module
from nn.numpy_backward import once_differentiable
from nn.parameter import Parameter

__all__ = [
    "RNNCell", "LSTMCell", "GRUCell", "RNN", "LSTM", "GRU",
    "RNNCellFunction", "LSTMCellFunction", "GRUCellFunction",
    "RNNLayerFunction", "LSTMLayerFunction", "GRULayerFunction",
]


def _sigmoid(a: np.ndarray) -> np.ndarray:
    """σ(a) = (1 + tanh(a/2)) / 2: no overflow warning for large |a|."""
    out = np.tanh(a * 0.5)
    out *= 0.5
    out += 0.5
    return out


# --- the cell maths, in NumPy, over a whole sequence ----------------------------------------
# Each kind runs the recurrence given the input projection xg (T, B, G·H) in processing order
# and returns the hidden states hs (T+1, B, H) (hs[0] = h0) plus what its backward needs; its
# backward returns the gradients of the input projection and of the hidden projection
# hg = h @ W_hhᵀ + b_hh, per step, and of the initial state(s).

class _LSTMMaths:
    """c' = f·c + i·g,  h' = o·tanh(c'),  [i, f, g, o] = [σ, σ, tanh, σ](xg + hg).

    With σ(a) = (1 + tanh(a/2))/2, all four gates are one tanh of the pre-activations
    scaled by s = [½, ½, 1, ½] (folded into xg and W_hh once), then ·s + [½, ½, 0, ½].
    """

    gates = 4

    @staticmethod
    def forward(xg, h0, c0, w_hh_t, b_hh):
        steps, batch, hidden = xg.shape[0], h0.shape[0], h0.shape[1]
        dtype = xg.dtype
        hs = np.empty((steps + 1, batch, hidden), dtype=dtype)
        cs = np.empty((steps + 1, batch, hidden), dtype=dtype)
        acts = np.empty(xg.shape, dtype=dtype)
        tanh_cs = np.empty((steps, batch, hidden), dtype=dtype)
        hs[0], cs[0] = h0, c0
        h2, h3 = 2 * hidden, 3 * hidden
        scale = np.full(4 * hidden, 0.5, dtype=dtype)
        scale[h2:h3] = 1.0
        shift = np.full(4 * hidden, 0.5, dtype=dtype)
        shift[h2:h3] = 0.0
        if b_hh is not None:
            xg += b_hh
        xg *= scale
        w_hh_t = w_hh_t * scale
        for t in range(steps):
            a = acts[t]
            np.matmul(hs[t], w_hh_t, out=a)
            a += xg[t]
            np.tanh(a, out=a)
            a *= scale
            a += shift
            c = cs[t + 1]
            np.multiply(a[:, hidden:h2], cs[t], out=c)
            c += a[:, :hidden] * a[:, h2:h3]
            np.tanh(c, out=tanh_cs[t])
            np.multiply(a[:, h3:], tanh_cs[t], out=hs[t + 1])
        return hs, cs[steps], (cs, acts, tanh_cs)

    @staticmethod
    def backward(cache, hs, grad_hs, grad_h, grad_c, w_hh):
        cs, acts, tanh_cs = cache
        steps, hidden = acts.shape[0], hs.shape[2]
        h2, h3 = 2 * hidden, 3 * hidden
        local = acts * (1 - acts)  # σ' = σ(1 - σ) for i, f, o; tanh' = 1 - g² for g
        g_all = acts[..., h2:h3]
        np.subtract(1, g_all * g_all, out=local[..., h2:h3])
        tanh_grad = 1 - tanh_cs * tanh_cs
        grad_gates = np.empty(acts.shape, dtype=acts.dtype)
        for t in range(steps - 1, -1, -1):
            dh = grad_h + grad_hs[t]
            a, da = acts[t], grad_gates[t]
            dc = dh * a[:, h3:]
            dc *= tanh_grad[t]
            dc += grad_c
            np.multiply(dc, a[:, h2:h3], out=da[:, :hidden])    # di = dc·g
            np.multiply(dc, cs[t], out=da[:, hidden:h2])        # df = dc·c_prev
            np.multiply(dc, a[:, :hidden], out=da[:, h2:h3])    # dg = dc·i
            np.multiply(dh, tanh_cs[t], out=da[:, h3:])         # do = dh·tanh(c)
            da *= local[t]
            grad_c = dc * a[:, hidden:h2]
            grad_h = da @ w_hh
        return grad_gates, grad_gates, grad_h, grad_c


class _GRUMaths:
    """r, z = σ(xg + hg) (first two gates), n = tanh(xg_n + r·hg_n), h' = (1 - z)·n + z·h."""

    gates = 3

    @staticmethod
    def forward(xg, h0, c0, w_hh_t, b_hh):
        steps, batch, hidden = xg.shape[0], h0.shape[0], h0.shape[1]
        dtype = xg.dtype
        hs = np.empty((steps + 1, batch, hidden), dtype=dtype)
        acts = np.empty(xg.shape, dtype=dtype)
        hg_n = np.empty((steps, batch, hidden), dtype=dtype)
        hs[0] = h0
        h2 = 2 * hidden
        for t in range(steps):
            hg = hs[t] @ w_hh_t
            if b_hh is not None:
                hg += b_hh
            a = acts[t]
            hg_n[t] = hg[:, h2:]
            a[:, :h2] = _sigmoid(xg[t, :, :h2] + hg[:, :h2])
            n = a[:, h2:]
            np.multiply(a[:, :hidden], hg[:, h2:], out=n)
            n += xg[t, :, h2:]
            np.tanh(n, out=n)
            h = hs[t + 1]
            np.subtract(hs[t], n, out=h)
            h *= a[:, hidden:h2]
            h += n
        return hs, None, (acts, hg_n)

    @staticmethod
    def backward(cache, hs, grad_hs, grad_h, grad_c, w_hh):
        acts, hg_n = cache
        steps, hidden = acts.shape[0], hs.shape[2]
        h2 = 2 * hidden
        grad_x_gates = np.empty(acts.shape, dtype=acts.dtype)
        grad_h_gates = np.empty(acts.shape, dtype=acts.dtype)
        for t in range(steps - 1, -1, -1):
            dh = grad_h + grad_hs[t]
            a, dx, dhg = acts[t], grad_x_gates[t], grad_h_gates[t]
            r, z, n = a[:, :hidden], a[:, hidden:h2], a[:, h2:]
            dn = dh * (1 - z) * (1 - n * n)
            dx[:, h2:] = dn
            np.multiply(dn, r, out=dhg[:, h2:])
            np.multiply(dn * hg_n[t], r * (1 - r), out=dx[:, :hidden])
            np.multiply(dh * (hs[t] - n), z * (1 - z), out=dx[:, hidden:h2])
            dhg[:, :h2] = dx[:, :h2]
            grad_h = dh * z + dhg @ w_hh
        return grad_x_gates, grad_h_gates, grad_h, None


class _RNNMaths:
    """h' = f(xg + hg) with f = tanh or relu."""

    gates = 1

    def __init__(self, nonlinearity: str) -> None:
        self.relu = nonlinearity == "relu"

    def forward(self, xg, h0, c0, w_hh_t, b_hh):
        steps, batch, hidden = xg.shape[0], h0.shape[0], h0.shape[1]
        hs = np.empty((steps + 1, batch, hidden), dtype=xg.dtype)
        hs[0] = h0
        if b_hh is not None:
            xg += b_hh
        for t in range(steps):
            h = hs[t + 1]
            np.matmul(hs[t], w_hh_t, out=h)
            h += xg[t]
            if self.relu:
                np.maximum(h, 0, out=h)
            else:
                np.tanh(h, out=h)
        return hs, None, ()

    def backward(self, cache, hs, grad_hs, grad_h, grad_c, w_hh):
        grad_pre = np.empty(grad_hs.shape, dtype=hs.dtype)
        for t in range(grad_hs.shape[0] - 1, -1, -1):
            dh = grad_h + grad_hs[t]
            h = hs[t + 1]
            if self.relu:
                np.multiply(dh, h > 0, out=grad_pre[t])
            else:
                np.multiply(dh, 1 - h * h, out=grad_pre[t])
            grad_h = grad_pre[t] @ w_hh
        return grad_pre, grad_pre, grad_h, None


_KINDS = {"LSTM": _LSTMMaths(), "GRU": _GRUMaths(),
          "RNN_TANH": _RNNMaths("tanh"), "RNN_RELU": _RNNMaths("relu")}


def _layer_forward(ctx, kind: str, x, h0, c0, w_ih, w_hh, b_ih, b_hh, reverse: bool):
    """Run one direction of one layer over x (T, B, I); return (output, h_T, c_T)."""
    maths = _KINDS[kind]
    if x.ndim != 3 or x.shape[2] != w_ih.shape[1]:
        raise ValueError(
            f"{kind}: input must have shape (seq_len, batch, {w_ih.shape[1]}), got {x.shape}")
    hidden = w_hh.shape[1]
    expected = (x.shape[1], hidden)
    for name, state in (("h0", h0), ("c0", c0)):
        if state is not None and state.shape != expected:
            raise ValueError(f"{kind}: {name} must have shape {expected}, got {state.shape}")
    seq = x[::-1] if reverse else x
    xg = seq @ w_ih.T
    if b_ih is not None:
        xg += b_ih
    hs, c_last, cache = maths.forward(xg, h0, c0, np.ascontiguousarray(w_hh.T), b_hh)
    ctx.save_for_backward(x, w_ih, w_hh, hs, *cache)
    ctx.layer = (kind, reverse, b_ih is not None, b_hh is not None)
    # Outputs are copies: an in-place edit of them must not change what backward reads.
    out = (hs[1:][::-1] if reverse else hs[1:]).copy()
    return out, hs[-1].copy(), None if c_last is None else c_last.copy()


def _layer_backward(ctx, grad_out, grad_h, grad_c):
    """Backpropagation through time; gradients for (x, h0, c0, w_ih, w_hh, b_ih, b_hh)."""
    kind, reverse, has_b_ih, has_b_hh = ctx.layer
    maths = _KINDS[kind]
    saved_tensors = ctx.saved_tensors
    saved = [t.data for t in saved_tensors]
    x, w_ih, w_hh, hs, cache = saved[0], saved[1], saved[2], saved[3], saved[4:]
    grad_hs = grad_out.data[::-1] if reverse else grad_out.data
    grad_xg, grad_hg, grad_h0, grad_c0 = maths.backward(
        cache, hs, grad_hs, grad_h.data, None if grad_c is None else grad_c.data, w_hh)
    seq = x[::-1] if reverse else x
    gates = grad_xg.shape[2]
    flat_xg, flat_hg = grad_xg.reshape(-1, gates), grad_hg.reshape(-1, gates)
    grad_x = None
    if ctx.needs_input_grad[0]:
        grad_x = grad_xg @ w_ih
        if reverse:
            grad_x = grad_x[::-1]
    grad_w_ih = flat_xg.T @ seq.reshape(-1, seq.shape[2])
    grad_w_hh = flat_hg.T @ hs[:-1].reshape(-1, hs.shape[2])
    grad_b_ih = flat_xg.sum(0) if has_b_ih else None
    grad_b_hh = flat_hg.sum(0) if has_b_hh else None
    grads = (grad_x, grad_h0, grad_c0, grad_w_ih, grad_w_hh, grad_b_ih, grad_b_hh)
    return once_differentiable(ctx.fn.__name__, grads, grad_out, grad_h, grad_c,
                               *saved_tensors[:3])


class LSTMLayerFunction(Function):
    """LSTM over a sequence (one direction of one layer).

    [i,f,g,o] = [σ,σ,tanh,σ](W_ih x_t + b_ih + W_hh h_{t-1} + b_hh); c_t = f·c_{t-1} + i·g;
    h_t = o·tanh(c_t).

    forward(x (T, B, I), h0 (B, H), c0 (B, H), w_ih, w_hh, b_ih, b_hh, reverse) ->
    (output (T, B, H), h_T, c_T). Backward: BPTT in NumPy (differentiable once).
    """

    formula = "lstm(x, h0, c0, W_ih, W_hh, b_ih, b_hh)"
    derivatives = ("BPTT", "BPTT", "BPTT", "Σ_t δ_tᵀ x_t", "Σ_t δ_tᵀ h_{t-1}", "Σ_t δ_t",
                   "Σ_t δ_t")

    @staticmethod
    def forward(ctx, x, h0, c0, w_ih, w_hh, b_ih, b_hh, reverse):
        return _layer_forward(ctx, "LSTM", x, h0, c0, w_ih, w_hh, b_ih, b_hh, reverse)

    @staticmethod
    def backward(ctx, grad_out, grad_h, grad_c):
        return _layer_backward(ctx, grad_out, grad_h, grad_c) + (None,)


class GRULayerFunction(Function):
    """GRU over a sequence (one direction of one layer).

    r, z = σ(W_i x_t + b_i + W_h h_{t-1} + b_h); n = tanh(W_in x_t + b_in + r·(W_hn h_{t-1} + b_hn));
    h_t = (1 - z)·n + z·h_{t-1}.

    forward(x (T, B, I), h0 (B, H), w_ih, w_hh, b_ih, b_hh, reverse) -> (output (T, B, H), h_T).
    Backward: BPTT in NumPy (differentiable once).
    """

    formula = "gru(x, h0, W_ih, W_hh, b_ih, b_hh)"
    derivatives = ("BPTT", "BPTT", "Σ_t δ_tᵀ x_t", "Σ_t δ_tᵀ h_{t-1}", "Σ_t δ_t", "Σ_t δ_t")

    @staticmethod
    def forward(ctx, x, h0, w_ih, w_hh, b_ih, b_hh, reverse):
        out, h_last, _ = _layer_forward(ctx, "GRU", x, h0, None, w_ih, w_hh, b_ih, b_hh, reverse)
        return out, h_last

    @staticmethod
    def backward(ctx, grad_out, grad_h):
        grad_x, grad_h0, _, *grad_params = _layer_backward(ctx, grad_out, grad_h, None)
        return (grad_x, grad_h0, *grad_params, None)


class RNNLayerFunction(Function):
    """Elman RNN over a sequence. h_t = f(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh), f = tanh or relu.

    forward(x (T, B, I), h0 (B, H), w_ih, w_hh, b_ih, b_hh, nonlinearity, reverse) ->
    (output (T, B, H), h_T). Backward: BPTT in NumPy (differentiable once).
    """

    formula = "rnn(x, h0, W_ih, W_hh, b_ih, b_hh)"
    derivatives = ("BPTT", "BPTT", "Σ_t δ_tᵀ x_t", "Σ_t δ_tᵀ h_{t-1}", "Σ_t δ_t", "Σ_t δ_t")

    @staticmethod
    def forward(ctx, x, h0, w_ih, w_hh, b_ih, b_hh, nonlinearity, reverse):
        kind = "RNN_RELU" if nonlinearity == "relu" else "RNN_TANH"
        out, h_last, _ = _layer_forward(ctx, kind, x, h0, None, w_ih, w_hh, b_ih, b_hh, reverse)
        return out, h_last

    @staticmethod
    def backward(ctx, grad_out, grad_h):
        grad_x, grad_h0, _, *grad_params = _layer_backward(ctx, grad_out, grad_h, None)
        return (grad_x, grad_h0, *grad_params, None, None)


class LSTMCellFunction(Function):
    """One LSTM step, one fused node.

    [i,f,g,o] = [σ,σ,tanh,σ](x W_ihᵀ + b_ih + h W_hhᵀ + b_hh); c' = f·c + i·g; h' = o·tanh(c').

    forward(x (B, I), h (B, H), c (B, H), w_ih, w_hh, b_ih, b_hh) -> (h', c'). With
    δ = dL/d(gates): dW_ih = δᵀx, dW_hh = δᵀh, db = Σδ, dx = δ W_ih, dh = δ W_hh, dc = dc'·f.
    Hand-written backward in NumPy (differentiable once).
    """

    formula = "lstm_cell(x, h, c, W_ih, W_hh, b_ih, b_hh)"
    derivatives = ("δ W_ih", "δ W_hh", "dc'·f", "δᵀ x", "δᵀ h", "Σ δ", "Σ δ")

    @staticmethod
    def forward(ctx, x, h, c, w_ih, w_hh, b_ih, b_hh):
        _check_cell_input("LSTMCell", x, w_ih)
        _, h_new, c_new = _layer_forward(ctx, "LSTM", x[None], h, c, w_ih, w_hh, b_ih, b_hh, False)
        return h_new, c_new

    @staticmethod
    def backward(ctx, grad_h, grad_c):
        grad_x, *rest = _layer_backward(ctx, _no_step_grad(grad_h), grad_h, grad_c)
        return (None if grad_x is None else grad_x[0], *rest)


class GRUCellFunction(Function):
    """One GRU step, one fused node.

    r, z = σ(x W_iᵀ + b_i + h W_hᵀ + b_h); n = tanh(x W_inᵀ + b_in + r·(h W_hnᵀ + b_hn));
    h' = (1 - z)·n + z·h.

    forward(x (B, I), h (B, H), w_ih, w_hh, b_ih, b_hh) -> h'. Hand-written backward in
    NumPy (differentiable once).
    """

    formula = "gru_cell(x, h, W_ih, W_hh, b_ih, b_hh)"
    derivatives = ("δ_x W_ih", "δ_h W_hh + dh'·z", "δ_xᵀ x", "δ_hᵀ h", "Σ δ_x", "Σ δ_h")

    @staticmethod
    def forward(ctx, x, h, w_ih, w_hh, b_ih, b_hh):
        _check_cell_input("GRUCell", x, w_ih)
        return _layer_forward(ctx, "GRU", x[None], h, None, w_ih, w_hh, b_ih, b_hh, False)[1]

    @staticmethod
    def backward(ctx, grad_h):
        grad_x, grad_h0, _, *grad_params = _layer_backward(ctx, _no_step_grad(grad_h), grad_h, None)
        return (None if grad_x is None else grad_x[0], grad_h0, *grad_params)


class RNNCellFunction(Function):
    """One Elman RNN step. h' = f(x W_ihᵀ + b_ih + h W_hhᵀ + b_hh), f = tanh or relu; δ = dh'·f'.

    forward(x (B, I), h (B, H), w_ih, w_hh, b_ih, b_hh, nonlinearity) -> h'.
    Hand-written backward in NumPy (differentiable once).
    """

    formula = "f(x W_ihᵀ + b_ih + h W_hhᵀ + b_hh)"
    derivatives = ("δ W_ih", "δ W_hh", "δᵀ x", "δᵀ h", "Σ δ", "Σ δ")

    @staticmethod
    def forward(ctx, x, h, w_ih, w_hh, b_ih, b_hh, nonlinearity):
        _check_cell_input("RNNCell", x, w_ih)
        kind = "RNN_RELU" if nonlinearity == "relu" else "RNN_TANH"
        return _layer_forward(ctx, kind, x[None], h, None, w_ih, w_hh, b_ih, b_hh, False)[1]

    @staticmethod
    def backward(ctx, grad_h):
        grad_x, grad_h0, _, *grad_params = _layer_backward(ctx, _no_step_grad(grad_h), grad_h, None)
        return (None if grad_x is None else grad_x[0], grad_h0, *grad_params, None)


def _check_cell_input(name: str, x: np.ndarray, w_ih: np.ndarray) -> None:
    if x.ndim != 2 or x.shape[1] != w_ih.shape[1]:
        raise ValueError(f"{name}: input must have shape (batch, {w_ih.shape[1]}), got {x.shape}")


def _no_step_grad(grad_h: Tensor) -> Tensor:
    """A cell has no per-step output besides h': a zero gradient for the sequence output."""
    return Tensor._make(np.zeros((1,) + grad_h.shape, dtype=grad_h.dtype), False, None, 0)


# --- modules --------------------------------------------------------------------------------

def _uniform(shape: tuple, bound: float, dtype) -> Parameter:
    """A parameter drawn from U(-bound, bound), as PyTorch's reset_parameters draws each
    parameter in turn (in the order they are registered)."""
    return init.uniform_(Parameter(np.empty(shape, dtype=dtype)), -bound, bound)


def _check_sizes(name: str, input_size: int, hidden_size: int) -> None:
    for what, value in (("input_size", input_size), ("hidden_size", hidden_size)):
        if not isinstance(value, (int, np.integer)) or value <= 0:
            raise ValueError(f"{name}: {what} must be a positive int, got {value!r}")


def _check_nonlinearity(name: str, nonlinearity: str) -> None:
    if nonlinearity not in ("tanh", "relu"):
        raise ValueError(f"{name}: nonlinearity must be 'tanh' or 'relu', got {nonlinearity!r}")


class _CellBase(Module):
    """Parameters of a cell: weight_ih (G·H, I), weight_hh (G·H, H), bias_ih, bias_hh (G·H,),
    all U(-1/√H, 1/√H) as in PyTorch."""

    gates = 1

    def __init__(self, input_size: int, hidden_size: int, bias: bool, dtype) -> None:
        super().__init__()
        _check_sizes(type(self).__name__, input_size, hidden_size)
        self.input_size, self.hidden_size, self.bias = input_size, hidden_size, bias
        dtype = np.dtype(np.float32 if dtype is None else dtype)
        bound, rows = 1.0 / math.sqrt(hidden_size), self.gates * hidden_size
        self.weight_ih = _uniform((rows, input_size), bound, dtype)
        self.weight_hh = _uniform((rows, hidden_size), bound, dtype)
        if bias:
            self.bias_ih = _uniform((rows,), bound, dtype)
            self.bias_hh = _uniform((rows,), bound, dtype)
        else:
            self.register_parameter("bias_ih", None)
            self.register_parameter("bias_hh", None)

    def _batched(self, input: Tensor, hx):
        """(input, states, unbatched): a 1-D input becomes a batch of one; missing states are 0."""
        name = type(self).__name__
        if input.ndim not in (1, 2) or input.shape[-1] != self.input_size:
            raise ValueError(f"{name}: input must have shape (batch, {self.input_size}) or "
                             f"({self.input_size},), got {input.shape}")
        unbatched = input.ndim == 1
        if unbatched:
            input = input.unsqueeze(0)
        shape = (input.shape[0], self.hidden_size)
        count = 2 if self.gates == 4 else 1
        if hx is None:
            zeros = Tensor._make(np.zeros(shape, dtype=input.dtype), False, None, 0)
            return input, (zeros,) * count, unbatched
        states = tuple(hx) if count == 2 else (hx,)
        if len(states) != count:
            raise ValueError(f"{name}: hx must be a pair (h, c), got {len(states)} tensors")
        checked = []
        for state in states:
            if unbatched and state.ndim == 1:
                state = state.unsqueeze(0)
            if state.shape != shape:
                raise ValueError(f"{name}: hidden state must have shape {shape}, got {state.shape}")
            checked.append(state)
        return input, tuple(checked), unbatched

    def extra_repr(self) -> str:
        text = f"{self.input_size}, {self.hidden_size}"
        return text if self.bias else text + ", bias=False"


class RNNCell(_CellBase):
    """Elman RNN cell: h' = f(x W_ihᵀ + b_ih + h W_hhᵀ + b_hh), f = tanh (default) or relu.

    Shape: input (B, input_size) or (input_size,), hx (B, hidden_size) or None (zeros)
    -> h' (B, hidden_size).
    """

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True,
                 nonlinearity: str = "tanh", dtype=None) -> None:
        _check_nonlinearity("RNNCell", nonlinearity)
        super().__init__(input_size, hidden_size, bias, dtype)
        self.nonlinearity = nonlinearity

    def forward(self, input: Tensor, hx: Tensor | None = None) -> Tensor:
        input, (h,), unbatched = self._batched(input, hx)
        out = RNNCellFunction.apply(input, h, self.weight_ih, self.weight_hh, self.bias_ih,
                                    self.bias_hh, self.nonlinearity)
        return out.squeeze(0) if unbatched else out

    def extra_repr(self) -> str:
        text = super().extra_repr()
        return text if self.nonlinearity == "tanh" else text + f", nonlinearity={self.nonlinearity!r}"


class LSTMCell(_CellBase):
    """LSTM cell (gates i, f, g, o as PyTorch); one fused op with a hand-written backward.

    Shape: input (B, input_size), hx = (h, c) each (B, hidden_size) or None (zeros)
    -> (h', c').

    Example:
        >>> cell = LSTMCell(16, 64)
        >>> h, c = cell(randn(32, 16))
        >>> h, c = cell(randn(32, 16), (h, c))
    """

    gates = 4

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True, dtype=None) -> None:
        super().__init__(input_size, hidden_size, bias, dtype)

    def forward(self, input: Tensor, hx: tuple | None = None) -> tuple:
        input, (h, c), unbatched = self._batched(input, hx)
        h, c = LSTMCellFunction.apply(input, h, c, self.weight_ih, self.weight_hh, self.bias_ih,
                                      self.bias_hh)
        return (h.squeeze(0), c.squeeze(0)) if unbatched else (h, c)


class GRUCell(_CellBase):
    """GRU cell (gates r, z, n as PyTorch, r applied to W_hn h + b_hn); one fused op.

    Shape: input (B, input_size), hx (B, hidden_size) or None (zeros) -> h' (B, hidden_size).
    """

    gates = 3

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True, dtype=None) -> None:
        super().__init__(input_size, hidden_size, bias, dtype)

    def forward(self, input: Tensor, hx: Tensor | None = None) -> Tensor:
        input, (h,), unbatched = self._batched(input, hx)
        out = GRUCellFunction.apply(input, h, self.weight_ih, self.weight_hh, self.bias_ih,
                                    self.bias_hh)
        return out.squeeze(0) if unbatched else out


class _RNNBase(Module):
    """Stacked, optionally bidirectional recurrent layers with PyTorch's parameter names."""

    gates = 1

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1, bias: bool = True,
                 batch_first: bool = False, dropout: float = 0.0, bidirectional: bool = False,
                 dtype=None) -> None:
        super().__init__()
        name = type(self).__name__
        _check_sizes(name, input_size, hidden_size)
        if not isinstance(num_layers, (int, np.integer)) or num_layers < 1:
            raise ValueError(f"{name}: num_layers must be a positive int, got {num_layers!r}")
        if not 0 <= dropout <= 1:
            raise ValueError(f"{name}: dropout must be in [0, 1], got {dropout!r}")
        self.input_size, self.hidden_size, self.num_layers = input_size, hidden_size, num_layers
        self.bias, self.batch_first, self.dropout = bias, batch_first, float(dropout)
        self.bidirectional = bidirectional
        directions = 2 if bidirectional else 1
        dtype = np.dtype(np.float32 if dtype is None else dtype)
        bound, rows = 1.0 / math.sqrt(hidden_size), self.gates * hidden_size
        for layer in range(num_layers):
            layer_input = input_size if layer == 0 else hidden_size * directions
            for direction in range(directions):
                suffix = f"_l{layer}" + ("_reverse" if direction else "")
                setattr(self, "weight_ih" + suffix, _uniform((rows, layer_input), bound, dtype))
                setattr(self, "weight_hh" + suffix, _uniform((rows, hidden_size), bound, dtype))
                if bias:
                    setattr(self, "bias_ih" + suffix, _uniform((rows,), bound, dtype))
                    setattr(self, "bias_hh" + suffix, _uniform((rows,), bound, dtype))

    def _weights(self, layer: int, direction: int) -> tuple:
        suffix = f"_l{layer}" + ("_reverse" if direction else "")
        params = self._parameters
        return (params["weight_ih" + suffix], params["weight_hh" + suffix],
                params.get("bias_ih" + suffix), params.get("bias_hh" + suffix))

    def forward(self, input: Tensor, hx=None):
        """input (T, B, I) ((B, T, I) with batch_first, or (T, I) unbatched); hx as PyTorch."""
        name = type(self).__name__
        if input.ndim not in (2, 3) or input.shape[-1] != self.input_size:
            raise ValueError(f"{name}: input must have shape (seq_len, batch, {self.input_size}) "
                             f"(batch first with batch_first=True) or (seq_len, "
                             f"{self.input_size}), got {input.shape}")
        unbatched = input.ndim == 2
        if unbatched:
            input = input.unsqueeze(1)
        elif self.batch_first:
            input = input.transpose(0, 1)
        directions = 2 if self.bidirectional else 1
        shape = (self.num_layers * directions, input.shape[1], self.hidden_size)
        states = self._initial_states(hx, shape, unbatched, input.dtype)
        finals = [[] for _ in states]
        x = input
        for layer in range(self.num_layers):
            outputs = []
            for direction in range(directions):
                index = layer * directions + direction
                out, last = self._run_layer(x, tuple(s[index] for s in states),
                                            self._weights(layer, direction), direction == 1)
                outputs.append(out)
                for collected, value in zip(finals, last):
                    collected.append(value)
            x = outputs[0] if directions == 1 else cat(outputs, dim=2)
            if layer < self.num_layers - 1:
                x = dropout(x, self.dropout, self.training)
        finals = [stack(collected, 0) for collected in finals]
        if unbatched:
            x, finals = x.squeeze(1), [f.squeeze(1) for f in finals]
        elif self.batch_first:
            x = x.transpose(0, 1)
        return x, (finals[0] if len(finals) == 1 else tuple(finals))

    def _initial_states(self, hx, shape: tuple, unbatched: bool, dtype) -> list:
        name = type(self).__name__
        count = 2 if self.gates == 4 else 1
        if hx is None:
            zeros = Tensor._make(np.zeros(shape, dtype=dtype), False, None, 0)
            return [zeros] * count
        states = list(hx) if count == 2 else [hx]
        if len(states) != count:
            raise ValueError(f"{name}: hx must be a pair (h_0, c_0), got {len(states)} tensors")
        for i, state in enumerate(states):
            if unbatched and state.ndim == 2:
                states[i] = state = state.unsqueeze(1)
            if state.shape != shape:
                raise ValueError(
                    f"{name}: initial state must have shape (num_layers * num_directions, batch, "
                    f"hidden_size) = {shape}, got {state.shape}")
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
    """Multi-layer Elman RNN: h_t = f(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh), f = tanh or relu.

    Args: input_size, hidden_size, num_layers=1, nonlinearity='tanh', bias=True,
        batch_first=False, dropout=0.0 (between layers, in training), bidirectional=False.
    Returns: (output (T, B, D·H), h_n (num_layers·D, B, H)), D = 2 if bidirectional else 1.
    """

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1,
                 nonlinearity: str = "tanh", bias: bool = True, batch_first: bool = False,
                 dropout: float = 0.0, bidirectional: bool = False, dtype=None) -> None:
        _check_nonlinearity("RNN", nonlinearity)
        super().__init__(input_size, hidden_size, num_layers, bias, batch_first, dropout,
                         bidirectional, dtype)
        self.nonlinearity = nonlinearity

    def _run_layer(self, x, states, weights, reverse):
        out, h = RNNLayerFunction.apply(x, states[0], *weights, self.nonlinearity, reverse)
        return out, (h,)

    def extra_repr(self) -> str:
        text = super().extra_repr()
        return text if self.nonlinearity == "tanh" else text + f", nonlinearity={self.nonlinearity!r}"


class LSTM(_RNNBase):
    """Multi-layer LSTM (gates i, f, g, o; PyTorch's parameter names and shapes).

    Each direction of each layer is one fused op (see `LSTMLayerFunction`).
    Args: input_size, hidden_size, num_layers=1, bias=True, batch_first=False,
        dropout=0.0 (between layers, in training), bidirectional=False.
    Returns: (output (T, B, D·H), (h_n, c_n) each (num_layers·D, B, H)).

    Example:
        >>> lstm = LSTM(16, 64, num_layers=2)
        >>> output, (h_n, c_n) = lstm(randn(50, 32, 16))
        >>> output.shape, h_n.shape
        ((50, 32, 64), (2, 32, 64))
    """

    gates = 4

    def _run_layer(self, x, states, weights, reverse):
        out, h, c = LSTMLayerFunction.apply(x, states[0], states[1], *weights, reverse)
        return out, (h, c)


class GRU(_RNNBase):
    """Multi-layer GRU (gates r, z, n; r applied to W_hn h + b_hn, as PyTorch).

    Args: as `LSTM`. Returns: (output (T, B, D·H), h_n (num_layers·D, B, H)).
    """

    gates = 3

    def _run_layer(self, x, states, weights, reverse):
        out, h = GRULayerFunction.apply(x, states[0], *weights, reverse)
        return out, (h,)
