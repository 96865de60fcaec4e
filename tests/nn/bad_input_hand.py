"""Hand-written rows of nn's bad-input sweep for layers: hyper-parameters, and the inputs a
generated row cannot make bad (targets, hidden states, masks, modes). The Module API,
init, utils, data, save/load and fit are in bad_input_api.py.

`same(id, f)` runs f(nn-like namespace) on ours and on PyTorch's (`m.nn.Linear`,
`m.tensor`, ...); `raises(id, call, error, pattern)` expects an error whose message
names the argument and the problem.
"""
from __future__ import annotations

import autograd as ag
import nn
import nn.functional as F
from tests.bad_input import Raises, SameAsTorch

__all__ = ["HYPERPARAMETERS", "LAYER_INPUTS", "same", "raises"]


class _Ours:
    """autograd's names with `nn` and `F` beside them (as torch, torch.nn and
    torch.nn.functional)."""

    nn, F = nn, F

    def __getattr__(self, name):
        return getattr(ag, name)


class _Torch:
    def __getattr__(self, name):
        import torch

        return torch.nn.functional if name == "F" else getattr(torch, name)


def same(row_id: str, f) -> tuple:
    return row_id, lambda: f(_Ours()), SameAsTorch(lambda: f(_Torch()))


def raises(row_id: str, call, error, pattern: str) -> tuple:
    return row_id, call, Raises(error, pattern)


def _x(m, *shape):
    return m.ones(*shape) if shape else m.ones(2, 3)


