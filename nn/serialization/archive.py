"""Reading a checkpoint's zip archive without trusting it.

Only a regular file is opened (never blocking on a FIFO), no single read from it is larger
than the limits allow, and every stored array's .npy header is checked (dtype, shape, and
that its size matches the zip entry) before its memory is allocated. Data is then inflated in
chunks into that memory, never past it.
"""
from __future__ import annotations

import ast
import os
import re
import stat
import struct
import warnings
import zipfile
from typing import BinaryIO

import numpy as np

from nn.serialization.limits import Limits, Refused

__all__ = ["MANIFEST", "open_regular_file", "CheckpointArchive"]

MANIFEST = "__manifest__"
_ARRAY_NAME = re.compile(r"a[0-9]{1,9}")
_NPY_MAGIC = b"\x93NUMPY"
_MAX_NPY_HEADER = 65_536
_MAX_NDIM = 64
_CHUNK = 1 << 16
_END_RECORD_SEARCH = 22 + 65_535  # the end-of-archive record and the longest zip comment
_CENTRAL_ENTRY_BYTES = 160  # generous room per entry: 46 fixed, name, zip64 extra
_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
               | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
_KINDS = [(stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISSOCK, "a socket")]


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def open_regular_file(path: str) -> BinaryIO:
    """`path` opened for reading, if it is a regular file (after following symlinks, as open()).

    Raises FileNotFoundError / PermissionError as open() does; Refused for anything else
    than a regular file. O_NONBLOCK keeps a FIFO swapped in after the check from blocking.
    """
    mode = os.stat(path).st_mode
    if not stat.S_ISREG(mode):
        raise Refused(f"it is {_kind(mode)}, not a regular file")
    descriptor = os.open(path, _OPEN_FLAGS)
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise Refused(f"it is {_kind(mode)}, not a regular file")
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


class _BoundedReads:
    """A seekable file whose single reads may not exceed `max_read` bytes.

    zipfile reads the whole central directory in one read of the size the archive declares;
    this bounds it (and so the number of entries zipfile will parse).
    """

    def __init__(self, file: BinaryIO, max_read: int) -> None:
        self._file = file
        self._max_read = max_read

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:  # zipfile reads the end-of-archive record to the end
            here = self._file.tell()
            size = self._file.seek(0, os.SEEK_END) - here
            self._file.seek(here)
        if size > self._max_read:
            raise Refused(f"its zip directory is larger than the limits allow (a read of "
                          f"{size:,} bytes was asked; max_arrays bounds it)")
        return self._file.read(size)

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        return self._file.seek(offset, whence)

    def tell(self) -> int:
        return self._file.tell()

    def seekable(self) -> bool:
        return True


