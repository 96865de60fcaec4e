"""Indexing: t[index] and t[index] = value, basic (ints, slices) and advanced (int or bool
tensors)."""
from __future__ import annotations

import numpy as np

from autograd.function import NumpyFunction
from autograd.tensor import Tensor

__all__ = ["Index", "IndexPut", "index", "index_put_", "as_index"]


class Index(NumpyFunction):
    """a[index]; the gradient is added back at the indexed places (repeats add up)."""

    formula, derivatives = "a[b]", ("add_at(zeros_like(a), b, g)", None)

    @staticmethod
    def forward(ctx, a, index):
        ctx.shape, ctx.index = a.shape, index
        return a[index]

    @staticmethod
    def backward(ctx, grad):
        return IndexBackward.compute(grad, ctx.shape, ctx.index), None


class IndexBackward(NumpyFunction):
    """Zeros of `shape` with g added at `index` (the backward of indexing)."""

    formula, derivatives = "add_at(zeros(b), c, a)", ("g[c]", None, None)

    @staticmethod
    def forward(ctx, grad, shape, index):
        ctx.index = index
        out = np.zeros(shape, dtype=np.result_type(grad))
        if _is_basic(index):
            out[index] = grad
        else:
            np.add.at(out, index, grad)
        return out

    @staticmethod
    def backward(ctx, grad):
        return Index.compute(grad, ctx.index), None, None


class IndexPut(NumpyFunction):
    """a with a[index] = value; a's gradient is zero at index, value gets the gradient there."""

    formula, derivatives = "put_at(a, b, c)", ("put_at(g, b, 0)", None, "g[b]")

    @staticmethod
    def forward(ctx, a, index, value):
        ctx.index = index
        out = a.copy()
        try:
            out[index] = value
        except ValueError:
            raise RuntimeError(f"shape mismatch: value tensor of shape {np.shape(value)} cannot "
                               f"be broadcast to indexing result of shape "
                               f"{np.shape(a[index])}") from None
        return out

    @staticmethod
    def backward(ctx, grad):
        need_a, _, need_value = ctx.needs_input_grad
        grad_a = IndexPut.compute(grad, ctx.index, 0) if need_a else None
        grad_value = Index.compute(grad, ctx.index) if need_value else None
        return grad_a, None, grad_value


def _is_basic(index) -> bool:
    parts = index if isinstance(index, tuple) else (index,)
    return all(isinstance(p, (int, np.integer, slice)) or p is None or p is Ellipsis
               for p in parts)


def as_index(index):
    """Tensors inside an index replaced by their arrays; lists become int arrays."""
    if isinstance(index, Tensor):
        return _index_array(index._data)
    if isinstance(index, tuple):
        return tuple(as_index(p) if isinstance(p, (Tensor, list)) else p for p in index)
    if isinstance(index, list):
        if any(isinstance(p, (Tensor, list, slice)) or p is None or p is Ellipsis for p in index):
            if all(isinstance(p, (int, np.integer, bool)) for p in index):
                return np.asarray(index)
            return tuple(as_index(p) if isinstance(p, (Tensor, list)) else p for p in index)
        return _index_array(np.asarray(index))
    return index


def _index_array(array: np.ndarray) -> np.ndarray:
    if array.dtype.kind not in "biu":
        raise IndexError(f"tensors used as indices must be long, int, byte or bool tensors, "
                         f"got {array.dtype}")
    return array


def index(input: Tensor, key) -> Tensor:
    return Index.apply(input, as_index(key))


def index_put_(input: Tensor, key, value) -> Tensor:
    """input[key] = value, in place."""
    return input._inplace(IndexPut, as_index(key), value)
