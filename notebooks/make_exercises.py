"""Make the exercise notebooks from the solution notebooks.

    python notebooks/make_exercises.py            # write notebooks/exercises/*.ipynb
    python notebooks/make_exercises.py --check    # exit 1 when they are out of date

`notebooks/solutions/NAME.ipynb` is the source. In its code cells, each answer sits between
`### BEGIN SOLUTION` and `### END SOLUTION` lines (as in nbgrader). The exercise notebook
`notebooks/exercises/NAME.ipynb` is the same notebook without outputs, each answer replaced
by a blank that runs and grades as "not done":

- inside a function (an indented answer): `# YOUR CODE HERE` and
  `raise NotImplementedError("YOUR CODE HERE")`;
- at the top level: `# YOUR CODE HERE` and `name = None` for every name the answer assigns.
"""
from __future__ import annotations

import argparse
import ast
import sys
import textwrap
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent
SOLUTIONS = HERE / "solutions"
EXERCISES = HERE / "exercises"
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
YOUR_CODE = "# YOUR CODE HERE"


def blank_cell(source: str) -> str:
    """The cell's code with every answer block replaced by its blank."""
    lines, out, block = source.split("\n"), [], None
    for number, line in enumerate(lines, start=1):
        marker = line.strip()
        if marker == BEGIN:
            if block is not None:
                raise ValueError(f"line {number}: {BEGIN} inside an answer block")
            block = (line[:len(line) - len(line.lstrip())], [])
        elif marker == END:
            if block is None:
                raise ValueError(f"line {number}: {END} without {BEGIN}")
            out.extend(_blank(*block))
            block = None
        elif block is not None:
            block[1].append(line)
        else:
            out.append(line)
    if block is not None:
        raise ValueError(f"{BEGIN} without {END}")
    return "\n".join(out)


def _blank(indent: str, body: list[str]) -> list[str]:
    if indent:
        return [indent + YOUR_CODE, indent + 'raise NotImplementedError("YOUR CODE HERE")']
    names = []
    for node in ast.parse(textwrap.dedent("\n".join(body))).body:
        targets = node.targets if isinstance(node, ast.Assign) else (
            [node.target] if isinstance(node, (ast.AugAssign, ast.AnnAssign)) else [])
        for target in targets:
            if isinstance(target, ast.Name) and target.id not in names:
                names.append(target.id)
    return [YOUR_CODE] + [f"{name} = None" for name in names]


def exercise_notebook(solution: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of the solution notebook with blanks for the answers and no outputs."""
    notebook = nbformat.from_dict(solution)
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        cell.source = blank_cell(cell.source)
        cell.outputs = []
        cell.execution_count = None
        cell.metadata.pop("execution", None)
    return notebook


def exercise_text(path: Path) -> str:
    """The exercise notebook made from the solution notebook at `path`, as file text."""
    return nbformat.writes(exercise_notebook(nbformat.read(path, as_version=4))) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 when an exercise notebook is out of date")
    args = parser.parse_args(argv)
    stale = []
    for solution in sorted(SOLUTIONS.glob("*.ipynb")):
        target = EXERCISES / solution.name
        text = exercise_text(solution)
        if target.exists() and target.read_text(encoding="utf-8") == text:
            continue
        stale.append(target.name)
        if not args.check:
            EXERCISES.mkdir(exist_ok=True)
            target.write_text(text, encoding="utf-8")
    verb = "out of date" if args.check else "written"
    for name in stale:
        print(f"{name}: {verb}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
