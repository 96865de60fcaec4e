"""The generated part of nn's bad-input sweep: every layer and every function of
nn.functional that autograd does not already export, each from one valid call.

- `MODULES`: a layer's constructor arguments and an input it takes. Its sizes (the int
  constructor arguments) are made negative, fractional, strings and None (an error naming
  the argument), and its inputs made bad one at a time (as `tests.bad_input.function_rows`
  does for functions), against the same layer of PyTorch holding the same weights.
- `FUNCTIONAL`: a valid call of each function of nn.functional not in autograd.
A layer or function added to nn without an entry here fails test_every_layer_is_swept.
"""
from __future__ import annotations

import copy
import inspect

import numpy as np

import autograd as ag
import nn
import nn.functional as F
from tests.bad_input import Raises, function_rows

__all__ = ["MODULES", "FUNCTIONAL", "NOT_LAYERS", "generated_rows", "functional_names"]


def _t(*shape, low=0.1, high=0.9, dtype=np.float32):
    values = np.linspace(low, high, int(np.prod(shape)), dtype=np.float64)
    return ag.tensor(values.reshape(shape).astype(dtype))


def _labels(*values):
    return ag.tensor(list(values))


def _max_indices(*shape):
    """Indices a max pooling with kernel 2 could return for values of `shape`: each value's
    window's last position (flat, in the unpooled plane of twice the size)."""
    dims = len(shape) - 2
    blocks = np.indices(shape[2:]).reshape(dims, -1)
    flat = np.ravel_multi_index(tuple(2 * b + 1 for b in blocks), tuple(2 * n for n in shape[2:]))
    return ag.tensor(np.broadcast_to(flat.reshape(shape[2:]), shape).copy())


X, SEQ = _t(2, 3), _t(5, 2, 3)
X3, X4, X5 = _t(1, 2, 5), _t(2, 2, 4, 4), _t(2, 2, 2, 2, 2)

