"""The one error type of `nn.load` and the limits it enforces before allocating anything."""
from __future__ import annotations

from dataclasses import dataclass, fields

__all__ = [
    "CheckpointError", "Limits", "MAX_BYTES", "MAX_ARRAY_BYTES", "MAX_ARRAYS",
    "MAX_MANIFEST_BYTES", "MAX_ENTRIES", "MAX_DEPTH", "MAX_STRING_LENGTH",
]

MAX_BYTES = 2 * 1024**3
"""Total decompressed bytes `nn.load` reads from one file (arrays, .npy headers, manifest)."""
MAX_ARRAY_BYTES = 1024**3
"""Bytes of data in any one stored array."""
MAX_ARRAYS = 100_000
"""Stored arrays in one file."""
MAX_MANIFEST_BYTES = 8 * 1024**2
"""Bytes of the JSON manifest that describes the nesting (its Python objects take up to ~25x)."""
MAX_ENTRIES = 500_000
"""Values (containers, numbers, strings, arrays, ...) described by the manifest."""
MAX_DEPTH = 64
"""Nesting depth of containers (a dict inside a list inside a dict is depth 3)."""
MAX_STRING_LENGTH = 1024**2
"""Characters in any one string (values and dict keys)."""


class CheckpointError(ValueError):
    """`nn.load` met a file that is not a valid checkpoint or exceeds a limit.

    The message names the path and the reason; `path` and `reason` hold them too.
    """

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"cannot load {path!r}: {reason}")
        self.path = path
        self.reason = reason


class Refused(Exception):
    """Raised inside the reader with a reason; `load` turns it into a CheckpointError."""


@dataclass(frozen=True)
class Limits:
    """The limits of one `nn.load` call (keyword arguments of the same names)."""

    max_bytes: int = MAX_BYTES
    max_array_bytes: int = MAX_ARRAY_BYTES
    max_arrays: int = MAX_ARRAYS
    max_manifest_bytes: int = MAX_MANIFEST_BYTES
    max_entries: int = MAX_ENTRIES
    max_depth: int = MAX_DEPTH
    max_string_length: int = MAX_STRING_LENGTH

    def __post_init__(self) -> None:
        for field in fields(self):
            value = getattr(self, field.name)
            if not isinstance(value, int) or isinstance(value, bool):
                raise TypeError(f"nn.load: {field.name} must be an int, got {type(value).__name__}")
            if value < 1:
                raise ValueError(f"nn.load: {field.name} must be at least 1, got {value}")
