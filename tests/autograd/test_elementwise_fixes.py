"""The wrong results the op audit found in the elementwise family, each against PyTorch; the
accuracy of erf, erfc, sigmoid and gelu; dtypes; complex tensors."""
from __future__ import annotations

import math

import numpy as np
import pytest

import autograd as ag
from autograd.ops import special


def _grads(fn, *values, dtype=np.float32):
    tensors = [ag.tensor(np.array(v, dtype), requires_grad=True) for v in values]
    with np.errstate(all="ignore"):
        out = fn(*tensors)
        out.sum().backward()
    return out.detach().numpy(), [t.grad.numpy() for t in tensors]


def _torch_grads(torch, fn, *values, dtype="float32"):
    tensors = [torch.tensor(v, dtype=getattr(torch, dtype), requires_grad=True) for v in values]
    out = fn(*tensors)
    out.sum().backward()
    return out.detach().numpy(), [t.grad.numpy() for t in tensors]


POW_CASES = [
    ("x**y at x=0, y=0", lambda x, y: x ** y, ([0.0], [0.0])),
    ("x**y at x=0, y=-0.5", lambda x, y: x ** y, ([0.0], [-0.5])),
    ("x**y at x=0, y=2 and 0.5", lambda x, y: x ** y, ([0.0, 0.0], [2.0, 0.5])),
    ("0.0**x at x=0", lambda x: 0.0 ** x, ([0.0, 1.0, -0.5],)),
    ("(-2.0)**x", lambda x: (-2.0) ** x, ([0.5, 2.0, 3.0],)),
    ("x**y, x<0", lambda x, y: x ** y, ([-2.0, -2.0], [0.5, 2.0])),
    ("x**0", lambda x: x ** 0, ([0.0, 2.0],)),
]


@pytest.mark.parametrize("name, fn, values", POW_CASES, ids=[c[0] for c in POW_CASES])
def test_pow_gradients_at_the_edges_match_pytorch(torch, name, fn, values):
    out, grads = _grads(fn, *values)
    expected, expected_grads = _torch_grads(torch, fn, *values)
    np.testing.assert_allclose(out, expected, equal_nan=True)
    for mine, theirs in zip(grads, expected_grads):
        np.testing.assert_allclose(mine, theirs, equal_nan=True)


def test_the_issue_pow_values(torch):
    _, (gx, gy) = _grads(lambda x, y: x ** y, [0.0], [0.0])
    assert gx[0] == 0 and gy[0] == 0
    _, (_, gy) = _grads(lambda x, y: x ** y, [0.0], [-0.5])
    assert gy[0] == -np.inf
    _, (g,) = _grads(lambda x: 0.0 ** x, [0.0])
    assert g[0] == 0
    out, _ = _grads(lambda x: (-2.0) ** x, [0.5])
    assert np.isnan(out[0])


def test_integer_powers_with_negative_exponents_as_pytorch(torch):
    base = [2, 1, -1, 0, 3, -1]
    exponent = [-1, -2, -3, -1, 0, -2]
    ours = ag.tensor(base) ** ag.tensor(exponent)
    theirs = torch.tensor(base) ** torch.tensor(exponent)
    assert ours.dtype == np.int64 and ours.tolist() == theirs.tolist()
    assert (2 ** ag.tensor([-1, 2])).tolist() == (2 ** torch.tensor([-1, 2])).tolist()
    assert (ag.tensor([2], dtype=ag.int32) ** ag.tensor(-1)).dtype == np.int32
    with pytest.raises(RuntimeError, match="negative integer powers"):
        ag.tensor([2, 3]) ** -1
    with pytest.raises(RuntimeError, match="negative integer powers"):
        torch.tensor([2, 3]) ** -1


CLAMP_VALUES = {  # x, min, max: inside, below, above, ties with each bound, min > max, NaN
    "x": [0.5, -2.0, 3.0, 1.0, 2.0, 0.0, float("nan")],
    "min": [0.0, 0.0, 0.0, 1.0, 0.0, 1.0, 0.0],
    "max": [1.0, 1.0, 1.0, 2.0, 2.0, -1.0, 1.0],
}


@pytest.mark.parametrize("bounds", ["min", "max", "both"])
def test_clamp_with_tensor_bounds_gives_the_bounds_their_gradient(torch, bounds):
    names = {"min": ["min"], "max": ["max"], "both": ["min", "max"]}[bounds]

    def clamp(library):
        return lambda x, *limits: library.clamp(x, **dict(zip(names, limits)))

    values = [CLAMP_VALUES["x"]] + [CLAMP_VALUES[name] for name in names]
    out, grads = _grads(clamp(ag), *values)
    expected, expected_grads = _torch_grads(torch, clamp(torch), *values)
    np.testing.assert_array_equal(out, expected)
    for mine, theirs in zip(grads, expected_grads):
        np.testing.assert_array_equal(mine, theirs)
    assert all(np.any(g) for g in grads[1:])  # the bounds get a gradient


@pytest.mark.parametrize("name", ["maximum", "minimum"])
def test_maximum_and_minimum_with_nan_and_ties_as_pytorch(torch, name):
    values = ([1.0, float("nan"), 2.0, float("nan"), 3.0], [2.0, 1.0, 2.0, float("nan"), 1.0])
    out, grads = _grads(getattr(ag, name), *values)
    expected, expected_grads = _torch_grads(torch, getattr(torch, name), *values)
    np.testing.assert_array_equal(out, expected)
    for mine, theirs in zip(grads, expected_grads):
        np.testing.assert_array_equal(mine, theirs)


