"""The bad-input sweep's machinery: run one call and say whether it was refused clearly.

A row of a sweep is `(id, call, expect)`: `call` takes no arguments; `expect` says what a
good library does with it:
- `Raises(TypeError, r"'input'.*NoneType")`: an error of that type whose message matches
  the pattern (it names the argument and the problem);
- `SameAsTorch(torch_call)`: what PyTorch does: the same result (values, shape, dtype), or,
  where PyTorch refuses the input, an error that our code raises on purpose (a `raise` in
  autograd, nn, optim or viz, not NumPy's or Python's own error). Where PyTorch only lacks
  a kernel for the dtype (NotImplementedError), a result is accepted too.

`classify` sorts each outcome into one of three kinds:
- clear: as expected;
- deep: an error that misses the expectation: a NumPy or Python error from inside
  (AxisError, KeyError, "operands could not be broadcast", ...), or a message that does not
  name the argument and the problem;
- silent: no error where one was due, or a result that differs from PyTorch's.

A sweep module lists its rows in `CASES` and takes its two tests from `sweep_tests(CASES)`.
`python -m tests.bad_input` runs every sweep and prints the counts per package
(`-v` lists the calls that are not clear).
"""
from __future__ import annotations

import inspect
import math
import os
import re
import sys
import traceback
import warnings
from collections import Counter
from dataclasses import dataclass
from importlib import import_module
from typing import Callable

import numpy as np
import pytest

__all__ = ["Raises", "SameAsTorch", "classify", "check", "sweep_tests", "torch_args",
           "function_rows", "KNOWN_DIFFERENCES", "SWEEPS"]

OUR_PACKAGES = ("autograd", "nn", "optim", "viz", "backproplab")
SWEEPS = {  # package -> the test modules whose CASES are its sweep
    "autograd": ["tests.autograd.test_bad_input"],
    "nn": ["tests.nn.test_bad_input"],
    "optim": ["tests.optim.test_bad_input", "tests.optim.test_bad_input_schedulers",
              "tests.optim.test_bad_input_finder"],
    "viz": ["tests.viz.test_bad_input"],
}
_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@dataclass(frozen=True)
class Raises:
    """An error of type `error` whose message matches `pattern` (re.search, DOTALL)."""

    error: type | tuple
    pattern: str


@dataclass(frozen=True)
class SameAsTorch:
    """PyTorch's outcome: `torch_call()` gives the result to match, or the error to match."""

    torch_call: Callable


def classify(call: Callable, expect) -> tuple[str, str]:
    """('clear' | 'deep' | 'silent', what happened) for one row."""
    if isinstance(expect, Raises):
        return _against_error(call, expect)
    return _against_torch(call, expect.torch_call)


def check(call: Callable, expect) -> None:
    """Fail (with what happened) unless the row is clear."""
    kind, what = classify(call, expect)
    assert kind == "clear", f"{kind}: {what}"


def sweep_tests(cases: list) -> tuple[Callable, Callable]:
    """The two tests of a sweep module over its rows, to assign to test names there:
    every row is refused clearly, and no two rows share an id. A row is `(id, call, expect)`
    or `(id, call, error, pattern)`, short for `(id, call, Raises(error, pattern))`."""
    rows = [_as_row(case) for case in cases]

    @pytest.mark.parametrize("call, expect", [row[1:] for row in rows],
                             ids=[row[0] for row in rows])
    def test_bad_input_is_refused_clearly(call, expect):
        check(call, expect)

    def test_the_sweep_ids_are_unique():
        ids = [row[0] for row in rows]
        assert len(ids) == len(set(ids))

    return test_bad_input_is_refused_clearly, test_the_sweep_ids_are_unique


def _as_row(case: tuple) -> tuple:
    """(id, call, expect) of a row written either way."""
    if len(case) == 4:
        return case[0], case[1], Raises(case[2], case[3])
    return case


def _run(call):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return call()


def _against_error(call, expect: Raises) -> tuple[str, str]:
    try:
        result = _run(call)
    except Exception as error:  # noqa: BLE001  (every error is sorted below)
        if isinstance(error, expect.error) and re.search(expect.pattern, str(error), re.S):
            return "clear", _describe(error)
        return "deep", _describe(error)
    return "silent", f"no error; returned {_short(result)}"


