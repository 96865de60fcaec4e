"""Shared pytest fixtures, and the run without Graphviz's `dot`.

Every folder under tests/ is a package (it has an ``__init__.py``), so test files in
different folders may share a base name and ``tests/autograd`` never shadows the real
``autograd`` package.  Give new test folders an ``__init__.py`` too.

With ``BACKPROPLAB_HIDE_DOT=1`` in the environment, `dot` is hidden from PATH for the whole
session (subprocesses and notebook kernels included), so pictures are drawn by the
pip-installed graphviz-pure: ``BACKPROPLAB_HIDE_DOT=1 python -m pytest tests/viz``.
"""

import os
import shutil
import tempfile
from pathlib import Path

import pytest

HIDE_DOT = "BACKPROPLAB_HIDE_DOT"


def _path_without(program: str, shadow_root: Path) -> str:
    """PATH with each folder holding `program` replaced by a folder of links to the rest."""
    folders = []
    for i, folder in enumerate(os.environ.get("PATH", "").split(os.pathsep)):
        if folder and shutil.which(program, path=folder):
            shadow = shadow_root / str(i)
            shadow.mkdir()
            for entry in Path(folder).iterdir():
                if entry.name != program:
                    (shadow / entry.name).symlink_to(entry)
            folder = str(shadow)
        folders.append(folder)
    return os.pathsep.join(folders)


def pytest_configure(config):
    if os.environ.get(HIDE_DOT) == "1":
        config._dot_shadow = tempfile.TemporaryDirectory(prefix="no-dot-")
        os.environ["PATH"] = _path_without("dot", Path(config._dot_shadow.name))
        assert shutil.which("dot") is None


def pytest_unconfigure(config):
    shadow = getattr(config, "_dot_shadow", None)
    if shadow is not None:
        shadow.cleanup()


def pytest_report_header(config):
    hidden = "hidden from PATH (" + HIDE_DOT + "=1)" if os.environ.get(HIDE_DOT) == "1" else ""
    return f"Graphviz dot: {hidden or shutil.which('dot') or 'not found'}"


@pytest.fixture(scope="session")
def torch():
    """PyTorch, single-threaded, or a clean skip when it is not installed.

    Use it by naming it as an argument: ``def test_matches_torch(torch): ...``.
    """
    torch = pytest.importorskip("torch")
    torch.set_num_threads(1)
    return torch
