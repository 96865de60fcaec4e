"""How a loss is reduced and what it accepts, shared by every loss op: `reduction` ('mean',
'sum' or 'none'; PyTorch's deprecated size_average/reduce read as it reads them), the reduced
array, the gradient's factor (1/n for the mean), and targets and weights as Tensors.

A reduced loss is a 0-d tensor; its gradient is the elementwise one times `ctx.scale`.
"""
from __future__ import annotations

import warnings

import numpy as np

from autograd.tensor import Tensor

__all__ = ["reduction_mode", "reduce_array", "scaled", "loss_scale", "as_target",
           "optional_tensor"]


def reduction_mode(size_average=None, reduce=None, reduction: str = "mean") -> str:
    """`reduction` checked, or PyTorch's reading of the deprecated size_average/reduce."""
    if size_average is not None or reduce is not None:
        size_average = True if size_average is None else size_average
        reduce = True if reduce is None else reduce
        reduction = "none" if not reduce else "mean" if size_average else "sum"
        warnings.warn(f"size_average and reduce args will be deprecated, please use "
                      f"reduction='{reduction}' instead.", UserWarning, stacklevel=3)
    if reduction not in ("mean", "sum", "none"):
        raise ValueError(f"{reduction} is not a valid value for reduction (use 'mean', 'sum' "
                         "or 'none')")
    return reduction


def reduce_array(losses: np.ndarray, reduction: str, divisor=None) -> np.ndarray:
    """The per-element losses summed, averaged (over `divisor`, default their count; nan
    when it is 0, as 0/0) or kept."""
    if reduction == "none":
        return losses
    total = losses.sum()
    if reduction == "sum":
        return np.asarray(total)
    divisor = losses.size if divisor is None else divisor
    return np.asarray(total / divisor if divisor else np.nan, losses.dtype)


def scaled(grad, ctx):
    """The incoming gradient times the reduction's factor (1/n for the mean)."""
    return grad if ctx.scale == 1 else grad * ctx.scale


def loss_scale(reduction: str, count: int) -> float:
    """What the mean multiplies by (nan for no elements, as 0/0); 1 for 'sum' and 'none'."""
    if reduction != "mean":
        return 1.0
    return 1.0 / count if count else float("nan")


def as_target(target, input: Tensor, name: str) -> Tensor:
    """The target as a Tensor (arrays and numbers take input's dtype when they are floats)."""
    if isinstance(target, Tensor):
        return target
    array = np.asarray(target)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{name}: target must be a Tensor or a numeric array, got {array.dtype}")
    keep_input_dtype = array.dtype.kind == "f" and input.dtype.kind == "f"
    return Tensor(array, dtype=input.dtype if keep_input_dtype else None)


def optional_tensor(value) -> Tensor | None:
    """None, or `value` as a Tensor (arrays and lists are accepted for weights)."""
    return value if value is None or isinstance(value, Tensor) else Tensor(np.asarray(value))
