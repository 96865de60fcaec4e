"""NumPy's keyword names where PyTorch accepts them: `axis=` for `dim=`, `keepdims=` for
`keepdim=` (`x.argmax(axis=1)`, `torch.cumsum(x, axis=0)`, `torch.cat(ts, axis=1)`).

PyTorch's compiled functions and methods take both spellings; its few functions written in
Python (`Tensor.norm`, `split`, `Tensor.unflatten`, `nn.functional.softmax`) take only its
own, and so do ours. The reductions that spell out `axis=`/`keepdims=` in their signatures
(`sum`, `mean`, `std`, `max`, ...) need nothing; `with_numpy_keywords` renames the keywords
for the other function forms and methods listed here. Importing this module binds the
methods; autograd's namespace wraps the function forms.
"""
from __future__ import annotations

import functools

from autograd import ops
from autograd.tensor import Tensor

__all__ = ["NUMPY_KEYWORD_FUNCTIONS", "with_numpy_keywords"]

_ALIASES = (("axis", "dim"), ("keepdims", "keepdim"))

_FUNCTIONS_ONLY = ("cat", "concat", "concatenate", "stack", "unflatten")
_METHODS_TOO = (
    "all", "any", "argmax", "argmin", "argsort", "aminmax", "chunk", "cummax", "cummin",
    "cumprod", "cumsum", "gather", "index_add", "index_copy", "index_fill", "index_select",
    "kthvalue", "log_softmax", "logcumsumexp", "median", "nanmedian", "narrow",
    "repeat_interleave", "scatter", "scatter_add", "scatter_reduce", "select", "softmax",
    "sort", "squeeze", "take_along_dim", "tensor_split", "topk", "unbind", "unsqueeze",
)
NUMPY_KEYWORD_FUNCTIONS = _FUNCTIONS_ONLY + _METHODS_TOO


def with_numpy_keywords(function):
    """`function` that also takes axis= for dim= and keepdims= for keepdim=."""
    @functools.wraps(function)
    def function_with_numpy_keywords(*args, **kwargs):
        if "axis" in kwargs or "keepdims" in kwargs:
            kwargs = _renamed(function.__name__, kwargs)
        return function(*args, **kwargs)
    return function_with_numpy_keywords


def _renamed(name: str, kwargs: dict) -> dict:
    kwargs = dict(kwargs)
    for alias, own in _ALIASES:
        if alias in kwargs:
            if own in kwargs:
                raise TypeError(f"{name}(): got both '{own}' and its alias '{alias}'")
            kwargs[own] = kwargs.pop(alias)
    return kwargs


for _name in _METHODS_TOO:
    setattr(Tensor, _name, with_numpy_keywords(getattr(Tensor, _name)))
