"""`save` / `load`: nested state dicts in a NumPy `.npz` file that is never unpickled.

Layout: every array is an entry "a0", "a1", ...; the entry "__manifest__" holds UTF-8 JSON
describing the structure (dicts with their key types, lists, tuples, numbers, strings,
booleans, None, and which arrays were Tensors). Loading uses `np.load(allow_pickle=False)`,
so a file can never run code; object arrays are refused.
"""
from __future__ import annotations

import json
import os
import tempfile
import zipfile
from collections import OrderedDict
from typing import Any

import numpy as np

from autograd import Tensor

__all__ = ["save", "load"]

_FORMAT = "backproplab.checkpoint"
_VERSION = 1
_MANIFEST = "__manifest__"


def save(obj: Any, path: str | os.PathLike) -> None:
    """Write `obj` to `path` atomically (a temporary file in the same folder, then renamed).

    `obj` may nest dicts (any str/int/float/bool/None/tuple keys), lists, tuples, Tensors,
    NumPy arrays and scalars, Python numbers, strings, booleans and None, e.g.
    `{"model": model.state_dict(), "optim": optimizer.state_dict(), "epoch": 3}`.
    The file is written at exactly `path` (no ".npz" is appended). On failure nothing is
    left behind and an existing file at `path` is untouched.
    """
    path = os.fspath(path)
    arrays: dict[str, np.ndarray] = {}
    manifest = {"format": _FORMAT, "version": _VERSION, "root": _encode(obj, arrays, "obj")}
    arrays[_MANIFEST] = np.frombuffer(json.dumps(manifest).encode("utf-8"), dtype=np.uint8)
    folder = os.path.dirname(os.path.abspath(path))
    handle, temp_path = tempfile.mkstemp(dir=folder, prefix="." + os.path.basename(path) + ".",
                                         suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            np.savez(file, **arrays)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temp_path, path)
    except BaseException:
        if os.path.exists(temp_path):
            os.remove(temp_path)
        raise


def _encode(value: Any, arrays: dict, where: str) -> dict:
    """The manifest node for `value`; arrays are added to `arrays` under fresh names."""
    if value is None:
        return {"t": "none"}
    if isinstance(value, (np.ndarray, np.generic)):
        kind = "array" if isinstance(value, np.ndarray) else "scalar"
        return {"t": kind, "k": _add_array(np.asarray(value), arrays, where)}
    if isinstance(value, bool):
        return {"t": "bool", "v": value}
    if isinstance(value, int):
        return {"t": "int", "v": value}
    if isinstance(value, float):
        return {"t": "float", "v": repr(value)}
    if isinstance(value, str):
        return {"t": "str", "v": value}
    if isinstance(value, Tensor):
        return {"t": "tensor", "k": _add_array(value.data, arrays, where),
                "requires_grad": bool(value.requires_grad)}
    if isinstance(value, dict):
        kind = "odict" if isinstance(value, OrderedDict) else "dict"
        return {"t": kind, "items": [[_encode_key(k, where), _encode(v, arrays, f"{where}[{k!r}]")]
                                     for k, v in value.items()]}
    if isinstance(value, (list, tuple)):
        return {"t": "list" if isinstance(value, list) else "tuple",
                "items": [_encode(v, arrays, f"{where}[{i}]") for i, v in enumerate(value)]}
    hint = " (save its state_dict() instead)" if hasattr(value, "state_dict") else ""
    raise TypeError(f"nn.save cannot store {type(value).__name__} at {where}{hint}; supported: "
                    "dicts, lists, tuples, Tensors, NumPy arrays, numbers, strings, bools, None")


def _encode_key(key: Any, where: str) -> dict:
    if isinstance(key, np.generic):
        key = key.item()
    if key is None or isinstance(key, (bool, int, float, str)):
        return _encode(key, {}, where)
    if isinstance(key, tuple):
        return {"t": "tuple", "items": [_encode_key(k, where) for k in key]}
    raise TypeError(f"nn.save cannot store a dict key of type {type(key).__name__} at {where}")


