"""viz: computation graphs to Graphviz/SVG, gradient flow, a backprop stepper, a training dashboard."""
from viz.dashboard import TrainingDashboard
from viz.dot import KIND_STYLES, draw_graph, save_svg, to_digraph
from viz.flow import LayerStats, flow_graph, gradient_flow, layer_stats, plot_layer_stats
from viz.stepper import BackpropStepper, Frame, GradCheck
from viz.graph import (
    DEFAULT_MAX_NODES, Graph, GraphEdge, GraphNode, ModuleTrace, build_graph, record_backward,
    trace_modules,
)
from viz.render import GraphvizMissingError, NotebookDigraph, layout_engine

__all__ = [
    "draw_graph", "save_svg", "to_digraph", "NotebookDigraph", "KIND_STYLES",
    "layout_engine", "GraphvizMissingError",
    "build_graph", "trace_modules", "record_backward", "Graph", "GraphNode", "GraphEdge",
    "ModuleTrace", "DEFAULT_MAX_NODES",
    "gradient_flow", "flow_graph", "layer_stats", "plot_layer_stats", "LayerStats",
    "BackpropStepper", "Frame", "GradCheck", "TrainingDashboard",
]
