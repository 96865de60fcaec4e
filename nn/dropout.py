"""`Dropout`: inverted dropout in training mode, the identity in eval mode."""
from __future__ import annotations

from autograd import Tensor
from autograd.ops import dropout
from autograd.ops.dropout import check_probability
from nn.module import Module

__all__ = ["Dropout"]


class Dropout(Module):
    """Inverted dropout (keep probability 1 - p, kept values scaled by 1/(1-p)) in training
    mode; the identity in eval mode (see `autograd.ops.dropout`).

    Args:
        p: probability of zeroing an element (default 0.5).
        inplace: write the result into the input.

    Shape: any -> same.
    """

    def __init__(self, p: float = 0.5, inplace: bool = False) -> None:
        super().__init__()
        self.p, self.inplace = check_probability(p), bool(inplace)

    def forward(self, input: Tensor) -> Tensor:
        return dropout(input, self.p, self.training, self.inplace)

    def extra_repr(self) -> str:
        return f"p={self.p}, inplace={self.inplace}"
