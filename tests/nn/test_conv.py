"""Conv2d, MaxPool2d, AvgPool2d: gradcheck in float64, PyTorch forward/backward, errors, modules."""
import numpy as np
import pytest

from autograd import Tensor, grad, gradcheck, manual_seed
from nn.conv import AvgPool2d, Conv2d, MaxPool2d, avg_pool2d, conv2d, max_pool2d

CONV_CASES = [  # stride, padding, dilation
    (1, 0, 1),
    (2, 1, 1),
    (1, "same", 2),
    ((2, 1), (1, 2), (1, 2)),
    (3, "valid", 1),
]

POOL_CASES = [  # kernel_size, stride, padding
    (2, None, 0),
    (3, 2, 1),
    ((3, 2), 1, (1, 0)),
    (2, 1, 1),
]


def leaf(rng, *shape):
    return Tensor(rng.standard_normal(shape), requires_grad=True)


@pytest.mark.parametrize("stride,padding,dilation", CONV_CASES)
def test_conv2d_gradcheck(stride, padding, dilation):
    rng = np.random.default_rng(0)
    x, w, b = leaf(rng, 1, 2, 6, 5), leaf(rng, 3, 2, 3, 2), leaf(rng, 3)
    assert gradcheck(lambda x, w, b: conv2d(x, w, b, stride, padding, dilation), (x, w, b))


def test_conv2d_gradcheck_without_bias_and_frozen_weight():
    rng = np.random.default_rng(1)
    x = leaf(rng, 2, 1, 4, 4)
    w = Tensor(rng.standard_normal((2, 1, 2, 2)))
    assert gradcheck(lambda x: conv2d(x, w, None, 1, 1), (x,))


@pytest.mark.parametrize("kernel,stride,padding", POOL_CASES)
def test_pools_gradcheck(kernel, stride, padding):
    rng = np.random.default_rng(2)
    x = leaf(rng, 2, 2, 5, 6)
    assert gradcheck(lambda x: max_pool2d(x, kernel, stride, padding), (x,))
    assert gradcheck(lambda x: avg_pool2d(x, kernel, stride, padding), (x,))
    assert gradcheck(lambda x: avg_pool2d(x, kernel, stride, padding, count_include_pad=False), (x,))


def test_max_pool_gradient_goes_to_the_argmax_only():
    x = Tensor(np.array([[[[1.0, 5.0], [3.0, 2.0]]]]), requires_grad=True)
    max_pool2d(x, 2).sum().backward()
    np.testing.assert_array_equal(x.grad.data, [[[[0.0, 1.0], [0.0, 0.0]]]])


@pytest.mark.parametrize("stride,padding,dilation", CONV_CASES)
def test_conv2d_matches_torch(torch, stride, padding, dilation):
    rng = np.random.default_rng(3)
    x, w, b = rng.standard_normal((2, 3, 9, 8)), rng.standard_normal((4, 3, 3, 2)), rng.standard_normal(4)
    ours = [Tensor(a, requires_grad=True) for a in (x, w, b)]
    theirs = [torch.tensor(a, requires_grad=True) for a in (x, w, b)]
    out = conv2d(*ours, stride, padding, dilation)
    expected = torch.nn.functional.conv2d(*theirs, stride, padding, dilation)
    np.testing.assert_allclose(out.data, expected.detach().numpy(), atol=1e-10)
    seed = rng.standard_normal(out.shape)
    out.backward(Tensor(seed))
    expected.backward(torch.tensor(seed))
    for a, t in zip(ours, theirs):
        np.testing.assert_allclose(a.grad.data, t.grad.numpy(), atol=1e-10)


@pytest.mark.parametrize("kernel,stride,padding", POOL_CASES)
@pytest.mark.parametrize("kind", ["max", "avg", "avg_exclude_pad"])
def test_pools_match_torch(torch, kernel, stride, padding, kind):
    rng = np.random.default_rng(4)
    x = rng.standard_normal((2, 3, 7, 8)).astype(np.float32)
    ours, theirs = Tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    if kind == "max":
        out = max_pool2d(ours, kernel, stride, padding)
        expected = torch.nn.functional.max_pool2d(theirs, kernel, stride, padding)
    else:
        include = kind == "avg"
        out = avg_pool2d(ours, kernel, stride, padding, count_include_pad=include)
        expected = torch.nn.functional.avg_pool2d(theirs, kernel, stride, padding,
                                                  count_include_pad=include)
    assert out.dtype == np.float32
    np.testing.assert_allclose(out.data, expected.detach().numpy(), rtol=1e-5, atol=1e-6)
    seed = rng.standard_normal(out.shape).astype(np.float32)
    out.backward(Tensor(seed))
    expected.backward(torch.tensor(seed))
    np.testing.assert_allclose(ours.grad.data, theirs.grad.numpy(), rtol=1e-5, atol=1e-6)


def test_conv2d_module_state_dict_loads_into_torch(torch):
    manual_seed(0)
    ours = Conv2d(2, 5, 3, stride=2, padding=1)
    theirs = torch.nn.Conv2d(2, 5, 3, stride=2, padding=1)
    assert [n for n, _ in ours.named_parameters()] == [n for n, _ in theirs.named_parameters()]
    theirs.load_state_dict({k: torch.tensor(v.data) for k, v in ours.state_dict().items()})
    x = np.random.default_rng(5).standard_normal((3, 2, 7, 7)).astype(np.float32)
    np.testing.assert_allclose(ours(Tensor(x)).data, theirs(torch.tensor(x)).detach().numpy(),
                               rtol=1e-5, atol=1e-5)


