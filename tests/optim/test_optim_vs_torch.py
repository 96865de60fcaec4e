"""Every optimizer and configuration against PyTorch: 20 steps on the same random gradients."""
import numpy as np
import pytest

from autograd import Tensor
import optim

torch = pytest.importorskip("torch")
torch.set_num_threads(1)

SHAPES = [(3, 4), (5,), ()]
STEPS = 20

CASES = [
    ("SGD", dict(lr=0.1)),
    ("SGD", dict(lr=0.1, momentum=0.9)),
    ("SGD", dict(lr=0.1, momentum=0.9, dampening=0.5)),
    ("SGD", dict(lr=0.1, momentum=0.9, nesterov=True)),
    ("SGD", dict(lr=0.1, momentum=0.8, weight_decay=0.1, maximize=True)),
    ("RMSprop", dict()),
    ("RMSprop", dict(lr=0.01, alpha=0.9, momentum=0.5)),
    ("RMSprop", dict(lr=0.01, centered=True)),
    ("RMSprop", dict(lr=0.01, momentum=0.9, centered=True, weight_decay=0.1, maximize=True)),
    ("Adagrad", dict()),
    ("Adagrad", dict(lr=0.1, lr_decay=0.01, weight_decay=0.1, initial_accumulator_value=0.5)),
    ("Adagrad", dict(lr=0.1, eps=1e-3, maximize=True)),
    ("Adadelta", dict()),
    ("Adadelta", dict(lr=0.5, rho=0.5, eps=1e-3, weight_decay=0.1, maximize=True)),
    ("Adam", dict()),
    ("Adam", dict(lr=0.05, betas=(0.8, 0.9), eps=1e-6)),
    ("Adam", dict(lr=0.05, amsgrad=True)),
    ("Adam", dict(lr=0.05, weight_decay=0.1, maximize=True)),
    ("Adam", dict(lr=0.05, weight_decay=0.1, decoupled_weight_decay=True, amsgrad=True)),
    ("AdamW", dict()),
    ("AdamW", dict(lr=0.05, weight_decay=0.3, amsgrad=True)),
    ("AdamW", dict(lr=0.05, maximize=True)),
    ("Adamax", dict()),
    ("Adamax", dict(lr=0.05, betas=(0.5, 0.9), weight_decay=0.1, maximize=True)),
    ("NAdam", dict()),
    ("NAdam", dict(lr=0.05, momentum_decay=0.1, weight_decay=0.1)),
    ("NAdam", dict(lr=0.05, weight_decay=0.1, decoupled_weight_decay=True, maximize=True)),
    ("RAdam", dict()),
    ("RAdam", dict(lr=0.05, betas=(0.9, 0.9), weight_decay=0.1)),  # rectified from step 5 on
    ("RAdam", dict(lr=0.05, weight_decay=0.1, decoupled_weight_decay=True, maximize=True)),
]


def _make_params(rng, shapes=SHAPES):
    arrays = [rng.standard_normal(shape) for shape in shapes]
    ours = [Tensor(a.copy(), requires_grad=True) for a in arrays]
    theirs = [torch.tensor(a.copy(), requires_grad=True) for a in arrays]
    return ours, theirs


def _set_grads(rng, ours, theirs):
    for p, q in zip(ours, theirs):
        g = rng.standard_normal(p.shape)
        p.grad = Tensor(g.copy())
        q.grad = torch.tensor(g.copy())


def _assert_params_equal(ours, theirs, step):
    for p, q in zip(ours, theirs):
        np.testing.assert_allclose(p.numpy(force=True), q.detach().numpy(), rtol=1e-6, atol=1e-6,
                                   err_msg=f"step {step}")


def _id(case):
    name, kwargs = case
    return name + "(" + ",".join(f"{k}={v}" for k, v in kwargs.items()) + ")"


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_twenty_steps_equal_pytorch(case):
    name, kwargs = case
    rng = np.random.default_rng(0)
    ours, theirs = _make_params(rng)
    opt = getattr(optim, name)(ours, **kwargs)
    ref = getattr(torch.optim, name)(theirs, **kwargs)
    worst = 0.0
    for step in range(1, STEPS + 1):
        _set_grads(rng, ours, theirs)
        opt.step()
        ref.step()
        _assert_params_equal(ours, theirs, step)
        worst = max(worst, max(float(np.abs(p.numpy(force=True) - q.detach().numpy()).max())
                               for p, q in zip(ours, theirs)))
    assert worst < 1e-12  # in practice the same floating-point operations
    # the state dict is PyTorch's: the same entries in the same order, of the same types
    # (tensors of the same dtypes: the step a float32 0-d tensor), holding the same values
    ours_sd, ref_sd = opt.state_dict(), ref.state_dict()
    assert list(ours_sd["state"]) == [i for i, s in ref_sd["state"].items() if s]
    for index, entry in ours_sd["state"].items():
        ref_entry = ref_sd["state"][index]
        assert list(entry) == list(ref_entry)
        for key, value in entry.items():
            assert isinstance(value, Tensor) and repr(value.dtype) == repr(ref_entry[key].dtype)
            np.testing.assert_allclose(value.numpy(), ref_entry[key].numpy(),
                                       rtol=1e-9, atol=1e-12)
        if "step" in ref_entry:
            assert repr(entry["step"]) == repr(ref_entry["step"])
    for group, ref_group in zip(ours_sd["param_groups"], ref_sd["param_groups"]):
        assert repr(group) == repr(ref_group)  # keys, order, values and their types


