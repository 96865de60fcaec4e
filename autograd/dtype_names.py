"""PyTorch's dtype names (`float32`, `long`, `bool`, ...) for the NumPy dtypes a Tensor holds,
and the default floating-point dtype.

A dtype here prints as PyTorch's (`torch.float32`) and stands for a NumPy dtype:
`autograd.float32 == np.dtype("float32")`, `np.zeros(3, dtype=autograd.long)`,
`tensor(x, dtype=autograd.long)` and `x.dtype == autograd.float32` all work.
float16 (`half`) exists so that code naming it imports, but a float16 tensor is refused with
a clear error: NumPy has no fast half-precision arithmetic on the CPU.
"""
from __future__ import annotations

import numpy as np

from autograd.arrays import DEFAULT_DTYPE

__all__ = [
    "dtype", "DTYPES", "float32", "float", "float64", "double", "float16", "half", "complex64",
    "cfloat", "complex128", "cdouble", "uint8", "int8", "int16", "short", "int32", "int", "int64",
    "long", "bool", "get_default_dtype", "set_default_dtype", "check_dtype", "dtype_name",
    "legacy_type_name", "dtype_of_legacy_type", "scalar_type_name",
]

class dtype:
    """A dtype as PyTorch shows it (`torch.float32`), around the NumPy dtype a Tensor's array
    has. NumPy takes it wherever it takes a dtype (through its `.dtype`), it compares equal
    to that NumPy dtype (`x.dtype == np.float32`), and it answers NumPy's dtype attributes
    (`.kind`, `.itemsize`, ...) as the NumPy dtype does."""

    __slots__ = ("dtype",)

    def __init__(self, numpy_dtype) -> None:
        self.dtype = np.dtype(numpy_dtype)

    def __repr__(self) -> str:
        return "torch." + self.dtype.name

    __str__ = __repr__

    def __eq__(self, other) -> bool:
        if other.__class__ is dtype:  # one object per dtype (DTYPES)
            return self is other
        try:
            return self.dtype == np.dtype(other)
        except TypeError:
            return NotImplemented

    def __hash__(self) -> int:
        return hash(self.dtype)

    def __getattr__(self, name: str):
        return getattr(self.dtype, name)

    @property
    def is_floating_point(self) -> bool:
        return self.dtype.kind == "f"

    @property
    def is_complex(self) -> bool:
        return self.dtype.kind == "c"

    @property
    def is_signed(self) -> bool:
        return self.dtype.kind in "ifc"


float32 = dtype(np.float32)
float64 = dtype(np.float64)
float16 = dtype(np.float16)
complex64 = dtype(np.complex64)
complex128 = dtype(np.complex128)
uint8 = dtype(np.uint8)
int8 = dtype(np.int8)
int16 = dtype(np.int16)
int32 = dtype(np.int32)
int64 = dtype(np.int64)
bool = dtype(np.bool_)  # noqa: A001  (torch.bool)
DTYPES = {d.dtype: d for d in (float32, float64, float16, complex64, complex128, uint8, int8,
                               int16, int32, int64, bool)}
"""The PyTorch-named dtype of each NumPy dtype a Tensor can hold."""
float = float32  # noqa: A001  (torch.float)
double = float64
half = float16
cfloat = complex64
cdouble = complex128
short = int16
int = int32  # noqa: A001  (torch.int is int32)
long = int64
_BY_NAME = {name: value.dtype for name, value in globals().items() if isinstance(value, dtype)}
"""Each dtype by its PyTorch name ("float32", "float", "long", ...)."""

_LEGACY_TYPES = {  # t.type() names the class PyTorch's old API gave each dtype
    float32: "FloatTensor", float64: "DoubleTensor", float16: "HalfTensor",
    complex64: "ComplexFloatTensor", complex128: "ComplexDoubleTensor", uint8: "ByteTensor",
    int8: "CharTensor", int16: "ShortTensor", int32: "IntTensor", int64: "LongTensor",
    bool: "BoolTensor",
}


def get_default_dtype() -> dtype:
    """The dtype of Python floats and of float factories without `dtype=`: float32."""
    return DTYPES[DEFAULT_DTYPE]


def set_default_dtype(d) -> None:
    """Only float32, the default already, is accepted: the engine does not switch its
    default float dtype. Pass `dtype=float64` to factories or call `.double()` instead."""
    d = check_dtype(d, "set_default_dtype")
    if d.kind != "f":
        raise TypeError(f"set_default_dtype: only floating-point types are supported as the "
                        f"default type, got {dtype_name(d)}")
    if d != DEFAULT_DTYPE:
        raise NotImplementedError(
            f"set_default_dtype({dtype_name(d)}): backproplab's default float dtype is always "
            f"{dtype_name(DEFAULT_DTYPE)}. Ask for {dtype_name(d)} where you need it: "
            f"dtype={dtype_name(d)} in factories, tensor.double(), model.double().")


def check_dtype(dtype, what: str) -> np.dtype:
    """`dtype` as a NumPy dtype a Tensor can hold; a clear error for half and non-numbers.
    A string is read as PyTorch's name ("float" is float32, where NumPy reads float64)."""
    try:
        if isinstance(dtype, str):
            dtype = _BY_NAME[dtype]
        if dtype is None:
            raise TypeError
        dtype = np.dtype(dtype)
    except (TypeError, KeyError):
        raise TypeError(f"{what}: {dtype!r} is not a dtype; use one like torch.float32 or "
                        "torch.long") from None
    if dtype == float16:
        raise TypeError(f"{what}: float16 (half) tensors are not supported: NumPy has no fast "
                        "half-precision arithmetic on the CPU. Use torch.float32.")
    if dtype.kind not in "biufc":
        raise TypeError(f"{what}: a Tensor holds numbers or bools, not dtype {dtype}")
    return dtype


def dtype_name(dtype) -> str:
    """PyTorch's name of a dtype: 'torch.float32', 'torch.int64', 'torch.bool'."""
    return "torch." + np.dtype(dtype).name


def legacy_type_name(dtype) -> str:
    """What `t.type()` returns in PyTorch: 'torch.FloatTensor' for float32, ..."""
    dtype = np.dtype(dtype)
    if dtype not in _LEGACY_TYPES:
        raise TypeError(f"type(): PyTorch has no legacy tensor type name for {dtype_name(dtype)}")
    return "torch." + _LEGACY_TYPES[dtype]


def scalar_type_name(dtype) -> str:
    """PyTorch's scalar type name of a dtype, as its error messages spell it: 'Float' for
    float32, 'Long' for int64, 'Bool', ..."""
    dtype = np.dtype(dtype)
    legacy = _LEGACY_TYPES.get(dtype)
    return legacy[:-len("Tensor")] if legacy else dtype.name


def dtype_of_legacy_type(name: str) -> np.dtype:
    """The dtype of a name such as 'torch.LongTensor' (CUDA names are refused)."""
    if name.startswith("torch.cuda."):
        raise RuntimeError(f"type({name!r}): backproplab runs on the CPU only (NumPy); there "
                           "is no CUDA GPU. Use the CPU type, e.g. 'torch.FloatTensor'.")
    for dtype, legacy in _LEGACY_TYPES.items():
        if name in ("torch." + legacy, legacy):
            return dtype
    raise ValueError(f"invalid type: {name!r}; expected one like 'torch.FloatTensor' or a "
                     "dtype like torch.float32")
