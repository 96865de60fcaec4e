"""Losses: forward and backward against PyTorch for every reduction, gradcheck, errors."""
import numpy as np
import pytest

from autograd import Tensor, grad, gradcheck
from nn.loss import (
    BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, HuberLoss, L1Loss, MSELoss, NLLLoss,
    binary_cross_entropy, binary_cross_entropy_with_logits, cross_entropy, huber_loss,
    l1_loss, mse_loss, nll_loss,
)

REDUCTIONS = ["mean", "sum", "none"]


def _rng(seed=0):
    return np.random.default_rng(seed)


def _compare(torch, ours_fn, torch_fn, inputs, grad_inputs=(0,), atol=1e-10):
    """Run both losses on float64 copies of `inputs`; compare values and gradients."""
    ours = [Tensor(a, requires_grad=i in grad_inputs) if a.dtype.kind == "f" else Tensor(a)
            for i, a in enumerate(inputs)]
    theirs = [torch.tensor(a, requires_grad=i in grad_inputs) for i, a in enumerate(inputs)]
    out, expected = ours_fn(*ours), torch_fn(*theirs)
    np.testing.assert_allclose(out.numpy(force=True), expected.detach().numpy(),
                               atol=atol, rtol=1e-9)
    seed = _rng(9).standard_normal(out.shape)
    out.backward(Tensor(seed))
    expected.backward(torch.tensor(seed))
    for i in grad_inputs:
        np.testing.assert_allclose(ours[i].grad.numpy(force=True), theirs[i].grad.numpy(),
                                   atol=atol, rtol=1e-9, err_msg=f"gradient of input {i}")


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("name", ["mse", "l1", "huber"])
def test_regression_losses_match_torch(torch, name, reduction):
    F = torch.nn.functional
    ours = {"mse": lambda a, b: mse_loss(a, b, reduction=reduction),
            "l1": lambda a, b: l1_loss(a, b, reduction=reduction),
            "huber": lambda a, b: huber_loss(a, b, reduction, delta=0.7)}[name]
    theirs = {"mse": lambda a, b: F.mse_loss(a, b, reduction=reduction),
              "l1": lambda a, b: F.l1_loss(a, b, reduction=reduction),
              "huber": lambda a, b: F.huber_loss(a, b, reduction=reduction, delta=0.7)}[name]
    x, y = _rng().standard_normal((2, 5, 3))
    _compare(torch, ours, theirs, [x, y], grad_inputs=(0, 1))


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_bce_matches_torch_with_weight(torch, reduction):
    rng = _rng(1)
    p = rng.uniform(0.02, 0.98, (6, 4))
    y = rng.uniform(0, 1, (6, 4))
    w = rng.uniform(0.5, 2, (4,))
    _compare(torch, lambda a, b: binary_cross_entropy(a, b, Tensor(w), reduction=reduction),
             lambda a, b: torch.nn.functional.binary_cross_entropy(
                 a, b, torch.tensor(w), reduction=reduction),
             [p, y], grad_inputs=(0, 1))


def test_bce_clamps_log_at_minus_100_as_torch(torch):
    p = np.array([0.0, 1.0, 0.5, 1e-60])
    y = np.array([1.0, 0.0, 1.0, 1.0])
    ours = Tensor(p, requires_grad=True)
    out = binary_cross_entropy(ours, Tensor(y), reduction="none")
    theirs = torch.tensor(p, requires_grad=True)
    expected = torch.nn.functional.binary_cross_entropy(theirs, torch.tensor(y), reduction="none")
    np.testing.assert_allclose(out.numpy(force=True), expected.detach().numpy())
    assert out.numpy(force=True)[0] == 100.0 and out.numpy(force=True)[1] == 100.0
    out.sum().backward()
    expected.sum().backward()
    np.testing.assert_allclose(ours.grad.numpy(force=True), theirs.grad.numpy(), rtol=1e-8)
    assert np.isfinite(ours.grad.numpy(force=True)).all()


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("pos_weight", [False, True])
def test_bce_with_logits_matches_torch(torch, reduction, pos_weight):
    rng = _rng(2)
    x = rng.standard_normal((5, 3)) * 4
    x[0, 0], x[1, 1] = 80.0, -80.0  # far in the tails: stable, no overflow
    y = (rng.uniform(size=(5, 3)) > 0.5).astype(np.float64)
    w = rng.uniform(0.5, 2, (5, 1))
    pw = rng.uniform(0.5, 3, (3,))
    inputs = [x, y] + ([pw] if pos_weight else [])

    def ours(a, b, *c):
        return binary_cross_entropy_with_logits(a, b, Tensor(w), reduction=reduction,
                                                pos_weight=c[0] if c else None)

    def theirs(a, b, *c):
        return torch.nn.functional.binary_cross_entropy_with_logits(
            a, b, torch.tensor(w), reduction=reduction, pos_weight=c[0] if c else None)
    _compare(torch, ours, theirs, inputs, grad_inputs=(0, 1))  # torch has no pos_weight grad


