"""`optimizer.state[p]` holds what PyTorch's holds: Tensors, and the step as a 0-d float Tensor."""
import copy

import numpy as np
import pytest

from autograd import Tensor
import optim
from optim._batches import FLAT_BELOW

CASES = [
    ("SGD", dict(lr=0.1)),
    ("SGD", dict(lr=0.1, momentum=0.9)),
    ("RMSprop", dict()),
    ("RMSprop", dict(lr=0.01, momentum=0.5, centered=True)),
    ("Adagrad", dict(lr=0.1, initial_accumulator_value=0.5)),
    ("Adadelta", dict()),
    ("Adam", dict(lr=0.05, amsgrad=True)),
    ("AdamW", dict(lr=0.05)),
    ("Adamax", dict()),
    ("NAdam", dict()),
    ("RAdam", dict()),
]
# small ones are updated as one flat batch, the large one on its own
SHAPES = [(2, 3), (4,), (), (FLAT_BELOW,)]


def _facts(value, torch):
    """What a program sees of a state entry: its type, dtype, shape and printed value."""
    if isinstance(value, list):
        return [_facts(v, torch) for v in value]
    if isinstance(value, (Tensor, torch.Tensor)):
        return "Tensor", str(value.dtype), tuple(value.shape), repr(value)
    return type(value).__name__, value


def _assert_states_alike(ours, theirs, torch):
    assert list(ours) == list(theirs)  # the same entries, in the same order
    for name, value in theirs.items():
        assert _facts(ours[name], torch) == _facts(value, torch), name


def _twins(torch, dtype):
    rng = np.random.default_rng(0)
    arrays = [rng.standard_normal(shape).astype(dtype) for shape in SHAPES]
    return ([Tensor(a.copy(), requires_grad=True) for a in arrays],
            [torch.tensor(a.copy(), requires_grad=True) for a in arrays])


def _steps(opts, pairs, rng, steps):
    """`steps` steps of each optimizer in `opts` on the same random gradients; `pairs` lists
    (our parameter or None, PyTorch's parameter)."""
    for _ in range(steps):
        for p, q in pairs:
            g = rng.standard_normal(q.shape).astype(q.detach().numpy().dtype)
            q.grad = q.new_tensor(g)
            if p is not None:
                p.grad = Tensor(g)
        for opt in opts:
            opt.step()


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("case", CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CASES)])
def test_state_after_two_steps_is_pytorchs(case, dtype):
    torch = pytest.importorskip("torch")
    torch.set_num_threads(1)
    name, kwargs = case
    ours, theirs = _twins(torch, dtype)
    opt, ref = getattr(optim, name)(ours, **kwargs), getattr(torch.optim, name)(theirs, **kwargs)
    _steps([opt, ref], list(zip(ours, theirs)), np.random.default_rng(1), 2)
    for p, q in zip(ours, theirs):
        _assert_states_alike(opt.state[p], ref.state[q], torch)


@pytest.mark.parametrize("case", CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CASES)])
def test_state_loaded_from_pytorchs_state_dict_is_pytorchs(case):
    torch = pytest.importorskip("torch")
    torch.set_num_threads(1)
    name, kwargs = case
    ours, theirs = _twins(torch, np.float32)
    opt, ref = getattr(optim, name)(ours, **kwargs), getattr(torch.optim, name)(theirs, **kwargs)
    rng = np.random.default_rng(2)
    _steps([ref], [(None, q) for q in theirs], rng, 2)  # PyTorch alone trains
    for p, q in zip(ours, theirs):
        p.numpy(force=True)[...] = q.detach().numpy()
    saved = ref.state_dict()
    opt.load_state_dict({"param_groups": copy.deepcopy(saved["param_groups"]), "state": {
        index: {key: Tensor(v.numpy()) if isinstance(v, torch.Tensor) else v
                for key, v in entry.items()} for index, entry in saved["state"].items()}})
    for p, q in zip(ours, theirs):
        _assert_states_alike(opt.state[p], ref.state[q], torch)
    _steps([opt, ref], list(zip(ours, theirs)), rng, 1)  # and both continue alike
    for p, q in zip(ours, theirs):
        _assert_states_alike(opt.state[p], ref.state[q], torch)
        np.testing.assert_allclose(p.numpy(force=True), q.detach().numpy(), rtol=1e-5, atol=1e-6)


