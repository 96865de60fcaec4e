"""README.md: the tour's python blocks run, and the files, commands and notebooks it names exist."""

import os
import re
import shlex
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from backproplab.cli import SUBCOMMANDS, main

ROOT = Path(__file__).resolve().parents[2]
SVG_TEXT = "{http://www.w3.org/2000/svg}text"
README = (ROOT / "README.md").read_text(encoding="utf-8")


def python_blocks(markdown: str) -> list[str]:
    """The contents of the ```python fenced blocks, in order."""
    return re.findall(r"^```python\n(.*?)^```", markdown, re.S | re.M)


def test_the_tour_runs(tmp_path):
    blocks = python_blocks(README)
    assert blocks, "the README has no python block"
    script = tmp_path / "tour.py"
    script.write_text("\n\n".join(blocks), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(ROOT)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]),
        MPLBACKEND="Agg")
    result = subprocess.run([sys.executable, str(script)], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "33.0 3.0 6.0 9.0" in result.stdout
    assert re.search(r"b\.grad \+= .* = 3 · 2 = 6", result.stdout)
    accuracy = float(re.search(r"test accuracy (\S+)", result.stdout).group(1))
    assert accuracy >= 0.9
    for name in ("J.svg", "model.svg"):
        assert ET.parse(tmp_path / name).getroot().tag.endswith("svg")


def test_images_exist_and_parse():
    images = re.findall(r"!\[[^\]]*\]\(([^)\s]+)\)", README)
    assert images, "the README has no picture"
    for relative in images:
        assert not relative.startswith(("/", "http")), relative
        root = ET.parse(ROOT / relative).getroot()
        assert root.tag.endswith("svg")
        assert "grad" in " ".join(root.itertext())


def test_the_three_commands_are_the_scripts():
    for script in ("scripts/demo.sh", "scripts/test.sh", "scripts/notebooks.sh"):
        assert f"bash {script}" in README
        assert (ROOT / script).is_file()


def test_named_subcommands_exist():
    named = set(re.findall(r"`backproplab ([a-z]\w*)", README))
    assert {"demo", "graph", "info"} <= named
    assert named <= set(SUBCOMMANDS), named - set(SUBCOMMANDS)


def test_listed_notebooks_exist():
    listed = re.findall(r"notebooks/(\d\d_\w+\.ipynb)", README)
    assert listed, "the README lists no notebook"
    for name in listed:
        assert (ROOT / "notebooks" / name).is_file(), name
    committed = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert sorted(set(listed)) == committed


def test_the_picture_is_what_its_caption_says(tmp_path):
    command = re.search(r"`backproplab (graph [^`]*)`", README).group(1)
    assert command.endswith("--out docs/images/graph.svg")
    argv = shlex.split(command)[:-1] + [str(tmp_path / "graph.svg")]
    assert main(argv) == 0
    texts = [[" ".join(text.itertext()) for text in ET.parse(path).getroot().iter(SVG_TEXT)]
             for path in (tmp_path / "graph.svg", ROOT / "docs" / "images" / "graph.svg")]
    assert texts[0] == texts[1]  # the labels drawn; either layout program may have made it
