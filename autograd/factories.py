"""Tensor factories: tensor, zeros, ones, full, empty, eye, *_like, and the random ones
(rand, randn, randint, randperm, normal, bernoulli, multinomial, rand*_like), which draw what
PyTorch draws on the CPU for the same seed (see `autograd.sampling`). Ranges (arange,
linspace, logspace) are in `autograd.ranges`; from_numpy and as_tensor in `autograd.interop`.

Every factory takes PyTorch's `dtype=`, `device=` (only the CPU exists) and `requires_grad=`.
"""
from __future__ import annotations

import numbers

import numpy as np

from autograd import sampling
from autograd.devices import check_device
from autograd.dtype_names import check_dtype
from autograd.ops.dtypes import fitted
from autograd.random import Generator, default_generator
from autograd.tensor import DEFAULT_DTYPE, Tensor

__all__ = ["tensor", "zeros", "ones", "full", "empty", "eye", "zeros_like", "ones_like",
           "full_like", "empty_like", "rand", "randn", "randint", "randperm", "normal",
           "bernoulli", "multinomial", "rand_like", "randn_like", "randint_like", "new_leaf",
           "scalar_dtype"]


def _size(size: tuple, what: str = "size") -> tuple:
    """A shape from `f(2, 3)` or `f((2, 3))` arguments: non-negative ints."""
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        size = tuple(size[0])
    if any(isinstance(n, bool) or not isinstance(n, (int, np.integer)) for n in size):
        raise TypeError(f"{what} must be a tuple of ints, got {size}")
    if any(n < 0 for n in size):
        raise RuntimeError(f"Trying to create tensor with negative dimension: {list(size)}")
    return tuple(int(n) for n in size)


def _dtype(dtype, what: str) -> np.dtype:
    return DEFAULT_DTYPE if dtype is None else check_dtype(dtype, what)


def scalar_dtype(value) -> np.dtype:
    """The dtype PyTorch infers from one Python number: bool, int64, float32 or complex64."""
    if isinstance(value, Tensor):
        return value.dtype
    if isinstance(value, (bool, np.bool_)):
        return np.dtype(np.bool_)
    if isinstance(value, numbers.Integral):
        return np.dtype(np.int64)
    if isinstance(value, numbers.Real):
        return DEFAULT_DTYPE
    if isinstance(value, numbers.Complex):
        return np.dtype(np.complex64)
    raise TypeError(f"expected a number, got {type(value).__name__}")


def new_leaf(values: np.ndarray, requires_grad: bool = False) -> Tensor:
    """A new leaf tensor owning `values` (a fresh array: not copied again)."""
    result = Tensor._make(values)
    if requires_grad:
        result.requires_grad_(True)
    return result


def tensor(data, dtype=None, device=None, requires_grad: bool = False,
           name: str | None = None) -> Tensor:
    """A new leaf tensor holding a copy of `data` (Python floats become float32, ints int64)."""
    check_device(device, "tensor")
    if dtype is not None:
        dtype = check_dtype(dtype, "tensor")
    return Tensor(data, requires_grad=requires_grad, dtype=dtype, name=name)