def test_conv2d_default_init_bounds_and_shapes():
    manual_seed(0)
    conv = Conv2d(4, 8, (3, 5), bias=True)
    bound = 1 / np.sqrt(4 * 3 * 5)
    assert conv.weight.shape == (8, 4, 3, 5) and conv.bias.shape == (8,)
    assert conv.weight.dtype == np.float32
    assert np.abs(conv.weight.data).max() <= bound and np.abs(conv.bias.data).max() <= bound
    assert np.abs(conv.weight.data).max() > 0.8 * bound  # uniform, not squeezed
    no_bias = Conv2d(1, 2, 3, bias=False)
    assert no_bias.bias is None and [n for n, _ in no_bias.named_parameters()] == ["weight"]
    assert "kernel_size=(3, 5)" in repr(conv)


def test_small_cnn_shapes_and_backward():
    manual_seed(1)
    conv, pool = Conv2d(1, 16, 3, padding=1), MaxPool2d(2)
    x = Tensor(np.random.default_rng(6).standard_normal((4, 1, 8, 8)).astype(np.float32))
    out = pool(conv(x).relu())
    assert out.shape == (4, 16, 4, 4) and out.dtype == np.float32
    out.sum().backward()
    assert conv.weight.grad.shape == conv.weight.shape and conv.bias.grad.shape == (16,)
    assert AvgPool2d(2)(out).shape == (4, 16, 2, 2)


@pytest.mark.parametrize("call,message", [
    (lambda: conv2d(Tensor(np.zeros((1, 3, 5, 5))), Tensor(np.zeros((2, 4, 3, 3)))), "3 channels"),
    (lambda: conv2d(Tensor(np.zeros((3, 5, 5))), Tensor(np.zeros((2, 3, 3, 3)))), r"\(N, C, H, W\)"),
    (lambda: conv2d(Tensor(np.zeros((1, 1, 2, 2))), Tensor(np.zeros((1, 1, 3, 3)))), "kernel span"),
    (lambda: conv2d(Tensor(np.zeros((1, 1, 5, 5))), Tensor(np.zeros((1, 1, 3, 3))), stride=2,
                    padding="same"), "stride 1"),
    (lambda: conv2d(Tensor(np.zeros((1, 1, 5, 5))), Tensor(np.zeros((2, 1, 3, 3))),
                    Tensor(np.zeros(3))), "bias"),
    (lambda: max_pool2d(Tensor(np.zeros((1, 1, 5, 5))), 2, padding=2), "half the kernel"),
    (lambda: MaxPool2d(0), "positive"),
    (lambda: Conv2d(1, 2, 3, padding="full"), "padding"),
])
def test_bad_arguments_name_the_problem(call, message):
    with pytest.raises(ValueError, match=message):
        call()


@pytest.mark.parametrize("op", [
    lambda x, w: conv2d(x, w, None, 1, 1),
    lambda x, w: max_pool2d(x, 2) ** 2,
    lambda x, w: avg_pool2d(x, 2) ** 2,
])
def test_second_derivative_through_numpy_backward_raises(op):
    rng = np.random.default_rng(7)
    x, w = leaf(rng, 1, 1, 4, 4), leaf(rng, 1, 1, 3, 3)
    (grad_x,) = grad(op(x, w).sum(), [x], create_graph=True)
    with pytest.raises(RuntimeError, match="computes its backward in NumPy"):
        (grad_x * grad_x).sum().backward()


def test_create_graph_through_a_pool_whose_backward_needs_no_recording():
    """avg pooling's backward is linear and independent of x: d/dw of grad_x works."""
    rng = np.random.default_rng(8)
    x, w = leaf(rng, 1, 1, 4, 4), leaf(rng, 2)
    (grad_x,) = grad(avg_pool2d(x * w.sum(), 2).sum(), [x], create_graph=True)
    (grad_x * grad_x).sum().backward()
    np.testing.assert_allclose(w.grad.data, [2 * w.sum().item()] * 2)  # 16·(s/4)² = s²


def test_small_cnn_learns_the_digits():
    """Conv2d-ReLU-MaxPool2d-Linear with SGD momentum: 150 steps of 64 images, > 85% held out."""
    import nn
    import optim
    from autograd import no_grad
    from nn.data import digits
    from nn.loss import cross_entropy

    images, labels = digits(as_images=True)
    images = (images / 16.0).astype(np.float32)[:, None]
    manual_seed(0)
    model = nn.Sequential(Conv2d(1, 8, 3, padding=1), nn.ReLU(), MaxPool2d(2), nn.Flatten(),
                          nn.Linear(128, 10))
    opt = optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    rng = np.random.default_rng(0)
    for _ in range(150):
        index = rng.choice(1500, 64, replace=False)
        loss = cross_entropy(model(Tensor(images[index])), Tensor(labels[index]))
        opt.zero_grad()
        loss.backward()
        opt.step()
    with no_grad():
        predicted = model(Tensor(images[1500:])).data.argmax(1)
    assert (predicted == labels[1500:]).mean() > 0.85
