"""Type promotion equal to PyTorch's, over the grid {bool, int32, int64, float32, float64} x
{tensor, 0-d tensor, Python scalar, NumPy scalar} on both sides of every binary op we own (and
the ternary where, clamp, lerp): result dtype AND values, or an error where PyTorch raises one.

Cells where PyTorch's signature refuses a number for a tensor argument (torch.atan2(t, 2))
are left out: there is no PyTorch result to compare with (ours accepts the number).
One deliberate difference: a NumPy bool scalar counts as a Python bool (PyTorch 2.13 treats
np.bool_ as a float, so that bool_tensor & np.bool_(True) fails there); those cells are
compared with PyTorch given the Python bool.
"""
from __future__ import annotations

import operator

import numpy as np
import pytest

import autograd as ag

DTYPES = ["bool", "int32", "int64", "float32", "float64"]
KINDS = ["tensor", "0-d", "python", "numpy"]
ERRORS = (RuntimeError, TypeError, ValueError, NotImplementedError, ZeroDivisionError)


def make(kind: str, dtype: str, values: list, library):
    """One operand: `values` as a tensor, the first value as a 0-d tensor or a scalar."""
    array = np.array(values).astype(dtype)
    if kind == "numpy" and dtype == "bool" and library is not ag:
        kind = "python"  # the one deliberate difference (see the module docstring)
    if kind == "tensor":
        return library.tensor(array)
    if kind == "0-d":
        return library.tensor(array[0])
    if kind == "numpy":
        return array[0]                   # a NumPy scalar (np.float32, np.int64, np.bool_, ...)
    return array[0].item()                # a Python bool, int or float


LEFT, RIGHT = [5, 2], [2, 3]  # no zero divisor; bools: [True, False] and [True, True]

OPERATORS = {
    "+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv,
    "**": operator.pow, "%": operator.mod, "//": operator.floordiv, "&": operator.and_,
    "|": operator.or_, "^": operator.xor, "==": operator.eq, "!=": operator.ne,
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
}
FUNCTIONS = ["add", "sub", "mul", "div", "true_divide", "remainder", "fmod", "floor_divide",
             "atan2", "maximum", "minimum", "logaddexp", "logaddexp2", "pow", "eq", "ne", "lt",
             "le", "gt", "ge", "bitwise_and", "bitwise_or", "bitwise_xor", "logical_and",
             "logical_or", "logical_xor", "hypot", "copysign", "xlogy", "ldexp", "nextafter"]


def _signature_refused(error: Exception) -> bool:
    text = str(error)
    return isinstance(error, TypeError) and (
        "must be Tensor" in text or "invalid combination of arguments" in text
        or "unsupported operand" in text)


def check(torch, ours_fn, theirs_fn, ours_args, theirs_args) -> str:
    """Compare one grid cell; returns 'same', 'both raise' or 'no PyTorch result'."""
    try:
        expected = theirs_fn(*theirs_args)
    except ERRORS as error:
        if _signature_refused(error):
            return "no PyTorch result"
        with pytest.raises(ERRORS):
            with np.errstate(all="ignore"):
                ours_fn(*ours_args)
        return "both raise"
    with np.errstate(all="ignore"):
        out = ours_fn(*ours_args)
    if isinstance(expected, bool):
        assert out is expected
        return "same"
    assert out.dtype == np.dtype(str(expected.dtype).replace("torch.", ""))
    assert out.shape == tuple(expected.shape)
    np.testing.assert_allclose(out.numpy().astype(np.float64),
                               expected.numpy().astype(np.float64), rtol=1e-6, equal_nan=True)
    return "same"


def _grid():
    for left_kind in KINDS:
        for right_kind in KINDS:
            if left_kind in ("python", "numpy") and right_kind in ("python", "numpy"):
                continue  # no tensor: not an op on tensors
            for left_dtype in DTYPES:
                for right_dtype in DTYPES:
                    yield left_kind, left_dtype, right_kind, right_dtype


GRID = list(_grid())


def _run_grid(torch, ours_fn, theirs_fn, refuses_left_number: bool = False) -> dict:
    tally = {}
    for left_kind, left_dtype, right_kind, right_dtype in GRID:
        if refuses_left_number and left_kind in ("python", "numpy"):
            continue
        ours = (make(left_kind, left_dtype, LEFT, ag), make(right_kind, right_dtype, RIGHT, ag))
        theirs = (make(left_kind, left_dtype, LEFT, torch),
                  make(right_kind, right_dtype, RIGHT, torch))
        try:
            outcome = check(torch, ours_fn, theirs_fn, ours, theirs)
        except AssertionError as failure:
            raise AssertionError(f"{left_kind} {left_dtype} with {right_kind} {right_dtype}: "
                                 f"{failure}") from None
        tally[outcome] = tally.get(outcome, 0) + 1
    return tally


