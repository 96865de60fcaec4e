"""Elementwise ops: arithmetic, exp/log, trigonometry, activations, clamp, where.

Each op holds its forward (NumPy) and backward (Tensor ops) side by side. Gradients are
written for the broadcast shape; the engine sums them back to each input's shape.
"""
from __future__ import annotations

import math

import numpy as np

from autograd.function import Function

__all__ = [
    "Add", "Sub", "Mul", "Div", "Neg", "Pow", "Exp", "Log", "Sqrt", "Abs", "Sin", "Cos",
    "Tanh", "TanhGrad", "Sigmoid", "SigmoidGrad", "Relu", "LeakyRelu", "Erf", "Gelu", "Clamp",
    "Maximum", "Minimum",
    "Where", "Cast", "Clone", "Replace", "where", "maximum", "minimum",
]


class Add(Function):
    """Sum. f(a, b) = a + b;  df/da = 1,  df/db = 1."""

    formula, derivatives = "a + b", ("1", "1")

    @staticmethod
    def forward(ctx, a, b):
        return a + b

    @staticmethod
    def backward(ctx, grad):
        return grad, grad


class Sub(Function):
    """Difference. f(a, b) = a - b;  df/da = 1,  df/db = -1."""

    formula, derivatives = "a - b", ("1", "-1")

    @staticmethod
    def forward(ctx, a, b):
        return a - b

    @staticmethod
    def backward(ctx, grad):
        return grad, (-grad if ctx.needs_input_grad[1] else None)


class Mul(Function):
    """Product. f(a, b) = a*b;  df/da = b,  df/db = a."""

    formula, derivatives = "a*b", ("b", "a")

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return a * b

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        return (grad * b if need_a else None), (grad * a if need_b else None)


class Div(Function):
    """Quotient. f(a, b) = a/b;  df/da = 1/b,  df/db = -a/b²."""

    formula, derivatives = "a/b", ("1/b", "-a/b²")

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return a / b

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        return (grad / b if need_a else None), (-(grad * a) / (b * b) if need_b else None)


class Neg(Function):
    """Negation. f(a) = -a;  df/da = -1."""

    formula, derivatives = "-a", ("-1",)

    @staticmethod
    def forward(ctx, a):
        return -a

    @staticmethod
    def backward(ctx, grad):
        return -grad


