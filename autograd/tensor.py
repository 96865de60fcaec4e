"""`Tensor`: a NumPy array with a place in the computation graph."""
from __future__ import annotations

import warnings

import numpy as np

from autograd.grad_mode import state

__all__ = ["Tensor", "DEFAULT_DTYPE"]

DEFAULT_DTYPE = np.dtype(np.float32)


def _to_array(data, dtype) -> np.ndarray:
    """Convert user data to an array: Python floats become float32 unless a dtype is given."""
    if isinstance(data, Tensor):
        data = data.data
    if dtype is not None:
        return np.array(data, dtype=dtype)
    array = np.array(data)
    if array.dtype == np.float64 and not _is_float64_source(data):
        array = array.astype(DEFAULT_DTYPE)
    elif array.dtype.kind in "OUSV":
        raise TypeError(f"cannot make a Tensor from {type(data).__name__} data of dtype {array.dtype}")
    return array


def _is_float64_source(data) -> bool:
    """NumPy float64 arrays and scalars keep float64; Python floats and lists default to float32."""
    return isinstance(data, (np.ndarray, np.floating)) and data.dtype == np.float64


class Tensor:
    """An n-dimensional array that records the ops applied to it for reverse-mode autodiff.

    Args:
        data: array-like (NumPy array, nested lists, Python number). Python floats and
            lists become float32 (PyTorch's default); NumPy float64 arrays stay float64.
        requires_grad: record ops on this tensor so `backward()` fills its `.grad`.
        dtype: NumPy dtype to convert to.
        name: optional label shown by viz.

    Example:
        >>> a = Tensor(2.0, requires_grad=True)
        >>> (a * a).backward(); a.grad
        tensor(4.)
    """

    __slots__ = ("data", "_grad", "requires_grad", "grad_fn", "_output_nr", "_version",
                 "name", "_hooks", "__weakref__")
    __array_ufunc__ = None  # NumPy defers to our reflected operators: ndarray * Tensor -> Tensor

    def __init__(self, data, requires_grad: bool = False, dtype=None, name: str | None = None):
        self.data = _to_array(data, dtype)
        self._grad = None
        self.grad_fn = None
        self._output_nr = 0
        self._version = 0
        self.name = name
        self._hooks = None
        self.requires_grad = False
        if requires_grad:
            self.requires_grad_(True)

    @classmethod
    def _make(cls, data, requires_grad: bool, grad_fn, output_nr: int) -> "Tensor":
        """Fast internal constructor for op results (no conversion of dtype)."""
        tensor = object.__new__(Tensor)
        tensor.data = data if data.__class__ is np.ndarray else np.asarray(data)
        tensor._grad = None
        tensor.requires_grad = requires_grad
        tensor.grad_fn = grad_fn
        tensor._output_nr = output_nr
        tensor._version = 0
        tensor.name = None
        tensor._hooks = None
        return tensor

    # --- basic facts ----------------------------------------------------------------------
    @property
    def shape(self) -> tuple:
        return self.data.shape

    @property
    def ndim(self) -> int:
        return self.data.ndim

    @property
    def dtype(self) -> np.dtype:
        return self.data.dtype

    @property
    def is_leaf(self) -> bool:
        return self.grad_fn is None

    def size(self, dim: int | None = None):
        return self.data.shape if dim is None else self.data.shape[dim]

    def dim(self) -> int:
        return self.data.ndim

    def numel(self) -> int:
        return self.data.size

    def __len__(self) -> int:
        if self.data.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return self.data.shape[0]

    def __iter__(self):
        if self.data.ndim == 0:
            raise TypeError("iteration over a 0-d tensor")
        return (self[i] for i in range(self.data.shape[0]))

    __hash__ = object.__hash__

    # --- gradients ------------------------------------------------------------------------
    @property
    def grad(self) -> "Tensor | None":
        """Gradient accumulated by backward (leaves, and non-leaves after `retain_grad()`)."""
        if self._grad is None and self.grad_fn is not None and not self._retains_grad():
            warnings.warn(
                f"Reading .grad of a non-leaf tensor (made by {self.grad_fn.name}): backward "
                "only fills .grad of leaf tensors. Call .retain_grad() on this tensor before "
                "backward() to keep its gradient, or use autograd.grad(out, [tensor]).",
                UserWarning, stacklevel=2,
            )
        return self._grad

    @grad.setter
    def grad(self, value) -> None:
        if value is not None:
            if not isinstance(value, Tensor):
                raise TypeError(f"assigned grad must be a Tensor or None, got {type(value).__name__}")
            if value.shape != self.shape:
                raise ValueError(f"assigned grad has shape {value.shape}, tensor has shape {self.shape}")
        self._grad = value

    def _retains_grad(self) -> bool:
        node = self.grad_fn
        return node is not None and node._retained is not None and self._output_nr in node._retained

    def requires_grad_(self, requires_grad: bool = True) -> "Tensor":
        """Set requires_grad in place (leaves only); returns self."""
        if requires_grad and self.data.dtype.kind not in "fc":
            raise TypeError(
                f"only floating-point tensors can require gradients; this one is {self.data.dtype}")
        if not requires_grad and self.grad_fn is not None:
            raise RuntimeError("requires_grad can only be turned off on a leaf; use .detach()")
        self.requires_grad = bool(requires_grad)
        return self

    def retain_grad(self) -> "Tensor":
        """Keep this non-leaf tensor's gradient in `.grad` during backward."""
        if self.grad_fn is None:
            if not self.requires_grad:
                raise RuntimeError("retain_grad() on a tensor that does not require grad")
            return self
        self.grad_fn.retain(self._output_nr, self)
        return self

    def register_hook(self, fn) -> "_HookHandle":
        """Call `fn(grad)` when this tensor's gradient is computed; a returned Tensor replaces it.

        Returns a handle whose `remove()` unregisters the hook.
        """
        if not self.requires_grad:
            raise RuntimeError("cannot register a hook on a tensor that does not require grad")
        if self.grad_fn is None:
            if self._hooks is None:
                self._hooks = []
            self._hooks.append(fn)
            return _HookHandle(self._hooks, fn)
        self.grad_fn.register_hook(self._output_nr, fn)
        return _HookHandle(self.grad_fn._hooks[self._output_nr], fn)

    def backward(self, gradient=None, retain_graph: bool | None = None,
                 create_graph: bool = False) -> None:
        """Accumulate d(self)/d(leaf) into every leaf's `.grad` (see `autograd.backward`)."""
        _engine.backward(self, gradient, retain_graph, create_graph)

    def detach(self) -> "Tensor":
        """A new leaf sharing this tensor's data, cut from the graph."""
        return Tensor._make(self.data, False, None, 0)

    # --- conversions ----------------------------------------------------------------------
    def item(self):
        """The value of a one-element tensor as a Python number."""
        if self.data.size != 1:
            raise ValueError(f"item() needs a tensor with one element, this one has shape {self.shape}")
        return self.data.item()

    def numpy(self, *, force: bool = False) -> np.ndarray:
        """The underlying array (shared, not copied); `force=True` also for a tensor that requires grad."""
        if self.requires_grad and not force:
            raise RuntimeError(
                "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.")
        return self.data

    def tolist(self):
        return self.data.tolist()

    def __format__(self, spec: str) -> str:
        """f"{t:.3f}" formats a one-element tensor's value, as PyTorch does."""
        if spec and self.data.size == 1:
            return format(self.data.item(), spec)
        return format(repr(self), spec)

    def __float__(self) -> float:
        return float(self.item())

    def __int__(self) -> int:
        return int(self.item())

    def __bool__(self) -> bool:
        if self.data.size != 1:
            raise ValueError(
                f"the truth value of a tensor with shape {self.shape} is ambiguous; use .any() or .all()")
        return bool(self.data)

    def __repr__(self) -> str:
        body = np.array2string(self.data, separator=", ", prefix="tensor(")
        extras = []
        if self.data.dtype not in (DEFAULT_DTYPE, np.int64, np.bool_):
            extras.append(f"dtype={self.data.dtype}")
        if self.grad_fn is not None:
            extras.append(f"grad_fn=<{self.grad_fn.name}Backward>")
        elif self.requires_grad:
            extras.append("requires_grad=True")
        if self.name:
            extras.append(f"name={self.name!r}")
        return "tensor(" + body + "".join(", " + e for e in extras) + ")"

    # --- in-place ops ---------------------------------------------------------------------
    def _apply_inplace(self, op, *args) -> "Tensor":
        """Run `op(self, *args)` and write the result into self, bumping its version."""
        tracked = state.enabled and (
            self.requires_grad or any(isinstance(a, Tensor) and a.requires_grad for a in args))
        if tracked and self.grad_fn is None and self.requires_grad:
            raise RuntimeError(
                f"a leaf tensor that requires grad{' (' + self.name + ')' if self.name else ''} "
                f"is used in an in-place {op.__name__}: that would change a value backward needs. "
                "Update parameters under `with autograd.no_grad():` (as optimizers do), or use "
                "the out-of-place form.")
        if tracked:
            before = Tensor._make(self.data.copy(), self.requires_grad, self.grad_fn, self._output_nr)
            result = op.apply(before, *args)
        else:
            result = op.apply(self.detach(), *args)
        if result.shape != self.shape:
            raise ValueError(
                f"in-place {op.__name__} would change the shape from {self.shape} to {result.shape}")
        self.data[...] = result.data
        self._version += 1
        if tracked:
            self.grad_fn, self._output_nr, self.requires_grad = result.grad_fn, result._output_nr, True
        return self

    def add_(self, other) -> "Tensor":
        return self._apply_inplace(_ops.Add, other)

    def sub_(self, other) -> "Tensor":
        return self._apply_inplace(_ops.Sub, other)

    def mul_(self, other) -> "Tensor":
        return self._apply_inplace(_ops.Mul, other)

    def div_(self, other) -> "Tensor":
        return self._apply_inplace(_ops.Div, other)

    def clamp_(self, min=None, max=None) -> "Tensor":
        return self._apply_inplace(_ops.Clamp, min, max)

    def copy_(self, src) -> "Tensor":
        return self._apply_inplace(_ops.Replace, src)

    def zero_(self) -> "Tensor":
        return self._apply_inplace(_ops.Replace, 0.0)

    def fill_(self, value) -> "Tensor":
        return self._apply_inplace(_ops.Replace, value)

    __iadd__ = add_
    __isub__ = sub_
    __imul__ = mul_
    __itruediv__ = div_

    # --- arithmetic -----------------------------------------------------------------------
    def __add__(self, other):
        return _ops.Add.apply(self, other)

    def __radd__(self, other):
        return _ops.Add.apply(other, self)

    def __sub__(self, other):
        return _ops.Sub.apply(self, other)

    def __rsub__(self, other):
        return _ops.Sub.apply(other, self)

    def __mul__(self, other):
        return _ops.Mul.apply(self, other)

    def __rmul__(self, other):
        return _ops.Mul.apply(other, self)

    def __truediv__(self, other):
        return _ops.Div.apply(self, other)

    def __rtruediv__(self, other):
        return _ops.Div.apply(other, self)

    def __pow__(self, exponent):
        return _ops.Pow.apply(self, exponent)

    def __rpow__(self, base):
        return _ops.Pow.apply(base, self)

    def __neg__(self):
        return _ops.Neg.apply(self)

    def __pos__(self):
        return self

    def __matmul__(self, other):
        return _ops.MatMul.apply(self, other)

    def __rmatmul__(self, other):
        return _ops.MatMul.apply(other, self)

    def __getitem__(self, index):
        return _ops.Index.apply(self, _ops.as_index(index))

    def __setitem__(self, index, value):
        self._apply_inplace(_ops.IndexPut, _ops.as_index(index), value)

    # --- comparisons (no gradient) ----------------------------------------------------------
    def _compare(self, other, ufunc) -> "Tensor":
        other = other.data if isinstance(other, Tensor) else other
        return Tensor._make(ufunc(self.data, other), False, None, 0)

    def __eq__(self, other):
        return self._compare(other, np.equal)

    def __ne__(self, other):
        return self._compare(other, np.not_equal)

    def __lt__(self, other):
        return self._compare(other, np.less)

    def __le__(self, other):
        return self._compare(other, np.less_equal)

    def __gt__(self, other):
        return self._compare(other, np.greater)

    def __ge__(self, other):
        return self._compare(other, np.greater_equal)

    def any(self) -> "Tensor":
        return Tensor._make(np.any(self.data), False, None, 0)

    def all(self) -> "Tensor":
        return Tensor._make(np.all(self.data), False, None, 0)

    def argmax(self, dim: int | None = None, keepdim: bool = False) -> "Tensor":
        return Tensor._make(np.argmax(self.data, axis=dim, keepdims=keepdim), False, None, 0)

    def argmin(self, dim: int | None = None, keepdim: bool = False) -> "Tensor":
        return Tensor._make(np.argmin(self.data, axis=dim, keepdims=keepdim), False, None, 0)

    # --- elementwise functions --------------------------------------------------------------
    def exp(self):
        return _ops.Exp.apply(self)

    def log(self):
        return _ops.Log.apply(self)

    def sqrt(self):
        return _ops.Sqrt.apply(self)

    def abs(self):
        return _ops.Abs.apply(self)

    def sin(self):
        return _ops.Sin.apply(self)

    def cos(self):
        return _ops.Cos.apply(self)

    def tanh(self):
        return _ops.Tanh.apply(self)

    def sigmoid(self):
        return _ops.Sigmoid.apply(self)

    def relu(self):
        return _ops.Relu.apply(self)

    def leaky_relu(self, negative_slope: float = 0.01):
        return _ops.LeakyRelu.apply(self, negative_slope)

    def gelu(self, approximate: str = "none"):
        return _ops.Gelu.apply(self, approximate)

    def clamp(self, min=None, max=None):
        return _ops.Clamp.apply(self, min, max)

    clip = clamp

    def pow(self, exponent):
        return _ops.Pow.apply(self, exponent)

    def maximum(self, other):
        return _ops.Maximum.apply(self, other)

    def minimum(self, other):
        return _ops.Minimum.apply(self, other)

    def to(self, dtype) -> "Tensor":
        """A copy converted to `dtype` (gradients flow back, converted to this dtype)."""
        return _ops.Cast.apply(self, np.dtype(dtype))

    def double(self):
        return self.to(np.float64)

    def float(self):
        return self.to(np.float32)

    def long(self):
        return self.to(np.int64)

    def clone(self):
        return _ops.Clone.apply(self)

    # --- reductions ---------------------------------------------------------------------------
    def sum(self, dim=None, keepdim: bool = False):
        dims = None if dim is None else _ops.normalize_dims(dim, self.data.ndim)
        return _ops.Sum.apply(self, dims, keepdim)

    def mean(self, dim=None, keepdim: bool = False):
        return _ops.mean(self, dim, keepdim)

    def var(self, dim=None, keepdim: bool = False, unbiased: bool = True, correction=None):
        if correction is None:
            correction = 1 if unbiased else 0
        return _ops.var(self, dim, keepdim, correction)

    def std(self, dim=None, keepdim: bool = False, unbiased: bool = True):
        return self.var(dim, keepdim, unbiased).sqrt()

    def max(self, dim: int | None = None, keepdim: bool = False):
        return _ops.reduce_extreme(self, dim, keepdim, np.argmax, np.max)

    def min(self, dim: int | None = None, keepdim: bool = False):
        return _ops.reduce_extreme(self, dim, keepdim, np.argmin, np.min)

    def softmax(self, dim: int = -1):
        return _ops.Softmax.apply(self, dim)

    def log_softmax(self, dim: int = -1):
        return _ops.LogSoftmax.apply(self, dim)

    def logsumexp(self, dim: int = -1, keepdim: bool = False):
        return _ops.LogSumExp.apply(self, dim, keepdim)

    # --- shapes -------------------------------------------------------------------------------
    def reshape(self, *shape):
        return _ops.Reshape.apply(self, _ops.resolve_shape(shape, self.data.size))

    view = reshape

    def flatten(self, start_dim: int = 0, end_dim: int = -1):
        return _ops.flatten(self, start_dim, end_dim)

    def unsqueeze(self, dim: int):
        return _ops.unsqueeze(self, dim)

    def squeeze(self, dim: int | None = None):
        return _ops.squeeze(self, dim)

    def permute(self, *dims):
        dims = dims[0] if len(dims) == 1 and isinstance(dims[0], (tuple, list)) else dims
        return _ops.Permute.apply(self, _ops.check_permutation(dims, self.ndim))

    def transpose(self, dim0: int, dim1: int):
        return _ops.transpose(self, dim0, dim1)

    @property
    def T(self):
        return _ops.Permute.apply(self, tuple(range(self.ndim - 1, -1, -1)))

    @property
    def mT(self):
        return _ops.transpose(self, -2, -1)

    def expand(self, *shape):
        shape = shape[0] if len(shape) == 1 and isinstance(shape[0], (tuple, list)) else shape
        return _ops.Expand.apply(self, _ops.expanded_shape(self.shape, tuple(shape)))

    def matmul(self, other):
        return _ops.MatMul.apply(self, other)

    def sum_to_size(self, *shape):
        shape = shape[0] if len(shape) == 1 and isinstance(shape[0], (tuple, list)) else shape
        return _ops.sum_to_shape(self, tuple(shape))


class _HookHandle:
    """Returned by `register_hook`; `remove()` unregisters the hook."""

    def __init__(self, hooks: list, fn) -> None:
        self._hooks, self._fn = hooks, fn

    def remove(self) -> None:
        if self._fn in self._hooks:
            self._hooks.remove(self._fn)


from autograd import ops as _ops  # noqa: E402  (ops need Tensor defined first)
from autograd import engine as _engine  # noqa: E402
