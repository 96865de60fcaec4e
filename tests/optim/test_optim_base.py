"""The Optimizer base: groups, lazy state, zero_grad, closures, state dicts and argument errors."""
import copy

import numpy as np
import pytest

from autograd import Tensor
import optim

ALL = [
    ("SGD", dict(lr=0.1, momentum=0.9, nesterov=True)),
    ("SGD", dict(lr=0.1)),
    ("Momentum", dict(lr=0.1, bias_correction=True)),
    ("RMSprop", dict(momentum=0.5, centered=True)),
    ("Adagrad", dict(lr=0.1)),
    ("Adadelta", dict()),
    ("Adam", dict(lr=0.05, amsgrad=True)),
    ("AdamW", dict(lr=0.05)),
    ("Adamax", dict()),
    ("NAdam", dict()),
    ("RAdam", dict()),
    ("LAMB", dict(weight_decay=0.01)),
]


def _params(rng, shapes=((3, 4), (5,), ())):
    return [Tensor(rng.standard_normal(s), requires_grad=True) for s in shapes]


def _through_arrays(value):
    """Mimic an array-file round trip: string keys, numbers and lists become NumPy arrays."""
    if isinstance(value, dict):
        return {str(k): _through_arrays(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)) and all(isinstance(v, (int, float, bool)) for v in value):
        return np.asarray(value)
    if isinstance(value, (list, tuple)):
        return [_through_arrays(v) for v in value]
    if isinstance(value, (bool, int, float)):
        return np.asarray(value)
    return value


def _run(opt, params, grads):
    for step_grads in grads:
        for p, g in zip(params, step_grads):
            p.grad = Tensor(g.copy())
        opt.step()


@pytest.mark.parametrize("storage", ["memory", "arrays"])
@pytest.mark.parametrize("case", ALL, ids=[f"{n}-{i}" for i, (n, _) in enumerate(ALL)])
def test_state_dict_round_trip_continues_identically(case, storage):
    name, kwargs = case
    rng = np.random.default_rng(0)
    params = _params(rng)
    grads = [[rng.standard_normal(p.shape) for p in params] for _ in range(20)]
    opt = getattr(optim, name)(params, **kwargs)
    _run(opt, params, grads[:10])
    checkpoint = [p.numpy(force=True).copy() for p in params]
    saved = copy.deepcopy(opt.state_dict())
    _run(opt, params, grads[10:])

    restored = [Tensor(c.copy(), requires_grad=True) for c in checkpoint]
    opt2 = getattr(optim, name)(restored, lr=123.0)  # the lr comes back from the state dict
    opt2.load_state_dict(_through_arrays(saved) if storage == "arrays" else saved)
    assert opt2.param_groups[0]["lr"] == opt.param_groups[0]["lr"]
    assert type(opt2.param_groups[0].get("betas", ())) is tuple
    _run(opt2, restored, grads[10:])
    for p, q in zip(params, restored):
        np.testing.assert_array_equal(p.numpy(force=True), q.numpy(force=True))
    # the loaded state is a copy: training opt2 did not touch the saved dict
    assert copy.deepcopy(saved).keys() == saved.keys()


def test_state_dict_layout_is_pytorchs():
    rng = np.random.default_rng(1)
    a, b, c = _params(rng)
    opt = optim.Adam([{"params": [a, b]}, {"params": [c], "lr": 0.5}], lr=0.1)
    assert opt.state_dict()["state"] == {}  # lazily created
    a.grad = Tensor(np.ones(a.shape))
    c.grad = Tensor(np.ones(c.shape))
    opt.step()
    sd = opt.state_dict()
    assert set(sd) == {"state", "param_groups"}
    assert set(sd["state"]) == {0, 2}   # b had no gradient: no state
    assert set(sd["state"][0]) == {"step", "exp_avg", "exp_avg_sq"}
    step = sd["state"][0]["step"]  # PyTorch's: a 0-d float32 tensor, tensor(1.)
    assert isinstance(step, Tensor) and step.dtype == np.float32 and step.shape == ()
    assert repr(step) == "tensor(1.)"
    assert isinstance(sd["state"][0]["exp_avg"], Tensor)
    assert sd["state"][0]["exp_avg"].dtype == a.dtype
    assert [g["params"] for g in sd["param_groups"]] == [[0, 1], [2]]
    assert [g["lr"] for g in sd["param_groups"]] == [0.1, 0.5]
    assert sd["param_groups"][0]["betas"] == (0.9, 0.999)
    # copies, not references
    sd["state"][0]["exp_avg"].fill_(7.0)
    assert not np.any(opt.state[a]["exp_avg"] == 7.0)


def test_state_is_lazy_and_keyed_by_parameter():
    rng = np.random.default_rng(3)
    params = _params(rng)
    opt = optim.RMSprop(params)
    assert len(opt.state) == 0
    params[1].grad = Tensor(np.ones(5))
    opt.step()
    assert list(opt.state) == [params[1]]
    assert opt.state[params[1]]["step"] == 1


def test_zero_grad_sets_to_none_or_zeros_in_place():
    rng = np.random.default_rng(4)
    params = _params(rng)
    opt = optim.SGD(params, lr=0.1)
    for p in params:
        p.grad = Tensor(np.ones(p.shape))
    grad0 = params[0].grad
    opt.zero_grad(set_to_none=False)
    assert params[0].grad is grad0 and not np.any(grad0.numpy())
    opt.zero_grad()
    assert all(p.grad is None for p in params)


