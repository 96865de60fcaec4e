"""Rendering: valid SVG, node and edge counts in the picture, colours, escaping, clusters."""
import time
import xml.etree.ElementTree as ET

import graphviz
import numpy as np

from autograd import Tensor, tensor
from viz import KIND_STYLES, draw_graph, save_svg

SVG = "{http://www.w3.org/2000/svg}"
EVIL = '<script>alert(1)</script>"&'


def _svg(dot) -> ET.Element:
    return ET.fromstring(dot.pipe(format="svg"))


def _groups(root: ET.Element, cls: str) -> list:
    return [g for g in root.iter(SVG + "g") if g.get("class") == cls]


def _texts(element: ET.Element) -> list:
    return [t.text for t in element.iter(SVG + "text") if t.text]


def test_svg_has_one_node_per_record_and_the_legend(scalar_graph):
    scalar_graph["J"].backward()
    root = _svg(draw_graph(scalar_graph["J"], names=scalar_graph))
    nodes = _groups(root, "node")
    assert len(nodes) == 7 + 1  # a, b, c, u, v, J, the constant 3 and the legend
    assert len(_groups(root, "edge")) == 6
    titles = {g.find(SVG + "title").text for g in _groups(root, "edge")}
    assert len(titles) == 6 and all("->" in t for t in titles)
    texts = _texts(root)
    for expected in ("J", "u", "v", "3*v", "b*c", "3", "value 33", "grad 9", "grad 6",
                     "grad 3", "leaf tensor"):
        assert expected in texts


def test_edges_point_forward(scalar_graph):
    dot = draw_graph(scalar_graph["J"], names=scalar_graph, legend=False)
    root = _svg(dot)
    ids = {}
    for g in _groups(root, "node"):
        ids[g.find(SVG + "title").text] = _texts(g)[0]
    edges = {tuple(ids[part] for part in g.find(SVG + "title").text.split("->"))
             for g in _groups(root, "edge")}
    assert ("b", "u") in edges and ("v", "J") in edges and ("J", "v") not in edges


def test_show_values_and_grads_switch_off(scalar_graph):
    scalar_graph["J"].backward()
    texts = _texts(_svg(draw_graph(scalar_graph["J"], show_values=False, show_grads=False,
                                   legend=False)))
    assert not any(t.startswith(("value", "grad")) for t in texts)


def test_kind_colours_are_distinct_and_used(scalar_graph):
    fills = {KIND_STYLES[k]["fillcolor"] for k in ("leaf", "parameter", "op", "output")}
    assert len(fills) == 4
    root = _svg(draw_graph(scalar_graph["J"], names=scalar_graph, legend=False))
    polygon_fills = ({p.get("fill") for p in root.iter(SVG + "polygon")}
                     | {p.get("fill") for p in root.iter(SVG + "path")}
                     | {p.get("fill") for p in root.iter(SVG + "ellipse")})
    assert KIND_STYLES["leaf"]["fillcolor"] in polygon_fills
    assert KIND_STYLES["output"]["fillcolor"] in polygon_fills


def test_labels_are_escaped_in_svg_and_html():
    a = tensor(1.0, requires_grad=True, name=EVIL)
    b = a * 2
    b.name = EVIL + "\\n"
    dot = draw_graph(b)
    svg = dot.pipe(format="svg").decode()
    root = ET.fromstring(svg)  # still well-formed XML
    assert not [e for e in root.iter() if e.tag.endswith("script")]
    assert EVIL in _texts(root) and EVIL + "\\n" in _texts(root)
    assert "<script>" not in svg
    shown = dot._repr_mimebundle_()["image/svg+xml"]
    assert "<script>" not in shown and "&lt;script&gt;" in shown


def test_broadcast_reduction_label_in_svg():
    W = Tensor(np.ones((2, 3), dtype=np.float32), requires_grad=True, name="W")
    x = Tensor(np.ones(3, dtype=np.float32), requires_grad=True, name="x")
    assert "sum → (3,)" in _texts(_svg(draw_graph((W * x).sum())))


def test_clusters_and_collapsed_modules(mlp):
    model, x = mlp
    loss = model(x).sum()
    root = _svg(draw_graph(loss, model=model, group_by_module=True))
    clusters = _groups(root, "cluster")
    assert sorted(_texts(c)[0] for c in clusters) == ["0 (Linear)", "2 (Linear)"]
    collapsed = draw_graph(loss, model=model, group_by_module="collapse", legend=False)
    assert isinstance(collapsed, graphviz.Digraph)
    assert len(_groups(_svg(collapsed), "node")) == 4  # two Linear boxes, the Relu, the Sum


def test_big_graph_renders_quickly_within_the_bound():
    x = tensor(0.5, requires_grad=True, name="x")
    y = x
    for _ in range(1000):
        y = (y * 0.999) + x  # 2,000 ops
    start = time.perf_counter()
    root = _svg(draw_graph(y, max_nodes=60, legend=False))
    assert time.perf_counter() - start < 20
    titles = [g.find(SVG + "title").text for g in _groups(root, "node")]
    full = [t for t in titles if "_use" not in t]
    assert len(full) <= 61
    assert any(t.startswith("… ") and t.endswith("more nodes") for t in _texts(root))
    x_uses = [t for t in titles if "_use" in t]  # x feeds every Add: drawn again at each use
    assert x_uses and len(x_uses) < 61


def test_a_tensor_used_many_times_is_drawn_at_each_use():
    W = tensor(0.9, requires_grad=True, name="W")
    h = tensor(1.0, requires_grad=True, name="h0")
    for _ in range(5):
        h = (h * W).tanh()
    split = _svg(draw_graph(h, legend=False))
    titles = [g.find(SVG + "title").text for g in _groups(split, "node")]
    assert len(titles) == 12 + 4  # 10 ops, W, h0, and W again at uses 2..5
    assert sorted(t for t in titles if "_use" in t)[0].endswith("_use2")
    texts = _texts(split)
    assert texts.count("W") == 5
    edges = [g.find(SVG + "title").text for g in _groups(split, "edge")]
    assert len(edges) == 15
    whole = _svg(draw_graph(h, legend=False, split_shared=False))
    assert len(_groups(whole, "node")) == 12 and _texts(whole).count("W") == 1


def test_save_svg_from_tensor_and_digraph(tmp_path, scalar_graph):
    p1 = save_svg(scalar_graph["J"], tmp_path / "a" / "j.svg", names=scalar_graph)
    p2 = save_svg(draw_graph(scalar_graph["J"]), tmp_path / "k.svg")
    for path in (p1, p2):
        assert ET.parse(path).getroot().tag == SVG + "svg"

