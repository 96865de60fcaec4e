"""viz reads only the graph's public facts: no `_`-attribute of another object anywhere in
viz (no `tensor._grad`, `node._received`, `module._parameters`), and autograd never imports
viz."""
import ast
from pathlib import Path

import viz

VIZ = Path(viz.__file__).parent
ALLOWED = {("sys", "_getframe")}  # the dashboard finds the user's line for its warnings


def _private_accesses(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Attribute):
            continue
        name = node.attr
        if not name.startswith("_") or name.endswith("_"):
            continue  # public, a dunder, or IPython's display protocol (`_repr_html_`)
        owner = node.value.id if isinstance(node.value, ast.Name) else None
        if owner in ("self", "cls") or (owner, name) in ALLOWED:
            continue
        found.append(f"{path.name}:{node.lineno}: {ast.unparse(node)}")
    return found


def test_viz_reads_no_private_attribute():
    found = [hit for path in sorted(VIZ.glob("*.py")) for hit in _private_accesses(path)]
    assert not found, "private attributes read by viz:\n" + "\n".join(found)


def test_the_check_finds_a_private_access(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f(t, m):\n    return t._grad, m._parameters, self_like._x\n")
    assert len(_private_accesses(sample)) == 3


def test_autograd_does_not_import_viz():
    autograd = VIZ.parent / "autograd"
    for path in autograd.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                assert not any(a.name.split(".")[0] == "viz" for a in node.names), path
            if isinstance(node, ast.ImportFrom) and node.module:
                assert node.module.split(".")[0] != "viz", path
