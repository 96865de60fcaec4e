"""Recurrent layers over a whole sequence, one node per layer and direction (for speed).

Each runs its cell (rnn.py) over x (T, B, I), from the initial state, in time order or
reversed. Inside, the states are kept transposed, (H, B), and the gates as (G·H, B), so that
each gate is a contiguous block of rows and every step's elementwise work runs on contiguous
memory. The input projection W_ih·xᵀ (bias included) is one product for all steps before the
loop; the loop does the rest of each step in place. Backward (backpropagation through time)
runs the loop reversed, with everything that does not depend on the recursion computed for
all steps at once beforehand, and ends with one product per weight. Like the cells, each
layer returns what its backward needs (gate activations, cell states; transposed) as extra
outputs, and its backward is written with operators and NumPy functions, so it can be
differentiated again.
"""
from __future__ import annotations

import numpy as np

from autograd.function import NumpyFunction

__all__ = ["RNNLayer", "LSTMLayer", "GRULayer"]


def _input_projection(x, w_ih, bias, scale=None):
    """(W_ih·x_tᵀ + bias)·scale for every step, transposed: (T, G·H, B) (forward only);
    `scale` (G·H, 1) applies to the weights and bias. The bias rides along as one more
    column of W_ih, against a row of ones under each x_tᵀ: one batched product in all."""
    steps, batch, size = x.shape
    weight = w_ih if bias is None else np.concatenate([w_ih, bias[:, None]], axis=1)
    columns = np.ones((steps, weight.shape[1], batch), x.dtype)
    columns[:, :size] = x.transpose(0, 2, 1)
    return np.matmul(weight if scale is None else weight * scale, columns)


def _bias(*biases):
    """The sum of the biases given (None when there are none)."""
    given = [b for b in biases if b is not None]
    return sum(given) if given else None


def _in_processing_order(seq, reverse: bool):
    """seq (T, ...) in the order the steps ran (time order, or reversed)."""
    return np.flip(seq, 0) if reverse else seq  # Tensors refuse negative steps, as PyTorch


def _rows(states, reverse: bool):
    """The states (T, H, B) of the steps as they ran -> output (T, B, H) in time order."""
    return np.ascontiguousarray(_in_processing_order(states, reverse).transpose(0, 2, 1))


def _transposed(seq):
    """seq (T, B, H) -> (T, H, B) (a view)."""
    return np.transpose(seq, (0, 2, 1))


def _previous(first, seq):
    """The state before each step: [first, seq[0], ..., seq[T-2]] (processing order)."""
    return np.concatenate([np.expand_dims(first, 0), seq[:-1]], axis=0)


def _columns(deltas: list):
    """Per-step gradients (G·H, B), last step first -> (G·H, T·B), columns in processing
    order (step, then batch)."""
    return np.reshape(np.stack(deltas[::-1], axis=1), (deltas[0].shape[0], -1))


def _weight_grads(ctx, d_x_gates, d_h_gates, x, h_prev, w_ih) -> tuple:
    """Gradients of x, W_ih, W_hh, b_ih, b_hh from those of the projections at every step,
    (G·H, T·B) with columns in processing order, and x and the previous states (T, B, ·)
    in processing order."""
    need_x, at = ctx.needs_input_grad[0], ctx.weights_at
    need_w_ih, need_w_hh, need_b_ih, need_b_hh = ctx.needs_input_grad[at:at + 4]
    grad_b_ih = np.sum(d_x_gates, axis=1) if need_b_ih else None
    grad_b_hh = None
    if need_b_hh:  # the same sum when both projections have the same gradient (not GRU)
        same = d_h_gates is d_x_gates and need_b_ih
        grad_b_hh = grad_b_ih if same else np.sum(d_h_gates, axis=1)
    return (np.reshape(d_x_gates.T @ w_ih, h_prev.shape[:2] + (-1,)) if need_x else None,
            d_x_gates @ np.reshape(x, (-1, x.shape[-1])) if need_w_ih else None,
            d_h_gates @ np.reshape(h_prev, (-1, h_prev.shape[-1])) if need_w_hh else None,
            grad_b_ih, grad_b_hh)


def _save(ctx, x, w_ih, w_hh, *more) -> None:
    """Save x only for W_ih's gradient, W_ih only for x's; W_hh always (the recursion).
    The weights are arguments `ctx.weights_at` (W_ih) to `ctx.weights_at + 3` (b_hh)."""
    need_x, need_w_ih = ctx.needs_input_grad[0], ctx.needs_input_grad[ctx.weights_at]
    ctx.save_for_backward(x if need_w_ih else None, w_ih if need_x else None, w_hh, *more)


