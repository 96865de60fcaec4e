"""Convolution and pooling: `Conv2d`, `MaxPool2d`, `AvgPool2d` and their fused, vectorised ops.

Every op reads its input through one strided window view of shape (N, C, OH, OW, kh, kw)
(no copy, no Python loop over output positions). Convolution is im2col plus one matrix
product; backward scatters back with one slice-add per kernel offset (kh*kw iterations).
Backwards are computed in NumPy: these ops are differentiable once (differentiating their
gradients again, through create_graph=True, raises a clear error).
"""
from __future__ import annotations

import math

import numpy as np
from numpy.lib.stride_tricks import as_strided

from autograd import Function, Tensor
from nn import init
from nn.module import Module
from nn.numpy_backward import once_differentiable
from nn.parameter import Parameter

__all__ = [
    "Conv2d", "MaxPool2d", "AvgPool2d", "conv2d", "max_pool2d", "avg_pool2d",
    "Conv2dFunction", "MaxPool2dFunction", "AvgPool2dFunction",
]


def _pair(value, name: str) -> tuple:
    """An int or a pair of ints as a pair of non-negative ints."""
    pair = (value, value) if isinstance(value, (int, np.integer)) else tuple(value)
    if len(pair) != 2 or not all(isinstance(v, (int, np.integer)) and v >= 0 for v in pair):
        raise ValueError(f"{name} must be a non-negative int or a pair of them, got {value!r}")
    return int(pair[0]), int(pair[1])


def _output_size(size: int, kernel: int, stride: int, dilation: int, pad: int, what: str) -> int:
    span = dilation * (kernel - 1) + 1
    if size + pad < span:
        raise ValueError(
            f"{what}: the (padded) input size {size + pad} is smaller than the kernel span {span}")
    return (size + pad - span) // stride + 1


def _check_input(x: np.ndarray, what: str) -> None:
    if x.ndim != 4:
        raise ValueError(f"{what} expects input of shape (N, C, H, W), got shape {x.shape}")


def _pad(x: np.ndarray, padding: tuple, value: float) -> np.ndarray:
    """Pad the last two dims by ((top, bottom), (left, right))."""
    (top, bottom), (left, right) = padding
    if top == bottom == left == right == 0:
        return x
    return np.pad(x, ((0, 0), (0, 0), (top, bottom), (left, right)), constant_values=value)


def _windows(xp: np.ndarray, kernel: tuple, stride: tuple, dilation: tuple, out: tuple) -> np.ndarray:
    """Read-only view (N, C, OH, OW, kh, kw) of the windows of a padded input (no copy)."""
    n, c = xp.shape[:2]
    s_n, s_c, s_h, s_w = xp.strides
    return as_strided(
        xp, shape=(n, c, out[0], out[1], kernel[0], kernel[1]),
        strides=(s_n, s_c, s_h * stride[0], s_w * stride[1], s_h * dilation[0], s_w * dilation[1]),
        writeable=False)


def _scatter_windows(window_grad, kernel: tuple, padded_shape: tuple, padding: tuple,
                     stride: tuple, dilation: tuple, dtype) -> np.ndarray:
    """col2im: add the gradient of every window back onto the input positions it read.

    `window_grad(i, j)` gives the (N, C, OH, OW) gradient reaching kernel offset (i, j);
    one strided slice-add per offset (kh*kw iterations), then the padding is cut off.
    """
    grad = np.zeros(padded_shape, dtype=dtype)
    for i in range(kernel[0]):
        for j in range(kernel[1]):
            g = window_grad(i, j)
            top, left = i * dilation[0], j * dilation[1]
            grad[:, :, top:top + stride[0] * (g.shape[2] - 1) + 1:stride[0],
                 left:left + stride[1] * (g.shape[3] - 1) + 1:stride[1]] += g
    (top, bottom), (left, right) = padding
    return grad[:, :, top:padded_shape[2] - bottom, left:padded_shape[3] - right]