def _against_torch(call, torch_call) -> tuple[str, str]:
    try:
        expected = _run(torch_call)
    except Exception as torch_error:  # noqa: BLE001
        try:
            result = _run(call)
        except Exception as error:  # noqa: BLE001
            if _raised_on_purpose(error):
                return "clear", _describe(error)
            return "deep", f"{_describe(error)} (PyTorch: {_describe(torch_error)})"
        if isinstance(torch_error, NotImplementedError):
            return "clear", f"returned {_short(result)}, where PyTorch has no kernel"
        return "silent", f"returned {_short(result)} (PyTorch: {_describe(torch_error)})"
    try:
        result = _run(call)
    except Exception as error:  # noqa: BLE001
        return "deep", f"{_describe(error)} (PyTorch returns {_short(expected)})"
    difference = _difference(result, expected)
    if difference:
        return "silent", difference
    return "clear", f"as PyTorch: {_short(result)}"


def _raised_on_purpose(error: Exception) -> bool:
    """Whether the innermost frame is a `raise` statement in one of our packages, or the
    row's own call (Python refusing the arguments or the operands), also where a wrapper
    that adds keywords (out=, axis=) forwards the call: Python refuses the arguments there."""
    frames = traceback.extract_tb(error.__traceback__)
    if not frames:
        return False
    last = frames[-1]
    package = os.path.relpath(os.path.abspath(last.filename), _ROOT).split(os.sep)[0]
    line = (last.line or "").strip()
    return package == "tests" or (package in OUR_PACKAGES and (
        line.startswith("raise") or line == _FORWARDING_LINE))


_FORWARDING_LINE = "return function(*args, **kwargs)"  # out_arg.py and numpy_keywords.py


def _describe(error: BaseException) -> str:
    frames = traceback.extract_tb(error.__traceback__)
    where = ""
    if frames:
        path = os.path.relpath(os.path.abspath(frames[-1].filename), _ROOT)
        where = f" at {path}:{frames[-1].lineno}"
    return f"{type(error).__name__}: {str(error)[:200]}{where}"


def _short(value) -> str:
    try:
        text = repr(value).replace("\n", " ")
    except Exception as error:  # noqa: BLE001  (a value that cannot print is shown as such)
        text = f"<{type(value).__name__} that cannot print: {error}>"
    return text if len(text) < 120 else text[:117] + "..."


# --- comparing with PyTorch -----------------------------------------------------------------

def _is_torch_tensor(value) -> bool:
    return type(value).__module__.startswith("torch") and hasattr(value, "detach")


def _is_our_tensor(value) -> bool:
    return type(value).__module__.split(".")[0] in OUR_PACKAGES and hasattr(value, "grad_fn")


def torch_args(value):
    """`value` with our Tensors (also inside lists, tuples and dicts) as torch tensors."""
    import torch

    if _is_our_tensor(value):
        converted = torch.from_numpy(value.numpy(force=True).copy())
        return converted.requires_grad_(value.requires_grad)
    if isinstance(value, (list, tuple)):
        return type(value)(torch_args(v) for v in value)
    if isinstance(value, dict):
        return {k: torch_args(v) for k, v in value.items()}
    return value


def _difference(ours, theirs, where: str = "result") -> str:
    """'' when `ours` equals PyTorch's `theirs`, else what differs."""
    if hasattr(theirs, "state_dict") and hasattr(ours, "state_dict"):  # modules
        shapes = [{k: tuple(v.shape) for k, v in m.state_dict().items()} for m in (ours, theirs)]
        same = shapes[0] == shapes[1]
        return "" if same else f"{where}: state {shapes[0]}, PyTorch's {shapes[1]}"
    if _is_torch_tensor(theirs):
        if not _is_our_tensor(ours):
            return f"{where}: {_short(ours)}, PyTorch gives a tensor"
        if str(ours.dtype) != str(theirs.dtype):
            return f"{where}: dtype {ours.dtype}, PyTorch's {theirs.dtype}"
        if tuple(ours.shape) != tuple(theirs.shape):
            return f"{where}: shape {tuple(ours.shape)}, PyTorch's {tuple(theirs.shape)}"
        a, b = ours.numpy(force=True), theirs.detach().numpy()
        if not np.array_equal(a, b, equal_nan=a.dtype.kind in "fc") and not (
                a.dtype.kind in "fc" and np.allclose(a, b, rtol=1e-4, atol=1e-5, equal_nan=True)):
            return f"{where}: {_short(ours)}, PyTorch's {_short(theirs)}"
        return ""
    if isinstance(theirs, (tuple, list)):
        if not isinstance(ours, (tuple, list)) or len(ours) != len(theirs):
            return f"{where}: {_short(ours)}, PyTorch's {_short(theirs)}"
        for i, (a, b) in enumerate(zip(ours, theirs)):
            difference = _difference(a, b, f"{where}[{i}]")
            if difference:
                return difference
        return ""
    same = ours == theirs or (isinstance(theirs, float) and isinstance(ours, float)
                              and math.isnan(theirs) and math.isnan(ours))
    return "" if same and type(ours) is type(theirs) else \
        f"{where}: {_short(ours)}, PyTorch's {_short(theirs)}"


