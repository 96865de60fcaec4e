"""Small parameters updated as one flat batch get exactly what one-at-a-time updates give."""
import copy

import numpy as np
import pytest

from autograd import Tensor, from_numpy
import optim
from optim._batches import FLAT_BELOW

ELEMENTWISE = [
    ("SGD", dict(lr=0.1)),
    ("SGD", dict(lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.1)),
    ("Momentum", dict(lr=0.1, bias_correction=True)),
    ("RMSprop", dict(momentum=0.5, centered=True)),
    ("Adagrad", dict(lr=0.1, lr_decay=0.01)),
    ("Adadelta", dict(weight_decay=0.1)),
    ("Adam", dict(lr=0.05, amsgrad=True, maximize=True)),
    ("AdamW", dict(lr=0.05)),
    ("Adamax", dict()),
    ("NAdam", dict(decoupled_weight_decay=True, weight_decay=0.1)),
    ("RAdam", dict()),
]
SHAPES = [(3, 4), (5,), (), (2, 1, 3)]


def _twins(rng, shapes=SHAPES, dtypes=None):
    """Two lists of equal parameters: one for the batched optimizer, one for the reference."""
    dtypes = dtypes or [np.float64] * len(shapes)
    arrays = [rng.standard_normal(s).astype(d) for s, d in zip(shapes, dtypes)]
    return ([Tensor(a.copy(), requires_grad=True) for a in arrays],
            [Tensor(a.copy(), requires_grad=True) for a in arrays])


def _one_per_parameter(name, kwargs, params):
    """The reference: an optimizer per parameter, so each is updated on its own arrays."""
    return [getattr(optim, name)([p], **kwargs) for p in params]


def _set_grads(rng, batched, alone, skip=None):
    for index, (p, q) in enumerate(zip(batched, alone)):
        g = None if index == skip else rng.standard_normal(p.shape).astype(p.numpy(
            force=True).dtype)
        p.grad = None if g is None else Tensor(g.copy())
        q.grad = None if g is None else Tensor(g.copy())


def _assert_same(batched, alone, opt, refs):
    for p, q, ref in zip(batched, alone, refs):
        np.testing.assert_array_equal(p.numpy(force=True), q.numpy(force=True))
        theirs = ref.state.get(q, {})
        assert set(opt.state.get(p, {})) == set(theirs)
        for key, value in theirs.items():
            np.testing.assert_array_equal(opt.state[p][key], value, err_msg=key)


@pytest.mark.parametrize("case", ELEMENTWISE, ids=[f"{n}-{i}" for i, (n, _) in
                                                   enumerate(ELEMENTWISE)])
def test_a_batched_step_equals_steps_one_parameter_at_a_time(case):
    name, kwargs = case
    rng = np.random.default_rng(0)
    batched, alone = _twins(rng)
    opt, refs = getattr(optim, name)(batched, **kwargs), _one_per_parameter(name, kwargs, alone)
    for step in range(12):  # a parameter without gradient falls behind: its step count differs
        _set_grads(rng, batched, alone, skip=1 if step in (3, 4) else None)
        opt.step()
        for ref in refs:
            ref.step()
        _assert_same(batched, alone, opt, refs)


def test_small_parameters_share_flat_state_and_large_ones_keep_their_own():
    rng = np.random.default_rng(1)
    shapes = [(3, 4), (5,), (FLAT_BELOW,)]
    batched, alone = _twins(rng, shapes)
    opt, refs = optim.Adam(batched, lr=0.1), _one_per_parameter("Adam", {"lr": 0.1}, alone)
    for _ in range(3):
        _set_grads(rng, batched, alone)
        opt.step()
        for ref in refs:
            ref.step()
    _assert_same(batched, alone, opt, refs)
    small, other_small, large = (opt.state[p]["exp_avg"].numpy() for p in batched)
    assert small.shape == (3, 4) and small.base is not None and small.base is other_small.base
    assert large.base is None


