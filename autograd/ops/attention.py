"""Scaled dot-product attention, one node: softmax(q kᵀ·scale + bias) @ v."""
from __future__ import annotations

import math

import numpy as np

from autograd.function import NumpyFunction
from autograd.ops.arguments import check_optional_tensors, check_tensors
from autograd.ops.dropout import check_probability, dropout_noise
from autograd.ops.indexing import Index, as_index
from autograd.tensor import Tensor

__all__ = ["ScaledDotProductAttention", "scaled_dot_product_attention"]


def _mT(x):
    return np.swapaxes(x, -1, -2)


def _attention_weights(scores, peak):
    """softmax over the last dim, shifted by the constant row maximum `peak`; a row that is
    all -inf (nothing may be attended to) gives zeros, as PyTorch."""
    e = np.exp(scores - peak)
    total = np.sum(e, axis=-1, keepdims=True)
    return e / np.where(total == 0, 1, total)


class ScaledDotProductAttention(NumpyFunction):
    """A = softmax(q kᵀ·s + bias)·D (D: dropout noise or 1), out = A v;
    grad_v = Aᵀ g,  dP = (g vᵀ)·D,  dS = P·(dP - Σ dP·P),  grad_q = dS k·s,
    grad_k = dSᵀ q·s,  grad_bias = dS."""

    _p = "softmax(a @ b.swapaxes(-1, -2)*scale + (0 if d is None else d), -1)"
    _noise = "(1 if noise is None else noise)"
    _dp = f"(g @ c.swapaxes(-1, -2))*{_noise}"
    _ds = f"{_p}*({_dp} - sum({_dp}*{_p}, -1))"
    formula = f"({_p}*{_noise}) @ c"
    derivatives = (f"({_ds}) @ b*scale", f"({_ds}).swapaxes(-1, -2) @ a*scale",
                   f"({_p}*{_noise}).swapaxes(-1, -2) @ g", _ds, None, None)

    @staticmethod
    def forward(ctx, q, k, v, bias, dropout_p, scale):
        scores = np.matmul(q, _mT(k))
        scores *= scale
        if bias is not None:
            scores = scores + bias
        peak = np.max(scores, axis=-1, keepdims=True) if scores.shape[-1] else \
            np.zeros(scores.shape[:-1] + (1,), scores.dtype)
        peak = np.where(np.isfinite(peak), peak, 0)
        weights = _attention_weights(scores, peak)
        noise = dropout_noise(weights.shape, dropout_p, weights.dtype) if dropout_p else None
        attended = weights if noise is None else weights * noise
        ctx.save_for_backward(q, k, v, bias, weights)
        ctx.peak, ctx.noise, ctx.scale = peak, noise, scale
        return np.matmul(attended, v)

    @staticmethod
    def backward(ctx, grad):
        q, k, v, bias, weights = ctx.saved_tensors
        need_q, need_k, need_v, need_bias = ctx.needs_input_grad[:4]
        if isinstance(q, Tensor):  # create_graph: the weights as a function of the inputs
            scores = np.matmul(q, _mT(k)) * ctx.scale
            weights = _attention_weights(scores if bias is None else scores + bias, ctx.peak)
        noise = ctx.noise
        grad_v = grad_q = grad_k = grad_bias = None
        if need_v:
            grad_v = np.matmul(_mT(weights if noise is None else weights * noise), grad)
        if need_q or need_k or need_bias:
            grad_weights = np.matmul(grad, _mT(v))
            if noise is not None:
                grad_weights = grad_weights * noise
            grad_scores = weights * (grad_weights - np.sum(grad_weights * weights, axis=-1,
                                                           keepdims=True))
            if need_q:
                grad_q = np.matmul(grad_scores, k) * ctx.scale
            if need_k:
                grad_k = np.matmul(_mT(grad_scores), q) * ctx.scale
            grad_bias = grad_scores if need_bias else None
        return grad_q, grad_k, grad_v, grad_bias, None, None


