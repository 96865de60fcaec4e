"""The committed notebooks show their pictures without running: each SVG has a PNG copy.

JupyterLab shows no SVG in a notebook it has not run itself (untrusted); it does show PNG.
So every output with an SVG must carry a PNG too, of notebook size; every SVG must be
well-formed XML; and the notebooks stay small enough to read and to keep in git.
"""
from __future__ import annotations

import base64
import io
import xml.etree.ElementTree as ET
from pathlib import Path

import nbformat
import pytest
from PIL import Image

from viz.render import NOTEBOOK_MAX_SIDE

NOTEBOOK_DIR = Path(__file__).resolve().parents[2] / "notebooks"
NOTEBOOKS = sorted(p.name for p in NOTEBOOK_DIR.glob("*.ipynb"))
TOTAL_BYTES = 6_000_000  # all notebooks together, outputs included


def _picture_outputs(name: str) -> list[dict]:
    notebook = nbformat.read(NOTEBOOK_DIR / name, as_version=4)
    return [output.get("data", {}) for cell in notebook.cells if cell.cell_type == "code"
            for output in cell.outputs if output.get("data")]


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_every_svg_output_has_a_png_copy(name):
    for data in _picture_outputs(name):
        if "image/svg+xml" in data:
            assert "image/png" in data, f"{name}: an SVG output without a PNG copy"
            ET.fromstring(data["image/svg+xml"].encode("utf-8"))


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_pngs_are_of_notebook_size(name):
    for data in _picture_outputs(name):
        if "image/png" in data:
            width, height = Image.open(io.BytesIO(base64.b64decode(data["image/png"]))).size
            assert 0 < width <= NOTEBOOK_MAX_SIDE and 0 < height <= NOTEBOOK_MAX_SIDE, name


def test_notebooks_stay_small():
    total = sum((NOTEBOOK_DIR / name).stat().st_size for name in NOTEBOOKS)
    assert total < TOTAL_BYTES, f"notebooks take {total / 1e6:.1f} MB"
