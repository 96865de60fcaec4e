"""Batch norm and layer norm: the course's worked example, gradcheck, PyTorch over several steps."""
import numpy as np
import pytest

from autograd import Tensor, grad, gradcheck, relative_difference
from nn.normalization import BatchNorm1d, BatchNorm2d, LayerNorm, batch_norm, layer_norm


def _rng(seed=0):
    return np.random.default_rng(seed)


def test_course_worked_example_batch_mean_biased_variance_scale_shift():
    # One channel holds 2, 4, 6, 8; the other a constant 1 (variance 0: ε keeps it finite).
    x = Tensor([[2.0, 1.0], [4.0, 1.0], [6.0, 1.0], [8.0, 1.0]])  # float32, as the layer
    bn = BatchNorm1d(2, eps=1e-5)
    bn.weight.numpy(force=True)[...] = [2.0, 3.0]   # γ
    bn.bias.numpy(force=True)[...] = [0.5, -1.0]    # β
    y = bn(x)
    # channel 0: μ = 5, σ² = (9 + 1 + 1 + 9)/4 = 5 (biased), x̂ = (x - 5)/√(5 + 1e-5)
    #            = (-1.341640, -0.447213, 0.447213, 1.341640); y = 2·x̂ + 0.5
    np.testing.assert_allclose(y.numpy(force=True)[:, 0],
                               [-2.183280, -0.394427, 1.394427, 3.183280], rtol=1e-5)
    # channel 1: μ = 1, σ² = 0, x̂ = 0/√(0 + ε) = 0, so y = β
    np.testing.assert_allclose(y.numpy(force=True)[:, 1], [-1.0] * 4)
    # running statistics, momentum 0.1: mean 0.9·0 + 0.1·5 = 0.5; variance unbiased
    # (20/3 for channel 0, 0 for channel 1): 0.9·1 + 0.1·20/3 = 1.566667 and 0.9
    np.testing.assert_allclose(bn.running_mean.numpy(force=True), [0.5, 0.1], rtol=1e-6)
    np.testing.assert_allclose(bn.running_var.numpy(force=True), [1.566667, 0.9], rtol=1e-6)
    assert int(bn.num_batches_tracked.numpy(force=True)) == 1
    # evaluation uses the running statistics: (2 - 0.5)/√(1.566667 + 1e-5)·2 + 0.5
    bn.eval()
    assert bn(x).numpy(force=True)[0, 0] == pytest.approx(
        1.5 / np.sqrt(1.566667 + 1e-5) * 2 + 0.5, rel=1e-5)
    assert int(bn.num_batches_tracked.numpy(force=True)) == 1


def test_course_gradient_check_of_the_hand_derived_backward():
    """The course's figure ||g_a - g_n|| / (||g_a|| + ||g_n||) is below 1e-7 ("correct")."""
    rng = _rng(7)
    x = rng.standard_normal((6, 4)) * 3 + 2
    gamma, beta, probe = rng.uniform(0.5, 2, 4), rng.standard_normal(4), rng.standard_normal((6, 4))

    def J(a):
        return (batch_norm(a, None, None, Tensor(gamma), Tensor(beta), training=True)
                * Tensor(probe)).sum()

    xt = Tensor(x, requires_grad=True)
    J(xt).backward()
    eps, numeric = 1e-6, np.zeros_like(x)
    for i in np.ndindex(x.shape):
        plus, minus = x.copy(), x.copy()
        plus[i] += eps
        minus[i] -= eps
        numeric[i] = (J(Tensor(plus)).item() - J(Tensor(minus)).item()) / (2 * eps)
    assert relative_difference(xt.grad.numpy(force=True), numeric) < 1e-7