class CheckpointArchive:
    """The members of a checkpoint's zip archive, read within `limits`.

    `read_array(name)` returns the array stored as `name`.npy, each at most once; the total
    of what is read (headers included) never exceeds `limits.max_bytes`.
    """

    def __init__(self, file: BinaryIO, limits: Limits) -> None:
        self.limits = limits
        self._left = limits.max_bytes
        self._used: set[str] = set()
        head = file.read(4)
        if head != b"PK\x03\x04":
            raise Refused(_describe_foreign(head + file.read(2)))
        max_read = max(_CHUNK, _END_RECORD_SEARCH, _CENTRAL_ENTRY_BYTES * (limits.max_arrays + 1))
        file.seek(0)
        self._zip = zipfile.ZipFile(_BoundedReads(file, max_read))
        self._members = self._check_members(self._zip.infolist())

    def close(self) -> None:
        self._zip.close()

    def _check_members(self, members: list[zipfile.ZipInfo]) -> dict[str, zipfile.ZipInfo]:
        if len(members) > self.limits.max_arrays + 1:
            raise Refused(f"it holds {len(members):,} members, over the limit of "
                          f"{self.limits.max_arrays:,} arrays (max_arrays)")
        if MANIFEST + ".npy" not in (info.filename for info in members):
            raise Refused("it is a zip (or .npz) file without a backproplab manifest "
                          "(not written by nn.save)")
        by_name: dict[str, zipfile.ZipInfo] = {}
        for info in members:
            name = info.filename[:-4] if info.filename.endswith(".npy") else None
            if name is None or not (name == MANIFEST or _ARRAY_NAME.fullmatch(name)):
                raise Refused(f"it holds a member {info.filename[:80]!r} that nn.save "
                              "never writes")
            if name in by_name:
                raise Refused(f"it holds the member {info.filename!r} twice")
            if info.flag_bits & 0x1:
                raise Refused(f"its member {info.filename!r} is encrypted")
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise Refused(f"its member {info.filename!r} uses zip compression method "
                              f"{info.compress_type} (only stored and deflated are read)")
            by_name[name] = info
        declared = sum(info.file_size for info in by_name.values())
        if declared > self.limits.max_bytes:
            raise Refused(f"its members declare {declared:,} bytes in total, over the limit of "
                          f"{self.limits.max_bytes:,} (pass max_bytes= to nn.load to allow it)")
        return by_name

    def read_manifest(self) -> bytes:
        limit = min(self.limits.max_manifest_bytes, self.limits.max_array_bytes)
        array = self._read(MANIFEST, limit)
        if array.dtype != np.uint8 or array.ndim != 1:
            raise Refused(f"its manifest entry is a {array.dtype} array of shape {array.shape}, "
                          "not bytes")
        return array.tobytes()

    def read_array(self, name: str) -> np.ndarray:
        if name == MANIFEST or name not in self._members:
            raise Refused(f"its manifest names an array {name[:80]!r} that the file does not hold")
        if name in self._used:
            raise Refused(f"its manifest names the array {name!r} more than once")
        return self._read(name, self.limits.max_array_bytes)

    def unused(self) -> list[str]:
        """Names of stored arrays that were never read (the manifest does not name them)."""
        return sorted(set(self._members) - self._used - {MANIFEST})

    def _read(self, name: str, max_data: int) -> np.ndarray:
        self._used.add(name)
        info = self._members[name]
        with self._zip.open(info) as stream:
            header_size, dtype, shape, fortran_order = _read_npy_header(stream, name)
            data_size = int(np.prod(shape, dtype=object)) * dtype.itemsize
            if data_size > max_data:
                limit = "max_manifest_bytes" if name == MANIFEST else "max_array_bytes"
                raise Refused(f"its array {name!r} of shape {shape} and dtype {dtype} holds "
                              f"{data_size:,} bytes, over the limit of {max_data:,} ({limit})")
            if info.file_size != header_size + data_size:
                raise Refused(f"its array {name!r} declares shape {shape} and dtype {dtype} "
                              f"({header_size + data_size:,} bytes with the header), but its zip "
                              f"entry holds {info.file_size:,} bytes")
            self._take(info.file_size, name)
            buffer = np.empty(data_size, np.uint8)
            _read_into(stream, memoryview(buffer), name)
            if stream.read(1):
                raise Refused(f"its array {name!r} has data past its declared end")
        if fortran_order:
            return buffer.view(dtype).reshape(shape[::-1]).transpose()
        return buffer.view(dtype).reshape(shape)

    def _take(self, size: int, name: str) -> None:
        if size > self._left:
            raise Refused(f"reading array {name!r} would pass the limit of "
                          f"{self.limits.max_bytes:,} bytes in total (pass max_bytes= to "
                          "nn.load to allow more)")
        self._left -= size


def _describe_foreign(head: bytes) -> str:
    if head.startswith(_NPY_MAGIC):
        what = "a single .npy array"
    elif head.startswith(b"PK\x05\x06"):
        what = "an empty zip archive"
    elif not head:
        what = "an empty file"
    else:
        what = f"not a zip archive (it starts with {head!r})"
    return f"it is not a checkpoint written by nn.save: it is {what}"


def _read_exactly(stream: BinaryIO, size: int, name: str) -> bytes:
    data = stream.read(size)
    if len(data) != size:
        raise Refused(f"its array {name!r} is truncated")
    return data


