"""Run the benchmarks: ``python bench/run.py [--quick] [section ...]``.

Each section is a module ``bench/bench_<section>.py`` whose ``main(quick)`` prints its own
details and returns its result rows; at the end one table gathers every row with the ratio,
the target and whether it is met. Exit status is non-zero if a section raised (a contender
computing something different from the others raises too).
"""

from __future__ import annotations

import os

# One BLAS/OpenMP thread, set before NumPy loads: one core against one core (PyTorch is
# set to one thread too), and the machine's other users are not slowed.
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS",
              "VECLIB_MAXIMUM_THREADS"):
    os.environ[_name] = "1"

import argparse  # noqa: E402
import ctypes  # noqa: E402
import importlib  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import traceback  # noqa: E402
from pathlib import Path  # noqa: E402

BENCH_DIR = Path(__file__).resolve().parent
SECTIONS = ["engine", "spiral", "moons", "lstm", "cnn", "mlp", "transformer", "viz", "random",
            "dashboard"]

# Sections import `common` and the project's packages, whether or not it is installed.
sys.path[:0] = [str(BENCH_DIR), str(BENCH_DIR.parent)]


def steady_allocator() -> bool:
    """On glibc, keep freed heap memory for reuse instead of trimming it and mapping it again.

    By default glibc returns the top of the heap to the system once enough of it is free, so
    a loop that frees large NumPy temporaries each step may fault fresh pages in every step
    or not, depending on the heap's layout: hand-written NumPy timings then jump by 2x from
    run to run. Fixed thresholds make every contender's allocations steady. Returns False
    where glibc's `mallopt` is not available (nothing is changed there).
    """
    try:
        mallopt = ctypes.CDLL("libc.so.6").mallopt
    except (OSError, AttributeError):
        return False
    m_trim_threshold, m_mmap_threshold = -1, -3
    return bool(mallopt(m_trim_threshold, 256 * 2**20) and mallopt(m_mmap_threshold, 32 * 2**20))


def blas_kernels() -> str:
    """The kernels NumPy's OpenBLAS runs (its "core"), or "unknown" for another BLAS.

    OpenBLAS picks its kernels from the CPU it detects; a CPU newer than it knows (AMD Zen 5
    with OpenBLAS 0.3.31) gets its Haswell (AVX2) kernels, about half the speed of the
    AVX-512 ones that PyTorch's MKL uses there, on every matrix product of ours and of the
    hand-written NumPy. OPENBLAS_CORETYPE (e.g. SkylakeX) chooses them by hand.
    """
    import numpy as np  # noqa: F401  (loads OpenBLAS)

    with open("/proc/self/maps", encoding="ascii", errors="replace") as maps:
        paths = {line.split()[-1] for line in maps if "openblas" in line.lower()}
    for path in paths:
        library = ctypes.CDLL(path)
        for symbol in ("scipy_openblas_get_corename64_", "scipy_openblas_get_corename",
                       "openblas_get_corename64_", "openblas_get_corename"):
            function = getattr(library, symbol, None)
            if function is not None:
                function.restype = ctypes.c_char_p
                return "OpenBLAS " + function().decode()
    return "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sections", nargs="*", metavar="section",
                        help=f"sections to run (default: all of {', '.join(SECTIONS)})")
    parser.add_argument("--quick", action="store_true",
                        help="fewer repeats: a rough picture in about a third of the time")
    args = parser.parse_args(argv)
    unknown = [name for name in args.sections if name not in SECTIONS]
    if unknown:
        parser.error(f"unknown section(s) {', '.join(unknown)}; choose from {', '.join(SECTIONS)}")

    from common import import_torch, print_results

    torch = import_torch()
    torch_note = f"{torch.__version__} (1 thread)" if torch else "not installed (columns show -)"
    malloc_note = "steady (glibc thresholds fixed)" if steady_allocator() else "as is"
    try:
        blas_note = blas_kernels()
    except OSError:  # no /proc (not Linux): nothing to report
        blas_note = "unknown"
    print(f"python {sys.version.split()[0]}; PyTorch {torch_note}; malloc {malloc_note}; "
          f"BLAS {blas_note}")
    results, failed, start = [], [], time.perf_counter()
    for section in args.sections or SECTIONS:
        print(f"\n=== {section} ===")
        section_start = time.perf_counter()
        try:
            results += importlib.import_module(f"bench_{section}").main(quick=args.quick)
        except Exception:
            traceback.print_exc()
            failed.append(section)
            continue
        print(f"[{section}] done in {time.perf_counter() - section_start:.1f} s")
    if results:
        print_results("results: fastest run of each contender (CPU time, one thread); ratio = "
                      "fastest ours / fastest reference (judged); median ratio = median of "
                      "ours/reference over the interleaved rounds", results)
    print(f"\ntotal {time.perf_counter() - start:.0f} s")
    if failed:
        print(f"FAILED sections: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
