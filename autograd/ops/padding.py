"""Padding: pad with a constant (one node), or by reflecting, replicating or wrapping the
input's own values (an index into it, so the gradient adds up where values repeat)."""
from __future__ import annotations

import numbers

import numpy as np

from autograd.function import NumpyFunction
from autograd.ops.arguments import check_tensors
from autograd.ops.indexing import Index, as_index
from autograd.tensor import Tensor

__all__ = ["Pad", "pad"]


class Pad(NumpyFunction):
    """a with `widths` (before, after) added to each dim, filled with `value`; a negative
    width crops. d/da: the gradient with the padding cut off (and the crop padded back with
    zeros), i.e. Pad with the widths negated."""

    node_name = "ConstantPadNdBackward0"
    formula = "pad(a, b, c)"
    derivatives = ("put_at(zeros_like(a), kept, g[placed])", None, None)

    @staticmethod
    def forward(ctx, x, widths, value):
        ctx.widths = widths
        crop = tuple(slice(max(-before, 0), size - max(-after, 0))
                     for size, (before, after) in zip(x.shape, widths))
        grow = tuple((max(before, 0), max(after, 0)) for before, after in widths)
        out = np.pad(x[crop], grow, constant_values=np.asarray(value).astype(x.dtype))
        ctx.kept = crop  # where the values that remain come from, and where they go
        ctx.placed = tuple(slice(before, before + piece.stop - piece.start)
                           for (before, _), piece in zip(grow, crop))
        return out

    @staticmethod
    def backward(ctx, grad):
        negated = tuple((-before, -after) for before, after in ctx.widths)
        return Pad.compute(grad, negated, 0), None, None


def _positions(size: int, before: int, after: int, mode: str) -> np.ndarray:
    """For each output position along one dim, the input position it copies (circular: wraps
    within what is left after negative widths crop, as PyTorch)."""
    if mode == "circular":
        low, high = max(-before, 0), size - max(-after, 0)
        return low + np.arange(-max(before, 0), high - low + max(after, 0)) % (high - low)
    p = np.arange(-before, size + after)
    if mode == "reflect":
        return np.where(p < 0, -p, np.where(p >= size, 2 * (size - 1) - p, p))
    return np.clip(p, 0, size - 1)  # replicate


def _check_widths(mode: str, shape: tuple, widths: list) -> None:
    for dim, (before, after) in widths:
        size = shape[dim]
        if mode == "reflect" and (before >= size or after >= size):
            raise RuntimeError(f"Argument #4: Padding size should be less than the corresponding "
                               f"input dimension, but got: padding ({before}, {after}) at "
                               f"dimension {dim} of input {list(shape)}")
        if mode == "circular" and (before > size or after > size):
            raise RuntimeError(f"Padding value causes wrapping around more than once: padding "
                               f"({before}, {after}) at dimension {dim} of input {list(shape)}")
        if mode == "replicate" and size == 0 and (before > 0 or after > 0):
            raise RuntimeError(f"replicate padding of dimension {dim} needs a non-empty input, "
                               f"got input {list(shape)}")


def _non_constant(input: Tensor, pairs: list, mode: str) -> Tensor:
    """input[..., i_1, ..., i_k] with index arrays that broadcast to the padded shape."""
    k = len(pairs)
    if input.ndim not in (k + 1, k + 2) or k > 3:
        raise NotImplementedError(
            f"Padding size {2 * k} is not supported for {input.ndim}D input tensor. Supported "
            "combinations for non-constant padding: 2D or 3D input with padding size 2 (the "
            "last dim), 3D or 4D with size 4 (the last 2 dims), 4D or 5D with size 6 (the "
            "last 3 dims)")
    widths = [(input.ndim - 1 - i, pair) for i, pair in enumerate(pairs)]
    _check_widths(mode, input.shape, widths)
    index = [Ellipsis]
    for j, (dim, (before, after)) in enumerate(sorted(widths)):
        positions = _positions(input.shape[dim], before, after, mode)
        index.append(positions.reshape((-1,) + (1,) * (k - 1 - j)))
    return Index.apply(input, as_index(tuple(index), input.shape))


def pad(input: Tensor, pad, mode: str = "constant", value: float | None = None) -> Tensor:
    """Pad the last len(pad)/2 dims, as `torch.nn.functional.pad`.

    `pad` is (left, right) for the last dim, then (top, bottom) for the one before, and so
    on; negative values crop. Modes: 'constant' (fill with `value`, default 0), 'reflect'
    (mirror without repeating the edge), 'replicate' (repeat the edge), 'circular' (wrap).

    Example: pad(x, (1, 1)) on (N, C, W) -> (N, C, W + 2).
    """
    check_tensors("pad", input=input)
    pad = tuple(pad)
    if any(isinstance(p, bool) or not isinstance(p, numbers.Integral) for p in pad):
        raise TypeError(f"pad(): the padding must be a sequence of ints, got {pad!r}")
    if len(pad) % 2:
        raise RuntimeError("Padding length must be divisible by 2")
    if len(pad) > 2 * input.ndim:
        raise RuntimeError(f"Padding length should be less than or equal to two times the input "
                           f"dimension but got padding length {len(pad)} and input of dimension "
                           f"{input.ndim}")
    pairs = [(int(pad[i]), int(pad[i + 1])) for i in range(0, len(pad), 2)]
    if mode == "constant":
        widths = [(0, 0)] * (input.ndim - len(pairs)) + pairs[::-1]
        for dim, (before, after) in enumerate(widths):
            if input.shape[dim] + before + after < 0:
                raise RuntimeError(f"The input size {input.shape[dim]}, plus negative padding "
                                   f"{before} and {after} resulted in a negative output size "
                                   f"at dimension {dim}")
        return Pad.apply(input, tuple(widths), 0 if value is None else value)
    if mode not in ("reflect", "replicate", "circular"):
        raise NotImplementedError(f"Unrecognised padding mode {mode}")
    if value is not None and value != 0:
        raise RuntimeError(f'Padding mode "{mode}" doesn\'t take in value argument')
    return _non_constant(input, pairs, mode)
