"""viz: computation graphs to Graphviz/SVG, gradient flow, and a backprop stepper."""
from viz.dot import KIND_STYLES, ScrollingDigraph, draw_graph, save_svg, to_digraph
from viz.graph import (
    DEFAULT_MAX_NODES, Graph, GraphEdge, GraphNode, ModuleTrace, build_graph, trace_modules,
)

__all__ = [
    "draw_graph", "save_svg", "to_digraph", "ScrollingDigraph", "KIND_STYLES",
    "build_graph", "trace_modules", "Graph", "GraphNode", "GraphEdge", "ModuleTrace",
    "DEFAULT_MAX_NODES",
]