@pytest.mark.parametrize("shape", [(5, 3), (4, 3, 2), (3, 3, 2, 2)])
@pytest.mark.parametrize("training", [True, False])
@pytest.mark.parametrize("affine", [True, False])
def test_gradcheck_batch_norm_node(shape, training, affine):
    rng = _rng(1)
    x = Tensor(rng.standard_normal(shape) * 2 + 1, requires_grad=True)
    weight = Tensor(rng.uniform(0.5, 2, 3), requires_grad=True) if affine else None
    bias = Tensor(rng.standard_normal(3), requires_grad=True) if affine else None
    running_mean, running_var = Tensor(rng.standard_normal(3)), Tensor(rng.uniform(1, 2, 3))
    inputs = (x, weight, bias) if affine else (x,)

    def fn(a, w=None, b=None):
        if training:
            return batch_norm(a, None, None, w, b, training=True)
        return batch_norm(a, running_mean, running_var, w, b, training=False)
    out = fn(*inputs)
    assert out.grad_fn.op_name == "BatchNorm"
    assert gradcheck(fn, inputs)


@pytest.mark.parametrize("affine", [True, False])
def test_gradcheck_layer_norm_node(affine):
    rng = _rng(2)
    x = Tensor(rng.standard_normal((2, 3, 4)) * 3, requires_grad=True)
    inputs = (x,)
    if affine:
        inputs += (Tensor(rng.standard_normal((3, 4)), requires_grad=True),
                   Tensor(rng.standard_normal((3, 4)), requires_grad=True))
    assert layer_norm(*inputs[:1], (3, 4), *inputs[1:]).grad_fn.op_name == "LayerNorm"
    assert gradcheck(lambda a, *wb: layer_norm(a, (3, 4), *wb), inputs)


def test_gradcheck_batch_norm_module_in_float64_train_mode():
    bn = BatchNorm2d(2).double()
    bn.weight.numpy(force=True)[...] = [1.5, -0.5]
    x = Tensor(_rng(3).standard_normal((3, 2, 2, 2)), requires_grad=True)
    assert gradcheck(lambda a, w, b: bn(a), (x, bn.weight, bn.bias))


def _torch_twin(torch, ours, theirs):
    with torch.no_grad():
        for name, value in ours.state_dict().items():
            getattr(theirs, name).copy_(torch.tensor(np.asarray(value.numpy(force=True))))


@pytest.mark.parametrize("cls, shape", [("BatchNorm1d", (8, 4)), ("BatchNorm1d", (6, 4, 5)),
                                        ("BatchNorm2d", (5, 4, 3, 3))])
@pytest.mark.parametrize("options", [{}, {"momentum": None}, {"affine": False},
                                     {"track_running_stats": False}, {"momentum": 0.3}])
def test_batch_norm_matches_torch_over_steps(torch, cls, shape, options):
    import nn.normalization as ours_module

    ours = getattr(ours_module, cls)(4, **options)
    theirs = getattr(torch.nn, cls)(4, **options)
    rng = _rng(4)
    if ours.affine:
        ours.weight.numpy(force=True)[...] = rng.uniform(0.5, 2, 4)
        ours.bias.numpy(force=True)[...] = rng.standard_normal(4)
        _torch_twin(torch, ours, theirs)
    for step in range(4):
        x = (rng.standard_normal(shape) * (step + 1) + step).astype(np.float32)
        dy = rng.standard_normal(shape).astype(np.float32)
        xo, xt = Tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
        yo, yt = ours(xo), theirs(xt)
        np.testing.assert_allclose(yo.numpy(force=True), yt.detach().numpy(), atol=2e-5, rtol=1e-4)
        yo.backward(Tensor(dy))
        yt.backward(torch.tensor(dy))
        np.testing.assert_allclose(xo.grad.numpy(force=True), xt.grad.numpy(), atol=2e-5, rtol=1e-4)
        if ours.affine:
            np.testing.assert_allclose(ours.weight.grad.numpy(force=True),
                                       theirs.weight.grad.numpy(), atol=1e-4, rtol=1e-4)
            np.testing.assert_allclose(ours.bias.grad.numpy(force=True), theirs.bias.grad.numpy(),
                                       atol=1e-4, rtol=1e-4)
            ours.zero_grad()
            theirs.zero_grad()
        if ours.track_running_stats:
            for name in ("running_mean", "running_var", "num_batches_tracked"):
                np.testing.assert_allclose(getattr(ours, name).numpy(force=True),
                                           getattr(theirs, name).numpy(), rtol=1e-5, atol=1e-6)
    ours.eval()
    theirs.eval()
    x = rng.standard_normal(shape).astype(np.float32)
    np.testing.assert_allclose(ours(Tensor(x)).numpy(force=True),
                               theirs(torch.tensor(x)).detach().numpy(), atol=2e-5, rtol=1e-4)


