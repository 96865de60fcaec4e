"""Max unpooling and power-average (LP) pooling, 1-D to 3-D: against PyTorch (values,
gradients, second derivatives), gradcheck, empty batches, PyTorch's errors."""
from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
from autograd.ops import (
    lp_pool1d, lp_pool2d, lp_pool3d, max_pool1d, max_pool2d, max_pool3d, max_unpool1d,
    max_unpool2d, max_unpool3d,
)
from tests.autograd.torch_compare import compare_with_torch

POOLS = {1: (max_pool1d, max_unpool1d, lp_pool1d), 2: (max_pool2d, max_unpool2d, lp_pool2d),
         3: (max_pool3d, max_unpool3d, lp_pool3d)}
UNPOOL_CASES = [  # spatial size, kernel, stride, padding, output_size
    ((7,), 2, None, 0, None), ((7,), 3, 1, 1, None), ((7,), 2, 2, 0, (7,)),
    ((5, 6), 2, None, 0, None), ((5, 6), 3, 2, 1, (5, 6)), ((5, 6), (2, 3), 1, 0, None),
    ((4, 5, 3), 2, None, 0, (4, 5, 3)), ((4, 5, 3), 3, 2, 1, (1, 2, 4, 5, 3)),
    ((4, 5, 3), (2, 1, 2), (1, 2, 1), 0, None),
]


@pytest.mark.parametrize("size, kernel, stride, padding, output_size", UNPOOL_CASES)
@pytest.mark.parametrize("batched", [True, False])
def test_max_unpool_matches_torch(torch, size, kernel, stride, padding, output_size, batched):
    pool, unpool, _ = POOLS[len(size)]
    t_pool = getattr(torch.nn.functional, pool.__name__)
    t_unpool = getattr(torch.nn.functional, unpool.__name__)
    x = np.random.default_rng(0).standard_normal(((2,) if batched else ()) + (3,) + size)
    values, indices = pool(ag.tensor(x), kernel, stride, padding, return_indices=True)
    _, t_indices = t_pool(torch.tensor(x), kernel, stride, padding, return_indices=True)
    np.testing.assert_array_equal(indices.numpy(), t_indices.numpy())
    compare_with_torch(
        torch, lambda a: unpool(a, indices, kernel, stride, padding, output_size),
        lambda a: t_unpool(a, t_indices, kernel, stride, padding, output_size),
        [values.numpy()])


@pytest.mark.parametrize("dims", [1, 2, 3])
@pytest.mark.parametrize("norm_type", [1, 2, 3.5, float("inf"), -float("inf")])
def test_lp_pool_matches_torch(torch, dims, norm_type):
    _, _, lp_pool = POOLS[dims]
    t_lp_pool = getattr(torch.nn.functional, lp_pool.__name__)
    rng = np.random.default_rng(1)
    x = rng.standard_normal((2, 3) + (5, 6, 4)[:dims])
    x = np.abs(x) if norm_type == 3.5 else x  # a fractional power of a negative is NaN
    last = (2, 3, 1)[:dims] if dims > 1 else 3  # PyTorch's lp_pool1d takes an int
    for kernel, stride, ceil_mode in ((2, None, False), (3, 2, True), (last, 1, False)):
        compare_with_torch(torch, lambda a: lp_pool(a, norm_type, kernel, stride, ceil_mode),
                           lambda a: t_lp_pool(a, norm_type, kernel, stride, ceil_mode), [x])
        compare_with_torch(torch, lambda a: lp_pool(a, norm_type, kernel, stride, ceil_mode),
                           lambda a: t_lp_pool(a, norm_type, kernel, stride, ceil_mode), [x[0]])


def test_lp_pool_gradient_is_zero_where_a_window_is_zero(torch):
    x = np.zeros((1, 1, 4, 4))
    x[0, 0, 0, 0] = 1.5
    compare_with_torch(torch, lambda a: lp_pool2d(a, 2, 2),
                       lambda a: torch.nn.functional.lp_pool2d(a, 2, 2), [x], second_order=False)
    out = lp_pool2d(ag.tensor(x, requires_grad=True), 2, 2)
    assert out.grad_fn.name() == "PowBackward0"


