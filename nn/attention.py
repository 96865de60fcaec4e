"""`MultiheadAttention`, as PyTorch's: parameters in_proj_weight/in_proj_bias and out_proj
(or q/k/v_proj_weight when key and value have other sizes), so state dicts move both ways."""
from __future__ import annotations

import math

import numpy as np

from autograd import Tensor, cat, zeros
from autograd.ops import linear, pad, scaled_dot_product_attention
from autograd.ops.arguments import check_tensors
from nn import functional as F
from nn import init
from nn.checks import check_int, check_probability
from nn.linear import Linear, factory_dtype
from nn.module import Module
from nn.parameter import Parameter

__all__ = ["MultiheadAttention", "NonDynamicallyQuantizableLinear"]


class NonDynamicallyQuantizableLinear(Linear):
    """A Linear layer under the name PyTorch gives the attention's output projection, so a
    printed model reads as PyTorch's (PyTorch uses the name to keep it out of quantization)."""


def _float_mask(mask, name: str, dtype) -> Tensor | None:
    """A boolean mask (True: may NOT attend) as 0/-inf; a float mask as it is."""
    if mask is None:
        return None
    if not isinstance(mask, Tensor):
        mask = Tensor(np.asarray(mask))
    if mask.dtype == np.bool_:
        return Tensor(np.where(mask.numpy(), -np.inf, 0).astype(dtype))
    if mask.dtype.kind != "f":
        raise AssertionError(f"only bool and floating types of {name} are supported, got "
                             f"{mask.dtype}")
    if mask.dtype != dtype:
        raise RuntimeError(f"{name} of dtype {mask.dtype} does not match the query's dtype "
                           f"{dtype}: give a bool mask, or {name}.to({dtype})")
    return mask


