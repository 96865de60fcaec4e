"""Fuzzing nn.load: mutated and crafted checkpoints, and paths that are not files.

Whatever the input, `nn.load` returns or raises CheckpointError (nothing else), finishes
within a deadline, and allocates (as tracemalloc sees it, NumPy's buffers included) no more
than the limits allow.
"""
import io
import json
import os
import re
import shutil
import signal
import struct
import tempfile
import tracemalloc
import zipfile

import numpy as np
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import nn
from autograd import Tensor
from nn import CheckpointError
from tests.nn.checkpoint_files import FORMAT, members_of, npy, npy_with_header

pytestmark = pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="needs setitimer")

EXAMPLES = 1500
DEADLINE_SECONDS = 10.0
LIMITS = dict(max_bytes=256 * 1024, max_array_bytes=64 * 1024, max_arrays=32,
              max_manifest_bytes=16 * 1024, max_entries=400, max_depth=12,
              max_string_length=4096)
# What one load may allocate: the data, a copy of the largest array when it becomes a Tensor,
# the manifest's Python objects (~25 bytes per byte of JSON, twice: JSON tree and result),
# and fixed room for zipfile's directory and read buffers.
ALLOWED_PEAK = (LIMITS["max_bytes"] + LIMITS["max_array_bytes"]
                + 50 * LIMITS["max_manifest_bytes"] + 256 * 1024)


class Hang(BaseException):
    """Raised by the timer when a load runs past the deadline."""


def _hang(signum, frame):
    raise Hang(f"nn.load ran longer than {DEADLINE_SECONDS} s")


@pytest.fixture(scope="module")
def folder():
    path = tempfile.mkdtemp(prefix="fuzz-load-")
    yield path
    shutil.rmtree(path)


def _valid_checkpoints() -> list[bytes]:
    """A few real checkpoints, stored and deflated, to mutate."""
    rng = np.random.default_rng(0)
    objects = [
        {"0.weight": Tensor(rng.standard_normal((4, 3)).astype(np.float32)),
         "0.bias": Tensor(np.zeros(4, np.float32), requires_grad=True)},
        {"epoch": 3, "loss": 0.25, "done": False, "name": "run ✓", "best": None,
         "optimizer": {"state": {0: {"step": 2, "exp_avg": np.ones((2, 2))}},
                       "param_groups": [{"lr": 1e-3, "betas": (0.9, 0.999), "params": [0]}]}},
        [np.arange(6, dtype=np.int16).reshape(2, 3), np.float64(1.5), ("a", 1, 2.5),
         {(1, "x"): np.array(["s"]), 2: np.asfortranarray(np.ones((2, 3)))}],
    ]
    folder = tempfile.mkdtemp()
    try:
        files = []
        for index, obj in enumerate(objects):
            path = os.path.join(folder, f"{index}.pt")
            nn.save(obj, path)
            files.append(open(path, "rb").read())
            deflated = os.path.join(folder, f"{index}.zip")
            with zipfile.ZipFile(deflated, "w", zipfile.ZIP_DEFLATED) as archive:
                for name, data in members_of(path).items():
                    archive.writestr(name, data)
            files.append(open(deflated, "rb").read())
        return files
    finally:
        shutil.rmtree(folder)


VALID = _valid_checkpoints()
INTERESTING = [b"\x00", b"\xff", b"\x7f", b"\x80", b"\xff\xff", b"\xff\xff\xff\xff",
               b"\x00\x00\x00\x80", b"PK\x03\x04", b"PK\x01\x02", b"PK\x05\x06", b"PK\x06\x06",
               b"\x93NUMPY", b"[", b"{", b'"', b"\\", b"9999999999", b"'shape': (", b"|O"]


@st.composite
def mutated_checkpoints(draw) -> bytes:
    data = bytearray(draw(st.sampled_from(VALID)))
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["flip", "overwrite", "insert", "delete", "truncate",
                                     "repeat"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "flip" and data:
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "overwrite":
            piece = draw(st.sampled_from(INTERESTING) | st.binary(min_size=1, max_size=8))
            data[at:at + len(piece)] = piece
        elif kind == "insert":
            data[at:at] = draw(st.sampled_from(INTERESTING) | st.binary(max_size=64))
        elif kind == "delete":
            del data[at:at + draw(st.integers(1, 64))]
        elif kind == "truncate":
            del data[at:]
        elif kind == "repeat":
            data[at:at] = data[at:at + draw(st.integers(1, 256))]
    return bytes(data)


@st.composite
def mutated_members(draw) -> bytes:
    """A valid checkpoint with one member's bytes mutated and the zip rebuilt (CRCs right)."""
    members = members_of_bytes(draw(st.sampled_from(VALID)))
    name = draw(st.sampled_from(sorted(members)))
    manifest_text = name == "__manifest__.npy" and draw(st.booleans())
    data = members[name]
    data = bytearray(np.load(io.BytesIO(data)).tobytes() if manifest_text else data)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        piece = draw(st.sampled_from(INTERESTING) | st.binary(min_size=1, max_size=8))
        if draw(st.booleans()):
            data[at:at + len(piece)] = piece
        else:
            data[at:at] = piece
    members[name] = npy(np.frombuffer(bytes(data), np.uint8)) if manifest_text else bytes(data)
    return zip_bytes(members, draw(st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])))


