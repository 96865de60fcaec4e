"""Factories against PyTorch: values, dtypes (full((2,), 4) is int64, linspace is float32),
device=, from_numpy/as_tensor sharing memory, and the errors."""
import numpy as np
import pytest

import backproplab as bl


def _same(ours, theirs):
    assert ours.dtype.name == str(theirs.dtype).removeprefix("torch.")
    assert tuple(ours.shape) == tuple(theirs.shape)
    np.testing.assert_array_equal(ours.numpy(force=True), theirs.detach().numpy())


CALLS = [  # (name, args, kwargs), called the same way on both
    ("tensor", ([1.5, 2.0],), {}), ("tensor", ([1, 2],), {}), ("tensor", (True,), {}),
    ("tensor", (3.0,), {"dtype": "long"}), ("tensor", ([[1, 2]],), {"dtype": "float64"}),
    ("zeros", (2, 3), {}), ("zeros", ((2, 3),), {"dtype": "int64"}), ("ones", ([4],), {}),
    ("ones", (2,), {"dtype": "bool"}), ("empty", (0, 3), {}),
    ("full", ((2,), 4), {}), ("full", ((2, 2), True), {}), ("full", ((3,), 2.5), {}),
    ("full", ([2], 7), {"dtype": "float64"}), ("full", ((2,), -1), {"dtype": "int32"}),
    ("eye", (3,), {}), ("eye", (2, 4), {}), ("eye", (3,), {"dtype": "long"}),
    ("arange", (5,), {}), ("arange", (1, 5), {}), ("arange", (0, 5, 2), {}),
    ("arange", (0.0, 5), {}), ("arange", (0, 1, 0.1), {}), ("arange", (5, 0, -1), {}),
    ("arange", (0, 5.5), {}), ("arange", (-3.3, 7.7, 0.37), {}),
    ("arange", (0, 10, 3), {"dtype": "int32"}), ("arange", (0, 5.5), {"dtype": "long"}),
    ("arange", (0, 2, 0.25), {"dtype": "float64"}), ("arange", (1e-3, 5, 0.013), {}),
    ("arange", (0, 2000, 0.77), {}), ("arange", (0, 2000, 0.77), {"dtype": "float64"}),
    ("arange", (5, -7, -0.123), {"dtype": "float64"}),
    ("linspace", (0, 1, 5), {}), ("linspace", (0, 10, 4), {}), ("linspace", (0, 1, 1), {}),
    ("linspace", (0, 1, 0), {}), ("linspace", (-3.3, 7.7, 37), {}),
    ("linspace", (1e-3, 5, 1000), {}), ("linspace", (5, -7, 12345), {}),
    ("linspace", (5, -7, 12345), {"dtype": "float64"}), ("linspace", (0.1, 0.7, 3), {}),
    ("linspace", (0, 10, 5), {"dtype": "int32"}), ("linspace", (-7, 10, 6), {"dtype": "long"}),
    ("logspace", (0, 2, 3), {}), ("logspace", (-3, 3, 37), {}),
    ("logspace", (0.1, 1.7, 100), {"base": 2.0}), ("logspace", (-1, 1, 1000), {"base": np.e}),
    ("logspace", (-1, 1, 999), {"dtype": "float64"}), ("logspace", (0, 3, 4), {"dtype": "long"}),
    ("logspace", (-1, 1, 3), {"dtype": "long"}), ("logspace", (0, 1, 1), {}),
]


@pytest.mark.parametrize("name, args, kwargs", CALLS, ids=str)
def test_factory_matches_torch(torch, name, args, kwargs):
    if "dtype" in kwargs:
        ours_kwargs = dict(kwargs, dtype=getattr(bl, kwargs["dtype"]))
        kwargs = dict(kwargs, dtype=getattr(torch, kwargs["dtype"]))
    else:
        ours_kwargs = kwargs
    _same(getattr(bl, name)(*args, **ours_kwargs), getattr(torch, name)(*args, **kwargs))


@pytest.mark.parametrize("count", [1, 15, 16, 17, 31, 33, 100, 1001, 40000])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_float_arange_is_bit_for_bit_torch_single_threaded(torch, count, dtype):
    step = 0.1 + 1 / 3
    ours = bl.arange(-1.0, -1.0 + step * count, step, dtype=getattr(bl, dtype))
    _same(ours, torch.arange(-1.0, -1.0 + step * count, step, dtype=getattr(torch, dtype)))


