"""`Parameter`: a leaf Tensor that a Module registers as one of its learnable weights."""
from __future__ import annotations

import numpy as np

from autograd import Tensor

__all__ = ["Parameter"]


class Parameter(Tensor):
    """A leaf Tensor with `requires_grad=True` that registers itself when set on a Module.

    Args:
        data: array-like or Tensor (a Tensor's array is shared, not copied); None gives an
            empty float32 tensor.
        requires_grad: whether backward fills `.grad` (default True).

    Example:
        >>> w = Parameter(np.zeros((2, 3), dtype=np.float32))
        >>> w.requires_grad, w.is_leaf
        (True, True)
    """

    __slots__ = ()

    def __init__(self, data=None, requires_grad: bool = True) -> None:
        if data is None:
            data = np.empty(0, dtype=np.float32)
        if not isinstance(data, (Tensor, np.ndarray)):
            raise TypeError(f"Parameter: data must be a Tensor (or a NumPy array), not "
                            f"{type(data).__name__}")
        if isinstance(data, Tensor):
            super().__init__(np.empty(0, data.dtype))
            self.data = data  # shares the tensor's storage, as PyTorch's Parameter(tensor)
        else:
            super().__init__(data)
        if requires_grad:
            self.requires_grad_(True)

    def __repr__(self) -> str:
        return "Parameter containing:\n" + super().__repr__()

    def __deepcopy__(self, memo: dict) -> "Parameter":
        """A Parameter with copied data (and gradient); shared Parameters stay shared."""
        if id(self) in memo:
            return memo[id(self)]
        copy = Parameter(self.numpy(force=True).copy(), self.requires_grad)
        copy.name = self.name
        if self._grad is not None:
            copy.grad = Tensor(self._grad.numpy(force=True))
        memo[id(self)] = copy
        return copy
