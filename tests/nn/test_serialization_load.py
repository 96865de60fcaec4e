"""nn.load on crafted files: every malformed file raises CheckpointError naming path and reason,
before any large allocation."""
import json
import os
import signal
import threading
import tracemalloc
import zipfile

import numpy as np
import pytest

import nn
from autograd import Tensor
from nn import CheckpointError
from tests.nn.checkpoint_files import (
    manifest, npy, npy_with_header, raw_manifest, set_declared_size, write_zip,
)

ARRAY = {"t": "array", "k": "a0"}
F8_HEADER = "{'descr': '<f8', 'fortran_order': False, 'shape': %s, }"


def _refused(path, reason, **limits):
    """Load `path`, expect a CheckpointError matching `reason`; return the peak bytes allocated."""
    tracemalloc.start()
    try:
        with pytest.raises(CheckpointError, match=reason) as caught:
            nn.load(path, **limits)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert caught.value.path == str(path) and str(path) in str(caught.value)
    assert isinstance(caught.value, ValueError)
    return peak


def test_one_array_named_many_times_is_refused(tmp_path):
    path = tmp_path / "dup.pt"
    write_zip(path, {"__manifest__.npy": manifest({"t": "list", "items": [ARRAY] * 1000}),
                     "a0.npy": npy(np.zeros(100_000))})
    assert _refused(path, "names the array 'a0' more than once") < 4 * 800_000 + 2**20


@pytest.mark.parametrize("node, reason", [
    ({"t": "bool", "v": "false"}, "bool entry whose value is a str"),
    ({"t": "bool", "v": 0}, "bool entry whose value is a int"),
    ({"t": "int", "v": True}, "int entry whose value is a bool"),
    ({"t": "int", "v": 1.5}, "int entry whose value is a float"),
    ({"t": "float", "v": 1.5}, "float entry whose value is a float"),
    ({"t": "float", "v": "one"}, "float written as 'one'"),
    ({"t": "str", "v": None}, "str entry whose value is a NoneType"),
    ({"t": "list", "items": {"a": 1}}, "list entry without a list of items"),
    ({"t": "dict", "items": [[{"t": "int", "v": 1}]]}, "not a \\[key, value\\] pair"),
    ({"t": "dict", "items": [[{"t": "int", "v": 1}, {"t": "none"}]] * 2}, "repeats a key"),
    ({"t": "dict", "items": [[{"t": "list", "items": []}, {"t": "none"}]]},
     "dict key of type 'list'"),
    ({"t": "dict", "items": [[ARRAY, {"t": "none"}]]}, "dict key of type 'array'"),
    ({"t": "pickle", "v": "cos\nsystem"}, "unknown type 'pickle'"),
    ({"v": 1}, "malformed entry"), ([1, 2], "malformed entry of type list"),
    ({"t": "array"}, "array entry without an array name"),
    ({"t": "array", "k": "a7"}, "names an array 'a7' that the file does not hold"),
    ({"t": "array", "k": "__manifest__"}, "names an array '__manifest__'"),
    ({"t": "scalar", "k": "a0"}, "'a0' is a scalar, but it has shape \\(3,\\)"),
    ({"t": "tensor", "k": "a0", "requires_grad": "yes"}, "requires_grad that is not a bool"),
])
def test_manifest_entries_of_the_wrong_type_are_refused(tmp_path, node, reason):
    path = tmp_path / "types.pt"
    members = {"__manifest__.npy": manifest(node)}
    if "k" in node and node["k"] == "a0":
        members["a0.npy"] = npy(np.arange(3))
    write_zip(path, members)
    _refused(path, reason)


@pytest.mark.parametrize("stored, requires_grad, reason", [
    (np.array(["a"]), False, "is a tensor, but its dtype is <U1"),
    (np.arange(3), True, "is a tensor that requires grad, but its dtype is int64"),
    (np.zeros(2, "M8[D]"), False, "is a tensor, but its dtype is datetime64"),
])
def test_tensors_must_hold_tensor_dtypes(tmp_path, stored, requires_grad, reason):
    path = tmp_path / "tensor.pt"
    write_zip(path, {"__manifest__.npy": manifest({"t": "tensor", "k": "a0",
                                                   "requires_grad": requires_grad}),
                     "a0.npy": npy(stored)})
    _refused(path, reason)


