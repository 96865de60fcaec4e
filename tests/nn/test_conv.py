"""Conv1d, Conv2d, ConvTranspose1d, ConvTranspose2d: PyTorch's parameters, initialisation,
outputs and gradients (weights moved both ways), padding modes, output_size, errors, and a
small CNN that learns the digits. The ops themselves are tested in tests/autograd."""
import numpy as np
import pytest

import nn
from autograd import Tensor, grad, manual_seed, no_grad, tensor
from nn import functional as F

MODULES = [
    ("Conv1d", (3, 4, 3), dict(stride=2, padding=1), (2, 3, 9)),
    ("Conv1d", (4, 6, 4), dict(padding="same", dilation=2, groups=2), (2, 4, 9)),
    ("Conv2d", (3, 4, 3), dict(), (2, 3, 7, 6)),
    ("Conv2d", (4, 6, (3, 2)), dict(stride=(2, 1), padding=(1, 0), dilation=2, groups=2,
                                    bias=False), (2, 4, 9, 7)),
    ("Conv2d", (2, 3, 3), dict(padding=1, padding_mode="reflect"), (2, 2, 5, 6)),
    ("Conv2d", (2, 3, 4), dict(padding="same", padding_mode="circular"), (2, 2, 5, 6)),
    ("Conv2d", (2, 3, 3), dict(padding=(2, 1), padding_mode="replicate"), (1, 2, 4, 4)),
    ("ConvTranspose1d", (4, 2, 3), dict(stride=2, output_padding=1), (2, 4, 5)),
    ("ConvTranspose2d", (4, 6, 3), dict(stride=2, padding=1, output_padding=1, groups=2),
     (2, 4, 4, 3)),
    ("ConvTranspose2d", (3, 2, (2, 3)), dict(dilation=2, bias=False), (3, 5, 4)),
    ("Conv3d", (3, 4, 3), dict(), (2, 3, 5, 4, 6)),
    ("Conv3d", (4, 6, (3, 2, 2)), dict(stride=(2, 1, 1), padding=(1, 0, 1), dilation=(1, 2, 1),
                                       groups=2, bias=False), (2, 4, 5, 5, 4)),
    ("Conv3d", (2, 3, 3), dict(padding="same", padding_mode="replicate"), (2, 2, 4, 5, 3)),
    ("Conv3d", (2, 3, 2), dict(padding=1, padding_mode="circular"), (2, 4, 5, 3)),
    ("Conv3d", (2, 3, 3), dict(padding=(1, 2, 1), padding_mode="reflect"), (1, 2, 4, 5, 3)),
    ("ConvTranspose3d", (4, 6, 3), dict(stride=2, padding=1, output_padding=1, groups=2),
     (2, 4, 3, 2, 3)),
    ("ConvTranspose3d", (3, 2, (2, 3, 1)), dict(dilation=2, bias=False), (3, 3, 2, 4)),
]


def to_torch(torch, ours, theirs):
    theirs.load_state_dict({k: torch.tensor(v.numpy(force=True)) for k, v in
                            ours.state_dict().items()})


@pytest.mark.parametrize("name, args, kwargs, shape", MODULES)
def test_modules_match_torch_forward_and_backward(torch, name, args, kwargs, shape):
    manual_seed(0)
    ours = getattr(nn, name)(*args, dtype=np.float64, **kwargs)
    theirs = getattr(torch.nn, name)(*args, **kwargs).double()
    assert [(n, p.shape) for n, p in ours.named_parameters()] == \
        [(n, tuple(p.shape)) for n, p in theirs.named_parameters()]
    assert repr(ours) == repr(theirs)
    to_torch(torch, ours, theirs)
    x = np.random.default_rng(1).standard_normal(shape)
    x_ours, x_theirs = tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    out, expected = ours(x_ours), theirs(x_theirs)
    np.testing.assert_allclose(out.numpy(force=True), expected.detach().numpy(), atol=1e-12)
    weights = np.random.default_rng(2).standard_normal(out.shape)
    (out * tensor(weights)).sum().backward()
    (expected * torch.tensor(weights)).sum().backward()
    np.testing.assert_allclose(x_ours.grad.numpy(), x_theirs.grad.numpy(), atol=1e-12)
    for (n, p), (_, tp) in zip(ours.named_parameters(), theirs.named_parameters()):
        np.testing.assert_allclose(p.grad.numpy(), tp.grad.numpy(), atol=1e-12, err_msg=n)


def test_weights_trained_in_torch_load_here(torch):
    torch.manual_seed(0)
    theirs = torch.nn.Conv2d(2, 5, 3, stride=2, padding=1)
    ours = nn.Conv2d(2, 5, 3, stride=2, padding=1)
    ours.load_state_dict({k: Tensor(v.detach().numpy()) for k, v in theirs.state_dict().items()})
    x = np.random.default_rng(5).standard_normal((3, 2, 7, 7)).astype(np.float32)
    np.testing.assert_allclose(ours(Tensor(x)).numpy(force=True),
                               theirs(torch.tensor(x)).detach().numpy(), rtol=1e-5, atol=1e-5)