def _read_into(stream: BinaryIO, buffer: memoryview, name: str) -> None:
    filled = 0
    while filled < len(buffer):
        chunk = stream.read(min(_CHUNK, len(buffer) - filled))
        if not chunk:
            raise Refused(f"its array {name!r} is truncated")
        buffer[filled:filled + len(chunk)] = chunk
        filled += len(chunk)


def _read_npy_header(stream: BinaryIO, name: str) -> tuple[int, np.dtype, tuple, bool]:
    """(header size in bytes, dtype, shape, fortran_order) of the .npy data in `stream`."""
    start = _read_exactly(stream, 8, name)
    if start[:6] != _NPY_MAGIC:
        raise Refused(f"its member {name!r} is not a .npy array")
    version = (start[6], start[7])
    if version not in ((1, 0), (2, 0), (3, 0)):
        raise Refused(f"its array {name!r} has .npy format version {version}, not 1.0-3.0")
    length_format = "<H" if version == (1, 0) else "<I"
    length_bytes = _read_exactly(stream, struct.calcsize(length_format), name)
    (length,) = struct.unpack(length_format, length_bytes)
    if length > _MAX_NPY_HEADER:
        raise Refused(f"its array {name!r} has a .npy header of {length:,} bytes "
                      f"(at most {_MAX_NPY_HEADER:,} are read)")
    text = _read_exactly(stream, length, name)
    try:
        with warnings.catch_warnings():  # e.g. "invalid escape sequence" from a crafted header
            warnings.simplefilter("ignore")
            header = ast.literal_eval(text.decode("utf-8" if version == (3, 0) else "latin1"))
    except (UnicodeDecodeError, SyntaxError, ValueError, TypeError, MemoryError,
            RecursionError) as error:
        raise Refused(f"its array {name!r} has an unreadable .npy header ({error})") from None
    dtype, shape, fortran_order = _check_npy_header(header, name)
    return 8 + len(length_bytes) + length, dtype, shape, fortran_order


def _check_npy_header(header: object, name: str) -> tuple[np.dtype, tuple, bool]:
    if not isinstance(header, dict) or set(header) != {"descr", "fortran_order", "shape"}:
        raise Refused(f"its array {name!r} has a .npy header without exactly the keys "
                      "descr, fortran_order and shape")
    shape, fortran_order = header["shape"], header["fortran_order"]
    if not (isinstance(shape, tuple) and len(shape) <= _MAX_NDIM
            and all(type(n) is int and n >= 0 for n in shape)):
        raise Refused(f"its array {name!r} has an invalid shape {str(shape)[:80]} in its header")
    if not isinstance(fortran_order, bool):
        raise Refused(f"its array {name!r} has a fortran_order that is not a bool")
    dtype = _dtype(header["descr"], name)
    elements = 1
    for n in shape:  # also bounds shapes with a zero in them: no dimension past 2**62
        if n > 1 << 62:
            raise Refused(f"its array {name!r} has an absurd shape {shape}")
        elements *= max(n, 1)
    if elements > 1 << 62:
        raise Refused(f"its array {name!r} has an absurd shape {shape}")
    return dtype, shape, fortran_order


def _dtype(descr: object, name: str) -> np.dtype:
    try:
        if isinstance(descr, str):
            dtype = np.dtype(descr)
        elif isinstance(descr, list):
            dtype = np.lib.format.descr_to_dtype(descr)
        else:
            raise TypeError(f"descr is a {type(descr).__name__}")
    except (TypeError, ValueError, KeyError, IndexError, OverflowError, RecursionError) as error:
        raise Refused(f"its array {name!r} has an invalid dtype in its header ({error})") from None
    if dtype.hasobject:
        raise Refused(f"its array {name!r} is an object array (dtype {dtype}): it would "
                      "need unpickling; refused")
    if dtype.itemsize == 0 or dtype.shape != ():
        raise Refused(f"its array {name!r} has an unsupported dtype {dtype}")
    return dtype
