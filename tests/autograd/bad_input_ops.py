"""The generated part of autograd's bad-input sweep: every op's function form, called with
one argument made bad at a time.

`CALLS` holds one valid call per op (ops whose required arguments are all tensors named
input/other/... need none: `valid_call` builds theirs); `tests.bad_input.function_rows`
derives the bad calls from it (None, strings, lists and Modules where tensors go, dims out
of range, and int, bool, empty, 0-d, 1-d, NaN and non-broadcasting tensors against
PyTorch). An op added to autograd's `__all__` without a valid call fails
test_every_op_is_swept.
"""
from __future__ import annotations

import inspect

import numpy as np

import autograd as ag
from autograd import Tensor
from tests.bad_input import function_rows

__all__ = ["CALLS", "HAND_SWEPT", "RANDOM", "op_names", "valid_call", "generated_rows"]


def _t(shape, low=0.1, high=0.9, dtype=np.float32) -> Tensor:
    values = np.linspace(low, high, int(np.prod(shape)), dtype=np.float64)
    return ag.tensor(values.reshape(shape).astype(dtype))


X, Y = _t((2, 3)), _t((2, 3), 0.2, 0.7)
I, J = _t((2, 3), 1, 6, np.int64), _t((2, 3), 3, 8, np.int64)
X3, W3, WT3 = _t((1, 2, 5)), _t((3, 2, 2), -0.5, 0.5), _t((2, 3, 2), -0.5, 0.5)
X4, W4, WT4 = _t((1, 2, 4, 4)), _t((3, 2, 2, 2), -0.5, 0.5), _t((2, 3, 2, 2), -0.5, 0.5)
X5, W5 = _t((1, 2, 3, 3, 3)), _t((2, 2, 2, 2, 2), -0.5, 0.5)
H4 = _t((2, 4), -0.3, 0.3)
V2, V3 = _t((2,)), _t((3,), 0.2, 0.6)
SQUARE = _t((3, 3))
INDEX, PICK = ag.tensor([[0, 2, 1], [1, 1, 0]]), ag.tensor([0, 1])


def _cell_weights(gates: int) -> tuple:
    return _t((gates * 4, 3), -0.4, 0.4), _t((gates * 4, 4), -0.3, 0.3)


