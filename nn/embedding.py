"""`Embedding`: a lookup table of vectors, indexed by integer ids."""
from __future__ import annotations

import numpy as np

from autograd import Tensor, no_grad
from autograd.ops import embedding
from autograd.ops.embedding import padding_index
from nn import init
from nn.checks import check_sizes
from nn.linear import factory_dtype
from nn.module import Module
from nn.parameter import Parameter

__all__ = ["Embedding"]


class Embedding(Module):
    """A table of `num_embeddings` vectors of size `embedding_dim`, looked up by index
    (see `autograd.ops.embedding`).

    Args:
        num_embeddings: number of rows (vocabulary size).
        embedding_dim: size of each vector.
        padding_idx: a row kept at zero at initialisation that receives no gradient.
        max_norm: rows looked up are first rescaled in place to norm at most max_norm
            (the `norm_type`-norm).
        scale_grad_by_freq: divide each row's gradient by its index's count in the batch.
        dtype: weight dtype (default float32).

    Shape: (*) integer ids -> (*, embedding_dim). Initialised N(0, 1), as PyTorch.
    """

    def __init__(self, num_embeddings: int, embedding_dim: int, padding_idx: int | None = None,
                 max_norm: float | None = None, norm_type: float = 2.0,
                 scale_grad_by_freq: bool = False, sparse: bool = False, _weight=None,
                 _freeze: bool = False, device=None, dtype=None) -> None:
        super().__init__()
        check_sizes("Embedding", num_embeddings=num_embeddings, embedding_dim=embedding_dim)
        if sparse:
            raise ValueError("Embedding: sparse gradients are not supported (there are no "
                             "sparse tensors here); use sparse=False")
        self.num_embeddings, self.embedding_dim = num_embeddings, embedding_dim
        self.padding_idx = padding_index(padding_idx, num_embeddings)
        self.max_norm, self.norm_type = max_norm, norm_type
        self.scale_grad_by_freq, self.sparse = scale_grad_by_freq, sparse
        if _weight is None:
            dtype = factory_dtype(dtype, device)
            self.weight = Parameter(np.empty((num_embeddings, embedding_dim), dtype=dtype),
                                    requires_grad=not _freeze)
            self.reset_parameters()
        else:
            if tuple(_weight.shape) != (num_embeddings, embedding_dim):
                raise ValueError(f"Shape of weight {tuple(_weight.shape)} does not match "
                                 f"num_embeddings and embedding_dim ({num_embeddings}, "
                                 f"{embedding_dim})")
            self.weight = Parameter(_weight, requires_grad=not _freeze)

    def reset_parameters(self) -> None:
        """Re-draw the table from N(0, 1), with the padding row at zero."""
        init.normal_(self.weight)
        if self.padding_idx is not None:
            with no_grad():
                self.weight[self.padding_idx] = 0

    @classmethod
    def from_pretrained(cls, embeddings, freeze: bool = True, padding_idx: int | None = None,
                        max_norm: float | None = None, norm_type: float = 2.0,
                        scale_grad_by_freq: bool = False, sparse: bool = False) -> "Embedding":
        """An Embedding holding a copy of the 2-D array or Tensor `embeddings`
        (not trained when `freeze`)."""
        array = np.array(embeddings.numpy(force=True) if isinstance(embeddings, Tensor)
                         else embeddings)
        if array.ndim != 2:
            raise ValueError(f"Embeddings parameter is expected to be 2-dimensional, got shape "
                             f"{array.shape}")
        return cls(array.shape[0], array.shape[1], padding_idx, max_norm, norm_type,
                   scale_grad_by_freq, sparse, _weight=Tensor(array), _freeze=freeze)

    def forward(self, input) -> Tensor:
        return embedding(input, self.weight, self.padding_idx, self.max_norm, self.norm_type,
                         self.scale_grad_by_freq, self.sparse)

    def extra_repr(self) -> str:
        text = f"{self.num_embeddings}, {self.embedding_dim}"
        if self.padding_idx is not None:
            text += f", padding_idx={self.padding_idx}"
        if self.max_norm is not None:
            text += f", max_norm={self.max_norm}"
        if self.norm_type != 2:
            text += f", norm_type={self.norm_type}"
        if self.scale_grad_by_freq:
            text += ", scale_grad_by_freq=True"
        return text
