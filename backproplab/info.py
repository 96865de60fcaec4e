"""`backproplab info`: versions, where the packages come from, and whether `dot` is found."""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import platform
import shutil
import subprocess
import sys
from pathlib import Path

from backproplab import __version__

__all__ = ["LIBRARY_PACKAGES", "DEPENDENCIES", "DOT_MISSING", "dot_found", "report", "main"]

LIBRARY_PACKAGES = ("autograd", "nn", "optim", "viz")
"""backproplab's top-level packages (generic names that other projects may also use)."""

DEPENDENCIES = ("numpy", "graphviz", "tqdm", "matplotlib", "torch")
"""Distributions whose versions are reported (torch is optional: only tests compare to it)."""


DOT_MISSING = ("Graphviz's 'dot' program is not installed; install Graphviz "
               "(Debian/Ubuntu: sudo apt-get install graphviz; macOS: brew install graphviz), "
               "or run bash scripts/demo.sh, which installs it")
"""What the commands that draw graphs say when `dot` is missing."""


def dot_found(command: str) -> bool:
    """True when `dot` is on PATH; else print `DOT_MISSING` for `command` to stderr."""
    if shutil.which("dot") is not None:
        return True
    print(f"backproplab {command}: {DOT_MISSING}.", file=sys.stderr)
    return False


def _version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def _dot_version() -> str:
    path = shutil.which("dot")
    if path is None:
        return f"NOT FOUND: {DOT_MISSING}"
    result = subprocess.run([path, "-V"], capture_output=True, text=True, timeout=10)
    return f"{path} ({(result.stderr or result.stdout).strip()})"


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
    rows.append(("dot", _dot_version()))
    return rows


def main(args: argparse.Namespace) -> int:
    """Print the report; exit status 1 when `dot` is missing or a package is someone else's."""
    rows = report()
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")
    return 1 if any("NOT FOUND" in value or "WARNING" in value for _, value in rows) else 0