def test_batch_norm_state_dict_and_repr_match_torch(torch):
    for cls in ("BatchNorm1d", "BatchNorm2d"):
        import nn.normalization as ours_module

        ours, theirs = getattr(ours_module, cls)(3), getattr(torch.nn, cls)(3)
        assert list(ours.state_dict()) == list(theirs.state_dict())
        for key, value in theirs.state_dict().items():
            assert ours.state_dict()[key].shape == tuple(value.shape)
            assert ours.state_dict()[key].dtype == np.dtype(str(value.dtype).split(".")[1])
        assert repr(ours) == repr(theirs)
    assert repr(BatchNorm1d(3, bias=False)) == repr(torch.nn.BatchNorm1d(3, bias=False))
    assert repr(BatchNorm1d(3, affine=False)) == repr(torch.nn.BatchNorm1d(3, affine=False))
    assert list(BatchNorm1d(3, bias=False).state_dict()) == \
        list(torch.nn.BatchNorm1d(3, bias=False).state_dict())
    assert repr(LayerNorm((3, 4))) == repr(torch.nn.LayerNorm((3, 4)))
    assert repr(LayerNorm(3, elementwise_affine=False)) == \
        repr(torch.nn.LayerNorm(3, elementwise_affine=False))
    assert list(LayerNorm(5).state_dict()) == list(torch.nn.LayerNorm(5).state_dict())


@pytest.mark.parametrize("affine", [True, False])
def test_layer_norm_matches_torch(torch, affine):
    rng = _rng(5)
    ours, theirs = LayerNorm((3, 4), elementwise_affine=affine), \
        torch.nn.LayerNorm((3, 4), elementwise_affine=affine)
    if affine:
        ours.weight.numpy(force=True)[...] = rng.standard_normal((3, 4))
        ours.bias.numpy(force=True)[...] = rng.standard_normal((3, 4))
        _torch_twin(torch, ours, theirs)
    x = rng.standard_normal((2, 5, 3, 4)).astype(np.float32)
    dy = rng.standard_normal((2, 5, 3, 4)).astype(np.float32)
    xo, xt = Tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    yo, yt = ours(xo), theirs(xt)
    np.testing.assert_allclose(yo.numpy(force=True), yt.detach().numpy(), atol=1e-5)
    yo.backward(Tensor(dy))
    yt.backward(torch.tensor(dy))
    np.testing.assert_allclose(xo.grad.numpy(force=True), xt.grad.numpy(), atol=1e-5)
    if affine:
        np.testing.assert_allclose(ours.weight.grad.numpy(force=True), theirs.weight.grad.numpy(),
                                   atol=1e-5)
        np.testing.assert_allclose(ours.bias.grad.numpy(force=True), theirs.bias.grad.numpy(),
                                   atol=1e-5)


@pytest.mark.parametrize("norm", ["batch", "layer"])
def test_second_derivative_matches_torch(torch, norm):
    rng = _rng(6)
    x = rng.standard_normal((4, 3))
    w, v = rng.uniform(0.5, 2, 3), rng.standard_normal((4, 3))
    ours = Tensor(x, requires_grad=True)
    theirs = torch.tensor(x, requires_grad=True)
    if norm == "batch":
        y = batch_norm(ours, None, None, Tensor(w), None, training=True)
        yt = torch.nn.functional.batch_norm(theirs, None, None, torch.tensor(w), None,
                                            training=True)
    else:
        y = layer_norm(ours, 3, Tensor(w))
        yt = torch.nn.functional.layer_norm(theirs, (3,), torch.tensor(w))
    (g,) = grad((y ** 3).sum(), [ours], create_graph=True)
    (hv,) = grad((g * Tensor(v)).sum(), [ours])
    (gt,) = torch.autograd.grad((yt ** 3).sum(), [theirs], create_graph=True)
    (hvt,) = torch.autograd.grad((gt * torch.tensor(v)).sum(), [theirs])
    np.testing.assert_allclose(g.numpy(force=True), gt.detach().numpy(), atol=1e-10)
    np.testing.assert_allclose(hv.numpy(force=True), hvt.numpy(), atol=1e-9)