# --- rows generated from one valid call of a function ---------------------------------------

BAD_VALUES = {  # how a bad value is shown in a row id -> (value, what the error names)
    "None": (None, "NoneType"), "str": ("abc", "str"), "list": ([1.0, 2.0], "(list|float)"),
}
KNOWN_DIFFERENCES = {  # row id -> why our result differs from PyTorch's on purpose
    "gelu-nan": "gelu(inf) = inf·Φ(inf) = inf here; PyTorch's kernel returns nan",
    "GELU-nan": "gelu(inf) = inf·Φ(inf) = inf here; PyTorch's kernel returns nan",
    "F.gelu-nan": "gelu(inf) = inf·Φ(inf) = inf here; PyTorch's kernel returns nan",
    "qr-nan": "R[0, 0] = ±‖first column‖ is NaN when that column holds a NaN; PyTorch's "
              "LAPACK returns a number there",
    "cholesky_inverse-nan": "substitution carries L[0, 0]'s NaN into every entry; PyTorch's "
                            "LAPACK (potri) keeps it to the first row and column",
}
DIM_PARAMETERS = {"dim", "dim0", "dim1", "start_dim", "end_dim"}


def function_rows(name: str, function, args: tuple, kwargs: dict, torch_function,
                  random: bool = False, parameters: list | None = None,
                  types: bool = True) -> list[tuple]:
    """Rows for `function(*args, **kwargs)` (a call that works) with one thing made bad:
    - each tensor argument as None (when required), a string, a list and a Module: a
      TypeError naming the argument and the type it got (unless not `types`);
    - each dim out of range: PyTorch's IndexError; a string dim: a TypeError naming it;
    - against `torch_function` (skipped when None): each tensor argument as int64 and as
      bool; unless `random`: the first tensor empty (first dim 0), and all of them when they
      have one shape; all of them 0-d and 1-d; the first one holding NaN and inf; and for
      two tensors of one shape, shapes that do not broadcast.
    `parameters` (inspect.Parameter) name the arguments; by default function's signature.
    """
    import autograd as ag

    if parameters is None:
        parameters = list(inspect.signature(function).parameters.values())
    rows = []
    for position, value in enumerate(args):
        parameter = _parameter_at(parameters, position)
        if isinstance(value, ag.Tensor) and types:
            bad = dict(BAD_VALUES, Module=(_module(), "Linear"))
            if parameter.default is None or "None" in str(parameter.annotation):
                bad.pop("None")  # None means "no tensor" for optional ones
            label = parameter.name + (str(position) if parameter.kind is
                                      parameter.VAR_POSITIONAL else "")
            for kind, (replacement, type_name) in bad.items():
                rows.append((f"{name}-{label}-{kind}",
                             _call(function, _replace(args, position, replacement), kwargs),
                             Raises(TypeError, rf"\b{parameter.name}\b.*\b{type_name}\b")))
        elif parameter.name in DIM_PARAMETERS and isinstance(value, int):
            for bad_dim in (7, -8):
                rows.append((f"{name}-{parameter.name}-{bad_dim}",
                             _call(function, _replace(args, position, bad_dim), kwargs),
                             Raises(IndexError, rf"Dimension out of range.*got {bad_dim}\b")))
            rows.append((f"{name}-{parameter.name}-str",
                         _call(function, _replace(args, position, "x"), kwargs),
                         Raises(TypeError, rf"\b{parameter.name}\b.*\bstr\b")))
    if torch_function is not None:
        for variant, changed in _variants(args, parameters, random).items():
            def torch_call(changed=changed):
                return torch_function(*torch_args(changed), **torch_args(kwargs))
            rows.append((f"{name}-{variant}", _call(function, changed, kwargs),
                         SameAsTorch(torch_call)))
    return [row for row in rows if row[0] not in KNOWN_DIFFERENCES]