@pytest.mark.parametrize("symbol", OPERATORS)
def test_operators_promote_as_pytorch(torch, symbol):
    tally = _run_grid(torch, OPERATORS[symbol], OPERATORS[symbol])
    assert tally.get("same", 0) >= 100, tally


@pytest.mark.parametrize("name", FUNCTIONS)
def test_functions_promote_as_pytorch(torch, name):
    """Function forms with a tensor first (PyTorch takes no number there)."""
    tally = _run_grid(torch, getattr(ag, name), getattr(torch, name), refuses_left_number=True)
    assert tally.get("same", 0) >= 60, tally


def test_heaviside_wants_one_dtype_as_pytorch(torch):
    """heaviside has no type promotion: it computes only when both dtypes agree."""
    tally = _run_grid(torch, ag.heaviside, torch.heaviside, refuses_left_number=True)
    assert tally.get("same", 0) == 20, tally  # 5 dtypes x {tensor, 0-d} on each side


@pytest.mark.parametrize("mode", ["trunc", "floor"])
def test_div_with_rounding_mode_promotes_as_pytorch(torch, mode):
    tally = _run_grid(torch, lambda a, b: ag.div(a, b, rounding_mode=mode),
                      lambda a, b: torch.div(a, b, rounding_mode=mode), refuses_left_number=True)
    assert tally.get("same", 0) > 100, tally


def test_where_promotes_its_two_values_as_pytorch(torch):
    condition = np.array([True, False])
    tally = _run_grid(torch, lambda a, b: ag.where(ag.tensor(condition), a, b),
                      lambda a, b: torch.where(torch.tensor(condition), a, b))
    assert tally.get("same", 0) >= 300, tally


@pytest.mark.parametrize("bound", ["min", "max"])
def test_clamp_with_one_bound_promotes_as_pytorch(torch, bound):
    tally = _run_grid(torch, lambda a, b: ag.clamp(a, **{bound: b}),
                      lambda a, b: torch.clamp(a, **{bound: b}), refuses_left_number=True)
    assert tally.get("same", 0) > 100, tally


def test_clamp_with_both_bounds_promotes_as_pytorch(torch):
    tally = _run_grid(torch, lambda a, b: ag.clamp(a, b, b * 3 if not _is_bool(b) else b),
                      lambda a, b: torch.clamp(a, b, b * 3 if not _is_bool(b) else b),
                      refuses_left_number=True)
    assert tally.get("same", 0) > 100, tally


def _is_bool(x) -> bool:
    dtype = str(getattr(x, "dtype", ""))
    return isinstance(x, (bool, np.bool_)) or dtype in ("bool", "torch.bool")


def test_lerp_weight_promotes_as_pytorch(torch):
    """lerp: start and end of one float dtype; the weight over the grid's kinds and dtypes."""
    tally = {}
    for dtype in ("float32", "float64"):
        for kind in KINDS:
            for weight_dtype in DTYPES:
                start = np.array([1.0, 2.0], dtype)
                end = np.array([3.0, -1.0], dtype)
                weight = make(kind, weight_dtype, [0.25, 0.75], ag)
                their_weight = make(kind, weight_dtype, [0.25, 0.75], torch)
                outcome = check(torch, ag.lerp, torch.lerp,
                                (ag.tensor(start), ag.tensor(end), weight),
                                (torch.tensor(start), torch.tensor(end), their_weight))
                tally[outcome] = tally.get(outcome, 0) + 1
    assert tally.get("same", 0) >= 10, tally


def test_result_type_and_promote_types_equal_pytorch(torch):
    for left_kind, left_dtype, right_kind, right_dtype in GRID:
        ours = ag.result_type(make(left_kind, left_dtype, LEFT, ag),
                              make(right_kind, right_dtype, RIGHT, ag))
        theirs = torch.result_type(make(left_kind, left_dtype, LEFT, torch),
                                   make(right_kind, right_dtype, RIGHT, torch))
        assert ours == np.dtype(str(theirs).replace("torch.", "")), (left_kind, left_dtype,
                                                                     right_kind, right_dtype)
    for a in DTYPES:
        for b in DTYPES:
            theirs = torch.promote_types(getattr(torch, a), getattr(torch, b))
            assert ag.promote_types(a, b) == np.dtype(str(theirs).replace("torch.", ""))
            assert ag.can_cast(a, b) == torch.can_cast(getattr(torch, a), getattr(torch, b))