def members_of_bytes(data: bytes) -> dict:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def zip_bytes(members: dict, compression) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70), st.text(max_size=20),
                    st.floats(allow_nan=False, allow_infinity=False))
TYPES = ["none", "bool", "int", "float", "str", "array", "scalar", "tensor", "dict", "odict",
         "list", "tuple", "bogus"]
ARRAY_NAMES = st.sampled_from(["a0", "a1", "a2", "a3", "a0", "a1", "__manifest__", "a99", ""])
_LEAF_FIELDS = {"v": SCALARS, "k": ARRAY_NAMES | SCALARS, "requires_grad": st.booleans() | SCALARS}


def _mostly(valid, invalid):
    """`valid` seven times in eight, else `invalid`."""
    return st.sampled_from([valid] * 7 + [invalid]).flatmap(lambda strategy: strategy)


def _garbage_node(children):
    """A node of any declared type with fields of any type (most often the wrong one)."""
    items = st.lists(children | st.lists(children, max_size=3), max_size=4)
    return st.fixed_dictionaries({"t": st.sampled_from(TYPES)},
                                 optional={**_LEAF_FIELDS, "items": items})


KEYS = st.one_of(st.just({"t": "none"}), st.booleans().map(lambda v: {"t": "bool", "v": v}),
                 st.integers(-99, 99).map(lambda v: {"t": "int", "v": v}),
                 st.text(max_size=8).map(lambda v: {"t": "str", "v": v}))
VALID_LEAVES = st.one_of(
    KEYS, st.floats().map(lambda v: {"t": "float", "v": repr(v)}),
    st.builds(lambda t, k: {"t": t, "k": k}, st.sampled_from(["array", "scalar"]), ARRAY_NAMES),
    st.builds(lambda k, g: {"t": "tensor", "k": k, "requires_grad": g}, ARRAY_NAMES, st.booleans()))


def _valid_container(children):
    return st.one_of(
        st.builds(lambda t, items: {"t": t, "items": items}, st.sampled_from(["list", "tuple"]),
                  st.lists(children, max_size=4)),
        st.builds(lambda t, items: {"t": t, "items": items}, st.sampled_from(["dict", "odict"]),
                  st.lists(st.tuples(KEYS, children).map(list), max_size=4)))


LEAVES = _mostly(VALID_LEAVES, st.fixed_dictionaries({"t": st.sampled_from(TYPES)},
                                                    optional=_LEAF_FIELDS) | SCALARS)
NODES = st.recursive(LEAVES, lambda children: _mostly(_valid_container(children),
                                                      _garbage_node(children)), max_leaves=20)


@st.composite
def manifests(draw) -> bytes:
    choice = draw(st.sampled_from(["tree", "deep", "wide", "top", "raw"]))
    if choice == "tree":
        root = draw(NODES)
    elif choice == "deep":
        depth = draw(st.integers(1, 40) | st.integers(1, 400))
        text = ('{"format":"%s","version":1,"root":' % FORMAT + '{"t":"list","items":[' * depth
                + '{"t":"none"}' + "]}" * depth + "}")
        return text.encode()
    elif choice == "wide":
        item = draw(st.sampled_from(['{"t":"array","k":"a0"}', '{"t":"int","v":1}', "[]", "0"]))
        return ('{"format":"%s","version":1,"root":{"t":"list","items":[%s]}}'
                % (FORMAT, ",".join([item] * draw(st.integers(1, 5000))))).encode()
    elif choice == "top":
        return json.dumps(draw(st.dictionaries(st.sampled_from(["format", "version", "root"]),
                                               SCALARS | NODES))).encode()
    else:
        return draw(st.binary(max_size=200))
    return json.dumps({"format": FORMAT, "version": draw(st.sampled_from([1] * 9 + [2, "1"])),
                       "root": root}).encode()


DESCRS = st.sampled_from(["'<f8'", "'|u1'", "'|O'", "'<U3'", "'V0'", "'(2,)<f4'", "[('a', '<i4')]",
                          "[('a', '|O')]", "'<M8[D]'", "'>c16'", "'xyz'", "3", "('<f4', (2,))"])
SHAPES = st.one_of(st.lists(st.integers(0, 70), max_size=4).map(tuple).map(repr),
                   st.sampled_from(["(10**12,)", "(0, 10**30)", "(-1,)", "(1.5,)", "[3]",
                                    "(" + "1," * 70 + ")", "()", "(2**63,)"]))


