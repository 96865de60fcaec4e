"""Shape layers: `Flatten` and `Unflatten`."""
from __future__ import annotations

import numbers

from autograd import Tensor
from autograd.ops import normalize_dim
from autograd.ops.arguments import check_tensors
from nn.module import Module

__all__ = ["Flatten", "Unflatten"]


def _check_dim(name: str, dim, layer: str = "Flatten") -> None:
    if isinstance(dim, bool) or not isinstance(dim, numbers.Integral):
        raise TypeError(f"{layer}: {name} must be an int, got {type(dim).__name__}")


class Flatten(Module):
    """Flattens dims start_dim..end_dim into one: (N, C, H, W) -> (N, C·H·W) by default."""

    def __init__(self, start_dim: int = 1, end_dim: int = -1) -> None:
        super().__init__()
        for name, dim in (("start_dim", start_dim), ("end_dim", end_dim)):
            _check_dim(name, dim)
        self.start_dim, self.end_dim = start_dim, end_dim

    def forward(self, input: Tensor) -> Tensor:
        check_tensors("Flatten", input=input)
        return input.flatten(self.start_dim, self.end_dim)

    def extra_repr(self) -> str:
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"


class Unflatten(Module):
    """Splits dim `dim` into `unflattened_size`: Unflatten(1, (2, 5)) maps (N, 10) to (N, 2, 5).

    One entry of unflattened_size may be -1 (inferred). Shape: (*, S, *) -> (*, s1, s2, ..., *)
    with s1·s2·... = S.
    """

    def __init__(self, dim: int, unflattened_size) -> None:
        super().__init__()
        _check_dim("dim", dim, "Unflatten")
        sizes = tuple(unflattened_size)
        if not sizes or any(isinstance(n, bool) or not isinstance(n, numbers.Integral)
                            for n in sizes):
            raise TypeError(f"unflattened_size must be a non-empty tuple of ints, got "
                            f"{unflattened_size!r}")
        self.dim, self.unflattened_size = int(dim), tuple(int(n) for n in sizes)

    def forward(self, input: Tensor) -> Tensor:
        check_tensors("Unflatten", input=input)
        dim = normalize_dim(self.dim, input.ndim, "unflatten")
        return input.reshape(*input.shape[:dim], *self.unflattened_size, *input.shape[dim + 1:])

    def extra_repr(self) -> str:
        return f"dim={self.dim}, unflattened_size={self.unflattened_size}"
