"""The Tensor surface a tutorial uses, against PyTorch: conversions and devices, shape facts,
new_* factories, and the in-place random fills with generator=."""
import numpy as np
import pytest

import backproplab as bl


def _same(ours, theirs):
    assert ours.dtype.name == str(theirs.dtype).removeprefix("torch.")
    np.testing.assert_array_equal(ours.numpy(force=True), theirs.detach().numpy())


# --- conversions ------------------------------------------------------------------------------

@pytest.mark.parametrize("method", ["float", "double", "long", "int", "short", "char", "byte",
                                    "bool"])
def test_cast_methods_match_torch(torch, method):
    values = [[-1.5, 0.0], [2.7, 300.0]]
    _same(getattr(bl.tensor(values), method)(), getattr(torch.tensor(values), method)())


def test_cast_to_the_same_dtype_returns_the_tensor_itself(torch):
    t = bl.tensor([1.0])
    assert t.float() is t and t.to(bl.float32) is t and t.to("cpu") is t and t.cpu() is t
    assert t.type(bl.float32) is t
    copy = t.to(bl.float32, copy=True)
    assert copy is not t and not np.shares_memory(copy.numpy(), t.numpy())


@pytest.mark.parametrize("args, kwargs", [
    (("float64",), {}), (("cpu", "float64"), {}), ((), {"dtype": "float64"}),
    ((), {"device": "cpu", "dtype": "long"}), (("tensor64",), {}), (("long", False, True), {}),
    (("cpu",), {}), ((), {"device": "cpu"}),
], ids=str)
def test_to_forms_match_torch(torch, args, kwargs):
    def resolve(module, value):
        if value == "tensor64":
            return module.zeros(1, dtype=module.float64)
        return getattr(module, value) if value in ("float64", "long") else value
    ours = bl.tensor([1.5, -2.0]).to(*[resolve(bl, a) for a in args],
                                     **{k: resolve(bl, v) for k, v in kwargs.items()})
    theirs = torch.tensor([1.5, -2.0]).to(*[resolve(torch, a) for a in args],
                                          **{k: resolve(torch, v) for k, v in kwargs.items()})
    _same(ours, theirs)


def test_to_keeps_the_graph():
    x = bl.tensor([1.0, 2.0], requires_grad=True)
    x.to(bl.float64).sum().backward()
    assert x.grad.dtype == bl.float32 and x.grad.tolist() == [1.0, 1.0]


def test_to_refuses_bad_arguments():
    with pytest.raises(TypeError, match="invalid combination"):
        bl.tensor([1.0]).to("cpu", "float32")
    with pytest.raises(RuntimeError, match="device type at start of device string: float32"):
        bl.tensor([1.0]).to("float32")
    with pytest.raises(TypeError, match="unexpected keyword"):
        bl.tensor([1.0]).to(bl.float64, bogus=1)


@pytest.mark.parametrize("call", [
    lambda t: t.cuda(), lambda t: t.cuda(0), lambda t: t.to("cuda"),
    lambda t: t.to(bl.device("cuda")), lambda t: t.to("cuda", bl.float64),
    lambda t: t.to(device="mps"), lambda t: t.type("torch.cuda.FloatTensor"),
])
def test_gpu_requests_name_the_missing_gpu(call):
    with pytest.raises(RuntimeError, match="GPU"):
        call(bl.tensor([1.0]))


def test_half_is_refused():
    for call in (lambda t: t.half(), lambda t: t.to(bl.half), lambda t: t.type(bl.float16),
                 lambda t: t.to(dtype=bl.float16), lambda t: t.type("torch.HalfTensor")):
        with pytest.raises(TypeError, match="half"):
            call(bl.tensor([1.0]))


@pytest.mark.parametrize("dtype", ["float32", "float64", "int64", "int32", "int16", "int8",
                                   "uint8", "bool", "complex64"])
def test_type_names_match_torch(torch, dtype):
    ours = bl.zeros(1, dtype=getattr(bl, dtype))
    theirs = torch.zeros(1, dtype=getattr(torch, dtype))
    assert ours.type() == theirs.type()
    assert ours.element_size() == theirs.element_size()
    _same(bl.zeros(2).type(ours.type()), torch.zeros(2).type(theirs.type()))


