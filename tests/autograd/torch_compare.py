"""One check shared by the op tests: an op against PyTorch's, up to its second derivative."""
from __future__ import annotations

import numpy as np

import autograd as ag


def _outputs(result) -> list:
    return list(result) if isinstance(result, (tuple, list)) else [result]


def compare_with_torch(torch, ours, theirs, arrays, *, atol=1e-10, rtol=1e-7,
                       second_order=True, seed=0):
    """ours(*Tensors) and theirs(*torch tensors) on the same float arrays: equal outputs
    (floating ones; integer ones exactly), equal gradients of a random weighting of the
    outputs, and, with second_order, equal gradients of a random weighting of those
    gradients (Hessian-vector products through every op's backward)."""
    rng = np.random.default_rng(seed)
    mine = [ag.tensor(a, requires_grad=True) for a in arrays]
    reference = [torch.tensor(a, requires_grad=True) for a in arrays]
    outs, expected = _outputs(ours(*mine)), _outputs(theirs(*reference))
    assert len(outs) == len(expected)
    weighted, t_weighted = 0, 0
    for out, exp in zip(outs, expected):
        assert out.shape == tuple(exp.shape), (out.shape, tuple(exp.shape))
        assert out.dtype == np.dtype(str(exp.dtype).replace("torch.", ""))
        if out.dtype.kind != "f":
            np.testing.assert_array_equal(out.numpy(), exp.numpy())
            continue
        np.testing.assert_allclose(out.numpy(force=True), exp.detach().numpy(), atol=atol,
                                   rtol=rtol)
        w = rng.standard_normal(out.shape).astype(out.dtype)
        weighted = weighted + (out * ag.tensor(w)).sum()
        t_weighted = t_weighted + (exp * torch.tensor(w)).sum()
    grads = ag.grad(weighted, mine, create_graph=second_order, allow_unused=True)
    t_grads = torch.autograd.grad(t_weighted, reference, create_graph=second_order,
                                  allow_unused=True)
    for g, t, a in zip(grads, t_grads, arrays):
        _assert_same_gradient(g, t, a, atol, rtol)
    if not second_order:
        return
    pairs = [(g, t) for g, t in zip(grads, t_grads) if t is not None and t.requires_grad]
    if not pairs:
        return
    total, t_total = 0, 0
    for g, t in pairs:
        v = rng.standard_normal(g.shape).astype(g.dtype)
        total = total + (g * ag.tensor(v)).sum()
        t_total = t_total + (t * torch.tensor(v)).sum()
    # A gradient that does not depend on the inputs (a linear op's) has no second derivative.
    second = (ag.grad(total, mine, allow_unused=True) if isinstance(total, ag.Tensor)
              and total.requires_grad else [None] * len(mine))
    t_second = torch.autograd.grad(t_total, reference, allow_unused=True)
    for g, t, a in zip(second, t_second, arrays):
        _assert_same_gradient(g, t, a, atol * 10, rtol * 10)


def _assert_same_gradient(g, t, array, atol, rtol) -> None:
    """Equal gradients, None (not reached) counting as zeros."""
    ours = np.zeros(np.shape(array)) if g is None else g.numpy(force=True)
    theirs = np.zeros(np.shape(array)) if t is None else t.detach().numpy()
    np.testing.assert_allclose(ours, theirs, atol=atol, rtol=rtol)
