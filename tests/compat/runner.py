"""Run a compatibility program on PyTorch and on backproplab, and compare what they print.

A program under ``programs/`` is written for PyTorch.  Its backproplab twin differs only in
its import lines: ``import torch`` becomes ``import backproplab as torch`` and ``torch.X``
becomes ``backproplab.X`` in ``import torch.X as Y`` and ``from torch.X import ...``.
Both run at the same time, each in a fresh folder and a child process forked from a warm
interpreter that has imported its library (warm.py), with one thread; the library that is not
under test is unimportable there, so neither run can borrow from the other.

The printed outputs must have the same lines.  Within a line, the text between numbers must
be equal; integers must be equal; decimals may differ by ``rtol`` relative to the larger, plus
``atol``, plus one unit in the last printed digit (a value on a rounding boundary).  When the
numbers of a line are textually equal, the whole line must be equal, spacing included.

    python -m tests.compat.runner [--all] [NAME ...]   # status of every program (or the named ones)
"""

import math
import os
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tests.compat.warm import WarmInterpreter

__all__ = [
    "PROGRAMS", "Outcome", "compare_outputs", "every_difference", "main", "program_names",
    "rewrite_imports", "run_program", "run_both",
]

PROGRAMS = Path(__file__).parent / "programs"
REPO_ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_SECONDS = 120

_IMPORT_LINE = re.compile(r"^(import|from)\s+torch\b(.*)$")
_NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?")
_WHITESPACE = re.compile(r"\s+")


def program_names() -> list:
    """The file names of the corpus, sorted."""
    return sorted(p.name for p in PROGRAMS.glob("*.py"))


def rewrite_imports(source: str) -> str:
    """The program with ``torch`` replaced by ``backproplab`` in its import lines only.

    Raises ValueError for an import form whose rewrite would bind a different name
    (``import torch.nn`` without ``as``) and for a program that imports no torch at all.
    """
    lines, rewritten = source.splitlines(keepends=True), 0
    for i, line in enumerate(lines):
        match = _IMPORT_LINE.match(line)
        if not match:
            continue
        keyword, rest = match.groups()
        if keyword == "import" and rest.strip() == "":
            lines[i] = "import backproplab as torch" + line[len(line.rstrip("\r\n")):]
        elif keyword == "import" and not re.match(r"\.[\w.]+\s+as\s+\w+\s*$", rest):
            raise ValueError(f"line {i + 1}: write 'import torch' or 'import torch.X as Y'")
        else:
            lines[i] = f"{keyword} backproplab{rest}" + line[len(line.rstrip("\r\n")):]
        rewritten += 1
    if rewritten == 0:
        raise ValueError("the program has no torch import line to rewrite")
    return "".join(lines)


@dataclass
class Outcome:
    """What one run printed, and how it ended."""
    stdout: str
    stderr: str
    returncode: int

    def error_line(self) -> str:
        """The last line of stderr (the exception, for a crash), or the exit status."""
        lines = [line for line in self.stderr.strip().splitlines() if line.strip()]
        return lines[-1].strip() if lines else f"exit status {self.returncode}"


_SERVERS = {}


def _server(library: str) -> WarmInterpreter:
    """The warm interpreter of `library`, started on first use, one thread, hash seed 0."""
    if library not in _SERVERS or _SERVERS[library].exited():
        env = dict(os.environ, OMP_NUM_THREADS="1", MKL_NUM_THREADS="1", PYTHONHASHSEED="0")
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
        _SERVERS[library] = WarmInterpreter(library, env)
    return _SERVERS[library]


def _start(source: str, library: str, folder: str) -> int:
    """Start `source` as a script in `folder` (output to files there); the run's pid."""
    Path(folder, "program.py").write_text(source)
    return _server(library).start(folder)


def _finish(library: str, pid: int, folder: str) -> Outcome:
    """Wait for run `pid` (killed after TIMEOUT_SECONDS) and read what it printed."""
    code = _server(library).wait(pid, TIMEOUT_SECONDS)
    stdout, stderr = (Path(folder, name).read_text(errors="replace")
                      for name in ("stdout", "stderr"))
    if code is None:
        return Outcome(stdout, f"timed out after {TIMEOUT_SECONDS} s", -1)
    return Outcome(stdout, stderr, code)


def run_program(source: str, library: str) -> Outcome:
    """Run `source` as a script in a fresh folder with one thread; `library` is 'torch' or
    'backproplab'."""
    with tempfile.TemporaryDirectory(prefix=f"compat-{library}-") as folder:
        return _finish(library, _start(source, library, folder), folder)


def _last_digit_unit(text: str) -> float:
    """One unit in the last printed digit of a decimal: '2.35' -> 0.01, '1e-05' -> 1e-05."""
    mantissa, _, exponent = text.lower().partition("e")
    decimals = len(mantissa.partition(".")[2])
    return 10.0 ** (int(exponent or 0) - decimals)