def zeros(*size, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    """Tensor of zeros with the given shape."""
    check_device(device, "zeros")
    return new_leaf(np.zeros(_size(size), dtype=_dtype(dtype, "zeros")), requires_grad)


def ones(*size, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    """Tensor of ones with the given shape."""
    check_device(device, "ones")
    return new_leaf(np.ones(_size(size), dtype=_dtype(dtype, "ones")), requires_grad)


def empty(*size, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    """A tensor of the given shape whose values are not meant to be read before they are
    written (PyTorch leaves them uninitialised; here they are zeros)."""
    check_device(device, "empty")
    return new_leaf(np.zeros(_size(size), dtype=_dtype(dtype, "empty")), requires_grad)


def full(size, fill_value, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    """Tensor of the given shape filled with `fill_value`; the dtype follows the value as in
    PyTorch (a bool gives bool, an int int64, a float float32) unless `dtype` is given."""
    check_device(device, "full")
    size = (size,) if isinstance(size, (int, np.integer)) else (tuple(size),)
    value = _fill_value(fill_value, "full")
    dtype = scalar_dtype(fill_value) if dtype is None else check_dtype(dtype, "full")
    return new_leaf(np.full(_size(size), fitted(value, dtype), dtype=dtype), requires_grad)


def _fill_value(value, what: str):
    """A fill value as a number: a number, or a one-element Tensor's item."""
    if isinstance(value, Tensor):
        return value.item()
    if not isinstance(value, (numbers.Number, np.generic)):
        raise TypeError(f"{what}(): argument 'fill_value' must be Number, not "
                        f"{type(value).__name__}")
    return value


def eye(n: int, m: int | None = None, dtype=None, device=None,
        requires_grad: bool = False) -> Tensor:
    """Identity matrix of shape (n, m) (m = n by default): ones on the diagonal."""
    check_device(device, "eye")
    for name, value in (("n", n), ("m", m)):
        integer = isinstance(value, (int, np.integer)) and not isinstance(value, bool)
        if value is not None and (not integer or value < 0):
            raise RuntimeError(f"eye: {name} must be a non-negative int, got {value!r}")
    return new_leaf(np.eye(n, m, dtype=_dtype(dtype, "eye")), requires_grad)


def _like(input: Tensor, dtype, device, what: str) -> np.dtype:
    if not isinstance(input, Tensor):
        raise TypeError(f"{what}(): argument 'input' must be Tensor, not {type(input).__name__}")
    check_device(device, what)
    return input.dtype if dtype is None else check_dtype(dtype, what)


def zeros_like(input: Tensor, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    """Zeros with input's shape (and dtype unless given)."""
    dtype = _like(input, dtype, device, "zeros_like")
    return new_leaf(np.zeros(input.shape, dtype=dtype), requires_grad)


def ones_like(input: Tensor, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    """Ones with input's shape (and dtype unless given)."""
    dtype = _like(input, dtype, device, "ones_like")
    return new_leaf(np.ones(input.shape, dtype=dtype), requires_grad)


def empty_like(input: Tensor, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    """`empty` with input's shape (and dtype unless given)."""
    dtype = _like(input, dtype, device, "empty_like")
    return new_leaf(np.zeros(input.shape, dtype=dtype), requires_grad)


def full_like(input: Tensor, fill_value, dtype=None, device=None,
              requires_grad: bool = False) -> Tensor:
    """`fill_value` in input's shape and dtype (unless `dtype` is given)."""
    dtype = _like(input, dtype, device, "full_like")
    value = _fill_value(fill_value, "full_like")
    return new_leaf(np.full(input.shape, fitted(value, dtype), dtype=dtype), requires_grad)


# --- random factories -----------------------------------------------------------------------

def _generator(generator, what: str) -> Generator:
    if generator is None:
        return default_generator
    if not isinstance(generator, Generator):
        raise TypeError(f"{what}(): argument 'generator' must be autograd.Generator, not "
                        f"{type(generator).__module__}.{type(generator).__qualname__}")
    return generator


def _float_dtype(dtype, what: str) -> np.dtype:
    dtype = _dtype(dtype, what)
    if dtype not in (np.float32, np.float64):
        raise RuntimeError(f"{what}: dtype must be float32 or float64, got {dtype}")
    return dtype


def _random_shape(dims: tuple, size, what: str) -> tuple:
    """The shape of `f(2, 3)`, `f((2, 3))` or `f(size=(2, 3))`."""
    if dims and size is not None:
        raise TypeError(f"{what}(): give the size either positionally or as size=, not both")
    if not dims and size is None:
        raise TypeError(f"{what}() missing the size, e.g. {what}(2, 3) or {what}((2, 3))")
    return _size(dims if size is None else (tuple(size),))


def rand(*dims, size=None, generator: Generator | None = None, dtype=None, device=None,
         requires_grad: bool = False) -> Tensor:
    """Samples of U(0, 1): `rand(2, 3)`, `rand((2, 3))` or `rand(size=(2, 3))`."""
    check_device(device, "rand")
    dtype = _float_dtype(dtype, "rand")
    values = sampling.uniform(_generator(generator, "rand"), _random_shape(dims, size, "rand"),
                              0.0, 1.0, dtype)
    return new_leaf(values, requires_grad)


def randn(*dims, size=None, generator: Generator | None = None, dtype=None, device=None,
          requires_grad: bool = False) -> Tensor:
    """Samples of N(0, 1): `randn(2, 3)`, `randn((2, 3))` or `randn(size=(2, 3))`."""
    check_device(device, "randn")
    dtype = _float_dtype(dtype, "randn")
    values = sampling.normal(_generator(generator, "randn"), _random_shape(dims, size, "randn"),
                             0.0, 1.0, dtype)
    return new_leaf(values, requires_grad)


def randint(*args, size=None, generator: Generator | None = None, dtype=None, device=None,
            requires_grad: bool = False, low: int | None = None,
            high: int | None = None) -> Tensor:
    """Integers drawn uniformly from [low, high): `randint(high, size)` or
    `randint(low, high, size)` (size a tuple), int64 unless `dtype` says otherwise."""
    check_device(device, "randint")
    given = list(args)
    if size is None and given and isinstance(given[-1], (tuple, list)):
        size = given.pop()
    if high is None and given:
        high = given.pop()
    if low is None:
        low = given.pop() if given else 0
    if given or high is None or size is None:
        raise TypeError("randint() takes (high, size) or (low, high, size), with size a tuple "
                        f"of ints; got args {args}, size={size}")
    if not isinstance(size, (tuple, list)):
        raise TypeError(f"randint(): argument 'size' must be tuple of ints, not "
                        f"{type(size).__name__}")
    for name, value in (("low", low), ("high", high)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
            raise TypeError(f"randint(): argument '{name}' must be int, not {type(value).__name__}")
    dtype = np.dtype(np.int64) if dtype is None else check_dtype(dtype, "randint")
    values = sampling.random_int(_generator(generator, "randint"), _size((tuple(size),)),
                                 int(low), int(high), dtype)
    return new_leaf(values, requires_grad)


def randperm(n: int, generator: Generator | None = None, dtype=None, device=None,
             requires_grad: bool = False) -> Tensor:
    """A random permutation of 0..n-1, int64 unless `dtype` says otherwise. Shape (n,)."""
    check_device(device, "randperm")
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
        raise TypeError(f"randperm(): argument 'n' must be int, not {type(n).__name__}")
    if n < 0:
        raise RuntimeError(f"n must be non-negative, got {n}")
    dtype = np.dtype(np.int64) if dtype is None else check_dtype(dtype, "randperm")
    values = sampling.randperm(_generator(generator, "randperm"), int(n), dtype)
    return new_leaf(values, requires_grad)


def _array(value) -> np.ndarray | None:
    """The array of a Tensor argument, or None for a Python number."""
    return value.numpy(force=True) if isinstance(value, Tensor) else None


def normal(mean, std=1.0, size=None, *, generator: Generator | None = None, device=None,
           requires_grad: bool = False) -> Tensor:
    """Samples of N(mean, std²). `mean` and/or `std` may be Tensors (the result has their
    broadcast shape and dtype); with two numbers, `size` gives the shape.

    As PyTorch: N(0, 1) draws (N(0, std) for a number std) scaled by a Tensor std, then
    shifted by mean."""
    check_device(device, "normal")
    gen = _generator(generator, "normal")
    mean_array, std_array = _array(mean), _array(std)
    if mean_array is None and std_array is None:
        if size is None:
            raise TypeError("normal(mean, std) with two numbers needs a size")
        values = sampling.normal(gen, _size((tuple(size),)), float(mean), float(std), DEFAULT_DTYPE)
        return new_leaf(values, requires_grad)
    if std_array is not None and np.any(std_array < 0):
        raise RuntimeError("normal expects all elements of std >= 0.0")
    given = [a for a in (mean_array, std_array) if a is not None]
    dtype = np.result_type(*given)
    if dtype.kind != "f":
        raise RuntimeError(f"normal: mean and std must be floating point, got {dtype}")
    shape = np.broadcast_shapes(*(a.shape for a in given))
    if std_array is None:
        values = sampling.normal(gen, shape, 0.0, float(std), dtype) + mean_array
    else:
        values = sampling.normal(gen, shape, 0.0, 1.0, dtype) * std_array + (
            mean_array if mean_array is not None else dtype.type(mean))
    return new_leaf(values.astype(dtype, copy=False), requires_grad)


def bernoulli(input: Tensor, p: float | None = None, *,
              generator: Generator | None = None) -> Tensor:
    """0/1 samples with the probabilities in `input` (or the number `p` for every element),
    in input's shape and dtype."""
    if not isinstance(input, Tensor):
        raise TypeError(f"bernoulli(): argument 'input' must be Tensor, not {type(input).__name__}")
    probabilities = input.numpy(force=True) if p is None else float(p)
    values = sampling.bernoulli(_generator(generator, "bernoulli"), input.shape, probabilities,
                                input.dtype)
    return new_leaf(values)


def multinomial(input: Tensor, num_samples: int, replacement: bool = False, *,
                generator: Generator | None = None) -> Tensor:
    """Indices drawn from the weights in each row of `input` (K,) or (N, K), int64.
    Shape: (num_samples,) or (N, num_samples)."""
    if not isinstance(input, Tensor):
        raise TypeError(f"multinomial(): argument 'input' must be Tensor, not "
                        f"{type(input).__name__}")
    values = sampling.multinomial(_generator(generator, "multinomial"), input.numpy(force=True),
                                  int(num_samples), bool(replacement))
    return new_leaf(values)


def rand_like(input: Tensor, *, generator: Generator | None = None, dtype=None, device=None,
              requires_grad: bool = False) -> Tensor:
    """`rand` with input's shape (and dtype unless given)."""
    dtype = _like(input, dtype, device, "rand_like")
    return rand(input.shape, generator=generator, dtype=dtype, requires_grad=requires_grad)


def randn_like(input: Tensor, *, generator: Generator | None = None, dtype=None, device=None,
               requires_grad: bool = False) -> Tensor:
    """`randn` with input's shape (and dtype unless given)."""
    dtype = _like(input, dtype, device, "randn_like")
    return randn(input.shape, generator=generator, dtype=dtype, requires_grad=requires_grad)


def randint_like(input: Tensor, low: int = 0, high: int | None = None, *,
                 generator: Generator | None = None, dtype=None, device=None,
                 requires_grad: bool = False) -> Tensor:
    """`randint` with input's shape (and dtype unless given): `randint_like(x, high)` or
    `randint_like(x, low, high)`."""
    dtype = _like(input, dtype, device, "randint_like")
    if high is None:
        low, high = 0, low
    return randint(low, high, input.shape, generator=generator, dtype=dtype,
                   requires_grad=requires_grad)
