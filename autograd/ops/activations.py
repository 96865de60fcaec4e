"""Activation functions: sigmoid, relu, leaky_relu, gelu."""
from __future__ import annotations

import math

import numpy as np

from autograd.function import NumpyFunction
from autograd.ops.dtypes import to_float
from autograd.ops.elementwise import erf, erf_array

__all__ = ["Sigmoid", "Relu", "LeakyRelu", "Gelu", "sigmoid", "relu", "leaky_relu", "gelu"]


class Sigmoid(NumpyFunction):
    """Logistic sigmoid 1/(1 + e**-a); its slope is at most 1/4."""

    formula, derivatives = "sigmoid(a)", ("sigmoid(a)*(1 - sigmoid(a))",)

    @staticmethod
    def forward(ctx, a):
        a = to_float(a)
        small = np.exp(-np.abs(a))  # e**-|a| never overflows
        out = np.where(a >= 0, 1, small) / (1 + small)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad * (out * (1 - out))


class Relu(NumpyFunction):
    """Rectified linear unit max(a, 0)."""

    formula, derivatives = "relu(a)", ("where(a > 0, 1, 0)",)

    @staticmethod
    def forward(ctx, a):
        out = np.maximum(a, 0)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad * (out > 0)


class LeakyRelu(NumpyFunction):
    """a where a > 0, else slope*a."""

    formula, derivatives = "leaky_relu(a, slope)", ("where(a > 0, 1, slope)", None)

    @staticmethod
    def forward(ctx, a, slope):
        ctx.save_for_backward(a)
        ctx.slope = slope
        return np.where(a > 0, a, a * slope)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return np.where(a > 0, grad, grad * ctx.slope), None


_SQRT_2_OVER_PI = math.sqrt(2 / math.pi)


class Gelu(NumpyFunction):
    """Gaussian error linear unit a*Phi(a); approximate="tanh" uses
    a/2*(1 + tanh(sqrt(2/pi)*(a + 0.044715*a**3))), as PyTorch."""

    formula, derivatives = "gelu(a)", (
        "Phi(a) + a*phi(a) if approximate == 'none' else 0.5*(1 + tanh(sqrt(2/pi)*(a + "
        "0.044715*a**3))) + 0.5*a*(1 - tanh(sqrt(2/pi)*(a + 0.044715*a**3))**2)*sqrt(2/pi)*(1 + "
        "3*0.044715*a**2)", None)

    @staticmethod
    def forward(ctx, a, approximate):
        if approximate not in ("none", "tanh"):
            raise ValueError(f"approximate argument must be either none or tanh, got "
                             f"{approximate!r}")
        a = to_float(a)
        ctx.save_for_backward(a)
        ctx.approximate = approximate
        if approximate == "tanh":
            return 0.5 * a * (1 + np.tanh(_SQRT_2_OVER_PI * (a + 0.044715 * a * a * a)))
        return 0.5 * a * (1 + erf_array(a * (1 / math.sqrt(2))))

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        if ctx.approximate == "tanh":
            inner = _SQRT_2_OVER_PI * (a + 0.044715 * a * a * a)
            t = np.tanh(inner)
            slope = 0.5 * (1 + t) + 0.5 * a * (1 - t * t) * _SQRT_2_OVER_PI * (1 + 3 * 0.044715 * a * a)
        else:
            cdf = 0.5 * (1 + erf(a * (1 / math.sqrt(2))))
            pdf = np.exp(-0.5 * (a * a)) * (1 / math.sqrt(2 * math.pi))
            slope = cdf + a * pdf
        return grad * slope, None


def sigmoid(input):
    """1/(1 + e**-x) elementwise."""
    return Sigmoid.apply(input)


def relu(input):
    """max(x, 0) elementwise."""
    return Relu.apply(input)


def leaky_relu(input, negative_slope: float = 0.01):
    """x where x > 0, else negative_slope*x."""
    return LeakyRelu.apply(input, negative_slope)


def gelu(input, approximate: str = "none"):
    """x*Phi(x) (approximate="tanh": the tanh formula)."""
    return Gelu.apply(input, approximate)
