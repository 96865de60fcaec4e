"""Text for pictures: any name made printable and safe (no markup, no control characters,
valid in XML, not too long), and short forms of numbers and arrays."""
from __future__ import annotations

import html

import numpy as np

__all__ = ["NAME_LIMIT", "clean_text", "escape", "format_array", "format_number"]

NAME_LIMIT = 60
"""Names longer than this many characters are cut, ending in an ellipsis."""

_CLEAN = {i: 0x2400 + i for i in range(32)}  # control characters -> control pictures (␀, ␊)
_CLEAN.update({0x7F: 0x2421, 0xFFFE: 0xFFFD, 0xFFFF: 0xFFFD})
_CLEAN.update({i: 0xFFFD for i in range(0x80, 0xA0)})  # C1 controls
_CLEAN.update({i: 0xFFFD for i in range(0xD800, 0xE000)})  # lone surrogates


def clean_text(text, limit: int | None = NAME_LIMIT) -> str:
    """Any text made printable on one line and storable in XML: control characters shown as
    their Unicode control pictures (NUL as ␀, newline as ␊), U+FFFE, U+FFFF, C1 controls and
    lone surrogates as U+FFFD, and text longer than `limit` cut to end in an ellipsis."""
    text = str(text)
    if limit is not None and len(text) > limit:
        text = text[:limit - 1] + "…"
    return text.translate(_CLEAN)


def escape(text, limit: int | None = NAME_LIMIT) -> str:
    """Text made safe for Graphviz HTML labels, SVG and HTML: cleaned by `clean_text`, then
    no markup and no dot escapes."""
    return html.escape(clean_text(text, limit), quote=True).replace("\\", "&#92;")


def format_number(x) -> str:
    """A number as the course writes it: 6.0 -> '6', 0.54360 -> '0.5436', 1e-08 -> '1e-08'."""
    x = float(x) + 0.0  # -0.0 reads as 0
    return f"{x:.4g}" if x == x else "nan"


def format_array(array, limit: int = 6) -> str:
    """A short text for an array: the number for one element, the entries up to `limit`
    of them, else the L2 norm."""
    array = np.asarray(array)
    if array.size == 1:
        value = array.reshape(-1)[0]
        return str(bool(value)) if array.dtype == bool else format_number(value)
    flat = array.reshape(-1)
    if flat.size <= limit:
        return "[" + ", ".join(format_number(v) for v in flat) + "]"
    norm = float(np.sqrt(np.sum(np.square(flat.astype(np.float64)))))
    return f"‖·‖={norm:.3g}"