HYPERPARAMETERS = [
    same("Dropout-p-above-one", lambda m: m.nn.Dropout(1.5)),
    same("Dropout-p-negative", lambda m: m.nn.Dropout(-0.1)),
    raises("Dropout-p-str", lambda: nn.Dropout("a"), (TypeError, ValueError),
           r"(\bp\b|probability).*('a'|str)"),
    raises("LeakyReLU-negative_slope-str", lambda: nn.LeakyReLU("a"), TypeError,
           r"negative_slope.*('a'|str)"),
    raises("ELU-alpha-None", lambda: nn.ELU(None), TypeError, r"alpha.*None"),
    raises("Softplus-beta-zero", lambda: nn.Softplus(beta=0), ValueError, r"beta.*0"),
    same("Hardtanh-min-above-max", lambda m: m.nn.Hardtanh(1.0, -1.0)),
    raises("GELU-approximate", lambda: nn.GELU("bogus"), ValueError, r"approximate.*bogus"),
    raises("BatchNorm1d-eps-negative", lambda: nn.BatchNorm1d(3, eps=-1), ValueError,
           r"eps.*-1"),
    raises("BatchNorm1d-momentum-str", lambda: nn.BatchNorm1d(3, momentum="a"), TypeError,
           r"momentum.*('a'|str)"),
    raises("LayerNorm-eps-str", lambda: nn.LayerNorm(3, eps="a"), TypeError,
           r"eps.*('a'|str)"),
    same("GroupNorm-not-dividing", lambda m: m.nn.GroupNorm(3, 4)),
    same("MultiheadAttention-not-dividing", lambda m: m.nn.MultiheadAttention(5, 2)),
    raises("MultiheadAttention-dropout-above-one", lambda: nn.MultiheadAttention(4, 2, 1.5),
           ValueError, r"dropout.*1.5"),
    same("TransformerEncoderLayer-activation",
         lambda m: m.nn.TransformerEncoderLayer(4, 2, activation="bogus")),
    same("TransformerEncoder-layers-zero",
         lambda m: m.nn.TransformerEncoder(m.nn.TransformerEncoderLayer(4, 2), 0)),
    raises("TransformerEncoder-layer-None", lambda: nn.TransformerEncoder(None, 2),
           TypeError, r"encoder_layer.*NoneType"),
    same("TransformerDecoderLayer-activation",
         lambda m: m.nn.TransformerDecoderLayer(4, 2, activation="bogus")),
    same("TransformerDecoder-layers-zero",
         lambda m: m.nn.TransformerDecoder(m.nn.TransformerDecoderLayer(4, 2), 0)),
    raises("TransformerDecoder-layer-None", lambda: nn.TransformerDecoder(None, 2),
           TypeError, r"decoder_layer.*NoneType"),
    same("RNN-num_layers-zero", lambda m: m.nn.RNN(3, 4, num_layers=0)),
    same("RNN-nonlinearity", lambda m: m.nn.RNN(3, 4, nonlinearity="sigmoid")),
    same("RNN-dropout-above-one", lambda m: m.nn.RNN(3, 4, dropout=1.5)),
    same("LSTM-proj_size-negative", lambda m: m.nn.LSTM(3, 4, proj_size=-1)),
    same("LSTM-proj_size-too-big", lambda m: m.nn.LSTM(3, 4, proj_size=4)),
    same("Embedding-padding_idx-out-of-range", lambda m: m.nn.Embedding(5, 2, padding_idx=7)),
    raises("Conv1d-stride-zero", lambda: nn.Conv1d(2, 3, 2, stride=0), ValueError,
           r"stride.*0"),
    raises("Conv1d-padding-negative", lambda: nn.Conv1d(2, 3, 2, padding=-1), ValueError,
           r"padding.*-1"),
    same("Conv1d-groups-zero", lambda m: m.nn.Conv1d(2, 3, 2, groups=0)),
    same("Conv1d-groups-not-dividing", lambda m: m.nn.Conv1d(2, 3, 2, groups=2)),
    same("Conv1d-padding_mode", lambda m: m.nn.Conv1d(2, 3, 2, padding_mode="bogus")),
    same("Conv1d-padding-str", lambda m: m.nn.Conv1d(2, 3, 2, padding="bogus")),
    same("Conv1d-same-with-stride", lambda m: m.nn.Conv1d(2, 3, 2, padding="same", stride=2)),
    raises("MaxPool1d-stride-zero", lambda: nn.MaxPool1d(2, stride=0),
           (ValueError, RuntimeError), r"stride.*0"),
    raises("MaxPool2d-padding-negative", lambda: nn.MaxPool2d(2, padding=-1),
           (ValueError, RuntimeError), r"padding.*-1"),
    raises("AvgPool2d-divisor_override-zero", lambda: nn.AvgPool2d(2, divisor_override=0),
           ValueError, r"divisor_override.*0"),
    raises("Upsample-nothing", lambda: nn.Upsample(), ValueError,
           r"size.*scale_factor"),
    same("Upsample-mode", lambda m: m.nn.Upsample(scale_factor=2, mode="bogus")(_x(m, 1, 1, 2))),
    raises("Upsample-negative-scale", lambda: nn.Upsample(scale_factor=-2), ValueError,
           r"scale_factor.*-2"),
    raises("MSELoss-reduction", lambda: nn.MSELoss(reduction="bogus"), ValueError,
           r"reduction.*bogus|bogus.*reduction"),
    same("CrossEntropyLoss-label_smoothing", lambda m: m.nn.CrossEntropyLoss(
        label_smoothing=1.5)(_x(m), m.tensor([0, 1]))),
    raises("CrossEntropyLoss-weight-str", lambda: nn.CrossEntropyLoss(weight="abc"),
           TypeError, r"weight.*'abc'"),
    raises("HuberLoss-delta-negative", lambda: nn.HuberLoss(delta=-1), ValueError,
           r"delta.*-1"),
    same("Flatten-start-after-end", lambda m: m.nn.Flatten(2, 1)(_x(m, 2, 3, 4))),
    same("Unflatten-wrong-product", lambda m: m.nn.Unflatten(1, (2, 2))(_x(m))),
    raises("Softmax-dim-str", lambda: nn.Softmax("a"), TypeError, r"\bdim\b.*('a'|str)"),
]

