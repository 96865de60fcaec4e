"""Embedding: rows of a weight table looked up by integer indices."""
from __future__ import annotations

import numbers

import numpy as np

from autograd.function import NumpyFunction
from autograd.ops.arguments import check_tensors
from autograd.tensor import Tensor

__all__ = ["Embedding", "EmbeddingBackward", "embedding"]


class Embedding(NumpyFunction):
    """a[indices] (rows of the table a);  d/da = g added into the rows the indices pick
    (repeats add up), none for padding_idx, each divided by its count with
    scale_grad_by_freq."""

    formula = "a[b]"
    derivatives = ("add_at(zeros_like(a), b, g*(1 if c is None else (b != c)[..., None])"
                   "/(sum(b[..., None] == reshape(b, (-1,)), -1) if d else 1))",
                   None, None, None)

    @staticmethod
    def forward(ctx, weight, indices, padding_idx, scale_grad_by_freq):
        ctx.indices, ctx.shape = indices, weight.shape
        ctx.padding_idx, ctx.scale_grad_by_freq = padding_idx, scale_grad_by_freq
        return np.take(weight, indices, axis=0)

    @staticmethod
    def backward(ctx, grad):
        indices = ctx.indices
        if ctx.padding_idx is not None:
            grad = grad * np.expand_dims(indices != ctx.padding_idx, -1)
        if ctx.scale_grad_by_freq:
            counts = np.bincount(indices.reshape(-1), minlength=ctx.shape[0])[indices]
            grad = grad / np.expand_dims(counts, -1).astype(grad.dtype)
        return EmbeddingBackward.compute(grad, indices, ctx.shape[0]), None, None, None


class EmbeddingBackward(NumpyFunction):
    """Zeros of shape (num_rows, dim) with each row of a added at its index (repeats add
    up): the backward of embedding;  d/da = the rows of g that the indices pick."""

    formula, derivatives = "add_at(zeros(c, a.shape[-1]), b, a)", ("take(g, b, 0)", None, None)

    @staticmethod
    def forward(ctx, grad, indices, num_rows):
        ctx.indices = indices
        rows, flat = grad.reshape(-1, grad.shape[-1]), indices.reshape(-1)
        out = np.zeros((num_rows, grad.shape[-1]), grad.dtype)
        if flat.size:  # sort the indices, then sum each run of equal ones in one pass
            order = np.argsort(flat, kind="stable")
            ordered = flat[order]
            starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
            out[ordered[starts]] = np.add.reduceat(rows[order], starts, axis=0)
        return out

    @staticmethod
    def backward(ctx, grad):
        return Embedding.compute(grad, ctx.indices, None, False), None, None


def _indices(input, num_embeddings: int) -> np.ndarray:
    """The index array of `input`, checked to be int64/int32 values in [0, num_embeddings)."""
    indices = input.numpy(force=True) if isinstance(input, Tensor) else np.asarray(input)
    if indices.dtype not in (np.int64, np.int32):
        raise RuntimeError(f"Expected tensor for argument #1 'indices' to have one of the "
                           f"following scalar types: Long, Int; but got {indices.dtype} instead")
    if indices.size and (indices.min() < 0 or indices.max() >= num_embeddings):
        bad = indices[(indices < 0) | (indices >= num_embeddings)].flat[0]
        raise IndexError(f"index out of range in self: embedding index {bad} is outside "
                         f"[0, {num_embeddings}) (the rows of the weight)")
    return indices


def padding_index(padding_idx, num_embeddings: int) -> int | None:
    """padding_idx as a row number in [0, num_embeddings) (negative counts from the end)."""
    if padding_idx is None:
        return None
    if not isinstance(padding_idx, numbers.Integral) or \
            not -num_embeddings <= padding_idx < num_embeddings:
        raise ValueError(f"Padding_idx must be within num_embeddings ({num_embeddings}), got "
                         f"{padding_idx!r}")
    return int(padding_idx) % num_embeddings


def _renorm_rows(weight: Tensor, indices: np.ndarray, max_norm: float, norm_type: float) -> None:
    """Rows that `indices` use whose norm exceeds max_norm, rescaled in place to max_norm."""
    table = weight.numpy(force=True)
    rows = np.unique(indices)
    norms = np.linalg.norm(table[rows], ord=norm_type, axis=1)
    too_long = norms > max_norm
    table[rows[too_long]] *= np.expand_dims(max_norm / (norms[too_long] + 1e-7), 1).astype(
        table.dtype)


def embedding(input, weight: Tensor, padding_idx: int | None = None,
              max_norm: float | None = None, norm_type: float = 2.0,
              scale_grad_by_freq: bool = False, sparse: bool = False) -> Tensor:
    """Look up rows of `weight`: out[...] = weight[input[...]], as PyTorch's.

    The row at `padding_idx` receives no gradient; with `max_norm`, the rows used are first
    rescaled in place to norm at most max_norm; with `scale_grad_by_freq`, each row's
    gradient is divided by how often its index occurs in `input`.

    Shape: input (*) of int64/int32 indices, weight (num_embeddings, dim) -> (*, dim).
    """
    check_tensors("embedding", input=input, weight=weight)
    if sparse:
        raise ValueError("embedding: sparse gradients are not supported (there are no sparse "
                         "tensors here); use sparse=False")
    if weight.ndim != 2:
        raise RuntimeError(f"embedding: weight must be 2-D (num_embeddings, embedding_dim), got "
                           f"shape {tuple(weight.shape)}")
    indices = _indices(input, weight.shape[0])
    if max_norm is not None:
        _renorm_rows(weight, indices, float(max_norm), float(norm_type))
    return Embedding.apply(weight, indices, padding_index(padding_idx, weight.shape[0]),
                           bool(scale_grad_by_freq))
