"""Upsampling layers: `Upsample` and its fixed-mode forms, over `autograd.ops.interpolate`."""
from __future__ import annotations

from autograd import Tensor
from autograd.ops import interpolate
from nn.checks import check_number
from nn.module import Module

__all__ = ["Upsample", "UpsamplingNearest2d", "UpsamplingBilinear2d"]


class Upsample(Module):
    """Resize (N, C, *spatial) input to `size` or by `scale_factor`; see `interpolate`.

    Args: size, scale_factor (one of them), mode='nearest' ('nearest-exact', 'linear',
        'bilinear', 'bicubic', 'trilinear', 'area'), align_corners=None,
        recompute_scale_factor=None.

    Example:
        >>> Upsample(scale_factor=2, mode="bilinear")(randn(1, 3, 4, 4)).shape
        (1, 3, 8, 8)
    """

    def __init__(self, size=None, scale_factor=None, mode: str = "nearest",
                 align_corners: bool | None = None,
                 recompute_scale_factor: bool | None = None) -> None:
        super().__init__()
        if (size is None) == (scale_factor is None):
            raise ValueError("Upsample: give either size or scale_factor (exactly one of them)")
        for factor in scale_factor if isinstance(scale_factor, (tuple, list)) else \
                [scale_factor] * (scale_factor is not None):
            check_number("Upsample", "scale_factor", factor, 0.0, open_low=True)
        self.size, self.mode = size, mode
        self.scale_factor = (tuple(float(f) for f in scale_factor)
                             if isinstance(scale_factor, (tuple, list))
                             else float(scale_factor) if scale_factor is not None else None)
        self.align_corners, self.recompute_scale_factor = align_corners, recompute_scale_factor

    def forward(self, input: Tensor) -> Tensor:
        return interpolate(input, self.size, self.scale_factor, self.mode, self.align_corners,
                           self.recompute_scale_factor)

    def extra_repr(self) -> str:
        what = (f"scale_factor={self.scale_factor!r}" if self.scale_factor is not None
                else f"size={self.size!r}")
        return f"{what}, mode={self.mode!r}"


class UpsamplingNearest2d(Upsample):
    """Upsample with mode='nearest' over (N, C, H, W) input."""

    def __init__(self, size=None, scale_factor=None) -> None:
        super().__init__(size, scale_factor, mode="nearest")


class UpsamplingBilinear2d(Upsample):
    """Upsample with mode='bilinear' and align_corners=True over (N, C, H, W) input."""

    def __init__(self, size=None, scale_factor=None) -> None:
        super().__init__(size, scale_factor, mode="bilinear", align_corners=True)
