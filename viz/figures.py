"""matplotlib Figures that draw without pyplot (Agg) and show themselves in notebooks."""
from __future__ import annotations

import io
from functools import lru_cache

__all__ = ["new_figure"]


@lru_cache(maxsize=1)
def _figure_class():
    from matplotlib.figure import Figure

    class NotebookFigure(Figure):
        """A Figure with `_repr_png_`, so Jupyter shows it even when pyplot was never imported."""

        def _repr_png_(self) -> bytes:
            buffer = io.BytesIO()
            self.savefig(buffer, format="png", dpi=90)
            return buffer.getvalue()

    return NotebookFigure


def new_figure(**kwargs):
    """A new Figure (`figsize`, `layout`, ...) rendered with the Agg canvas; no window opens."""
    return _figure_class()(**kwargs)