CALLS = {  # op -> (args, kwargs) of a call that works
    "clamp": ((X,), {"min": 0.3}), "clip": ((X,), {"max": 0.6}),
    "clamp_max": ((X, 0.5), {}), "clamp_min": ((X, 0.5), {}),
    "lerp": ((X, Y, 0.5), {}), "where": ((X > 0.5, X, Y), {}),
    "polygamma": ((1, X), {}), "mvlgamma": ((X + 1, 2), {}),
    "cat": (([X, Y],), {}), "stack": (([X, Y],), {}),
    "expand": ((X[:, :1], 2, 3), {}), "permute": ((X, 1, 0), {}), "reshape": ((X, 3, 2), {}),
    "transpose": ((X, 0, 1), {}), "unsqueeze": ((X, 0), {}), "flatten": ((X3,), {}),
    "softmax": ((X, 1), {}), "log_softmax": ((X, 1), {}), "logsumexp": ((X, 1), {}),
    "sum": ((X, 1), {}), "mean": ((X, 1), {}), "var": ((X, 1), {}), "std": ((X, 1), {}),
    "max": ((X, 1), {}), "min": ((X, 1), {}), "argmax": ((X, 1), {}), "argmin": ((X, 1), {}),
    "all": ((X > 0.5, 1), {}), "any": ((X > 0.5, 1), {}), "squeeze": ((X[:1], 0), {}),
    "bitwise_and": ((I, J), {}), "bitwise_or": ((I, J), {}), "bitwise_xor": ((I, J), {}),
    "bitwise_not": ((I,), {}),
    "conv1d": ((X3, W3), {}), "conv2d": ((X4, W4), {}),
    "conv_transpose1d": ((X3, WT3), {}), "conv_transpose2d": ((X4, WT4), {}),
    "max_pool1d": ((X3, 2), {}), "max_pool2d": ((X4, 2), {}), "avg_pool1d": ((X3, 2), {}),
    "adaptive_avg_pool1d": ((X3, 2), {}), "adaptive_max_pool1d": ((X3, 2), {}),
    "conv3d": ((X5, W5), {}), "conv_transpose3d": ((X5, W5), {}), "max_pool3d": ((X5, 2), {}),
    "rnn_tanh_cell": ((X, H4, *_cell_weights(1)), {}),
    "rnn_relu_cell": ((X, H4, *_cell_weights(1)), {}),
    "gru_cell": ((X, H4, *_cell_weights(3)), {}),
    "lstm_cell": ((X, (H4, H4), *_cell_weights(4)), {}),
    "bilinear": ((X, H4, _t((5, 3, 4))), {}),
    "dropout": ((X, 0.5), {}), "group_norm": ((X4, 1), {}), "layer_norm": ((X, (3,)), {}),
    "round": ((X,), {"decimals": 1}), "rsub": ((X, Y), {}),
    "mm": ((X, _t((3, 4))), {}), "bmm": ((_t((2, 3, 4)), _t((2, 4, 5))), {}),
    "mv": ((X, V3), {}), "outer": ((V2, V3), {}), "ger": ((V2, V3), {}),
    "addmm": ((_t((2, 4)), X, _t((3, 4))), {}), "addmv": ((V2, X, V3), {}),
    "addr": ((X, V2, V3), {}),
    "addbmm": ((_t((3, 5)), _t((2, 3, 4)), _t((2, 4, 5))), {}),
    "baddbmm": ((_t((2, 3, 5)), _t((2, 3, 4)), _t((2, 4, 5))), {}),
    "einsum": (("ij,kj->ik", X, Y), {}), "tensordot": ((X, _t((3, 4))), {"dims": 1}),
    "atleast_1d": ((X,), {}), "atleast_2d": ((X,), {}), "atleast_3d": ((X,), {}),
    "broadcast_shapes": (((2, 3), (1, 3)), {}), "broadcast_tensors": ((X, Y[:1]), {}),
    "broadcast_to": ((X[:1], (2, 3)), {}), "meshgrid": ((V2, V3), {}),
    "concat": (([X, Y],), {}), "concatenate": (([X, Y],), {}), "hstack": (([X, Y],), {}),
    "vstack": (([X, Y],), {}), "dstack": (([X, Y],), {}), "row_stack": (([X, Y],), {}),
    "column_stack": (([X, Y],), {}), "chunk": ((X, 2, 1), {}), "split": ((X, 1, 1), {}),
    "tensor_split": ((X, 2, 1), {}), "narrow": ((X, 1, 0, 2), {}), "select": ((X, 1, 0), {}),
    "unflatten": ((X, 1, (3, 1)), {}), "movedim": ((X, 0, 1), {}), "moveaxis": ((X, 0, 1), {}),
    "swapaxes": ((X, 0, 1), {}), "swapdims": ((X, 0, 1), {}),
    "cumsum": ((X, 1), {}), "cumprod": ((X, 1), {}), "logcumsumexp": ((X, 1), {}),
    "cummax": ((X, 1), {}), "cummin": ((X, 1), {}),
    "flip": ((X, (0,)), {}), "roll": ((X, 1, 1), {}), "tile": ((X, (2,)), {}),
    "gather": ((X, 1, INDEX), {}), "take_along_dim": ((X, INDEX, 1), {}),
    "scatter": ((X, 1, INDEX, Y), {}), "scatter_add": ((X, 1, INDEX, Y), {}),
    "scatter_reduce": ((X, 1, INDEX, Y, "sum"), {}),
    "index_select": ((X, 1, PICK), {}), "index_add": ((X, 1, PICK, Y[:, :2]), {}),
    "index_copy": ((X, 1, PICK, Y[:, :2]), {}), "index_fill": ((X, 1, PICK, -1.0), {}),
    "index_put": ((X, (PICK,), _t((2, 3), 5, 6)), {}), "take": ((X, PICK), {}),
    "masked_fill": ((X, X > 0.5, 0.0), {}), "masked_scatter": ((X, X > 0.5, Y), {}),
    "masked_select": ((X, X > 0.5), {}), "kthvalue": ((X, 2, 1), {}), "topk": ((X, 2, 1), {}),
    "matrix_power": ((_t((3, 3)), 2), {}), "vander": ((V3,), {}),
    "quantile": ((X, 0.3), {"dim": 1}), "nanquantile": ((X, 0.3), {"dim": 1}),
    "searchsorted": ((V3, X), {}), "bucketize": ((X, V3), {}), "isin": ((X, V3), {}),
    "threshold": ((X, 0.5, -1.0), {}), "cdist": ((X, Y), {}), "kron": ((X, Y), {}),
    "cartesian_prod": ((V2, V3), {}), "block_diag": ((X, Y), {}),
    "heaviside": ((X - 0.5, V3), {}), "unique": ((X,), {}), "unique_consecutive": ((X,), {}),
    "prelu": ((X, V3), {}),
    "triangular_solve": ((_t((3, 2)), SQUARE), {}), "cholesky_solve": ((_t((3, 2)), SQUARE), {}),
    "cholesky_inverse": ((SQUARE,), {}), "matrix_exp": ((SQUARE,), {}),
    "lu_unpack": (tuple(ag.linalg.lu_factor(SQUARE + ag.eye(3))), {}),
    "cosine_similarity": ((X, Y), {}), "pairwise_distance": ((X, Y), {}),
}
TENSOR_PARAMETERS = {"input", "other", "end", "weight", "exponent"}
RANDOM = {"dropout"}  # values differ from PyTorch's draw: compared by error type only
HAND_SWEPT = {"can_cast", "promote_types", "result_type"}  # rows in test_bad_input.py
VARARGS = {"permute", "reshape", "expand"}  # sizes or dims as *args, as PyTorch's methods


def op_names() -> list[str]:
    """The function forms of autograd's ops, as exported by `autograd.__all__`."""
    return [name for name in ag.__all__ if inspect.isfunction(getattr(ag, name))
            and getattr(ag, name).__module__.startswith("autograd.ops")]


def valid_call(name: str) -> tuple[tuple, dict] | None:
    """A call of op `name` that works; None when CALLS lacks one and none can be built."""
    if name in CALLS:
        return CALLS[name]
    required = [p.name for p in inspect.signature(getattr(ag, name)).parameters.values()
                if p.default is inspect.Parameter.empty and p.kind is p.POSITIONAL_OR_KEYWORD]
    if required and set(required) <= TENSOR_PARAMETERS:
        return tuple([X, Y][i % 2] for i in range(len(required))), {}
    return None


def _torch_function(name: str):
    """PyTorch's function of that name; for ops taking sizes as *args, the Tensor method."""
    import torch

    spaces = (torch.Tensor,) if name in VARARGS else (torch.nn.functional, torch)
    return next((getattr(s, name) for s in spaces if hasattr(s, name)), None)


def generated_rows() -> list[tuple]:
    """(id, call, expect) for every op with a valid call."""
    rows = []
    for name in op_names():
        valid = valid_call(name)
        if valid is None:
            continue
        args, kwargs = valid
        rows.extend(function_rows(name, getattr(ag, name), args, kwargs,
                                  _torch_function(name), random=name in RANDOM))
    return rows