def test_array_entries_come_back_as_arrays_never_bytes(tmp_path):
    path = tmp_path / "raw.pt"
    write_zip(path, {"__manifest__.npy": manifest(ARRAY), "a0.npy": b"raw bytes, not .npy"})
    _refused(path, "'a0' is not a .npy array")
    nn.save({"a": np.arange(3), "t": Tensor(np.ones(1)), "b": False}, path)
    back = nn.load(path)
    assert type(back["a"]) is np.ndarray and type(back["t"]) is Tensor and back["b"] is False


@pytest.mark.parametrize("shape", ["(1000000, 1000000)", "(0, 10**30)", "(2**40, 2**40)",
                                   "(-1,)", "(1.5,)", "(True,)", "[3]", "()" + "+(1,)" * 3,
                                   "(" + "1," * 65 + ")"])
def test_absurd_shapes_are_refused_before_allocating(tmp_path, shape):
    path = tmp_path / "shape.pt"
    write_zip(path, {"__manifest__.npy": manifest(ARRAY),
                     "a0.npy": npy_with_header(F8_HEADER % shape, b"\0" * 64)})
    assert _refused(path, "'a0'") < 2**20


@pytest.mark.parametrize("header, reason", [
    (F8_HEADER % "(10,)", "declares shape \\(10,\\) and dtype float64 \\(148 bytes"),
    ("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", "object array"),
    ("{'descr': [('a', '|O')], 'fortran_order': False, 'shape': (1,), }", "object array"),
    ("{'descr': 'not a dtype', 'fortran_order': False, 'shape': (1,), }", "invalid dtype"),
    ("{'descr': ('<f4', (2,)), 'fortran_order': False, 'shape': (1,), }", "invalid dtype"),
    ("{'descr': '(2,)<f4', 'fortran_order': False, 'shape': (1,), }", "unsupported dtype"),
    ("{'descr': 'V0', 'fortran_order': False, 'shape': (1,), }", "unsupported dtype"),
    ("{'descr': '<f8', 'fortran_order': 0, 'shape': (1,), }", "fortran_order that is not a bool"),
    ("{'descr': '<f8', 'shape': (1,), }", "exactly the keys"),
    ("__import__('os').system('false')", "unreadable .npy header"),
    ("(" * 300 + ")" * 300, "unreadable .npy header"),
])
def test_bad_npy_headers_are_refused(tmp_path, header, reason):
    path = tmp_path / "header.pt"
    write_zip(path, {"__manifest__.npy": manifest(ARRAY),
                     "a0.npy": npy_with_header(header, b"\0" * 8)})
    _refused(path, reason)


def test_npy_versions_and_header_size(tmp_path):
    path = tmp_path / "version.pt"
    data = np.arange(3.0).tobytes()
    for version in [(2, 0), (3, 0)]:
        write_zip(path, {"__manifest__.npy": manifest(ARRAY),
                         "a0.npy": npy_with_header(F8_HEADER % "(3,)", data, version)})
        np.testing.assert_array_equal(nn.load(path), np.arange(3.0))
    write_zip(path, {"__manifest__.npy": manifest(ARRAY),
                     "a0.npy": npy_with_header(F8_HEADER % "(3,)", data, (9, 0))})
    _refused(path, "format version \\(9, 0\\)")
    write_zip(path, {"__manifest__.npy": manifest(ARRAY),
                     "a0.npy": npy_with_header(" " * 70_000, data, (2, 0))})
    _refused(path, "header of 70,000 bytes")


def test_zip_bomb_is_refused_before_inflating(tmp_path):
    path = tmp_path / "bomb.pt"
    write_zip(path, {"__manifest__.npy": manifest(ARRAY),
                     "a0.npy": npy(np.zeros(200_000_000, np.uint8))}, zipfile.ZIP_DEFLATED)
    assert os.path.getsize(path) < 300_000
    assert _refused(path, "over the limit of 100,000,000", max_bytes=10**8) < 2**20
    assert _refused(path, "over the limit of 1,000", max_array_bytes=1000) < 2**20
    set_declared_size(path, "a0.npy", 1000)  # headers that lie: inflating stops at 1000 bytes
    assert _refused(path, "truncated or corrupt|declares shape", max_bytes=10**8) < 2**20


def test_total_limit_counts_every_array(tmp_path):
    path = tmp_path / "many.pt"
    nn.save([np.zeros(1000)] * 10, path)
    assert len(nn.load(path, max_bytes=90_000)) == 10
    _refused(path, "in total|pass max_bytes=", max_bytes=50_000)
    _refused(path, "over the limit of 5 arrays", max_arrays=5)


