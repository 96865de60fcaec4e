"""Graphviz source to SVG, PNG or PDF, with system Graphviz or the pip-installed graphviz-pure.

Layout engines, in order of preference:

    dot            Graphviz's own program, when it is on PATH (kept whenever present)
    graphviz-pure  a Rust port of Graphviz's `dot` that pip installs with backproplab (no
                   system libraries, fonts bundled); it writes SVG and PNG, not PDF, so
                   without system Graphviz a PDF holds a PNG drawn at `PDF_DPI`

In a notebook a picture carries both an SVG and a PNG (`mimebundle`): JupyterLab shows the
SVG while the notebook is trusted (you ran it) and the PNG when it is not (a saved notebook
opened without running), and static viewers show either.
"""
from __future__ import annotations

import base64
import io
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import NamedTuple

import graphviz

__all__ = [
    "Engine", "GraphvizMissingError", "MISSING_MESSAGE", "FORMATS", "NOTEBOOK_DPI",
    "NOTEBOOK_MAX_SIDE", "FILE_DPI", "FILE_MAX_SIDE", "PDF_DPI", "layout_engines",
    "layout_engine", "render", "render_png", "svg_size", "mimebundle", "write", "NotebookDigraph",
]

MISSING_MESSAGE = ("no Graphviz layout engine found: backproplab draws graphs with Graphviz's "
                   "'dot' when it is on PATH, else with the pip package graphviz-pure, which "
                   "installs with backproplab; install it with: pip install graphviz-pure "
                   "(or Graphviz itself, e.g. sudo apt-get install graphviz)")
"""What every drawing entry point says when neither engine is installed."""

FORMATS = ("svg", "png", "pdf")
"""The file formats `write` (and so `viz.save_svg`) knows, by file extension."""

NOTEBOOK_DPI = 96
"""PNG resolution in notebooks: one SVG point is 96/72 pixels, so the PNG shows as the SVG."""

NOTEBOOK_MAX_SIDE = 2000
"""Longest side of a notebook PNG in pixels; larger pictures are drawn at a lower resolution."""

FILE_DPI = 144
"""PNG resolution of saved files (sharp on high-density screens)."""

FILE_MAX_SIDE = 8000
"""Longest side of a saved PNG in pixels."""

PDF_DPI = 200
"""Resolution of the PNG inside a PDF written without system Graphviz."""

_RUN_TIMEOUT = 600  # seconds; Graphviz on our largest graphs takes well under one
_SVG_SIZE = re.compile(rb'<svg[^>]*?\bwidth="([\d.]+)pt"[^>]*?\bheight="([\d.]+)pt"', re.S)


class GraphvizMissingError(RuntimeError):
    """Neither system Graphviz nor graphviz-pure is installed."""

    def __init__(self, message: str = MISSING_MESSAGE):
        super().__init__(message)


class Engine(NamedTuple):
    """A layout program: its name ('dot' or 'graphviz-pure') and the path run."""

    name: str
    path: str


def _graphviz_pure() -> str | None:
    """graphviz-pure on PATH, or next to this Python (a venv's bin/ that is not on PATH)."""
    found = shutil.which("graphviz-pure")
    if found:
        return found
    for folder in (sysconfig.get_path("scripts"), os.path.dirname(sys.executable)):
        found = shutil.which("graphviz-pure", path=folder) if folder else None
        if found:
            return found
    return None


def layout_engines() -> list[Engine]:
    """The engines installed, preferred first (looked up afresh on each call)."""
    engines = []
    dot = shutil.which("dot")
    if dot:
        engines.append(Engine("dot", dot))
    pure = _graphviz_pure()
    if pure:
        engines.append(Engine("graphviz-pure", pure))
    return engines


def layout_engine() -> Engine:
    """The engine used to draw: system `dot` when present, else graphviz-pure.

    Raises:
        GraphvizMissingError: when neither is installed (the message says what to install).
    """
    engines = layout_engines()
    if not engines:
        raise GraphvizMissingError()
    return engines[0]


def render(source: str, fmt: str = "svg", dpi: float | None = None,
           engine: Engine | None = None) -> bytes:
    """Lay out Graphviz `source` and return the picture in format `fmt` ('svg', 'png', ...).

    `dpi` sets the resolution of raster formats. PDF without system Graphviz is a PNG at
    `PDF_DPI` in a PDF page of the picture's size.
    """
    engine = engine or layout_engine()
    if fmt == "pdf" and engine.name != "dot":
        return _png_in_pdf(source, engine)
    command = [engine.path, f"-T{fmt}"] + ([f"-Gdpi={dpi:g}"] if dpi else [])
    try:
        result = subprocess.run(command, input=source.encode("utf-8"), capture_output=True,
                                timeout=_RUN_TIMEOUT, check=False)
    except FileNotFoundError as exc:  # removed since it was looked up
        raise GraphvizMissingError() from exc
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip()
        raise RuntimeError(f"{engine.name} could not draw this graph as {fmt}: {message}")
    return result.stdout