def _class_data(shape, seed=3, ignore=False):
    rng = _rng(seed)
    x = rng.standard_normal(shape) * 2
    target = rng.integers(0, shape[1], (shape[0],) + shape[2:])
    if ignore:
        target.reshape(-1)[::3] = -100 if ignore is True else ignore
    return x, target


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("shape", [(6, 4), (3, 4, 5), (2, 3, 2, 2)])
@pytest.mark.parametrize("options", [{}, {"weight": True}, {"ignore": True},
                                     {"label_smoothing": 0.2},
                                     {"weight": True, "ignore": True, "label_smoothing": 0.1}])
def test_cross_entropy_matches_torch(torch, reduction, shape, options):
    x, target = _class_data(shape, ignore=options.get("ignore", False))
    w = _rng(4).uniform(0.5, 2, shape[1]) if options.get("weight") else None
    ls = options.get("label_smoothing", 0.0)
    _compare(torch,
             lambda a, t: cross_entropy(a, t, weight=w, reduction=reduction, label_smoothing=ls),
             lambda a, t: torch.nn.functional.cross_entropy(
                 a, t, weight=None if w is None else torch.tensor(w), reduction=reduction,
                 label_smoothing=ls),
             [x, target])


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("label_smoothing", [0.0, 0.3])
def test_cross_entropy_probability_targets_match_torch(torch, reduction, label_smoothing):
    rng = _rng(5)
    x = rng.standard_normal((5, 4, 3))
    probs = rng.uniform(size=(5, 4, 3))
    probs /= probs.sum(1, keepdims=True)
    w = rng.uniform(0.5, 2, 4)
    _compare(torch,
             lambda a, t: cross_entropy(a, t, weight=w, reduction=reduction,
                                        label_smoothing=label_smoothing),
             lambda a, t: torch.nn.functional.cross_entropy(
                 a, t, weight=torch.tensor(w), reduction=reduction,
                 label_smoothing=label_smoothing),
             [x, probs], grad_inputs=(0, 1))


def test_cross_entropy_one_sample_of_shape_c(torch):
    x = _rng(6).standard_normal(5)
    _compare(torch, lambda a, t: cross_entropy(a, t, reduction="none"),
             lambda a, t: torch.nn.functional.cross_entropy(a, t, reduction="none"),
             [x, np.array(3)])


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("shape", [(6, 4), (3, 4, 5)])
def test_nll_matches_torch(torch, reduction, shape):
    x, target = _class_data(shape, seed=7, ignore=1)
    w = _rng(8).uniform(0.5, 2, shape[1])
    _compare(torch,
             lambda a, t: nll_loss(a.log_softmax(1), t, weight=w, ignore_index=1,
                                   reduction=reduction),
             lambda a, t: torch.nn.functional.nll_loss(a.log_softmax(1), t,
                                                       weight=torch.tensor(w), ignore_index=1,
                                                       reduction=reduction),
             [x, target])


def test_cross_entropy_is_one_node_with_gradient_p_minus_y():
    logits = Tensor(np.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3]]), requires_grad=True)
    loss = cross_entropy(logits, Tensor(np.array([0, 1])))
    assert loss.grad_fn.op_name == "CrossEntropy"
    assert all(edge is None or edge[0] is logits for edge in loss.grad_fn.next_functions)
    loss.backward()
    p = np.exp(logits.numpy(force=True)) / np.exp(logits.numpy(force=True)).sum(1, keepdims=True)
    np.testing.assert_allclose(logits.grad.numpy(force=True), (p - np.eye(3)[[0, 1]]) / 2,
                               rtol=1e-12)


