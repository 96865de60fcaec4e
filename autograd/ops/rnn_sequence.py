"""Recurrent layers over a whole sequence, one node per layer and direction (for speed).

Each runs its cell (rnn.py) over x (T, B, I), from the initial state, in time order or
reversed. The input projection x·W_ihᵀ is one product for all steps before the loop; the
loop does the rest of each step in place. Backward (backpropagation through time) runs the
loop reversed, with everything that does not depend on the recursion computed for all
steps at once beforehand, and ends with one product per weight. Like the cells, each layer
returns what its backward needs (gate activations, cell states) as extra outputs, and its
backward is written with operators and NumPy functions, so it can be differentiated again.
"""
from __future__ import annotations

import numpy as np

from autograd.function import NumpyFunction

__all__ = ["RNNLayer", "LSTMLayer", "GRULayer"]


def _input_projection(x, w_ih, b_ih, b_hh, scale=1):
    """(x·W_ihᵀ + b_ih + b_hh)·scale for every step at once: (T, B, G·H) (forward only);
    `scale` (per gate column) is applied to the weights and bias, not to the result."""
    steps, batch = x.shape[:2]
    bias = sum(b for b in (b_ih, b_hh) if b is not None)
    xg = (x.reshape(steps * batch, -1) @ (w_ih.T * scale)).reshape(steps, batch, -1)
    if b_ih is not None or b_hh is not None:
        xg += bias * scale
    return xg


def _order(steps: int, reverse: bool):
    return range(steps - 1, -1, -1) if reverse else range(steps)


def _in_processing_order(seq, reverse: bool):
    """seq (T, ...) in the order the steps ran (time order, or reversed)."""
    return np.flip(seq, 0) if reverse else seq  # Tensors refuse negative steps, as PyTorch


def _previous(first, seq):
    """The state before each step: [first, seq[0], ..., seq[T-2]] (processing order)."""
    return np.concatenate([np.expand_dims(first, 0), seq[:-1]], axis=0)


def _weight_grads(ctx, d_x_gates, d_h_gates, x, h_prev, w_ih) -> tuple:
    """Gradients of x, W_ih, W_hh, b_ih, b_hh from those of the projections at every step
    (T, B, G·H), x and the previous states in processing order."""
    need_x, at = ctx.needs_input_grad[0], ctx.weights_at
    need_w_ih, need_w_hh, need_b_ih, need_b_hh = ctx.needs_input_grad[at:at + 4]
    flat_x_gates = d_x_gates.reshape((-1, d_x_gates.shape[-1]))
    flat_h_gates = d_h_gates.reshape((-1, d_h_gates.shape[-1]))
    grad_b_ih = np.sum(flat_x_gates, axis=0) if need_b_ih else None
    grad_b_hh = None
    if need_b_hh:  # the same sum when both projections have the same gradient (not GRU)
        same = d_h_gates is d_x_gates and need_b_ih
        grad_b_hh = grad_b_ih if same else np.sum(flat_h_gates, axis=0)
    return (d_x_gates @ w_ih if need_x else None,
            flat_x_gates.T @ x.reshape((-1, x.shape[-1])) if need_w_ih else None,
            flat_h_gates.T @ h_prev.reshape((-1, h_prev.shape[-1])) if need_w_hh else None,
            grad_b_ih, grad_b_hh)


def _save(ctx, x, w_ih, w_hh, *more) -> None:
    """Save x only for W_ih's gradient, W_ih only for x's; W_hh always (the recursion).
    The weights are arguments `ctx.weights_at` (W_ih) to `ctx.weights_at + 3` (b_hh)."""
    need_x, need_w_ih = ctx.needs_input_grad[0], ctx.needs_input_grad[ctx.weights_at]
    ctx.save_for_backward(x if need_w_ih else None, w_ih if need_x else None, w_hh, *more)