class MultiheadAttention(Module):
    """Attention of `num_heads` heads: each projects query, key and value to
    embed_dim/num_heads features, attends (softmax(q kᵀ/√d + mask) v), and out_proj maps the
    concatenated heads back to embed_dim.

    Args:
        embed_dim: E, the size of the query (and of the output); divisible by num_heads.
        num_heads: the number of heads.
        dropout: dropout on the attention weights in training.
        bias: biases in the input and output projections.
        add_bias_kv: learn a bias row appended to the keys and values.
        add_zero_attn: append a row of zeros to the keys and values.
        kdim, vdim: the sizes of key and value (default E).
        batch_first: inputs and output are (N, L, E) instead of (L, N, E).

    forward(query, key, value, key_padding_mask=None, need_weights=True, attn_mask=None,
    average_attn_weights=True, is_causal=False) -> (output, weights or None):
        key_padding_mask (N, S): True (or -inf) where a key is padding; attn_mask (L, S) or
        (N·num_heads, L, S): True where query i may NOT attend to key j, or a float mask
        added to the scores. weights: (N, L, S) averaged over heads, or (N, H, L, S).

    Shape: query (L, N, E), key (S, N, kdim), value (S, N, vdim) -> (L, N, E); or
    (N, L, E) with batch_first; or unbatched (L, E).
    """

    def __init__(self, embed_dim: int, num_heads: int, dropout: float = 0.0, bias: bool = True,
                 add_bias_kv: bool = False, add_zero_attn: bool = False, kdim: int | None = None,
                 vdim: int | None = None, batch_first: bool = False, device=None,
                 dtype=None) -> None:
        super().__init__()
        for name, size in (("embed_dim", embed_dim), ("num_heads", num_heads)):
            if isinstance(size, bool) or not isinstance(size, (int, np.integer)):
                raise TypeError(f"MultiheadAttention: {name} must be an int, got {size!r}")
        for name, size in (("kdim", kdim), ("vdim", vdim)):
            if size is not None:
                check_int("MultiheadAttention", name, size, low=1)
        check_probability("MultiheadAttention", "dropout", dropout)
        if embed_dim <= 0 or num_heads <= 0:
            raise ValueError(f"embed_dim and num_heads must be greater than 0, got "
                             f"embed_dim={embed_dim} and num_heads={num_heads} instead")
        if embed_dim % num_heads:
            raise AssertionError("embed_dim must be divisible by num_heads")
        dtype = factory_dtype(dtype, device)
        self.embed_dim, self.num_heads, self.dropout = embed_dim, num_heads, dropout
        self.kdim = kdim if kdim is not None else embed_dim
        self.vdim = vdim if vdim is not None else embed_dim
        self._qkv_same_embed_dim = self.kdim == embed_dim and self.vdim == embed_dim
        self.head_dim, self.batch_first = embed_dim // num_heads, batch_first
        if self._qkv_same_embed_dim:
            self.in_proj_weight = Parameter(np.empty((3 * embed_dim, embed_dim), dtype))
            for name in ("q_proj_weight", "k_proj_weight", "v_proj_weight"):
                self.register_parameter(name, None)
        else:
            self.q_proj_weight = Parameter(np.empty((embed_dim, embed_dim), dtype))
            self.k_proj_weight = Parameter(np.empty((embed_dim, self.kdim), dtype))
            self.v_proj_weight = Parameter(np.empty((embed_dim, self.vdim), dtype))
            self.register_parameter("in_proj_weight", None)
        if bias:
            self.in_proj_bias = Parameter(np.empty(3 * embed_dim, dtype))
        else:
            self.register_parameter("in_proj_bias", None)
        self.out_proj = NonDynamicallyQuantizableLinear(embed_dim, embed_dim, bias=bias,
                                                        dtype=dtype)
        if add_bias_kv:
            self.bias_k = Parameter(np.empty((1, 1, embed_dim), dtype))
            self.bias_v = Parameter(np.empty((1, 1, embed_dim), dtype))
        else:
            self.bias_k = self.bias_v = None
        self.add_zero_attn = add_zero_attn
        self._reset_parameters()

    def _reset_parameters(self) -> None:
        """PyTorch's: Xavier-uniform projections, zero biases, Xavier-normal bias_k/bias_v."""
        if self._qkv_same_embed_dim:
            init.xavier_uniform_(self.in_proj_weight)
        else:
            for weight in (self.q_proj_weight, self.k_proj_weight, self.v_proj_weight):
                init.xavier_uniform_(weight)
        if self.in_proj_bias is not None:
            init.constant_(self.in_proj_bias, 0.0)
            init.constant_(self.out_proj.bias, 0.0)
        for extra in (self.bias_k, self.bias_v):
            if extra is not None:
                init.xavier_normal_(extra)

    def _projections(self) -> tuple:
        """(weight, bias) of the query, key and value projections."""
        e = self.embed_dim
        if self._qkv_same_embed_dim:
            w = self.in_proj_weight
            weights = (w[:e], w[e:2 * e], w[2 * e:])
        else:
            weights = (self.q_proj_weight, self.k_proj_weight, self.v_proj_weight)
        b = self.in_proj_bias
        biases = (None,) * 3 if b is None else (b[:e], b[e:2 * e], b[2 * e:])
        return tuple(zip(weights, biases))

    def forward(self, query: Tensor, key: Tensor, value: Tensor, key_padding_mask=None,
                need_weights: bool = True, attn_mask=None, average_attn_weights: bool = True,
                is_causal: bool = False) -> tuple:
        if is_causal and attn_mask is None:
            raise RuntimeError("Need attn_mask if specifying the is_causal hint. You may use "
                               "a causal mask (True above the diagonal) as attn_mask.")
        check_tensors("MultiheadAttention", query=query, key=key, value=value)
        unbatched = query.ndim == 2
        query, key, value = (x.unsqueeze(1 - int(self.batch_first)) if unbatched else x
                             for x in (query, key, value))
        if unbatched and key_padding_mask is not None:
            key_padding_mask = _float_mask(key_padding_mask, "key_padding_mask",
                                           query.dtype).unsqueeze(0)
        if not self.batch_first:  # the maths below is batch-first: (N, L, E)
            query, key, value = (x.transpose(0, 1) for x in (query, key, value))
        self._check_shapes(query, key, value)
        output, weights = self._attend(query, key, value, key_padding_mask, attn_mask,
                                       need_weights, average_attn_weights)
        if not self.batch_first:
            output = output.transpose(0, 1)
        if unbatched:
            output = output.squeeze(1 - int(self.batch_first))
            weights = None if weights is None else weights.squeeze(0)
        return output, weights

    def _check_shapes(self, query: Tensor, key: Tensor, value: Tensor) -> None:
        if query.ndim != 3 or key.ndim != 3 or value.ndim != 3:
            raise AssertionError(f"query, key and value must all be 2-D (unbatched) or 3-D, got "
                                 f"shapes {query.shape}, {key.shape} and {value.shape}")
        if query.shape[-1] != self.embed_dim:
            raise AssertionError(f"was expecting embedding dimension of {self.embed_dim}, but "
                                 f"got {query.shape[-1]}")
        if key.shape[-1] != self.kdim or value.shape[-1] != self.vdim:
            raise AssertionError(f"key and value must end in kdim={self.kdim} and "
                                 f"vdim={self.vdim}, got shapes {key.shape} and {value.shape}")
        if key.shape[:2] != value.shape[:2] or key.shape[0] != query.shape[0]:
            raise AssertionError(f"key shape {key.shape} does not match value shape "
                                 f"{value.shape} (or the batch of query {query.shape})")

    def _attend(self, query, key, value, key_padding_mask, attn_mask, need_weights: bool,
                average_attn_weights: bool) -> tuple:
        batch, length = query.shape[:2]
        heads, head_dim = self.num_heads, self.head_dim
        (wq, bq), (wk, bk), (wv, bv) = self._projections()
        q, k, v = linear(query, wq, bq), linear(key, wk, bk), linear(value, wv, bv)
        mask = self._merged_mask(attn_mask, key_padding_mask, batch, length, key.shape[1],
                                 query.dtype)
        if self.bias_k is not None:
            k = cat([k, self.bias_k.expand(batch, 1, self.embed_dim)], 1)
            v = cat([v, self.bias_v.expand(batch, 1, self.embed_dim)], 1)
            mask = None if mask is None else pad(mask, (0, 1))
        q, k, v = (x.reshape(batch, x.shape[1], heads, head_dim).transpose(1, 2) for x in (q, k, v))
        if self.add_zero_attn:
            empty = zeros(batch, heads, 1, head_dim, dtype=k.dtype)
            k, v = cat([k, empty], 2), cat([v, empty], 2)
            mask = None if mask is None else pad(mask, (0, 1))
        dropout_p = self.dropout if self.training else 0.0
        if need_weights:
            scores = q @ k.transpose(-2, -1) * (1 / math.sqrt(head_dim))
            weights = F.softmax(scores if mask is None else scores + mask, dim=-1)
            weights = F.dropout(weights, dropout_p) if dropout_p > 0 else weights
            heads_out = weights @ v
        else:
            heads_out = scaled_dot_product_attention(q, k, v, mask, dropout_p)
            weights = None
        output = self.out_proj(heads_out.transpose(1, 2).reshape(batch, length, self.embed_dim))
        if weights is not None and average_attn_weights:
            weights = weights.mean(1)
        return output, weights

    def _merged_mask(self, attn_mask, key_padding_mask, batch: int, length: int, source: int,
                     dtype) -> Tensor | None:
        """attn_mask and key_padding_mask as one float mask broadcasting to (N, H, L, S)."""
        attn_mask = _float_mask(attn_mask, "attn_mask", dtype)
        key_padding_mask = _float_mask(key_padding_mask, "key_padding_mask", dtype)
        merged = None
        if attn_mask is not None:
            if attn_mask.shape == (length, source):
                merged = attn_mask
            elif attn_mask.shape == (batch * self.num_heads, length, source):
                merged = attn_mask.reshape(batch, self.num_heads, length, source)
            else:
                raise RuntimeError(f"The shape of attn_mask {tuple(attn_mask.shape)} should be "
                                   f"({length}, {source}) or ({batch * self.num_heads}, "
                                   f"{length}, {source}).")
        if key_padding_mask is not None:
            if key_padding_mask.shape != (batch, source):
                raise AssertionError(f"expecting key_padding_mask shape of {(batch, source)}, but "
                                     f"got {tuple(key_padding_mask.shape)}")
            padding = key_padding_mask.reshape(batch, 1, 1, source)
            merged = padding if merged is None else merged + padding
        return merged
