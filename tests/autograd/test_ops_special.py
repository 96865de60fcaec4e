"""torch.special's functions against PyTorch: values over wide ranges (float64 and float32),
special values (inf, nan, zeros, poles), float64 gradcheck and second order, shapes, dtypes,
errors, the Tensor methods and in-place forms, and the `special` namespace."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
import pytest

import autograd as ag
from autograd import ops, special


@dataclass(frozen=True)
class Case:
    name: str
    ours: Callable          # on autograd tensors
    theirs: Callable        # on torch tensors, given torch
    domain: Callable        # rng -> float64 values where the function is defined
    smooth: Callable        # rng -> float64 values away from kinks, for gradcheck
    rtol: float = 1e-12     # against PyTorch in float64
    in_float64: bool = True  # float32 inputs computed in float64 (else in float32, as PyTorch)

    def __repr__(self) -> str:
        return self.name


def _wide(rng):
    return np.concatenate([rng.uniform(-30, 30, 300), rng.uniform(-3, 3, 200),
                           10.0 ** rng.uniform(-300, 2.5, 100), -10.0 ** rng.uniform(-8, 2, 50)])


def _positive(rng):
    return np.concatenate([rng.uniform(0, 5, 300), 10.0 ** rng.uniform(-300, 300, 200)])


def _unit(rng):
    return np.concatenate([rng.uniform(-1, 1, 300), 1 - 10.0 ** rng.uniform(-15, -1, 50),
                           -1 + 10.0 ** rng.uniform(-15, -1, 50)])


def _probability(rng):
    return np.concatenate([rng.uniform(0, 1, 300), 10.0 ** rng.uniform(-300, -1, 100),
                           1 - 10.0 ** rng.uniform(-15, -1, 50)])


def _non_integer(rng):
    x = np.concatenate([rng.uniform(-20, 40, 400), 10.0 ** rng.uniform(-200, 200, 100)])
    return x[x != np.round(x)]


def _moderate(rng):
    return rng.uniform(-3, 3, 12)


def _inside(rng):
    return rng.uniform(0.05, 0.95, 12)


def _above_half(rng):
    return rng.uniform(0.6, 6, 12)


def _special(name):
    return lambda torch, x: getattr(torch.special, name)(x)


CASES = [
    Case("erfinv", special.erfinv, _special("erfinv"), _unit, lambda r: r.uniform(-0.9, 0.9, 12)),
    Case("erfcx", special.erfcx, _special("erfcx"), lambda r: _wide(r)[_wide(r) > -26],
         _moderate, rtol=1e-13),
    Case("ndtr", special.ndtr, _special("ndtr"), lambda r: r.uniform(-3, 30, 400), _moderate,
         rtol=1e-13),
    Case("log_ndtr", special.log_ndtr, _special("log_ndtr"), _wide, _moderate, rtol=1e-12),
    Case("ndtri", special.ndtri, _special("ndtri"), _probability, _inside),
    Case("lgamma", special.gammaln, _special("gammaln"),
         lambda r: np.concatenate([_positive(r), -_non_integer(r)[:100] - 0.5]), _above_half),
    Case("digamma", special.digamma, _special("digamma"), _non_integer, _above_half, rtol=1e-9),
    Case("polygamma1", lambda x: special.polygamma(1, x),
         lambda torch, x: torch.special.polygamma(1, x),
         _non_integer, _above_half, rtol=1e-9),
    Case("polygamma3", lambda x: special.polygamma(3, x),
         lambda torch, x: torch.special.polygamma(3, x),
         lambda r: _non_integer(r)[:400], _above_half),
    Case("i0", special.i0, _special("i0"), _wide, _moderate),
    Case("i0e", special.i0e, _special("i0e"), _wide, _moderate),
    Case("i1", special.i1, _special("i1"), _wide, _moderate),
    Case("i1e", special.i1e, _special("i1e"), _wide, _moderate),
    Case("logit", special.logit, _special("logit"), _unit, _inside, in_float64=False),
    Case("logit_eps", lambda x: special.logit(x, eps=0.1),
         lambda torch, x: torch.special.logit(x, eps=0.1), _unit, _inside, in_float64=False),
    Case("sinc", special.sinc, _special("sinc"), _wide, _moderate, in_float64=False),
    Case("entr", special.entr, _special("entr"), _positive, _inside, in_float64=False),
    Case("mvlgamma", lambda x: special.multigammaln(x, 3),
         lambda torch, x: torch.special.multigammaln(x, 3), lambda r: r.uniform(1.01, 50, 200),
         lambda r: r.uniform(1.5, 6, 12), in_float64=False),
]

SPECIAL_VALUES = np.array([np.inf, -np.inf, np.nan, 0.0, -0.0, 1.0, -1.0, 2.0, -3.0, 0.5, -0.5,
                           1e-300, -1e-300, 5e-324, 1e300, -1e300])


@pytest.mark.parametrize("case", CASES, ids=repr)
def test_float64_matches_pytorch(torch, case):
    x = case.domain(np.random.default_rng(0))
    with np.errstate(all="ignore"):
        ours = case.ours(ag.tensor(x)).numpy()
    theirs = case.theirs(torch, torch.tensor(x)).numpy()
    np.testing.assert_allclose(ours, theirs, rtol=case.rtol, atol=1e-300, equal_nan=True)


@pytest.mark.parametrize("case", CASES, ids=repr)
def test_float32_is_pytorch_float64_rounded(torch, case):
    """float32 results are the float64 ones rounded (within 1 ulp): computed in float64.
    (PyTorch's own float32 digamma, trigamma, i1 and erfcx are off by up to thousands of
    ulps in places: they compute in float32.)"""
    x = case.domain(np.random.default_rng(1)).astype(np.float32)
    with np.errstate(all="ignore"):
        ours = case.ours(ag.tensor(x))
        exact = case.theirs(torch, torch.tensor(x, dtype=torch.float64)).numpy()
        theirs = case.theirs(torch, torch.tensor(x)).numpy()
    assert ours.dtype == ag.float32
    if not case.in_float64:
        np.testing.assert_allclose(ours.numpy(), theirs, rtol=1e-6, atol=1e-37, equal_nan=True)
        return
    finite = np.isfinite(exact.astype(np.float32)) & (np.abs(exact) > 1e-37)
    np.testing.assert_array_max_ulp(ours.numpy()[finite], exact.astype(np.float32)[finite], 1)


@pytest.mark.parametrize("case", CASES[:-1], ids=repr)
def test_special_values_match_pytorch(torch, case):
    """(PyTorch's polygamma at +-inf
    and at huge negative integers varies with n (nan, inf, finite), ours gives 0 at inf and
    nan at -inf for every n, and inf at every pole.)"""
    for dtype, rtol in (("float64", 1e-9), ("float32", 1e-5)):
        x = SPECIAL_VALUES.astype(dtype)
        if case.name in ("polygamma1", "polygamma3"):
            x = x[(np.isfinite(x) | np.isnan(x)) & (x != -1e300)]
        if case.name == "polygamma1":  # PyTorch's trigamma: pi**2/sin(pi x)**2, finite
            x = x[~((x < 0) & (x == np.round(x)))]
        with np.errstate(all="ignore"):
            ours = case.ours(ag.tensor(x)).numpy()
        theirs = case.theirs(torch, torch.tensor(x)).numpy()
        np.testing.assert_allclose(ours, theirs, rtol=rtol, atol=1e-300, equal_nan=True,
                                   err_msg=f"{case.name} {dtype} at {x}")


@pytest.mark.parametrize("case", CASES, ids=repr)
def test_gradcheck_and_second_order(case):
    x = ag.tensor(case.smooth(np.random.default_rng(2)).reshape(3, 4), requires_grad=True)
    assert ag.gradcheck(case.ours, (x,))
    assert ag.gradgradcheck(case.ours, (x,))


@pytest.mark.parametrize("case", CASES, ids=repr)
@pytest.mark.parametrize("shape", [(), (0,), (2, 0, 3), (2, 3)])
def test_shapes_and_gradients_match_pytorch(torch, case, shape):
    values = np.resize(case.smooth(np.random.default_rng(3)), shape)
    x, tx = ag.tensor(values, requires_grad=True), torch.tensor(values, requires_grad=True)
    out, tout = case.ours(x), case.theirs(torch, tx)
    assert out.shape == tuple(tout.shape)
    out.sum().backward()
    tout.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), tx.grad.numpy(), rtol=max(case.rtol, 1e-10))


@pytest.mark.parametrize("case", CASES, ids=repr)
def test_integers_give_float32(torch, case):
    values = np.array([2, 3, 4]) if case.name not in ("erfinv", "ndtri", "logit", "logit_eps") \
        else np.array([0, 1, 0])
    out, tout = case.ours(ag.tensor(values)), case.theirs(torch, torch.tensor(values))
    assert out.dtype == ag.float32 and str(tout.dtype) == "torch.float32"
    np.testing.assert_allclose(out.numpy(), tout.numpy(), rtol=1e-6, equal_nan=True)


def test_xlog1py_matches_pytorch_with_broadcasting(torch):
    rng = np.random.default_rng(4)
    a = np.where(rng.random((3, 1, 4)) < 0.3, 0.0, rng.normal(size=(3, 1, 4)))
    b = np.concatenate([rng.uniform(-0.9, 3, (2, 3)), [[-1.0, np.nan, 0.5]]]).reshape(3, 1, 3, 1)
    x, y = ag.tensor(a, requires_grad=True), ag.tensor(b, requires_grad=True)
    tx, ty = torch.tensor(a, requires_grad=True), torch.tensor(b, requires_grad=True)
    out, tout = special.xlog1py(x, y), torch.special.xlog1py(tx, ty)
    np.testing.assert_allclose(out.detach().numpy(), tout.detach().numpy(), rtol=1e-12,
                               equal_nan=True)
    out.sum().backward()
    tout.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), tx.grad.numpy(), rtol=1e-12, equal_nan=True)
    np.testing.assert_allclose(y.grad.numpy(), ty.grad.numpy(), rtol=1e-12, equal_nan=True)
    assert special.xlog1py(ag.tensor([1, 2]), ag.tensor([3, 4])).dtype == ag.float32
    smooth = ag.tensor(rng.uniform(-0.5, 2, (1, 4)), requires_grad=True)
    assert ag.gradgradcheck(special.xlog1py, (x, smooth))


@pytest.mark.parametrize("n", [0, 1, 2, 5, 12])
def test_polygamma_orders_and_poles_match_pytorch(torch, n):
    x = np.concatenate([np.random.default_rng(5).uniform(-6, 12, 50), [0.0, -1.0, -2.0, 1.0]])
    x = x[np.abs(x - np.round(x)) > 1e-3]
    ours = ag.polygamma(n, ag.tensor(x)).numpy()
    np.testing.assert_allclose(ours, torch.polygamma(n, torch.tensor(x)).numpy(), rtol=1e-9)
    poles = np.array([0.0, -1.0, -4.0])
    ours, theirs = (f(n, t.tensor(poles)).numpy() for f, t in ((ag.polygamma, ag),
                                                               (torch.polygamma, torch)))
    if n == 1:  # PyTorch's trigamma gives huge finite values there (pi**2/sin(pi x)**2)
        assert np.all(ours == np.inf) and np.all(theirs > 1e30)
    else:
        np.testing.assert_array_equal(ours[1:], theirs[1:])


def test_errors_name_the_argument():
    x = ag.tensor([1.5, 2.5])
    with pytest.raises(RuntimeError, match="negative n"):
        ag.polygamma(-1, x)
    with pytest.raises(TypeError, match="'n' must be int"):
        ag.polygamma(1.0, x)
    with pytest.raises(RuntimeError, match="greater than or equal to 1"):
        ag.mvlgamma(x, 0)
    with pytest.raises(TypeError, match="input"):
        special.erfinv([0.5])


def test_methods_and_inplace_forms_match_pytorch(torch):
    values = np.array([0.3, 0.6, 0.9])
    for name, args in [("erfinv", ()), ("lgamma", ()), ("digamma", ()), ("i0", ()),
                       ("logit", ()), ("sinc", ()), ("polygamma", (2,)), ("mvlgamma", (1,))]:
        x, tx = ag.tensor(values), torch.tensor(values)
        np.testing.assert_allclose(getattr(x, name)(*args).numpy(),
                                   getattr(tx, name)(*args).numpy(), rtol=1e-12)
        getattr(x, name + "_")(*args)
        getattr(tx, name + "_")(*args)
        np.testing.assert_allclose(x.numpy(), tx.numpy(), rtol=1e-12)


def test_namespace_has_pytorchs_names_or_says_it_lacks_them(torch):
    import backproplab
    assert backproplab.special is special
    for name in (n for n in dir(torch.special) if not n.startswith("_")):
        if name in ("Tensor", "torch", "common_args", "multi_dim_common"):
            continue
        assert name in special.PYTORCH_SPECIAL_NAMES, name
        if name not in special.__all__:
            with pytest.raises(AttributeError, match="PyTorch has torch.special." + name):
                getattr(special, name)
    assert special.psi is ops.digamma and special.expit is ops.sigmoid
    x = ag.tensor([[1.0, 2.0], [3.0, 0.5]])
    tx = torch.tensor(x.numpy())
    for name, args in [("softmax", (1,)), ("log_softmax", (0,)), ("logsumexp", (1,)),
                       ("round", ()), ("exp2", ()), ("expm1", ()), ("log1p", ()), ("erf", ()),
                       ("erfc", ()), ("expit", ()), ("xlogy", (x,))]:
        theirs_args = tuple(tx if a is x else a for a in args)
        np.testing.assert_allclose(getattr(special, name)(x, *args).numpy(),
                                   getattr(torch.special, name)(tx, *theirs_args).numpy(),
                                   rtol=1e-6)