class RNNLayer(NumpyFunction):
    """Elman RNN over a sequence: h_t = f(x_t·W_ihᵀ + b_ih + h_{t-1}·W_hhᵀ + b_hh).

    forward(x (T, B, I), h0 (B, H), W_ih, W_hh, b_ih, b_hh, nonlinearity, reverse)
    -> (output (T, B, H), h_n (B, H)). Backward: δ_t = (g_t + δ_{t+1}·W_hh)·f'_t.
    """

    formula = "rnn(a, b, c, d, e, f)"
    derivatives = tuple(f"bptt(RNNCell, '{x}', (g,), (g1,))" for x in "abcdef") + (None, None)

    @staticmethod
    def forward(ctx, x, h0, w_ih, w_hh, b_ih, b_hh, nonlinearity, reverse):
        xg = _input_projection(x, w_ih, b_ih, b_hh)
        w_hh_t = np.ascontiguousarray(w_hh.T)
        out = np.empty(xg.shape, xg.dtype)
        h = h0
        for t in _order(x.shape[0], reverse):
            step = out[t]
            np.matmul(h, w_hh_t, out=step)
            step += xg[t]
            if nonlinearity == "tanh":
                np.tanh(step, out=step)
            else:
                np.maximum(step, 0, out=step)
            h = step
        h_n = h.copy()
        ctx.nonlinearity, ctx.reverse, ctx.weights_at = nonlinearity, reverse, 2
        _save(ctx, x, w_ih, w_hh, h0, out)
        return out, h_n

    @staticmethod
    def backward(ctx, grad_out, grad_h_n):
        x, w_ih, w_hh, h0, out = ctx.saved_tensors
        reverse = ctx.reverse
        hs = _in_processing_order(out, reverse)
        grads = _in_processing_order(grad_out, reverse)
        local = 1 - hs * hs if ctx.nonlinearity == "tanh" else hs > 0
        deltas, dh = [], grad_h_n
        for t in range(hs.shape[0] - 1, -1, -1):
            delta = (dh + grads[t]) * local[t]
            deltas.append(delta)
            dh = delta @ w_hh
        deltas = np.stack(deltas[::-1], axis=0)
        xs = _in_processing_order(x, reverse) if x is not None else None
        grad_x, *grad_weights = _weight_grads(ctx, deltas, deltas, xs, _previous(h0, hs), w_ih)
        grad_x = _in_processing_order(grad_x, reverse) if grad_x is not None else None
        grad_h0 = dh if ctx.needs_input_grad[1] else None
        return (grad_x, grad_h0, *grad_weights, None, None)


def _blocks(a, count: int) -> list:
    """a (..., count·H) split into `count` blocks of H along the last dim (views)."""
    size = a.shape[-1] // count
    return [a[..., k * size:(k + 1) * size] for k in range(count)]