def test_manifest_limits(tmp_path):
    path = tmp_path / "manifest.pt"
    nn.save({"key": "x" * 1000, "items": list(range(500))}, path)
    _refused(path, "string of 1,000 characters.*max_string_length", max_string_length=999)
    _refused(path, "more than 100 entries", max_entries=100)
    _refused(path, "max_manifest_bytes", max_manifest_bytes=1000)
    nested = [[[[1]]]]
    nn.save(nested, path)
    assert nn.load(path, max_depth=4) == nested
    _refused(path, "max_depth", max_depth=3)


@pytest.mark.parametrize("text, reason", [
    (b'{"format":"backproplab.checkpoint","version":1,"root":' + b"[" * 100_000,
     "nested 10000[0-9] JSON levels"),
    (b"[" + b"[]," * 2_000_000 + b"[]]", "more than 500,000 entries"),
    (b"[" + b"0," * 3_000_000 + b"0]", "more than 500,000 entries"),
    (b'{"format":"backproplab.checkpoint","version":1,"root":{"t":"int","v":' + b"9" * 5000
     + b"}}", "more than 4300 digits"),
    (b'{"format":"backproplab.checkpoint","version":2,"root":{"t":"none"}}', "version 2"),
    (b'{"format":"other","version":1,"root":{"t":"none"}}', "not a backproplab checkpoint"),
    (b"\xff\xfe", "not valid JSON"), (b"{", "not valid JSON"), (b"[1]", "not a backproplab"),
])
def test_malformed_manifests_are_refused(tmp_path, text, reason):
    path = tmp_path / "json.pt"
    write_zip(path, {"__manifest__.npy": raw_manifest(text)})
    _refused(path, reason)


@pytest.mark.parametrize("text", [
    b'"' + b'\\"' * 4_000_000,  # one unterminated string full of escaped quotes
    b"[" + (b"1" * 4000 + b",") * 2000 + b"1]",  # long numbers just under the digit limit
    b'"\\' * 2_500_000, b'"' * 8_000_000])
def test_pathological_manifest_text_does_not_hang(tmp_path, text):
    path = tmp_path / "slow.pt"
    write_zip(path, {"__manifest__.npy": raw_manifest(text)})
    previous = signal.signal(signal.SIGALRM, _deadline)
    signal.setitimer(signal.ITIMER_REAL, 60.0)  # a hang detector: linear scans take < 1 s
    try:
        with pytest.raises(CheckpointError, match="not valid JSON|not a backproplab|entries"):
            nn.load(path)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _deadline(signum, frame):
    raise AssertionError("nn.load did not finish within 60 s")


def test_deep_manifest_is_refused_without_recursion(tmp_path):
    path = tmp_path / "deep.pt"
    text = (b'{"format":"backproplab.checkpoint","version":1,"root":'
            + b'{"t":"list","items":[' * 900 + b'{"t":"none"}' + b"]}" * 900 + b"}")
    write_zip(path, {"__manifest__.npy": raw_manifest(text)})
    _refused(path, "nested 1802 JSON levels")
    _refused(path, "max_depth=64", max_manifest_bytes=10**6)


@pytest.mark.parametrize("members, reason", [
    ({"a0.npy": npy(np.zeros(1))}, "without a backproplab manifest"),
    ({"__manifest__.npy": manifest(ARRAY), "a0.npy": npy(np.zeros(1)), "evil.txt": b"x"},
     "member 'evil.txt' that nn.save never writes"),
    ({"__manifest__.npy": manifest(ARRAY), "a0.npy": npy(np.zeros(1)), "a1.npy": npy(np.ones(1))},
     "1 array\\(s\\) its manifest does not name \\(first: 'a1'\\)"),
    ({"__manifest__.npy": manifest(ARRAY), "a0.npy": npy(np.zeros(1)), "dir/": b""},
     "member 'dir/'"),
    ({"__manifest__.npy": npy(np.zeros(3))}, "manifest entry is a float64 array"),
])
def test_archives_with_wrong_members_are_refused(tmp_path, members, reason):
    path = tmp_path / "members.pt"
    write_zip(path, members)
    _refused(path, reason)


