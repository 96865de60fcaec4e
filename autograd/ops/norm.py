"""Vector norms: linalg.vector_norm and torch.norm (p-norms over dims, 'fro')."""
from __future__ import annotations

import math

import numpy as np

from autograd.function import NumpyFunction
from autograd.ops.arguments import check_tensors
from autograd.dtype_names import scalar_type_name
from autograd.ops.dims import count, expand_back, normalize_dims

__all__ = ["VectorNorm", "vector_norm", "norm"]


class VectorNorm(NumpyFunction):
    """(Σ |a|**p)**(1/p) over dims; p = inf/-inf: max/min |a|; p = 0: the count of nonzeros.
    grad_a = g a |a|**(p-2) / out**(p-1) (0 where out is 0; PyTorch's forms for p < 2, and
    max/min |a| share g evenly among their ties)."""

    node_name = "LinalgVectorNormBackward0"
    formula = "vector_norm(a, ord=b, dim=c, keepdim=d)"
    derivatives = ("0 if b == 0 else sign(a)*where(abs(a) == out, 1, 0)/sum(abs(a) == out) "
                   "if abs(b) == inf else where(out == 0, 0, a*abs(a)**(b - 2)/out**(b - 1))",
                   None, None, None)

    @staticmethod
    def forward(ctx, a, p, dims, keepdim):
        ctx.shape, ctx.p, ctx.dims, ctx.keepdim = a.shape, p, dims, keepdim
        magnitude = np.abs(a)
        if p == 2:
            out = np.sqrt(np.add.reduce(magnitude * magnitude, axis=dims, keepdims=keepdim))
        elif p == 1:
            out = np.add.reduce(magnitude, axis=dims, keepdims=keepdim)
        elif p == 0:
            out = np.add.reduce(magnitude != 0, axis=dims, keepdims=keepdim, dtype=a.dtype)
        elif math.isinf(p):
            extreme = np.maximum if p > 0 else np.minimum
            out = extreme.reduce(magnitude, axis=dims, keepdims=keepdim)
        else:
            with np.errstate(divide="ignore"):
                out = np.add.reduce(magnitude ** p, axis=dims, keepdims=keepdim) ** (1.0 / p)
        out = np.asarray(out, a.dtype)
        if ctx.needs_input_grad[0]:
            ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, out = ctx.saved_tensors
        p = ctx.p
        grad = expand_back(grad, ctx.shape, ctx.dims, ctx.keepdim)
        out = expand_back(out, ctx.shape, ctx.dims, ctx.keepdim)
        if p == 0:
            return grad * 0, None, None, None
        if p == 1:
            return grad * np.sign(a), None, None, None
        zero = np.equal(out, 0)
        if p == 2:
            return np.where(zero, 0, grad * a / np.where(zero, 1, out)), None, None, None
        if math.isinf(p):
            hits = np.equal(np.abs(a), out)
            ties = expand_back(np.sum(hits * 1.0, axis=ctx.dims, keepdims=ctx.keepdim),
                               ctx.shape, ctx.dims, ctx.keepdim)
            return grad * np.sign(a) * hits / ties, None, None, None
        magnitude = np.abs(a)
        if p < 1:
            scaled = np.sign(a) * np.where(np.equal(a, 0), 0,
                                           np.where(np.equal(a, 0), 1, magnitude) ** (p - 1))
            return scaled * grad * out ** (1 - p), None, None, None
        scaled = np.sign(a) * magnitude ** (p - 1) if p < 2 else a * magnitude ** (p - 2)
        return scaled * np.where(zero, 0, grad / np.where(zero, 1, out) ** (p - 1)), None, \
            None, None


def vector_norm(x, ord=2, dim=None, keepdim: bool = False, *, dtype=None):
    """The `ord`-norm of x over `dim` (all elements when None): (Σ |x|**ord)**(1/ord);
    inf/-inf give max/min |x|, 0 the number of nonzeros."""
    check_tensors("vector_norm", x=x)
    if dtype is not None:
        x = x.to(dtype)
    if x.dtype.kind != "f":
        raise RuntimeError(f"linalg.vector_norm: Expected a floating point or complex tensor "
                           f"as input. Got {scalar_type_name(x.dtype)}")
    ord = float(ord)
    dims = normalize_dims(dim, x.ndim, "vector_norm")
    if ord < 0 or math.isinf(ord):
        if count(x.shape, dims) == 0 and x.shape:
            raise RuntimeError(f"linalg.vector_norm cannot compute the {ord:g} norm on an empty "
                               "tensor because the operation does not have an identity")
    return VectorNorm.apply(x, ord, dims, keepdim)


def norm(input, p="fro", dim=None, keepdim: bool = False, dtype=None):
    """torch.norm: the p-norm over `dim` ('fro' and None are the 2-norm); matrix norms
    other than 'fro' ('nuc') are not supported."""
    check_tensors("norm", input=input)
    if p is None or p == "fro":
        p = 2
    elif isinstance(p, str):
        raise NotImplementedError(f"norm(p={p!r}) needs singular values, which are not "
                                  "implemented; 'fro' and numeric p are supported")
    return vector_norm(input, p, dim, keepdim, dtype=dtype)