def _add_array(array: np.ndarray, arrays: dict, where: str) -> str:
    if array.dtype.hasobject:
        raise TypeError(f"nn.save refuses the object array at {where}: it would need pickling")
    name = f"a{len(arrays)}"
    arrays[name] = array
    return name


class _Corrupt(Exception):
    """Raised while decoding a manifest that does not describe a valid checkpoint."""


def load(path: str | os.PathLike) -> Any:
    """Read what `save` wrote: the same nesting, key types, dtypes and shapes.

    Tensors come back as Tensors (with their requires_grad flag), arrays as arrays.

    Raises:
        FileNotFoundError: no file at `path`.
        ValueError: the file is truncated, corrupt, not a checkpoint written by `save`
            (e.g. a text file or a plain .npz), or holds object arrays; the message names
            the path.
    """
    path = os.fspath(path)
    if not os.path.exists(path):
        raise FileNotFoundError(f"no checkpoint at {path!r}")
    with open(path, "rb") as file:
        head = file.read(6)
    if not head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        what = "a single .npy array" if head.startswith(b"\x93NUMPY") else (
            "an empty file" if not head else f"not an .npz archive (it starts with {head!r})")
        raise ValueError(f"cannot load {path!r}: not a checkpoint written by nn.save: it is {what}")
    try:
        with np.load(path, allow_pickle=False) as npz:
            if _MANIFEST not in npz.files:
                raise _Corrupt("it is an .npz file without a backproplab manifest "
                               "(not written by nn.save)")
            manifest = json.loads(npz[_MANIFEST].tobytes().decode("utf-8"))
            if not isinstance(manifest, dict) or manifest.get("format") != _FORMAT:
                raise _Corrupt("its manifest is not a backproplab checkpoint manifest")
            if manifest.get("version") != _VERSION:
                raise _Corrupt(f"format version {manifest.get('version')!r} is not supported "
                               f"(this library reads version {_VERSION})")
            return _decode(manifest["root"], npz)
    except _Corrupt as error:
        raise ValueError(f"cannot load {path!r}: {error}") from None
    except ValueError as error:
        if "allow_pickle" in str(error) and "Object arrays" in str(error):
            raise ValueError(f"cannot load {path!r}: it holds object arrays, which would need "
                             "unpickling; refused") from None
        raise ValueError(f"cannot load {path!r}: not a checkpoint written by nn.save, or "
                         f"corrupt ({error})") from None
    except (OSError, EOFError, zipfile.BadZipFile, KeyError, TypeError, UnicodeDecodeError) as error:
        raise ValueError(f"cannot load {path!r}: the file is truncated or corrupt "
                         f"({type(error).__name__}: {error})") from None


def _decode(node: Any, npz) -> Any:
    if not isinstance(node, dict) or "t" not in node:
        raise _Corrupt(f"malformed manifest entry {node!r}")
    kind = node["t"]
    if kind == "none":
        return None
    if kind in ("bool", "int", "str"):
        return {"bool": bool, "int": int, "str": str}[kind](node["v"])
    if kind == "float":
        return float(node["v"])
    if kind in ("tensor", "array", "scalar"):
        key = node["k"]
        if key not in npz.files or key == _MANIFEST:
            raise _Corrupt(f"the manifest names a missing array entry {key!r}")
        array = npz[key]
        if kind == "scalar":
            return array[()]
        if kind == "array":
            return array
        tensor = Tensor(array)
        if node.get("requires_grad"):
            tensor.requires_grad_(True)
        return tensor
    if kind in ("dict", "odict"):
        pairs = [(_decode(k, npz), _decode(v, npz)) for k, v in node["items"]]
        return OrderedDict(pairs) if kind == "odict" else dict(pairs)
    if kind in ("list", "tuple"):
        items = [_decode(v, npz) for v in node["items"]]
        return items if kind == "list" else tuple(items)
    raise _Corrupt(f"unknown manifest entry type {kind!r}")