def test_default_init_draws_torch_s_numbers(torch):
    for name, args in (("Conv2d", (4, 8, (3, 5))), ("Conv1d", (2, 6, 3)),
                       ("ConvTranspose2d", (4, 6, 3, 2, 1, 0, 2)), ("Conv3d", (4, 6, (3, 2, 2))),
                       ("ConvTranspose1d", (3, 4, 5)), ("ConvTranspose3d", (4, 6, 2, 1, 0, 0, 2))):
        manual_seed(3)
        torch.manual_seed(3)
        ours, theirs = getattr(nn, name)(*args), getattr(torch.nn, name)(*args)
        for (n, p), (_, tp) in zip(ours.named_parameters(), theirs.named_parameters()):
            assert p.dtype == np.float32
            np.testing.assert_allclose(p.numpy(force=True), tp.detach().numpy(), rtol=1e-6,
                                       err_msg=f"{name}.{n}")


def test_state_dict_keys_and_attributes_are_torch_s(torch):
    for name, args in (("Conv3d", (2, 4, (3, 1, 2))), ("ConvTranspose3d", (2, 4, 3)),
                       ("Conv3d", (2, 4, 3, 1, 0, 1, 1, False))):
        ours, theirs = getattr(nn, name)(*args), getattr(torch.nn, name)(*args)
        assert list(ours.state_dict()) == list(theirs.state_dict())
        for attribute in ("kernel_size", "stride", "padding", "dilation", "output_padding",
                          "groups", "padding_mode"):
            assert getattr(ours, attribute) == getattr(theirs, attribute), attribute


def test_conv_transpose3d_output_size(torch):
    manual_seed(6)
    ours, theirs = nn.ConvTranspose3d(2, 3, 3, stride=2), torch.nn.ConvTranspose3d(2, 3, 3,
                                                                                   stride=2)
    to_torch(torch, ours, theirs)
    x = np.random.default_rng(8).standard_normal((1, 2, 3, 2, 3)).astype(np.float32)
    out = ours(Tensor(x), output_size=(8, 5, 7))
    expected = theirs(torch.tensor(x), output_size=(8, 5, 7))
    assert out.shape == tuple(expected.shape) == (1, 3, 8, 5, 7)
    np.testing.assert_allclose(out.numpy(force=True), expected.detach().numpy(), atol=1e-6)


def test_conv_transpose_output_size_picks_the_output_padding(torch):
    manual_seed(4)
    ours = nn.ConvTranspose2d(4, 2, 3, stride=2)
    theirs = torch.nn.ConvTranspose2d(4, 2, 3, stride=2)
    to_torch(torch, ours, theirs)
    x = np.random.default_rng(6).standard_normal((1, 4, 5, 5)).astype(np.float32)
    for size in ((11, 12), [1, 2, 12, 11]):
        out = ours(Tensor(x), output_size=size)
        expected = theirs(torch.tensor(x), output_size=size)
        assert out.shape == tuple(expected.shape)
        np.testing.assert_allclose(out.numpy(force=True), expected.detach().numpy(), atol=1e-6)
    with pytest.raises(ValueError, match=r"requested an output size of \(10, 11\), but valid "
                                         r"sizes range from \[11, 11\] to \[12, 12\]"):
        ours(Tensor(x), output_size=(10, 11))


def test_second_derivative_through_a_cnn_matches_torch(torch):
    """A gradient penalty through conv, max pool, avg pool and upsampling (all twice
    differentiable, as in PyTorch)."""
    manual_seed(5)
    ours = nn.Sequential(nn.Conv2d(2, 3, 3, padding=1), nn.Tanh(), nn.MaxPool2d(2),
                         nn.ConvTranspose2d(3, 2, 2, stride=2), nn.AvgPool2d(2),
                         nn.Upsample(scale_factor=2, mode="bilinear")).double()
    theirs = torch.nn.Sequential(torch.nn.Conv2d(2, 3, 3, padding=1), torch.nn.Tanh(),
                                 torch.nn.MaxPool2d(2), torch.nn.ConvTranspose2d(3, 2, 2, stride=2),
                                 torch.nn.AvgPool2d(2),
                                 torch.nn.Upsample(scale_factor=2, mode="bilinear")).double()
    to_torch(torch, ours, theirs)
    x = np.random.default_rng(7).standard_normal((2, 2, 6, 6))
    x_ours, x_theirs = tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    (g,) = grad((ours(x_ours) ** 2).sum(), [x_ours], create_graph=True)
    (t_g,) = torch.autograd.grad((theirs(x_theirs) ** 2).sum(), [x_theirs], create_graph=True)
    ((g * g).sum()).backward()
    ((t_g * t_g).sum()).backward()
    np.testing.assert_allclose(x_ours.grad.numpy(), x_theirs.grad.numpy(), atol=1e-10)
    for (n, p), (_, tp) in zip(ours.named_parameters(), theirs.named_parameters()):
        np.testing.assert_allclose(p.grad.numpy(), tp.grad.numpy(), atol=1e-10, err_msg=n)