@pytest.mark.parametrize("op", [
    lambda x: max_unpool1d(x, ag.tensor(np.array([[0, 3, 4, 7], [1, 2, 6, 7]])), 3, 2, 1, (8,)),
    lambda x: max_unpool2d(x.reshape(2, 2, 2), ag.tensor(np.array([[[0, 4], [9, 15]]] * 2)), 2),
    lambda x: max_unpool3d(x.reshape(1, 1, 2, 2, 2), ag.tensor(np.arange(8).reshape(
        1, 1, 2, 2, 2) * 8), 2),
    lambda x: lp_pool2d(x.reshape(1, 2, 2, 2), 3, (1, 2)),
    lambda x: lp_pool3d(x.reshape(1, 2, 2, 2), 2, (1, 2, 1), ceil_mode=True),
])
def test_gradcheck_and_second_order_gradcheck(op):
    x = ag.tensor(np.random.default_rng(2).uniform(0.5, 2.0, (2, 4)), requires_grad=True)
    assert ag.gradcheck(op, [x])

    def gradient(a):
        return ag.grad((op(a * a) ** 3).sum(), [a], create_graph=True)[0]

    assert ag.gradcheck(gradient, [x])


def test_empty_batch_and_dtype(torch):
    values = ag.zeros(0, 2, 2, 2, 2, requires_grad=True)
    indices = ag.zeros(0, 2, 2, 2, 2, dtype=ag.int64)
    out = max_unpool3d(values, indices, 2)
    assert out.shape == (0, 2, 4, 4, 4)
    out.sum().backward()
    assert values.grad.shape == values.shape
    x = np.random.default_rng(3).standard_normal((1, 2, 4, 4)).astype(np.float32)
    v, i = max_pool2d(ag.tensor(x), 2, return_indices=True)
    assert max_unpool2d(v, i, 2).dtype == np.float32
    assert lp_pool2d(ag.tensor(x), 2, 2).dtype == np.float32


def _pooled(*shape):
    return ag.zeros(*shape), ag.zeros(*shape, dtype=ag.int64)


@pytest.mark.parametrize("call, error, message", [
    (lambda: max_unpool2d(*_pooled(1, 2, 2, 2), 2, output_size=(6, 5)), ValueError,
     r'invalid output_size "\(6, 5\)" \(dim 0 must be between 2 and 6\)'),
    (lambda: max_unpool2d(*_pooled(1, 2, 2, 2), 2, output_size=(5,)), ValueError,
     "output_size should be a sequence containing 2 or 4 elements, but it has a length of '1'"),
    (lambda: max_unpool2d(*_pooled(2, 2), 2), RuntimeError,
     "Input to max_unpooling should be a 3d or 4d Tensor, but got a tensor with 2 dimensions"),
    (lambda: max_unpool2d(ag.zeros(1, 2, 2, 2), ag.zeros(1, 2, 2, 2, dtype=ag.int32), 2),
     RuntimeError, "elements in indices should be type int64 but got: Int"),
    (lambda: max_unpool2d(ag.zeros(1, 2, 2, 2), ag.zeros(1, 1, 2, 2, dtype=ag.int64), 2),
     RuntimeError, r"Expected shape of indices to be same as that of the input tensor "
                   r"\(\[1, 2, 2, 2\]\) but got indices tensor with shape: \[1, 1, 2, 2\]"),
    (lambda: max_unpool3d(ag.zeros(2, 2, 1, 2, 2), ag.zeros(2, 2, 1, 2, 2, dtype=ag.int64) + 100,
                          2), RuntimeError,
     r"Found an invalid max index: 100 \(output volumes are of size 2x4x4\)"),
    (lambda: max_unpool1d(ag.zeros(1, 2, 2, dtype=ag.int64), ag.zeros(1, 2, 2, dtype=ag.int64),
                          2), NotImplementedError, "not implemented for 'torch.int64'"),
    (lambda: max_unpool2d(*_pooled(1, 2, 2, 2), (2, 2, 2)), RuntimeError,
     "kernel_size must either be a single int, or a tuple of two ints"),
    (lambda: lp_pool2d(ag.zeros(1, 1, 5, 5), 2, 0), RuntimeError,
     "kernel_size should be greater than zero"),
    (lambda: lp_pool3d(ag.zeros(1, 5, 5), 2, 2), RuntimeError, "Expected 4D or 5D"),
])
def test_errors_are_pytorch_s(call, error, message):
    with pytest.raises(error, match=message):
        call()
