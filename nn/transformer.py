"""`TransformerEncoderLayer` and `TransformerEncoder`, as PyTorch's (same submodule names,
so state dicts move both ways)."""
from __future__ import annotations

import copy

from autograd import Tensor
from autograd.ops.arguments import check_tensors
from nn import functional as F
from nn.attention import MultiheadAttention
from nn.checks import check_int
from nn.containers import ModuleList
from nn.dropout import Dropout
from nn.linear import Linear
from nn.module import Module
from nn.normalization import LayerNorm

__all__ = ["TransformerEncoderLayer", "TransformerEncoder"]

_ACTIVATIONS = {"relu": F.relu, "gelu": F.gelu}


def activation_function(activation):
    """The feed-forward activation: "relu" or "gelu" as F.relu/F.gelu, a callable as it is."""
    if not isinstance(activation, str):
        return activation
    if activation not in _ACTIVATIONS:
        raise RuntimeError(f"activation should be relu/gelu, not {activation}")
    return _ACTIVATIONS[activation]


class TransformerEncoderLayer(Module):
    """Self-attention, then a two-layer feed-forward network, each with dropout, a residual
    connection and a LayerNorm:

        norm_first=False:  x = norm1(x + sa(x));          x = norm2(x + ff(x))
        norm_first=True:   x = x + sa(norm1(x));          x = x + ff(norm2(x))

    with sa(x) = dropout1(self_attn(x, x, x)) and
    ff(x) = dropout2(linear2(dropout(activation(linear1(x))))).

    Args:
        d_model: E, the size of each position's features.
        nhead: attention heads (E divisible by nhead).
        dim_feedforward: width of the feed-forward network (default 2048).
        dropout: dropout probability everywhere (default 0.1).
        activation: "relu" (default), "gelu", or a callable (a Module is registered).
        layer_norm_eps, batch_first, norm_first, bias: as PyTorch's.

    forward(src, src_mask=None, src_key_padding_mask=None, is_causal=False): the masks as
    `MultiheadAttention`'s attn_mask and key_padding_mask.

    Shape: src (S, N, E), or (N, S, E) with batch_first, or unbatched (S, E) -> the same.
    """

    def __init__(self, d_model: int, nhead: int, dim_feedforward: int = 2048,
                 dropout: float = 0.1, activation="relu", layer_norm_eps: float = 1e-5,
                 batch_first: bool = False, norm_first: bool = False, bias: bool = True,
                 device=None, dtype=None) -> None:
        super().__init__()
        for name, size in (("d_model", d_model), ("nhead", nhead),
                           ("dim_feedforward", dim_feedforward)):
            check_int("TransformerEncoderLayer", name, size, low=1)
        self.self_attn = MultiheadAttention(d_model, nhead, dropout=dropout, bias=bias,
                                            batch_first=batch_first, device=device, dtype=dtype)
        self.linear1 = Linear(d_model, dim_feedforward, bias=bias, device=device, dtype=dtype)
        self.dropout = Dropout(dropout)
        self.linear2 = Linear(dim_feedforward, d_model, bias=bias, device=device, dtype=dtype)
        self.norm_first = norm_first
        self.norm1 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, device=device, dtype=dtype)
        self.norm2 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, device=device, dtype=dtype)
        self.dropout1 = Dropout(dropout)
        self.dropout2 = Dropout(dropout)
        self.activation = activation_function(activation)

    def forward(self, src: Tensor, src_mask=None, src_key_padding_mask=None,
                is_causal: bool = False) -> Tensor:
        check_tensors("TransformerEncoderLayer", src=src)
        x = src
        if self.norm_first:
            x = x + self._sa_block(self.norm1(x), src_mask, src_key_padding_mask, is_causal)
            return x + self._ff_block(self.norm2(x))
        x = self.norm1(x + self._sa_block(x, src_mask, src_key_padding_mask, is_causal))
        return self.norm2(x + self._ff_block(x))

    def _sa_block(self, x: Tensor, attn_mask, key_padding_mask, is_causal: bool) -> Tensor:
        x = self.self_attn(x, x, x, attn_mask=attn_mask, key_padding_mask=key_padding_mask,
                           need_weights=False, is_causal=is_causal)[0]
        return self.dropout1(x)

    def _ff_block(self, x: Tensor) -> Tensor:
        return self.dropout2(self.linear2(self.dropout(self.activation(self.linear1(x)))))


class TransformerEncoder(Module):
    """`num_layers` copies of `encoder_layer` applied in turn (submodules layers.0, layers.1,
    ...), then `norm` if given.

    Shape: as the layer's.
    """

    def __init__(self, encoder_layer: TransformerEncoderLayer, num_layers: int, norm=None,
                 enable_nested_tensor: bool = True, mask_check: bool = True) -> None:
        super().__init__()
        if not isinstance(encoder_layer, Module):
            raise TypeError(f"TransformerEncoder: encoder_layer must be a Module (a "
                            f"TransformerEncoderLayer), got {type(encoder_layer).__name__}")
        check_int("TransformerEncoder", "num_layers", num_layers)
        self.layers = ModuleList([copy.deepcopy(encoder_layer) for _ in range(num_layers)])
        self.num_layers, self.norm = num_layers, norm

    def forward(self, src: Tensor, mask=None, src_key_padding_mask=None,
                is_causal: bool | None = None) -> Tensor:
        output = src
        for layer in self.layers:
            output = layer(output, src_mask=mask, src_key_padding_mask=src_key_padding_mask,
                           is_causal=bool(is_causal))
        return output if self.norm is None else self.norm(output)
