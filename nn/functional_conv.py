"""nn.functional's convolution, pooling and resizing functions (imported by nn/functional.py).

They are the ops' own function forms (autograd/ops: conv.py, unfold.py, pooling.py,
adaptive_pooling.py, unpooling.py, lp_pooling.py, interpolate.py), which already take
PyTorch's arguments.
"""
from __future__ import annotations

from autograd.ops import (
    adaptive_avg_pool1d, adaptive_avg_pool2d, adaptive_max_pool1d, adaptive_max_pool2d,
    avg_pool1d, avg_pool2d, conv1d, conv2d, conv_transpose1d, conv_transpose2d, fold,
    interpolate, max_pool1d, max_pool2d, unfold,
)
from autograd.ops import (
    adaptive_avg_pool3d, adaptive_max_pool3d, avg_pool3d, conv3d, conv_transpose3d, lp_pool1d,
    lp_pool2d, lp_pool3d, max_pool3d, max_unpool1d, max_unpool2d, max_unpool3d,
)

__all__ = [
    "conv1d", "conv2d", "conv_transpose1d", "conv_transpose2d", "unfold", "fold",
    "max_pool1d", "max_pool2d", "avg_pool1d", "avg_pool2d", "adaptive_avg_pool1d",
    "adaptive_avg_pool2d", "adaptive_max_pool1d", "adaptive_max_pool2d", "interpolate",
    "upsample_nearest", "upsample_bilinear",
    "conv3d", "conv_transpose3d", "max_pool3d", "avg_pool3d", "adaptive_avg_pool3d",
    "adaptive_max_pool3d", "max_unpool1d", "max_unpool2d", "max_unpool3d", "lp_pool1d",
    "lp_pool2d", "lp_pool3d",
]


def upsample_nearest(input, size=None, scale_factor=None):
    """interpolate(input, size, scale_factor, mode='nearest') (PyTorch's deprecated alias)."""
    return interpolate(input, size, scale_factor, mode="nearest")


def upsample_bilinear(input, size=None, scale_factor=None):
    """interpolate(..., mode='bilinear', align_corners=True) (PyTorch's deprecated alias)."""
    return interpolate(input, size, scale_factor, mode="bilinear", align_corners=True)
