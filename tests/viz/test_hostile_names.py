"""Names of any content draw as valid SVG: no markup from names, no control characters, no
characters XML cannot hold, long names cut with an ellipsis; every picture parses as XML."""
import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest

from autograd import Tensor, tensor
from viz import BackpropStepper, draw_graph, gradient_flow
from viz.text import NAME_LIMIT, clean_text, escape

HOSTILE = [
    "<script>alert(1)</script>", 'a"b\'c&d<e>f', "nul\x00byte", "bell\x07tab\tnew\nline\r",
    "del\x7f c1\x85", "nonchar\ufffe\uffff", "surrogate\ud800", "x" * 20000, "]]><!--",
    "back\\slash {record|label}", "<img src=x onerror=alert(1)>", "\u202eright-to-left",
]
SVG_TAGS = {"svg", "g", "title", "polygon", "ellipse", "path", "text", "a", "polyline", "defs",
            "linearGradient", "stop", "image", "rect"}


def _hostile_graph():
    leaves = [Tensor(np.array([1.0 + i, 2.0]), requires_grad=True, name=name)
              for i, name in enumerate(HOSTILE)]
    total = leaves[0]
    for leaf in leaves[1:]:
        total = total * 0.5 + leaf
    loss = total.sum()
    loss.name = HOSTILE[0] + HOSTILE[2]
    return leaves, loss


def _check_svg(svg: bytes | str) -> ET.Element:
    text = svg.decode("utf-8") if isinstance(svg, bytes) else svg
    root = ET.fromstring(text)  # well-formed XML, or this raises
    for element in root.iter():
        tag = element.tag.rpartition("}")[2]
        assert tag in SVG_TAGS, f"unexpected element <{tag}>"
        assert not any(name.lower().startswith("on") for name in element.attrib), element.attrib
    assert "<script" not in text and "<img" not in text
    comments = re.findall(r"<!--(.*?)-->", text, re.S)[2:]  # after Graphviz's own header
    assert all(re.fullmatch(r" [\w&#;-]+ ", c) for c in comments), comments  # node ids only
    for ch in text:
        code = ord(ch)
        assert code in (9, 10, 13) or code >= 32, f"control character U+{code:04X} in the SVG"
        assert code not in (0xFFFE, 0xFFFF) and not 0xD800 <= code < 0xE000
    return root


def _longest_text(root: ET.Element) -> int:
    return max(len(t.text or "") for t in root.iter() if t.tag.endswith("text"))


def test_clean_text_replaces_controls_and_cuts_long_names():
    assert clean_text("a\x00b\nc") == "a␀b␊c"
    assert clean_text("\ufffe\ud800\x85") == "\ufffd" * 3
    long = clean_text("y" * 100)
    assert len(long) == NAME_LIMIT and long.endswith("…")
    assert escape("<b>&") == "&lt;b&gt;&amp;"


def test_the_graph_of_hostile_names_is_valid_svg():
    leaves, loss = _hostile_graph()
    names = {name: leaf for name, leaf in zip(HOSTILE, leaves)}
    root = _check_svg(draw_graph(loss, names=names).pipe(format="svg"))
    texts = [t.text for t in root.iter() if t.tag.endswith("text") and t.text]
    assert "<script>alert(1)</script>" in texts  # shown as text, not markup
    assert "nul␀byte" in texts and "bell␇tab␉new␊line␍" in texts
    assert _longest_text(root) <= NAME_LIMIT + 20


def test_gradient_flow_and_stepper_of_hostile_names_are_valid_svg():
    leaves, loss = _hostile_graph()
    _check_svg(gradient_flow(loss).pipe(format="svg"))
    loss.backward(retain_graph=True)
    _check_svg(gradient_flow(loss).pipe(format="svg"))
    stepper = BackpropStepper(loss, check=lambda: loss)
    for k in (0, 1, len(stepper)):
        _check_svg(stepper.frame(k).svg())
        assert all(len(line) < 2000 for line in stepper.frame(k).lines)


def test_the_player_page_has_no_markup_from_names():
    leaves, loss = _hostile_graph()
    stepper = BackpropStepper(loss)
    for mode in ("step", "predict"):
        page = stepper.page_html("title <script>alert(2)</script>\x00", mode=mode)
        assert page.count("<script") == 2  # the player's template and script, and no other
        assert page.count("</script") == 2
        assert "alert(2)" in page and "<script>alert(2)" not in page and "\x00" not in page
        for figure in page.split("<svg")[1:]:
            _check_svg("<svg" + figure.split("</svg>")[0] + "</svg>")


@pytest.mark.parametrize("name", HOSTILE)
def test_each_hostile_name_alone(name):
    x = tensor(2.0, requires_grad=True, name=name)
    y = x * x
    y.name = name
    _check_svg(draw_graph(y).pipe(format="svg"))
    _check_svg(BackpropStepper(y).frame(1).svg())
