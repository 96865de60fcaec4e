"""Pooling (max, average, adaptive): against PyTorch (values, indices, gradients, second
derivatives) over a grid of kernels, strides, paddings, dilations and ceil_mode; gradcheck;
NaN and -inf as PyTorch; integer inputs; PyTorch's errors."""
from __future__ import annotations

import itertools

import numpy as np
import pytest

import autograd as ag
from autograd.ops import (
    adaptive_avg_pool1d, adaptive_avg_pool2d, adaptive_avg_pool3d, adaptive_max_pool1d,
    adaptive_max_pool2d, adaptive_max_pool3d, avg_pool1d, avg_pool2d, avg_pool3d, max_pool1d,
    max_pool2d, max_pool3d,
)
from tests.autograd.torch_compare import compare_with_torch


def _fits(kernel, padding, dilation=1) -> bool:
    kernel = kernel if isinstance(kernel, tuple) else (kernel, kernel)
    return all(padding <= (dilation * (k - 1) + 1) // 2 for k in kernel)


POOL2D_GRID = [
    (kernel, stride, padding, dilation, ceil_mode)
    for kernel, stride, padding, dilation, ceil_mode in itertools.product(
        [2, 3, (3, 2)], [None, 1, 2, (2, 1)], [0, 1], [1, 2], [False, True])
    if _fits(kernel, padding, dilation)
]


@pytest.mark.parametrize("kernel, stride, padding, dilation, ceil_mode", POOL2D_GRID)
def test_max_pool2d_matches_torch(torch, kernel, stride, padding, dilation, ceil_mode):
    x = np.random.default_rng(0).standard_normal((2, 3, 7, 8))
    compare_with_torch(
        torch, lambda a: max_pool2d(a, kernel, stride, padding, dilation, ceil_mode, True),
        lambda a: torch.nn.functional.max_pool2d(a, kernel, stride, padding, dilation,
                                                 ceil_mode, True),
        [x])


@pytest.mark.parametrize("kernel, stride, padding, ceil_mode, include, divisor", [
    (kernel, stride, padding, ceil_mode, include, divisor)
    for kernel, stride, padding, ceil_mode, include, divisor in itertools.product(
        [2, 3, (3, 2)], [None, 1, (2, 1)], [0, 1], [False, True], [True, False], [None, 3])
    if _fits(kernel, padding)
])
def test_avg_pool2d_matches_torch(torch, kernel, stride, padding, ceil_mode, include, divisor):
    x = np.random.default_rng(1).standard_normal((2, 3, 7, 8))
    compare_with_torch(
        torch, lambda a: avg_pool2d(a, kernel, stride, padding, ceil_mode, include, divisor),
        lambda a: torch.nn.functional.avg_pool2d(a, kernel, stride, padding, ceil_mode,
                                                 include, divisor),
        [x])


@pytest.mark.parametrize("kernel, stride, padding, dilation, ceil_mode", [
    (kernel, stride, padding, dilation, ceil_mode)
    for kernel, stride, padding, dilation, ceil_mode in itertools.product(
        [2, 3], [None, 2], [0, 1], [1, 2], [False, True])
    if _fits(kernel, padding, dilation)
])
def test_pool1d_matches_torch(torch, kernel, stride, padding, dilation, ceil_mode):
    rng = np.random.default_rng(2)
    for shape in ((2, 3, 9), (3, 9)):
        x = rng.standard_normal(shape)
        compare_with_torch(
            torch, lambda a: max_pool1d(a, kernel, stride, padding, dilation, ceil_mode, True),
            lambda a: torch.nn.functional.max_pool1d(a, kernel, stride, padding, dilation,
                                                     ceil_mode, True),
            [x])
        if dilation == 1:
            for include in (True, False):
                compare_with_torch(
                    torch, lambda a: avg_pool1d(a, kernel, stride, padding, ceil_mode, include),
                    lambda a: torch.nn.functional.avg_pool1d(a, kernel, stride, padding,
                                                             ceil_mode, include),
                    [x])


@pytest.mark.parametrize("kernel, stride, padding, dilation, ceil_mode", [
    (2, None, 0, 1, False), (3, 2, 1, 1, True), ((3, 2, 2), (2, 1, 2), (1, 0, 1), (1, 2, 1), True),
    (2, 1, 1, 2, False), ((1, 3, 2), None, 0, 1, True)])
def test_pool3d_matches_torch(torch, kernel, stride, padding, dilation, ceil_mode):
    rng = np.random.default_rng(6)
    for shape in ((2, 3, 5, 6, 4), (3, 5, 6, 4)):  # batched and not
        x = rng.standard_normal(shape)
        compare_with_torch(
            torch, lambda a: max_pool3d(a, kernel, stride, padding, dilation, ceil_mode, True),
            lambda a: torch.nn.functional.max_pool3d(a, kernel, stride, padding, dilation,
                                                     ceil_mode, True),
            [x])
        if dilation != 1:
            continue
        for include, divisor in ((True, None), (False, None), (False, 5)):
            compare_with_torch(
                torch, lambda a: avg_pool3d(a, kernel, stride, padding, ceil_mode, include,
                                            divisor),
                lambda a: torch.nn.functional.avg_pool3d(a, kernel, stride, padding, ceil_mode,
                                                         include, divisor),
                [x])


@pytest.mark.parametrize("output_size", [1, 2, (3, None, 2), (5, 6, 4), (4, 7, 3)])
def test_adaptive_pools_3d_match_torch(torch, output_size):
    rng = np.random.default_rng(7)
    for shape in ((2, 3, 5, 6, 4), (3, 5, 6, 4)):
        x = rng.standard_normal(shape)
        compare_with_torch(torch, lambda a: adaptive_avg_pool3d(a, output_size),
                           lambda a: torch.nn.functional.adaptive_avg_pool3d(a, output_size),
                           [x])
        compare_with_torch(
            torch, lambda a: adaptive_max_pool3d(a, output_size, True),
            lambda a: torch.nn.functional.adaptive_max_pool3d(a, output_size, True), [x])


def test_empty_batch_3d(torch):
    x = np.zeros((0, 2, 4, 4, 4))
    for ours, theirs in [
        (lambda a: max_pool3d(a, 2), lambda a: torch.nn.functional.max_pool3d(a, 2)),
        (lambda a: avg_pool3d(a, 2), lambda a: torch.nn.functional.avg_pool3d(a, 2)),
        (lambda a: adaptive_max_pool3d(a, 3),
         lambda a: torch.nn.functional.adaptive_max_pool3d(a, 3)),
        (lambda a: adaptive_avg_pool3d(a, 3),
         lambda a: torch.nn.functional.adaptive_avg_pool3d(a, 3)),
    ]:
        compare_with_torch(torch, ours, theirs, [x])


@pytest.mark.parametrize("output_size", [1, 2, 3, (2, 5), (None, 3), 7, (8, 9)])
def test_adaptive_pools_match_torch(torch, output_size):
    rng = np.random.default_rng(3)
    for shape in ((2, 3, 7, 8), (3, 7, 8)):
        x = rng.standard_normal(shape)
        compare_with_torch(torch, lambda a: adaptive_avg_pool2d(a, output_size),
                           lambda a: torch.nn.functional.adaptive_avg_pool2d(a, output_size), [x])
        compare_with_torch(
            torch, lambda a: adaptive_max_pool2d(a, output_size, True),
            lambda a: torch.nn.functional.adaptive_max_pool2d(a, output_size, True), [x])
    if not isinstance(output_size, tuple):
        x = rng.standard_normal((2, 3, 8))
        compare_with_torch(torch, lambda a: adaptive_avg_pool1d(a, output_size),
                           lambda a: torch.nn.functional.adaptive_avg_pool1d(a, output_size), [x])
        compare_with_torch(
            torch, lambda a: adaptive_max_pool1d(a, output_size, True),
            lambda a: torch.nn.functional.adaptive_max_pool1d(a, output_size, True), [x])


@pytest.mark.parametrize("op", [
    lambda x: max_pool2d(x, 3, 2, 1),
    lambda x: max_pool2d(x, 2, 1, 0, 2, True),
    lambda x: avg_pool2d(x, 3, 2, 1, True, False),
    lambda x: avg_pool2d(x, 2, divisor_override=3),
    lambda x: adaptive_max_pool2d(x, (2, 3)),
    lambda x: adaptive_avg_pool2d(x, 3),
    lambda x: max_pool1d(x.flatten(2), 3, 2, 1),
    lambda x: avg_pool1d(x.flatten(2), 4, 3, 2, True),
    lambda x: max_pool3d(x.reshape(1, 2, 5, 1, 5), (3, 1, 2), 2, (1, 0, 1)),
    lambda x: avg_pool3d(x.reshape(1, 2, 5, 1, 5), (2, 1, 3), 2, (1, 0, 1), True, False),
    lambda x: adaptive_max_pool3d(x.reshape(1, 2, 5, 1, 5), (2, 1, 3)),
    lambda x: adaptive_avg_pool3d(x.reshape(1, 2, 5, 1, 5), (3, None, 2)),
])
def test_gradcheck_and_second_order_gradcheck(op):
    x = ag.tensor(np.random.default_rng(4).standard_normal((1, 2, 5, 5)), requires_grad=True)
    assert ag.gradcheck(op, [x])

    def gradient(a):  # differentiates the pool's backward (and its indices' scatter) again
        return ag.grad((op(a * a) ** 3).sum(), [a], create_graph=True)[0]

    assert ag.gradcheck(gradient, [x])


def test_nan_and_minus_infinity_as_torch(torch):
    nan, inf = float("nan"), float("inf")
    cases = [
        (np.array([[[1.0, nan, 2.0, nan]]]), dict(kernel_size=4)),           # the last NaN
        (np.array([[[-inf, -inf, -inf]]]), dict(kernel_size=2, padding=1)),  # a real -inf
        (np.array([[[3.0, 3.0, 1.0, 3.0]]]), dict(kernel_size=4)),           # the first tie
    ]
    for x, kwargs in cases:
        values, indices = max_pool1d(ag.tensor(x), return_indices=True, **kwargs)
        expected, t_indices = torch.nn.functional.max_pool1d(torch.tensor(x),
                                                             return_indices=True, **kwargs)
        np.testing.assert_array_equal(values.numpy(), expected.numpy())
        np.testing.assert_array_equal(indices.numpy(), t_indices.numpy())
    x = np.full((1, 1, 4, 5), -inf)  # windows of -inf and padding, a NaN, ties: in 2-D
    x[0, 0, 2, 3], x[0, 0, 0, 4], x[0, 0, 3, 0:2], x[0, 0, 1, 1] = 1.0, nan, 2.0, nan
    for kernel, stride, padding, ceil_mode in [(3, 2, 1, False), (2, 2, 1, True),
                                               ((3, 2), 1, 1, True), (2, 1, 0, False)]:
        ours = max_pool2d(ag.tensor(x), kernel, stride, padding, 1, ceil_mode, True)
        theirs = torch.nn.functional.max_pool2d(torch.tensor(x), kernel, stride, padding, 1,
                                                ceil_mode, True)
        np.testing.assert_array_equal(ours[0].numpy(), theirs[0].numpy())
        np.testing.assert_array_equal(ours[1].numpy(), theirs[1].numpy())


@pytest.mark.parametrize("dtype", [np.float32, np.int64])
def test_dtypes_follow_torch(torch, dtype):
    x = (np.random.default_rng(5).standard_normal((2, 2, 6, 6)) * 10).astype(dtype)
    x3 = (np.random.default_rng(5).standard_normal((2, 2, 4, 4, 4)) * 10).astype(dtype)
    for ours, theirs in [
        (lambda a: max_pool3d(a, 2), lambda a: torch.nn.functional.max_pool3d(a, 2)),
        (lambda a: avg_pool3d(a, 3, 2, 1), lambda a: torch.nn.functional.avg_pool3d(a, 3, 2, 1)),
    ]:
        out, expected = ours(ag.tensor(x3)), theirs(torch.tensor(x3))
        assert out.dtype == np.dtype(dtype)
        np.testing.assert_allclose(out.numpy(), expected.numpy(), rtol=1e-6)
    for ours, theirs in [
        (lambda a: max_pool2d(a, 2), lambda a: torch.nn.functional.max_pool2d(a, 2)),
        (lambda a: avg_pool2d(a, 3, 2, 1), lambda a: torch.nn.functional.avg_pool2d(a, 3, 2, 1)),
        (lambda a: avg_pool2d(a, 2, divisor_override=3),
         lambda a: torch.nn.functional.avg_pool2d(a, 2, divisor_override=3)),
    ]:
        out, expected = ours(ag.tensor(x)), theirs(torch.tensor(x))
        assert out.dtype == np.dtype(dtype)
        np.testing.assert_allclose(out.numpy(), expected.numpy(), rtol=1e-6)


def test_indices_are_flat_positions_in_each_plane():
    x = ag.tensor(np.array([[[[1.0, 5.0, 0.0], [3.0, 2.0, 9.0]]]]), requires_grad=True)
    values, indices = max_pool2d(x, (2, 2), 1, return_indices=True)
    np.testing.assert_array_equal(indices.numpy(), [[[[1, 5]]]])
    assert indices.dtype == np.int64 and not indices.requires_grad
    values.sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [[[[0, 1, 0], [0, 0, 1]]]])