def _gradcheck_inputs(*arrays):
    return [Tensor(a, requires_grad=True) for a in arrays]


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_gradcheck_fused_classification_nodes(reduction):
    x, target = _class_data((4, 3, 2), ignore=True)
    w = np.array([0.5, 1.0, 2.0])
    (xt,) = _gradcheck_inputs(x)
    assert gradcheck(lambda a: cross_entropy(a, target, weight=w, reduction=reduction,
                                             label_smoothing=0.1), (xt,))
    assert gradcheck(lambda a: nll_loss(a, target, weight=w, reduction=reduction), (xt,))
    probs = _rng(1).uniform(size=(4, 3, 2))
    xt, pt = _gradcheck_inputs(x, probs)
    assert gradcheck(lambda a, t: cross_entropy(a, t, reduction=reduction), (xt, pt))


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_gradcheck_fused_binary_nodes(reduction):
    rng = _rng(11)
    p, y, pw = rng.uniform(0.1, 0.9, (3, 4)), rng.uniform(size=(3, 4)), rng.uniform(1, 3, 4)
    x = rng.standard_normal((3, 4)) * 3
    pt, yt = _gradcheck_inputs(p, y)
    assert gradcheck(lambda a, b: binary_cross_entropy(a, b, reduction=reduction), (pt, yt))
    xt, yt = _gradcheck_inputs(x, y)
    pwt = Tensor(pw)  # PyTorch gives pos_weight no gradient (it refuses one that requires it)
    assert gradcheck(lambda a, b: binary_cross_entropy_with_logits(
        a, b, reduction=reduction, pos_weight=pwt), (xt, yt))
    assert gradcheck(lambda a, b: binary_cross_entropy_with_logits(a, b, reduction=reduction),
                     (xt, yt))


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_gradcheck_regression_losses(reduction):
    rng = _rng(14)
    x, y = rng.standard_normal((2, 3, 4)) * 2
    xt, yt = _gradcheck_inputs(x, y)
    assert gradcheck(lambda a, b: mse_loss(a, b, reduction=reduction), (xt, yt))
    assert gradcheck(lambda a, b: l1_loss(a, b, reduction=reduction), (xt, yt))
    assert gradcheck(lambda a, b: huber_loss(a, b, reduction, delta=1.5), (xt, yt))


def test_cross_entropy_second_derivative_matches_torch(torch):
    x, target = _class_data((4, 5), seed=12)
    v = _rng(13).standard_normal((4, 5))
    ours = Tensor(x, requires_grad=True)
    (g,) = grad(cross_entropy(ours, target, label_smoothing=0.1), [ours], create_graph=True)
    (hv,) = grad((g * Tensor(v)).sum(), [ours])
    theirs = torch.tensor(x, requires_grad=True)
    (gt,) = torch.autograd.grad(torch.nn.functional.cross_entropy(
        theirs, torch.tensor(target), label_smoothing=0.1), [theirs], create_graph=True)
    (hvt,) = torch.autograd.grad((gt * torch.tensor(v)).sum(), [theirs])
    np.testing.assert_allclose(hv.numpy(force=True), hvt.numpy(), atol=1e-12)


def test_modules_match_functions_and_show_reduction():
    x, target = _class_data((5, 3))
    logits = Tensor(x)
    np.testing.assert_allclose(
        CrossEntropyLoss(label_smoothing=0.1)(logits, target).numpy(force=True),
        cross_entropy(logits, target, label_smoothing=0.1).numpy(force=True))
    np.testing.assert_allclose(
        NLLLoss(reduction="sum")(logits.log_softmax(1), target).numpy(force=True),
        nll_loss(logits.log_softmax(1), target, reduction="sum").numpy(force=True))
    a, b = Tensor(x), Tensor(x[::-1].copy())
    assert MSELoss()(a, b).item() == pytest.approx(mse_loss(a, b).item())
    assert L1Loss(reduction="sum")(a, b).item() == pytest.approx(
        l1_loss(a, b, reduction="sum").item())
    assert HuberLoss(delta=0.5)(a, b).item() == pytest.approx(huber_loss(a, b, delta=0.5).item())
    probs = Tensor(1 / (1 + np.exp(-x)))
    ones = Tensor(np.ones_like(x))
    assert BCELoss()(probs, ones).item() == pytest.approx(
        BCEWithLogitsLoss()(logits, ones).item(), rel=1e-6)