def test_the_issue_dtypes(torch):
    i = ag.tensor([1, 2])
    f = ag.tensor([1.0, 2.0])
    assert (i + 0.5).dtype == np.float32
    assert (i / 2).dtype == np.float32
    assert i.exp().dtype == np.float32
    assert ag.where(ag.tensor([True, False]), 1.0, 0.0).dtype == np.float32
    assert (f * ag.tensor(2.0, dtype=ag.float64)).dtype == np.float32
    assert (f * np.float64(2.0)).dtype == np.float32
    assert (np.float64(2.0) * f).dtype == np.float32
    assert ag.full((2,), 4).dtype == np.int64
    assert ag.full((2,), 4.0).dtype == np.float32
    assert ag.full((2,), True).dtype == np.bool_
    for value in (4, 4.0, True):
        assert ag.full((2,), value).dtype.name == str(torch.full((2,), value).dtype)[6:]


def test_complex_tensors_refuse_gradients_clearly():
    with pytest.raises(RuntimeError, match="floating point"):
        ag.tensor([1 + 2j]).requires_grad_()
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(TypeError, match="complex"):
        x * (1 + 2j)
    with pytest.raises(TypeError, match="complex"):
        x.to(ag.complex64)
    z = x.detach() * (1 + 2j)  # without gradients complex arithmetic works, as NumPy's
    assert z.dtype == np.complex64 and z.tolist() == [1 + 2j, 2 + 4j]


# --- accuracy -----------------------------------------------------------------------------

def _ulps(ours, reference, dtype) -> np.ndarray:
    spacing = np.spacing(np.abs(reference).astype(dtype)).astype(np.float64)
    spacing = np.maximum(spacing, np.finfo(dtype).smallest_subnormal)
    return np.abs(ours.astype(np.float64) - reference.astype(np.float64)) / spacing


ERF_POINTS = np.concatenate([np.linspace(-30, 30, 60001), np.geomspace(1e-300, 1e-3, 300),
                             -np.geomspace(1e-300, 1e-3, 300),
                             [0.0, -0.0, 1.0, -1.0, 8.0, 27.0, 27.5, np.inf, -np.inf, np.nan]])


@pytest.mark.parametrize("dtype, limit", [(np.float32, 1), (np.float64, 10)])
@pytest.mark.parametrize("name", ["erf", "erfc"])
@pytest.mark.parametrize("size", ["small", "large"])  # the C loop below 512 elements, NumPy above
def test_erf_and_erfc_within_a_few_ulp_of_pytorch(torch, name, dtype, limit, size):
    x = ERF_POINTS.astype(dtype)
    chunks = [x[i:i + 100] for i in range(0, x.size, 100)] if size == "small" else [x]
    ours = np.concatenate([getattr(special, name + "_array")(chunk) for chunk in chunks])
    theirs = getattr(torch, name)(torch.from_numpy(x)).numpy()
    assert ours.dtype == dtype
    np.testing.assert_array_equal(np.isnan(ours), np.isnan(theirs))
    finite = ~np.isnan(theirs)
    assert _ulps(ours[finite], theirs[finite], dtype).max() <= limit
    exact = np.array([getattr(math, name)(v) for v in x[finite].astype(np.float64)])
    limit_to_exact = 0.5 if dtype == np.float32 else 10  # float32: correctly rounded
    assert _ulps(ours[finite], exact.astype(dtype), dtype).max() <= limit_to_exact


def test_erf_on_integers_and_empty_tensors():
    assert ag.erf(ag.tensor([0, 1])).dtype == np.float32
    assert ag.erfc(ag.zeros(0, 3)).shape == (0, 3)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_sigmoid_within_a_few_ulp_of_pytorch(torch, dtype):
    x = np.linspace(-800, 800, 320001).astype(dtype)
    ours = ag.tensor(x).sigmoid().numpy()
    theirs = torch.sigmoid(torch.from_numpy(x)).numpy()
    normal = np.abs(theirs) > np.finfo(dtype).tiny
    assert _ulps(ours[normal], theirs[normal], np.dtype(dtype)).max() <= 4
    np.testing.assert_array_equal(ours[~normal] == 0, theirs[~normal] == 0)  # both underflow
    if dtype == "float32":
        with np.errstate(over="ignore"):
            exact = 1 / (1 + np.exp(-x.astype(np.float64)))
        assert _ulps(ours[normal], exact[normal], np.dtype(dtype)).max() <= 3


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_gelu_at_least_as_accurate_as_pytorch(torch, dtype):
    x = np.linspace(-12, 12, 24001).astype(dtype)
    exact = np.array([0.5 * v * math.erfc(-v / math.sqrt(2)) for v in x.astype(np.float64)])
    ours = ag.tensor(x).gelu().numpy()
    theirs = torch.nn.functional.gelu(torch.from_numpy(x)).numpy()
    our_error = np.abs(ours - exact).max()
    their_error = np.abs(theirs - exact).max()
    assert our_error <= their_error
    np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=2 * their_error)
    if dtype == "float32":  # computed in float64: within an ulp or so everywhere
        tiny = np.abs(exact) > 1e-37
        assert _ulps(ours[tiny], exact[tiny], np.float32).max() <= 2