def test_device_facts():
    t = bl.zeros(2)
    assert t.device == bl.device("cpu") and str(t.device) == "cpu"
    assert t.device.type == "cpu" and t.is_cpu and not t.is_cuda


# --- devices ----------------------------------------------------------------------------------

@pytest.mark.parametrize("spec", [("cpu",), ("cuda",), ("cuda:1",), ("cuda", 0), ("mps",),
                                  ("cpu", 0)], ids=str)
def test_device_class_is_torch_s(torch, spec):
    ours, theirs = bl.device(*spec), torch.device(*spec)
    assert (repr(ours), str(ours), ours.type, ours.index) == (
        repr(theirs), str(theirs), theirs.type, theirs.index)
    assert ours == bl.device(str(ours)) and hash(ours) == hash(bl.device(str(ours)))
    assert (ours == str(ours)) == (theirs == str(theirs))


def test_an_int_device_is_a_cuda_index():
    assert bl.device(0) == bl.device("cuda:0")


def test_bad_device_strings():
    with pytest.raises(RuntimeError, match="Expected one of cpu, cuda"):
        bl.device("gpu")
    with pytest.raises(RuntimeError, match="Invalid device string"):
        bl.device("cuda:x")
    with pytest.raises(TypeError):
        bl.device(1.5)


# --- shape facts ------------------------------------------------------------------------------

def test_shape_facts_match_torch(torch):
    ours, theirs = bl.zeros(2, 3, 4), torch.zeros(2, 3, 4)
    assert ours.size() == theirs.size() and repr(ours.size()) == repr(theirs.size())
    assert ours.size(1) == theirs.size(1) and ours.size(-1) == theirs.size(-1)
    assert ours.nelement() == ours.numel() == theirs.nelement() == 24
    assert ours.dim() == ours.ndimension() == 3
    assert ours.size()[1:] == (3, 4) and repr(ours.size()[1:]) == "torch.Size([3, 4])"
    assert ours.size().numel() == 24
    with pytest.raises(IndexError):
        ours.size(3)


def test_size_behaves_as_torch_size(torch):
    ours, theirs = bl.Size([2, 3]), torch.Size([2, 3])
    for make in (lambda s: s + (1,), lambda s: (1,) + s, lambda s: s * 2, lambda s: s[:1]):
        assert repr(make(ours)) == repr(make(theirs))
    assert repr(bl.Size([])) == repr(torch.Size([]))


def test_t_matches_torch(torch):
    for shape in [(), (3,), (2, 3)]:
        values = np.arange(int(np.prod(shape)), dtype=np.float32).reshape(shape)
        _same(bl.tensor(values).t(), torch.tensor(values).t())
    with pytest.raises(RuntimeError, match="t\\(\\) expects a tensor with <= 2 dimensions, "
                                           "but self is 3D"):
        bl.zeros(2, 3, 4).t()


def test_contiguous(torch):
    x = bl.arange(6.0).reshape(2, 3)
    assert x.is_contiguous() and x.contiguous() is x
    y = x.t()
    assert not y.is_contiguous() and y.contiguous().is_contiguous()
    assert y.contiguous().tolist() == y.tolist()


def test_storage_offset_of_slices(torch):
    ours, theirs = bl.zeros(4, 5), torch.zeros(4, 5)
    assert ours.storage_offset() == theirs.storage_offset() == 0
    assert ours[1:].storage_offset() == theirs[1:].storage_offset()
    assert ours[2:, 3:].storage_offset() == theirs[2:, 3:].storage_offset()
    assert ours.data[1].storage_offset() == theirs.data[1].storage_offset()


def test_item_and_tolist():
    assert bl.tensor([[1.5]]).item() == 1.5 and bl.tensor([1, 2]).tolist() == [1, 2]


# --- new_* --------------------------------------------------------------------------------------

