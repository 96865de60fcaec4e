"""Pooling and upsampling modules: PyTorch's arguments, attributes, repr, outputs and
gradients (the ops are tested in tests/autograd)."""
import numpy as np
import pytest

import nn
from autograd import tensor
from nn import functional as F

MODULES = [
    ("MaxPool1d", (3,), dict(stride=2, padding=1, ceil_mode=True), (2, 3, 9)),
    ("MaxPool2d", (2,), dict(), (2, 3, 6, 7)),
    ("MaxPool2d", ((3, 2),), dict(stride=1, padding=1, dilation=(1, 2), ceil_mode=True),
     (2, 3, 6, 7)),
    ("AvgPool1d", (2,), dict(), (2, 3, 9)),
    ("AvgPool1d", (3,), dict(stride=2, padding=1, ceil_mode=True, count_include_pad=False),
     (2, 3, 8)),
    ("AvgPool2d", (2,), dict(), (2, 3, 6, 7)),
    ("AvgPool2d", (3,), dict(stride=2, padding=1, ceil_mode=True, count_include_pad=False,
                             divisor_override=4), (2, 3, 6, 7)),
    ("AdaptiveAvgPool1d", (4,), dict(), (2, 3, 9)),
    ("AdaptiveAvgPool2d", (1,), dict(), (2, 3, 6, 7)),
    ("AdaptiveAvgPool2d", ((2, None),), dict(), (2, 3, 6, 7)),
    ("AdaptiveMaxPool1d", (3,), dict(), (2, 3, 8)),
    ("AdaptiveMaxPool2d", ((4, 3),), dict(), (3, 6, 7)),
    ("MaxPool3d", (2,), dict(), (2, 3, 4, 6, 5)),
    ("MaxPool3d", ((3, 2, 2),), dict(stride=1, padding=1, dilation=(1, 2, 1), ceil_mode=True),
     (3, 5, 6, 4)),
    ("AvgPool3d", (2,), dict(), (2, 3, 4, 6, 5)),
    ("AvgPool3d", (3,), dict(stride=2, padding=1, ceil_mode=True, count_include_pad=False,
                             divisor_override=4), (2, 3, 5, 6, 4)),
    ("AdaptiveAvgPool3d", ((2, None, 3),), dict(), (2, 3, 5, 6, 4)),
    ("AdaptiveMaxPool3d", (2,), dict(), (3, 5, 6, 4)),
    ("LPPool1d", (2, 3), dict(), (2, 3, 9)),
    ("LPPool2d", (4.0, (2, 3)), dict(stride=1, ceil_mode=True), (2, 3, 6, 7)),
    ("LPPool3d", (2, 2), dict(), (2, 3, 4, 6, 5)),
    ("Upsample", (), dict(scale_factor=2), (2, 3, 4, 5)),
    ("Upsample", (), dict(size=(7, 9), mode="bilinear", align_corners=True), (2, 3, 4, 5)),
    ("Upsample", (), dict(scale_factor=1.5, mode="bicubic"), (1, 2, 4, 5)),
    ("Upsample", (), dict(scale_factor=3, mode="linear"), (2, 3, 4)),
    ("UpsamplingNearest2d", (), dict(scale_factor=2), (2, 3, 4, 5)),
    ("UpsamplingBilinear2d", (), dict(size=6), (2, 3, 4, 5)),
]


@pytest.mark.parametrize("name, args, kwargs, shape", MODULES)
def test_modules_match_torch(torch, name, args, kwargs, shape):
    ours, theirs = getattr(nn, name)(*args, **kwargs), getattr(torch.nn, name)(*args, **kwargs)
    assert repr(ours) == repr(theirs)
    x = np.random.default_rng(0).standard_normal(shape)
    x_ours, x_theirs = tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    out, expected = ours(x_ours), theirs(x_theirs)
    np.testing.assert_allclose(out.numpy(force=True), expected.detach().numpy(), atol=1e-12)
    weights = np.random.default_rng(1).standard_normal(out.shape)
    (out * tensor(weights)).sum().backward()
    (expected * torch.tensor(weights)).sum().backward()
    np.testing.assert_allclose(x_ours.grad.numpy(), x_theirs.grad.numpy(), atol=1e-12)


