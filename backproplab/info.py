"""`backproplab info`: versions, where the packages come from, and which program draws graphs."""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import platform
import subprocess
import sys
from pathlib import Path

from backproplab import __version__

__all__ = ["LIBRARY_PACKAGES", "DEPENDENCIES", "layout_engine_found", "report", "main"]

LIBRARY_PACKAGES = ("autograd", "nn", "optim", "viz")
"""backproplab's top-level packages (generic names that other projects may also use)."""

DEPENDENCIES = ("numpy", "graphviz", "tqdm", "matplotlib", "torch")
"""Distributions whose versions are reported (torch is optional: only tests compare to it)."""


def layout_engine_found(command: str) -> bool:
    """True when `dot` or graphviz-pure can draw; else say what to install, on stderr."""
    from viz.render import MISSING_MESSAGE, layout_engines

    if layout_engines():
        return True
    print(f"backproplab {command}: {MISSING_MESSAGE}.", file=sys.stderr)
    return False


def _version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def _engine_rows() -> list[tuple[str, str]]:
    """A row for `dot` and one for graphviz-pure: path, version, which draws; NOT FOUND if none."""
    from viz.render import MISSING_MESSAGE, layout_engines

    engines = {engine.name: engine for engine in layout_engines()}
    if not engines:
        return [("dot", f"NOT FOUND: {MISSING_MESSAGE}"), ("graphviz-pure", "not installed")]
    rows = []
    for name in ("dot", "graphviz-pure"):
        engine = engines.get(name)
        if engine is None:
            rows.append((name, "not on PATH" if name == "dot" else "not installed"))
            continue
        result = subprocess.run([engine.path, "-V"], capture_output=True, text=True, timeout=10)
        use = "draws the graphs" if engine == next(iter(engines.values())) else "not used"
        rows.append((name, f"{engine.path} ({(result.stderr or result.stdout).strip()}): {use}"))
    return rows


def report() -> list[tuple[str, str]]:
    """The lines `info` prints, as (label, value) pairs."""
    home = Path(__file__).resolve().parent.parent
    rows = [("backproplab", __version__), ("python", f"{platform.python_version()} "
                                                    f"({sys.executable})")]
    for name in LIBRARY_PACKAGES:
        spec = importlib.util.find_spec(name)
        origin = Path(spec.origin).resolve() if spec and spec.origin else None
        if origin is None:
            where = "NOT FOUND"
        elif home in origin.parents:
            where = str(origin.parent)
        else:
            where = f"{origin.parent}  WARNING: not backproplab's (another project's '{name}')"
        rows.append((name, where))
    rows += [(name, _version(name)) for name in DEPENDENCIES]
    rows += _engine_rows()
    return rows


def main(args: argparse.Namespace) -> int:
    """Print the report; exit status 1 when nothing can draw or a package is someone else's."""
    rows = report()
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")
    return 1 if any("NOT FOUND" in value or "WARNING" in value for _, value in rows) else 0
