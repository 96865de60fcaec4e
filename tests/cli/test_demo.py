"""`backproplab demo`: a short run writes every file, the SVGs parse, metrics.json loads."""

import contextlib
import io
import json
import xml.etree.ElementTree as ET

import pytest

from backproplab.cli import main

SVG = "{http://www.w3.org/2000/svg}svg"


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo") / "output"
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        status = main(["demo", "--out", str(out), "--epochs", "20", "--quiet", "--seed", "1"])
    return status, out, printed.getvalue()


def test_demo_succeeds_and_writes_the_files_it_lists(demo_run):
    status, out, _ = demo_run
    assert status == 0
    metrics = json.loads((out / "metrics.json").read_text())
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert metrics["files"] == written
    for name in ("graph.svg", "gradient_flow.svg", "gradient_flow_layers.svg", "curves.png",
                 "dashboard.png", "decision_boundary.png", "metrics.json",
                 "backprop_steps/step_0.svg", "backprop_steps/index.html"):
        assert name in written


def test_demo_svgs_are_valid_svg(demo_run):
    _, out, _ = demo_run
    svgs = sorted(out.rglob("*.svg"))
    assert svgs
    for path in svgs:
        assert ET.parse(path).getroot().tag == SVG, path


def test_demo_pngs_are_pngs(demo_run):
    _, out, _ = demo_run
    for path in out.rglob("*.png"):
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", path


def test_demo_metrics(demo_run):
    _, out, _ = demo_run
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["epochs"] == 20 and metrics["seed"] == 1
    for key in ("train_accuracy", "test_accuracy"):
        assert 0.0 <= metrics[key] <= 1.0
    for key in ("train_loss", "test_loss"):
        assert 0.0 < metrics[key] < 10.0
    assert 0 < metrics["seconds"]["training"] <= metrics["seconds"]["total"]


def test_demo_graph_shows_the_modules_and_the_loss(demo_run):
    _, out, _ = demo_run
    text = " ".join(ET.parse(out / "graph.svg").getroot().itertext())
    for label in ("0.weight", "BatchNorm", "CrossEntropy", "grad"):
        assert label in text


def test_demo_prints_where_the_files_are(demo_run):
    _, out, printed = demo_run
    assert str(out.resolve()) in printed
    for path in out.iterdir():
        assert path.name in printed


def test_demo_learns_the_spiral(demo_run):
    _, out, _ = demo_run
    assert json.loads((out / "metrics.json").read_text())["test_accuracy"] >= 0.9


def test_demo_rejects_zero_epochs(tmp_path, capsys):
    assert main(["demo", "--out", str(tmp_path / "o"), "--epochs", "0"]) == 2
    assert "--epochs" in capsys.readouterr().err


def test_demo_gradient_flow_shows_gradient_norms(demo_run):
    _, out, _ = demo_run
    text = " ".join(ET.parse(out / "gradient_flow.svg").getroot().itertext())
    assert "0.weight" in text and "‖grad‖" in text


def test_demo_stepper_frames_follow_the_chain_rule(demo_run):
    _, out, _ = demo_run
    frames = sorted((out / "backprop_steps").glob("step_*.svg"))
    assert [p.name for p in frames] == [f"step_{k}.svg" for k in range(4)]  # before + 3 nodes
    last = " ".join(ET.parse(frames[-1]).getroot().itertext())
    assert "b.grad += u.grad · c = 3 · 2 = 6" in last
    assert "step 3/3" in (out / "backprop_steps" / "index.html").read_text(encoding="utf-8")
