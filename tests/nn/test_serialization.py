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
        np.testing.assert_array_equal(back["model"][key].numpy(force=True),
                                      value.numpy(force=True))
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
    with pytest.raises(ValueError, match=f"{path.name}.*object array"):
        nn.load(path)


def test_tutorial_checkpoint_comes_back_with_exact_types(tmp_path):
    optim = pytest.importorskip("optim")
    model = _model()
    opt = optim.Adam(model.parameters(), lr=0.01, amsgrad=False)
    model(Tensor(np.ones((2, 3), np.float32))).sum().backward()
    opt.step()
    checkpoint = {"epoch": 3, "model": model.state_dict(), "optimizer": opt.state_dict(),
                  "loss": 0.25, "best": None, "done": False, "history": [(1, 0.5), (2, 0.375)]}
    nn.save(checkpoint, tmp_path / "checkpoint.pth")
    back = nn.load(tmp_path / "checkpoint.pth", map_location="cpu", weights_only=True)
    assert type(back["epoch"]) is int and back["epoch"] == 3
    assert type(back["loss"]) is float and back["loss"] == 0.25
    assert back["best"] is None and back["done"] is False
    assert back["history"] == [(1, 0.5), (2, 0.375)] and type(back["history"][0]) is tuple
    group = back["optimizer"]["param_groups"][0]
    assert group["amsgrad"] is False and type(group["lr"]) is float
    assert isinstance(group["betas"], tuple)
    state = back["optimizer"]["state"][0]
    for name, value in opt.state_dict()["state"][0].items():
        assert type(state[name]) is type(value)
        np.testing.assert_array_equal(np.asarray(state[name]), np.asarray(value))


@pytest.mark.parametrize("name", ["model.pt", "model.pth", "weights", "ckpt.npz", "ckpt.tar",
                                  "模型 ✓.pt", ".hidden.pt"])
def test_any_file_name_works(tmp_path, name):
    nn.save({"w": Tensor(np.ones(2))}, tmp_path / name)
    assert os.listdir(tmp_path) == [name]
    np.testing.assert_array_equal(nn.load(tmp_path / name)["w"].numpy(), np.ones(2))
    assert nn.load(os.fsencode(tmp_path / name))["w"].shape == (2,)


def test_arrays_of_every_layout_and_dtype_round_trip(tmp_path):
    arrays = [np.asfortranarray(np.arange(12.0).reshape(3, 4)), np.arange(10)[::3],
              np.array([1.5, 2.5], dtype=">f8"), np.float16([1, 2]), np.complex64([1j]),
              np.array(["a", "bc"]), np.array([b"x"]), np.zeros((2, 0, 3), np.int8),
              np.array(7, np.int32), np.array(["2024-01-01"], dtype="M8[D]"),
              np.zeros(2, dtype=[("x", "<f4"), ("y", "<i8", (2,))]), np.uint64([2**64 - 1])]
    path = tmp_path / "arrays.pt"
    nn.save(arrays, path)
    for got, want in zip(nn.load(path), arrays):
        assert type(got) is np.ndarray and got.dtype == want.dtype and got.shape == want.shape
        np.testing.assert_array_equal(got, want)
    scalars = [np.float32(1.5), np.float64(2.5), np.int64(-3), np.bool_(True), np.str_("s")]
    nn.save(scalars, path)
    for got, want in zip(nn.load(path), scalars):
        assert type(got) is type(want) and got == want


@pytest.mark.parametrize("map_location", [None, "cpu", "cpu:0", {"cuda:0": "cpu"},
                                          lambda storage, location: storage])
def test_map_location_that_means_cpu_is_accepted(tmp_path, map_location):
    nn.save({"x": 1}, tmp_path / "a.pt")
    assert nn.load(tmp_path / "a.pt", map_location) == {"x": 1}
    assert nn.load(tmp_path / "a.pt", map_location=map_location, weights_only=False) == {"x": 1}


def test_map_location_to_an_accelerator_is_a_clear_error(tmp_path, torch):
    nn.save({"x": 1}, tmp_path / "a.pt")
    with pytest.raises(RuntimeError, match="'cuda'.*CPU only.*map_location='cpu'"):
        nn.load(tmp_path / "a.pt", map_location="cuda")
    with pytest.raises(RuntimeError, match="'cuda:1'"):
        nn.load(tmp_path / "a.pt", map_location={"cpu": "cuda:1"})
    with pytest.raises(RuntimeError, match="'gpu' is not a device"):
        nn.load(tmp_path / "a.pt", map_location="gpu")
    assert nn.load(tmp_path / "a.pt", map_location=torch.device("cpu")) == {"x": 1}
    with pytest.raises(RuntimeError, match="'mps'"):
        nn.load(tmp_path / "a.pt", map_location=torch.device("mps"))
    with pytest.raises(TypeError, match="weights_only"):
        nn.load(tmp_path / "a.pt", weights_only="yes")
    with pytest.raises(ValueError, match="max_bytes must be at least 1"):
        nn.load(tmp_path / "a.pt", max_bytes=0)


def test_paths_must_be_paths(tmp_path):
    with pytest.raises(TypeError, match="nn.save: path must be a str or os.PathLike.*BytesIO"):
        nn.save({"x": 1}, io.BytesIO())
    with pytest.raises(TypeError, match="nn.load: path must be a str or os.PathLike.*BytesIO"):
        nn.load(io.BytesIO())
    nn.save({"x": 1}, tmp_path / "a.pt")
    with pytest.raises(NotADirectoryError):  # as open() raises it
        nn.load(tmp_path / "a.pt" / "b.pt")


@pytest.mark.parametrize("value, what", [
    (lambda: 1, "function"), (nn.Linear(1, 1), "Linear"), ({1, 2}, "set"), (b"raw", "bytes"),
    (1 + 2j, "complex"), (object(), "object")])
def test_unsupported_values_say_what_can_be_saved(tmp_path, value, what):
    with pytest.raises(TypeError, match=f"cannot store {what} at obj\\['x'\\].*state_dict\\(\\)"):
        nn.save({"x": value}, tmp_path / "a.pt")
    with pytest.raises(TypeError, match="dict key of type frozenset"):
        nn.save({frozenset(): 1}, tmp_path / "a.pt")
    assert os.listdir(tmp_path) == []


def test_what_load_would_refuse_is_refused_on_save(tmp_path):
    cycle = []
    cycle.append(cycle)
    deep = None
    for _ in range(nn.serialization.MAX_DEPTH + 1):
        deep = [deep]
    for value, message in [(cycle, "nested more than 64"), (deep, "nested more than 64"),
                           ("x" * (nn.serialization.MAX_STRING_LENGTH + 1), "characters"),
                           (10**5000, "bits")]:
        with pytest.raises(ValueError, match=message):
            nn.save({"x": value}, tmp_path / "a.pt")
    assert os.listdir(tmp_path) == []