def test_parameters_of_different_dtypes_are_updated_apart():
    rng = np.random.default_rng(2)
    dtypes = [np.float32, np.float64, np.float32, np.float64]
    batched, alone = _twins(rng, dtypes=dtypes)
    opt, refs = optim.Adam(batched, lr=0.1), _one_per_parameter("Adam", {"lr": 0.1}, alone)
    for _ in range(3):
        _set_grads(rng, batched, alone)
        opt.step()
        for ref in refs:
            ref.step()
    _assert_same(batched, alone, opt, refs)
    assert [opt.state[p]["exp_avg"].dtype for p in batched] == dtypes


@pytest.mark.parametrize("edit", ["in place", "replaced", "by a Tensor", "step",
                                  "step in place", "cleared", "loaded"])
def test_an_edited_state_is_used_by_the_next_step(edit):
    rng = np.random.default_rng(3)
    batched, alone = _twins(rng)
    opt, refs = optim.Adam(batched, lr=0.1), _one_per_parameter("Adam", {"lr": 0.1}, alone)
    for step in range(6):
        if step == 3:
            for o, p in [(opt, batched[0])] + [(refs[0], alone[0])]:
                state = o.state[p]
                if edit == "in place":
                    state["exp_avg"][...] = 0.5
                elif edit == "replaced":
                    state["exp_avg"] = np.full(p.shape, 0.5)
                elif edit == "by a Tensor":
                    state["exp_avg"] = Tensor(np.full(p.shape, 0.5))
                elif edit == "step":
                    state["step"] = 10
                elif edit == "step in place":  # the other parameters' steps stay at 3
                    state["step"].fill_(10.0)
                elif edit == "cleared":
                    state.clear()
                else:
                    o.load_state_dict(o.state_dict())
        _set_grads(rng, batched, alone)
        opt.step()
        for ref in refs:
            ref.step()
        _assert_same(batched, alone, opt, refs)


def test_a_copied_optimizer_updates_its_own_copies():
    rng = np.random.default_rng(4)
    batched, alone = _twins(rng)
    opt, refs = optim.SGD(batched, lr=0.1, momentum=0.9), \
        _one_per_parameter("SGD", {"lr": 0.1, "momentum": 0.9}, alone)
    _set_grads(rng, batched, alone)
    opt.step()
    for ref in refs:
        ref.step()
    params, clone = copy.deepcopy((batched, opt))
    before = [p.numpy(force=True).copy() for p in batched]
    for p in params:
        p.grad = Tensor(np.ones(p.shape))
    clone.step()
    for p, old in zip(batched, before):  # the original is untouched
        np.testing.assert_array_equal(p.numpy(force=True), old)
    for p, copied in zip(batched, params):  # the copy moved by lr · (0.9 · buffer + 1)
        expected = p.numpy(force=True) - 0.1 * (0.9 * opt.state[p]["momentum_buffer"] + 1)
        np.testing.assert_allclose(copied.numpy(force=True), expected, rtol=1e-12)


def test_parameters_sharing_memory_are_updated_one_after_the_other():
    def make():
        memory = np.arange(12.0)
        shared = [from_numpy(memory).requires_grad_() for _ in range(2)]  # one array, twice
        view = from_numpy(memory.reshape(3, 4)[1]).requires_grad_()
        return [Tensor(np.ones(3), requires_grad=True), *shared, view]
    batched, alone = make(), make()
    assert np.shares_memory(batched[1].numpy(force=True), batched[3].numpy(force=True))
    opt = optim.Adam(batched, lr=0.1)
    refs = _one_per_parameter("Adam", {"lr": 0.1}, alone)
    rng = np.random.default_rng(5)
    for _ in range(3):
        _set_grads(rng, batched, alone)
        opt.step()
        for ref in refs:
            ref.step()
        _assert_same(batched, alone, opt, refs)
