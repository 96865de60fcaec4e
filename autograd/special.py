"""`autograd.special`, as `torch.special`: the error functions and the normal distribution
(erf erfc erfcx erfinv ndtr ndtri log_ndtr), the gamma family (gammaln digamma psi polygamma
multigammaln), Bessel functions (i0 i0e i1 i1e modified_bessel_i0 modified_bessel_i1),
expit logit sinc entr xlogy xlog1py, and the aliases of torch.* functions that torch.special
repeats (exp2 expm1 log1p logsumexp softmax log_softmax round). Not built: the Airy, other
Bessel (j, y, k) and orthogonal-polynomial functions, zeta, gammainc/gammaincc.
"""
from __future__ import annotations

from autograd.attribute_hints import missing_message
from autograd.ops import (
    digamma, entr, erf, erfc, erfcx, erfinv, exp2, expm1, i0, i0e, i1, i1e, log1p, log_ndtr,
    logit, logsumexp, mvlgamma, ndtr, ndtri, polygamma, sinc, xlog1py, xlogy,
)
from autograd.ops import lgamma as gammaln
from autograd.ops import log_softmax as _log_softmax
from autograd.ops import round as _round
from autograd.ops import sigmoid as expit
from autograd.ops import softmax as _softmax

__all__ = ["digamma", "entr", "erf", "erfc", "erfcx", "erfinv", "exp2", "expit", "expm1",
           "gammaln", "i0", "i0e", "i1", "i1e", "log1p", "log_ndtr", "log_softmax", "logit",
           "logsumexp", "modified_bessel_i0", "modified_bessel_i1", "multigammaln", "ndtr",
           "ndtri", "polygamma", "psi", "round", "sinc", "softmax", "xlog1py", "xlogy"]

psi = digamma
multigammaln = mvlgamma
modified_bessel_i0 = i0
modified_bessel_i1 = i1

#: the functions of PyTorch 2.x's torch.special (a missing one's error says PyTorch has it)
PYTORCH_SPECIAL_NAMES = frozenset("""
airy_ai bessel_j0 bessel_j1 bessel_y0 bessel_y1 chebyshev_polynomial_t chebyshev_polynomial_u
chebyshev_polynomial_v chebyshev_polynomial_w digamma entr erf erfc erfcx erfinv exp2 expit
expm1 gammainc gammaincc gammaln hermite_polynomial_h hermite_polynomial_he i0 i0e i1 i1e
laguerre_polynomial_l legendre_polynomial_p log1p log_ndtr log_softmax logit logsumexp
modified_bessel_i0 modified_bessel_i1 modified_bessel_k0 modified_bessel_k1 multigammaln ndtr
ndtri polygamma psi round scaled_modified_bessel_k0 scaled_modified_bessel_k1
shifted_chebyshev_polynomial_t shifted_chebyshev_polynomial_u shifted_chebyshev_polynomial_v
shifted_chebyshev_polynomial_w sinc softmax spherical_bessel_j0 xlog1py xlogy zeta
""".split())


def softmax(input, dim, *, dtype=None):
    """softmax over `dim` (required here, as in torch.special)."""
    return _softmax(input, dim, dtype=dtype)


def log_softmax(input, dim, *, dtype=None):
    """log of softmax over `dim` (required here, as in torch.special)."""
    return _log_softmax(input, dim, dtype=dtype)


def round(input, *, decimals: int = 0):  # noqa: A001  (torch.special.round)
    """Round half to even, to `decimals` decimal places."""
    return _round(input, decimals=decimals)


def __getattr__(name: str):
    """A torch.special name we lack: an error that says PyTorch has it, and what is near."""
    if name.startswith("_"):
        raise AttributeError(f"module 'autograd.special' has no attribute '{name}'")
    raise AttributeError(missing_message("module 'torch.special'", name, __all__,
                                         PYTORCH_SPECIAL_NAMES, "PyTorch", "torch.special."))