@pytest.mark.parametrize("dtype", ["float32", "float64", "long"])
def test_new_factories_match_torch(torch, dtype):
    ours, theirs = bl.ones(2, dtype=getattr(bl, dtype)), torch.ones(2, dtype=getattr(torch, dtype))
    _same(ours.new_zeros(2, 3), theirs.new_zeros(2, 3))
    _same(ours.new_ones((3,)), theirs.new_ones((3,)))
    _same(ours.new_full((2,), 2.5), theirs.new_full((2,), 2.5))
    _same(ours.new_tensor([1.7, -2]), theirs.new_tensor([1.7, -2]))
    _same(ours.new_zeros(2, dtype=bl.int32), theirs.new_zeros(2, dtype=torch.int32))
    assert ours.new_empty(4).shape == (4,) and ours.new_empty(4).dtype == ours.dtype
    assert ours.new_zeros(2, requires_grad=dtype != "long").requires_grad == (dtype != "long")


# --- random fills ---------------------------------------------------------------------------

FILLS = [
    ("normal_", (), {}), ("normal_", (2.0, 0.5), {}), ("uniform_", (-1, 1), {}),
    ("uniform_", (), {}), ("bernoulli_", (0.3,), {}), ("bernoulli_", (), {}),
    ("exponential_", (2.0,), {}), ("random_", (10,), {}), ("random_", (3, 9), {}),
    ("random_", (), {}),
]


@pytest.mark.parametrize("size", [1, 7, 16, 100, 1000])
@pytest.mark.parametrize("dtype", ["float32", "float64", "int64"])
@pytest.mark.parametrize("name, args, kwargs", FILLS, ids=str)
def test_random_fills_draw_what_torch_draws(torch, name, args, kwargs, dtype, size):
    ours = bl.zeros(size, dtype=getattr(bl, dtype))
    theirs = torch.zeros(size, dtype=getattr(torch, dtype))
    if dtype == "int64" and name not in ("random_", "bernoulli_"):  # continuous draws
        with pytest.raises((NotImplementedError, RuntimeError)):
            getattr(theirs, name)(*args, **kwargs)
        with pytest.raises(TypeError, match=f"{name}: expected dtype float32 or float64"):
            getattr(ours, name)(*args, **kwargs)
        return
    result = getattr(ours, name)(*args, generator=bl.Generator().manual_seed(1234), **kwargs)
    getattr(theirs, name)(*args, generator=torch.Generator().manual_seed(1234), **kwargs)
    assert result is ours
    _same(ours, theirs)


def test_random_fills_use_the_default_generator(torch):
    bl.manual_seed(5)
    torch.manual_seed(5)
    _same(bl.empty(20).normal_(), torch.empty(20).normal_())
    _same(bl.empty(20).uniform_(), torch.empty(20).uniform_())


def test_bernoulli_with_a_tensor_of_probabilities(torch):
    p = [0.1, 0.5, 0.9, 0.0, 1.0]
    ours = bl.empty(5).bernoulli_(bl.tensor(p), generator=bl.Generator().manual_seed(3))
    theirs = torch.empty(5).bernoulli_(torch.tensor(p), generator=torch.Generator().manual_seed(3))
    _same(ours, theirs)


def test_random_fill_of_a_leaf_that_requires_grad_needs_no_grad():
    w = bl.zeros(3, requires_grad=True)
    with pytest.raises(RuntimeError, match="leaf Variable that requires grad"):
        w.normal_()
    with bl.no_grad():
        w.uniform_(-1, 1)
    assert w.requires_grad and w.is_leaf and w.numpy(force=True).any()
    version = w._version
    with bl.no_grad():
        w.normal_()
    assert w._version == version + 1


def test_random_fill_errors():
    with pytest.raises(RuntimeError, match="std >= 0"):
        bl.zeros(2).normal_(0, -1)
    with pytest.raises(RuntimeError, match="from=1 > to=0"):
        bl.zeros(2).uniform_(1, 0)
    with pytest.raises(TypeError, match="generator"):
        bl.zeros(2).normal_(generator=np.random.default_rng())
    with pytest.raises(TypeError, match="at most 2"):
        bl.zeros(2).random_(1, 2, 3)
