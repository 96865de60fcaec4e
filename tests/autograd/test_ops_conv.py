"""Convolutions and unfold/fold: against PyTorch (forward, gradients, second derivatives)
over a grid of strides, paddings, dilations and groups; gradcheck; dtypes; PyTorch's errors."""
from __future__ import annotations

import itertools

import numpy as np
import pytest

import autograd as ag
from autograd.ops import (
    conv1d, conv2d, conv3d, conv_transpose1d, conv_transpose2d, conv_transpose3d, fold, unfold,
)
from tests.autograd.torch_compare import compare_with_torch

CONV2D_GRID = [
    (stride, padding, dilation, groups)
    for stride, padding, dilation, groups in itertools.product(
        [1, 2, (2, 1)], [0, 1, (1, 2), "same", "valid"], [1, (2, 1)], [1, 2])
    if not (padding == "same" and stride != 1)
]


def _arrays(rng, *shapes):
    return [rng.standard_normal(s) for s in shapes]


@pytest.mark.parametrize("stride, padding, dilation, groups", CONV2D_GRID)
def test_conv2d_matches_torch(torch, stride, padding, dilation, groups):
    rng = np.random.default_rng(0)
    arrays = _arrays(rng, (2, 4, 7, 6), (6, 4 // groups, 3, 2), (6,))
    compare_with_torch(
        torch, lambda x, w, b: conv2d(x, w, b, stride, padding, dilation, groups),
        lambda x, w, b: torch.nn.functional.conv2d(x, w, b, stride, padding, dilation, groups),
        arrays)


@pytest.mark.parametrize("stride, padding, dilation, groups", [
    (1, 0, 1, 1), (3, 2, 1, 3), (1, "same", 2, 1), (2, "valid", 3, 3), (1, "same", 1, 3)])
def test_conv1d_matches_torch(torch, stride, padding, dilation, groups):
    rng = np.random.default_rng(1)
    arrays = _arrays(rng, (2, 6, 11), (3, 6 // groups, 4), (3,))
    compare_with_torch(
        torch, lambda x, w, b: conv1d(x, w, b, stride, padding, dilation, groups),
        lambda x, w, b: torch.nn.functional.conv1d(x, w, b, stride, padding, dilation, groups),
        arrays)


@pytest.mark.parametrize("stride, padding, dilation, groups", [
    (1, 0, 1, 1), ((2, 1, 1), 1, 1, 2), (1, "same", (1, 2, 1), 2), (2, "valid", 1, 1),
    ((1, 2, 3), (1, 0, 2), (2, 1, 1), 1), (1, "same", 1, 1)])
def test_conv3d_matches_torch(torch, stride, padding, dilation, groups):
    rng = np.random.default_rng(9)
    arrays = _arrays(rng, (2, 4, 5, 6, 4), (6, 4 // groups, 3, 2, 2), (6,))
    compare_with_torch(
        torch, lambda x, w, b: conv3d(x, w, b, stride, padding, dilation, groups),
        lambda x, w, b: torch.nn.functional.conv3d(x, w, b, stride, padding, dilation, groups),
        arrays)


@pytest.mark.parametrize("stride, padding, output_padding, dilation, groups", [
    (1, 0, 0, 1, 1), (2, 1, 1, 1, 2), ((2, 1, 3), (0, 1, 1), (1, 0, 2), 1, 1),
    (1, 1, 1, 2, 2)])
def test_conv_transpose3d_matches_torch(torch, stride, padding, output_padding, dilation,
                                        groups):
    rng = np.random.default_rng(10)
    arrays = _arrays(rng, (2, 4, 3, 4, 2), (4, 6 // groups, 2, 3, 2), (6,))
    compare_with_torch(
        torch, lambda x, w, b: conv_transpose3d(x, w, b, stride, padding, output_padding,
                                                groups, dilation),
        lambda x, w, b: torch.nn.functional.conv_transpose3d(x, w, b, stride, padding,
                                                             output_padding, groups, dilation),
        arrays)


CONV_TRANSPOSE_GRID = [
    (stride, padding, output_padding, dilation, groups)
    for stride, padding, output_padding, dilation, groups in itertools.product(
        [1, 2, 3], [0, 1], [0, 1, 2], [1, 3], [1, 2])
    if output_padding < stride or output_padding < dilation
]


@pytest.mark.parametrize("stride, padding, output_padding, dilation, groups", CONV_TRANSPOSE_GRID)
def test_conv_transpose2d_matches_torch(torch, stride, padding, output_padding, dilation, groups):
    rng = np.random.default_rng(2)
    arrays = _arrays(rng, (2, 4, 4, 3), (4, 6 // groups, 3, 2), (6,))
    compare_with_torch(
        torch, lambda x, w, b: conv_transpose2d(x, w, b, stride, padding, output_padding,
                                                groups, dilation),
        lambda x, w, b: torch.nn.functional.conv_transpose2d(x, w, b, stride, padding,
                                                             output_padding, groups, dilation),
        arrays)


@pytest.mark.parametrize("stride, padding, output_padding, dilation", [
    (1, 0, 0, 1), (2, 1, 1, 1), (3, 0, 2, 1), (1, 1, 1, 2), (2, 2, 0, 3)])
def test_conv_transpose1d_matches_torch(torch, stride, padding, output_padding, dilation):
    rng = np.random.default_rng(3)
    arrays = _arrays(rng, (2, 4, 5), (4, 3, 3), (3,))
    compare_with_torch(
        torch, lambda x, w, b: conv_transpose1d(x, w, b, stride, padding, output_padding, 1,
                                                dilation),
        lambda x, w, b: torch.nn.functional.conv_transpose1d(x, w, b, stride, padding,
                                                             output_padding, 1, dilation),
        arrays)


def test_unbatched_input_and_no_bias_match_torch(torch):
    rng = np.random.default_rng(4)
    compare_with_torch(torch, lambda x, w: conv2d(x, w, None, 1, 1),
                       lambda x, w: torch.nn.functional.conv2d(x, w, None, 1, 1),
                       _arrays(rng, (3, 5, 5), (2, 3, 3, 3)))
    compare_with_torch(torch, lambda x, w: conv_transpose2d(x, w, stride=2),
                       lambda x, w: torch.nn.functional.conv_transpose2d(x, w, stride=2),
                       _arrays(rng, (3, 4, 4), (3, 2, 2, 2)))
    compare_with_torch(torch, lambda x, w: conv1d(x, w),
                       lambda x, w: torch.nn.functional.conv1d(x, w),
                       _arrays(rng, (3, 6), (2, 3, 2)))
    compare_with_torch(torch, lambda x, w: conv3d(x, w, None, 1, 1),
                       lambda x, w: torch.nn.functional.conv3d(x, w, None, 1, 1),
                       _arrays(rng, (3, 4, 3, 5), (2, 3, 3, 2, 3)))
    compare_with_torch(torch, lambda x, w: conv_transpose3d(x, w, stride=2),
                       lambda x, w: torch.nn.functional.conv_transpose3d(x, w, stride=2),
                       _arrays(rng, (3, 2, 3, 2), (3, 2, 2, 2, 2)))


@pytest.mark.parametrize("kernel, dilation, padding, stride", [
    (2, 1, 0, 1), ((2, 3), 2, 1, (2, 1)), (3, (1, 2), (1, 0), 2)])
def test_unfold_and_fold_match_torch(torch, kernel, dilation, padding, stride):
    rng = np.random.default_rng(5)
    x = rng.standard_normal((2, 3, 7, 6))
    compare_with_torch(torch, lambda a: unfold(a, kernel, dilation, padding, stride),
                       lambda a: torch.nn.functional.unfold(a, kernel, dilation, padding, stride),
                       [x])
    cols = unfold(ag.tensor(x), kernel, dilation, padding, stride).numpy()
    compare_with_torch(torch, lambda c: fold(c, (7, 6), kernel, dilation, padding, stride),
                       lambda c: torch.nn.functional.fold(c, (7, 6), kernel, dilation, padding,
                                                          stride),
                       [rng.standard_normal(cols.shape)])


@pytest.mark.parametrize("op, shapes", [
    (lambda x, w, b: conv2d(x, w, b, 2, 1), [(1, 2, 5, 4), (3, 2, 3, 2), (3,)]),
    (lambda x, w, b: conv2d(x, w, b, 1, "same", 2, 2), [(2, 2, 4, 4), (2, 1, 2, 3), (2,)]),
    (lambda x, w, b: conv1d(x, w, b, 2, 1, 1, 1), [(2, 2, 6), (3, 2, 3), (3,)]),
    (lambda x, w, b: conv_transpose2d(x, w, b, 2, 1, 1), [(1, 2, 3, 3), (2, 3, 3, 2), (3,)]),
    (lambda x, w, b: conv_transpose1d(x, w, b, 3, 0, 2, 2, 1), [(1, 2, 3), (2, 2, 2), (4,)]),
    (lambda x, w, b: conv3d(x, w, b, (2, 1, 1), 1, (1, 1, 2), 2),
     [(1, 2, 4, 3, 4), (2, 1, 2, 2, 2), (2,)]),
    (lambda x, w, b: conv_transpose3d(x, w, b, 2, 1, 1), [(1, 2, 2, 3, 2), (2, 2, 2, 2, 3), (2,)]),
])
def test_gradcheck_and_second_order_gradcheck(op, shapes):
    rng = np.random.default_rng(6)
    inputs = [ag.tensor(a, requires_grad=True) for a in _arrays(rng, *shapes)]
    assert ag.gradcheck(op, inputs)

    def gradients(*tensors):  # the gradient of a nonlinear loss, differentiated again
        out = op(*tensors)
        return ag.grad((out * out * out).sum(), tensors, create_graph=True)

    assert ag.gradcheck(gradients, inputs)


def test_unfold_fold_gradcheck_twice():
    rng = np.random.default_rng(7)
    x = ag.tensor(rng.standard_normal((1, 2, 4, 5)), requires_grad=True)

    def twice(a):
        cols = unfold(a * a, (2, 3), 1, 1, (1, 2))
        return fold(cols * cols, (4, 5), (2, 3), 1, 1, (1, 2))

    assert ag.gradcheck(twice, [x])
    (g,) = ag.grad(twice(x).sum(), [x], create_graph=True)
    assert ag.gradcheck(lambda a: ag.grad(twice(a).sum(), [a], create_graph=True)[0], [x])
    assert g.requires_grad


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int64])
def test_dtypes_follow_torch(torch, dtype):
    rng = np.random.default_rng(8)
    x = (rng.standard_normal((2, 3, 5, 5)) * 4).astype(dtype)
    w = (rng.standard_normal((4, 3, 3, 3)) * 4).astype(dtype)
    out = conv2d(ag.tensor(x), ag.tensor(w), padding=1)
    expected = torch.nn.functional.conv2d(torch.tensor(x), torch.tensor(w), padding=1)
    assert out.dtype == np.dtype(str(expected.dtype).replace("torch.", ""))
    np.testing.assert_allclose(out.numpy(), expected.numpy(), rtol=1e-5, atol=1e-4)
    out = conv_transpose2d(ag.tensor(x), ag.tensor(w.transpose(1, 0, 2, 3).copy()), stride=2)
    expected = torch.nn.functional.conv_transpose2d(torch.tensor(x),
                                                    torch.tensor(w.transpose(1, 0, 2, 3).copy()),
                                                    stride=2)
    assert out.dtype == np.dtype(dtype)
    np.testing.assert_allclose(out.numpy(), expected.numpy(), rtol=1e-5, atol=1e-4)


def test_empty_batch():
    out = conv2d(ag.zeros(0, 3, 5, 5, requires_grad=True), ag.ones(2, 3, 3, 3), padding=1)
    assert out.shape == (0, 2, 5, 5)
    out.sum().backward()
    x, w = ag.zeros(0, 3, 4, 5, 5, requires_grad=True), ag.ones(2, 3, 3, 3, 3, requires_grad=True)
    out = conv3d(x, w, padding=1)
    assert out.shape == (0, 2, 4, 5, 5)
    out.sum().backward()
    assert x.grad.shape == x.shape and not w.grad.numpy().any()
    out = conv_transpose3d(ag.zeros(0, 2, 2, 2, 2), ag.ones(2, 3, 2, 2, 2), stride=2)
    assert out.shape == (0, 3, 4, 4, 4)


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int64])
def test_conv3d_dtypes_follow_torch(torch, dtype):
    rng = np.random.default_rng(11)
    x = (rng.standard_normal((1, 2, 4, 4, 3)) * 4).astype(dtype)
    w = (rng.standard_normal((3, 2, 2, 2, 2)) * 4).astype(dtype)
    for ours, theirs in ((conv3d, torch.nn.functional.conv3d),
                         (conv_transpose3d, torch.nn.functional.conv_transpose3d)):
        weight = w if ours is conv3d else w.transpose(1, 0, 2, 3, 4)[:2].copy()
        out = ours(ag.tensor(x), ag.tensor(weight), stride=2)
        expected = theirs(torch.tensor(x), torch.tensor(weight), stride=2)
        assert out.dtype == np.dtype(dtype) and out.shape == tuple(expected.shape)
        np.testing.assert_allclose(out.numpy(), expected.numpy(), rtol=1e-5, atol=1e-4)


def _zeros(*shape, dtype=np.float32):
    return ag.tensor(np.zeros(shape, dtype))


@pytest.mark.parametrize("call, message", [
    (lambda: conv2d(_zeros(1, 3, 5, 5), _zeros(2, 4, 3, 3)),
     r"Given groups=1, weight of size \[2, 4, 3, 3\], expected input\[1, 3, 5, 5\] to have 4 "
     r"channels, but got 3 channels instead"),
    (lambda: conv2d(_zeros(5, 5), _zeros(2, 4, 3, 3)),
     r"Expected 3D \(unbatched\) or 4D \(batched\) input to conv2d, but got input of size: "
     r"\[5, 5\]"),
    (lambda: conv2d(_zeros(1, 1, 2, 2), _zeros(1, 1, 3, 3)),
     r"Calculated padded input size per channel: \(2 x 2\). Kernel size: \(3 x 3\). Kernel "
     "size can't be greater than actual input size"),
    (lambda: conv2d(_zeros(1, 1, 5, 5), _zeros(1, 1, 3, 3), stride=2, padding="same"),
     "padding='same' is not supported for strided convolutions"),
    (lambda: conv2d(_zeros(1, 1, 5, 5), _zeros(2, 1, 3, 3), _zeros(3)),
     r"expected bias to be 1-dimensional with 2 elements, but got bias of size \[3\]"),
    (lambda: conv2d(_zeros(1, 1, 5, 5), _zeros(2, 1, 3, 3), padding="full"),
     "Invalid padding string: 'full'"),
    (lambda: conv2d(_zeros(1, 4, 5, 5), _zeros(2, 2, 3, 3), groups=3),
     "expected weight to be at least 3 at dimension 0"),
    (lambda: conv2d(_zeros(1, 4, 5, 5), _zeros(3, 2, 3, 3), groups=2),
     "expected weight to be divisible by 2 at dimension 0"),
    (lambda: conv2d(_zeros(1, 4, 5, 5), _zeros(4, 4, 3, 3), stride=0),
     "non-positive stride is not supported"),
    (lambda: conv2d(_zeros(1, 4, 5, 5), _zeros(4, 4, 3, 3), padding=-1),
     "negative padding is not supported"),
    (lambda: conv2d(_zeros(1, 4, 5, 5), _zeros(4, 4, 3, 3), dilation=0),
     "non-positive dilation is not supported"),
    (lambda: conv2d(_zeros(1, 4, 5, 5, dtype=np.float64), _zeros(4, 4, 3, 3)),
     "expected scalar type Double but found Float"),
    (lambda: conv2d(_zeros(1, 4, 5, 5), _zeros(4, 4, 3)), "weight of size"),
    (lambda: conv2d(_zeros(2, 4, 5, 5), _zeros(4, 4, 3, 3), stride=(1, 2, 3)),
     "expected stride to be a single integer value or a list of 2 values"),
    (lambda: conv_transpose2d(_zeros(1, 4, 5, 5), _zeros(3, 2, 3, 3)),
     r"Given transposed=1, weight of size \[3, 2, 3, 3\], expected input\[1, 4, 5, 5\] to have "
     "3 channels, but got 4 channels instead"),
    (lambda: conv_transpose2d(_zeros(1, 4, 5, 5), _zeros(4, 2, 3, 3), stride=2,
                              output_padding=2),
     "output padding must be smaller than either stride or dilation"),
    (lambda: conv_transpose2d(_zeros(1, 4, 5, 5), _zeros(4, 2, 3, 3), padding=4),
     r"Calculated output size per channel: \(-1 x -1\). Output size is too small"),
    (lambda: fold(_zeros(2, 18, 24), (7, 6), (2, 3), 2, 1, (2, 1)),
     "to match the calculated number of sliding blocks 4 \\* 4 = 16"),
    (lambda: unfold(_zeros(5, 5), 2), r"Only 3D or 4D input Tensors are supported \(got 2D\)"),
    (lambda: conv3d(_zeros(5, 5, 5), _zeros(2, 1, 3, 3, 3)),
     r"Expected 4D \(unbatched\) or 5D \(batched\) input to conv3d, but got input of size: "
     r"\[5, 5, 5\]"),
    (lambda: conv3d(_zeros(1, 1, 2, 5, 5), _zeros(2, 1, 3, 3, 3)),
     r"Calculated padded input size per channel: \(2 x 5 x 5\). Kernel size: \(3 x 3 x 3\). "
     "Kernel size can't be greater than actual input size"),
    (lambda: conv3d(_zeros(1, 4, 5, 5, 5), _zeros(3, 2, 3, 3, 3), groups=2),
     "expected weight to be divisible by 2 at dimension 0"),
    (lambda: conv3d(_zeros(1, 4, 5, 5, 5), _zeros(4, 4, 3, 3)), "expected weight to be 5-dim"),
    (lambda: conv3d(_zeros(1, 4, 5, 5, 5), _zeros(4, 4, 3, 3, 3), stride=(1, 2)),
     "expected stride to be a single integer value or a list of 3 values"),
    (lambda: conv_transpose3d(_zeros(1, 4, 2, 2, 2), _zeros(3, 2, 3, 3, 3)),
     r"expected input\[1, 4, 2, 2, 2\] to have 3 channels, but got 4 channels instead"),
])
def test_errors_are_pytorch_s(call, message):
    with pytest.raises(RuntimeError, match=message):
        call()


def test_backward_records_conv_ops_for_a_second_derivative():
    x = ag.tensor(np.ones((1, 1, 4, 4)), requires_grad=True)
    w = ag.tensor(np.ones((1, 1, 3, 3)), requires_grad=True)
    (grad_x,) = ag.grad((conv2d(x, w) ** 2).sum(), [x], create_graph=True)
    names, seen, stack = set(), set(), [grad_x.grad_fn]
    while stack:
        node = stack.pop()
        if not isinstance(node, ag.Node) or id(node) in seen:
            continue
        seen.add(id(node))
        names.add(node.op_name)
        stack.extend(edge[0] for edge in node.next_functions if edge is not None)
    assert {"Fold", "MatMul", "Conv"} <= names  # grad_x = fold(Wᵀ · 2·conv(x, W))
