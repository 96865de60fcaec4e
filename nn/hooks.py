"""`RemovableHandle` (what registering a hook returns) and `IncompatibleKeys` (what
`load_state_dict` returns)."""
from __future__ import annotations

import itertools
from collections import namedtuple

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


class RemovableHandle:
    """Returned by `register_forward_hook` and friends; `remove()` unregisters the hook.

    Also a context manager: the hook is removed when the `with` block ends.
    """

    _ids = itertools.count()

    def __init__(self, hooks: dict) -> None:
        self._hooks = hooks
        self.id = next(RemovableHandle._ids)

    def remove(self) -> None:
        self._hooks.pop(self.id, None)

    def __enter__(self) -> "RemovableHandle":
        return self

    def __exit__(self, *exc_info) -> None:
        self.remove()
