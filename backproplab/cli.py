"""The ``backproplab`` command: argument parsing and dispatch to the subcommands.

Each subcommand lives in its own module of this package and is imported only when it runs,
so ``backproplab --help`` stays fast.  A subcommand module provides::

    def main(args: argparse.Namespace) -> int | None: ...

returning the exit status (None means 0).  Its options are declared here, in the
``_add_<name>_arguments`` function next to the subcommand's entry in ``SUBCOMMANDS``.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import Callable, Sequence

from backproplab import __version__

__all__ = ["build_parser", "main", "SUBCOMMANDS", "GRAPH_SHORT_OPTIONS", "GRAPH_MAX_NODES",
           "GRAPH_TIME_LIMIT", "CHECK_CELL_TIMEOUT"]


GRAPH_SHORT_OPTIONS = ("-h", "-o")
"""The one-dash options of `graph`; any other word starting with '-' is an expression."""
GRAPH_MAX_NODES = 40
"""`graph --max-nodes` default: a bigger graph is drawn in part (a 200-term sum has 200 nodes)."""
GRAPH_TIME_LIMIT = 60.0
"""`graph --time-limit` default, in seconds."""
CHECK_CELL_TIMEOUT = 120.0
"""`check --timeout` default: seconds one notebook cell may take."""


def _add_demo_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o", "--out", default="backproplab-output", metavar="DIR",
        help="folder to write the pictures, curves and metrics to (default: %(default)s)",
    )
    parser.add_argument("--seed", type=int, default=0, help="random seed (default: %(default)s)")
    parser.add_argument("--epochs", type=int, default=100,
                        help="training epochs (default: %(default)s; e.g. 5 for a quick check)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


def _add_graph_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "expression",
        help='arithmetic over named scalars, e.g. "3*(a + b*c)" or "J = sin(x**2 + 3*x)"; '
        "allowed: numbers, names, + - * / **, sin cos exp log sqrt abs tanh sigmoid relu gelu; "
        'one that starts with a minus works as is ("-a*b"), or after -- ',
    )
    parser.add_argument("--values", nargs="*", default=[], metavar="NAME=NUMBER",
                        help="a value for every name, e.g. --values a=5 b=3 c=2")
    parser.add_argument("-o", "--out", default="graph.svg", metavar="FILE",
                        help="picture to write: .svg, .png or .pdf (default: %(default)s)")
    parser.add_argument("--no-legend", dest="legend", action="store_false",
                        help="leave out the colour legend")
    parser.add_argument("--steps", metavar="DIR",
                        help="also step through backward: print the chain rule at each node and "
                        "write one picture per step (step_0.svg, ...) to DIR")
    parser.add_argument("--predict", action="store_true",
                        help="a quiz in the terminal instead of a picture: type the gradient "
                        "each backward step sends before it is shown, and keep score")
    parser.add_argument("--max-nodes", type=int, default=GRAPH_MAX_NODES, metavar="N",
                        help="draw at most N nodes: the ones nearest the result, and one box for "
                        "the rest; --steps is refused beyond N (default: %(default)s)")
    parser.add_argument("--time-limit", type=float, default=GRAPH_TIME_LIMIT, metavar="SECONDS",
                        help="give up after this long (default: %(default)s)")


def _add_check_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("notebooks", nargs="+", metavar="NOTEBOOK",
                        help="exercise notebooks (.ipynb) or folders of them (e.g. one "
                        "submission per student)")
    parser.add_argument("--timeout", type=float, default=CHECK_CELL_TIMEOUT, metavar="SECONDS",
                        help="give up on a cell after this long (default: %(default)s)")
    parser.add_argument("--kernel", default="python3", metavar="NAME",
                        help="Jupyter kernel to run the notebooks on (default: %(default)s)")
    parser.add_argument("--quiet", action="store_true",
                        help="print only the summary table, not every exercise")
    parser.add_argument("--json", metavar="FILE",
                        help="also write every grade to FILE as JSON")


def _add_no_arguments(parser: argparse.ArgumentParser) -> None:
    """A subcommand without options."""


# name -> (module that holds main(args), one-line help, function adding its options)
SUBCOMMANDS: dict[str, tuple[str, str, Callable[[argparse.ArgumentParser], None]]] = {
    "demo": (
        "backproplab.demo",
        "train a small model on the spiral data set and write the computation graph, "
        "gradient flow, training curves, backprop steps and metrics to a folder",
        _add_demo_arguments,
    ),
    "graph": (
        "backproplab.graph_command",
        "evaluate a small expression over named scalars, backpropagate, and draw its graph "
        "with values and gradients",
        _add_graph_arguments,
    ),
    "check": (
        "backproplab.check",
        "grade exercise notebooks: run each on a fresh kernel and report every exercise "
        "(pass, or fail with a hint); a summary table for a folder of submissions",
        _add_check_arguments,
    ),
    "info": (
        "backproplab.info",
        "show versions, where the packages are imported from, and which program draws graphs",
        _add_no_arguments,
    ),
}


def build_parser() -> argparse.ArgumentParser:
    """Return the parser for the ``backproplab`` command and its subcommands."""
    parser = argparse.ArgumentParser(
        prog="backproplab",
        description="backproplab: a reverse-mode autodiff engine on NumPy, a PyTorch-style "
        "nn/optim, and pictures of backpropagation.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (_module, help_text, add_arguments) in SUBCOMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        add_arguments(p)
    return parser


def _protect_leading_minus(argv: list[str]) -> list[str]:
    """Let an expression start with a minus: `backproplab graph "-a*b"`.

    argparse takes every word that starts with '-' for an option. After the `graph`
    subcommand, a word that starts with a single '-' but not with one of its short options
    (`GRAPH_SHORT_OPTIONS`) is an expression: it is passed on with a leading space, which
    argparse does not take for an option and the expression parser ignores. (`--` works too.)
    """
    command = next((k for k, word in enumerate(argv) if not word.startswith("-")), None)
    if command is None or argv[command] != "graph":
        return argv
    protected = list(argv[:command + 1])
    for k, word in enumerate(argv[command + 1:], start=command + 1):
        if word == "--":
            return protected + argv[k:]
        if word.startswith("-") and not word.startswith("--") \
                and word[:2] not in GRAPH_SHORT_OPTIONS:
            word = " " + word
        protected.append(word)
    return protected


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``backproplab`` command with ``argv`` (default: ``sys.argv[1:]``)."""
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(_protect_leading_minus(argv))
    if args.command is None:
        parser.print_help()
        return 0
    module_name = SUBCOMMANDS[args.command][0]
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        print(
            f"backproplab {args.command}: this subcommand is not available in this version "
            f"({module_name} is missing).",
            file=sys.stderr,
        )
        return 2
    status = module.main(args)
    return 0 if status is None else int(status)


if __name__ == "__main__":
    sys.exit(main())
