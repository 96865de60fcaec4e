"""`load`: read a checkpoint back, refusing anything malformed with one error type."""
from __future__ import annotations

import os
import re
import struct
import zipfile
import zlib
from typing import Any

from nn.serialization.archive import CheckpointArchive, open_regular_file
from nn.serialization.limits import (
    MAX_ARRAY_BYTES, MAX_ARRAYS, MAX_BYTES, MAX_DEPTH, MAX_ENTRIES, MAX_MANIFEST_BYTES,
    MAX_STRING_LENGTH, CheckpointError, Limits, Refused,
)
from nn.serialization.manifest import decode, parse_manifest

__all__ = ["load"]

_CPU = re.compile(r"cpu(:[0-9]+)?")
_ACCELERATORS = ("cuda", "mps", "xpu", "hip", "xla", "meta", "ipu", "hpu", "mtia", "privateuseone")
# What a damaged zip makes zipfile raise (struct.error and zlib.error included); a
# MemoryError or RecursionError would be a bug in the limits and is not caught.
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, struct.error, EOFError, OSError, ValueError,
               KeyError, IndexError, OverflowError, NotImplementedError, RuntimeError, TypeError)


def load(path: str | os.PathLike, map_location: Any = None, *, weights_only: bool | None = None,
         max_bytes: int = MAX_BYTES, max_array_bytes: int = MAX_ARRAY_BYTES,
         max_arrays: int = MAX_ARRAYS, max_manifest_bytes: int = MAX_MANIFEST_BYTES,
         max_entries: int = MAX_ENTRIES, max_depth: int = MAX_DEPTH,
         max_string_length: int = MAX_STRING_LENGTH) -> Any:
    """Read what `save` wrote: the same nesting, types, key types, dtypes and shapes.

    Tensors come back as Tensors (with their requires_grad flag), arrays as arrays, NumPy
    scalars as NumPy scalars, bools as bools. Nothing is ever unpickled, and nothing is
    allocated before its size is checked against the limits (module constants of the same
    names in upper case; peak memory is about the data plus the largest tensor).

    Args:
        path: the file (any name: `model.pt`, `ckpt.npz`, ...). Only a regular file is read
            (a symlink to one is followed); directories, pipes and devices are refused.
        map_location: as in `torch.load`, accepted for PyTorch code: None, "cpu", "cpu:0",
            a device whose str is one of those, a dict of such values, or a callable (not
            called: everything loads on the CPU). A CUDA or other device raises RuntimeError.
        weights_only: as in `torch.load`; True, False and None all read the same way, since
            this format only ever holds data.
        max_bytes: total decompressed bytes read from the file.
        max_array_bytes: bytes of any one array.
        max_arrays: stored arrays.
        max_manifest_bytes, max_entries, max_depth, max_string_length: the manifest's size,
            number of values, container nesting, and characters of any one string.

    Raises:
        CheckpointError (a ValueError): the file is not a regular file, is truncated, corrupt,
            not written by `save`, or exceeds a limit; the message names the path and why.
        FileNotFoundError, PermissionError (OSError): as `open(path)` raises them.
    """
    _check_map_location(map_location)
    if weights_only not in (None, True, False):
        raise TypeError(f"nn.load: weights_only must be a bool or None, got {weights_only!r}")
    limits = Limits(max_bytes, max_array_bytes, max_arrays, max_manifest_bytes, max_entries,
                    max_depth, max_string_length)
    if not isinstance(path, (str, bytes, os.PathLike)):
        raise TypeError(f"nn.load: path must be a str or os.PathLike (file objects are not "
                        f"supported), got {type(path).__name__}")
    path = os.fspath(path)
    shown = os.fsdecode(path)
    try:
        file = open_regular_file(path)  # OSError as open() raises it; Refused if not a file
    except Refused as error:
        raise CheckpointError(shown, str(error)) from None
    with file:
        try:
            return _read(file, limits)
        except Refused as error:
            raise CheckpointError(shown, str(error)) from None
        except _ZIP_ERRORS as error:
            raise CheckpointError(shown, f"the file is truncated or corrupt "
                                         f"({type(error).__name__}: {error})") from None


def _read(file, limits: Limits) -> Any:
    archive = CheckpointArchive(file, limits)
    try:
        manifest = parse_manifest(archive.read_manifest(), limits)
        obj = decode(manifest["root"], archive.read_array, limits)
        unused = archive.unused()
        if unused:
            raise Refused(f"it holds {len(unused)} array(s) its manifest does not name "
                          f"(first: {unused[0]!r})")
        return obj
    finally:
        archive.close()


def _check_map_location(map_location: Any) -> None:
    """Accept what puts everything on the CPU; refuse accelerators clearly."""
    if map_location is None or callable(map_location):
        return
    if isinstance(map_location, dict):
        for value in map_location.values():
            _check_map_location(value)
        return
    if isinstance(map_location, str) or hasattr(map_location, "type"):
        device = str(map_location)
        if _CPU.fullmatch(device):
            return
        if device.split(":")[0] in _ACCELERATORS:
            raise RuntimeError(
                f"nn.load: map_location={device!r} asks for a {device.split(':')[0].upper()} "
                "device, but this library runs on the CPU only; use map_location='cpu' "
                "(or leave it out)")
        raise RuntimeError(f"nn.load: map_location={device!r} is not a device; expected 'cpu'")
    raise TypeError(f"nn.load: map_location must be None, a device string like 'cpu', a "
                    f"device, a dict or a callable, got {type(map_location).__name__}")
