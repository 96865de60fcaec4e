"""Activation functions: sigmoid logsigmoid relu leaky_relu gelu silu mish softplus softsign,
the exponential units elu selu celu, and softmin. (The "hard" ones: hard_activations.py.)

One node each, with PyTorch's formulas, also at the kinks (relu'(0) = 0, elu uses its
negative branch at 0). Backwards recompute what they need from the input with ops
(`Sigmoid.compute(a)`), so with create_graph=True they differentiate again. Except relu and
softsign, PyTorch computes these for floating-point tensors only; so do we.
"""
from __future__ import annotations

import math
import warnings

import numpy as np

from autograd.function import NumpyFunction
from autograd.ops.arguments import TENSOR_LIKE, not_a_tensor
from autograd.ops.dtypes import require_float, to_float
from autograd.ops.softmax import softmax
from autograd.ops.special import Erfc, erfc_array
from autograd.tensor import Tensor

__all__ = ["Sigmoid", "LogSigmoid", "Relu", "LeakyRelu", "Gelu", "GeluTanh", "Silu", "Mish",
           "Softplus", "Softsign", "Elu", "sigmoid", "logsigmoid", "relu", "leaky_relu", "gelu",
           "silu", "mish", "softplus", "softsign", "elu", "selu", "celu", "softmin"]

_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946
_SQRT_2_OVER_PI = math.sqrt(2 / math.pi)
_GELU_KC = _SQRT_2_OVER_PI * 0.044715  # tanh-gelu's constants: the cubic term's,
_GELU_K2, _GELU_K6C = 2 * _SQRT_2_OVER_PI, 6 * _GELU_KC  # and its slope's
_SQRT_HALF = math.sqrt(0.5)
_INV_SQRT_2PI = 1 / math.sqrt(2 * math.pi)
_BOOL = np.dtype(bool)


class Sigmoid(NumpyFunction):
    """Logistic sigmoid 1/(1 + e**-a); derivative sigmoid(a)*(1 - sigmoid(a)). Below about
    -88 (float32) e**-a overflows and the result is 0, as PyTorch's."""

    formula, derivatives = "sigmoid(a)", ("out*(1 - out)",)

    @staticmethod
    def forward(ctx, a):
        with np.errstate(over="ignore"):
            out = 1 / (np.exp(-to_float(a)) + 1)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad * (out * (1 - out))


class LogSigmoid(NumpyFunction):
    """log(sigmoid(a)) = min(a, 0) - log(1 + e**-|a|), without overflow; derivative
    sigmoid(-a)."""

    formula, derivatives = "log(sigmoid(a))", ("sigmoid(-a)",)

    @staticmethod
    def forward(ctx, a):
        a = require_float(a, "logsigmoid")
        ctx.save_for_backward(a)
        return np.minimum(a, 0) - np.log1p(np.exp(-np.abs(a)))

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad * Sigmoid.compute(-a)


class Relu(NumpyFunction):
    """Rectified linear unit max(a, 0); derivative 1 where a > 0, else 0 (also at 0)."""

    formula, derivatives = "relu(a)", ("where(a > 0, 1, 0)",)

    @staticmethod
    def forward(ctx, a):
        if a.dtype is _BOOL:
            raise TypeError("relu: bool tensors are not supported; convert them first, "
                            "e.g. x.float()")
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
        a = require_float(a, "leaky_relu")
        ctx.save_for_backward(a)
        ctx.slope = slope
        return np.where(a > 0, a, a * slope)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return np.where(a > 0, grad, grad * ctx.slope), None


class Gelu(NumpyFunction):
    """Gaussian error linear unit a*Phi(a), Phi(a) = erfc(-a/sqrt 2)/2 the standard normal
    CDF (accurate for very negative a, where PyTorch's 1 + erf cancels; float32 computes in
    float64, as erfc's tail magnifies the rounding of a/sqrt 2); derivative Phi(a) + a*phi(a),
    phi the normal density."""

    formula, derivatives = "a*Phi(a)", ("Phi(a) + a*phi(a)",)

    @staticmethod
    def forward(ctx, a):
        a = require_float(a, "gelu")
        ctx.save_for_backward(a)
        x = a.astype(np.float64, copy=False)
        return (0.5 * x * erfc_array(x * -_SQRT_HALF)).astype(a.dtype, copy=False)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        cdf = 0.5 * Erfc.compute(a * -_SQRT_HALF)
        return grad * (cdf + a * (np.exp(-0.5 * (a * a)) * _INV_SQRT_2PI))


