"""Drawing with either layout engine: file formats by extension, notebook display, no engine.

Tests that take `engine` run once per installed engine (system `dot`, graphviz-pure); the
suite's run with BACKPROPLAB_HIDE_DOT=1 proves the pip-only path end to end.
"""
import base64
import io
import os
import xml.etree.ElementTree as ET

import graphviz
import pytest
from PIL import Image

from autograd import tensor
from viz import GraphvizMissingError, NotebookDigraph, draw_graph, gradient_flow, save_svg
from viz import render
from viz.render import (
    NOTEBOOK_DPI, NOTEBOOK_MAX_SIDE, layout_engine, layout_engines, mimebundle, render_png,
    svg_size,
)
from viz.stepper import BackpropStepper

SVG = "{http://www.w3.org/2000/svg}"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
ENGINES = layout_engines()


@pytest.fixture(params=ENGINES, ids=[engine.name for engine in ENGINES])
def engine(request, monkeypatch):
    """Each installed engine in turn, made the one `layout_engine()` returns."""
    monkeypatch.setattr(render, "layout_engine", lambda: request.param)
    return request.param


def _texts(svg: bytes) -> list:
    return [t.text for t in ET.fromstring(svg).iter(SVG + "text") if t.text]


def _png_size(png: bytes) -> tuple:
    assert png.startswith(PNG_MAGIC)
    return Image.open(io.BytesIO(png)).size


def _long_chain(terms: int = 120):
    x = tensor(0.5, requires_grad=True, name="x")
    y = x
    for _ in range(terms):
        y = y * x + x
    return y


def test_an_engine_is_installed():
    assert ENGINES, "graphviz-pure is a dependency of backproplab: reinstall the package"
    assert layout_engine() == ENGINES[0]


def test_system_dot_is_preferred_when_present():
    names = [engine.name for engine in ENGINES]
    if "dot" in names:
        assert names[0] == "dot"


@pytest.mark.skipif(os.environ.get("BACKPROPLAB_HIDE_DOT") != "1", reason="dot not hidden")
def test_with_dot_hidden_graphviz_pure_draws():
    assert [engine.name for engine in ENGINES] == ["graphviz-pure"]


def test_both_engines_draw_the_same_graph():
    if len(ENGINES) < 2:
        pytest.skip("needs both system dot and graphviz-pure")
    a, b = tensor(2.0, requires_grad=True, name="a"), tensor(-3.0, requires_grad=True, name="b")
    J = 3 * (a + a * b)
    J.backward()
    source = draw_graph(J, names={"J": J}).source
    texts = [sorted(_texts(render.render(source, "svg", engine=e))) for e in ENGINES]
    assert texts[0] == texts[1]


def test_svg_png_and_pdf_by_extension(engine, tmp_path, scalar_graph):
    scalar_graph["J"].backward()
    svg = save_svg(scalar_graph["J"], tmp_path / "j.svg", names=scalar_graph)
    assert {"J", "grad 9", "leaf tensor"} <= set(_texts(svg.read_bytes()))
    png = save_svg(scalar_graph["J"], tmp_path / "j.PNG", names=scalar_graph)
    width, height = _png_size(png.read_bytes())
    assert width > 300 and height > 300
    pdf = save_svg(draw_graph(scalar_graph["J"]), tmp_path / "sub" / "j.pdf")
    assert pdf.read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize("name", ["j.jpg", "j.svgz", "j", "j.svg.txt"])
def test_save_svg_refuses_other_extensions(tmp_path, scalar_graph, name):
    with pytest.raises(ValueError, match=r"\.svg, \.png or \.pdf"):
        save_svg(scalar_graph["J"], tmp_path / name)
    assert not list(tmp_path.iterdir())


def test_save_svg_refuses_other_objects(tmp_path):
    with pytest.raises(TypeError, match="save_svg: expected a Tensor"):
        save_svg("J = a*b", tmp_path / "j.svg")


@pytest.mark.parametrize("suffix, magic", [(".svg", b"<?xml"), (".png", PNG_MAGIC),
                                           (".pdf", b"%PDF-")])
def test_figures_are_saved_in_the_format_named(tmp_path, mlp, suffix, magic):
    model, x = mlp
    model(x).sum().backward()
    path = save_svg(gradient_flow(model), tmp_path / f"layers{suffix}")
    assert path.read_bytes().startswith(magic)
    if suffix == ".svg":
        assert ET.parse(path).getroot().tag == SVG + "svg"