def _conv_padding(padding, kernel: tuple, stride: tuple, dilation: tuple) -> tuple:
    """((top, bottom), (left, right)) from an int, a pair, 'valid' or 'same' (as PyTorch)."""
    if isinstance(padding, str):
        if padding == "valid":
            return (0, 0), (0, 0)
        if padding == "same":
            if stride != (1, 1):
                raise ValueError("padding='same' needs stride 1 (as in PyTorch)")
            totals = [d * (k - 1) for k, d in zip(kernel, dilation)]
            return tuple((t // 2, t - t // 2) for t in totals)
        raise ValueError(f"padding must be an int, a pair, 'valid' or 'same', got {padding!r}")
    ph, pw = _pair(padding, "padding")
    return (ph, ph), (pw, pw)


class Conv2dFunction(Function):
    """2-D cross-correlation. y[n,o] = b[o] + Σ_c,i,j w[o,c,i,j]·x_pad[n,c,s·h+d·i,s·w+d·j].

    Forward: im2col (the windows of x as rows) @ wᵀ. Backward: dw = gᵀ @ cols,
    db = Σ g, dx = col2im(g @ w). Returns NumPy gradients: differentiable once.
    """

    formula = "conv2d(a, b) + c"
    derivatives = ("col2im(g @ w)", "gᵀ @ im2col(x)", "Σ g")

    @staticmethod
    def forward(ctx, x, weight, bias, stride, padding, dilation):
        _check_input(x, "conv2d")
        if weight.ndim != 4:
            raise ValueError(f"conv2d: weight must have shape (out, in, kh, kw), got {weight.shape}")
        n, c, h, w = x.shape
        out_c, in_c, kh, kw = weight.shape
        if in_c != c:
            raise ValueError(
                f"conv2d: input has {c} channels (shape {x.shape}) but weight {weight.shape} "
                f"expects {in_c}")
        if bias is not None and bias.shape != (out_c,):
            raise ValueError(f"conv2d: bias must have shape ({out_c},), got {bias.shape}")
        (top, bottom), (left, right) = padding
        oh = _output_size(h, kh, stride[0], dilation[0], top + bottom, "conv2d")
        ow = _output_size(w, kw, stride[1], dilation[1], left + right, "conv2d")
        xp = _pad(x, padding, 0.0)
        # (N, OH, OW, C, kh, kw) rows, so the product lands in (N, OH, OW, O) order.
        cols = _windows(xp, (kh, kw), stride, dilation, (oh, ow)).transpose(0, 2, 3, 1, 4, 5)
        cols = cols.reshape(n * oh * ow, c * kh * kw)
        out = cols @ weight.reshape(out_c, -1).T
        if bias is not None:
            out += bias
        ctx.save_for_backward(weight, cols)
        ctx.geometry = (xp.shape, padding, stride, dilation)
        return out.reshape(n, oh, ow, out_c).transpose(0, 3, 1, 2)

    @staticmethod
    def backward(ctx, grad):
        weight, cols = ctx.saved_tensors
        weight, cols = weight.data, cols.data
        padded_shape, padding, stride, dilation = ctx.geometry
        need_x, need_w, need_b = ctx.needs_input_grad[:3]
        n, out_c, oh, ow = grad.shape
        g = grad.data.transpose(0, 2, 3, 1).reshape(-1, out_c)
        grad_x = grad_w = grad_b = None
        if need_x:
            _, in_c, kh, kw = weight.shape
            grad_cols = (g @ weight.reshape(out_c, -1)).reshape(n, oh, ow, in_c, kh, kw)
            grad_cols = grad_cols.transpose(0, 3, 1, 2, 4, 5)
            grad_x = _scatter_windows(lambda i, j: grad_cols[..., i, j], (kh, kw), padded_shape,
                                      padding, stride, dilation, g.dtype)
        if need_w:
            grad_w = (g.T @ cols).reshape(weight.shape)
        if need_b:
            grad_b = g.sum(0)
        grads = once_differentiable("Conv2d", (grad_x, grad_w, grad_b), grad, *ctx.saved_tensors)
        return (*grads, None, None, None)


class MaxPool2dFunction(Function):
    """2-D max pooling. y[n,c,h,w] = max over the window;  dy/dx = 1 at the (first) argmax, else 0.

    Forward keeps the argmax offset of each window (the first maximum; NaN wins, as in
    PyTorch); backward sends each gradient to that offset.
    """

    formula, derivatives = "max_pool2d(a)", ("1[a is the window's max]",)

    @staticmethod
    def forward(ctx, x, kernel, stride, padding, dilation):
        _check_input(x, "max_pool2d")
        n, c, h, w = x.shape
        (top, bottom), (left, right) = padding
        oh = _output_size(h, kernel[0], stride[0], dilation[0], top + bottom, "max_pool2d")
        ow = _output_size(w, kernel[1], stride[1], dilation[1], left + right, "max_pool2d")
        xp = _pad(x, padding, -np.inf)
        windows = _windows(xp, kernel, stride, dilation, (oh, ow))
        count = kernel[0] * kernel[1]
        # One copy puts each kernel offset's values side by side: (kh*kw, N, C, OH, OW).
        offsets = np.ascontiguousarray(windows.transpose(4, 5, 0, 1, 2, 3))
        offsets = offsets.reshape(count, n, c, oh, ow)
        best = offsets.max(0)  # NaN propagates, as in PyTorch
        # argmax = the first offset holding the max = how many offsets come before it
        # (np.argmax over axis 0 and np.where are far slower here).
        argmax = np.zeros(best.shape, dtype=np.uint8 if count < 256 else np.int64)
        found = np.zeros(best.shape, dtype=bool)
        for offset in range(count - 1):
            value = offsets[offset]
            found |= value == best
            found |= np.isnan(value)
            argmax += ~found
        ctx.save_for_backward(argmax)
        ctx.geometry = (xp.shape, padding, kernel, stride, dilation)
        return best

    @staticmethod
    def backward(ctx, grad):
        (argmax,) = ctx.saved_tensors
        argmax = argmax.data
        padded_shape, padding, kernel, stride, dilation = ctx.geometry
        g = grad.data

        def window_grad(i, j):
            return g * (argmax == i * kernel[1] + j)

        grad_x = _scatter_windows(window_grad, kernel, padded_shape, padding, stride, dilation,
                                  g.dtype)
        return (*once_differentiable("MaxPool2d", (grad_x,), grad), None, None, None, None)


class AvgPool2dFunction(Function):
    """2-D average pooling. y = Σ_window x / divisor;  dy/dx = 1/divisor for each x in the window.

    The divisor is kh*kw (count_include_pad) or the number of unpadded elements in the window.
    """

    formula, derivatives = "avg_pool2d(a)", ("1/divisor",)

    @staticmethod
    def forward(ctx, x, kernel, stride, padding, count_include_pad):
        _check_input(x, "avg_pool2d")
        n, c, h, w = x.shape
        (top, bottom), (left, right) = padding
        oh = _output_size(h, kernel[0], stride[0], 1, top + bottom, "avg_pool2d")
        ow = _output_size(w, kernel[1], stride[1], 1, left + right, "avg_pool2d")
        xp = _pad(x, padding, 0.0)
        total = _windows(xp, kernel, stride, (1, 1), (oh, ow)).sum((-2, -1))
        if count_include_pad or top == bottom == left == right == 0:
            divisor = np.asarray(kernel[0] * kernel[1], dtype=x.dtype)
        else:
            ones = _pad(np.ones((1, 1, h, w), dtype=x.dtype), padding, 0.0)
            divisor = _windows(ones, kernel, stride, (1, 1), (oh, ow)).sum((-2, -1))
        ctx.geometry = (xp.shape, padding, kernel, stride, divisor)
        return total / divisor

    @staticmethod
    def backward(ctx, grad):
        padded_shape, padding, kernel, stride, divisor = ctx.geometry
        g = grad.data / divisor
        grad_x = _scatter_windows(lambda i, j: g, kernel, padded_shape, padding, stride, (1, 1),
                                  g.dtype)
        return (*once_differentiable("AvgPool2d", (grad_x,), grad), None, None, None, None)


def conv2d(input: Tensor, weight: Tensor, bias: Tensor | None = None, stride=1, padding=0,
           dilation=1) -> Tensor:
    """2-D convolution (cross-correlation, as PyTorch) over an (N, C, H, W) input.

    Args:
        weight: (out_channels, in_channels, kh, kw); bias: (out_channels,) or None.
        stride, dilation: int or (h, w) pair; padding: int, pair, 'valid' or 'same'.
    Shape: (N, C, H, W) -> (N, out_channels, OH, OW) with
        OH = (H + 2·pad - dilation·(kh - 1) - 1) // stride + 1.
    """
    stride, dilation = _pair(stride, "stride"), _pair(dilation, "dilation")
    if 0 in stride or 0 in dilation:
        raise ValueError(f"conv2d: stride {stride} and dilation {dilation} must be positive")
    kernel = tuple(np.shape(weight.data if isinstance(weight, Tensor) else weight)[2:4])
    pad = _conv_padding(padding, kernel, stride, dilation)
    return Conv2dFunction.apply(input, weight, bias, stride, pad, dilation)


def _pool_arguments(kernel_size, stride, padding, what: str) -> tuple:
    kernel = _pair(kernel_size, "kernel_size")
    stride = kernel if stride is None else _pair(stride, "stride")
    ph, pw = _pair(padding, "padding")
    if 0 in kernel or 0 in stride:
        raise ValueError(f"{what}: kernel_size {kernel} and stride {stride} must be positive")
    if ph > kernel[0] // 2 or pw > kernel[1] // 2:
        raise ValueError(
            f"{what}: padding {(ph, pw)} must be at most half the kernel size {kernel}")
    return kernel, stride, ((ph, ph), (pw, pw))


def max_pool2d(input: Tensor, kernel_size, stride=None, padding=0, dilation=1) -> Tensor:
    """Max over each kh x kw window (stride defaults to kernel_size; padding is -inf).

    Shape: (N, C, H, W) -> (N, C, OH, OW). The gradient goes to the first maximum of each window.
    """
    kernel, stride, pad = _pool_arguments(kernel_size, stride, padding, "max_pool2d")
    dilation = _pair(dilation, "dilation")
    if 0 in dilation:
        raise ValueError(f"max_pool2d: dilation {dilation} must be positive")
    return MaxPool2dFunction.apply(input, kernel, stride, pad, dilation)


def avg_pool2d(input: Tensor, kernel_size, stride=None, padding=0,
               count_include_pad: bool = True) -> Tensor:
    """Mean over each kh x kw window (stride defaults to kernel_size; padding is 0).

    Shape: (N, C, H, W) -> (N, C, OH, OW). With count_include_pad=False, padded zeros are
    left out of each window's divisor.
    """
    kernel, stride, pad = _pool_arguments(kernel_size, stride, padding, "avg_pool2d")
    return AvgPool2dFunction.apply(input, kernel, stride, pad, bool(count_include_pad))


class Conv2d(Module):
    """2-D convolution layer over (N, C, H, W) inputs, initialised as PyTorch's.

    weight (out_channels, in_channels, kh, kw) and bias (out_channels,) are drawn from
    U(-1/√fan_in, 1/√fan_in) with fan_in = in_channels·kh·kw (PyTorch's kaiming_uniform_
    with a=√5).

    Example:
        >>> conv = Conv2d(1, 16, 3, padding=1)
        >>> conv(randn(64, 1, 8, 8)).shape
        (64, 16, 8, 8)
    """

    def __init__(self, in_channels: int, out_channels: int, kernel_size, stride=1, padding=0,
                 dilation=1, bias: bool = True, dtype=None) -> None:
        super().__init__()
        if in_channels <= 0 or out_channels <= 0:
            raise ValueError(
                f"in_channels and out_channels must be positive, got {in_channels} and {out_channels}")
        self.in_channels, self.out_channels = in_channels, out_channels
        self.kernel_size = _pair(kernel_size, "kernel_size")
        self.stride, self.dilation = _pair(stride, "stride"), _pair(dilation, "dilation")
        self.padding = padding if isinstance(padding, str) else _pair(padding, "padding")
        _conv_padding(self.padding, self.kernel_size, self.stride, self.dilation)  # validate
        dtype = np.dtype(np.float32 if dtype is None else dtype)
        shape = (out_channels, in_channels) + self.kernel_size
        self.weight = Parameter(np.empty(shape, dtype=dtype))
        if bias:
            self.bias = Parameter(np.empty(out_channels, dtype=dtype))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Re-draw the weights with PyTorch's default initialisation."""
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in = self.weight.shape[1] * self.kernel_size[0] * self.kernel_size[1]
            bound = 1 / math.sqrt(fan_in)
            init.uniform_(self.bias, -bound, bound)

    def forward(self, input: Tensor) -> Tensor:
        return conv2d(input, self.weight, self.bias, self.stride, self.padding, self.dilation)

    def extra_repr(self) -> str:
        text = (f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, "
                f"stride={self.stride}")
        if self.padding not in ((0, 0), "valid"):
            text += f", padding={self.padding}"
        if self.dilation != (1, 1):
            text += f", dilation={self.dilation}"
        if self.bias is None:
            text += ", bias=False"
        return text


class MaxPool2d(Module):
    """Max pooling over kh x kw windows; see `max_pool2d`. Shape: (N, C, H, W) -> (N, C, OH, OW)."""

    def __init__(self, kernel_size, stride=None, padding=0, dilation=1) -> None:
        super().__init__()
        _pool_arguments(kernel_size, stride, padding, "MaxPool2d")  # validate early
        self.kernel_size, self.stride, self.padding, self.dilation = (
            kernel_size, kernel_size if stride is None else stride, padding, dilation)

    def forward(self, input: Tensor) -> Tensor:
        return max_pool2d(input, self.kernel_size, self.stride, self.padding, self.dilation)

    def extra_repr(self) -> str:
        return (f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}, "
                f"dilation={self.dilation}")


class AvgPool2d(Module):
    """Average pooling over kh x kw windows; see `avg_pool2d`. Shape: (N, C, H, W) -> (N, C, OH, OW)."""

    def __init__(self, kernel_size, stride=None, padding=0, count_include_pad: bool = True) -> None:
        super().__init__()
        _pool_arguments(kernel_size, stride, padding, "AvgPool2d")  # validate early
        self.kernel_size, self.stride, self.padding = (
            kernel_size, kernel_size if stride is None else stride, padding)
        self.count_include_pad = count_include_pad

    def forward(self, input: Tensor) -> Tensor:
        return avg_pool2d(input, self.kernel_size, self.stride, self.padding, self.count_include_pad)

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"