class GeluTanh(NumpyFunction):
    """gelu(approximate="tanh"): a*s, s = (1 + tanh(sqrt(2/pi)*(a + 0.044715*a**3)))/2;
    derivative s + a*s*(1 - s)*sqrt(2/pi)*(2 + 6*0.044715*a**2) (as 1 - tanh**2 = 4s(1 - s)).
    Forward keeps s for a plain backward; a create_graph backward recomputes it with ops."""

    node_name = "GeluBackward0"
    formula = "a/2*(1 + tanh(sqrt(2/pi)*(a + 0.044715*a**3)))"
    derivatives = ("(1 + tanh(sqrt(2/pi)*(a + 0.044715*a**3)))/2 + a/2*(1 - tanh(sqrt(2/pi)*"
                   "(a + 0.044715*a**3))**2)*sqrt(2/pi)*(1 + 3*0.044715*a**2)",)

    @staticmethod
    def forward(ctx, a):
        a = require_float(a, "gelu")
        ctx.save_for_backward(a)
        ctx.gate = _tanh_gate(a)
        return a * ctx.gate

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        s = _tanh_gate(a) if isinstance(a, Tensor) else ctx.gate
        slope = a * (_GELU_K2 + _GELU_K6C * (a * a))
        return grad * (s + s * (1 - s) * slope)


def _tanh_gate(a):
    """(1 + tanh(sqrt(2/pi)*(a + 0.044715*a**3)))/2, on arrays or Tensors."""
    return 0.5 + 0.5 * np.tanh(a * (_SQRT_2_OVER_PI + _GELU_KC * (a * a)))


