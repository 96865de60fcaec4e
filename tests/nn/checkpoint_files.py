"""Hand-made checkpoint files for the nn.load tests: members of valid files and crafted ones."""
import io
import json
import re
import struct
import zipfile

import numpy as np

FORMAT = "backproplab.checkpoint"


def npy(array: np.ndarray) -> bytes:
    """The .npy bytes of `array`, as np.save writes them."""
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, np.asarray(array), allow_pickle=True)
    return buffer.getvalue()


def npy_with_header(header: str, data: bytes = b"", version: tuple = (1, 0)) -> bytes:
    """.npy bytes with a header text of our choosing (padded as NumPy pads it)."""
    text = header.encode("latin1")
    length = struct.pack("<H" if version == (1, 0) else "<I", len(text))
    return b"\x93NUMPY" + bytes(version) + length + text + data


def manifest(root, **top) -> bytes:
    """The __manifest__.npy member for a root node (format and version may be overridden)."""
    fields = {"format": FORMAT, "version": 1, "root": root, **top}
    return npy(np.frombuffer(json.dumps(fields).encode(), np.uint8))


def raw_manifest(text: bytes) -> bytes:
    return npy(np.frombuffer(text, np.uint8))


def write_zip(path, members: dict, compression=zipfile.ZIP_STORED) -> None:
    """A zip of `members` ({name: bytes}), member names given in full (e.g. "a0.npy")."""
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def members_of(path) -> dict:
    """{name: bytes} of a zip file, in order."""
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def set_declared_size(path, name: str, size: int) -> None:
    """Rewrite the uncompressed size that the zip headers declare for member `name`.

    Works on zips written by `write_zip` (no zip64 fields): the local header keeps it at
    byte 22, the central directory entry at byte 24.
    """
    data = bytearray(open(path, "rb").read())
    encoded = name.encode()
    for signature, offset, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        for match in re.finditer(re.escape(signature), bytes(data)):
            start = match.start()
            if data[start + name_at:start + name_at + len(encoded)] == encoded:
                data[start + offset:start + offset + 4] = struct.pack("<L", size)
    open(path, "wb").write(bytes(data))