def test_lbfgs_state_is_pytorchs():
    torch = pytest.importorskip("torch")
    torch.set_num_threads(1)
    start = np.array([-1.5, 2.0], np.float32)  # a path equal to PyTorch's bit for bit
    x, y = Tensor(start.copy(), requires_grad=True), torch.tensor(start.copy(),
                                                                  requires_grad=True)
    opt, ref = optim.LBFGS([x], lr=0.5, max_iter=10), torch.optim.LBFGS([y], lr=0.5, max_iter=10)

    def closure_for(o, v):
        def closure():
            o.zero_grad()
            loss = (100 * (v[1:] - v[:-1] ** 2) ** 2 + (1 - v[:-1]) ** 2).sum()
            loss.backward()
            return loss
        return closure
    for _ in range(2):
        opt.step(closure_for(opt, x))
        ref.step(closure_for(ref, y))
    _assert_states_alike(opt.state[x], ref.state[y], torch)


@pytest.mark.parametrize("shapes", [SHAPES[:3], SHAPES[3:]], ids=["flat", "alone"])
def test_state_tensors_are_updated_in_place(shapes):
    """As in PyTorch, the Tensors of a parameter's state are the same objects step after step
    (once made by the first step), and a step updates them in place."""
    params = [Tensor(np.ones(shape), requires_grad=True) for shape in shapes]
    opt = optim.Adam(params, lr=0.1)
    for p in params:
        p.grad = Tensor(np.ones(p.shape))
    opt.step()
    held = [dict(opt.state[p]) for p in params]
    before = [held_state["exp_avg"].numpy().copy() for held_state in held]
    opt.step()
    opt.step()
    for p, state, old in zip(params, held, before):
        assert all(opt.state[p][name] is value for name, value in state.items())
        assert repr(state["step"]) == "tensor(3.)" and state["step"].item() == 3.0
        assert not np.array_equal(state["exp_avg"].numpy(), old)


@pytest.mark.parametrize("name, kwargs, arrays, numbers", [
    ("Momentum", dict(lr=0.1), ["velocity"], {}),
    ("LAMB", dict(lr=0.1), ["exp_avg", "exp_avg_sq"], {"trust_ratio": float}),
])
def test_optimizers_of_our_own_keep_tensors_too(name, kwargs, arrays, numbers):
    params = [Tensor(np.ones(shape, np.float32), requires_grad=True) for shape in SHAPES[:3]]
    opt = getattr(optim, name)(params, **kwargs)
    for _ in range(2):
        for p in params:
            p.grad = Tensor(np.full(p.shape, 0.5, np.float32))
        opt.step()
    for p in params:
        state = opt.state[p]
        assert list(state) == ["step", *arrays, *numbers]
        assert isinstance(state["step"], Tensor) and repr(state["step"]) == "tensor(2.)"
        for entry in arrays:
            assert isinstance(state[entry], Tensor) and state[entry].shape == p.shape
            assert state[entry].dtype == p.dtype
        for entry, kind in numbers.items():
            assert type(state[entry]) is kind


def test_state_dict_and_load_state_dict_copy_the_tensors():
    params = [Tensor(np.ones(shape), requires_grad=True) for shape in SHAPES[:3]]
    opt = optim.NAdam(params, lr=0.1)
    for p in params:
        p.grad = Tensor(np.ones(p.shape))
    opt.step()
    saved = opt.state_dict()
    opt.step()  # a later step does not change the saved state (PyTorch's would)
    assert saved["state"][0]["step"].item() == 1.0
    assert opt.state[params[0]]["step"].item() == 2.0

    again = [Tensor(np.ones(shape), requires_grad=True) for shape in SHAPES[:3]]
    loaded = optim.NAdam(again, lr=0.1)
    loaded.load_state_dict(saved)
    for entry in saved["state"].values():  # editing the dict afterwards does not reach it
        for value in entry.values():
            value.fill_(7.0)
    for p in again:
        state = loaded.state[p]
        assert state["step"].item() == 1.0 and state["mu_product"].item() != 7.0
        assert not np.any(state["exp_avg"].numpy() == 7.0)