def test_zero_grad_keeps_a_create_graph_gradient_s_graph_intact():
    w = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    (w * w * w).sum().backward(create_graph=True)
    first = w.grad
    saved = first.numpy(force=True).copy()
    optim.SGD([w], lr=0.1).zero_grad(set_to_none=False)
    assert w.grad is not first and not np.any(w.grad.numpy())
    np.testing.assert_array_equal(first.numpy(force=True), saved)  # the old grad is untouched


def test_step_with_closure_returns_the_loss_and_backprop_works():
    w = Tensor(np.array([3.0, -2.0]), requires_grad=True)
    opt = optim.SGD([w], lr=0.25)

    def closure():
        opt.zero_grad()
        loss = (w * w).sum()
        loss.backward()
        return loss
    loss = opt.step(closure)
    assert float(loss) == 13.0
    np.testing.assert_allclose(w.numpy(force=True), [3.0 - 0.25 * 6, -2.0 + 0.25 * 4])
    assert opt.step() is None


def test_the_closure_runs_with_gradients_enabled():
    import autograd

    w = Tensor(np.array([3.0]), requires_grad=True)
    opt = optim.Adam([w], lr=0.1)

    def closure():
        opt.zero_grad()
        loss = (w * w).sum()
        loss.backward()
        return loss
    with autograd.no_grad():
        assert float(opt.step(closure)) == 9.0
    assert w.numpy(force=True)[0] == pytest.approx(2.9)


@pytest.mark.parametrize("case", ALL, ids=[f"{n}-{i}" for i, (n, _) in enumerate(ALL)])
def test_step_bumps_the_version_of_each_updated_parameter(case):
    name, kwargs = case
    params = _params(np.random.default_rng(6))
    opt = getattr(optim, name)(params, **kwargs)
    params[0].grad = Tensor(np.ones(params[0].shape))
    before = [p._version for p in params]
    opt.step()
    assert [p._version for p in params] == [before[0] + 1, before[1], before[2]]


def test_step_is_recorded_for_the_schedulers_order_check():
    class Custom(optim.SGD):
        def step(self, closure=None):
            return super().step(closure)
    opt = Custom([Tensor(np.ones(2), requires_grad=True)], lr=0.1)
    assert opt._step_called is False
    opt.step()
    assert opt._step_called is True


def test_float32_parameters_stay_float32():
    p = Tensor(np.ones(3, dtype=np.float32), requires_grad=True)
    opt = optim.Adam([p], lr=0.1)
    p.grad = Tensor(np.ones(3, dtype=np.float32))
    opt.step()
    assert p.numpy(force=True).dtype == np.float32 and opt.state[p]["exp_avg"].dtype == np.float32


def test_repr_lists_groups():
    opt = optim.Adam([Tensor(np.ones(2), requires_grad=True)], lr=0.01)
    text = repr(opt)
    assert text.startswith("Adam (") and "Parameter Group 0" in text and "lr: 0.01" in text


def test_add_param_group_takes_defaults_and_a_single_tensor():
    a = Tensor(np.ones(2), requires_grad=True)
    b = Tensor(np.ones(2), requires_grad=True)
    opt = optim.SGD([a], lr=0.1, momentum=0.9)
    opt.add_param_group({"params": b, "lr": 0.5})
    assert [g["lr"] for g in opt.param_groups] == [0.1, 0.5]
    assert opt.param_groups[1]["params"][0] is b and opt.param_groups[1]["momentum"] == 0.9


def test_an_empty_parameter_group_is_allowed_as_in_pytorch():
    a = Tensor(np.ones(2), requires_grad=True)
    opt = optim.AdamW([{"params": [a]}, {"params": [], "weight_decay": 0.0}], lr=0.1)
    a.grad = Tensor(np.ones(2))
    opt.step()
    assert opt.state_dict()["param_groups"][1]["params"] == []


def test_betas_given_as_a_list_become_a_tuple():
    opt = optim.Adam([Tensor(np.ones(2), requires_grad=True)], betas=[0.8, 0.99])
    assert opt.param_groups[0]["betas"] == (0.8, 0.99)


def test_named_parameters_keep_their_names():
    a = Tensor(np.ones(2), requires_grad=True)
    b = Tensor(np.ones(3), requires_grad=True)
    opt = optim.SGD([("layer.weight", a), ("layer.bias", b)], lr=0.1)
    assert opt.param_groups[0]["params"][0] is a
    assert opt.state_dict()["param_groups"][0]["param_names"] == ["layer.weight", "layer.bias"]


def test_backward_through_a_graph_made_before_step_is_refused():
    import autograd

    w = autograd.tensor(np.array([1.0, 2.0]), requires_grad=True, name="w")
    x = autograd.tensor(np.array([3.0, 4.0]))
    loss = (w * w).sum()          # Mul saves w, for the other factor's gradient
    (w * x).sum().backward()
    optim.SGD([w], lr=0.1).step()
    with pytest.raises(RuntimeError, match="inplace.*'w'"):
        loss.backward()
    untouched = (w * x).sum()     # saves x only (w's gradient needs x), as PyTorch
    optim.SGD([w], lr=0.1).step()
    untouched.backward()
