"""`backproplab graph`: evaluate a small expression over named scalars safely and draw its graph.

The work is bounded: a graph over `--max-nodes` nodes is drawn with the nodes nearest the
result and one box for the rest (and `--steps` is refused), and the whole command stops after
`--time-limit` seconds. Exit status: 0 done, 1 Graphviz missing or out of time, 2 a problem
with the expression or the options (the message names it).
"""

from __future__ import annotations

import argparse
import ast
import signal
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from backproplab.expression import (
    FUNCTIONS, MAX_LENGTH, Evaluation, NonFiniteError, UnsafeExpressionError, evaluate,
    evaluate_expression,
    parse_values,
)
from backproplab.info import layout_engine_found

__all__ = ["FUNCTIONS", "MAX_LENGTH", "UnsafeExpressionError", "NonFiniteError", "OutOfTime",
           "parse_values", "evaluate_expression", "time_limit", "main"]


class OutOfTime(RuntimeError):
    """The command ran past its time limit."""


@contextmanager
def time_limit(seconds: float):
    """Raise OutOfTime in the block after `seconds` (a running layout program is killed with it).

    Uses SIGALRM, so it applies in the main thread on Unix; elsewhere there is no limit
    (the node cap still bounds the work).
    """
    in_main_thread = threading.current_thread() is threading.main_thread()
    if not hasattr(signal, "setitimer") or not in_main_thread:
        yield
        return

    def expire(_signum, _frame):
        raise OutOfTime(f"stopped after the {seconds:g} s time limit")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _fail(message: str, status: int = 2) -> int:
    print(f"backproplab graph: {message}", file=sys.stderr)
    return status


def main(args: argparse.Namespace) -> int:
    """Run `backproplab graph`: print the value and gradients, write the picture."""
    out = Path(args.out)
    fmt = out.suffix.lstrip(".").lower()
    if fmt not in ("svg", "png", "pdf"):
        return _fail(f"--out must end in .svg, .png or .pdf, not {out.name!r}")
    if not args.max_nodes >= 2:
        return _fail(f"--max-nodes must be at least 2, not {args.max_nodes}")
    if not args.time_limit > 0:
        return _fail(f"--time-limit must be a positive number of seconds, not {args.time_limit}")
    try:
        with np.errstate(all="ignore"):
            # Parsing and evaluating are bounded by the expression's length; only drawing is
            # timed (an alarm inside the parser can upset CPython 3.11's AST constructor).
            run = evaluate(args.expression, parse_values(args.values))
            with time_limit(args.time_limit):
                if not args.predict:
                    return _run(run, args, out)
                stepper, forward = _stepper(run)
    except ValueError as exc:  # UnsafeExpressionError and NonFiniteError are ones
        return _fail(str(exc))
    except OutOfTime as exc:
        return _fail(f"{exc}; the picture is too big to lay out in time (try a shorter "
                     f"expression, a smaller --max-nodes or a larger --time-limit)", 1)
    from backproplab.predict_quiz import play  # the quiz waits for the learner: no time limit

    play(stepper, forward=forward)
    return 0


def _stepper(run: Evaluation) -> tuple:
    """For `--predict` (nothing is drawn): the stepper over the expression's backward, and
    the forward values as lines ('b * c = 6')."""
    from viz import BackpropStepper

    label = run.result.name or "result"
    forward = [f"{ast.unparse(node)} = {value.item():.6g}" for node, value in run.operations]
    if run.result.name:
        forward[-1] = f"{label} = {forward[-1]}"
    return BackpropStepper(run.result, names={**run.leaves, label: run.result}), forward


def _run(run: Evaluation, args: argparse.Namespace, out: Path) -> int:
    from viz import BackpropStepper, build_graph, draw_graph, save_svg  # only for pictures

    if not layout_engine_found("graph"):
        return 1
    label = run.result.name or "result"
    names = {**run.leaves, label: run.result}
    nodes = len(build_graph(run.result, names=names, max_nodes=None).nodes)
    if args.steps and nodes > args.max_nodes:
        return _fail(f"--steps draws the whole graph once per backward step, and this one has "
                     f"{nodes} nodes, more than --max-nodes {args.max_nodes}; leave out --steps "
                     f"or shorten the expression")
    stepper = BackpropStepper(run.result, names=names) if args.steps else None
    run.backward()
    print(f"{label} = {run.result.item():.6g}")
    for name, leaf in run.leaves.items():
        print(f"  d{label}/d{name} = {leaf.grad.item():.6g}")
    if stepper is not None:
        _write_steps(stepper, Path(args.steps))
    if nodes > args.max_nodes:
        print(f"note: the graph has {nodes} nodes; the picture shows the {args.max_nodes - 1} "
              f"nearest the result and one box for the other {nodes - args.max_nodes + 1} "
              f"(--max-nodes)")
    picture = draw_graph(run.result, names=names, legend=args.legend, max_nodes=args.max_nodes)
    save_svg(picture, out)
    print(f"wrote {out}")
    return 0


def _write_steps(stepper, folder: Path) -> None:
    """Print each backward step's chain-rule lines and write its frame as step_<k>.svg."""
    from viz import save_svg

    folder.mkdir(parents=True, exist_ok=True)
    save_svg(stepper.frame(0), folder / "step_0.svg")
    for k, frame in enumerate(stepper, start=1):
        print(frame.caption)
        save_svg(frame, folder / f"step_{k}.svg")
    print(f"wrote {len(stepper) + 1} frames to {folder}/")