class RNNLayer(NumpyFunction):
    """Elman RNN over a sequence: h_t = f(W_ih·x_t + b_ih + W_hh·h_{t-1} + b_hh).

    forward(x (T, B, I), h0 (B, H), W_ih, W_hh, b_ih, b_hh, nonlinearity, reverse)
    -> (output (T, B, H), h_n (B, H)). Backward: δ_t = (g_t + W_hhᵀ·δ_{t+1})·f'_t.
    """

    formula = "rnn(a, b, c, d, e, f)"
    derivatives = tuple(f"bptt(RNNCell, '{x}', (g,), (g1,))" for x in "abcdef") + (None, None)

    @staticmethod
    def forward(ctx, x, h0, w_ih, w_hh, b_ih, b_hh, nonlinearity, reverse):
        hs = _input_projection(_in_processing_order(x, reverse), w_ih, _bias(b_ih, b_hh))
        recurrent = np.empty(hs.shape[1:], hs.dtype)
        h = h0.T
        for k in range(hs.shape[0]):
            np.matmul(w_hh, h, out=recurrent)
            h = hs[k]
            h += recurrent
            if nonlinearity == "tanh":
                np.tanh(h, out=h)
            else:
                np.maximum(h, 0, out=h)
        out = _rows(hs, reverse)
        ctx.nonlinearity, ctx.reverse, ctx.weights_at = nonlinearity, reverse, 2
        _save(ctx, x, w_ih, w_hh, h0, out)
        return out, h.T.copy()

    @staticmethod
    def backward(ctx, grad_out, grad_h_n):
        x, w_ih, w_hh, h0, out = ctx.saved_tensors
        reverse = ctx.reverse
        hs = _in_processing_order(out, reverse)
        states = _transposed(hs)
        grads = _transposed(_in_processing_order(grad_out, reverse))
        local = 1 - states * states if ctx.nonlinearity == "tanh" else states > 0
        deltas, dh, w_hh_t = [], grad_h_n.T, w_hh.T
        for t in range(states.shape[0] - 1, -1, -1):
            delta = (dh + grads[t]) * local[t]
            deltas.append(delta)
            dh = w_hh_t @ delta
        deltas = _columns(deltas)
        xs = _in_processing_order(x, reverse) if x is not None else None
        grad_x, *grad_weights = _weight_grads(ctx, deltas, deltas, xs, _previous(h0, hs), w_ih)
        grad_x = _in_processing_order(grad_x, reverse) if grad_x is not None else None
        grad_h0 = dh.T if ctx.needs_input_grad[1] else None
        return (grad_x, grad_h0, *grad_weights, None, None)