def _is_integer(text: str) -> bool:
    return not re.search(r"[.eE]", text)


def _numbers_close(a: str, b: str, rtol: float, atol: float) -> bool:
    if a == b:
        return True
    if _is_integer(a) or _is_integer(b):  # an int printed where a float was, or unequal ints
        return False
    x, y = float(a), float(b)
    if not (math.isfinite(x) and math.isfinite(y)):
        return False
    slack = rtol * max(abs(x), abs(y)) + atol + max(_last_digit_unit(a), _last_digit_unit(b))
    return abs(x - y) <= slack


def _line_difference(want: str, got: str, rtol: float, atol: float):
    """None when the lines agree, else a short description of how they differ."""
    if want == got:
        return None
    want_numbers, got_numbers = _NUMBER.findall(want), _NUMBER.findall(got)
    want_text = _WHITESPACE.sub("", _NUMBER.sub("#", want))
    got_text = _WHITESPACE.sub("", _NUMBER.sub("#", got))
    if want_text != got_text or len(want_numbers) != len(got_numbers):
        return "text differs"
    if want_numbers == got_numbers:
        return "spacing differs"
    for a, b in zip(want_numbers, got_numbers):
        if not _numbers_close(a, b, rtol, atol):
            return f"number differs: {a} vs {b}"
    return None


def compare_outputs(want: str, got: str, rtol: float = 1e-4, atol: float = 1e-6):
    """None when `got` prints what `want` prints (see the module docstring), else the first
    difference."""
    want_lines, got_lines = want.splitlines(), got.splitlines()
    for number, (a, b) in enumerate(zip(want_lines, got_lines), start=1):
        difference = _line_difference(a, b, rtol, atol)
        if difference:
            return f"line {number}: {difference}\n  torch:       {a!r}\n  backproplab: {b!r}"
    if len(want_lines) != len(got_lines):
        return (f"torch printed {len(want_lines)} lines, backproplab {len(got_lines)}; "
                f"backproplab stopped after {got_lines[-1:]!r}")
    return None


def run_both(name: str, rtol: float = 1e-4, atol: float = 1e-6):
    """Run program `name` both ways at once: (torch Outcome, backproplab Outcome, difference or
    None).

    The difference is the first one in the program's order: a printed line that differs, or
    else the exception that stopped the backproplab run.  Raises RuntimeError when the program
    fails on PyTorch itself (a bug in the program).
    """
    source = (PROGRAMS / name).read_text()
    with tempfile.TemporaryDirectory(prefix="compat-torch-") as torch_folder, \
            tempfile.TemporaryDirectory(prefix="compat-backproplab-") as ours_folder:
        torch_run = _start(source, "torch", torch_folder)
        ours_run = _start(rewrite_imports(source), "backproplab", ours_folder)
        want = _finish("torch", torch_run, torch_folder)
        got = _finish("backproplab", ours_run, ours_folder)
    if want.returncode != 0:
        raise RuntimeError(f"{name} fails on PyTorch: {want.error_line()}\n{want.stderr[-2000:]}")
    if got.returncode == 0:
        return want, got, compare_outputs(want.stdout, got.stdout, rtol, atol)
    crash = f"backproplab run failed: {got.error_line()}"
    printed = len(got.stdout.splitlines())
    earlier = compare_outputs("\n".join(want.stdout.splitlines()[:printed]), got.stdout, rtol, atol)
    return want, got, f"{earlier}\n(and then {crash})" if earlier else crash


def every_difference(want: str, got: str, rtol: float = 1e-4, atol: float = 1e-6) -> list:
    """Each line of `got` that differs from `want`'s line of the same number, described."""
    pairs = zip(want.splitlines(), got.splitlines())
    return [f"line {number}: {difference}\n  torch:       {a!r}\n  backproplab: {b!r}"
            for number, (a, b) in enumerate(pairs, start=1)
            if (difference := _line_difference(a, b, rtol, atol))]


def main(arguments) -> int:
    """Print each program's status: 'pass', or its first difference in full (with --all, every
    differing line, to see what lies past the first gap)."""
    show_all = "--all" in arguments
    names = [name for name in arguments if name != "--all"]
    for name in names or program_names():
        try:
            want, got, difference = run_both(name)
        except RuntimeError as error:
            want, got, difference = None, None, str(error).splitlines()[0]
        print(f"{name:32s} {'pass' if difference is None else difference}", flush=True)
        if show_all and difference and want is not None:
            for line in every_difference(want.stdout, got.stdout)[1:]:
                print(" " * 33 + line.replace("\n", "\n" + " " * 33))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
