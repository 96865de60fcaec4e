"""Run the benchmarks: ``python bench/run.py [section ...]``.

Each section is a module ``bench/bench_<section>.py`` with a ``main()`` that prints its
tables.  With no arguments every known section runs; a section whose file does not exist
yet is skipped with a note.  Exit status is non-zero if a section raised.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
import traceback
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
SECTIONS = ["autograd", "nn", "optim", "viz", "random", "dashboard"]

# Sections import `common` and the project's packages, whether or not it is installed.
for path in (str(BENCH_DIR), str(ROOT)):
    if path not in sys.path:
        sys.path.insert(0, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sections", nargs="*", metavar="section",
                        help=f"sections to run (default: all of {', '.join(SECTIONS)})")
    args = parser.parse_args(argv)
    sections = args.sections or SECTIONS

    from common import torch_available

    print(f"python {sys.version.split()[0]}; PyTorch "
          f"{'available (1 thread)' if torch_available() else 'not installed: comparisons skipped'}")
    failed = []
    for section in sections:
        name = f"bench_{section}"
        if not (BENCH_DIR / f"{name}.py").exists():
            print(f"\n[{section}] skipped: bench/{name}.py does not exist yet")
            continue
        print(f"\n=== {section} ===")
        start = time.perf_counter()
        try:
            importlib.import_module(name).main()
        except Exception:
            traceback.print_exc()
            failed.append(section)
            continue
        print(f"[{section}] done in {time.perf_counter() - start:.1f} s")
    if failed:
        print(f"\nFAILED sections: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