def test_errors_name_the_problem():
    zeros = lambda *shape: Tensor(np.zeros(shape, np.float32))  # noqa: E731
    with pytest.raises(ValueError, match=r"BatchNorm1d\(4\): input of shape "
                                         r"torch.Size\(\[2, 3\]\) has 3 channels"):
        BatchNorm1d(4)(zeros(2, 3))
    with pytest.raises(ValueError, match=r"BatchNorm2d: expected input of shape \(N, C, H, W\), "
                                         r"got 2-d input of shape torch.Size\(\[2, 3\]\)"):
        BatchNorm2d(3)(zeros(2, 3))
    with pytest.raises(ValueError, match="more than 1 value per channel"):
        BatchNorm1d(3)(zeros(1, 3))
    with pytest.raises(RuntimeError, match=r"normalized_shape=\[4\], expected input with shape "
                                           r"\[\*, 4\], but got input of size \(2, 3\)"):
        LayerNorm(4)(zeros(2, 3))
    with pytest.raises(RuntimeError,
                       match="mixed dtype.*torch.float64 but weight is torch.float32"):
        BatchNorm1d(3)(Tensor(np.zeros((2, 3))))
    with pytest.raises(NotImplementedError, match="int64"):
        layer_norm(Tensor(np.zeros((2, 3), np.int64)), (3,))
    with pytest.raises(ValueError, match="num_features must be a positive int"):
        BatchNorm1d(0)


@pytest.mark.parametrize("affine", [True, False])
def test_group_norm_module_matches_pytorch(torch, affine):
    from nn.normalization import GroupNorm

    ours, theirs = GroupNorm(2, 6, affine=affine).double(), torch.nn.GroupNorm(2, 6, affine=affine)
    theirs.double()
    assert list(ours.state_dict()) == list(theirs.state_dict()) and repr(ours) == repr(theirs)
    if affine:
        rng = _rng(3)
        for p, q in zip(ours.parameters(), theirs.parameters()):
            values = rng.standard_normal(p.shape)
            p.numpy(force=True)[...] = values
            q.data = torch.tensor(values)
    x = _rng(4).standard_normal((3, 6, 5)) * 2
    a, ta = Tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    out, expected = ours(a), theirs(ta)
    np.testing.assert_allclose(out.numpy(force=True), expected.detach().numpy(), rtol=1e-10)
    out.sum().backward()
    (expected.sum()).backward()
    np.testing.assert_allclose(a.grad.numpy(), ta.grad.numpy(), atol=1e-10)
    for p, q in zip(ours.parameters(), theirs.parameters()):
        np.testing.assert_allclose(p.grad.numpy(), q.grad.numpy(), rtol=1e-10)
    with pytest.raises(ValueError, match="num_channels must be divisible by num_groups"):
        GroupNorm(4, 6)


def test_batch_norm_3d_matches_pytorch(torch):
    from nn.normalization import BatchNorm3d

    ours, theirs = BatchNorm3d(3, momentum=None), torch.nn.BatchNorm3d(3, momentum=None)
    assert repr(ours) == repr(theirs)
    x = (_rng(5).standard_normal((2, 3, 2, 2, 3)) * 3).astype(np.float32)
    for _ in range(2):
        out, expected = ours(Tensor(x)), theirs(torch.tensor(x))
    np.testing.assert_allclose(out.numpy(force=True), expected.detach().numpy(), rtol=1e-5,
                               atol=1e-6)
    for name, value in theirs.state_dict().items():
        np.testing.assert_allclose(ours.state_dict()[name].numpy(), value.numpy(), rtol=1e-6)
    with pytest.raises(ValueError, match=r"expected input of shape \(N, C, D, H, W\)"):
        ours(Tensor(x[0]))