class Silu(NumpyFunction):
    """a*sigmoid(a) (swish); derivative s*(1 + a*(1 - s)), s = sigmoid(a)."""

    formula, derivatives = "a*sigmoid(a)", ("sigmoid(a)*(1 + a*(1 - sigmoid(a)))",)

    @staticmethod
    def forward(ctx, a):
        a = require_float(a, "silu")
        ctx.save_for_backward(a)
        return a * Sigmoid.compute(a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        s = Sigmoid.compute(a)
        return grad * (s * (1 + a * (1 - s)))


class Mish(NumpyFunction):
    """a*tanh(softplus(a)); derivative t + a*sigmoid(a)*(1 - t**2), t = tanh(softplus(a))."""

    formula = "a*tanh(log(1 + exp(a)))"
    derivatives = ("tanh(log(1 + exp(a))) + a*sigmoid(a)*(1 - tanh(log(1 + exp(a)))**2)",)

    @staticmethod
    def forward(ctx, a):
        a = require_float(a, "mish")
        ctx.save_for_backward(a)
        return a * np.tanh(np.logaddexp(0, a))

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        t = np.tanh(Softplus.compute(a, 1, math.inf))
        return grad * (t + a * Sigmoid.compute(a) * (1 - t * t))


class Softplus(NumpyFunction):
    """log(1 + e**(beta*a))/beta, and a itself where beta*a > threshold (as PyTorch);
    derivative sigmoid(beta*a) (1 above the threshold)."""

    formula = "where(beta*a > threshold, a, log(1 + exp(beta*a))/beta)"
    derivatives = ("where(beta*a > threshold, 1, sigmoid(beta*a))", None, None)

    @staticmethod
    def forward(ctx, a, beta, threshold):
        a = require_float(a, "softplus")
        ctx.save_for_backward(a)
        ctx.beta, ctx.threshold = beta, threshold
        scaled = a * beta
        return np.where(scaled > threshold, a, np.logaddexp(0, scaled) / beta)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        scaled = a * ctx.beta
        return np.where(scaled > ctx.threshold, grad, grad * Sigmoid.compute(scaled)), None, None


class Softsign(NumpyFunction):
    """a/(1 + |a|); derivative 1/(1 + |a|)**2."""

    formula, derivatives = "a/(1 + abs(a))", ("1/(1 + abs(a))**2",)

    @staticmethod
    def forward(ctx, a):
        if a.dtype == bool:
            raise TypeError('softsign: "abs" is not implemented for bool tensors')
        a = to_float(a)
        ctx.save_for_backward(a)
        return a / (1 + np.abs(a))

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        denominator = 1 + np.abs(a)
        return grad / (denominator * denominator)


class Elu(NumpyFunction):
    """The exponential linear units: scale*a where a > 0, else alpha*scale*(e**(a*input_scale)
    - 1). elu: scale = input_scale = 1; selu: fixed alpha and scale; celu: input_scale =
    1/alpha. The derivative takes the negative branch at 0, as PyTorch."""

    formula = "where(a > 0, scale*a, alpha*scale*(exp(a*input_scale) - 1))"
    derivatives = ("where(a > 0, scale, alpha*scale*input_scale*exp(a*input_scale))", None, None,
                   None)

    @staticmethod
    def forward(ctx, a, alpha, scale, input_scale):
        a = require_float(a, "elu")
        ctx.save_for_backward(a)
        ctx.alpha, ctx.scale, ctx.input_scale = alpha, scale, input_scale
        return np.where(a > 0, a * scale, np.expm1(a * input_scale) * (alpha * scale))

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        negative = grad * (ctx.alpha * ctx.scale * ctx.input_scale) * np.exp(a * ctx.input_scale)
        return np.where(a > 0, grad * ctx.scale, negative), None, None, None


def _apply(op, input, inplace: bool, *args):
    """op on input, or written into input when inplace (as F.relu(x, inplace=True))."""
    return input._inplace(op, *args) if inplace else op.apply(input, *args)


def sigmoid(input):
    """1/(1 + e**-x) elementwise."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("sigmoid", input=input)
    return Sigmoid.apply(input)


def logsigmoid(input):
    """log(sigmoid(x)) elementwise, stable for large |x|."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("logsigmoid", input=input)
    return LogSigmoid.apply(input)


def relu(input, inplace: bool = False):
    """max(x, 0) elementwise."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("relu", input=input)
    return input._inplace(Relu) if inplace else Relu.apply(input)


def leaky_relu(input, negative_slope: float = 0.01, inplace: bool = False):
    """x where x > 0, else negative_slope*x."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("leaky_relu", input=input)
    return _apply(LeakyRelu, input, inplace, negative_slope)


def gelu(input, approximate: str = "none"):
    """x*Phi(x), Phi the standard normal CDF (approximate="tanh": the tanh formula)."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("gelu", input=input)
    if approximate == "none":
        return Gelu.apply(input)
    if approximate == "tanh":
        return GeluTanh.apply(input)
    raise ValueError(f"gelu: approximate argument must be either 'none' or 'tanh', got "
                     f"{approximate!r}")


def silu(input, inplace: bool = False):
    """x*sigmoid(x) elementwise (also called swish)."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("silu", input=input)
    return _apply(Silu, input, inplace)


def mish(input, inplace: bool = False):
    """x*tanh(softplus(x)) elementwise."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("mish", input=input)
    return _apply(Mish, input, inplace)


def softplus(input, beta: float = 1.0, threshold: float = 20.0):
    """log(1 + e**(beta*x))/beta, reverting to x where beta*x > threshold."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("softplus", input=input)
    return Softplus.apply(input, beta, threshold)


def softsign(input):
    """x/(1 + |x|) elementwise."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("softsign", input=input)
    return Softsign.apply(input)


def elu(input, alpha: float = 1.0, inplace: bool = False):
    """x where x > 0, else alpha*(e**x - 1)."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("elu", input=input)
    return _apply(Elu, input, inplace, alpha, 1.0, 1.0)


def selu(input, inplace: bool = False):
    """scale*elu(x, alpha) with the self-normalising alpha ~ 1.6733 and scale ~ 1.0507."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("selu", input=input)
    return _apply(Elu, input, inplace, _SELU_ALPHA, _SELU_SCALE, 1.0)


def celu(input, alpha: float = 1.0, inplace: bool = False):
    """x where x > 0, else alpha*(e**(x/alpha) - 1)."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("celu", input=input)
    if alpha == 0:
        raise ZeroDivisionError("celu: alpha must not be 0 (it divides the input)")
    return _apply(Elu, input, inplace, alpha, 1.0, 1.0 / alpha)


def softmin(input, dim=None, _stacklevel: int = 3, dtype=None):
    """softmax(-x) along dim: the smallest entries get the largest weights."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("softmin", input=input)
    if dim is None:
        dim = 0 if input.ndim in (0, 1, 3) else 1
        warnings.warn("Implicit dimension choice for softmin has been deprecated. Change the "
                      "call to include dim=X as an argument.", stacklevel=_stacklevel)
    if dtype is not None:
        input = input.to(dtype)
    require_float(input._data, "softmin")
    return softmax(-input, dim)
