"""The op tables of the reduction, shape and indexing tests: a `Case` runs one function on
autograd and on PyTorch, and the checks compare values, dtypes and gradients.

A case is a function `fn(lib, *tensors)` written once for both libraries (our names are
PyTorch's), e.g. `lambda L, x: L.cumsum(x, 1)` or `lambda L, x: x.flip(0)`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

import autograd as ag


@dataclass
class Case:
    """One op call to check: fn(lib, *inputs) on inputs of the given shapes."""

    name: str
    fn: Callable
    shapes: tuple                 # one tuple of input shapes per test
    make: Callable | None = None  # make(rng, shape) -> float64 array (default: normal)
    grad: bool = True             # differentiable in its float inputs
    torch_grad: bool = True       # PyTorch differentiates it too (else gradcheck alone checks ours)
    numeric: bool = True          # smooth at the inputs, so gradcheck applies
    second_order: bool = True     # PyTorch differentiates its backward
    int_inputs: tuple = field(default_factory=tuple)  # positions of int64 (index) inputs

    def inputs(self, shapes: tuple, seed: int) -> list:
        rng = np.random.default_rng(seed)
        arrays = []
        for position, shape in enumerate(shapes):
            if position in self.int_inputs:
                arrays.append(shape(rng) if callable(shape) else np.asarray(shape))
            elif self.make is not None:
                arrays.append(np.asarray(self.make(rng, shape), np.float64))
            else:
                arrays.append(rng.standard_normal(shape))
        return arrays


def params(cases: list) -> list:
    """pytest params (case, shapes) with readable ids."""
    import pytest
    out = []
    for case in cases:
        for shapes in case.shapes:
            label = "-".join(str(s) if not callable(s) else "idx" for s in shapes)
            out.append(pytest.param(case, shapes, id=f"{case.name}-{label}"))
    return out


def table_tests(cases: list, *warnings: str) -> tuple:
    """The three tests of an op table, for a test module to take as its own:

        test_forward_and_backward_match_pytorch, test_gradcheck, test_second_order = \
            table_tests(CASES)

    forward and backward against PyTorch on every case and shape; float64 gradcheck where
    the op is differentiable and smooth at the inputs; gradgradcheck where PyTorch
    differentiates its backward. `warnings`: filters for warnings PyTorch raises there."""
    import pytest

    def marked(test, chosen):
        test = pytest.mark.parametrize("case, shapes", params(chosen))(test)
        for warning in warnings:
            test = pytest.mark.filterwarnings(warning)(test)
        return test

    def test_forward_and_backward_match_pytorch(torch, case, shapes):
        check_backward(torch, case, shapes)

    def test_gradcheck(case, shapes):
        check_gradcheck(case, shapes)

    def test_second_order(case, shapes):
        check_second_order(case, shapes)

    differentiable = [c for c in cases if c.grad and c.numeric]
    return (marked(test_forward_and_backward_match_pytorch, cases),
            marked(test_gradcheck, differentiable),
            marked(test_second_order, [c for c in differentiable if c.second_order]))


def outputs(result) -> list:
    return list(result) if isinstance(result, (tuple, list)) else [result]


def torch_dtype_name(dtype) -> str:
    return str(dtype).replace("torch.", "")


def assert_same(ours, theirs, rtol: float = 1e-10, atol: float = 1e-12) -> None:
    """Same shapes, dtypes and values (NaNs in the same places) for each output."""
    ours, theirs = outputs(ours), outputs(theirs)
    assert len(ours) == len(theirs), f"{len(ours)} outputs, PyTorch has {len(theirs)}"
    for mine, reference in zip(ours, theirs):
        assert isinstance(mine, ag.Tensor), f"got {type(mine).__name__}, not a Tensor"
        expected = reference.detach().numpy()
        assert mine.shape == tuple(reference.shape), (mine.shape, tuple(reference.shape))
        assert mine.dtype.name == torch_dtype_name(reference.dtype), (mine.dtype,
                                                                      reference.dtype)
        np.testing.assert_allclose(mine.detach().numpy(), expected, rtol=rtol, atol=atol)


def differentiable(result) -> list:
    return [o for o in outputs(result) if o.dtype.kind == "f" and o.requires_grad]


def _is_float(out) -> bool:
    dtype = out.dtype
    return dtype.is_floating_point if hasattr(dtype, "is_floating_point") else dtype.kind == "f"


def weights_for(result, seed: int = 7) -> list:
    rng = np.random.default_rng(seed)
    return [rng.standard_normal(o.shape) for o in outputs(result)]


def weighted_sum(lib, result, weights):
    """Σ w * out over the float outputs (a scalar to call backward on)."""
    total = None
    for out, w in zip(outputs(result), weights):
        if _is_float(out):
            term = (out * lib.tensor(w, dtype=out.dtype)).sum()
            total = term if total is None else total + term
    return total


def run_both(torch, case: Case, shapes: tuple, seed: int = 0):
    """(ours, theirs, our inputs, their inputs), float inputs requiring grad."""
    arrays = case.inputs(shapes, seed)
    ours, theirs = [], []
    for position, x in enumerate(arrays):
        wants = case.grad and case.torch_grad and position not in case.int_inputs
        ours.append(ag.tensor(x, requires_grad=wants))
        theirs.append(torch.tensor(x, requires_grad=wants))
    return case.fn(ag, *ours), case.fn(torch, *theirs), ours, theirs


def check_backward(torch, case: Case, shapes: tuple) -> None:
    """Forward, then the gradient of Σ w*out, against PyTorch."""
    out, expected, ours, theirs = run_both(torch, case, shapes, seed=2)
    assert_same(out, expected)
    weights = weights_for(expected)
    mine, reference = weighted_sum(ag, out, weights), weighted_sum(torch, expected, weights)
    if reference is None or not reference.requires_grad:
        return
    mine.backward()
    reference.backward()
    for x, tx in zip(ours, theirs):
        if tx.grad is None:
            assert x.grad is None or not np.any(x.grad.numpy()), "PyTorch gives no gradient"
            continue
        assert x.grad is not None, "no gradient where PyTorch has one"
        assert x.grad.shape == x.shape and x.grad.dtype == x.dtype
        np.testing.assert_allclose(x.grad.numpy(), tx.grad.numpy(), rtol=1e-9, atol=1e-12)


def check_gradcheck(case: Case, shapes: tuple) -> None:
    arrays = case.inputs(shapes, seed=1)
    inputs = [ag.tensor(x, requires_grad=position not in case.int_inputs)
              for position, x in enumerate(arrays)]
    assert ag.gradcheck(lambda *xs: differentiable(case.fn(ag, *xs)), inputs)


def check_second_order(case: Case, shapes: tuple) -> None:
    """gradcheck of the gradient of Σ w * out², taken with create_graph=True."""
    arrays = case.inputs(shapes, seed=3)
    inputs = [ag.tensor(x, requires_grad=position not in case.int_inputs)
              for position, x in enumerate(arrays)]
    wanted = [x for position, x in enumerate(inputs) if position not in case.int_inputs]
    weights = weights_for(case.fn(ag, *inputs), seed=4)

    def gradient(*xs):
        result = case.fn(ag, *xs)
        total = None
        for out, w in zip(outputs(result), weights):
            if out.dtype.kind == "f" and out.requires_grad:
                term = (out * out * ag.tensor(w)).sum()
                total = term if total is None else total + term
        chosen = [x for position, x in enumerate(xs) if position not in case.int_inputs]
        grads = ag.grad(total, chosen, create_graph=True, allow_unused=True)
        return tuple(g if g is not None else x * 0 for g, x in zip(grads, chosen))

    assert wanted
    assert ag.gradcheck(gradient, inputs)