class LSTMLayer(NumpyFunction):
    """LSTM over a sequence: the `LSTMCell` at every step, from (h0, c0).

    forward(x (T, B, I), h0, c0 (B, H), W_ih, W_hh, b_ih, b_hh, reverse) -> (output
    (T, B, H), h_n, c_n, gates (T, 4H, B), cells (T, H, B)); gates and cells are each
    step's [i, f, g, o] and c, in the order the steps ran, for the backward. Inside, the
    states are kept transposed, (H, B), so that each gate is a contiguous block of rows.

    Backward, step by step from the last: dh = g_h + W_hhᵀ·δ_{t+1}; dc = dc_{t+1}·f_{t+1} +
    dh·o·(1 - tanh²c); δ = [dc·g, dc·c_prev, dc·i, dh·tanh c]·[σ', σ', tanh', σ'] (the
    cell's backward, with everything but dh and dc computed for all steps before the loop).
    """

    formula = "lstm(a, b, c, d, e, f, h)"
    derivatives = tuple(f"bptt(LSTMCell, '{x}', (g, transpose(g4, (0, 2, 1)), "
                        f"transpose(g3, (0, 2, 1))), (g1, g2))" for x in "abcdefh") + (None,)

    @staticmethod
    def forward(ctx, x, h0, c0, w_ih, w_hh, b_ih, b_hh, reverse):
        steps, batch = x.shape[:2]
        hidden = h0.shape[1]
        # σ(a) = (1 + tanh(a/2))/2: all four gates are one tanh of the pre-activations
        # scaled by [½, ½, 1, ½] (folded into the weights), then i, f and o are ·½ + ½.
        row_scale = np.repeat(np.array([[0.5], [0.5], [1.0], [0.5]], x.dtype), hidden, axis=0)
        gates = _input_projection(_in_processing_order(x, reverse), w_ih, _bias(b_ih, b_hh),
                                  row_scale)
        w_hh_scaled = w_hh * row_scale
        cells = np.empty((steps, hidden, batch), x.dtype)
        hs = np.empty((steps, hidden, batch), x.dtype)
        recurrent = np.empty((4 * hidden, batch), x.dtype)
        i_g = np.empty((hidden, batch), x.dtype)
        h, c = h0.T, c0.T
        for k in range(steps):
            a = gates[k]
            np.matmul(w_hh_scaled, h, out=recurrent)
            a += recurrent
            np.tanh(a, out=a)
            i_f, g, o = a[:2 * hidden], a[2 * hidden:3 * hidden], a[3 * hidden:]
            for sigmoid in (i_f, o):
                sigmoid *= 0.5
                sigmoid += 0.5
            i, f = i_f[:hidden], i_f[hidden:]
            c = np.multiply(f, c, out=cells[k])
            c += np.multiply(i, g, out=i_g)
            h = np.tanh(c, out=hs[k])
            h *= o
        out = _rows(hs, reverse)
        ctx.reverse, ctx.weights_at = reverse, 3
        _save(ctx, x, w_ih, w_hh, h0, c0, out, gates, cells)
        return out, h.T.copy(), c.T.copy(), gates, cells

    @staticmethod
    def backward(ctx, grad_out, grad_h_n, grad_c_n, grad_gates, grad_cells):
        x, w_ih, w_hh, h0, c0, out, gates, cells = ctx.saved_tensors
        reverse = ctx.reverse
        hidden = h0.shape[1]
        grad_hs = _transposed(_in_processing_order(grad_out, reverse))
        i, f, g, o = (gates[:, k * hidden:(k + 1) * hidden] for k in range(4))
        tanh_c = np.tanh(cells)
        d_i, d_f, d_o = i * (1 - i), f * (1 - f), o * (1 - o)  # σ' = σ(1 - σ)
        d_g = 1 - g * g                                        # tanh' = 1 - tanh²
        # δ = [dc, dc, dc, dh] · from_state: dgate/dc (or dh) times the gate's derivative.
        from_state = np.concatenate([g * d_i, _previous(c0.T, cells) * d_f, i * d_g,
                                     tanh_c * d_o], axis=1)
        dc_from_dh = o * (1 - tanh_c * tanh_c)
        # Only a second derivative sends gradients to the gates and cells outputs.
        from_gates = grad_gates * np.concatenate([d_i, d_f, d_g, d_o], axis=1) \
            if grad_gates.any() else None
        grad_cells = grad_cells if grad_cells.any() else None
        deltas, dh, dc = [], grad_h_n.T, grad_c_n.T
        w_hh_t = w_hh.T
        for t in range(gates.shape[0] - 1, -1, -1):
            dh = dh + grad_hs[t]
            dc = dc + dh * dc_from_dh[t]
            if grad_cells is not None:
                dc = dc + grad_cells[t]
            delta = np.concatenate([dc, dc, dc, dh], axis=0) * from_state[t]
            if from_gates is not None:
                delta = delta + from_gates[t]
            deltas.append(delta)
            dc = dc * f[t]
            dh = w_hh_t @ delta
        deltas = _columns(deltas)
        xs = _in_processing_order(x, reverse) if x is not None else None
        grad_x, *grad_weights = _weight_grads(ctx, deltas, deltas, xs,
                                              _previous(h0, _in_processing_order(out, reverse)),
                                              w_ih)
        grad_x = _in_processing_order(grad_x, reverse) if grad_x is not None else None
        need_h0, need_c0 = ctx.needs_input_grad[1:3]
        return (grad_x, dh.T if need_h0 else None, dc.T if need_c0 else None, *grad_weights,
                None)