MODULES = {  # layer -> (constructor args, constructor kwargs, inputs of a forward that works)
    "Linear": ((3, 4), {}, (X,)), "Bilinear": ((3, 2, 4), {}, (X, _t(2, 2))),
    "Identity": ((), {}, (X,)), "Flatten": ((), {}, (X3,)), "Unflatten": ((1, (3, 1)), {}, (X,)),
    "ReLU": ((), {}, (X,)), "LeakyReLU": ((), {}, (X,)), "Sigmoid": ((), {}, (X,)),
    "Tanh": ((), {}, (X,)), "GELU": ((), {}, (X,)), "Softmax": ((1,), {}, (X,)),
    "LogSoftmax": ((1,), {}, (X,)), "Softmin": ((1,), {}, (X,)), "ELU": ((), {}, (X,)),
    "SELU": ((), {}, (X,)), "CELU": ((), {}, (X,)), "SiLU": ((), {}, (X,)),
    "Mish": ((), {}, (X,)), "Softplus": ((), {}, (X,)), "Softsign": ((), {}, (X,)),
    "ReLU6": ((), {}, (X,)), "Hardtanh": ((), {}, (X,)), "Hardswish": ((), {}, (X,)),
    "Hardsigmoid": ((), {}, (X,)), "LogSigmoid": ((), {}, (X,)),
    "PReLU": ((3,), {}, (X,)), "RReLU": ((), {}, (X,)), "Threshold": ((0.5, -1.0), {}, (X,)),
    "Hardshrink": ((), {}, (X,)), "Softshrink": ((), {}, (X,)), "Tanhshrink": ((), {}, (X,)),
    "GLU": ((0,), {}, (X,)),
    "MultiheadAttention": ((4, 2), {}, (_t(3, 2, 4),) * 3),
    "TransformerEncoderLayer": ((4, 2), {"dim_feedforward": 8, "dropout": 0.0},
                                (_t(3, 2, 4),)),
    "TransformerDecoderLayer": ((4, 2), {"dim_feedforward": 8, "dropout": 0.0},
                                (_t(3, 2, 4), _t(2, 2, 4))),
    "Transformer": ((4, 2, 1, 1, 8), {"dropout": 0.0}, (_t(2, 2, 4), _t(3, 2, 4))),
    "CosineSimilarity": ((), {}, (X, _t(2, 3, low=0.3))),
    "PairwiseDistance": ((), {}, (X, _t(2, 3, low=0.3))),
    "Dropout": ((0.5,), {}, (X,)), "Embedding": ((10, 3), {}, (_labels([1, 2], [3, 9]),)),
    "RNN": ((3, 4), {}, (SEQ,)), "LSTM": ((3, 4), {}, (SEQ,)), "GRU": ((3, 4), {}, (SEQ,)),
    "RNNCell": ((3, 4), {}, (X,)), "LSTMCell": ((3, 4), {}, (X,)), "GRUCell": ((3, 4), {}, (X,)),
    "Conv1d": ((2, 3, 2), {}, (X3,)), "Conv2d": ((2, 3, 2), {}, (X4,)),
    "ConvTranspose1d": ((2, 3, 2), {}, (X3,)), "ConvTranspose2d": ((2, 3, 2), {}, (X4,)),
    "MaxPool1d": ((2,), {}, (X3,)), "MaxPool2d": ((2,), {}, (X4,)),
    "AvgPool1d": ((2,), {}, (X3,)), "AvgPool2d": ((2,), {}, (X4,)),
    "AdaptiveAvgPool1d": ((2,), {}, (X3,)), "AdaptiveAvgPool2d": ((2,), {}, (X4,)),
    "AdaptiveMaxPool1d": ((2,), {}, (X3,)), "AdaptiveMaxPool2d": ((2,), {}, (X4,)),
    "Conv3d": ((2, 3, 2), {}, (X5,)), "ConvTranspose3d": ((2, 3, 2), {}, (X5,)),
    "MaxPool3d": ((2,), {}, (X5,)), "AvgPool3d": ((2,), {}, (X5,)),
    "AdaptiveAvgPool3d": ((2,), {}, (X5,)), "AdaptiveMaxPool3d": ((2,), {}, (X5,)),
    "MaxUnpool1d": ((2,), {}, (_t(1, 2, 2), _labels([[0, 3], [1, 2]]).reshape(1, 2, 2))),
    "MaxUnpool2d": ((2,), {}, (_t(2, 2, 2, 2), _max_indices(2, 2, 2, 2))),
    "MaxUnpool3d": ((2,), {}, (_t(2, 2, 1, 1, 1), _max_indices(2, 2, 1, 1, 1))),
    "LPPool1d": ((2.0, 2), {}, (X3,)), "LPPool2d": ((2.0, 2), {}, (X4,)),
    "LPPool3d": ((2.0, 2), {}, (X5,)),
    "Upsample": ((), {"scale_factor": 2}, (X3,)),
    "UpsamplingNearest2d": ((), {"scale_factor": 2}, (X4,)),
    "UpsamplingBilinear2d": ((), {"scale_factor": 2}, (X4,)),
    "MSELoss": ((), {}, (X, _t(2, 3, low=0.3))), "L1Loss": ((), {}, (X, _t(2, 3, low=0.3))),
    "HuberLoss": ((), {}, (X, _t(2, 3, low=0.3))),
    "SmoothL1Loss": ((), {}, (X, _t(2, 3, low=0.3))),
    "BCELoss": ((), {}, (X, _t(2, 3, low=0.0, high=1.0))),
    "BCEWithLogitsLoss": ((), {}, (X, _t(2, 3, low=0.0, high=1.0))),
    "NLLLoss": ((), {}, (X, _labels(0, 2))), "CrossEntropyLoss": ((), {}, (X, _labels(0, 2))),
    "BatchNorm1d": ((3,), {}, (X,)), "BatchNorm2d": ((2,), {}, (X4,)),
    "BatchNorm3d": ((2,), {}, (X5,)), "LayerNorm": ((3,), {}, (X,)),
    "GroupNorm": ((1, 2), {}, (X3,)),
    "Sequential": ((), {}, (X,)),
}
RANDOM = {"Dropout", "RReLU"}
ANY_INPUT = {"Identity"}  # returns its input, whatever it is (as PyTorch's)
NOT_LAYERS = {  # Module subclasses in nn.__all__ without a forward of their own
    "Module", "ModuleList", "ModuleDict", "TransformerEncoder", "TransformerDecoder",
    "Parameter"}