def _bias(attn_mask, is_causal: bool, query: Tensor, key: Tensor):
    """What is added to the scores: the float mask as given, or 0/-inf from a boolean mask
    (True: may attend) or from is_causal (query i attends to keys 0..i)."""
    if is_causal:
        if attn_mask is not None:
            raise RuntimeError("_scaled_dot_product_attention: Explicit attn_mask should not be "
                               "set when is_causal=True")
        allowed = np.tril(np.ones((query.shape[-2], key.shape[-2]), dtype=bool))
        return np.where(allowed, 0, -np.inf).astype(query.dtype)
    if attn_mask is None:
        return None
    if not isinstance(attn_mask, Tensor):
        attn_mask = Tensor(np.asarray(attn_mask))
    if attn_mask.dtype == np.bool_:
        return np.where(attn_mask.numpy(), 0, -np.inf).astype(query.dtype)
    if attn_mask.dtype != query.dtype:
        raise RuntimeError(f"Expected attn_mask dtype to be bool or float or to match query "
                           f"dtype, but got attn_mask.dtype: {attn_mask.dtype} and query.dtype: "
                           f"{query.dtype} instead.")
    return attn_mask


def _repeat_heads(x: Tensor, heads: int, name: str) -> Tensor:
    """Grouped-query attention: each of x's heads (dim -3) repeated for heads // x's heads."""
    if x.ndim < 3 or heads % x.shape[-3]:
        raise RuntimeError(f"enable_gqa: the number of query heads ({heads}) must be a "
                           f"multiple of the {name} heads (dim -3 of shape {tuple(x.shape)})")
    index = np.repeat(np.arange(x.shape[-3]), heads // x.shape[-3])
    return Index.apply(x, as_index((Ellipsis, index, slice(None), slice(None)), x.shape))


def scaled_dot_product_attention(query: Tensor, key: Tensor, value: Tensor, attn_mask=None,
                                 dropout_p: float = 0.0, is_causal: bool = False,
                                 scale: float | None = None, enable_gqa: bool = False) -> Tensor:
    """softmax(query @ keyᵀ·scale + mask) @ value, as PyTorch's, in one node.

    `attn_mask`: a boolean mask (True: may attend) or a float mask added to the scores,
    broadcastable to (..., L, S); `is_causal`: query i attends to keys 0..i; `dropout_p`:
    dropout on the attention weights (always applied when > 0, as PyTorch); `scale`:
    default 1/√E; `enable_gqa`: key and value may have fewer heads (dim -3) than query.

    Shape: query (..., L, E), key (..., S, E), value (..., S, Ev) -> (..., L, Ev).
    """
    check_tensors("scaled_dot_product_attention", query=query, key=key, value=value)
    check_optional_tensors("scaled_dot_product_attention", attn_mask=attn_mask)
    dropout_p = check_probability(dropout_p, "dropout")
    if min(query.ndim, key.ndim, value.ndim) < 2:
        raise RuntimeError(f"Expected query, key, and value to all be at least 2 dimensional, "
                           f"but got query.dim: {query.ndim} key.dim: {key.ndim} and value.dim: "
                           f"{value.ndim} instead.")
    if not query.dtype == key.dtype == value.dtype or query.dtype.kind != "f":
        raise RuntimeError(f"Expected query, key, and value to have the same floating-point "
                           f"dtype, but got query.dtype: {query.dtype} key.dtype: {key.dtype} "
                           f"and value.dtype: {value.dtype} instead.")
    if enable_gqa and query.ndim >= 3 and key.shape[-3] != query.shape[-3]:
        key = _repeat_heads(key, query.shape[-3], "key")
        value = _repeat_heads(value, query.shape[-3], "value")
    if query.shape[-1] != key.shape[-1] or key.shape[-2] != value.shape[-2]:
        raise RuntimeError(f"scaled_dot_product_attention: query (..., L, E) {tuple(query.shape)}, "
                           f"key (..., S, E) {tuple(key.shape)} and value (..., S, Ev) "
                           f"{tuple(value.shape)} do not fit: E and S must agree")
    bias = _bias(attn_mask, is_causal, query, key)
    scale = 1 / math.sqrt(query.shape[-1]) if scale is None else float(scale)
    return ScaledDotProductAttention.apply(query, key, value, bias, dropout_p, scale)