class LSTMLayer(NumpyFunction):
    """LSTM over a sequence: the `LSTMCell` at every step, from (h0, c0).

    forward(x (T, B, I), h0, c0 (B, H), W_ih, W_hh, b_ih, b_hh, reverse) -> (output
    (T, B, H), h_n, c_n, gates (T, B, 4H), cells (T, B, H)); gates and cells are each
    step's [i, f, g, o] and c, in the order the steps ran, for the backward.

    Backward, step by step from the last: dh = g_h + δ_{t+1}·W_hh; dc = dc_{t+1}·f_{t+1} +
    dh·o·(1 - tanh²c); δ = [dc·g, dc·c_prev, dc·i, dh·tanh c]·[σ', σ', tanh', σ'] (the
    cell's backward, with everything but dh and dc computed for all steps before the loop).
    """

    formula = "lstm(a, b, c, d, e, f, h)"
    derivatives = tuple(f"bptt(LSTMCell, '{x}', (g, g4, g3), (g1, g2))"
                        for x in "abcdefh") + (None,)

    @staticmethod
    def forward(ctx, x, h0, c0, w_ih, w_hh, b_ih, b_hh, reverse):
        steps, batch = x.shape[:2]
        hidden = h0.shape[1]
        # σ(a) = (1 + tanh(a/2))/2: all four gates are one tanh of the pre-activations
        # scaled by [½, ½, 1, ½] (folded into xg and W_hh), then ·scale + [½, ½, 0, ½].
        scale = np.repeat(np.array([0.5, 0.5, 1.0, 0.5], x.dtype), hidden)
        shift = np.repeat(np.array([0.5, 0.5, 0.0, 0.5], x.dtype), hidden)
        xg = _input_projection(x, w_ih, b_ih, b_hh, scale)
        w_hh_t = w_hh.T * scale
        gates = np.empty(xg.shape, x.dtype)
        cells = np.empty((steps, batch, hidden), x.dtype)
        out = np.empty((steps, batch, hidden), x.dtype)
        tanh_c, i_g = np.empty((batch, hidden), x.dtype), np.empty((batch, hidden), x.dtype)
        h, c = h0, c0
        for k, t in enumerate(_order(steps, reverse)):
            a = gates[k]
            np.matmul(h, w_hh_t, out=a)
            a += xg[t]
            np.tanh(a, out=a)
            a *= scale
            a += shift
            i, f, g, o = a[:, :hidden], a[:, hidden:2 * hidden], a[:, 2 * hidden:3 * hidden], \
                a[:, 3 * hidden:]
            c_new = cells[k]
            np.multiply(f, c, out=c_new)
            np.multiply(i, g, out=i_g)
            c_new += i_g
            np.tanh(c_new, out=tanh_c)
            np.multiply(o, tanh_c, out=out[t])
            h, c = out[t], c_new
        ctx.reverse, ctx.weights_at = reverse, 3
        _save(ctx, x, w_ih, w_hh, h0, c0, out, gates, cells)
        return out, h.copy(), c.copy(), gates, cells

    @staticmethod
    def backward(ctx, grad_out, grad_h_n, grad_c_n, grad_gates, grad_cells):
        x, w_ih, w_hh, h0, c0, out, gates, cells = ctx.saved_tensors
        reverse = ctx.reverse
        hs = _in_processing_order(out, reverse)
        grad_hs = _in_processing_order(grad_out, reverse)
        i, f, g, o = _blocks(gates, 4)
        tanh_c = np.tanh(cells)
        d_i, d_f, d_o = i * (1 - i), f * (1 - f), o * (1 - o)  # σ' = σ(1 - σ)
        d_g = 1 - g * g                                        # tanh' = 1 - tanh²
        # δ = [dc, dc, dc, dh] · from_state: dgate/dc (or dh) times the gate's derivative.
        from_state = np.concatenate([g * d_i, _previous(c0, cells) * d_f, i * d_g, tanh_c * d_o],
                                    axis=-1)
        dc_from_dh = o * (1 - tanh_c * tanh_c)
        # Only a second derivative sends gradients to the gates and cells outputs.
        from_gates = grad_gates * np.concatenate([d_i, d_f, d_g, d_o], axis=-1) \
            if grad_gates.any() else None
        grad_cells = grad_cells if grad_cells.any() else None
        deltas, dh, dc = [], grad_h_n, grad_c_n
        for t in range(hs.shape[0] - 1, -1, -1):
            dh = dh + grad_hs[t]
            dc = dc + dh * dc_from_dh[t]
            if grad_cells is not None:
                dc = dc + grad_cells[t]
            delta = np.concatenate([dc, dc, dc, dh], axis=1) * from_state[t]
            if from_gates is not None:
                delta = delta + from_gates[t]
            deltas.append(delta)
            dc = dc * f[t]
            dh = delta @ w_hh
        deltas = np.stack(deltas[::-1], axis=0)
        xs = _in_processing_order(x, reverse) if x is not None else None
        grad_x, *grad_weights = _weight_grads(ctx, deltas, deltas, xs, _previous(h0, hs), w_ih)
        grad_x = _in_processing_order(grad_x, reverse) if grad_x is not None else None
        need_h0, need_c0 = ctx.needs_input_grad[1:3]
        return (grad_x, dh if need_h0 else None, dc if need_c0 else None, *grad_weights, None)


