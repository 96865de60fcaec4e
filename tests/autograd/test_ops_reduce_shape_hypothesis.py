"""Hypothesis: reductions, sorting and shape ops over generated shapes (empty and 0-d
included), dims, keepdim and dtypes, against PyTorch: the same values, shapes and result
dtypes, the same kind of error where PyTorch refuses, and the same gradients."""
from __future__ import annotations

import warnings

import numpy as np
import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given, settings, strategies as st  # noqa: E402

import autograd as ag  # noqa: E402

DTYPES = ["float32", "float64", "int32", "int64", "bool"]

# name -> fn(L, x, dim, keepdim); the same call works on autograd and on torch.
OPS = {
    "sum": lambda L, x, d, k: x.sum(d, keepdim=k),
    "sum_all": lambda L, x, d, k: L.sum(x),
    "mean": lambda L, x, d, k: x.mean(d, keepdim=k),
    "nansum": lambda L, x, d, k: x.nansum(d, keepdim=k),
    "prod": lambda L, x, d, k: x.prod(d, keepdim=k),
    "var": lambda L, x, d, k: x.var(d, keepdim=k),
    "std_biased": lambda L, x, d, k: x.std(d, correction=0, keepdim=k),
    "amax": lambda L, x, d, k: x.amax(d, keepdim=k),
    "amin_all": lambda L, x, d, k: x.amin(),
    "max_dim": lambda L, x, d, k: x.max(d, keepdim=k),
    "min_dim": lambda L, x, d, k: x.min(d, keepdim=k),
    "max_all": lambda L, x, d, k: x.max(),
    "argmax": lambda L, x, d, k: x.argmax(d, keepdim=k),
    "argmin_all": lambda L, x, d, k: x.argmin(),
    "any": lambda L, x, d, k: x.any(d, keepdim=k),
    "all": lambda L, x, d, k: x.all(d, keepdim=k),
    "logsumexp": lambda L, x, d, k: x.logsumexp(d, keepdim=k),
    "softmax": lambda L, x, d, k: x.softmax(d),
    "log_softmax": lambda L, x, d, k: x.log_softmax(d),
    "cumsum": lambda L, x, d, k: x.cumsum(d),
    "cumprod": lambda L, x, d, k: x.cumprod(d),
    "cummax": lambda L, x, d, k: x.cummax(d),
    "logcumsumexp": lambda L, x, d, k: x.logcumsumexp(d),
    "norm": lambda L, x, d, k: x.norm(dim=d, keepdim=k),
    "sort": lambda L, x, d, k: x.sort(d, descending=k),
    "argsort": lambda L, x, d, k: x.argsort(d),
    "topk_1": lambda L, x, d, k: x.topk(1, d),
    "median": lambda L, x, d, k: x.median(d, keepdim=k),
    "flip": lambda L, x, d, k: x.flip(d),
    "roll": lambda L, x, d, k: x.roll(1, d),
    "unsqueeze": lambda L, x, d, k: x.unsqueeze(d),
    "squeeze": lambda L, x, d, k: x.squeeze(d),
    "transpose": lambda L, x, d, k: x.transpose(d, 0),
    "movedim": lambda L, x, d, k: x.movedim(d, -1),
    "flatten": lambda L, x, d, k: x.flatten(d),
    "split": lambda L, x, d, k: x.split(1, d),
    "chunk": lambda L, x, d, k: x.chunk(2, d),
    "unbind": lambda L, x, d, k: x.unbind(d),
    "select": lambda L, x, d, k: x.select(d, 0),
    "narrow": lambda L, x, d, k: x.narrow(d, 0, 1),
    "repeat_interleave": lambda L, x, d, k: x.repeat_interleave(2, d),
    "index_select": lambda L, x, d, k: x.index_select(d, L.tensor([0, 0])),
    "cat_self": lambda L, x, d, k: L.cat([x, x], d),
    "stack_self": lambda L, x, d, k: L.stack([x, x], d),
    "getitem_int_and_list": lambda L, x, d, k: x[0, ..., [0, 0]],
    "reshape": lambda L, x, d, k: x.reshape(-1),
    "repeat": lambda L, x, d, k: x.repeat(*([2] * (x.ndim + 1))),
}
# Outputs with indices, whose choice among equal values PyTorch leaves open.
WITH_INDICES = {"max_dim", "min_dim", "argmax", "argmin_all", "cummax", "sort", "argsort",
                "topk_1", "median"}


@st.composite
def tensors(draw):
    shape = tuple(draw(st.lists(st.integers(0, 3), max_size=3)))
    dtype = draw(st.sampled_from(DTYPES))
    size = int(np.prod(shape))
    values = np.random.default_rng(draw(st.integers(0, 2**16))).permutation(size)
    values = (values - size / 2) / 2  # distinct values: no ties to break
    if dtype == "bool":
        values = values > 0
    rank = max(len(shape), 1)
    # one past each end, so that the range is checked too (PyTorch skips the check for some
    # ops on empty tensors)
    dim = draw(st.integers(-rank - 1, rank) if size else st.integers(-rank, rank - 1))
    return values.reshape(shape).astype(dtype), dim, draw(st.booleans())


def _outputs(result):
    return list(result) if isinstance(result, (tuple, list)) else [result]


def _run(lib, fn, array, dim, keepdim, requires_grad):
    x = lib.tensor(array, requires_grad=requires_grad)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return x, fn(lib, x, dim, keepdim)


@pytest.mark.parametrize("name", sorted(OPS))
@settings(max_examples=25, deadline=None, derandomize=True)
@given(case=tensors())
def test_matches_pytorch(torch, name, case):
    array, dim, keepdim = case
    fn = OPS[name]
    floating = array.dtype.kind == "f"
    try:
        tx, expected = _run(torch, fn, array, dim, keepdim, floating)
    except (RuntimeError, IndexError, ValueError, TypeError) as error:
        with pytest.raises(type(error)):
            _run(ag, fn, array, dim, keepdim, floating)
        return
    x, out = _run(ag, fn, array, dim, keepdim, floating)
    ours, theirs = _outputs(out), _outputs(expected)
    assert len(ours) == len(theirs)
    ties = array.dtype == bool and name in WITH_INDICES
    for mine, reference in zip(ours, theirs):
        assert mine.shape == tuple(reference.shape)
        assert mine.dtype.name == str(reference.dtype).replace("torch.", "")
        if ties and mine.dtype == np.int64:
            continue
        np.testing.assert_allclose(mine.detach().numpy().astype(float),
                                   reference.detach().numpy().astype(float),
                                   rtol=1e-5 if array.dtype != np.float64 else 1e-10,
                                   atol=1e-6)
    differentiable = [(m, r) for m, r in zip(ours, theirs)
                      if r.requires_grad and r.dtype.is_floating_point]
    if not floating or not differentiable:
        return
    weights = [np.random.default_rng(1).standard_normal(r.shape).astype(array.dtype)
               for _, r in differentiable]
    sum(((m * ag.tensor(w)).sum() for (m, _), w in zip(differentiable, weights)),
        ag.tensor(0.0, dtype=array.dtype)).backward()
    sum(((r * torch.tensor(w)).sum() for (_, r), w in zip(differentiable, weights)),
        torch.tensor(0.0, dtype=tx.dtype)).backward()
    if tx.grad is None:
        assert x.grad is None or not np.any(x.grad.numpy())
        return
    assert x.grad.dtype == x.dtype
    np.testing.assert_allclose(x.grad.numpy(), tx.grad.numpy(),
                               rtol=1e-4 if array.dtype == np.float32 else 1e-9, atol=1e-5)
