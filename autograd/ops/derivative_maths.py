"""The mathematical helpers that derivative texts call (see derivative_text.py).

Each is a short NumPy function written from the maths in its docstring, on its own: none
calls an op's forward or backward, so a text that uses them and an op's backward are two
independent derivations that the derivative-text test compares.

Sliding windows (`w`, a `Windows` geometry: size, blocks, kernel, dilation, stride, pad):
along each spatial dim, block b reads input position b·stride - pad + k·dilation at kernel
offset k. Recurrent cells: x (B, I), h and c (B, H), w_ih (G·H, I), w_hh (G·H, H), biases
(G·H,) or None, gates stacked in PyTorch's order (LSTM: i, f, g, o; GRU: r, z, n).
"""
from __future__ import annotations

from itertools import product

import numpy as np

__all__ = ["sigmoid", "unfold", "fold", "conv", "conv_transpose", "correlate",
           "sum_per_channel", "spread", "gather_flat", "scatter_flat", "interp_matrix",
           "matmul_along", "lstm_delta", "lstm_dc", "gru_z", "gru_delta_x", "gru_delta_h"]


def sigmoid(x):
    """σ(x) = 1 / (1 + exp(-x))."""
    return 1 / (1 + np.exp(-x))


# --- sliding windows ------------------------------------------------------------------------

def _offsets(w) -> list:
    """The kernel offsets (one index per spatial dim), in row-major order."""
    return list(product(*map(range, w.kernel)))


def _reads(w, offset) -> tuple:
    """Per spatial dim, the input position each block reads at this kernel offset and
    whether it lies inside the input (outside: padding)."""
    positions = [np.arange(b) * s - p + k * d for b, s, p, k, d in
                 zip(w.blocks, w.stride, w.pad, offset, w.dilation)]
    return positions, [(q >= 0) & (q < n) for q, n in zip(positions, w.size)]


def _read(x, w, offset):
    """x (N, C, *size) at the positions the blocks read at `offset`: (N, C, *blocks), 0 for
    padding."""
    positions, inside = _reads(w, offset)
    clipped = [np.clip(q, 0, n - 1) for q, n in zip(positions, w.size)]
    mask = np.ones((), bool)
    for m in inside:
        mask = np.multiply.outer(mask, m)
    return np.where(mask, x[(Ellipsis,) + np.ix_(*clipped)], 0)


def _add_read(out, values, w, offset) -> None:
    """out[..., positions read at `offset`] += values (N, C, *blocks), padding dropped: the
    transpose of `_read` (one offset never reads a position twice)."""
    positions, inside = _reads(w, offset)
    kept = [np.flatnonzero(m) for m in inside]
    out[(Ellipsis,) + np.ix_(*[q[k] for q, k in zip(positions, kept)])] += \
        values[(Ellipsis,) + np.ix_(*kept)]


def unfold(x, w):
    """im2col: x (N, C, *size) -> (N, C·K, L), cols[n, c·K + k, l] = x[n, c, position block
    l reads at offset k] (0 in the padding); K kernel offsets, L blocks, both row-major."""
    n, c = x.shape[:2]
    cols = np.stack([_read(x, w, offset) for offset in _offsets(w)], axis=2)
    return cols.reshape(n, -1, int(np.prod(w.blocks)))


def fold(cols, w):
    """col2im, the transpose of unfold: cols (N, C·K, L) -> (N, C, *size), each entry added
    to the input position its block read at its offset (overlapping windows add up)."""
    offsets = _offsets(w)
    n, c = cols.shape[0], cols.shape[1] // len(offsets)
    per_offset = cols.reshape((n, c, len(offsets)) + tuple(w.blocks))
    out = np.zeros((n, c) + tuple(w.size), cols.dtype)
    for j, offset in enumerate(offsets):
        _add_read(out, per_offset[:, :, j], w, offset)
    return out


