"""interpolate: every mode against PyTorch (float32 and float64, sizes and scale factors,
align_corners), gradcheck to second order, integer inputs, PyTorch's errors."""
from __future__ import annotations

import warnings

import numpy as np
import pytest

import autograd as ag
from autograd.ops import interpolate
from tests.autograd.torch_compare import compare_with_torch

SIZES_2D = [dict(size=9), dict(size=(3, 11)), dict(size=(7, 4)), dict(scale_factor=2),
            dict(scale_factor=0.5), dict(scale_factor=1.7), dict(scale_factor=(2.3, 0.6)),
            dict(scale_factor=1.7, recompute_scale_factor=True)]
MODES_2D = [("nearest", None), ("nearest-exact", None), ("area", None), ("bilinear", False),
            ("bilinear", True), ("bicubic", False), ("bicubic", True)]


def _torch_interpolate(torch, **kwargs):
    def run(x):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return torch.nn.functional.interpolate(x, **kwargs)
    return run


@pytest.mark.parametrize("sizes", SIZES_2D)
@pytest.mark.parametrize("mode, align_corners", MODES_2D)
@pytest.mark.parametrize("dtype, tolerance", [(np.float64, 1e-10), (np.float32, 2e-5)])
def test_2d_modes_match_torch(torch, sizes, mode, align_corners, dtype, tolerance):
    x = np.random.default_rng(0).standard_normal((2, 3, 5, 7)).astype(dtype)
    kwargs = dict(mode=mode, align_corners=align_corners, **sizes)
    compare_with_torch(torch, lambda a: interpolate(a, **kwargs),
                       _torch_interpolate(torch, **kwargs), [x], atol=tolerance,
                       rtol=tolerance, second_order=dtype == np.float64)


@pytest.mark.parametrize("sizes", [dict(size=9), dict(scale_factor=2.5), dict(size=3)])
@pytest.mark.parametrize("mode, align_corners, shape", [
    ("nearest", None, (2, 3, 6)), ("linear", False, (2, 3, 6)), ("linear", True, (2, 3, 6)),
    ("area", None, (2, 3, 6)), ("nearest-exact", None, (2, 3, 6)),
    ("nearest", None, (1, 2, 3, 4, 5)), ("trilinear", False, (1, 2, 3, 4, 5)),
    ("trilinear", True, (1, 2, 3, 4, 5)), ("area", None, (1, 2, 3, 4, 5)),
])
def test_1d_and_3d_modes_match_torch(torch, sizes, mode, align_corners, shape):
    x = np.random.default_rng(1).standard_normal(shape)
    kwargs = dict(mode=mode, align_corners=align_corners, **sizes)
    compare_with_torch(torch, lambda a: interpolate(a, **kwargs),
                       _torch_interpolate(torch, **kwargs), [x])


@pytest.mark.parametrize("mode", ["nearest", "bilinear", "bicubic", "area"])
def test_gradcheck_and_second_order_gradcheck(mode):
    x = ag.tensor(np.random.default_rng(2).standard_normal((1, 2, 4, 5)), requires_grad=True)
    assert ag.gradcheck(lambda a: interpolate(a, scale_factor=1.5, mode=mode), [x])

    def gradient(a):
        out = interpolate(a * a, scale_factor=1.5, mode=mode)
        return ag.grad((out ** 3).sum(), [a], create_graph=True)[0]

    assert ag.gradcheck(gradient, [x])


def test_nearest_keeps_integers_and_infinities(torch):
    x = np.arange(6, dtype=np.uint8).reshape(1, 1, 2, 3)  # images, as PyTorch allows
    out = interpolate(ag.tensor(x), scale_factor=2)
    assert out.dtype == np.uint8
    np.testing.assert_array_equal(out.numpy(),
                                  torch.nn.functional.interpolate(torch.tensor(x), scale_factor=2))
    y = np.array([[[[1.0, np.inf], [2.0, 3.0]]]])
    np.testing.assert_array_equal(interpolate(ag.tensor(y), size=(3, 5)).numpy(),
                                  torch.nn.functional.interpolate(torch.tensor(y), size=(3, 5)))


def _x(*shape):
    return ag.tensor(np.zeros(shape, np.float32))


@pytest.mark.parametrize("call, error, message", [
    (lambda: interpolate(_x(1, 1, 5, 5)), ValueError,
     "either size or scale_factor should be defined"),
    (lambda: interpolate(_x(1, 1, 5, 5), size=3, scale_factor=2), ValueError,
     "only one of size or scale_factor should be defined"),
    (lambda: interpolate(_x(1, 1, 5, 5), size=3, align_corners=True), ValueError,
     "align_corners option can only be set with the interpolating modes"),
    (lambda: interpolate(_x(1, 1, 5), scale_factor=2, mode="bilinear"), NotImplementedError,
     "Got 3D input, but bilinear mode needs 4D input"),
    (lambda: interpolate(_x(1, 1, 5, 5), size=3, mode="cubic"), NotImplementedError,
     r"\(got cubic\)"),
    (lambda: interpolate(_x(1, 1, 5, 5), size=(3,)), ValueError,
     "Input and output must have the same number of spatial dimensions"),
    (lambda: interpolate(ag.zeros(1, 1, 5, 5, dtype=ag.int64), size=3, mode="bilinear"),
     RuntimeError, "not implemented for 'torch.int64'"),
])
def test_errors_are_pytorch_s(call, error, message):
    with pytest.raises(error, match=message):
        call()
