"""Execute notebooks top to bottom on a fresh kernel and save them with their outputs.

    python notebooks/execute.py                      # all of them
    python notebooks/execute.py 02_backprop_step_by_step.ipynb

Each notebook runs in this folder as working directory, on the `python3` kernel, with this
checkout's packages importable. Volatile metadata (execution timestamps) is dropped so that
re-running changes only what the notebook printed. A notebook is not saved when its outputs
hold a path of this machine, or an SVG without a PNG copy (JupyterLab shows no SVG in a
notebook it has not run; viz pictures carry both). The test suite (`tests/notebooks/`)
executes the same notebooks and checks the saved copies.
"""
from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
_ABSOLUTE_PATH = re.compile(r"(?<![\w.])/(?:home|root|tmp|usr|work|Users|opt|var)/")


def execute(path: Path, timeout: int = 300) -> float:
    """Run one notebook in place; return the seconds it took."""
    nb = nbformat.read(path, as_version=4)
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p])
    start = time.perf_counter()
    NotebookClient(nb, timeout=timeout, kernel_name="python3", coalesce_streams=True,
                   resources={"metadata": {"path": str(HERE)}}).execute()
    seconds = time.perf_counter() - start
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.metadata.pop("execution", None)
    nb.metadata.pop("widgets", None)
    if any("image/svg+xml" in output.get("data", {}) and "image/png" not in output["data"]
           for cell in nb.cells if cell.cell_type == "code" for output in cell.outputs):
        raise SystemExit(f"{path.name}: an SVG output has no PNG copy, so it will not show "
                         "before the notebook is run; display the viz picture itself, which "
                         "carries both (the notebook was not saved)")
    text = nbformat.writes(nb)
    if _ABSOLUTE_PATH.search(text):
        raise SystemExit(f"{path.name}: an absolute path of this machine is in the outputs; "
                         "avoid printing it (the notebook was not saved)")
    path.write_text(text, encoding="utf-8")
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", help="file names in notebooks/ (default: all)")
    args = parser.parse_args(argv)
    names = args.notebooks or sorted(p.name for p in HERE.glob("*.ipynb"))
    for name in names:
        path = HERE / Path(name).name
        seconds = execute(path)
        print(f"{name}: {seconds:.1f} s, {path.stat().st_size / 1e3:.0f} kB", flush=True)
    total = sum(p.stat().st_size for p in HERE.glob("*.ipynb"))
    print(f"all notebooks: {total / 1e6:.2f} MB", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
