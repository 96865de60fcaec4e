"""Hypothesis over the whole elementwise op table: generated broadcastable shapes (empty and
0-d included), dtypes and values; forward, backward and result dtype against PyTorch."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import mutually_broadcastable_shapes

import autograd as ag
from tests.autograd.elementwise_table import ALL, sample

ERRORS = (RuntimeError, TypeError, ValueError, NotImplementedError, ZeroDivisionError)
TOLERANCE = {"float32": (2e-5, 1e-5), "float64": (1e-9, 1e-12)}


@st.composite
def cases(draw):
    spec = draw(st.sampled_from(ALL))
    shapes = draw(mutually_broadcastable_shapes(num_shapes=spec.arity, max_dims=3, min_side=0,
                                                max_side=4)).input_shapes
    dtype = draw(st.sampled_from(["float32", "float64", "float64", "int64", "int32", "bool"]))
    seed = draw(st.integers(0, 2 ** 32 - 1))
    return spec, shapes, dtype, seed


def _values(spec, shapes, dtype, seed) -> list:
    rng = np.random.default_rng(seed)
    arrays = [sample(domain, shape, rng) for domain, shape in zip(spec.domains, shapes)]
    if dtype == "bool":
        return [x > 0 for x in arrays]
    if dtype.startswith("int"):
        return [np.rint(x * 2).astype(dtype) for x in arrays]
    return [x.astype(dtype) for x in arrays]


@pytest.mark.usefixtures("torch")
@settings(max_examples=400, deadline=None, derandomize=True)
@given(cases())
def test_whole_table_matches_pytorch(case):
    import torch

    spec, shapes, dtype, seed = case
    if spec.name.startswith("softmin"):  # our softmax takes neither 0-d nor an empty dim yet
        assume(all(len(s) > 0 and s[-1] > 0 for s in shapes))
    arrays = _values(spec, shapes, dtype, seed)
    floating = dtype.startswith("float")
    # PyTorch runs no kernel on empty tensors, so it skips its dtype checks there; we do not
    assume(floating or all(x.size for x in arrays))
    theirs = [torch.tensor(x, requires_grad=floating) for x in arrays]
    try:
        expected = spec.theirs(torch, *theirs)
    except ERRORS:
        with pytest.raises(ERRORS), np.errstate(all="ignore"):
            spec.ours(*[ag.tensor(x) for x in arrays])
        return
    ours = [ag.tensor(x, requires_grad=floating) for x in arrays]
    with np.errstate(all="ignore"):
        out = spec.ours(*ours)
    assert out.dtype == np.dtype(str(expected.dtype).replace("torch.", ""))
    assert out.shape == tuple(expected.shape)
    rtol, atol = TOLERANCE.get(dtype, (1e-6, 0))
    np.testing.assert_allclose(out.detach().numpy(), expected.detach().numpy(),
                               rtol=max(rtol, spec.rtol), atol=atol, equal_nan=True)
    if not floating or not expected.requires_grad:
        return
    weights = np.random.default_rng(seed).standard_normal(out.shape).astype(dtype)
    try:
        (expected * torch.tensor(weights)).sum().backward()
    except RuntimeError as error:  # PyTorch's clamp backward fails on some empty broadcasts
        assert spec.name.startswith("clamp") and "broadcast shape" in str(error)
        return
    with np.errstate(all="ignore"):
        (out * ag.tensor(weights)).sum().backward()
    for mine, reference in zip(ours, theirs):
        assert mine.grad.shape == mine.shape and mine.grad.dtype == mine.dtype
        np.testing.assert_allclose(mine.grad.numpy(), reference.grad.numpy(),
                                   rtol=max(rtol, spec.rtol), atol=atol, equal_nan=True)