@st.composite
def array_members(draw) -> bytes:
    choice = draw(st.sampled_from(["valid"] * 5 + ["large", "header", "header", "raw", "bomb"]))
    if choice == "large":  # near, at and past max_array_bytes; four of them near max_bytes
        size = draw(st.sampled_from([60_000, 65_536, 65_537, 70_000]))
        return npy(np.ones(size, np.uint8))
    if choice == "valid":
        dtype = draw(st.sampled_from(["<f4", "<f8", "<i8", "|b1", "<U2", "|u1", ">f2"]))
        shape = tuple(draw(st.lists(st.integers(0, 5), max_size=3)))
        order = draw(st.sampled_from(["C", "F"]))
        return npy(np.zeros(shape, dtype, order=order))
    if choice == "header":
        header = "{'descr': %s, 'fortran_order': %s, 'shape': %s, }" % (
            draw(DESCRS), draw(st.sampled_from(["False", "True", "0"])), draw(SHAPES))
        version = draw(st.sampled_from([(1, 0), (2, 0), (3, 0), (4, 0)]))
        return npy_with_header(header, draw(st.binary(max_size=64)), version)
    if choice == "bomb":
        # each past ALLOWED_PEAK once inflated: only refusing before inflating keeps the peak low
        return npy(np.zeros(draw(st.sampled_from([2 * 10**6, 4 * 10**6, 2 * 10**7])), np.uint8))
    return draw(st.binary(max_size=64))


@st.composite
def crafted_archives(draw) -> bytes:
    members = {"__manifest__.npy": npy(np.frombuffer(draw(manifests()), np.uint8))}
    if draw(st.integers(0, 7)) == 0:
        members["__manifest__.npy"] = draw(array_members())
    for index in range(draw(st.integers(0, 4))):  # the names that manifests() refers to
        members[f"a{index}.npy"] = draw(array_members())
    if draw(st.integers(0, 19)) == 0:
        members[draw(st.sampled_from(["evil.txt", "a0.npy", "dir/", "../x.npy", "a1"]))] = b"x"
    compression = draw(st.sampled_from([zipfile.ZIP_STORED] * 4 + [zipfile.ZIP_DEFLATED] * 3
                                       + [zipfile.ZIP_BZIP2]))
    data = bytearray(zip_bytes(members, compression))
    if draw(st.integers(0, 7)) == 0:  # make a zip header lie about a size
        for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
            found = data.find(signature)
            if found >= 0:
                data[found + offset:found + offset + 4] = struct.pack(
                    "<L", draw(st.sampled_from([0, 1, 100, 2**31, 2**32 - 1])))
    return bytes(data)


PATH_KINDS = ["file"] * 16 + ["symlink", "directory", "fifo", "symlink_to_fifo", "dangling_symlink"]


def _place(folder: str, kind: str, data: bytes) -> str:
    """A fresh path in `folder` of the given kind (a file holding `data`, a FIFO, ...)."""
    for name in os.listdir(folder):
        path = os.path.join(folder, name)
        shutil.rmtree(path) if os.path.isdir(path) and not os.path.islink(path) else os.unlink(path)
    real = os.path.join(folder, "real.pt")
    if kind in ("file", "symlink"):
        with open(real, "wb") as file:
            file.write(data)
    elif kind == "directory":
        os.mkdir(real)
    elif kind in ("fifo", "symlink_to_fifo"):
        os.mkfifo(real)
    if kind in ("symlink", "symlink_to_fifo", "dangling_symlink"):
        os.symlink(real, os.path.join(folder, "link.pt"))
        return os.path.join(folder, "link.pt")
    return real


def _load_within_limits(path: str):
    """nn.load(path) under a deadline; returns (outcome, peak bytes allocated)."""
    previous = signal.signal(signal.SIGALRM, _hang)
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    signal.setitimer(signal.ITIMER_REAL, DEADLINE_SECONDS)
    try:
        outcome = nn.load(path, **LIMITS)
    except CheckpointError as error:
        outcome = error
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        peak = tracemalloc.get_traced_memory()[1] - base
        tracemalloc.stop()
        signal.signal(signal.SIGALRM, previous)
    return outcome, peak


@settings(max_examples=EXAMPLES, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.large_base_example])
@given(data=st.one_of(mutated_checkpoints(), mutated_members(), crafted_archives()),
       kind=st.sampled_from(PATH_KINDS))
def test_load_only_ever_returns_or_raises_checkpoint_error(folder, data, kind):
    path = _place(folder, kind, data)
    if kind == "dangling_symlink":
        with pytest.raises(FileNotFoundError):
            nn.load(path)
        return
    outcome, peak = _load_within_limits(path)
    assert peak <= ALLOWED_PEAK, f"nn.load allocated {peak:,} bytes"
    if kind in ("directory", "fifo", "symlink_to_fifo"):
        assert isinstance(outcome, CheckpointError) and "not a regular file" in str(outcome)
    if isinstance(outcome, CheckpointError):
        assert path in str(outcome) and outcome.reason
        # pytest --hypothesis-show-statistics lists these: which checks the examples reached
        event(re.sub(r"'[^']*'|\(.*|[0-9,]+", "_", outcome.reason)[:60])
    else:
        event(f"loaded a {type(outcome).__name__}")


def test_the_fuzzed_checkpoints_load_unmutated(folder):
    """The seeds of the mutations are valid, so mutations start from files that load."""
    for data in VALID:
        outcome, peak = _load_within_limits(_place(folder, "file", data))
        assert not isinstance(outcome, CheckpointError) and peak <= ALLOWED_PEAK
