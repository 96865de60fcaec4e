"""The manifest: the JSON tree that describes a checkpoint's nesting, and its strict reader.

Every value is a node `{"t": kind, ...}`:

    {"t": "none"}   {"t": "bool", "v": true}   {"t": "int", "v": 3}   {"t": "str", "v": "s"}
    {"t": "float", "v": "0.25"}                      (repr of the float, so nan/inf survive)
    {"t": "array" | "scalar", "k": "a0"}             (a NumPy array / scalar, stored as a0.npy)
    {"t": "tensor", "k": "a1", "requires_grad": false}
    {"t": "dict" | "odict", "items": [[key node, value node], ...]}
    {"t": "list" | "tuple", "items": [node, ...]}

Dict keys are none, bool, int, float, str or tuple nodes. Every stored array is named by
exactly one node.
"""
from __future__ import annotations

import json
import re
import reprlib
from collections import OrderedDict
from typing import Any, Callable

import numpy as np

from autograd import Tensor
from nn.serialization.limits import Limits, Refused

__all__ = ["FORMAT", "VERSION", "encode_manifest", "parse_manifest", "decode"]

FORMAT = "backproplab.checkpoint"
VERSION = 1
_MAX_INT_BITS = 14_000  # ints up to ~4,200 digits: within Python's default int <-> str limit
_MAX_INT_DIGITS = 4300  # that limit (sys.int_info.default_max_str_digits)
_SUPPORTED = ("dicts, lists, tuples, Tensors, NumPy arrays and scalars, int, float, bool, str "
              "and None; to save a model or an optimizer, save its state_dict()")


