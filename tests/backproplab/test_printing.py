"""Tensors print exactly as PyTorch prints them: repr, str and format specs, over a grid of
values, shapes and dtypes, with PyTorch as the oracle."""
import numpy as np
import pytest

import autograd as ag
import backproplab
from autograd.printing import get_printoptions, set_printoptions

_RNG = np.random.default_rng(0)

VALUES = {  # name -> function of shape giving float64 values
    "normal": lambda shape: _RNG.standard_normal(shape),
    "integers": lambda shape: _RNG.integers(-9, 10, shape).astype(float),
    "big_integers": lambda shape: _RNG.integers(-10 ** 6, 10 ** 6, shape).astype(float),
    "tiny": lambda shape: _RNG.standard_normal(shape) * 1e-6,
    "huge": lambda shape: _RNG.standard_normal(shape) * 1e9,
    "wide_range": lambda shape: np.exp(_RNG.uniform(-5, 5, shape)),
    "zeros": lambda shape: np.zeros(shape),
    "special": lambda shape: np.resize(np.array([np.nan, np.inf, -np.inf, -0.0, 1.5, 2.0]),
                                       shape),
    "special_integers": lambda shape: np.resize(np.array([np.nan, -np.inf, 3.0, -0.0]), shape),
}
SHAPES = [(), (1,), (5,), (3, 4), (2, 3, 4), (30,), (13, 9), (1, 1, 1), (2000,), (40, 40),
          (4, 300), (3, 2, 200)]
FLOAT_DTYPES = [np.float32, np.float64]
OTHER_DTYPES = [np.int64, np.int32, np.int16, np.int8, np.uint8, np.bool_]


def _pair(torch, array):
    array = np.array(array)
    return ag.from_numpy(array.copy()), torch.from_numpy(array.copy())


@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("kind", sorted(VALUES))
@pytest.mark.parametrize("dtype", FLOAT_DTYPES, ids=lambda d: np.dtype(d).name)
def test_floats_print_as_torch(torch, dtype, kind, shape):
    ours, theirs = _pair(torch, VALUES[kind](shape).astype(dtype))
    assert repr(ours) == repr(theirs)
    assert str(ours) == str(theirs)


@pytest.mark.parametrize("shape", [(), (7,), (3, 4), (2, 3, 4), (50,), (2000,), (40, 40)],
                         ids=str)
@pytest.mark.parametrize("dtype", OTHER_DTYPES, ids=lambda d: np.dtype(d).name)
def test_integers_and_bools_print_as_torch(torch, dtype, shape):
    if dtype is np.bool_:
        array = _RNG.random(shape) < 0.5
    else:
        info = np.iinfo(dtype)
        array = _RNG.integers(max(info.min, -1000), min(info.max, 1000), shape).astype(dtype)
    ours, theirs = _pair(torch, np.asarray(array))
    assert repr(ours) == repr(theirs)


@pytest.mark.parametrize("shape", [(), (4,), (2, 3), (1500,)], ids=str)
@pytest.mark.parametrize("dtype", [np.complex64, np.complex128], ids=lambda d: np.dtype(d).name)
def test_complex_prints_as_torch(torch, dtype, shape):
    array = (_RNG.standard_normal(shape) + 1j * _RNG.integers(-3, 3, shape)).astype(dtype)
    ours, theirs = _pair(torch, np.asarray(array))
    assert repr(ours) == repr(theirs)


@pytest.mark.parametrize("shape", [(0,), (0, 3), (2, 0, 3), (3, 0)], ids=str)
@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int64, np.bool_],
                         ids=lambda d: np.dtype(d).name)
def test_empty_tensors_print_their_size_and_dtype(torch, dtype, shape):
    ours, theirs = _pair(torch, np.zeros(shape, dtype=dtype))
    assert repr(ours) == repr(theirs)


def test_empty_float_tensor():
    assert repr(ag.zeros(0, 3)) == "tensor([], size=(0, 3))"


