"""`Frame`: one picture of the backprop stepper, after some of backward's steps."""
from __future__ import annotations

from dataclasses import dataclass, field

import graphviz

from viz.dot import to_digraph
from viz.graph import Graph, with_grads
from viz.render import mimebundle
from viz.text import clean_text, escape, format_array

__all__ = ["Frame", "HIGHLIGHT"]

HIGHLIGHT = "#dc2626"


@dataclass
class Frame:
    """The picture after `index` backward steps (0: before the first step).

    `lines` are the chain-rule lines of the step just taken; `grads` maps node id to the
    gradient known so far; `partial` holds ids whose gradient is still being summed.
    """

    index: int
    total: int
    graph: Graph = field(repr=False)
    current: str | None
    lines: list[str]
    grads: dict = field(repr=False)
    partial: set = field(repr=False)
    sent_edges: dict = field(repr=False)
    rankdir: str = "TB"
    output: str = "output"

    @property
    def title(self) -> str:
        if self.current is None:
            return (f"step 0/{self.total}: before backward, "
                    f"∂{self.output}/∂{self.output} = 1")
        node = self.graph.node(self.current)
        return f"step {self.index}/{self.total}: backward of {clean_text(node.label)}" + (
            f" ({node.op})" if node.op and node.op != node.label else "")

    @property
    def caption(self) -> str:
        return "\n".join([self.title, *self.lines])

    def picture(self, caption: bool = True) -> graphviz.Digraph:
        """This frame drawn: current node outlined in red, edges it just sent gradients along
        labelled with what they carried; the caption under it unless `caption=False`."""
        node_attrs = {self.current: {"color": HIGHLIGHT, "penwidth": "3"}} if self.current else {}
        extra = {node_id: '<FONT COLOR="#b91c1c"><I>(partial sum)</I></FONT>'
                 for node_id in self.partial}
        edge_attrs = {}
        for key, g in self.sent_edges.items():
            edge_attrs[key] = {"color": HIGHLIGHT, "penwidth": "2", "fontcolor": HIGHLIGHT,
                               "xlabel": "<" + escape("grad " + format_array(g)) + ">"}
        return to_digraph(with_grads(self.graph, self.grads), show_values=True, show_grads=True,
                          legend=False, rankdir=self.rankdir, node_attrs=node_attrs,
                          edge_attrs=edge_attrs, extra_rows=extra,
                          caption=self.caption if caption else None)

    @property
    def digraph(self) -> graphviz.Digraph:
        """The frame with its caption, as `save_svg` writes it."""
        return self.picture()

    def svg(self, caption: bool = True) -> str:
        """The frame as SVG text."""
        return self.picture(caption).pipe(format="svg").decode("utf-8")

    def _repr_mimebundle_(self, include=None, exclude=None, **_) -> dict:
        """In notebooks: the frame as SVG with a PNG copy (shown by untrusted notebooks)."""
        return mimebundle(self.picture().source, self.title)
