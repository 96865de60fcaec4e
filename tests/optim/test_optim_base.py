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
    checkpoint = [p.data.copy() for p in params]
    saved = copy.deepcopy(opt.state_dict())
    _run(opt, params, grads[10:])

    restored = [Tensor(c.copy(), requires_grad=True) for c in checkpoint]
    opt2 = getattr(optim, name)(restored, lr=123.0)  # the lr comes back from the state dict
    opt2.load_state_dict(_through_arrays(saved) if storage == "arrays" else saved)
    assert opt2.param_groups[0]["lr"] == opt.param_groups[0]["lr"]
    assert type(opt2.param_groups[0].get("betas", ())) is tuple
    _run(opt2, restored, grads[10:])
    for p, q in zip(params, restored):
        np.testing.assert_array_equal(p.data, q.data)
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
    assert sd["state"][0]["step"] == 1
    assert isinstance(sd["state"][0]["exp_avg"], np.ndarray)
    assert [g["params"] for g in sd["param_groups"]] == [[0, 1], [2]]
    assert [g["lr"] for g in sd["param_groups"]] == [0.1, 0.5]
    assert sd["param_groups"][0]["betas"] == (0.9, 0.999)
    # copies, not references
    sd["state"][0]["exp_avg"][...] = 7.0
    assert not np.any(opt.state[a]["exp_avg"] == 7.0)


def test_load_state_dict_errors_are_clear():
    rng = np.random.default_rng(2)
    a, b, c = _params(rng)
    opt = optim.SGD([a, b], lr=0.1, momentum=0.9)
    with pytest.raises(ValueError, match="number of parameter groups|2 parameter groups"):
        two = optim.SGD([{"params": [a]}, {"params": [b]}], lr=0.1)
        opt.load_state_dict(two.state_dict())
    with pytest.raises(ValueError, match="group 0 holds 3 parameters.*holds 2"):
        opt.load_state_dict(optim.SGD([a, b, c], lr=0.1).state_dict())
    with pytest.raises(ValueError, match="'state' and 'param_groups'"):
        opt.load_state_dict({"params": []})
    other = optim.SGD([c], lr=0.1)
    state = other.state_dict()
    state["state"] = {5: {"momentum_buffer": np.zeros(())}}
    with pytest.raises(ValueError, match="parameter 5"):
        other.load_state_dict(state)


def test_state_is_lazy_and_keyed_by_parameter():
    rng = np.random.default_rng(3)
    params = _params(rng)
    opt = optim.RMSprop(params)
    assert len(opt.state) == 0
    params[1].grad = Tensor(np.ones(5))
    opt.step()
    assert list(opt.state) == [params[1]]
    assert opt.state[params[1]]["step"] == 1


def test_zero_grad():
    rng = np.random.default_rng(4)
    params = _params(rng)
    opt = optim.SGD(params, lr=0.1)
    for p in params:
        p.grad = Tensor(np.ones(p.shape))
    grad0 = params[0].grad
    opt.zero_grad(set_to_none=False)
    assert params[0].grad is grad0 and not np.any(grad0.data)
    opt.zero_grad()
    assert all(p.grad is None for p in params)


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
    np.testing.assert_allclose(w.data, [3.0 - 0.25 * 6, -2.0 + 0.25 * 4])
    assert opt.step() is None


def test_float32_parameters_stay_float32():
    p = Tensor(np.ones(3, dtype=np.float32), requires_grad=True)
    opt = optim.Adam([p], lr=0.1)
    p.grad = Tensor(np.ones(3, dtype=np.float32))
    opt.step()
    assert p.data.dtype == np.float32 and opt.state[p]["exp_avg"].dtype == np.float32


def test_repr_lists_groups():
    opt = optim.Adam([Tensor(np.ones(2), requires_grad=True)], lr=0.01)
    text = repr(opt)
    assert text.startswith("Adam (") and "Parameter Group 0" in text and "lr: 0.01" in text


@pytest.mark.parametrize("make, match", [
    (lambda p: optim.SGD(p, lr=-0.1), "lr"),
    (lambda p: optim.SGD(p, momentum=-1), "momentum"),
    (lambda p: optim.SGD(p, weight_decay=-1), "weight_decay"),
    (lambda p: optim.SGD(p, nesterov=True), "nesterov"),
    (lambda p: optim.SGD(p, lr=0.1, momentum=0.9, dampening=0.1, nesterov=True), "nesterov"),
    (lambda p: optim.Momentum(p, beta=1.0), "beta"),
    (lambda p: optim.Adam(p, betas=(1.0, 0.999)), r"betas\[0\]"),
    (lambda p: optim.Adam(p, betas=(0.9, -0.1)), r"betas\[1\]"),
    (lambda p: optim.Adam(p, eps=-1e-8), "eps"),
    (lambda p: optim.AdamW(p, lr=-1), "lr"),
    (lambda p: optim.NAdam(p, momentum_decay=-1), "momentum_decay"),
    (lambda p: optim.RAdam(p, weight_decay=-1), "weight_decay"),
    (lambda p: optim.Adamax(p, betas=(0.9, 1.5)), r"betas\[1\]"),
    (lambda p: optim.Adagrad(p, lr_decay=-1), "lr_decay"),
    (lambda p: optim.Adagrad(p, initial_accumulator_value=-1), "initial_accumulator_value"),
    (lambda p: optim.Adadelta(p, rho=1.5), "rho"),
    (lambda p: optim.RMSprop(p, alpha=-0.5), "alpha"),
    (lambda p: optim.LAMB(p, trust_clip=-1), "trust_clip"),
    (lambda p: optim.LBFGS(p, line_search_fn="backtracking"), "line_search_fn"),
    (lambda p: optim.LBFGS(p, history_size=0), "history_size"),
    (lambda p: optim.Adam(p, lr=float("nan")), "lr"),
])
def test_bad_hyper_parameters_name_the_argument(make, match):
    with pytest.raises(ValueError, match=match):
        make([Tensor(np.ones(2), requires_grad=True)])


def test_bad_parameter_groups():
    a = Tensor(np.ones(2), requires_grad=True)
    b = Tensor(np.ones(2), requires_grad=True)
    with pytest.raises(ValueError, match="empty parameter list"):
        optim.SGD([], lr=0.1)
    with pytest.raises(TypeError, match="wrap it in a list"):
        optim.SGD(a, lr=0.1)
    with pytest.raises(TypeError, match="set"):
        optim.SGD([{"params": {a}}], lr=0.1)
    with pytest.raises(TypeError, match=r"params\[1\] is a ndarray"):
        optim.SGD([a, np.ones(2)], lr=0.1)
    with pytest.raises(ValueError, match="non-leaf"):
        optim.SGD([a * 2], lr=0.1)
    with pytest.raises(ValueError, match="more than once"):
        optim.SGD([a, b, a], lr=0.1)
    opt = optim.SGD([a], lr=0.1)
    with pytest.raises(ValueError, match="more than one parameter group"):
        opt.add_param_group({"params": [b, a]})
    with pytest.raises(ValueError, match="lr"):
        opt.add_param_group({"params": [b], "lr": -3})
    opt.add_param_group({"params": b, "lr": 0.5})
    assert [g["lr"] for g in opt.param_groups] == [0.1, 0.5]
    with pytest.raises(ValueError, match="parameter groups"):
        optim.LBFGS([{"params": [a]}, {"params": [b]}])


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
    loss = (w * x).sum()
    (w * x).sum().backward()
    optim.SGD([w], lr=0.1).step()
    with pytest.raises(RuntimeError, match="'w'.*in-place"):
        loss.backward()
