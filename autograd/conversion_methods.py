"""Tensor methods that convert or place a tensor, as PyTorch names them: `to`, `type`,
`float double long int bool short char byte half`, `cpu cuda device is_cuda is_cpu`,
`element_size`, and `new_tensor new_zeros new_ones new_full new_empty` (new tensors with
this one's dtype unless told otherwise).

Only the CPU exists: `.to('cpu')`, `.cpu()` return the tensor itself; `.cuda()` and
`.to('cuda')` raise an error that says there is no GPU.
"""
from __future__ import annotations

import numpy as np

from autograd import factories, ops
from autograd.devices import CPU, check_device, is_device_like
from autograd import dtype_names
from autograd.dtype_names import (
    check_dtype, dtype_of_legacy_type, float16, legacy_type_name,
)
from autograd.tensor import Tensor

__all__ = ["parse_to"]


def _is_dtype(value) -> bool:
    return isinstance(value, (np.dtype, dtype_names.dtype)) or (
        isinstance(value, type) and issubclass(value, (np.generic, float, int, complex)))


def parse_to(args: tuple, kwargs: dict, what: str) -> tuple:
    """(dtype or None, copy) from the arguments of PyTorch's `.to`: `to(dtype)`,
    `to(device, dtype)`, `to(tensor)` (its dtype), with `device=`, `dtype=`,
    `non_blocking=`, `copy=` keywords. A device other than the CPU is an error."""
    args, kwargs = list(args), dict(kwargs)
    place, dtype = kwargs.pop("device", None), kwargs.pop("dtype", None)
    flags = [kwargs.pop("non_blocking", False), kwargs.pop("copy", False)]
    kwargs.pop("memory_format", None)
    if kwargs:
        raise TypeError(f"{what}() got unexpected keyword arguments: {', '.join(kwargs)}")
    if args and isinstance(args[0], Tensor):
        dtype = args.pop(0).dtype
    elif args and is_device_like(args[0]) and not isinstance(args[0], bool):
        place = args.pop(0)
        if args and _is_dtype(args[0]):
            dtype = args.pop(0)
    elif args and _is_dtype(args[0]):
        dtype = args.pop(0)
    if len(args) > 2 or not all(isinstance(a, bool) for a in args):
        raise TypeError(f"{what}() received an invalid combination of arguments: expected "
                        "(dtype), (device, dtype) or (tensor), then non_blocking and copy as "
                        f"bools; got {tuple(args)} left over")
    flags[:len(args)] = args
    check_device(place, what)
    return (None if dtype is None else check_dtype(dtype, what)), bool(flags[1])


def _to(self, *args, **kwargs) -> Tensor:
    """This tensor converted to a dtype (itself when nothing changes and copy=False)."""
    dtype, copy = parse_to(args, kwargs, "to")
    if dtype is None or dtype == self.dtype:
        return ops.clone(self) if copy else self
    return ops.to_dtype(self, dtype)


def _type(self, dtype=None, non_blocking: bool = False, **kwargs):
    """With no dtype, PyTorch's type name ('torch.FloatTensor'); else this tensor converted
    to `dtype` (a dtype or such a name)."""
    if dtype is None:
        return legacy_type_name(self.dtype)
    if isinstance(dtype, str):
        dtype = dtype_of_legacy_type(dtype)
    dtype = check_dtype(dtype, "type")
    return self if dtype == self.dtype else ops.to_dtype(self, dtype)


def _cast_method(dtype: np.dtype, name: str):
    def cast(self, memory_format=None) -> Tensor:
        return self if self.dtype == dtype else ops.to_dtype(self, dtype)
    cast.__name__ = name
    cast.__doc__ = f"This tensor as {dtype} (itself when it already is)."
    return cast


def _half(self, memory_format=None) -> Tensor:
    """Refused: float16 tensors are not supported."""
    check_dtype(float16, "half")


def _cpu(self, memory_format=None) -> Tensor:
    """The tensor itself: everything lives on the CPU."""
    return self


def _cuda(self, device=None, non_blocking: bool = False, memory_format=None) -> Tensor:
    """Refused with an error that says there is no GPU."""
    check_device("cuda" if device is None else _cuda_device(device), "cuda")


def _cuda_device(value) -> str:
    return f"cuda:{value}" if isinstance(value, int) else value


def _new_tensor(self, data, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    """A new leaf tensor copying `data`, with this tensor's dtype unless `dtype` is given."""
    return factories.tensor(data, dtype=self.dtype if dtype is None else dtype, device=device,
                            requires_grad=requires_grad)


def _new_factory(factory):
    def new(self, *size, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
        return factory(*size, dtype=self.dtype if dtype is None else dtype, device=device,
                       requires_grad=requires_grad)
    new.__name__ = "new_" + factory.__name__
    new.__doc__ = f"`{factory.__name__}` with this tensor's dtype unless `dtype` is given."
    return new


def _new_full(self, size, fill_value, dtype=None, device=None,
              requires_grad: bool = False) -> Tensor:
    """`full(size, fill_value)` with this tensor's dtype unless `dtype` is given."""
    return factories.full(size, fill_value, dtype=self.dtype if dtype is None else dtype,
                          device=device, requires_grad=requires_grad)


Tensor.to = _to
Tensor.type = _type
for _name, _dtype in (("float", np.float32), ("double", np.float64), ("long", np.int64),
                      ("int", np.int32), ("short", np.int16), ("char", np.int8),
                      ("byte", np.uint8), ("bool", np.bool_)):
    setattr(Tensor, _name, _cast_method(np.dtype(_dtype), _name))
Tensor.half = _half
Tensor.cpu = _cpu
Tensor.cuda = _cuda
Tensor.device = property(lambda self: CPU, doc="Where the tensor lives: always device('cpu').")
Tensor.is_cuda = property(lambda self: False, doc="False: there is no GPU.")
Tensor.is_cpu = property(lambda self: True, doc="True: every tensor lives on the CPU.")
Tensor.element_size = lambda self: self.dtype.itemsize
Tensor.new_tensor = _new_tensor
Tensor.new_zeros = _new_factory(factories.zeros)
Tensor.new_ones = _new_factory(factories.ones)
Tensor.new_empty = _new_factory(factories.empty)
Tensor.new_full = _new_full
