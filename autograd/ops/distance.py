"""Distances between vectors, built from other ops as PyTorch builds them (so their
gradients, of any order, are those ops'): cosine_similarity and pairwise_distance."""
from __future__ import annotations

from autograd.dtype_names import scalar_type_name
from autograd.grad_mode import no_grad
from autograd.ops.arguments import check_is_tensor
from autograd.ops.dims import normalize_dim
from autograd.ops.dtypes import result_type
from autograd.ops.join import broadcast_tensors
from autograd.ops.norm import norm, vector_norm
from autograd.tensor import Tensor

__all__ = ["cosine_similarity", "pairwise_distance"]


def cosine_similarity(x1: Tensor, x2: Tensor, dim: int = 1, eps: float = 1e-8) -> Tensor:
    """Σ (x1 / max(‖x1‖, eps)) · (x2 / max(‖x2‖, eps)) along `dim`, so always in [-1, 1].

    As PyTorch: the inputs broadcast first; integer inputs take the floating dtype of the
    other; the norms are clamped to eps without autograd seeing the clamp, so the gradient
    flows through ‖x‖ even where it is below eps.

    Shape: x1 and x2 broadcast to (*, D, *) -> (*, *) (dim removed).
    """
    check_is_tensor("cosine_similarity", x1=x1, x2=x2)
    common = result_type(x1, x2)
    if common.kind != "f":
        raise RuntimeError(f"expected common dtype to be floating point, yet common dtype is "
                           f"{scalar_type_name(common)}")
    x1, x2 = (x if x.dtype.kind == "f" else x.to(common) for x in (x1, x2))
    x1, x2 = broadcast_tensors(x1, x2)
    dim = normalize_dim(dim, x1.ndim, "cosine_similarity")
    x1_norm = vector_norm(x1, 2, dim, keepdim=True).clone()
    x2_norm = vector_norm(x2, 2, dim, keepdim=True).clone()
    with no_grad():  # the value clamped, the gradient that of the unclamped norm
        x1_norm.clamp_min_(eps)
        x2_norm.clamp_min_(eps)
    return ((x1 / x1_norm) * (x2 / x2_norm)).sum(dim)


def pairwise_distance(x1: Tensor, x2: Tensor, p: float = 2.0, eps: float = 1e-6,
                      keepdim: bool = False) -> Tensor:
    """‖x1 - x2 + eps‖_p along the last dim of the broadcast shape.

    Shape: x1 (*, D) and x2 broadcasting to it -> (*), or (*, 1) with keepdim.
    """
    check_is_tensor("pairwise_distance", x1=x1, x2=x2)
    innermost = max(x1.ndim, x2.ndim) - 1
    return norm(x1 - x2 + eps, p, innermost, keepdim)