@pytest.mark.parametrize("name", ["zeros_like", "ones_like", "empty_like"])
@pytest.mark.parametrize("dtype", [None, "float64", "long"])
def test_like_factories_keep_the_input_dtype_unless_told(torch, name, dtype):
    ours_kwargs = {} if dtype is None else {"dtype": getattr(bl, dtype)}
    kwargs = {} if dtype is None else {"dtype": getattr(torch, dtype)}
    ours = getattr(bl, name)(bl.tensor([[1, 2, 3]]), **ours_kwargs)
    theirs = getattr(torch, name)(torch.tensor([[1, 2, 3]]), **kwargs)
    assert ours.dtype.name == str(theirs.dtype).removeprefix("torch.")
    assert tuple(ours.shape) == tuple(theirs.shape)
    if name != "empty_like":
        _same(ours, theirs)


def test_full_like(torch):
    _same(bl.full_like(bl.tensor([1, 2]), 2.7), torch.full_like(torch.tensor([1, 2]), 2.7))
    _same(bl.full_like(bl.tensor([1.0, 2.0]), 3), torch.full_like(torch.tensor([1.0, 2.0]), 3))
    _same(bl.full_like(bl.zeros(2), 1, dtype=bl.long),
          torch.full_like(torch.zeros(2), 1, dtype=torch.long))


def test_zero_dim_tensor_arguments_are_taken_as_numbers(torch):
    _same(bl.arange(bl.tensor(5)), torch.arange(torch.tensor(5)))
    _same(bl.linspace(bl.tensor(0.0), bl.tensor(1.0), 3),
          torch.linspace(torch.tensor(0.0), torch.tensor(1.0), 3))
    _same(bl.full((2,), bl.tensor(3.0)), torch.full((2,), torch.tensor(3.0)))


def test_requires_grad_on_factories():
    for t in (bl.zeros(2, requires_grad=True), bl.linspace(0, 1, 3, requires_grad=True),
              bl.arange(0.0, 3, requires_grad=True), bl.full((2,), 1.0, requires_grad=True),
              bl.eye(2, requires_grad=True), bl.empty(2, requires_grad=True)):
        assert t.requires_grad and t.is_leaf
    with pytest.raises(RuntimeError, match="floating point"):
        bl.arange(3, requires_grad=True)


@pytest.mark.parametrize("device", ["cpu", "cpu:0", bl.device("cpu"), None])
def test_cpu_device_is_accepted_everywhere(device):
    for make in (lambda: bl.tensor([1.0], device=device), lambda: bl.zeros(2, device=device),
                 lambda: bl.ones(2, device=device), lambda: bl.empty(2, device=device),
                 lambda: bl.full((2,), 1, device=device), lambda: bl.eye(2, device=device),
                 lambda: bl.arange(3, device=device), lambda: bl.linspace(0, 1, 3, device=device),
                 lambda: bl.logspace(0, 1, 3, device=device),
                 lambda: bl.rand(2, device=device), lambda: bl.randn(2, device=device),
                 lambda: bl.randint(0, 5, (2,), device=device),
                 lambda: bl.randperm(3, device=device),
                 lambda: bl.zeros_like(bl.ones(2), device=device),
                 lambda: bl.as_tensor([1.0], device=device)):
        assert make().device == bl.device("cpu")


@pytest.mark.parametrize("device", ["cuda", "cuda:0", bl.device("cuda", 1), 0, "mps"])
def test_gpu_devices_raise_an_error_naming_the_missing_gpu(device):
    for make in (lambda: bl.tensor([1.0], device=device), lambda: bl.zeros(2, device=device),
                 lambda: bl.arange(3, device=device), lambda: bl.randn(2, device=device),
                 lambda: bl.linspace(0, 1, 3, device=device)):
        with pytest.raises(RuntimeError, match="GPU") as error:
            make()
        assert "CPU only" in str(error.value)


def test_unknown_device_strings_are_refused_as_torch_does(torch):
    with pytest.raises(RuntimeError, match="device type at start of device string: gpu"):
        bl.zeros(2, device="gpu")
    with pytest.raises(RuntimeError, match="device type at start of device string: gpu"):
        torch.zeros(2, device="gpu")


@pytest.mark.parametrize("call", [
    lambda: bl.arange(0, 5, 0), lambda: bl.arange(5, 0), lambda: bl.arange(0, float("inf")),
    lambda: bl.linspace(0, 1, -1), lambda: bl.logspace(0, 1, -2),
])
def test_range_errors_are_torch_s(call):
    with pytest.raises(RuntimeError, match="step must be nonzero|inconsistent with step sign|"
                                           "unsupported range|must be non-negative"):
        call()


def test_bad_arguments_name_the_problem():
    with pytest.raises(TypeError, match="steps"):
        bl.linspace(0, 1, 2.5)
    with pytest.raises(TypeError, match="not a dtype"):
        bl.zeros(2, dtype="floaty")
    with pytest.raises(RuntimeError, match="negative dimension"):
        bl.ones(-1)
    with pytest.raises(RuntimeError, match="non-negative int"):
        bl.eye(-2)
    with pytest.raises(RuntimeError, match="0-d tensor"):
        bl.arange(bl.tensor([1, 2]))


