"""`IncompatibleKeys` (what `load_state_dict` returns) and `RemovableHandle` (what registering a
hook returns; autograd's, the same for a Tensor, a node and a Module)."""
from __future__ import annotations

from collections import namedtuple

from autograd.hooks import RemovableHandle

__all__ = ["RemovableHandle", "IncompatibleKeys"]


class _IncompatibleKeys(namedtuple("IncompatibleKeys", ["missing_keys", "unexpected_keys"])):
    """What `load_state_dict` returns: keys it expected and did not find, and keys it did not
    use. Printed as PyTorch prints it: `<All keys matched successfully>` when both are empty,
    else `_IncompatibleKeys(missing_keys=[...], unexpected_keys=[...])`."""

    __slots__ = ()

    def __repr__(self) -> str:
        if not self.missing_keys and not self.unexpected_keys:
            return "<All keys matched successfully>"
        return super().__repr__()

    __str__ = __repr__


IncompatibleKeys = _IncompatibleKeys  # PyTorch's class is private (torch.nn.modules.module)