@pytest.mark.parametrize("name", ["SGD", "RMSprop", "Adagrad", "Adadelta", "Adam", "AdamW",
                                  "Adamax", "NAdam", "RAdam", "LBFGS"])
def test_param_groups_print_as_pytorch_s(name):
    rng = np.random.default_rng(4)
    ours, theirs = _make_params(rng)
    opt, ref = getattr(optim, name)(ours), getattr(torch.optim, name)(theirs)
    group = {k: v for k, v in opt.param_groups[0].items() if k != "params"}
    ref_group = {k: v for k, v in ref.param_groups[0].items() if k != "params"}
    assert repr(group) == repr(ref_group)
    assert [type(v) for v in group.values()] == [type(v) for v in ref_group.values()]
    assert repr(opt.state_dict()) == repr(ref.state_dict())  # Adagrad's state is made at once


@pytest.mark.parametrize("name", ["SGD", "RMSprop", "Adagrad", "Adadelta", "Adam", "AdamW",
                                  "Adamax", "NAdam", "RAdam", "LBFGS"])
def test_defaults_equal_pytorch(name):
    import inspect
    ours = inspect.signature(getattr(optim, name)).parameters
    theirs = inspect.signature(getattr(torch.optim, name)).parameters
    assert list(ours) == list(theirs)  # the same arguments, in the same order
    for key, parameter in ours.items():
        if key == "params":
            continue
        assert parameter.kind == theirs[key].kind, key
        assert parameter.default == theirs[key].default, key
        assert type(parameter.default) is type(theirs[key].default), key  # 0, not 0.0


@pytest.mark.parametrize("flags, error", [
    (dict(foreach=True), None), (dict(foreach=False), None), (dict(fused=True), None),
    (dict(foreach=True, fused=True), "cannot be `True` together"),
    (dict(capturable=True), "CUDA graphs"), (dict(differentiable=True), "differentiable"),
    (dict(foreach="yes"), "foreach must be None or a bool")])
def test_implementation_flags_are_accepted_or_refused_clearly(flags, error):
    params = [Tensor(np.ones(3), requires_grad=True)]
    if error is None:
        optim.Adam(params, **flags)
        return
    with pytest.raises((TypeError, ValueError, RuntimeError), match=error):
        optim.Adam(params, **flags)


def test_param_groups_with_different_lrs_equal_pytorch():
    rng = np.random.default_rng(1)
    ours, theirs = _make_params(rng)
    opt = optim.SGD([{"params": ours[:1]}, {"params": ours[1:], "lr": 0.01, "momentum": 0.5}],
                    lr=0.1, momentum=0.9)
    ref = torch.optim.SGD([{"params": theirs[:1]},
                           {"params": theirs[1:], "lr": 0.01, "momentum": 0.5}],
                          lr=0.1, momentum=0.9)
    assert [g["lr"] for g in opt.param_groups] == [0.1, 0.01]
    assert [g["momentum"] for g in opt.param_groups] == [0.9, 0.5]
    for step in range(STEPS):
        _set_grads(rng, ours, theirs)
        opt.step()
        ref.step()
        _assert_params_equal(ours, theirs, step)


def test_add_param_group_equals_pytorch():
    rng = np.random.default_rng(2)
    ours, theirs = _make_params(rng)
    opt = optim.Adam(ours[:2], lr=0.05)
    ref = torch.optim.Adam(theirs[:2], lr=0.05)
    for step in range(STEPS):
        if step == 5:
            opt.add_param_group({"params": ours[2], "lr": 0.2, "amsgrad": True})
            ref.add_param_group({"params": theirs[2], "lr": 0.2, "amsgrad": True})
        _set_grads(rng, ours, theirs)
        if step < 5:  # the third parameter is not optimized yet
            ours[2].grad = None
            theirs[2].grad = None
        opt.step()
        ref.step()
        _assert_params_equal(ours, theirs, step)


def test_parameters_without_grad_are_skipped_like_pytorch():
    rng = np.random.default_rng(3)
    ours, theirs = _make_params(rng)
    opt = optim.Adam(ours, lr=0.1)
    ref = torch.optim.Adam(theirs, lr=0.1)
    for step in range(6):
        _set_grads(rng, ours, theirs)
        if step % 2:
            ours[0].grad, theirs[0].grad = None, None
        opt.step()
        ref.step()
        _assert_params_equal(ours, theirs, step)
    assert opt.state[ours[0]]["step"] == 3