def _variants(args: tuple, parameters: list, random: bool) -> dict:
    """The argument lists to compare with PyTorch, by the name of what was changed."""
    import autograd as ag

    variants = {}
    tensors = [i for i, a in enumerate(args) if isinstance(a, ag.Tensor)]
    for position in tensors:
        if args[position].dtype != ag.bool:
            for dtype in ("int64", "bool"):  # floats scaled: distinct ints, both truths
                value = args[position] * 10 if args[position].dtype.is_floating_point \
                    else args[position]
                changed = value.to(ag.int64) if dtype == "int64" else value > 5
                name = _parameter_at(parameters, position).name
                variants[f"{name}-{dtype}"] = _replace(args, position, changed)
    if random:
        return variants
    if tensors and args[tensors[0]].ndim:
        variants["empty"] = _replace(args, tensors[0], args[tensors[0]][:0])
    if len({tuple(args[i].shape) for i in tensors}) == 1:
        variants["all-empty"] = _map_tensors(args, lambda t: t[:0] if t.ndim else t)
    variants["0d"] = _map_tensors(args, lambda t: t.reshape(-1)[0])
    variants["1d"] = _map_tensors(args, lambda t: t.reshape(-1))
    if tensors and args[tensors[0]].dtype == ag.float32:
        variants["nan"] = _replace(args, tensors[0], _with_nan(args[tensors[0]]))
    if len(tensors) >= 2 and tensors[:2] == [0, 1] and args[0].shape == args[1].shape:
        variants["no-broadcast"] = _replace(args, 1, ag.ones(args[1].shape[-1] + 1,
                                                              dtype=args[1].dtype))
    return variants


def _parameter_at(parameters: list, position: int):
    """The parameter that takes the positional argument at `position` (*args: all the rest)."""
    for k, parameter in enumerate(parameters):
        if parameter.kind is parameter.VAR_POSITIONAL or k == position:
            return parameter
    return parameters[-1]


def _call(function, args: tuple, kwargs: dict):
    return lambda: function(*args, **kwargs)


def _module():
    import nn

    return nn.Linear(2, 2)


def _replace(args: tuple, position: int, value) -> tuple:
    return args[:position] + (value,) + args[position + 1:]


def _map_tensors(args: tuple, change) -> tuple:
    """args with every Tensor (also inside lists and tuples) replaced by change(tensor)."""
    def one(value):
        if _is_our_tensor(value):
            return change(value)
        if isinstance(value, (list, tuple)) and any(_is_our_tensor(v) for v in value):
            return type(value)(one(v) for v in value)
        return value
    return tuple(one(a) for a in args)


def _with_nan(t):
    import autograd as ag

    values = t.numpy(force=True).copy()
    values.reshape(-1)[:3] = [np.nan, np.inf, -np.inf][:values.size]
    return ag.tensor(values)


# --- the counts -----------------------------------------------------------------------------

def _measure(verbose: bool) -> None:
    total = Counter()
    for package, modules in SWEEPS.items():
        counts = Counter()
        for name in modules:
            for row_id, call, expect in _rows(import_module(name)):
                kind, what = classify(call, expect)
                counts[kind] += 1
                if verbose and kind != "clear":
                    print(f"  {kind:6} {package}: {row_id}: {what}")
        total += counts
        print(f"{package:9} {sum(counts.values()):5} calls: {counts['clear']:5} clear "
              f"{counts['deep']:4} deep {counts['silent']:4} silent")
    print(f"{'total':9} {sum(total.values()):5} calls: {total['clear']:5} clear "
          f"{total['deep']:4} deep {total['silent']:4} silent")


def _rows(module):
    for case in module.CASES:
        yield _as_row(case)


if __name__ == "__main__":  # run as the module the tables import, not as a second copy
    import_module("tests.bad_input")._measure(verbose="-v" in sys.argv)