class Pow(Function):
    """Power. f(a, b) = a**b;  df/da = b·a**(b-1),  df/db = a**b·ln(a)  (0 where a = 0)."""

    formula, derivatives = "a**b", ("b·a**(b-1)", "a**b·ln(a)")

    @staticmethod
    def forward(ctx, a, b):
        out = np.power(a, b)
        ctx.save_for_backward(a, b, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, b, out = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        grad_a = grad_b = None
        if need_a:
            grad_a = grad * 0.0 if _is_number(b) and b == 0 else grad * (b * a ** (b - 1))
        if need_b:
            base = where(_data(a) == 0, 1.0, a) if not _is_number(a) else max(a, 1e-300)
            log_base = base.log() if not _is_number(base) else math.log(base)
            grad_b = grad * out * log_base
        return grad_a, grad_b


class Exp(Function):
    """Exponential. f(a) = e**a;  df/da = e**a."""

    formula, derivatives = "exp(a)", ("exp(a)",)

    @staticmethod
    def forward(ctx, a):
        out = np.exp(a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad * out


class Log(Function):
    """Natural logarithm. f(a) = ln(a);  df/da = 1/a."""

    formula, derivatives = "ln(a)", ("1/a",)

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return np.log(a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad / a


class Sqrt(Function):
    """Square root. f(a) = √a;  df/da = 1/(2√a)."""

    formula, derivatives = "√a", ("1/(2√a)",)

    @staticmethod
    def forward(ctx, a):
        out = np.sqrt(a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad / (out * 2.0)


class Abs(Function):
    """Absolute value. f(a) = |a|;  df/da = sign(a)  (0 at 0)."""

    formula, derivatives = "|a|", ("sign(a)",)

    @staticmethod
    def forward(ctx, a):
        ctx.sign = np.sign(a)
        return np.abs(a)

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.sign


class Sin(Function):
    """Sine. f(a) = sin(a);  df/da = cos(a)."""

    formula, derivatives = "sin(a)", ("cos(a)",)

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return np.sin(a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad * a.cos()


class Cos(Function):
    """Cosine. f(a) = cos(a);  df/da = -sin(a)."""

    formula, derivatives = "cos(a)", ("-sin(a)",)

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return np.cos(a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return -(grad * a.sin())


class Tanh(Function):
    """Hyperbolic tangent. f(a) = tanh(a);  df/da = 1 - tanh(a)²."""

    formula, derivatives = "tanh(a)", ("1 - tanh(a)²",)

    @staticmethod
    def forward(ctx, a):
        out = np.tanh(a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return TanhGrad.apply(grad, out)


class TanhGrad(Function):
    """Backward of tanh as one op (as PyTorch's tanh_backward). f(g, y) = g·(1 - y²);
    df/dg = 1 - y²,  df/dy = -2·g·y."""

    formula, derivatives = "g·(1 - y²)", ("1 - y²", "-2·g·y")

    @staticmethod
    def forward(ctx, grad, out):
        ctx.save_for_backward(grad, out)
        return grad * (1.0 - out * out)

    @staticmethod
    def backward(ctx, grad_grad):
        grad, out = ctx.saved_tensors
        need_grad, need_out = ctx.needs_input_grad
        return ((grad_grad * (1.0 - out * out)) if need_grad else None,
                (grad_grad * grad * out * -2.0) if need_out else None)


class Sigmoid(Function):
    """Logistic sigmoid. f(a) = 1/(1 + e**-a);  df/da = f(a)(1 - f(a))  (at most 0.25)."""

    formula, derivatives = "σ(a)", ("σ(a)(1 - σ(a))",)

    @staticmethod
    def forward(ctx, a):
        out = np.exp(-np.logaddexp(0, -a))
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return SigmoidGrad.apply(grad, out)


class SigmoidGrad(Function):
    """Backward of sigmoid as one op. f(g, y) = g·y(1 - y);  df/dg = y(1 - y),  df/dy = g(1 - 2y)."""

    formula, derivatives = "g·y(1 - y)", ("y(1 - y)", "g(1 - 2y)")

    @staticmethod
    def forward(ctx, grad, out):
        ctx.save_for_backward(grad, out)
        return grad * (out * (1.0 - out))

    @staticmethod
    def backward(ctx, grad_grad):
        grad, out = ctx.saved_tensors
        need_grad, need_out = ctx.needs_input_grad
        return ((grad_grad * (out * (1.0 - out))) if need_grad else None,
                (grad_grad * grad * (1.0 - out * 2.0)) if need_out else None)


class Relu(Function):
    """Rectified linear unit. f(a) = max(a, 0);  df/da = 1[a > 0]."""

    formula, derivatives = "relu(a)", ("1[a > 0]",)

    @staticmethod
    def forward(ctx, a):
        ctx.mask = a > 0
        return np.maximum(a, 0)

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.mask


class LeakyRelu(Function):
    """Leaky ReLU. f(a) = a if a > 0 else s·a;  df/da = 1 if a > 0 else s  (s = 0.01)."""

    formula, derivatives = "leaky_relu(a)", ("1 if a > 0 else slope",)

    @staticmethod
    def forward(ctx, a, negative_slope):
        positive = a > 0
        ctx.scale = np.where(positive, a.dtype.type(1), a.dtype.type(negative_slope))
        return np.where(positive, a, a * negative_slope)

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.scale, None


_erf = np.frompyfunc(math.erf, 1, 1)


def _erf_array(a):
    """erf elementwise (NumPy has none), keeping a's dtype."""
    return np.asarray(_erf(a), dtype=np.result_type(a, np.float32))


class Erf(Function):
    """Error function. f(a) = erf(a);  df/da = 2/√π · e**(-a²)."""

    formula, derivatives = "erf(a)", ("2/√π·exp(-a²)",)

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return _erf_array(a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad * ((-(a * a)).exp() * (2.0 / math.sqrt(math.pi)))


class Gelu(Function):
    """Gaussian error linear unit. f(a) = a·Φ(a);  df/da = Φ(a) + a·φ(a).

    With approximate="tanh": f(a) = ½a(1 + tanh(√(2/π)(a + 0.044715a³))), as PyTorch.
    """

    formula, derivatives = "gelu(a)", ("Φ(a) + a·φ(a)",)

    @staticmethod
    def forward(ctx, a, approximate):
        if approximate not in ("none", "tanh"):
            raise ValueError(f"gelu: approximate must be 'none' or 'tanh', got {approximate!r}")
        ctx.save_for_backward(a)
        ctx.approximate = approximate
        if approximate == "tanh":
            return 0.5 * a * (1.0 + np.tanh(_GELU_K * (a + 0.044715 * a ** 3)))
        return 0.5 * a * (1.0 + _erf_array(a / math.sqrt(2.0)))

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        if ctx.approximate == "tanh":
            t = ((a + a * a * a * 0.044715) * _GELU_K).tanh()
            slope = (t + 1.0) * 0.5 + a * (1.0 - t * t) * (a * a * (3 * 0.044715) + 1.0) * (0.5 * _GELU_K)
        else:
            cdf = (Erf.apply(a * (1.0 / math.sqrt(2.0))) + 1.0) * 0.5
            pdf = (a * a * -0.5).exp() * (1.0 / math.sqrt(2.0 * math.pi))
            slope = cdf + a * pdf
        return grad * slope, None


_GELU_K = math.sqrt(2.0 / math.pi)


class Clamp(Function):
    """Clamp to [lo, hi]. f(a) = min(max(a, lo), hi);  df/da = 1[lo ≤ a ≤ hi]."""

    formula, derivatives = "clamp(a)", ("1[lo ≤ a ≤ hi]",)

    @staticmethod
    def forward(ctx, a, lo, hi):
        if lo is None and hi is None:
            raise ValueError("clamp needs at least one of min and max")
        inside = np.ones(np.shape(a), dtype=bool)
        if lo is not None:
            inside &= a >= lo
            a = np.maximum(a, lo)
        if hi is not None:
            inside &= a <= hi
            a = np.minimum(a, hi)
        ctx.inside = inside
        return a

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.inside, None, None


class Maximum(Function):
    """Elementwise maximum. f(a, b) = max(a, b);  df/da = 1[a > b] (½ on ties),  df/db = 1 - df/da."""

    formula, derivatives = "max(a, b)", ("1[a > b]", "1[b > a]")

    @staticmethod
    def forward(ctx, a, b):
        ctx.share_a = _tie_share(np.greater(a, b), np.equal(a, b), np.result_type(a, b))
        return np.maximum(a, b)

    @staticmethod
    def backward(ctx, grad):
        return _split_by_share(ctx, grad)


class Minimum(Function):
    """Elementwise minimum. f(a, b) = min(a, b);  df/da = 1[a < b] (½ on ties),  df/db = 1 - df/da."""

    formula, derivatives = "min(a, b)", ("1[a < b]", "1[b < a]")

    @staticmethod
    def forward(ctx, a, b):
        ctx.share_a = _tie_share(np.less(a, b), np.equal(a, b), np.result_type(a, b))
        return np.minimum(a, b)

    @staticmethod
    def backward(ctx, grad):
        return _split_by_share(ctx, grad)


def _tie_share(wins: np.ndarray, ties: np.ndarray, dtype) -> np.ndarray:
    """Share of the gradient that goes to `a`: 1 where it wins, ½ on ties, as PyTorch."""
    return wins.astype(dtype) + ties.astype(dtype) * 0.5


def _split_by_share(ctx, grad):
    need_a, need_b = ctx.needs_input_grad
    return (grad * ctx.share_a if need_a else None), (grad * (1.0 - ctx.share_a) if need_b else None)


class Where(Function):
    """Select. f(c, a, b) = a where c else b;  df/da = 1[c],  df/db = 1[not c]."""

    formula, derivatives = "where(c, a, b)", (None, "1[c]", "1[not c]")

    @staticmethod
    def forward(ctx, condition, a, b):
        ctx.condition = np.asarray(condition, dtype=bool)
        return np.where(ctx.condition, a, b)

    @staticmethod
    def backward(ctx, grad):
        _, need_a, need_b = ctx.needs_input_grad
        grad_a = Where.apply(ctx.condition, grad, 0.0) if need_a else None
        grad_b = Where.apply(ctx.condition, 0.0, grad) if need_b else None
        return None, grad_a, grad_b


class Cast(Function):
    """Dtype conversion. f(a) = a as dtype;  df/da = 1 (the engine converts the gradient back)."""

    formula, derivatives = "a.to(dtype)", ("1",)

    @staticmethod
    def forward(ctx, a, dtype):
        return a.astype(dtype)

    @staticmethod
    def backward(ctx, grad):
        return grad, None


class Clone(Function):
    """Copy. f(a) = a;  df/da = 1."""

    formula, derivatives = "a", ("1",)

    @staticmethod
    def forward(ctx, a):
        return a.copy()

    @staticmethod
    def backward(ctx, grad):
        return grad


class Replace(Function):
    """Overwrite (copy_, fill_, zero_). f(a, v) = v broadcast to a's shape;  df/da = 0,  df/dv = 1."""

    formula, derivatives = "v", ("0", "1")

    @staticmethod
    def forward(ctx, a, value):
        return np.broadcast_to(np.asarray(value, dtype=a.dtype), a.shape).copy()

    @staticmethod
    def backward(ctx, grad):
        return (grad * 0.0 if ctx.needs_input_grad[0] else None), grad


def where(condition, a, b):
    """Elementwise `a if condition else b` with broadcasting; gradients flow to a and b."""
    return Where.apply(condition, a, b)


def maximum(a, b):
    """Elementwise maximum of two tensors (gradient split evenly on ties, as PyTorch)."""
    return Maximum.apply(a, b)


def minimum(a, b):
    """Elementwise minimum of two tensors (gradient split evenly on ties, as PyTorch)."""
    return Minimum.apply(a, b)


def _is_number(value) -> bool:
    return isinstance(value, (int, float))


def _data(value):
    return getattr(value, "data", value)