# --- saving ---------------------------------------------------------------------------------
class _Encoder:
    """Builds the manifest of one object; arrays are collected as a0, a1, ... in `arrays`."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.arrays: dict[str, np.ndarray] = {}
        self.entries = 0

    def node(self, value: Any, where: str, depth: int) -> dict:
        self._count(where, depth)
        if isinstance(value, (np.ndarray, np.generic)):  # before str/float: np.str_ is a str
            kind = "array" if isinstance(value, np.ndarray) else "scalar"
            return {"t": kind, "k": self._add_array(np.asarray(value), where)}
        if value is None or isinstance(value, (bool, int, float, str)):
            return self._plain(value, where)
        if isinstance(value, Tensor):
            return {"t": "tensor", "k": self._add_array(value.numpy(force=True), where),
                    "requires_grad": bool(value.requires_grad)}
        if isinstance(value, dict):
            kind = "odict" if isinstance(value, OrderedDict) else "dict"
            return {"t": kind, "items": [
                [self.key(k, where, depth + 1), self.node(v, f"{where}[{_short(k)}]", depth + 1)]
                for k, v in value.items()]}
        if isinstance(value, (list, tuple)):
            items = [self.node(v, f"{where}[{i}]", depth + 1) for i, v in enumerate(value)]
            return {"t": "list" if isinstance(value, list) else "tuple", "items": items}
        raise TypeError(f"nn.save cannot store {type(value).__name__} at {where}; it stores "
                        f"{_SUPPORTED}")

    def key(self, key: Any, where: str, depth: int) -> dict:
        if isinstance(key, np.generic):
            key = key.item()
        if key is None or isinstance(key, (bool, int, float, str)):
            self._count(where, depth)
            return self._plain(key, where)
        if isinstance(key, tuple):
            self._count(where, depth)
            return {"t": "tuple", "items": [self.key(k, where, depth + 1) for k in key]}
        raise TypeError(f"nn.save cannot store a dict key of type {type(key).__name__} at "
                        f"{where}; keys may be None, bool, int, float, str or tuples of those")

    def _plain(self, value: Any, where: str) -> dict:
        if value is None:
            return {"t": "none"}
        if isinstance(value, bool):
            return {"t": "bool", "v": value}
        if isinstance(value, int):
            if abs(value).bit_length() > _MAX_INT_BITS:
                raise ValueError(f"nn.save: the int at {where} has more than {_MAX_INT_BITS} "
                                 "bits; store it as a string")
            return {"t": "int", "v": int(value)}
        if isinstance(value, float):
            return {"t": "float", "v": repr(float(value))}
        if len(value) > self.limits.max_string_length:
            raise ValueError(f"nn.save: the string at {where} has {len(value):,} characters, more "
                             f"than nn.load accepts ({self.limits.max_string_length:,})")
        return {"t": "str", "v": str(value)}

    def _count(self, where: str, depth: int) -> None:
        self.entries += 1
        if depth > self.limits.max_depth:
            raise ValueError(f"nn.save: {where} is nested more than {self.limits.max_depth} "
                             "containers deep (or contains itself), more than nn.load accepts")
        if self.entries > self.limits.max_entries:
            raise ValueError(f"nn.save: the object holds more than {self.limits.max_entries:,} "
                             "values, more than nn.load accepts; store long lists of numbers "
                             "as arrays")

    def _add_array(self, array: np.ndarray, where: str) -> str:
        if array.dtype.hasobject:
            raise TypeError(f"nn.save refuses the object array at {where}: it would need pickling")
        if array.dtype.itemsize == 0:
            raise TypeError(f"nn.save refuses the array at {where}: its dtype {array.dtype} "
                            "has no size")
        if len(self.arrays) >= self.limits.max_arrays:
            raise ValueError(f"nn.save: the object holds more than {self.limits.max_arrays:,} "
                             "arrays, more than nn.load accepts")
        name = f"a{len(self.arrays)}"
        self.arrays[name] = array
        return name


def _short(key: Any) -> str:
    """repr(key), shortened for error messages."""
    return reprlib.repr(key)


def encode_manifest(obj: Any) -> tuple[bytes, dict[str, np.ndarray]]:
    """The manifest of `obj` as UTF-8 JSON, and the arrays it names (a0, a1, ...)."""
    encoder = _Encoder(Limits())
    root = encoder.node(obj, "obj", 0)
    data = json.dumps({"format": FORMAT, "version": VERSION, "root": root},
                      separators=(",", ":")).encode("ascii")
    if len(data) > Limits().max_manifest_bytes:
        raise ValueError(f"nn.save: the manifest would take {len(data):,} bytes, more than "
                         f"nn.load accepts ({Limits().max_manifest_bytes:,}); store long lists "
                         "of numbers or strings as arrays")
    return data, encoder.arrays


# --- loading --------------------------------------------------------------------------------
# Both patterns run in linear time on any input: an unterminated string matches to the end
# (rather than failing and being retried from every later quote), and a number is only
# tried from the first digit of a run.
_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*(?:"|\\?\Z)', re.DOTALL)
_LONG_NUMBER = re.compile(rb"(?<![0-9])[0-9]{%d}" % (_MAX_INT_DIGITS + 1))
_OPEN = np.zeros(256, np.int8)
_OPEN[[ord("["), ord("{")]] = 1
_OPEN[[ord("]"), ord("}")]] = -1
_JSON_LEVELS_PER_CONTAINER = 4  # a dict value sits in {"items": [[key, {...}]]}


def parse_manifest(data: bytes, limits: Limits) -> dict:
    """The manifest's top-level dict, after checking its size, nesting and counts in the raw bytes.

    The raw check comes first so that `json.loads` never builds a tree past the limits.
    """
    if len(data) > limits.max_manifest_bytes:
        raise Refused(f"its manifest is {len(data):,} bytes, over the limit of "
                      f"{limits.max_manifest_bytes:,} (max_manifest_bytes)")
    structure = _JSON_STRING.sub(b'""', data)
    steps = _OPEN[np.frombuffer(structure, np.uint8)]
    depth = int(np.cumsum(steps, dtype=np.int64).max(initial=0))
    if depth > _JSON_LEVELS_PER_CONTAINER * (limits.max_depth + 1):
        raise Refused(f"its manifest is nested {depth} JSON levels deep, more than "
                      f"max_depth={limits.max_depth} allows")
    # each entry is one "{" and brings at most two "[" (items, a dict's pair) and four ","
    containers = structure.count(b"{") + structure.count(b"[")
    bound = limits.max_entries + 1
    if containers > 3 * bound or structure.count(b",") > 4 * bound:
        raise Refused(f"its manifest holds more than {limits.max_entries:,} entries (max_entries)")
    if _LONG_NUMBER.search(structure):
        raise Refused(f"its manifest holds a number with more than {_MAX_INT_DIGITS} digits")
    try:
        manifest = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise Refused(f"its manifest is not valid JSON ({error})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT or "root" not in manifest:
        raise Refused("its manifest is not a backproplab checkpoint manifest")
    if manifest.get("version") != VERSION:
        raise Refused(f"its format version {manifest.get('version')!r} is not supported "
                      f"(this library reads version {VERSION})")
    return manifest


class _Decoder:
    """Rebuilds the saved object from manifest nodes, checking every type and limit."""

    def __init__(self, load_array: Callable[[str], np.ndarray], limits: Limits) -> None:
        self.load_array = load_array
        self.limits = limits
        self.entries = 0

    def node(self, node: Any, depth: int) -> Any:
        kind = self._kind(node, depth)
        if kind in _PLAIN:
            return self._plain(node, kind)
        if kind in ("array", "scalar", "tensor"):
            return self._array(node, kind)
        if kind in ("dict", "odict"):
            pairs = []
            for pair in self._items(node):
                if not isinstance(pair, list) or len(pair) != 2:
                    raise Refused(f"its manifest has a dict item that is not a [key, value] pair")
                pairs.append((self.key(pair[0], depth + 1), self.node(pair[1], depth + 1)))
            result = OrderedDict(pairs) if kind == "odict" else dict(pairs)
            if len(result) != len(pairs):
                raise Refused("its manifest repeats a key within one dict")
            return result
        if kind in ("list", "tuple"):
            items = [self.node(item, depth + 1) for item in self._items(node)]
            return items if kind == "list" else tuple(items)
        raise Refused(f"its manifest has an entry of unknown type {kind!r}")

    def key(self, node: Any, depth: int) -> Any:
        kind = self._kind(node, depth)
        if kind in _PLAIN:
            return self._plain(node, kind)
        if kind == "tuple":
            return tuple(self.key(item, depth + 1) for item in self._items(node))
        raise Refused(f"its manifest has a dict key of type {kind!r}")

    def _kind(self, node: Any, depth: int) -> str:
        self.entries += 1
        if self.entries > self.limits.max_entries:
            raise Refused(f"its manifest holds more than {self.limits.max_entries:,} entries "
                          "(max_entries)")
        if depth > self.limits.max_depth:
            raise Refused(f"its manifest nests containers more than {self.limits.max_depth} "
                          "deep (max_depth)")
        if not isinstance(node, dict) or not isinstance(node.get("t"), str):
            raise Refused(f"its manifest has a malformed entry of type {type(node).__name__}")
        return node["t"]

    def _plain(self, node: dict, kind: str) -> Any:
        if kind == "none":
            return None
        value = node.get("v")
        if kind == "bool" and isinstance(value, bool):
            return value
        if kind == "int" and isinstance(value, int) and not isinstance(value, bool):
            return value
        if kind in ("str", "float") and isinstance(value, str):
            if len(value) > self.limits.max_string_length:
                raise Refused(f"its manifest holds a string of {len(value):,} characters, over "
                              f"the limit of {self.limits.max_string_length:,} (max_string_length)")
            if kind == "str":
                return value
            try:
                return float(value)
            except ValueError:
                raise Refused(f"its manifest holds a float written as {value[:40]!r}") from None
        raise Refused(f"its manifest holds a {kind} entry whose value is a "
                      f"{type(value).__name__}")

    def _items(self, node: dict) -> list:
        items = node.get("items")
        if not isinstance(items, list):
            raise Refused(f"its manifest has a {node['t']} entry without a list of items")
        return items

    def _array(self, node: dict, kind: str) -> Any:
        name = node.get("k")
        if not isinstance(name, str):
            raise Refused(f"its manifest has a {kind} entry without an array name")
        array = self.load_array(name)
        if kind == "array":
            return array
        if kind == "scalar":
            if array.ndim != 0:
                raise Refused(f"its manifest says {name!r} is a scalar, but it has shape "
                              f"{array.shape}")
            return array[()]
        requires_grad = node.get("requires_grad", False)
        if not isinstance(requires_grad, bool):
            raise Refused(f"its manifest gives tensor {name!r} a requires_grad that is not a bool")
        if array.dtype.kind not in ("fc" if requires_grad else "biufc"):
            raise Refused(f"its manifest says {name!r} is a tensor"
                          f"{' that requires grad' if requires_grad else ''}, but its dtype is "
                          f"{array.dtype}")
        return Tensor(array, requires_grad=requires_grad)


_PLAIN = ("none", "bool", "int", "float", "str")


def decode(root: Any, load_array: Callable[[str], np.ndarray], limits: Limits) -> Any:
    """The object the manifest's root node describes; `load_array(name)` reads a stored array."""
    return _Decoder(load_array, limits).node(root, 0)
