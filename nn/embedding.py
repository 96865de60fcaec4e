"""`Embedding`: a lookup table of vectors, indexed by integer ids."""
from __future__ import annotations

import numpy as np

from autograd import Function, Tensor
from autograd.ops import IndexGrad
from nn import init
from nn.linear import check_sizes
from nn.module import Module
from nn.parameter import Parameter

__all__ = ["EmbeddingFunction", "embedding", "Embedding"]


class EmbeddingFunction(Function):
    """Row lookup. y = W[i];  dy/dW = g scatter-added into the rows i (0 for padding_idx)."""

    formula, derivatives = "a[i]", ("g scatter-added at rows i",)

    @staticmethod
    def forward(ctx, weight, indices, padding_idx):
        ctx.shape, ctx.indices, ctx.padding_idx = weight.shape, indices, padding_idx
        return weight[indices]

    @staticmethod
    def backward(ctx, grad):
        if ctx.padding_idx is not None:
            grad = grad * (ctx.indices != ctx.padding_idx)[..., None]
        return IndexGrad.apply(grad, ctx.shape, ctx.indices), None, None


def _indices(input, num_embeddings: int) -> np.ndarray:
    """The index array of `input`, checked to be integers in [0, num_embeddings)."""
    indices = input.data if isinstance(input, Tensor) else np.asarray(input)
    if indices.dtype.kind not in "iu":
        raise TypeError(f"embedding: indices must be integers, got dtype {indices.dtype}")
    if indices.size and (indices.min() < 0 or indices.max() >= num_embeddings):
        raise IndexError(f"embedding: index out of range: indices must be in [0, {num_embeddings}), "
                         f"got values from {indices.min()} to {indices.max()}")
    return indices


def _padding_idx(padding_idx: int | None, num_embeddings: int) -> int | None:
    if padding_idx is None:
        return None
    if not -num_embeddings <= padding_idx < num_embeddings:
        raise ValueError(f"padding_idx must be within num_embeddings={num_embeddings}, got {padding_idx}")
    return padding_idx % num_embeddings


def embedding(input, weight: Tensor, padding_idx: int | None = None) -> Tensor:
    """Look up rows of `weight`: out[...] = weight[input[...]].

    Shape: input (*) integer ids, weight (num_embeddings, dim) -> (*, dim). The row at
    `padding_idx` receives no gradient.
    """
    if weight.ndim != 2:
        raise ValueError(f"embedding: weight must be 2-D (num_embeddings, dim), got shape {tuple(weight.shape)}")
    indices = _indices(input, weight.shape[0])
    return EmbeddingFunction.apply(weight, indices, _padding_idx(padding_idx, weight.shape[0]))


class Embedding(Module):
    """A table of `num_embeddings` vectors of size `embedding_dim`, looked up by index.

    Args:
        num_embeddings: number of rows (vocabulary size).
        embedding_dim: size of each vector.
        padding_idx: a row kept at zero at initialisation that receives no gradient.
        dtype: weight dtype (default float32).

    Shape: (*) integer ids -> (*, embedding_dim). Initialised N(0, 1), as PyTorch.
    """

    def __init__(self, num_embeddings: int, embedding_dim: int, padding_idx: int | None = None,
                 dtype=None) -> None:
        super().__init__()
        check_sizes("Embedding", num_embeddings=num_embeddings, embedding_dim=embedding_dim)
        self.num_embeddings, self.embedding_dim = num_embeddings, embedding_dim
        self.padding_idx = _padding_idx(padding_idx, num_embeddings)
        self.weight = Parameter(np.empty((num_embeddings, embedding_dim),
                                         dtype=np.dtype(np.float32 if dtype is None else dtype)))
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Re-draw the table from N(0, 1), with the padding row at zero."""
        init.normal_(self.weight)
        if self.padding_idx is not None:
            self.weight.data[self.padding_idx] = 0

    @classmethod
    def from_pretrained(cls, embeddings, freeze: bool = True,
                        padding_idx: int | None = None) -> "Embedding":
        """An Embedding holding a copy of the 2-D array or Tensor `embeddings`
        (not trained when `freeze`)."""
        array = np.array(embeddings.data if isinstance(embeddings, Tensor) else embeddings)
        if array.ndim != 2:
            raise ValueError(f"embeddings must be 2-D (num_embeddings, dim), got shape {array.shape}")
        module = cls(array.shape[0], array.shape[1], padding_idx, dtype=array.dtype)
        module.weight.data[...] = array
        module.weight.requires_grad_(not freeze)
        return module

    def forward(self, input) -> Tensor:
        return embedding(input, self.weight, self.padding_idx)

    def extra_repr(self) -> str:
        text = f"{self.num_embeddings}, {self.embedding_dim}"
        return text + (f", padding_idx={self.padding_idx}" if self.padding_idx is not None else "")