LAYER_INPUTS = [
    same("Linear-features", lambda m: m.nn.Linear(3, 2)(_x(m, 2, 4))),
    same("Conv2d-channels", lambda m: m.nn.Conv2d(2, 3, 2)(_x(m, 1, 3, 4, 4))),
    same("Conv2d-3d-input", lambda m: tuple(m.nn.Conv2d(2, 3, 2)(_x(m, 2, 4, 4)).shape)),
    same("Conv2d-too-small", lambda m: m.nn.Conv2d(2, 3, 5)(_x(m, 1, 2, 4, 4))),
    same("MaxPool2d-too-small", lambda m: m.nn.MaxPool2d(5)(_x(m, 1, 2, 4, 4))),
    same("BatchNorm1d-channels", lambda m: m.nn.BatchNorm1d(3)(_x(m, 4, 5))),
    same("BatchNorm1d-one-sample", lambda m: m.nn.BatchNorm1d(3)(_x(m, 1, 3))),
    same("BatchNorm2d-3d-input", lambda m: m.nn.BatchNorm2d(2)(_x(m, 2, 4, 4))),
    same("LayerNorm-shape", lambda m: m.nn.LayerNorm(4)(_x(m))),
    same("GroupNorm-channels", lambda m: m.nn.GroupNorm(1, 4)(_x(m, 2, 3, 5))),
    same("Embedding-out-of-range", lambda m: m.nn.Embedding(5, 2)(m.tensor([1, 7]))),
    same("Embedding-negative", lambda m: m.nn.Embedding(5, 2)(m.tensor([-1]))),
    same("Embedding-float-indices", lambda m: m.nn.Embedding(5, 2)(m.tensor([1.0]))),
    same("RNN-2d-input-features", lambda m: m.nn.RNN(3, 4)(_x(m, 5, 4))),
    same("RNN-4d-input", lambda m: m.nn.RNN(3, 4)(_x(m, 5, 2, 3, 1))),
    same("RNN-h0-shape", lambda m: m.nn.RNN(3, 4)(_x(m, 5, 2, 3), _x(m, 1, 2, 5))),
    same("LSTM-h0-not-a-pair", lambda m: m.nn.LSTM(3, 4)(_x(m, 5, 2, 3), _x(m, 1, 2, 4))),
    same("LSTM-c0-shape", lambda m: m.nn.LSTM(3, 4)(
        _x(m, 5, 2, 3), (_x(m, 1, 2, 4), _x(m, 1, 3, 4)))),
    same("GRUCell-h-shape", lambda m: m.nn.GRUCell(3, 4)(_x(m), _x(m, 2, 5))),
    raises("LSTMCell-h-None-inside", lambda: nn.LSTMCell(3, 4)(_x(ag), (None, _x(ag, 2, 4))),
           TypeError, r"hx.*NoneType"),
    same("MultiheadAttention-embed", lambda m: m.nn.MultiheadAttention(4, 2)(
        _x(m, 3, 2, 5), _x(m, 3, 2, 5), _x(m, 3, 2, 5))),
    same("MultiheadAttention-mask-shape", lambda m: m.nn.MultiheadAttention(4, 2)(
        _x(m, 3, 2, 4), _x(m, 3, 2, 4), _x(m, 3, 2, 4), attn_mask=_x(m, 2, 2))),
    same("MultiheadAttention-key-length", lambda m: m.nn.MultiheadAttention(4, 2)(
        _x(m, 3, 2, 4), _x(m, 3, 2, 4), _x(m, 4, 2, 4))),
    same("CrossEntropyLoss-target-out-of-range",
         lambda m: m.nn.CrossEntropyLoss()(_x(m), m.tensor([0, 5]))),
    same("CrossEntropyLoss-target-negative",
         lambda m: m.nn.CrossEntropyLoss()(_x(m), m.tensor([0, -2]))),
    same("CrossEntropyLoss-target-shape",
         lambda m: m.nn.CrossEntropyLoss()(_x(m), m.tensor([0, 1, 2]))),
    same("CrossEntropyLoss-target-float-shape",
         lambda m: m.nn.CrossEntropyLoss()(_x(m), _x(m, 2, 4))),
    same("CrossEntropyLoss-weight-size",
         lambda m: m.nn.CrossEntropyLoss(weight=m.ones(4))(_x(m), m.tensor([0, 1]))),
    same("CrossEntropyLoss-empty-batch",
         lambda m: m.nn.CrossEntropyLoss()(_x(m, 0, 3), m.tensor([], dtype=m.int64))),
    same("NLLLoss-target-float", lambda m: m.nn.NLLLoss()(_x(m), m.tensor([0.0, 1.0]))),
    same("NLLLoss-1d-input", lambda m: m.nn.NLLLoss()(_x(m, 3), m.tensor([0, 1]))),
    same("BCELoss-outside-01", lambda m: m.nn.BCELoss()(_x(m) * 2, _x(m))),
    same("BCELoss-shape", lambda m: m.nn.BCELoss()(_x(m) / 2, _x(m, 3, 2) / 2)),
    same("BCEWithLogitsLoss-pos_weight-size", lambda m: m.nn.BCEWithLogitsLoss(
        pos_weight=m.ones(4))(_x(m), _x(m))),
    same("MSELoss-broadcast", lambda m: m.nn.MSELoss()(_x(m), _x(m, 3))),
    same("MSELoss-target-no-broadcast", lambda m: m.nn.MSELoss()(_x(m), _x(m, 4))),
    same("MSELoss-both-empty", lambda m: m.nn.MSELoss()(_x(m, 0), _x(m, 0))),
    same("L1Loss-all-nan", lambda m: m.nn.L1Loss()(_x(m) * float("nan"), _x(m))),
    same("one_hot-negative", lambda m: m.F.one_hot(m.tensor([0, -1]))),
    same("one_hot-too-few-classes", lambda m: m.F.one_hot(m.tensor([0, 3]), 2)),
    same("one_hot-float", lambda m: m.F.one_hot(m.tensor([0.0]))),
    same("pad-odd-length", lambda m: m.F.pad(_x(m), (1,))),
    same("pad-mode", lambda m: m.F.pad(_x(m, 1, 2, 3), (1, 1), mode="bogus")),
    same("pad-reflect-too-wide", lambda m: m.F.pad(_x(m, 1, 2, 3), (3, 3), mode="reflect")),
    same("interpolate-size-and-scale", lambda m: m.F.interpolate(_x(m, 1, 2, 3), size=4,
                                                                 scale_factor=2)),
    same("interpolate-neither", lambda m: m.F.interpolate(_x(m, 1, 2, 3))),
    same("interpolate-bilinear-3d", lambda m: m.F.interpolate(
        _x(m, 1, 2, 3), scale_factor=2, mode="bilinear")),
    same("normalize-dim", lambda m: m.F.normalize(_x(m), dim=4)),
    same("softmax-implicit-dim", lambda m: m.F.softmax(_x(m))),
    same("linear-weight-shape", lambda m: m.F.linear(_x(m), _x(m, 4, 2))),
    same("embedding-float-weight-indices", lambda m: m.F.embedding(_x(m), _x(m, 4, 2))),
    same("unfold-3d", lambda m: m.F.unfold(_x(m, 2, 4, 4), 2)),
    same("fold-wrong-blocks", lambda m: m.F.fold(_x(m, 1, 8, 5), 4, 2)),
    same("batch_norm-running-size", lambda m: m.F.batch_norm(_x(m), m.zeros(4), m.ones(4))),
    same("sdpa-mask-shape", lambda m: m.F.scaled_dot_product_attention(
        _x(m, 2, 3, 4), _x(m, 2, 3, 4), _x(m, 2, 3, 4), attn_mask=_x(m, 2, 2))),
    same("sdpa-key-features", lambda m: m.F.scaled_dot_product_attention(
        _x(m, 2, 3, 4), _x(m, 2, 3, 5), _x(m, 2, 3, 4))),
]