def test_return_indices_feed_the_same_positions_as_torch(torch):
    x = np.random.default_rng(2).standard_normal((2, 3, 6, 6)).astype(np.float32)
    values, indices = nn.MaxPool2d(2, return_indices=True)(tensor(x))
    t_values, t_indices = torch.nn.MaxPool2d(2, return_indices=True)(torch.tensor(x))
    np.testing.assert_array_equal(indices.numpy(), t_indices.numpy())
    np.testing.assert_array_equal(values.numpy(), t_values.numpy())
    values, indices = nn.AdaptiveMaxPool2d(2, return_indices=True)(tensor(x))
    np.testing.assert_array_equal(
        indices.numpy(), torch.nn.AdaptiveMaxPool2d(2, return_indices=True)(torch.tensor(x))[1])


@pytest.mark.parametrize("dims, args, kwargs", [
    (1, (3,), dict(stride=2, padding=1)), (2, ((2, 3),), dict(stride=1)), (3, (2,), dict())])
def test_max_unpool_modules_match_torch(torch, dims, args, kwargs):
    pool, unpool = f"MaxPool{dims}d", f"MaxUnpool{dims}d"
    ours, theirs = getattr(nn, unpool)(*args, **kwargs), getattr(torch.nn, unpool)(*args, **kwargs)
    assert repr(ours) == repr(theirs)
    assert (ours.kernel_size, ours.stride, ours.padding) == \
        (theirs.kernel_size, theirs.stride, theirs.padding)
    x = np.random.default_rng(3).standard_normal((2, 3) + (6, 7, 4)[:dims])
    values, indices = getattr(nn, pool)(*args, **kwargs, return_indices=True)(tensor(x))
    t_values, t_indices = getattr(torch.nn, pool)(*args, **kwargs, return_indices=True)(
        torch.tensor(x))
    values = tensor(values.numpy(), requires_grad=True)
    t_values = t_values.detach().requires_grad_()
    out, expected = ours(values, indices, x.shape), theirs(t_values, t_indices, x.shape)
    np.testing.assert_array_equal(out.numpy(force=True), expected.detach().numpy())
    weights = np.random.default_rng(4).standard_normal(out.shape)
    (out * tensor(weights)).sum().backward()
    (expected * torch.tensor(weights)).sum().backward()
    np.testing.assert_allclose(values.grad.numpy(), t_values.grad.numpy(), atol=1e-12)


def test_attributes_are_torch_s(torch):
    for name, args in (("MaxPool2d", (2,)), ("AvgPool1d", (2,)), ("AvgPool2d", (3, 1)),
                       ("MaxPool3d", ((2, 1, 3),)), ("AvgPool3d", (3, 1))):
        ours, theirs = getattr(nn, name)(*args), getattr(torch.nn, name)(*args)
        assert (ours.kernel_size, ours.stride, ours.padding) == \
            (theirs.kernel_size, theirs.stride, theirs.padding)


def test_functional_forms_are_the_ops():
    x = tensor(np.arange(16.0).reshape(1, 1, 4, 4))
    np.testing.assert_array_equal(F.max_pool2d(x, 2).numpy(), [[[[5.0, 7.0], [13.0, 15.0]]]])
    np.testing.assert_array_equal(F.avg_pool2d(x, 4).numpy(), [[[[7.5]]]])
    assert F.interpolate(x, scale_factor=2).shape == (1, 1, 8, 8)
    assert F.upsample_bilinear(x, size=3).shape == (1, 1, 3, 3)
    assert F.adaptive_avg_pool2d(x, 1).shape == (1, 1, 1, 1)


@pytest.mark.parametrize("call, error, message", [
    (lambda: nn.MaxPool2d(2, padding=2)(tensor(np.zeros((1, 1, 4, 4)))), RuntimeError,
     "pad should be at most half of effective kernel size"),
    (lambda: nn.Upsample(scale_factor=2, mode="bilinear")(tensor(np.zeros((1, 1, 2)))),
     NotImplementedError, "Got 3D input, but bilinear mode needs 4D input"),
    (lambda: nn.AdaptiveAvgPool2d((1, 2, 3))(tensor(np.zeros((1, 1, 4, 4)))), RuntimeError,
     "output_size must be 2"),
    (lambda: nn.MaxPool3d((2, 2)), RuntimeError,
     "kernel_size must either be a single int, or a tuple of three ints"),
    (lambda: nn.AvgPool3d(2, divisor_override=0), ValueError,
     "AvgPool3d: divisor_override must be a nonzero int or None"),
    (lambda: nn.AdaptiveMaxPool3d((1, 2)), RuntimeError, "output_size must be 3"),
    (lambda: nn.MaxUnpool2d(0), ValueError, "kernel_size must be positive"),
    (lambda: nn.LPPool2d(2, 0), RuntimeError, "kernel_size should be greater than zero"),
])
def test_bad_arguments_raise_torch_s_errors(call, error, message):
    with pytest.raises(error, match=message):
        call()