@pytest.mark.parametrize("call, error, message", [
    (lambda: nn.Conv2d(3, 4, 3, groups=2), ValueError, "in_channels must be divisible by groups"),
    (lambda: nn.Conv2d(4, 3, 3, groups=2), ValueError, "out_channels must be divisible by groups"),
    (lambda: nn.Conv2d(4, 4, 3, groups=0), ValueError, "groups must be a positive integer"),
    (lambda: nn.Conv2d(1, 2, 3, padding="full"), ValueError,
     "Invalid padding string 'full', should be one of"),
    (lambda: nn.Conv2d(4, 4, 3, stride=2, padding="same"), ValueError,
     "padding='same' is not supported for strided convolutions"),
    (lambda: nn.Conv2d(4, 4, 3, padding_mode="zero"), ValueError, "padding_mode must be one of"),
    (lambda: nn.ConvTranspose2d(4, 4, 3, padding_mode="reflect"), ValueError,
     'Only "zeros" padding mode is supported for ConvTranspose2d'),
    (lambda: nn.Conv2d(-1, 4, 3), ValueError, "in_channels must be a non-negative int"),
    (lambda: nn.Conv2d(1, 4, (3, 3, 3)), ValueError,
     "kernel_size must be a positive int or a tuple of 2, got \\(3, 3, 3\\)"),
    (lambda: nn.Conv2d(3, 2, 3)(Tensor(np.zeros((1, 4, 5, 5), np.float32))), RuntimeError,
     r"expected input\[1, 4, 5, 5\] to have 3 channels, but got 4 channels instead"),
    (lambda: nn.Conv2d(1, 2, 3)(Tensor(np.zeros((1, 1, 2, 2), np.float32))), RuntimeError,
     "Kernel size can't be greater than actual input size"),
    (lambda: nn.Conv2d(1, 2, 3)(Tensor(np.zeros((1, 1, 5, 5)))), RuntimeError,
     "expected scalar type Double but found Float"),
    (lambda: nn.Conv3d(3, 4, 3, groups=2), ValueError, "in_channels must be divisible by groups"),
    (lambda: nn.Conv3d(1, 4, (3, 3)), ValueError,
     "kernel_size must be a positive int or a tuple of 3, got \\(3, 3\\)"),
    (lambda: nn.ConvTranspose3d(4, 4, 3, padding_mode="circular"), ValueError,
     'Only "zeros" padding mode is supported for ConvTranspose3d'),
    (lambda: nn.Conv3d(1, 2, 3)(Tensor(np.zeros((1, 5, 5), np.float32))), RuntimeError,
     r"Expected 4D \(unbatched\) or 5D \(batched\) input to conv3d"),
    (lambda: nn.Conv3d(1, 2, 3)(Tensor(np.zeros((1, 1, 2, 5, 5), np.float32))), RuntimeError,
     "Kernel size can't be greater than actual input size"),
])
def test_bad_arguments_raise_torch_s_errors(call, error, message):
    """PyTorch's exception types and messages (the old ones were ValueErrors of our own)."""
    with pytest.raises(error, match=message):
        call()


def test_small_cnn_shapes_and_backward():
    manual_seed(1)
    conv, pool = nn.Conv2d(1, 16, 3, padding=1), nn.MaxPool2d(2)
    x = Tensor(np.random.default_rng(6).standard_normal((4, 1, 8, 8)).astype(np.float32))
    out = pool(conv(x).relu())
    assert out.shape == (4, 16, 4, 4) and out.dtype == np.float32
    out.sum().backward()
    assert conv.weight.grad.shape == conv.weight.shape and conv.bias.grad.shape == (16,)
    assert nn.AvgPool2d(2)(out).shape == (4, 16, 2, 2)
    assert F.conv2d is not None and F.max_pool2d is not None


def test_small_cnn_learns_the_digits():
    """Conv2d-ReLU-MaxPool2d-Linear with SGD momentum: 150 steps of 64 images, > 85% held out."""
    import optim
    from nn.data import digits

    images, labels = digits(as_images=True)
    images = (images / 16.0).astype(np.float32)[:, None]
    manual_seed(0)
    model = nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                          nn.Flatten(), nn.Linear(128, 10))
    opt = optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    rng = np.random.default_rng(0)
    for _ in range(150):
        index = rng.choice(1500, 64, replace=False)
        loss = F.cross_entropy(model(Tensor(images[index])), Tensor(labels[index]))
        opt.zero_grad()
        loss.backward()
        opt.step()
    with no_grad():
        predicted = model(Tensor(images[1500:])).numpy().argmax(1)
    assert (predicted == labels[1500:]).mean() > 0.85