def test_duplicate_encrypted_and_unusual_compression_members_are_refused(tmp_path):
    path = tmp_path / "zip.pt"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("__manifest__.npy", manifest(ARRAY))
        archive.writestr("a0.npy", npy(np.zeros(1)))
        with pytest.warns(UserWarning, match="Duplicate name"):
            archive.writestr("a0.npy", npy(np.ones(1)))
    _refused(path, "holds the member 'a0.npy' twice")
    write_zip(path, {"__manifest__.npy": manifest(ARRAY), "a0.npy": npy(np.zeros(1))},
              zipfile.ZIP_BZIP2)
    _refused(path, "compression method 12")
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("__manifest__.npy", manifest({"t": "none"}))
        info = archive.infolist()[0]
    data = bytearray(path.read_bytes())
    for signature, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = data.index(signature)
        data[start + flag_at] |= 1
    path.write_bytes(bytes(data))
    _refused(path, "encrypted")
    assert info.filename == "__manifest__.npy"


def test_huge_zip_directory_is_refused_before_parsing(tmp_path):
    path = tmp_path / "directory.pt"
    with zipfile.ZipFile(path, "w") as archive:
        for i in range(25_000):
            archive.writestr(f"a{i}.npy", b"")
    assert _refused(path, "zip directory is larger than the limits allow", max_arrays=10) < 2**20
    _refused(path, "25,000 members, over the limit of 20,000 arrays", max_arrays=20_000)


@pytest.mark.parametrize("kind", ["truncated", "text", "plain_npz", "random", "npy", "empty",
                                  "zip_magic", "empty_zip"])
def test_foreign_and_broken_files(tmp_path, kind):
    path = tmp_path / f"{kind}.pt"
    if kind == "truncated":
        nn.save({"w": np.ones(100)}, path)
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    elif kind == "text":
        path.write_text("hello, this is not a checkpoint\n")
    elif kind == "plain_npz":
        np.savez(path, weight=np.ones(3))
        os.replace(str(path) + ".npz", path)
    elif kind == "random":
        path.write_bytes(np.random.default_rng(0).bytes(4096))
    elif kind == "npy":
        path.write_bytes(npy(np.ones(3)))
    elif kind == "zip_magic":
        path.write_bytes(b"PK\x03\x04" + np.random.default_rng(1).bytes(4096))
    elif kind == "empty_zip":
        write_zip(path, {})
    else:
        path.write_bytes(b"")
    _refused(path, "truncated|corrupt|not a checkpoint written by nn.save|without a backproplab")


def test_only_regular_files_are_read(tmp_path):
    _refused(tmp_path, "it is a directory, not a regular file")
    fifo = tmp_path / "pipe.pt"
    os.mkfifo(fifo)
    result = []
    reader = threading.Thread(target=lambda: result.append(pytest.raises(CheckpointError,
                                                                         nn.load, fifo)))
    reader.start()
    reader.join(timeout=10)
    if reader.is_alive():  # unblock the reader before failing
        with open(fifo, "wb"):
            pass
        pytest.fail("nn.load blocked on a FIFO")
    assert "named pipe" in str(result[0].value)
    if os.path.exists("/dev/zero"):
        _refused("/dev/zero", "character device")
    with pytest.raises(FileNotFoundError):
        nn.load(tmp_path / "missing.pt")


def test_symlinks_are_followed_as_open_does(tmp_path):
    nn.save({"w": np.ones(2)}, tmp_path / "real.pt")
    os.symlink(tmp_path / "real.pt", tmp_path / "link.pt")
    np.testing.assert_array_equal(nn.load(tmp_path / "link.pt")["w"], np.ones(2))
    os.symlink(tmp_path, tmp_path / "to_dir.pt")
    _refused(tmp_path / "to_dir.pt", "directory")
    os.symlink(tmp_path / "nowhere", tmp_path / "dangling.pt")
    with pytest.raises(FileNotFoundError):
        nn.load(tmp_path / "dangling.pt")


def test_manifest_written_by_hand_with_default_json_spacing_loads(tmp_path):
    path = tmp_path / "v1.pt"
    root = {"t": "odict", "items": [[{"t": "str", "v": "w"}, {"t": "tensor", "k": "a0",
                                                              "requires_grad": True}],
                                    [{"t": "tuple", "items": [{"t": "int", "v": 1}]},
                                     {"t": "float", "v": "nan"}]]}
    write_zip(path, {"__manifest__.npy": npy(np.frombuffer(json.dumps(
        {"format": "backproplab.checkpoint", "version": 1, "root": root}).encode(), np.uint8)),
        "a0.npy": npy(np.ones(2, np.float32))})
    back = nn.load(path)
    assert back["w"].requires_grad and back["w"].dtype == np.float32
    assert np.isnan(back[(1,)])