@pytest.mark.parametrize("dtype", FLOAT_DTYPES, ids=lambda d: np.dtype(d).name)
@pytest.mark.parametrize("shape", [(), (3,), (2, 2), (12,)], ids=str)
def test_requires_grad_and_grad_fn_suffixes(torch, dtype, shape):
    values = VALUES["normal"](shape).astype(dtype)
    ours = ag.tensor(values, requires_grad=True)
    theirs = torch.tensor(values, requires_grad=True)
    assert repr(ours) == repr(theirs)
    for op in (lambda t: t * 2, lambda t: t + 1, lambda t: t - 1, lambda t: t / 3,
               lambda t: -t, lambda t: t.exp(), lambda t: t.tanh(), lambda t: t.sum(),
               lambda t: t.mean(), lambda t: t.abs() ** 1.5, lambda t: t.sigmoid()):
        assert repr(op(ours)) == repr(op(theirs))


def test_results_of_tutorial_ops_print_pytorchs_grad_fn(torch):
    """`print(loss)` shows `grad_fn=<NllLossBackward0>`, as PyTorch's does (the names of all
    the ops: tests/autograd/test_node_names.py)."""

    def results(T):
        F = T.nn.functional
        x = T.tensor([[1.0, 5.0, 3.0], [4.0, 2.0, 6.0]], requires_grad=True)
        w = T.tensor([[0.5, -1.0, 0.25], [1.0, 0.0, -0.5]], requires_grad=True)
        b = T.tensor([0.1, -0.2], requires_grad=True)
        return [F.cross_entropy(x, T.tensor([0, 2])), F.linear(x, w, b), x @ w.T,
                x.max(), x.max(dim=1).values, x.sum(1), x.view(-1), x.unsqueeze(0), x ** 2,
                1 - x, x.clamp(0, 3), F.layer_norm(x, (3,)), x.sort().values, x.double()]

    for ours, theirs in zip(results(backproplab), results(torch)):
        assert repr(ours) == repr(theirs)
        assert str(ours) == str(theirs)


def test_long_suffixes_wrap_onto_a_new_line(torch):
    values = np.linspace(-1, 1, 8)
    ours = ag.tensor(values, requires_grad=True)
    assert repr(ours) == repr(torch.tensor(values, requires_grad=True))
    assert "],\n       dtype=torch.float64, requires_grad=True)" in repr(ours)


def test_user_function_nodes_print_without_the_0():
    class Double(ag.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, grad):
            return grad * 2

    y = Double.apply(ag.tensor([1.0], requires_grad=True))
    assert repr(y) == "tensor([2.], grad_fn=<DoubleBackward>)"


@pytest.mark.parametrize("spec", ["", ".4f", ".2e", "10.3f", "g", "+.1f"])
def test_format_spec_of_a_0d_tensor_formats_its_value(torch, spec):
    assert format(ag.tensor(3.14159), spec) == format(torch.tensor(3.14159), spec)
    assert f"{ag.tensor(2.5)}" == "2.5"


def test_format_spec_of_a_vector_is_refused_and_empty_spec_is_str(torch):
    t = ag.tensor([1.0, 2.0])
    assert f"{t}" == str(t) == str(torch.tensor([1.0, 2.0]))
    with pytest.raises(TypeError):
        format(t, ".2f")


@pytest.mark.parametrize("options", [
    {"precision": 2}, {"precision": 6}, {"threshold": 5}, {"edgeitems": 1, "threshold": 5},
    {"linewidth": 40}, {"sci_mode": True}, {"sci_mode": False}, {"profile": "short"},
    {"profile": "full"}, {"edgeitems": 0, "threshold": 5},
], ids=str)
def test_print_options_as_torch(torch, options):
    array = VALUES["normal"]((6, 7)) * 10
    before = get_printoptions()
    try:
        set_printoptions(**options)
        torch.set_printoptions(**options)
        for values in (array, array[0], array.astype(np.float32) * 1e-5, array.round()):
            ours, theirs = _pair(torch, values)
            assert repr(ours) == repr(theirs)
    finally:
        set_printoptions(profile="default")
        torch.set_printoptions(profile="default")
    assert get_printoptions() == before


def test_bad_profile_is_refused():
    with pytest.raises(ValueError, match="profile"):
        set_printoptions(profile="huge")
