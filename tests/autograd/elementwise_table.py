"""The table of elementwise ops, activations included, that the tests sweep against PyTorch.

Each entry names our function and PyTorch's, how many tensor arguments they take and where to
draw each argument from (`domains`: one per argument), so that gradients are defined there.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

import autograd as ag
from autograd import ops


@dataclass(frozen=True)
class Spec:
    name: str
    ours: Callable                # on autograd Tensors
    theirs: Callable              # on torch tensors, given the torch module
    domains: tuple = ("real",)    # one sampler name per tensor argument
    smooth: bool = True           # a nonzero gradient to gradcheck (False: zero or none)
    float_only: bool = False      # PyTorch refuses integer and bool inputs
    rtol: float = 1e-10           # against PyTorch in float64

    @property
    def arity(self) -> int:
        return len(self.domains)

    def __repr__(self) -> str:
        return self.name


def _f(name):
    """torch.nn.functional.<name>, looked up when called (torch is imported by the tests)."""
    return lambda torch, *args, **kwargs: getattr(torch.nn.functional, name)(*args, **kwargs)


def _t(name):
    """torch.<name>."""
    return lambda torch, *args, **kwargs: getattr(torch, name)(*args, **kwargs)


def _same(name, domains=("real",), smooth=True, float_only=False, **kwargs):
    """An op with the same name and arguments in autograd and torch."""
    return Spec(name, lambda *t: getattr(ag, name)(*t, **kwargs),
                lambda torch, *t: getattr(torch, name)(*t, **kwargs), domains, smooth, float_only)


def _functional(name, domains=("real",), **kwargs):
    """An activation: autograd.ops.<name> against torch.nn.functional.<name>."""
    return Spec(f"{name}{kwargs or ''}", lambda *t: getattr(ops, name)(*t, **kwargs),
                lambda torch, *t: getattr(torch.nn.functional, name)(*t, **kwargs), domains,
                True, name not in ("relu", "relu6", "hardtanh", "softsign"))


UNARY = [
    _same("neg"), _same("abs", ("away_from_zero",)), _same("square"),
    _same("reciprocal", ("away_from_zero",)), _same("sqrt", ("positive",)),
    _same("rsqrt", ("positive",)), _same("exp"), _same("exp2"), _same("expm1"),
    _same("log", ("positive",)), _same("log2", ("positive",)), _same("log10", ("positive",)),
    _same("log1p", ("above_minus_one",)),
    _same("sin"), _same("cos"), _same("tan", ("unit",)), _same("asin", ("unit",)),
    _same("acos", ("unit",)), _same("atan"), _same("sinh"), _same("cosh"), _same("tanh"),
    _same("asinh"), _same("acosh", ("above_one",)), _same("atanh", ("unit",)),
    _same("erf"), _same("erfc"), _same("sigmoid"),
    _same("floor", smooth=False), _same("ceil", smooth=False), _same("round", smooth=False),
    Spec("round(decimals=1)", lambda a: ag.round(a, decimals=1),
         lambda torch, a: torch.round(a, decimals=1), smooth=False, float_only=True),
    _same("trunc", smooth=False), _same("frac", float_only=True), _same("sign", smooth=False),
    Spec("pow_scalar", lambda a: a ** 2.5, lambda torch, a: a ** 2.5, ("positive",)),
    Spec("rpow", lambda a: 1.7 ** a, lambda torch, a: 1.7 ** a),
    Spec("clamp", lambda a: ag.clamp(a, -0.5, 0.7), lambda torch, a: torch.clamp(a, -0.5, 0.7),
         ("away_from_bounds",)),
    _functional("relu", ("away_from_zero",)), _functional("leaky_relu", ("away_from_zero",)),
    _functional("leaky_relu", ("away_from_zero",), negative_slope=0.2),
    _functional("gelu"), _functional("gelu", approximate="tanh"), _functional("silu"),
    _functional("mish"), _functional("softplus"),
    _functional("softplus", beta=2.0, threshold=1.0), _functional("softsign"),
    _functional("elu", ("away_from_zero",)), _functional("elu", ("away_from_zero",), alpha=0.5),
    _functional("selu", ("away_from_zero",)), _functional("celu", ("away_from_zero",), alpha=2.0),
    _functional("relu6", ("away_from_kinks",)), _functional("hardtanh", ("away_from_kinks",)),
    _functional("hardtanh", ("away_from_kinks",), min_val=-2.0, max_val=3.0),
    # PyTorch's hardsigmoid backward multiplies by 1/6 rounded to float32, even in float64
    Spec("hardsigmoid", ops.hardsigmoid, _f("hardsigmoid"), ("away_from_kinks",), True, True, 1e-7),
    _functional("hardswish", ("away_from_kinks",)), _functional("logsigmoid"),
    _functional("softmin", dim=-1),
    _functional("hardshrink", ("away_from_shrink",)),
    _functional("hardshrink", ("away_from_shrink",), lambd=1.0),
    _functional("softshrink", ("away_from_shrink",)),
    _functional("softshrink", ("away_from_shrink",), lambd=1.0),
    Spec("tanhshrink", ops.tanhshrink, _f("tanhshrink")),
    Spec("threshold", lambda a: ops.threshold(a, 0.5, -2.0),
         lambda torch, a: torch.nn.functional.threshold(a, 0.5, -2.0), ("away_from_shrink",)),
    _functional("rrelu", ("away_from_zero",)),
    _functional("rrelu", ("away_from_zero",), lower=0.2, upper=0.5),
]

BINARY = [
    Spec("add", lambda a, b: a + b, lambda torch, a, b: a + b, ("real", "real")),
    Spec("add(alpha=2)", lambda a, b: a.add(b, alpha=2), lambda torch, a, b: a.add(b, alpha=2),
         ("real", "real")),
    Spec("sub", lambda a, b: a - b, lambda torch, a, b: a - b, ("real", "real")),
    Spec("sub(alpha=-3)", lambda a, b: ag.sub(a, b, alpha=-3),
         lambda torch, a, b: torch.sub(a, b, alpha=-3), ("real", "real")),
    Spec("mul", lambda a, b: a * b, lambda torch, a, b: a * b, ("real", "real")),
    Spec("div", lambda a, b: a / b, lambda torch, a, b: a / b, ("real", "away_from_zero")),
    Spec("pow", lambda a, b: a ** b, lambda torch, a, b: a ** b, ("positive", "real")),
    Spec("atan2", ag.atan2, _t("atan2"), ("real", "real")),
    Spec("remainder", lambda a, b: a % b, lambda torch, a, b: a % b, ("real", "away_from_zero")),
    Spec("fmod", ag.fmod, _t("fmod"), ("real", "away_from_zero")),
    Spec("div(floor)", lambda a, b: a.div(b, rounding_mode="floor"),
         lambda torch, a, b: a.div(b, rounding_mode="floor"), ("real", "away_from_zero"), False),
    Spec("div(trunc)", lambda a, b: ag.div(a, b, rounding_mode="trunc"),
         lambda torch, a, b: torch.div(a, b, rounding_mode="trunc"), ("real", "away_from_zero"),
         False),
    # PyTorch's // has no derivative (backward raises); ours is 0, as its div(rounding_mode)
    Spec("floor_divide", lambda a, b: a // b,
         lambda torch, a, b: torch.div(a, b, rounding_mode="floor"), ("real", "away_from_zero"),
         False),
    Spec("logaddexp", ag.logaddexp, _t("logaddexp"), ("real", "real"), float_only=True),
    Spec("logaddexp2", ag.logaddexp2, _t("logaddexp2"), ("real", "real"), float_only=True),
    Spec("hypot", ag.hypot, _t("hypot"), ("real", "real"), float_only=True),
    Spec("copysign", ag.copysign, _t("copysign"), ("away_from_zero", "away_from_zero")),
    Spec("xlogy", ag.xlogy, _t("xlogy"), ("real", "positive")),
    Spec("ldexp", ag.ldexp, _t("ldexp"), ("real", "real")),
    Spec("maximum", ag.maximum, _t("maximum"), ("real", "real")),
    Spec("minimum", ag.minimum, _t("minimum"), ("real", "real")),
    Spec("where", lambda a, b: ag.where(a > 0, a, b),
         lambda torch, a, b: torch.where(a > 0, a, b), ("away_from_zero", "real")),
]

TERNARY = [
    Spec("lerp", ag.lerp, _t("lerp"), ("real", "real", "real"), float_only=True),
    Spec("clamp(tensors)", lambda a, b, c: ag.clamp(a, b, c),
         lambda torch, a, b, c: torch.clamp(a, b, c), ("real", "low", "high")),
]

ALL = UNARY + BINARY + TERNARY


def sample(domain: str, shape: tuple, rng: np.random.Generator, dtype=np.float64) -> np.ndarray:
    """Values where the ops of that domain are smooth (away from kinks, poles, jumps)."""
    x = rng.standard_normal(shape)
    if domain == "positive":
        x = np.abs(x) + 0.5
    elif domain == "away_from_zero":
        x = np.where(np.abs(x) < 0.2, np.sign(x + 1e-9) * 0.6, x)
    elif domain == "unit":
        x = rng.uniform(-0.9, 0.9, shape)
    elif domain == "above_one":
        x = np.abs(x) + 1.2
    elif domain == "above_minus_one":
        x = np.abs(x) - 0.8
    elif domain == "away_from_bounds":
        x = np.where(np.abs(np.abs(x) - 0.6) < 0.15, 0.0, x)
    elif domain == "away_from_kinks":  # the corners of relu6, hardtanh, hardsigmoid, hardswish
        x = rng.uniform(-7.5, 7.5, shape)
        corners = np.array([-3.0, -2.0, -1.0, 0.0, 1.0, 3.0, 6.0])
        distance = np.abs(x[..., None] - corners).min(axis=-1)
        x = np.where(distance < 0.1, x + 0.3, x)
    elif domain == "away_from_shrink":  # the corners of hardshrink, softshrink (lambd 0.5, 1)
        x = np.where(np.abs(np.abs(x) - 0.5) < 0.1, x * 1.5, x)  # and threshold (0.5)
        x = np.where(np.abs(np.abs(x) - 1.0) < 0.1, x * 1.3, x)
    elif domain == "low":
        x = x - 1.0
    elif domain == "high":
        x = x + 1.0
    return np.asarray(x, dtype=dtype)


def inputs(spec: Spec, shapes, seed: int, dtype=np.float64) -> list:
    rng = np.random.default_rng(seed)
    return [sample(domain, shape, rng, dtype) for domain, shape in zip(spec.domains, shapes)]