@pytest.mark.parametrize("make", [
    lambda: bl.zeros(2, dtype=bl.half), lambda: bl.tensor([1.0], dtype=bl.float16),
    lambda: bl.full((2,), 1.0, dtype=bl.half), lambda: bl.linspace(0, 1, 3, dtype=bl.half),
    lambda: bl.from_numpy(np.zeros(2, np.float16)),
])
def test_half_is_refused_with_a_clear_error(make):
    with pytest.raises(TypeError, match="float16 \\(half\\) tensors are not supported"):
        make()


# --- sharing memory ---------------------------------------------------------------------------

def test_from_numpy_shares_memory_both_ways(torch):
    array = np.arange(6, dtype=np.float64).reshape(2, 3)
    t = bl.from_numpy(array)
    assert t.dtype == bl.float64 and t.shape == (2, 3)
    t[0, 0] = 10.0
    assert array[0, 0] == 10.0
    array[1, 2] = -1.0
    assert t[1, 2].item() == -1.0
    t.add_(1.0)
    assert array[0, 0] == 11.0
    assert np.shares_memory(t.numpy(), array)
    assert bl.from_numpy(np.arange(3)).dtype == torch.from_numpy(np.arange(3)).numpy().dtype


def test_numpy_of_a_tensor_shares_memory():
    t = bl.zeros(3)
    array = t.numpy()
    array[1] = 4.0
    assert t.tolist() == [0.0, 4.0, 0.0]
    t.data += 1
    assert array.tolist() == [1.0, 5.0, 1.0]


def test_numpy_refuses_a_tensor_that_requires_grad_as_torch():
    t = bl.zeros(2, requires_grad=True)
    with pytest.raises(RuntimeError, match="detach\\(\\).numpy\\(\\)"):
        t.numpy()
    assert np.shares_memory(t.detach().numpy(), t.numpy(force=True))


def test_from_numpy_errors(torch):
    with pytest.raises(TypeError, match="expected np.ndarray \\(got list\\)"):
        bl.from_numpy([1.0])
    with pytest.raises(TypeError, match="numbers or bools"):
        bl.from_numpy(np.array(["a"]))
    with pytest.raises(ValueError, match="byte order"):
        bl.from_numpy(np.zeros(2, dtype=">f4"))
    frozen = np.zeros(2)
    frozen.flags.writeable = False
    with pytest.warns(UserWarning, match="not writable"):
        bl.from_numpy(frozen)


def test_as_tensor_shares_when_it_can():
    array = np.zeros(3, dtype=np.float32)
    t = bl.as_tensor(array)
    t[0] = 2.0
    assert array[0] == 2.0
    assert bl.as_tensor(t) is t and bl.as_tensor(t, dtype=bl.float32) is t
    copied = bl.as_tensor(array, dtype=bl.float64)
    copied[1] = 3.0
    assert array[1] == 0.0 and copied.dtype == bl.float64
    assert bl.as_tensor([1.5, 2.5]).dtype == bl.float32
    assert bl.as_tensor(t, dtype=bl.long).dtype == bl.long


FILL_VALUES = [
    (float("-inf"), "int64"), (float("nan"), "int64"), (1e30, "int32"), (300, "uint8"),
    (-1, "uint8"), (-255, "uint8"), (-256, "uint8"), (-1.0, "uint8"), (2.7, "int64"),
    (127.5, "int8"), (-129, "int8"), (70000, "int16"), (2**63, "int64"), (-2**63, "int64"),
    (2**70, "int64"), (2**70, "float32"), (1e40, "float32"), (-1e40, "float32"),
    (3.4e38, "float32"), (float("inf"), "float32"), (float("nan"), "float32"),
    (1e40, "float64"), (3 + 0j, "float32"), (3 + 1j, "float32"), (True, "int64"), (3, "bool"),
]


def _written(lib, value, dtype) -> str:
    """What full, fill_ and masked_fill make of `value` in `dtype`: the tensors, or the error."""
    dtype = getattr(lib, dtype)
    calls = [lambda: lib.full((2,), value, dtype=dtype),
             lambda: lib.zeros(2, dtype=dtype).fill_(value),
             lambda: lib.zeros(2, dtype=dtype).masked_fill(lib.tensor([True, False]), value)]
    results = []
    for call in calls:
        try:
            results.append(repr(call()))
        except (RuntimeError, OverflowError) as error:
            results.append(f"{type(error).__name__}: {error}")
    return "\n".join(results)


@pytest.mark.parametrize("value, dtype", FILL_VALUES, ids=str)
def test_a_value_that_does_not_fit_the_dtype_is_refused_as_pytorch(torch, value, dtype):
    assert _written(bl, value, dtype) == _written(torch, value, dtype)
