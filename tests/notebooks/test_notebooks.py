"""Execute every notebook in notebooks/ top to bottom on a fresh kernel.

One test per notebook: the notebook runs with nbclient on the `python3` kernel, in its own
folder as working directory, with a timeout per cell; a cell that raises fails the test.
A second, fast test per notebook checks the committed copy: an introduction that maps the
course to PyTorch (row vs column layout), and every code cell executed in order, with no
error outputs and no paths of this machine, so the notebooks read well without running.
"""
from __future__ import annotations

import os
import re
import time
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK_DIR = ROOT / "notebooks"
CELL_TIMEOUT = 180  # seconds per cell
NOTEBOOK_BUDGET = 120  # seconds per notebook (each takes well under a minute on two cores)
NOTEBOOKS = [
    "01_autograd_basics.ipynb",
    "02_backprop_step_by_step.ipynb",
    "03_mlps_on_toy_data.ipynb",
    "04_batchnorm_dropout_digits.ipynb",
    "05_init_and_vanishing_gradients.ipynb",
    "06_optimizers_and_schedules.ipynb",
    "07_rnn_lstm.ipynb",
    "08_custom_functions_and_pytorch.ipynb",
    "09_attention_tiny_gpt.ipynb",
]
# Absolute paths of the machine that executed a notebook must not leak into its outputs.
_ABSOLUTE_PATH = re.compile(r"(?<![\w.])/(?:home|root|tmp|usr|work|Users|opt|var)/")


def _present() -> list[str]:
    return [name for name in NOTEBOOKS if (NOTEBOOK_DIR / name).exists()]


def test_every_notebook_is_present():
    assert sorted(p.name for p in NOTEBOOK_DIR.glob("*.ipynb")) == sorted(NOTEBOOKS)


@pytest.mark.parametrize("name", _present())
def test_committed_notebook_has_clean_outputs(name):
    nb = nbformat.read(NOTEBOOK_DIR / name, as_version=4)
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    assert code, "a notebook without code"
    intro = nb.cells[0]
    assert intro.cell_type == "markdown", "the first cell should introduce the notebook"
    for words in ("What the course teaches", "PyTorch", "x @ W.T + b", "W·A + b"):
        assert words in intro.source, f"the introduction should mention {words!r}"
    counts = [cell.execution_count for cell in code]
    assert None not in counts, "commit the notebook with its outputs (execute it first)"
    assert counts == list(range(1, len(code) + 1)), "execute top to bottom on a fresh kernel"
    for cell in code:
        for output in cell.outputs:
            assert output.output_type != "error", f"an error output in {name}"
            text = nbformat.writes(nbformat.from_dict({"o": output}))
            assert not _ABSOLUTE_PATH.search(text), f"an absolute path in the outputs of {name}"


@pytest.mark.parametrize("name", _present())
def test_notebook_executes(name, monkeypatch):
    # The kernel finds this checkout's packages even when the project is not installed.
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(
        [str(ROOT)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]))
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    nb = nbformat.read(NOTEBOOK_DIR / name, as_version=4)
    client = NotebookClient(nb, timeout=CELL_TIMEOUT, kernel_name="python3",
                            allow_errors=False, resources={"metadata": {"path": str(NOTEBOOK_DIR)}})
    start = time.perf_counter()
    client.execute()  # raises CellExecutionError when a cell fails
    seconds = time.perf_counter() - start
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error"]
    assert not errors
    assert seconds < NOTEBOOK_BUDGET, f"{name} took {seconds:.0f} s (budget {NOTEBOOK_BUDGET} s)"
