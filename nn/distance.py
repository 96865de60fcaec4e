"""`CosineSimilarity` and `PairwiseDistance`: the module forms of
`nn.functional.cosine_similarity` and `nn.functional.pairwise_distance`."""
from __future__ import annotations

from autograd import Tensor
from autograd.ops.distance import cosine_similarity, pairwise_distance
from nn.module import Module

__all__ = ["CosineSimilarity", "PairwiseDistance"]


class CosineSimilarity(Module):
    """x1·x2 / (max(‖x1‖, eps) max(‖x2‖, eps)) along `dim` (default 1, eps 1e-8).

    Shape: x1 and x2 broadcast to (*, D, *) -> (*, *) (dim removed).
    """

    def __init__(self, dim: int = 1, eps: float = 1e-8) -> None:
        super().__init__()
        self.dim, self.eps = dim, eps

    def forward(self, x1: Tensor, x2: Tensor) -> Tensor:
        return cosine_similarity(x1, x2, self.dim, self.eps)


class PairwiseDistance(Module):
    """‖x1 - x2 + eps‖_p along the last dim (p default 2, eps 1e-6); `norm` holds p.

    Shape: x1 (*, D) and x2 broadcasting to it -> (*), or (*, 1) with keepdim.
    """

    def __init__(self, p: float = 2.0, eps: float = 1e-6, keepdim: bool = False) -> None:
        super().__init__()
        self.norm, self.eps, self.keepdim = p, eps, keepdim

    def forward(self, x1: Tensor, x2: Tensor) -> Tensor:
        return pairwise_distance(x1, x2, self.norm, self.eps, self.keepdim)
