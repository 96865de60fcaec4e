"""Every viz object shown inline in a notebook carries a PNG, and any HTML it carries shows its
pictures as PNG too: a saved notebook opened without trusting it (JupyterLab drops inline SVG
and scripts) or without its widget state still shows the pictures, never markup as text."""
import base64
import io
import re
import sys

import pytest
from PIL import Image

from viz import BackpropStepper, draw_graph

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def _check_static(bundle: dict, text_start: str) -> None:
    """The parts a notebook shows without widgets: a PNG, HTML without inline SVG, a text."""
    png = Image.open(io.BytesIO(base64.b64decode(bundle["image/png"])))
    assert png.size[0] > 0 and png.size[1] > 0
    html = bundle.get("text/html")
    if html is not None:
        assert "<svg" not in html and html.count("<img") >= 1
        assert "data:image/png;base64," in html
    assert bundle["text/plain"].startswith(text_start), bundle["text/plain"]


@pytest.fixture
def stepper(scalar_graph):
    return BackpropStepper(scalar_graph["J"], names=scalar_graph)


@pytest.mark.parametrize("widgets", ["with ipywidgets", "without ipywidgets"])
def test_steppers_and_quizzes_carry_png_pictures(stepper, widgets, monkeypatch):
    if widgets == "without ipywidgets":
        monkeypatch.setitem(sys.modules, "ipywidgets", None)  # import fails
    else:
        pytest.importorskip("ipywidgets")
    for shown, text in ((stepper, "<BackpropStepper: 3 steps"),
                        (stepper.quiz(), "<Quiz: at step 1/3")):
        bundle = shown._repr_mimebundle_()
        _check_static(bundle, text)
        assert (WIDGET_VIEW in bundle) == (widgets == "with ipywidgets")


def test_the_widgets_themselves_carry_the_static_player(stepper):
    pytest.importorskip("ipywidgets")
    for widget, text in ((stepper.widget(), "<BackpropStepper"),
                         (stepper.widget(mode="predict"), "<Quiz"),
                         (stepper.quiz().widget(), "<Quiz")):
        bundle = widget._repr_mimebundle_()
        assert WIDGET_VIEW in bundle and not bundle["text/plain"].startswith("VBox(")
        _check_static(bundle, text)


def test_the_predict_fallback_has_its_questions_only_in_the_template(stepper):
    html = stepper.quiz()._repr_mimebundle_()["text/html"]
    shown = re.sub(r"<script\b[^>]*>.*?</script>", "", html, flags=re.S)
    assert shown.count("<img") == len(stepper) + 1 and "<form" not in shown


def test_frames_graphs_and_reports_carry_svg_and_png(scalar_graph, stepper):
    from viz import check_grads

    report = check_grads(scalar_graph["J"], {"u": 3.0}, names=scalar_graph, quiet=True)
    for shown in (stepper.frame(2), draw_graph(scalar_graph["J"], names=scalar_graph), report):
        bundle = shown._repr_mimebundle_()
        assert bundle["image/svg+xml"].lstrip().startswith(("<?xml", "<svg"))
        Image.open(io.BytesIO(base64.b64decode(bundle["image/png"]))).verify()
