"""nn.save / nn.load: round trips, exact paths, atomic writes, refused files."""
import io
import os
import zipfile
from collections import OrderedDict

import numpy as np
import pytest

import nn
from autograd import Tensor


def _model():
    return nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))


def test_round_trip_nested_with_int_keys_and_dtypes(tmp_path):
    model = _model()
    obj = {
        "model": model.state_dict(),
        "optim": {"state": {0: {"step": 3, "exp_avg": np.full((4, 3), 0.5, np.float32)}, 5: {}},
                  "param_groups": [{"lr": 1e-3, "betas": (0.9, 0.999), "params": [0, 5],
                                    "nesterov": False, "name": None}]},
        "arrays": [np.arange(6, dtype=np.int64).reshape(2, 3), np.float64([1.5, np.nan, -np.inf]),
                   np.array([True, False]), np.zeros((0, 2), np.float32), np.uint8(7)],
        "tensor": Tensor(np.ones(2), requires_grad=True),
        ("tuple", 1): "text ✓", 2.5: -0.0, True: None, "inf": float("inf"),
    }
    path = tmp_path / "checkpoint.npz"
    nn.save(obj, path)
    back = nn.load(path)
    assert isinstance(back["model"], OrderedDict) and list(back["model"]) == list(obj["model"])
    for key, value in obj["model"].items():
        assert isinstance(back["model"][key], Tensor)
        np.testing.assert_array_equal(back["model"][key].data, value.data)
        assert back["model"][key].dtype == np.float32
    assert list(back["optim"]["state"]) == [0, 5] and back["optim"]["state"][0]["step"] == 3
    assert back["optim"]["param_groups"][0] == obj["optim"]["param_groups"][0]
    assert isinstance(back["optim"]["param_groups"][0]["betas"], tuple)
    for got, want in zip(back["arrays"], obj["arrays"]):
        assert got.dtype == want.dtype and np.shape(got) == np.shape(want)
        np.testing.assert_array_equal(got, want)
    assert type(back["arrays"][4]) is np.uint8
    assert back["tensor"].requires_grad and back["tensor"].dtype == np.float64
    assert back[("tuple", 1)] == "text ✓" and back[2.5] == 0.0 and back[True] is None
    assert back["inf"] == float("inf")
    restored = _model()
    restored.load_state_dict(back["model"])


def test_optimizer_state_round_trip(tmp_path):
    optim = pytest.importorskip("optim")
    model = _model()
    opt = optim.Adam(model.parameters(), lr=0.01)
    model(Tensor(np.ones((2, 3), np.float32))).sum().backward()
    opt.step()
    nn.save({"model": model.state_dict(), "optim": opt.state_dict()}, tmp_path / "run.pt")
    back = nn.load(tmp_path / "run.pt")
    fresh = _model()
    fresh.load_state_dict(back["model"])
    fresh_opt = optim.Adam(fresh.parameters(), lr=0.01)
    fresh_opt.load_state_dict(back["optim"])
    assert fresh_opt.state_dict()["param_groups"] == opt.state_dict()["param_groups"]


def test_model_pt_writes_exactly_that_path(tmp_path):
    nn.save(_model().state_dict(), tmp_path / "model.pt")
    assert sorted(os.listdir(tmp_path)) == ["model.pt"]
    assert zipfile.is_zipfile(tmp_path / "model.pt")
    assert list(nn.load(str(tmp_path / "model.pt"))) == ["0.weight", "0.bias", "2.weight", "2.bias"]


def test_atomic_write_leaves_nothing_behind(tmp_path, monkeypatch):
    path = tmp_path / "model.pt"
    nn.save({"a": np.ones(3)}, path)
    with pytest.raises(TypeError, match=r"cannot store Linear at obj\['m'\].*state_dict"):
        nn.save({"m": nn.Linear(1, 1)}, path)

    def failing_savez(file, **arrays):
        file.write(b"partial")
        raise OSError("disk full")

    monkeypatch.setattr(np, "savez", failing_savez)
    with pytest.raises(OSError, match="disk full"):
        nn.save({"a": np.zeros(3)}, path)
    assert sorted(os.listdir(tmp_path)) == ["model.pt"]
    np.testing.assert_array_equal(nn.load(path)["a"], np.ones(3))  # old file untouched


def test_object_arrays_refused_on_save_and_load(tmp_path):
    with pytest.raises(TypeError, match="object array"):
        nn.save({"x": np.array([{}, 1], dtype=object)}, tmp_path / "bad.pt")
    assert os.listdir(tmp_path) == []
    path = tmp_path / "evil.pt"
    nn.save({"x": np.zeros(2)}, path)
    with zipfile.ZipFile(path) as archive:
        manifest = archive.read("__manifest__.npy")
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, np.array([{"a": 1}], dtype=object), allow_pickle=True)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("__manifest__.npy", manifest)
        archive.writestr("a0.npy", buffer.getvalue())
    with pytest.raises(ValueError, match=f"{path.name}.*object arrays"):
        nn.load(path)


@pytest.mark.parametrize("kind", ["truncated", "text", "plain_npz", "random", "npy", "empty", "zip_magic"])
def test_foreign_and_broken_files_raise_naming_the_path(tmp_path, kind):
    path = tmp_path / f"{kind}.pt"
    if kind == "truncated":
        nn.save(_model().state_dict(), path)
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    elif kind == "text":
        path.write_text("hello, this is not a checkpoint\n")
    elif kind == "plain_npz":
        with open(path, "wb") as file:
            np.savez(file, weight=np.ones(3))
    elif kind == "random":
        path.write_bytes(np.random.default_rng(0).bytes(4096))
    elif kind == "npy":
        with open(path, "wb") as file:
            np.save(file, np.ones(3))
    elif kind == "zip_magic":
        path.write_bytes(b"PK\x03\x04" + np.random.default_rng(1).bytes(4096))
    else:
        path.write_bytes(b"")
    with pytest.raises(ValueError, match=f"cannot load '.*{kind}.pt'"):
        nn.load(path)


def test_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="nowhere.pt"):
        nn.load(tmp_path / "nowhere.pt")