def _by_group(x, groups: int):
    """(N, C, *blocks) -> (N, groups, C/groups, L)."""
    return x.reshape(x.shape[0], groups, x.shape[1] // groups, -1)


def conv(x, weight, w, groups: int = 1):
    """Cross-correlation: x (N, C, *size), weight (O, C/groups, *kernel) -> (N, O, *blocks),
    y[n, o, b] = Σ_{c,k} weight[o, c, k]·x[n, c, position block b reads at offset k], c over
    the channels of o's group."""
    n, out_channels = x.shape[0], weight.shape[0]
    kernels = weight.reshape(groups, out_channels // groups, weight.shape[1], -1)
    y = 0
    for j, offset in enumerate(_offsets(w)):
        y = y + np.einsum("gpc,ngcl->ngpl", kernels[..., j], _by_group(_read(x, w, offset),
                                                                        groups))
    return np.reshape(y, (n, out_channels) + tuple(w.blocks))


def conv_transpose(y, weight, w, groups: int = 1):
    """The transpose of conv in x: y (N, O, *blocks), weight (O, C/groups, *kernel) ->
    (N, C, *size), x[n, c, position b reads at k] += Σ_o weight[o, c, k]·y[n, o, b]: each
    block's value spread back over its window, weighted by the kernel."""
    n = y.shape[0]
    kernels = weight.reshape(groups, weight.shape[0] // groups, weight.shape[1], -1)
    out = np.zeros((n, groups * weight.shape[1]) + tuple(w.size), np.result_type(y, weight))
    for j, offset in enumerate(_offsets(w)):
        spread_back = np.einsum("gpc,ngpl->ngcl", kernels[..., j], _by_group(y, groups))
        _add_read(out, spread_back.reshape((n, -1) + tuple(w.blocks)), w, offset)
    return out


def correlate(x, y, w, groups: int = 1):
    """x (N, C, *size) correlated with y (N, O, *blocks) as the kernel, summed over the
    batch: out[o, c, k] = Σ_{n,b} y[n, o, b]·x[n, c, position block b reads at offset k]
    -> (O, C/groups, *kernel), c over the channels of o's group."""
    groups_y = _by_group(y, groups)
    per_offset = [np.einsum("ngpl,ngcl->gpc", groups_y, _by_group(_read(x, w, offset), groups))
                  for offset in _offsets(w)]
    out = np.stack(per_offset, axis=-1)
    return out.reshape((y.shape[1], x.shape[1] // groups) + tuple(w.kernel))


def sum_per_channel(g):
    """Σ of g (N, C, ...) over every dim but the channels (dim 1): (C,)."""
    return np.sum(g, axis=(0,) + tuple(range(2, np.ndim(g))))


def spread(v, w):
    """Each block's value v (N, C, *blocks) added to every input position of its window:
    (N, C, *size), the transpose of summing each window (padding dropped)."""
    out = np.zeros(v.shape[:2] + tuple(w.size), v.dtype)
    for offset in _offsets(w):
        _add_read(out, v, w, offset)
    return out


# --- flat positions in a plane, resampling matrices ----------------------------------------

def gather_flat(x, index):
    """out[n, c, j] = x[n, c].flat[index[n, c, j]]: x (N, C, *size) read at flat spatial
    positions."""
    planes = np.reshape(x, x.shape[:2] + (-1,))
    flat = np.reshape(index, index.shape[:2] + (-1,))
    return np.take_along_axis(planes, flat, axis=2).reshape(index.shape)


def scatter_flat(v, index, shape):
    """Zeros of `shape` (N, C, *size) with v[n, c, j] added at flat spatial position
    index[n, c, j] of plane (n, c) (repeats add up): the transpose of gather_flat."""
    planes = np.zeros((int(np.prod(shape[:2])), int(np.prod(shape[2:]))), np.result_type(v))
    rows = np.arange(planes.shape[0])[:, None]
    np.add.at(planes, (rows, np.reshape(index, (planes.shape[0], -1))),
              np.reshape(v, (planes.shape[0], -1)))
    return planes.reshape(shape)


def interp_matrix(index, weight, size: int):
    """The (out, size) matrix A of a resampling along one dim: row j holds weight[j, t] at
    column index[j, t] (weight None: 1), so that y = A·x."""
    matrix = np.zeros((index.shape[0], size))
    rows = np.broadcast_to(np.arange(index.shape[0])[:, None], index.shape)
    np.add.at(matrix, (rows, index), 1.0 if weight is None else weight)
    return matrix


def matmul_along(matrix, x, axis: int):
    """matrix (m, n) times x along its dim `axis` (of size n): that dim becomes m."""
    return np.moveaxis(np.moveaxis(x, axis, -1) @ matrix.T, -1, axis)


# --- recurrent cells ------------------------------------------------------------------------

def _projections(x, h, w_ih, w_hh, b_ih, b_hh) -> tuple:
    """x·W_ihᵀ + b_ih and h·W_hhᵀ + b_hh, split into their gate blocks."""
    xg = x @ w_ih.T + (0 if b_ih is None else b_ih)
    hg = h @ w_hh.T + (0 if b_hh is None else b_hh)
    count = w_hh.shape[0] // w_hh.shape[1]
    return np.split(xg, count, axis=1), np.split(hg, count, axis=1)


def _lstm(x, h, c, w_ih, w_hh, b_ih, b_hh) -> tuple:
    """The gates i, f, g, o = σ, σ, tanh, σ of the summed projections, and c' = f·c + i·g."""
    xg, hg = _projections(x, h, w_ih, w_hh, b_ih, b_hh)
    i, f, g, o = (a + b for a, b in zip(xg, hg))
    i, f, g, o = sigmoid(i), sigmoid(f), np.tanh(g), sigmoid(o)
    return i, f, g, o, f * c + i * g


def lstm_delta(g_h, g_c, g_gates, x, h, c, w_ih, w_hh, b_ih, b_hh):
    """δ, the gradient at the LSTM cell's gate pre-activations (B, 4H), from the gradients
    of h' = o·tanh c' (g_h), c' = f·c + i·g (g_c) and the gates output (g_gates):
        dc = g_c + g_h·o·(1 - tanh²c')
        δ  = ([dc·g, dc·c, dc·i, g_h·tanh c'] + g_gates) · [i(1-i), f(1-f), 1 - g², o(1-o)]
    Then grad_x = δ·W_ih, grad_h = δ·W_hh, grad_W_ih = δᵀ·x, grad_W_hh = δᵀ·h, grad_b = Σ δ."""
    i, f, g, o, c_new = _lstm(x, h, c, w_ih, w_hh, b_ih, b_hh)
    dc = g_c + g_h * o * (1 - np.tanh(c_new) ** 2)
    through_gates = np.concatenate([dc * g, dc * c, dc * i, g_h * np.tanh(c_new)], axis=1)
    local = np.concatenate([i * (1 - i), f * (1 - f), 1 - g * g, o * (1 - o)], axis=1)
    return (through_gates + g_gates) * local


def lstm_dc(g_h, g_c, x, h, c, w_ih, w_hh, b_ih, b_hh):
    """The gradient that reaches the old cell state c through c' = f·c + i·g:
    dc·f, with dc = g_c + g_h·o·(1 - tanh²c') the gradient at c'."""
    _, f, _, o, c_new = _lstm(x, h, c, w_ih, w_hh, b_ih, b_hh)
    return (g_c + g_h * o * (1 - np.tanh(c_new) ** 2)) * f


def _gru(x, h, w_ih, w_hh, b_ih, b_hh) -> tuple:
    """r = σ(xg_r + hg_r), z = σ(xg_z + hg_z), n = tanh(xg_n + r·hg_n), and hg_n."""
    (xr, xz, xn), (hr, hz, hn) = _projections(x, h, w_ih, w_hh, b_ih, b_hh)
    r, z = sigmoid(xr + hr), sigmoid(xz + hz)
    return r, z, np.tanh(xn + r * hn), hn


def gru_z(x, h, w_ih, w_hh, b_ih, b_hh):
    """The GRU's update gate z = σ(xg_z + hg_z): the share of h kept in h' = (1 - z)·n + z·h."""
    return _gru(x, h, w_ih, w_hh, b_ih, b_hh)[1]


def _gru_deltas(g_h, g_gates, x, h, w_ih, w_hh, b_ih, b_hh) -> tuple:
    """δr, δz, δn of the GRU cell (see gru_delta_x), and r."""
    r, z, n, hn = _gru(x, h, w_ih, w_hh, b_ih, b_hh)
    g_r, g_z, g_n = np.split(g_gates, 3, axis=1)
    delta_n = (g_h * (1 - z) + g_n) * (1 - n * n)
    delta_r = (delta_n * hn + g_r) * r * (1 - r)
    delta_z = (g_h * (h - n) + g_z) * z * (1 - z)
    return delta_r, delta_z, delta_n, r


def gru_delta_x(g_h, g_gates, g_hn, x, h, w_ih, w_hh, b_ih, b_hh):
    """δx = [δr, δz, δn] (B, 3H), the gradient at x·W_ihᵀ + b_ih of the GRU cell, from the
    gradients of h' (g_h), the gates output [r, z, n] (g_gates = [g_r, g_z, g_n]) and hg_n:
        δn = (g_h·(1 - z) + g_n)·(1 - n²);  δr = (δn·hg_n + g_r)·r(1 - r);
        δz = (g_h·(h - n) + g_z)·z(1 - z)
    Then grad_x = δx·W_ih, grad_W_ih = δxᵀ·x, grad_b_ih = Σ δx."""
    delta_r, delta_z, delta_n, _ = _gru_deltas(g_h, g_gates, x, h, w_ih, w_hh, b_ih, b_hh)
    return np.concatenate([delta_r, delta_z, delta_n], axis=1)


def gru_delta_h(g_h, g_gates, g_hn, x, h, w_ih, w_hh, b_ih, b_hh):
    """δh = [δr, δz, δn·r + g_hn] (B, 3H), the gradient at h·W_hhᵀ + b_hh of the GRU cell
    (δr, δz, δn as in gru_delta_x; n reads hg_n through r). Then grad_h = g_h·z + δh·W_hh,
    grad_W_hh = δhᵀ·h, grad_b_hh = Σ δh."""
    delta_r, delta_z, delta_n, r = _gru_deltas(g_h, g_gates, x, h, w_ih, w_hh, b_ih, b_hh)
    return np.concatenate([delta_r, delta_z, delta_n * r + g_hn], axis=1)