class GRULayer(NumpyFunction):
    """GRU over a sequence: the `GRUCell` at every step, from h0.

    forward(x (T, B, I), h0 (B, H), W_ih, W_hh, b_ih, b_hh, reverse) -> (output (T, B, H),
    h_n, gates (T, B, 3H), hg_n (T, B, H)); gates and hg_n are each step's [r, z, n] and
    h·W_hnᵀ + b_hn, in the order the steps ran, for the backward.

    Backward, step by step from the last: dh = g_h + dh_{t+1}·z_{t+1} + δh_{t+1}·W_hh, with
    δh = dh·[δr, δz, δn·r] and δx = dh·[δr, δz, δn] per unit of dh (the cell's backward;
    everything but dh is computed for all steps before the loop).
    """

    formula = "gru(a, b, c, d, e, f)"
    derivatives = tuple(f"bptt(GRUCell, '{x}', (g, g2, g3), (g1,))" for x in "abcdef") + (None,)

    @staticmethod
    def forward(ctx, x, h0, w_ih, w_hh, b_ih, b_hh, reverse):
        steps, batch = x.shape[:2]
        hidden = h0.shape[1]
        two = 2 * hidden
        # r and z: σ(a) = (1 + tanh(a/2))/2, with the ½ folded into xg and W_hh (and b_hh of
        # r and z into xg); n's b_hh stays apart, inside r·(h·W_hnᵀ + b_hn).
        xg = _input_projection(x, w_ih, b_ih, None)
        if b_hh is not None:
            xg[..., :two] += b_hh[:two]
        xg[..., :two] *= 0.5
        w_hh_t = w_hh.T.copy()
        w_hh_t[:, :two] *= 0.5
        gates = np.empty(xg.shape, x.dtype)
        hg_n = np.empty((steps, batch, hidden), x.dtype)
        out = np.empty((steps, batch, hidden), x.dtype)
        hg = np.empty((batch, 3 * hidden), x.dtype)
        h = h0
        for k, t in enumerate(_order(steps, reverse)):
            np.matmul(h, w_hh_t, out=hg)
            a = gates[k]
            rz, n = a[:, :two], a[:, two:]
            np.add(xg[t, :, :two], hg[:, :two], out=rz)
            np.tanh(rz, out=rz)
            rz *= 0.5
            rz += 0.5
            if b_hh is not None:
                np.add(hg[:, two:], b_hh[two:], out=hg_n[k])
            else:
                hg_n[k] = hg[:, two:]
            np.multiply(rz[:, :hidden], hg_n[k], out=n)
            n += xg[t, :, two:]
            np.tanh(n, out=n)
            h_new = out[t]
            np.subtract(h, n, out=h_new)
            h_new *= rz[:, hidden:]
            h_new += n
            h = h_new
        ctx.reverse, ctx.weights_at = reverse, 2
        _save(ctx, x, w_ih, w_hh, h0, out, gates, hg_n)
        return out, h.copy(), gates, hg_n

    @staticmethod
    def backward(ctx, grad_out, grad_h_n, grad_gates, grad_hg_n):
        x, w_ih, w_hh, h0, out, gates, hg_n = ctx.saved_tensors
        reverse = ctx.reverse
        hs = _in_processing_order(out, reverse)
        grad_hs = _in_processing_order(grad_out, reverse)
        h_prev = _previous(h0, hs)
        r, z, n = _blocks(gates, 3)
        d_r, d_z, d_n = r * (1 - r), z * (1 - z), 1 - n * n  # σ', σ', tanh'
        # Per unit of dh: δn, δr, δz (through h' = (1 - z)·n + z·h and n's tanh).
        per_n = (1 - z) * d_n
        per_r = per_n * hg_n * d_r
        per_z = (h_prev - n) * d_z
        for_x = np.concatenate([per_r, per_z, per_n], axis=-1)
        for_h = np.concatenate([per_r, per_z, per_n * r], axis=-1)
        # Only a second derivative sends gradients to the gates and hg_n outputs.
        extra_x = extra_h = None
        if grad_gates.any() or grad_hg_n.any():
            g_r, g_z, g_n = _blocks(grad_gates, 3)
            e_n = g_n * d_n
            e_r = (g_r + e_n * hg_n) * d_r
            e_z = g_z * d_z
            extra_x = np.concatenate([e_r, e_z, e_n], axis=-1)
            extra_h = np.concatenate([e_r, e_z, e_n * r + grad_hg_n], axis=-1)
        dhs, deltas_h, dh = [], [], grad_h_n
        for t in range(hs.shape[0] - 1, -1, -1):
            dh = dh + grad_hs[t]
            delta_h = np.concatenate([dh, dh, dh], axis=1) * for_h[t]
            if extra_h is not None:
                delta_h = delta_h + extra_h[t]
            dhs.append(dh)
            deltas_h.append(delta_h)
            dh = dh * z[t] + delta_h @ w_hh
        dhs = np.stack(dhs[::-1], axis=0)
        deltas_x = np.concatenate([dhs, dhs, dhs], axis=-1) * for_x
        if extra_x is not None:
            deltas_x = deltas_x + extra_x
        deltas_h = np.stack(deltas_h[::-1], axis=0)
        xs = _in_processing_order(x, reverse) if x is not None else None
        grad_x, *grad_weights = _weight_grads(ctx, deltas_x, deltas_h, xs, h_prev, w_ih)
        grad_x = _in_processing_order(grad_x, reverse) if grad_x is not None else None
        return (grad_x, dh if ctx.needs_input_grad[1] else None, *grad_weights, None)