FUNCTIONAL = {  # function of nn.functional not in autograd -> (args, kwargs) of a valid call
    "linear": ((X, _t(4, 3)), {}), "embedding": ((_labels(1, 2), _t(4, 3)), {}),
    "unfold": ((X4, 2), {}), "fold": ((_t(1, 8, 9), 4, 2), {}),
    "avg_pool2d": ((X4, 2), {}), "adaptive_avg_pool2d": ((X4, 2), {}),
    "adaptive_max_pool2d": ((X4, 2), {}),
    "avg_pool3d": ((X5, 2), {}), "adaptive_avg_pool3d": ((X5, 2), {}),
    "adaptive_max_pool3d": ((X5, 2), {}),
    "max_unpool1d": ((_t(1, 2, 2), _labels([[0, 3], [1, 2]]).reshape(1, 2, 2), 2), {}),
    "max_unpool2d": ((_t(2, 2, 2, 2), _max_indices(2, 2, 2, 2), 2), {}),
    "max_unpool3d": ((_t(2, 2, 1, 1, 1), _max_indices(2, 2, 1, 1, 1), 2), {}),
    "lp_pool1d": ((X3, 2.0, 2), {}), "lp_pool2d": ((X4, 2.0, 2), {}),
    "lp_pool3d": ((X5, 2.0, 2), {}),
    "interpolate": ((X3,), {"scale_factor": 2}), "upsample_nearest": ((X4,), {"scale_factor": 2}),
    "upsample_bilinear": ((X4,), {"scale_factor": 2}),
    "batch_norm": ((X, ag.zeros(3), ag.ones(3)), {}),
    "scaled_dot_product_attention": ((_t(2, 3, 4),) * 3, {}),
    "pad": ((X, (1, 1)), {}), "one_hot": ((_labels(0, 2),), {}), "normalize": ((X,), {}),
    "mse_loss": ((X, _t(2, 3, low=0.3)), {}), "l1_loss": ((X, _t(2, 3, low=0.3)), {}),
    "huber_loss": ((X, _t(2, 3, low=0.3)), {}),
    "smooth_l1_loss": ((X, _t(2, 3, low=0.3)), {}),
    "binary_cross_entropy": ((X, _t(2, 3, low=0.0, high=1.0)), {}),
    "binary_cross_entropy_with_logits": ((X, _t(2, 3, low=0.0, high=1.0)), {}),
    "nll_loss": ((X, _labels(0, 2)), {}), "cross_entropy": ((X, _labels(0, 2)), {}),
    "softmax": ((X, 1), {}), "log_softmax": ((X, 1), {}), "softmin": ((X, 1), {}),
    "prelu": ((X, _t(3)), {}), "threshold": ((X, 0.5, -1.0), {}),
}
FUNCTIONAL_PARAMETERS = {"input", "tensor"}  # required tensors that need no FUNCTIONAL entry


def functional_names() -> list[str]:
    """nn.functional's functions that autograd does not export as the same object."""
    return [name for name in F.__all__ if getattr(ag, name, None) is not getattr(F, name)]


def _functional_call(name: str):
    if name in FUNCTIONAL:
        return FUNCTIONAL[name]
    required = [p.name for p in inspect.signature(getattr(F, name)).parameters.values()
                if p.default is inspect.Parameter.empty]
    return ((X,), {}) if required and set(required) <= FUNCTIONAL_PARAMETERS else None


def _build(name: str):
    args, kwargs, _ = MODULES[name]
    if name == "Sequential":
        return nn.Sequential(nn.Linear(3, 4), nn.ReLU())
    return getattr(nn, name)(*args, **kwargs)


def _torch_twin(module):
    """The same layer in PyTorch, holding module's parameters and buffers."""
    import torch

    args, kwargs, _ = MODULES[type(module).__name__]
    if isinstance(module, nn.Sequential):
        twin = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.ReLU())
    else:
        twin = getattr(torch.nn, type(module).__name__)(*args, **kwargs)
    state = {k: torch.from_numpy(v.numpy(force=True).copy())
             for k, v in module.state_dict().items()}
    twin.load_state_dict(state)
    return twin


def _constructor_rows(name: str) -> list[tuple]:
    """Each int constructor argument (a size) as -1, 2.5, a string and None: an error
    naming the argument and the value."""
    args, kwargs, _ = MODULES[name]
    parameters = list(inspect.signature(getattr(nn, name)).parameters)
    rows = []
    for position, value in enumerate(args):
        if type(value) is not int:
            continue
        parameter = parameters[position]
        bad_values = ((-1, (ValueError, RuntimeError), "-1"),
                      (2.5, (TypeError, ValueError), "(float|2.5)"),
                      ("a", (TypeError, ValueError), "(str|'a')"),
                      (None, (TypeError, ValueError), "(NoneType|None)"))
        if parameter.endswith("dim"):  # a dim, not a size: -1 counts from the end
            bad_values = bad_values[1:3]
        for bad, error, shown in bad_values:
            changed = args[:position] + (bad,) + args[position + 1:]
            rows.append((f"{name}-{parameter}-{bad}",
                         lambda c=changed: getattr(nn, name)(*c, **kwargs),
                         Raises(error, rf"\b{parameter}\b.*{shown}")))
    return rows


def _forward_rows(name: str) -> list[tuple]:
    prototype = _build(name)
    prototype.train()
    _, _, inputs = MODULES[name]
    parameters = list(inspect.signature(prototype.forward).parameters.values())

    def ours(*args):
        return copy.deepcopy(prototype)(*args)

    def theirs(*args):
        return _torch_twin(prototype)(*args)
    return function_rows(name, ours, inputs, {}, theirs, random=name in RANDOM,
                         parameters=parameters, types=name not in ANY_INPUT)


def generated_rows() -> list[tuple]:
    rows = []
    for name in MODULES:
        rows += _constructor_rows(name) + _forward_rows(name)
    for name in functional_names():
        valid = _functional_call(name)
        if valid is not None:
            import torch

            rows += function_rows(f"F.{name}", getattr(F, name), *valid,
                                  getattr(torch.nn.functional, name, None))
    return rows
