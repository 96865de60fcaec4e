"""The elementwise API as PyTorch has it: method forms, in-place `_` forms, operators
(% // & | ^ ~ and their reflected and in-place forms, builtin abs), logic and comparisons,
rounding conventions, and the errors."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

import autograd as ag
from autograd import methods, ops

X = [[-2.5, -0.5, 0.0, 1.5], [2.5, 3.0, -1.0, 0.25]]
Y = [[1.5, 2.0, -3.0, 0.5], [-2.0, 1.0, 4.0, -0.75]]


def _pair(torch, values, dtype="float64"):
    array = np.array(values, dtype=dtype)
    return ag.tensor(array), torch.tensor(array)


def _same(ours, theirs):
    assert ours.dtype == np.dtype(str(theirs.dtype).replace("torch.", ""))
    np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-12, equal_nan=True)


def test_every_method_is_the_function(torch):
    x, tx = _pair(torch, np.abs(X) + 0.1)
    for name in methods._ELEMENTWISE_METHODS:
        assert hasattr(torch.Tensor, name), name
        if name in ("atan2", "logaddexp", "logaddexp2", "remainder", "fmod", "floor_divide",
                    "bitwise_and", "bitwise_or", "bitwise_xor", "logical_and", "logical_or",
                    "logical_xor", "isclose", "allclose", "equal", "greater", "greater_equal",
                    "less", "less_equal", "not_equal", "subtract", "multiply", "divide",
                    "true_divide", "float_power", "clamp_min", "clamp_max", "lerp"):
            continue  # binary: covered below
        if name.startswith("bitwise") or name in ("arctan2", "clip"):
            continue
        with np.errstate(invalid="ignore", divide="ignore"):  # asin(1.5) is nan, as in PyTorch
            _same(getattr(x, name)(), getattr(tx, name)())


BINARY_METHODS = [("atan2", ()), ("logaddexp", ()), ("remainder", ()), ("fmod", ()),
                  ("floor_divide", ()), ("subtract", ()), ("multiply", ()), ("divide", ()),
                  ("true_divide", ()), ("float_power", ()), ("clamp_min", ()), ("clamp_max", ()),
                  ("greater", ()), ("less_equal", ()), ("not_equal", ()), ("isclose", ())]


@pytest.mark.parametrize("name, extra", BINARY_METHODS)
def test_binary_methods_match_pytorch(torch, name, extra):
    x, tx = _pair(torch, np.abs(X) + 0.1)
    y, ty = _pair(torch, np.abs(Y) + 0.1)
    _same(getattr(x, name)(y, *extra), getattr(tx, name)(ty, *extra))


KEYWORD_CALLS = [
    ("add", (2.0,), {"alpha": 3}), ("sub", (2.0,), {"alpha": -2}),
    ("div", (2.0,), {"rounding_mode": "floor"}), ("div", (-2.0,), {"rounding_mode": "trunc"}),
    ("round", (), {"decimals": 1}), ("clamp", (), {"min": -1.0}), ("clamp", (), {"max": 0.5}),
    ("clip", (-0.5, 0.5), {}), ("pow", (2,), {}), ("lerp", (1.0, 0.25), {}),
]


@pytest.mark.parametrize("name, args, kwargs", KEYWORD_CALLS, ids=lambda v: str(v))
def test_methods_and_their_inplace_forms_take_pytorch_keywords(torch, name, args, kwargs):
    x, tx = _pair(torch, X)
    if name == "lerp":
        args = (ag.full((2, 4), args[0], dtype=ag.float64), args[1])
        targs = (torch.full((2, 4), 1.0, dtype=torch.float64), 0.25)
    else:
        targs = args
    _same(getattr(x, name)(*args, **kwargs), getattr(tx, name)(*targs, **kwargs))
    result = getattr(x, name + "_")(*args, **kwargs)
    getattr(tx, name + "_")(*targs, **kwargs)
    assert result is x
    _same(x, tx)


UNARY_INPLACE = ["neg_", "abs_", "square_", "sqrt_", "rsqrt_", "exp_", "exp2_", "expm1_",
                 "log_", "log2_", "log10_", "log1p_", "sin_", "cos_", "tan_", "atan_", "sinh_",
                 "cosh_", "tanh_", "asinh_", "erf_", "erfc_", "sigmoid_", "relu_", "floor_",
                 "ceil_", "round_", "trunc_", "frac_", "sign_", "reciprocal_"]


@pytest.mark.parametrize("name", UNARY_INPLACE)
def test_unary_inplace_forms_match_pytorch(torch, name):
    x, tx = _pair(torch, np.abs(X) + 0.1)
    version = x._version
    assert getattr(x, name)() is x and x._version == version + 1
    getattr(tx, name)()
    _same(x, tx)


def test_inplace_forms_record_the_gradient(torch):
    a = ag.tensor(X, dtype=ag.float64, requires_grad=True)
    ta = torch.tensor(X, dtype=torch.float64, requires_grad=True)
    for library, leaf in ((ag, a), (torch, ta)):
        y = leaf * 1.5
        y.add_(leaf, alpha=2).mul_(3.0).sub_(leaf, alpha=0.5).div_(2.0).sigmoid_()
        y.sum().backward()
    _same(a.grad, ta.grad)


def test_inplace_keeps_the_dtype_as_pytorch(torch):
    i = ag.tensor([1, 2, 3])
    with pytest.raises(RuntimeError, match="can't be cast"):
        i.div_(2)
    with pytest.raises(RuntimeError):
        torch.tensor([1, 2, 3]).div_(2)
    i.div_(2, rounding_mode="floor")
    assert i.dtype == np.int64 and i.tolist() == [0, 1, 1]
    f = ag.tensor([1.0, 2.0])
    f.add_(ag.tensor([1.0, 1.0], dtype=ag.float64))
    assert f.dtype == np.float32 and f.tolist() == [2.0, 3.0]


OPERATORS = {
    "%": lambda a, b: a % b, "//": lambda a, b: a // b, "&": lambda a, b: a & b,
    "|": lambda a, b: a | b, "^": lambda a, b: a ^ b,
}


@pytest.mark.parametrize("symbol", OPERATORS)
def test_operators_and_their_reflected_and_inplace_forms(torch, symbol):
    op = OPERATORS[symbol]
    values = ([[7, -7, 5, 2]], [[3, 3, -2, 5]])
    x, tx = _pair(torch, values[0], "int64")
    y, ty = _pair(torch, values[1], "int64")
    _same(op(x, y), op(tx, ty))
    _same(op(x, 3), op(tx, 3))
    _same(op(3, y), op(3, ty))
    ix, itx = _pair(torch, values[0], "int64")
    inplace = {"%": "__imod__", "//": "__ifloordiv__", "&": "__iand__", "|": "__ior__",
               "^": "__ixor__"}[symbol]
    assert getattr(ix, inplace)(y) is ix
    getattr(itx, inplace)(ty)
    _same(ix, itx)


def test_masks_combine(torch):
    x, tx = _pair(torch, X)
    _same((x > 0) & (x < 2), (tx > 0) & (tx < 2))
    _same((x > 0) | (x < -1), (tx > 0) | (tx < -1))
    _same((x > 0) ^ (x > 1), (tx > 0) ^ (tx > 1))
    _same(~(x > 0), ~(tx > 0))
    _same(~ag.tensor([0, 5, -3]), ~torch.tensor([0, 5, -3]))
    mask = x > 0
    mask &= x < 2
    assert mask.tolist() == ((tx > 0) & (tx < 2)).tolist()
    with pytest.raises(TypeError, match="integer and bool"):
        x & x
    with pytest.raises(TypeError, match="integer and bool"):
        ~x


def test_builtin_abs_and_ipow(torch):
    x, tx = _pair(torch, X)
    _same(abs(x), abs(tx))
    x **= 2
    tx **= 2
    _same(x, tx)


def test_logic_and_float_tests_match_pytorch(torch):
    values = [[float("nan"), float("inf"), -float("inf"), 0.0, -0.0, 1.0]]
    x, tx = _pair(torch, values)
    for name in ("isnan", "isinf", "isfinite", "isposinf", "isneginf", "signbit",
                 "logical_not"):
        _same(getattr(ag, name)(x), getattr(torch, name)(tx))
    i, ti = _pair(torch, [[0, 1, 2, 0, 3, 0]], "int64")
    for name in ("logical_and", "logical_or", "logical_xor"):
        _same(getattr(ag, name)(x, i), getattr(torch, name)(tx, ti))


def test_isclose_allclose_equal_as_pytorch(torch):
    a = [1.0, 2.0, float("nan"), float("inf"), 1e-9]
    b = [1.0 + 1e-6, 2.1, float("nan"), float("inf"), 0.0]
    x, tx = _pair(torch, a)
    y, ty = _pair(torch, b)
    for kwargs in ({}, {"equal_nan": True}, {"rtol": 0.1}, {"atol": 1e-3, "rtol": 0.0}):
        _same(ag.isclose(x, y, **kwargs), torch.isclose(tx, ty, **kwargs))
        assert ag.allclose(x, y, **kwargs) == torch.allclose(tx, ty, **kwargs)
    with pytest.raises(RuntimeError, match="did not match"):
        ag.isclose(x, y.float())
    assert ag.equal(ag.tensor([1.0, 2.0]), ag.tensor([1, 2])) is True
    assert ag.equal(ag.tensor([1.0, 2.0]), ag.tensor([[1.0, 2.0]])) is False
    assert ag.tensor([1, 2]).equal(ag.tensor([1, 3])) is False


def test_rounding_conventions_as_pytorch(torch):
    values = [[-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 2.675, float("nan")]]
    x, tx = _pair(torch, values)
    for name in ("floor", "ceil", "round", "trunc", "frac", "sign", "sgn"):
        _same(getattr(ag, name)(x), getattr(torch, name)(tx))
    _same(ag.round(x, decimals=2), torch.round(tx, decimals=2))
    _same(ag.round(x, decimals=-1), torch.round(tx, decimals=-1))
    a, ta = _pair(torch, [[7.5, -7.5, 7.5, -7.5, 1.0, -1.0, 5.0]])
    b, tb = _pair(torch, [[2.0, 2.0, -2.0, -2.0, float("inf"), float("inf"), 0.0]])
    with np.errstate(all="ignore"):
        for name in ("remainder", "fmod", "floor_divide"):
            _same(getattr(ag, name)(a, b), getattr(torch, name)(ta, tb))
        for mode in ("trunc", "floor"):
            _same(ag.div(a, b, rounding_mode=mode), torch.div(ta, tb, rounding_mode=mode))
    _same(ag.tensor(1.0) // ag.tensor(0.1), torch.tensor(1.0) // torch.tensor(0.1))


def test_integer_division_by_zero_raises(torch):
    for fn in (lambda a: a % 0, lambda a: a // 0, lambda a: ag.fmod(a, 0),
               lambda a: ag.div(a, 0, rounding_mode="trunc")):
        with pytest.raises(RuntimeError, match="ZeroDivisionError"):
            fn(ag.tensor([5, 1]))
    with np.errstate(divide="ignore"):
        assert (ag.tensor([5, 1]) / 0).tolist() == [float("inf")] * 2


def test_errors_name_the_problem(torch):
    b = ag.tensor([True, False])
    with pytest.raises(RuntimeError, match="Subtraction.*bool"):
        b - b
    with pytest.raises(RuntimeError, match="Subtraction.*bool"):
        b - 1
    with pytest.raises(RuntimeError, match="Negation.*bool"):
        -b
    with pytest.raises(RuntimeError, match="alpha must not be a floating"):
        ag.add(ag.tensor([1]), ag.tensor([2]), alpha=0.5)
    with pytest.raises(RuntimeError, match="boolean alpha"):
        ag.add(ag.tensor([1]), 2, alpha=True)
    with pytest.raises(ValueError, match="rounding_mode"):
        ag.div(ag.tensor([1.0]), 2, rounding_mode="round")
    with pytest.raises(ValueError, match="approximate"):
        ops.gelu(ag.tensor([1.0]), approximate="fast")
    with pytest.raises(ValueError, match="min_val"):
        ops.hardtanh(ag.tensor([1.0]), 2.0, 1.0)
    with pytest.raises(RuntimeError, match="expected dtype"):
        ag.lerp(ag.tensor([1.0]), ag.tensor([1.0], dtype=ag.float64), 0.5)
    with pytest.raises(RuntimeError, match="at least one"):
        ag.clamp(ag.tensor([1.0]))
    with pytest.raises(TypeError, match="boolean tensor"):
        ag.where(ag.tensor([1, 0]), 1.0, 0.0)


@pytest.mark.parametrize("name", ["relu", "elu", "selu", "celu", "silu", "mish", "leaky_relu",
                                  "hardtanh", "relu6", "hardsigmoid", "hardswish"])
def test_activations_in_place_as_functional(torch, name):
    x, tx = _pair(torch, X)
    assert getattr(ops, name)(x, inplace=True) is x
    getattr(torch.nn.functional, name)(tx, inplace=True)
    _same(x, tx)


def test_softmin_defaults_and_dtype(torch):
    x, tx = _pair(torch, X, "float32")
    with pytest.warns(UserWarning, match="Implicit dimension"):
        ours = ops.softmin(x)
    with pytest.warns(UserWarning):
        theirs = torch.nn.functional.softmin(tx)
    np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-6)
    _same(ops.softmin(x, dim=0, dtype=ag.float64),
          torch.nn.functional.softmin(tx, 0, dtype=torch.float64))


def test_numpy_functions_on_tensors_record_the_ops():
    x = ag.tensor(np.abs(X) + 0.1, requires_grad=True)
    for fn, name in ((np.exp2, "Exp2"), (np.arctan2, "Atan2"), (np.log1p, "Log1p"),
                     (np.remainder, "Remainder"), (np.arcsinh, "Asinh"), (np.tan, "Tan")):
        out = fn(x, x) if fn in (np.arctan2, np.remainder) else fn(x)
        assert out.grad_fn.op_name == name


def test_inf_and_nan_are_computed_silently_as_pytorch_while_users_numpy_still_warns():
    """In a fresh interpreter where every warning is an error (pytest's own bookkeeping of
    warning filters would hide the package's filter here)."""
    program = textwrap.dedent("""
        import numpy as np
        import autograd as ag
        x = ag.tensor([1.0, 0.0, -1.0], requires_grad=True)
        results = [x / 0, x.log(), x.sqrt(), x * float("inf"), x ** -1, (x * 1000).exp(),
                   x.atanh(), x / x]
        sum(r.sum() for r in results).backward()
        assert np.isnan(x.grad.numpy()).any()
        try:
            np.log(np.zeros(1))
        except RuntimeWarning as warning:
            print("the user's NumPy warns:", warning)
        """)
    root = Path(__file__).resolve().parents[2]
    run = subprocess.run([sys.executable, "-W", "error", "-c", program], capture_output=True,
                         text=True, env={**os.environ, "PYTHONPATH": str(root)}, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout == "the user's NumPy warns: divide by zero encountered in log\n"
