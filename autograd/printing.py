"""How a Tensor prints, by PyTorch's rules (`torch/_tensor_str.py`), so printed numbers match:

    tensor([[ 1.0000, -0.5000],
            [ 0.2500,  3.0000]], dtype=torch.float64, requires_grad=True)

One formatter sees every value that will be shown and fixes one width and one mode for all:
- integer-valued floats print as `1.` (int mode);
- scientific notation (`1.0000e+05`) when the non-zero finite magnitudes span more than a
  factor 1000, exceed 1e8, or go below 1e-4;
- otherwise `precision` (4) decimals.
Rows wrap at `linewidth` (80) under the `tensor(` indent; tensors of more than `threshold`
(1000) elements show `edgeitems` (3) rows/columns at each end around `...`. Suffixes: the
dtype when it is not float32, int64, complex64 or bool; `grad_fn=<MulBackward0>` (the op's
name + "Backward0"; a user `Function`'s name + "Backward") or `requires_grad=True`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


__all__ = ["tensor_repr", "set_printoptions", "get_printoptions"]

_DEFAULT_DTYPES = (np.dtype(np.float32), np.dtype(np.complex64), np.dtype(np.int64),
                   np.dtype(np.bool_))


@dataclass
class _PrintOptions:
    precision: int = 4
    threshold: float = 1000
    edgeitems: int = 3
    linewidth: int = 80
    sci_mode: bool | None = None


_OPTIONS = _PrintOptions()
_PROFILES = {"default": _PrintOptions(), "short": _PrintOptions(2, 1000, 2, 80),
             "full": _PrintOptions(4, math.inf, 3, 80)}


def set_printoptions(precision: int | None = None, threshold: float | None = None,
                     edgeitems: int | None = None, linewidth: int | None = None,
                     profile: str | None = None, sci_mode: bool | None = None) -> None:
    """Change how tensors print (as `torch.set_printoptions`). `profile` is 'default',
    'short' or 'full' (never summarize); the other arguments override single options;
    `sci_mode` True/False forces scientific notation on/off, None decides by the values."""
    for name, value in (("precision", precision), ("edgeitems", edgeitems),
                        ("linewidth", linewidth)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)
                                  or value < 0):
            raise TypeError(f"set_printoptions: {name} must be a non-negative int, got {value!r}")
    if threshold is not None and (isinstance(threshold, bool) or
                                  not isinstance(threshold, (int, float))):
        raise TypeError(f"set_printoptions: threshold must be a number, got {threshold!r}")
    if profile is not None:
        if profile not in _PROFILES:
            raise ValueError(f"set_printoptions: profile must be one of {sorted(_PROFILES)}, "
                             f"got {profile!r}")
        chosen = _PROFILES[profile]
        _OPTIONS.precision, _OPTIONS.threshold = chosen.precision, chosen.threshold
        _OPTIONS.edgeitems, _OPTIONS.linewidth = chosen.edgeitems, chosen.linewidth
    for name, value in (("precision", precision), ("threshold", threshold),
                        ("edgeitems", edgeitems), ("linewidth", linewidth)):
        if value is not None:
            setattr(_OPTIONS, name, value)
    _OPTIONS.sci_mode = sci_mode


def get_printoptions() -> dict:
    """The current print options as a dict (as `torch._tensor_str.get_printoptions`)."""
    return dict(vars(_OPTIONS))


class _Formatter:
    """One width and one notation for every value of a tensor (or of one part of a complex
    tensor), decided from the values that will be shown."""

    def __init__(self, values: np.ndarray) -> None:
        self.floating = values.dtype.kind == "f"
        self.int_mode, self.sci_mode, self.width = True, False, 1
        if not self.floating:
            self.width = max([1] + [len(str(v)) for v in values.ravel().tolist()])
            return
        finite = values[np.isfinite(values) & (values != 0)].ravel()
        if finite.size == 0:
            return
        magnitudes = np.abs(finite).astype(np.float64)
        smallest, largest = magnitudes.min(), magnitudes.max()
        self.int_mode = bool(np.all(finite == np.ceil(finite)))
        if _OPTIONS.sci_mode is None:
            self.sci_mode = bool(largest / smallest > 1000.0 or largest > 1.0e8
                                 or smallest < 1.0e-4)
        else:
            self.sci_mode = _OPTIONS.sci_mode
        listed = finite.tolist()
        if self.sci_mode:
            self.width = max(len(f"{v:.{_OPTIONS.precision}e}") for v in listed)
        elif self.int_mode:
            self.width = max(len(f"{v:.0f}") + 1 for v in listed)
        else:
            self.width = max(len(f"{v:.{_OPTIONS.precision}f}") for v in listed)

    def format(self, value) -> str:
        if not self.floating:
            text = str(value)
        elif self.sci_mode:
            text = f"{value:{self.width}.{_OPTIONS.precision}e}"
        elif self.int_mode:
            text = f"{value:.0f}" + ("" if math.isinf(value) or math.isnan(value) else ".")
        else:
            text = f"{value:.{_OPTIONS.precision}f}"
        return " " * (self.width - len(text)) + text


class _ComplexFormatter:
    """Real and imaginary parts formatted apart and joined as `1.0000+2.0000j`."""

    def __init__(self, values: np.ndarray) -> None:
        self.real, self.imag = _Formatter(values.real), _Formatter(values.imag)
        self.width = self.real.width + self.imag.width + 1

    def format(self, value) -> str:
        imag = (self.imag.format(value.imag) + "j").lstrip()
        return self.real.format(value.real) + ("" if imag[0] in "+-" else "+") + imag


def _summarized(values: np.ndarray) -> np.ndarray:
    """Only the values that will be shown: `edgeitems` at each end of every dimension."""
    edge = _OPTIONS.edgeitems
    if values.ndim == 0:
        return values
    if values.ndim > 1 and not edge:
        return np.empty((0,) * values.ndim, dtype=values.dtype)
    rows = range(values.shape[0])
    if values.shape[0] > 2 * edge:
        rows = list(range(edge)) + list(range(values.shape[0] - edge, values.shape[0]))
    if values.ndim == 1:
        return values[list(rows)]
    return np.stack([_summarized(values[i]) for i in rows])


def _vector_str(values: np.ndarray, indent: int, summarize: bool, formatter) -> str:
    per_line = max(1, math.floor((_OPTIONS.linewidth - indent) / (formatter.width + 2)))
    edge = _OPTIONS.edgeitems
    if summarize and not edge:
        items = ["..."]
    elif summarize and values.shape[0] > 2 * edge:
        items = ([formatter.format(v) for v in values[:edge].tolist()] + [" ..."]
                 + [formatter.format(v) for v in values[-edge:].tolist()])
    else:
        items = [formatter.format(v) for v in values.tolist()]
    lines = [", ".join(items[i:i + per_line]) for i in range(0, len(items), per_line)]
    return "[" + (",\n" + " " * (indent + 1)).join(lines) + "]"


def _nested_str(values: np.ndarray, indent: int, summarize: bool, formatter) -> str:
    if values.ndim == 0:
        return formatter.format(values.item())
    if values.ndim == 1:
        return _vector_str(values, indent, summarize, formatter)
    count, edge = values.shape[0], _OPTIONS.edgeitems
    if summarize and count > 2 * edge:
        slices = ([_nested_str(values[i], indent + 1, summarize, formatter) for i in range(edge)]
                  + ["..."] + [_nested_str(values[i], indent + 1, summarize, formatter)
                               for i in range(count - edge, count)])
    else:
        slices = [_nested_str(values[i], indent + 1, summarize, formatter) for i in range(count)]
    return "[" + ("," + "\n" * (values.ndim - 1) + " " * (indent + 1)).join(slices) + "]"


def _values_str(values: np.ndarray, indent: int) -> str:
    summarize = values.size > _OPTIONS.threshold
    shown = _summarized(values) if summarize else values
    formatter = _ComplexFormatter(shown) if values.dtype.kind == "c" else _Formatter(shown)
    return _nested_str(values, indent, summarize, formatter)


def _with_suffixes(text: str, suffixes: list, indent: int) -> str:
    """Append `, suffix` for each suffix, starting a new line where it would pass linewidth."""
    parts = [text]
    line_length = len(text) - text.rfind("\n") + 1
    for suffix in suffixes:
        if line_length + len(suffix) + 2 > _OPTIONS.linewidth:
            parts.append(",\n" + " " * indent + suffix)
            line_length = indent + len(suffix)
        else:
            parts.append(", " + suffix)
            line_length += len(suffix) + 2
    return "".join(parts) + ")"


def _grad_fn_name(node) -> str:
    """PyTorch's class name of a backward node: 'MulBackward0' for a built-in op, 'MyFnBackward'
    for a user Function (the node's own class carries it)."""
    return type(node).__name__


def tensor_repr(tensor) -> str:
    """`repr(t)` and `str(t)`, as PyTorch prints them."""
    values = tensor.numpy(force=True)
    kind = type(tensor).__name__
    prefix = "tensor(" if kind in ("Tensor", "Parameter") else kind + "("
    indent, suffixes = len(prefix), []
    dtype_suffix = "dtype=torch." + values.dtype.name
    if values.size == 0:
        text = "[]"
        if values.ndim != 1:
            suffixes.append(f"size={tuple(values.shape)}")
        if values.dtype != _DEFAULT_DTYPES[0]:
            suffixes.append(dtype_suffix)
    else:
        if not _OPTIONS.edgeitems:
            suffixes.append(f"size={tuple(values.shape)}")
        if values.dtype not in _DEFAULT_DTYPES:
            suffixes.append(dtype_suffix)
        text = _values_str(values, indent)
    if tensor.grad_fn is not None:
        suffixes.append(f"grad_fn=<{_grad_fn_name(tensor.grad_fn)}>")
    elif tensor.requires_grad:
        suffixes.append("requires_grad=True")
    return _with_suffixes(prefix + text, suffixes, indent)
