"""`Size`: a tensor's shape as PyTorch prints it, `torch.Size([2, 3])`; a tuple of ints."""
from __future__ import annotations

import math

__all__ = ["Size"]


class Size(tuple):
    """A shape: a tuple of ints that prints as `torch.Size([2, 3])`.

    Example:
        >>> Size((2, 3)), Size((2, 3)).numel(), Size((2, 3)) == (2, 3)
        (torch.Size([2, 3]), 6, True)
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return f"torch.Size([{', '.join(map(str, self))}])"

    __str__ = __repr__

    def numel(self) -> int:
        """The number of elements of a tensor of this shape."""
        return math.prod(self)

    def __getitem__(self, index):
        item = tuple.__getitem__(self, index)
        return Size(item) if isinstance(index, slice) else item

    def __add__(self, other):
        return Size(tuple.__add__(self, tuple(other)))

    def __radd__(self, other):
        return Size(tuple(other) + tuple(self))

    def __mul__(self, count):
        return Size(tuple.__mul__(self, count))

    __rmul__ = __mul__