def svg_size(svg: bytes) -> tuple[float, float]:
    """(width, height) in points of an SVG that Graphviz wrote."""
    match = _SVG_SIZE.search(svg)
    if match is None:
        raise ValueError("not an SVG written by Graphviz (no width/height in points)")
    return float(match.group(1)), float(match.group(2))


def render_png(source: str, dpi: float = NOTEBOOK_DPI, max_side: int = NOTEBOOK_MAX_SIDE,
               svg: bytes | None = None, engine: Engine | None = None) -> bytes:
    """A PNG at `dpi`, or lower so that no side exceeds `max_side` pixels; 256 colours.

    `svg` (the same source already drawn as SVG) saves a layout to measure the picture.
    """
    engine = engine or layout_engine()
    width, height = svg_size(svg if svg is not None else render(source, "svg", engine=engine))
    dpi = min(dpi, max_side * 72 / max(width, height, 1.0))
    return _fewer_colours(render(source, "png", dpi=dpi, engine=engine))


def _fewer_colours(png: bytes) -> bytes:
    """The PNG with a 256-colour palette: a third of the bytes, the same picture to the eye."""
    from PIL import Image  # installed with matplotlib

    image = Image.open(io.BytesIO(png))
    background = Image.new("RGB", image.size, "white")
    background.paste(image, mask=image.getchannel("A") if image.mode == "RGBA" else None)
    out = io.BytesIO()
    background.quantize(256).save(out, format="PNG", optimize=True)
    return out.getvalue()


def _png_in_pdf(source: str, engine: Engine) -> bytes:
    """A one-page PDF of the picture's size in points holding a PNG at `PDF_DPI`."""
    from matplotlib.figure import Figure
    from matplotlib.image import imread

    png = render_png(source, dpi=PDF_DPI, max_side=FILE_MAX_SIDE, engine=engine)
    pixels = imread(io.BytesIO(png))
    height, width = pixels.shape[:2]
    figure = Figure(figsize=(width / PDF_DPI, height / PDF_DPI))
    axes = figure.add_axes((0, 0, 1, 1))
    axes.imshow(pixels, interpolation="none")
    axes.set_axis_off()
    out = io.BytesIO()
    figure.savefig(out, format="pdf", dpi=PDF_DPI, metadata={"CreationDate": None})
    return out.getvalue()


def mimebundle(source: str, text: str = "") -> dict:
    """The notebook display of a picture: SVG, a PNG copy capped in size, and `text`."""
    engine = layout_engine()
    svg = render(source, "svg", engine=engine)
    png = render_png(source, svg=svg, engine=engine)
    return {"image/svg+xml": svg.decode("utf-8"),
            "image/png": base64.b64encode(png).decode("ascii"),
            "text/plain": text or "<graph>"}


def write(source: str, path) -> Path:
    """Write the picture to `path` in the format its extension names (.svg, .png, .pdf).

    Raises:
        ValueError: for any other extension (nothing is written).
    """
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(f"path: cannot tell the picture format from {path.name!r}; "
                         f"end it in {', '.join('.' + f for f in FORMATS)}")
    if fmt == "png":
        data = render_png(source, dpi=FILE_DPI, max_side=FILE_MAX_SIDE)
    else:
        data = render(source, fmt)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


class NotebookDigraph(graphviz.Digraph):
    """A `graphviz.Digraph` that draws without system Graphviz and shows in any notebook.

    `pipe` (and so `_repr_image_svg_xml` and friends) uses `layout_engine()`; in Jupyter the
    picture shows as SVG with a PNG copy (see `mimebundle`). `render`/`view` need system
    Graphviz; `viz.save_svg` writes files with either engine.
    """

    def _repr_mimebundle_(self, include=None, exclude=None, **_) -> dict:
        return mimebundle(self.source, f"<Digraph, {self.source.count('->')} edges>")

    def pipe(self, format=None, renderer=None, formatter=None, neato_no_op=None,
             quiet=False, *, engine=None, encoding=None):
        """Like `graphviz.Digraph.pipe`; without system Graphviz only `format` is supported."""
        if renderer or formatter or neato_no_op or (engine or self.engine) != "dot":
            _need_system_dot("pipe with renderer, formatter, neato_no_op or another engine")
            return super().pipe(format, renderer, formatter, neato_no_op, quiet,
                                engine=engine, encoding=encoding)
        data = render(self.source, format or self.format)
        return data.decode(encoding) if encoding else data

    def render(self, *args, **kwargs) -> str:
        """`graphviz.Digraph.render`, which needs system Graphviz (else use `viz.save_svg`)."""
        _need_system_dot("render (use viz.save_svg(digraph, 'picture.svg'), which works "
                         "with graphviz-pure too)")
        return super().render(*args, **kwargs)


def _need_system_dot(what: str) -> None:
    if layout_engine().name != "dot":
        raise GraphvizMissingError(f"Digraph.{what} needs Graphviz's 'dot' program, which is "
                                   "not on PATH; install Graphviz (e.g. sudo apt-get install "
                                   "graphviz)")
