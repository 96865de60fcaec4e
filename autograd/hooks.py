"""`RemovableHandle`: what registering a hook returns (on a Tensor, a node or a Module)."""
from __future__ import annotations

import itertools

__all__ = ["RemovableHandle"]


class RemovableHandle:
    """Holds one hook's place in a dict of hooks; `remove()` takes the hook out. Also a
    context manager: the hook is removed when the `with` block ends.

    Example:
        >>> handle = x.register_hook(lambda grad: grad * 2)
        >>> handle.remove()
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