def _zeros(*shape):
    return ag.tensor(np.zeros(shape, np.float32))


@pytest.mark.parametrize("call, error, message", [
    (lambda: max_pool2d(_zeros(1, 1, 5, 5), 2, padding=2), RuntimeError,
     "pad should be at most half of effective kernel size, but got pad=2, kernel_size=2 and "
     "dilation=1"),
    (lambda: max_pool2d(_zeros(1, 1, 5, 5), 0, 1), RuntimeError,
     "kernel_size should be greater than zero"),
    (lambda: max_pool2d(_zeros(1, 1, 5, 5), 2, 0), RuntimeError,
     "stride should be greater than zero"),
    (lambda: max_pool2d(_zeros(1, 1, 5, 5), 2, dilation=0), RuntimeError,
     "dilation should be greater than zero"),
    (lambda: max_pool2d(_zeros(1, 1, 1, 1), 2), RuntimeError,
     r"Given input size: \(1x1x1\). Calculated output size: \(1x0x0\). Output size is too small"),
    (lambda: max_pool2d(_zeros(5), 2), RuntimeError, "Expected 3D or 4D"),
    (lambda: avg_pool1d(_zeros(5), 2), RuntimeError, "Expected 2D or 3D"),
    (lambda: avg_pool2d(_zeros(1, 1, 5, 5), 2, divisor_override=0), RuntimeError,
     "divisor must be not zero"),
    (lambda: max_pool2d(_zeros(1, 1, 5, 5), (2, 2, 2)), RuntimeError,
     "kernel_size must either be a single int, or a tuple of two ints"),
    (lambda: avg_pool2d(_zeros(1, 1, 5, 5), 2.5), TypeError, "must be an int or a tuple"),
    (lambda: adaptive_avg_pool2d(_zeros(1, 1, 5, 5), (2, 3, 4)), RuntimeError,
     "output_size must be 2"),
    (lambda: adaptive_avg_pool2d(_zeros(1, 1, 0, 5), 2), RuntimeError,
     r"Expected input to have non-zero size for non-batch dimensions, but input has sizes "
     r"\[1, 1, 0, 5\] with dimension 2 being empty"),
    (lambda: adaptive_max_pool2d(ag.zeros(1, 1, 5, 5, dtype=ag.int64), 2), RuntimeError,
     "not implemented for 'torch.int64'"),
    (lambda: max_pool3d(_zeros(1, 1, 5, 5, 5), (2, 2)), RuntimeError,
     "kernel_size must either be a single int, or a tuple of three ints"),
    (lambda: max_pool3d(_zeros(5, 5), 2), RuntimeError, "Expected 4D or 5D"),
    (lambda: avg_pool3d(_zeros(1, 1, 1, 1, 1), 2), RuntimeError,
     r"Given input size: \(1x1x1x1\). Calculated output size: \(1x0x0x0\). Output size is "
     "too small"),
    (lambda: avg_pool3d(_zeros(1, 1, 5, 5, 5), 2, padding=2), RuntimeError,
     "pad should be at most half of effective kernel size"),
    (lambda: adaptive_avg_pool3d(_zeros(1, 1, 5, 5, 5), (2, 3)), RuntimeError,
     "output_size must be 3"),
    (lambda: adaptive_max_pool3d(_zeros(5, 5, 5), 2), RuntimeError, "Expected 4D or 5D tensor"),
])
def test_errors_are_pytorch_s(call, error, message):
    with pytest.raises(error, match=message):
        call()