class GRULayer(NumpyFunction):
    """GRU over a sequence: the `GRUCell` at every step, from h0.

    forward(x (T, B, I), h0 (B, H), W_ih, W_hh, b_ih, b_hh, reverse) -> (output (T, B, H),
    h_n, gates (T, 3H, B), hg_n (T, H, B)); gates and hg_n are each step's [r, z, n] and
    W_hn·h + b_hn, transposed, in the order the steps ran, for the backward.

    Backward, step by step from the last: dh = g_h + dh_{t+1}·z_{t+1} + W_hhᵀ·δh_{t+1}, with
    δh = dh·[δr, δz, δn·r] and δx = dh·[δr, δz, δn] per unit of dh (the cell's backward;
    everything but dh is computed for all steps before the loop).
    """

    formula = "gru(a, b, c, d, e, f)"
    derivatives = tuple(f"bptt(GRUCell, '{x}', (g, transpose(g2, (0, 2, 1)), "
                        f"transpose(g3, (0, 2, 1))), (g1,))" for x in "abcdef") + (None,)

    @staticmethod
    def forward(ctx, x, h0, w_ih, w_hh, b_ih, b_hh, reverse):
        steps, batch = x.shape[:2]
        hidden = h0.shape[1]
        two = 2 * hidden
        # r and z: σ(a) = (1 + tanh(a/2))/2, with the ½ folded into the weights (and b_hh of
        # r and z into the projection's bias); n's b_hh stays apart, in r·(W_hn·h + b_hn).
        row_scale = np.repeat(np.array([[0.5], [0.5], [1.0]], x.dtype), hidden, axis=0)
        b_rz = None if b_hh is None else np.concatenate([b_hh[:two], np.zeros(hidden, x.dtype)])
        gates = _input_projection(_in_processing_order(x, reverse), w_ih, _bias(b_ih, b_rz),
                                  row_scale)
        w_hh_scaled = w_hh * row_scale
        b_hn = None if b_hh is None else np.repeat(b_hh[two:, None], batch, axis=1)
        hg_n = np.empty((steps, hidden, batch), x.dtype)
        hs = np.empty((steps, hidden, batch), x.dtype)
        recurrent = np.empty((3 * hidden, batch), x.dtype)
        r_hg = np.empty((hidden, batch), x.dtype)
        h = h0.T
        for k in range(steps):
            np.matmul(w_hh_scaled, h, out=recurrent)
            a = gates[k]
            rz, n = a[:two], a[two:]
            rz += recurrent[:two]
            np.tanh(rz, out=rz)
            rz *= 0.5
            rz += 0.5
            if b_hn is None:
                np.copyto(hg_n[k], recurrent[two:])
            else:
                np.add(recurrent[two:], b_hn, out=hg_n[k])
            n += np.multiply(rz[:hidden], hg_n[k], out=r_hg)
            np.tanh(n, out=n)
            h_new = np.subtract(h, n, out=hs[k])
            h_new *= rz[hidden:]
            h_new += n
            h = h_new
        out = _rows(hs, reverse)
        ctx.reverse, ctx.weights_at = reverse, 2
        _save(ctx, x, w_ih, w_hh, h0, out, gates, hg_n)
        return out, h.T.copy(), gates, hg_n

    @staticmethod
    def backward(ctx, grad_out, grad_h_n, grad_gates, grad_hg_n):
        x, w_ih, w_hh, h0, out, gates, hg_n = ctx.saved_tensors
        reverse = ctx.reverse
        hidden = h0.shape[1]
        hs = _in_processing_order(out, reverse)
        grad_hs = _transposed(_in_processing_order(grad_out, reverse))
        h_prev = _previous(h0, hs)
        r, z, n = (gates[:, k * hidden:(k + 1) * hidden] for k in range(3))
        d_r, d_z, d_n = r * (1 - r), z * (1 - z), 1 - n * n  # σ', σ', tanh'
        # Per unit of dh: δn, δr, δz (through h' = (1 - z)·n + z·h and n's tanh).
        per_n = (1 - z) * d_n
        per_r = per_n * hg_n * d_r
        per_z = (_transposed(h_prev) - n) * d_z
        for_x = np.concatenate([per_r, per_z, per_n], axis=1)
        for_h = np.concatenate([per_r, per_z, per_n * r], axis=1)
        # Only a second derivative sends gradients to the gates and hg_n outputs.
        extra_x = extra_h = None
        if grad_gates.any() or grad_hg_n.any():
            g_r, g_z, g_n = (grad_gates[:, k * hidden:(k + 1) * hidden] for k in range(3))
            e_n = g_n * d_n
            e_r = (g_r + e_n * hg_n) * d_r
            e_z = g_z * d_z
            extra_x = np.concatenate([e_r, e_z, e_n], axis=1)
            extra_h = np.concatenate([e_r, e_z, e_n * r + grad_hg_n], axis=1)
        dhs, deltas_h, dh, w_hh_t = [], [], grad_h_n.T, w_hh.T
        for t in range(gates.shape[0] - 1, -1, -1):
            dh = dh + grad_hs[t]
            delta_h = np.concatenate([dh, dh, dh], axis=0) * for_h[t]
            if extra_h is not None:
                delta_h = delta_h + extra_h[t]
            dhs.append(dh)
            deltas_h.append(delta_h)
            dh = dh * z[t] + w_hh_t @ delta_h
        dhs = np.stack(dhs[::-1], axis=0)
        deltas_x = np.concatenate([dhs, dhs, dhs], axis=1) * for_x
        if extra_x is not None:
            deltas_x = deltas_x + extra_x
        deltas_x = np.reshape(np.transpose(deltas_x, (1, 0, 2)), (3 * hidden, -1))
        xs = _in_processing_order(x, reverse) if x is not None else None
        grad_x, *grad_weights = _weight_grads(ctx, deltas_x, _columns(deltas_h), xs, h_prev,
                                              w_ih)
        grad_x = _in_processing_order(grad_x, reverse) if grad_x is not None else None
        return (grad_x, dh.T if ctx.needs_input_grad[1] else None, *grad_weights, None)