def test_every_kind_of_picture_is_well_formed_svg(engine, tmp_path, mlp, scalar_graph):
    """Graphs with clusters, collapsed modules, captions, edge labels, colours: valid XML."""
    model, x = mlp
    loss = model(x).sum()
    stepper = BackpropStepper(scalar_graph["J"], names=scalar_graph)
    pictures = {
        "clusters": draw_graph(loss, model=model, group_by_module=True, rankdir="LR"),
        "collapsed": draw_graph(loss, model=model, group_by_module="collapse"),
        "flow": gradient_flow(loss, model=model),
        "frame": stepper.frame(2),
        "long": draw_graph(_long_chain(), max_nodes=40),
    }
    for name, picture in pictures.items():
        root = ET.parse(save_svg(picture, tmp_path / f"{name}.svg")).getroot()
        assert root.tag == SVG + "svg", name
        assert [g for g in root.iter(SVG + "g") if g.get("class") == "node"], name


def test_notebook_display_has_svg_and_a_png_of_the_same_size(engine, scalar_graph):
    dot = draw_graph(scalar_graph["J"], names=scalar_graph)
    assert isinstance(dot, NotebookDigraph) and isinstance(dot, graphviz.Digraph)
    bundle = dot._repr_mimebundle_()
    assert set(bundle) == {"image/svg+xml", "image/png", "text/plain"}
    svg = bundle["image/svg+xml"].encode()
    assert ET.fromstring(svg).tag == SVG + "svg"
    width_pt, height_pt = svg_size(svg)
    width, height = _png_size(base64.b64decode(bundle["image/png"]))
    scale = NOTEBOOK_DPI / 72
    assert abs(width - width_pt * scale) <= 3 and abs(height - height_pt * scale) <= 3


def test_notebook_png_is_capped_for_a_huge_graph(engine):
    source = draw_graph(_long_chain(), max_nodes=None, rankdir="LR", legend=False).source
    width_pt, height_pt = svg_size(render.render(source, "svg"))
    assert max(width_pt, height_pt) * NOTEBOOK_DPI / 72 > NOTEBOOK_MAX_SIDE
    width, height = _png_size(base64.b64decode(mimebundle(source)["image/png"]))
    assert max(width, height) <= NOTEBOOK_MAX_SIDE and min(width, height) > 0


def test_png_has_at_most_256_colours(engine, scalar_graph):
    png = render_png(draw_graph(scalar_graph["J"]).source)
    assert Image.open(io.BytesIO(png)).mode == "P"


def test_pipe_returns_bytes_or_text(engine, scalar_graph):
    dot = draw_graph(scalar_graph["J"])
    assert dot.pipe(format="png").startswith(PNG_MAGIC)
    assert dot.pipe(format="svg", encoding="utf-8").lstrip().startswith("<?xml")


def test_a_graphviz_failure_is_reported_with_its_message(engine):
    with pytest.raises(RuntimeError, match=f"{engine.name} could not draw this graph"):
        render.render("digraph { a -> }", "svg")


@pytest.fixture
def no_engine(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(render, "_graphviz_pure", lambda: None)
    assert not layout_engines()


def test_without_any_engine_every_entry_point_says_what_to_install(no_engine, tmp_path,
                                                                   scalar_graph):
    dot = draw_graph(scalar_graph["J"])  # building the Digraph needs no engine
    attempts = [dot._repr_mimebundle_, lambda: dot.pipe(format="svg"), dot._repr_image_png,
                lambda: dot.render(tmp_path / "j"),
                lambda: save_svg(scalar_graph["J"], tmp_path / "j.svg")]
    for attempt in attempts:
        with pytest.raises(GraphvizMissingError) as info:
            attempt()
        assert not isinstance(info.value, graphviz.ExecutableNotFound)
        assert "pip install graphviz-pure" in str(info.value)
        assert "apt-get install graphviz" in str(info.value)
    assert not list(tmp_path.glob("j*"))


def test_render_and_view_need_system_dot(tmp_path, monkeypatch, scalar_graph):
    pure = [engine for engine in ENGINES if engine.name == "graphviz-pure"]
    if not pure:
        pytest.skip("graphviz-pure is not installed")
    monkeypatch.setattr(render, "layout_engine", lambda: pure[0])
    with pytest.raises(GraphvizMissingError, match="viz.save_svg"):
        draw_graph(scalar_graph["J"]).render(tmp_path / "j", format="svg")
