"""Every activation module against PyTorch's: value, gradient, in place, and repr."""
from __future__ import annotations

import numpy as np
import pytest

import nn
from autograd import Tensor, ops

# (module name, constructor arguments, the op of autograd.ops it needs)
ACTIVATIONS = [
    ("ReLU", {}, "relu"), ("ReLU", {"inplace": True}, "relu"),
    ("LeakyReLU", {"negative_slope": 0.2}, "leaky_relu"), ("Sigmoid", {}, "sigmoid"),
    ("Tanh", {}, "tanh"), ("GELU", {}, "gelu"), ("GELU", {"approximate": "tanh"}, "gelu"),
    ("Softmax", {"dim": 1}, "softmax"), ("LogSoftmax", {"dim": -1}, "log_softmax"),
    ("Softmin", {"dim": 0}, "softmin"), ("ELU", {"alpha": 0.7}, "elu"),
    ("ELU", {"inplace": True}, "elu"), ("SELU", {}, "selu"), ("CELU", {"alpha": 1.3}, "celu"),
    ("SiLU", {}, "silu"), ("Mish", {}, "mish"), ("Softplus", {"beta": 2.0, "threshold": 3.0},
                                                "softplus"),
    ("Softsign", {}, "softsign"), ("ReLU6", {}, "relu6"), ("Hardtanh", {"min_val": -0.5},
                                                           "hardtanh"),
    ("Hardtanh", {"max_val": 0.5, "inplace": True}, "hardtanh"), ("Hardswish", {}, "hardswish"),
    ("Hardsigmoid", {}, "hardsigmoid"), ("LogSigmoid", {}, "logsigmoid"),
    ("Threshold", {"threshold": 0.1, "value": 20}, "threshold"),
    ("Threshold", {"threshold": -1, "value": 0.5, "inplace": True}, "threshold"),
    ("Hardshrink", {}, "hardshrink"), ("Hardshrink", {"lambd": 2.0}, "hardshrink"),
    ("Softshrink", {"lambd": 1.5}, "softshrink"), ("Tanhshrink", {}, "tanhshrink"),
]


def _id(entry):
    name, kwargs, _ = entry
    return name + "".join(f"-{k}={v}" for k, v in kwargs.items())


@pytest.mark.parametrize("entry", ACTIVATIONS, ids=_id)
def test_activation_module_matches_pytorch(torch, entry):
    name, kwargs, op = entry
    if not hasattr(ops, op):
        pytest.skip(f"autograd.ops.{op} is not there yet (it comes with the elementwise ops)")
    ours, theirs = getattr(nn, name)(**kwargs), getattr(torch.nn, name)(**kwargs)
    assert repr(ours) == repr(theirs)
    x = np.random.default_rng(0).standard_normal((4, 5)) * 4
    x[0, :3] = [0.25, -3.0, 3.0]  # near the kinks of the hard ones
    a, ta = Tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    inputs, theirs_inputs = (a * 1.0, ta * 1.0) if kwargs.get("inplace") else (a, ta)
    out, expected = ours(inputs), theirs(theirs_inputs)
    if kwargs.get("inplace"):
        assert out is inputs
    np.testing.assert_allclose(out.numpy(force=True), expected.detach().numpy(), rtol=1e-10,
                               atol=1e-12)
    weights = np.random.default_rng(1).standard_normal(x.shape)
    (out * Tensor(weights)).sum().backward()
    (expected * torch.tensor(weights)).sum().backward()
    # PyTorch's float64 backwards of CELU and Hardsigmoid round constants to float32
    rtol = 1e-6 if name in ("CELU", "Hardsigmoid") else 1e-9
    np.testing.assert_allclose(a.grad.numpy(), ta.grad.numpy(), rtol=rtol, atol=1e-12)


def test_in_place_activation_of_a_leaf_that_requires_grad_refuses():
    x = Tensor(np.ones(3), requires_grad=True)
    with pytest.raises(RuntimeError, match="leaf Variable that requires grad"):
        nn.ReLU(inplace=True)(x)


def test_hardtanh_refuses_an_empty_range():
    with pytest.raises(ValueError, match="max_val"):
        nn.Hardtanh(1.0, -1.0)


def test_prelu_learns_its_slopes_as_pytorch(torch):
    """PReLU's parameter: its initial value (0.25), its shape, and its gradient."""
    for num_parameters, shape in ((1, (4, 3, 2)), (3, (4, 3, 2)), (1, (5,))):
        ours, theirs = nn.PReLU(num_parameters), torch.nn.PReLU(num_parameters)
        assert [name for name, _ in ours.named_parameters()] == ["weight"]
        np.testing.assert_array_equal(ours.weight.numpy(force=True),
                                      theirs.weight.detach().numpy())
        x = np.random.default_rng(2).standard_normal(shape).astype(np.float32)
        ours(Tensor(x)).sum().backward()
        theirs(torch.tensor(x)).sum().backward()
        np.testing.assert_allclose(ours.weight.grad.numpy(), theirs.weight.grad.numpy(),
                                   rtol=1e-6)


def test_glu_module_halves_its_dim_as_pytorch(torch):
    x = np.random.default_rng(4).standard_normal((4, 6))
    for dim in (0, 1, -1):
        ours, theirs = nn.GLU(dim), torch.nn.GLU(dim)
        assert repr(ours) == repr(theirs)
        a, ta = Tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
        out, expected = ours(a), theirs(ta)
        np.testing.assert_allclose(out.numpy(force=True), expected.detach().numpy(), rtol=1e-12)
        (out * out).sum().backward(), (expected * expected).sum().backward()
        np.testing.assert_allclose(a.grad.numpy(), ta.grad.numpy(), rtol=1e-10)


@pytest.mark.parametrize("inplace", [False, True])
def test_rrelu_draws_pytorch_slopes_in_training_and_the_mean_in_evaluation(torch, inplace):
    import autograd as ag

    x = np.random.default_rng(3).standard_normal((4, 5))
    x[0, 0] = 0.0  # a slope is drawn at 0 too
    ours, theirs = nn.RReLU(0.1, 0.4, inplace=inplace), torch.nn.RReLU(0.1, 0.4, inplace)
    assert repr(ours) == repr(theirs)
    for training in (True, False):
        ours.train(training), theirs.train(training)
        ag.manual_seed(5), torch.manual_seed(5)
        a, ta = Tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
        out, expected = ours(a * 1.0), theirs(ta * 1.0)
        np.testing.assert_allclose(out.numpy(force=True), expected.detach().numpy(),
                                   rtol=1e-12)
        out.sum().backward(), expected.sum().backward()
        np.testing.assert_allclose(a.grad.numpy(), ta.grad.numpy(), rtol=1e-12)


@pytest.mark.parametrize("make, error", [
    (lambda: nn.PReLU(0), ValueError), (lambda: nn.PReLU(2.5), TypeError),
    (lambda: nn.PReLU(init="a"), TypeError), (lambda: nn.Threshold("a", 1), TypeError),
    (lambda: nn.Hardshrink(None), TypeError), (lambda: nn.GLU(0.5), TypeError),
])
def test_piecewise_activation_modules_refuse_bad_arguments(make, error):
    with pytest.raises(error):
        make()