def test_loss_modules_keep_class_weights_as_buffers_like_torch(torch):
    pairs = [(CrossEntropyLoss(weight=[1.0, 2.0]), torch.nn.CrossEntropyLoss(weight=torch.ones(2))),
             (CrossEntropyLoss(), torch.nn.CrossEntropyLoss()),
             (NLLLoss(weight=np.ones(2)), torch.nn.NLLLoss(weight=torch.ones(2))),
             (BCELoss(weight=np.ones(2)), torch.nn.BCELoss(weight=torch.ones(2))),
             (BCEWithLogitsLoss(pos_weight=np.ones(2)),
              torch.nn.BCEWithLogitsLoss(pos_weight=torch.ones(2))),
             (MSELoss(reduction="sum"), torch.nn.MSELoss(reduction="sum")),
             (HuberLoss(delta=2.0), torch.nn.HuberLoss(delta=2.0))]
    for ours, theirs in pairs:
        assert list(ours.state_dict()) == list(theirs.state_dict())
        assert repr(ours) == repr(theirs)


def test_errors_are_pytorchs():
    """Each bad input raises PyTorch's error type, with a message naming the problem."""
    logits = Tensor(np.zeros((4, 3)))
    with pytest.raises(RuntimeError, match=r"batch or spatial sizes don't match.*\[4, 1\]"):
        cross_entropy(logits, np.zeros((4, 1), dtype=np.int64))
    with pytest.raises(ValueError,
                       match=r"input batch_size \(4\) to match target batch_size \(2\)"):
        cross_entropy(logits, np.zeros(2, dtype=np.int64))
    with pytest.raises(RuntimeError, match="expected target dtype to be Long or Byte"):
        cross_entropy(logits, Tensor(np.zeros(4)))
    with pytest.raises(RuntimeError, match="expected target dtype to be Long or Byte"):
        cross_entropy(logits, np.zeros(4, dtype=np.int32))
    with pytest.raises(RuntimeError, match="Expected floating point type for target with class "
                                           "probabilities"):
        cross_entropy(logits, np.zeros((4, 3), dtype=np.int64))
    with pytest.raises(IndexError, match="Target 3 is out of bounds"):
        cross_entropy(logits, np.array([0, 1, 2, 3]))
    with pytest.raises(NotImplementedError, match="int64"):
        cross_entropy(Tensor(np.zeros((4, 3), dtype=np.int64)), np.zeros(4, dtype=np.int64))
    with pytest.raises(RuntimeError, match="ignore_index is not supported for floating point"):
        cross_entropy(logits, Tensor(np.zeros((4, 3))), ignore_index=0)
    with pytest.raises(ValueError, match="avg is not a valid value for reduction"):
        MSELoss(reduction="avg")
    with pytest.warns(UserWarning,
                      match=r"target size \(torch.Size\(\[4\]\)\) that is different to the input"):
        assert mse_loss(Tensor(np.zeros((4, 1))), np.zeros(4)).shape == ()
    with pytest.raises(RuntimeError, match=r"all elements of input should be between 0 and 1"):
        binary_cross_entropy(Tensor(np.array([0.5, 1.5])), np.array([1.0, 0.0]))
    with pytest.raises(RuntimeError, match="expected target dtype to be Long or Byte"):
        nll_loss(logits, np.zeros(4))
    with pytest.raises(RuntimeError, match="weight tensor should be defined either for all 3 "
                                           r"classes or no classes but got weight tensor of "
                                           r"shape: \[4\]"):
        cross_entropy(logits, np.zeros(4, dtype=np.int64), weight=np.ones(4))
    with pytest.raises(RuntimeError, match="label_smoothing must be between 0.0 and 1.0"):
        CrossEntropyLoss(label_smoothing=1.5)(logits, np.zeros(4, dtype=np.int64))
    with pytest.raises(RuntimeError, match="not differentiable with respect to argument 'weight'"):
        cross_entropy(logits, np.zeros(4, dtype=np.int64), weight=Tensor(np.ones(3),
                                                                         requires_grad=True))


def test_legacy_size_average_and_reduce_as_pytorch():
    """PyTorch's third positional argument is size_average: mse_loss(a, b, False) sums."""
    a, b = Tensor(np.array([1.0, 2.0])), Tensor(np.array([0.0, 0.0]))
    with pytest.warns(UserWarning, match="reduction='sum'"):
        assert mse_loss(a, b, False).item() == 5.0
    with pytest.warns(UserWarning, match="reduction='none'"):
        assert mse_loss(a, b, reduce=False).tolist() == [1.0, 4.0]
