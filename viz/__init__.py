"""viz: computation graphs to Graphviz/SVG, gradient flow, a backprop stepper, a training
dashboard."""
from viz.check import GradComparison, GradReport, check_grads
from viz.dot import KIND_STYLES, draw_graph, save_svg, to_digraph
from viz.flow import flow_graph, gradient_flow
from viz.graph import DEFAULT_MAX_NODES, Graph, GraphEdge, GraphNode, build_graph
from viz.grouping import ModuleTrace, trace_modules
from viz.layers import LayerStats, layer_stats, plot_layer_stats
from viz.render import GraphvizMissingError, NotebookDigraph, layout_engine
from viz.replay import record_backward
from viz.predict import Quiz
from viz.stepper import BackpropStepper, Frame, GradCheck

__all__ = [
    "draw_graph", "save_svg", "to_digraph", "NotebookDigraph", "KIND_STYLES",
    "layout_engine", "GraphvizMissingError",
    "build_graph", "trace_modules", "record_backward", "Graph", "GraphNode", "GraphEdge",
    "ModuleTrace", "DEFAULT_MAX_NODES",
    "gradient_flow", "flow_graph", "layer_stats", "plot_layer_stats", "LayerStats",
    "BackpropStepper", "Frame", "GradCheck", "Quiz", "TrainingDashboard",
    "check_grads", "GradReport", "GradComparison",
]


def __getattr__(name: str):
    """`viz.TrainingDashboard` is imported on first use: it needs `nn` and matplotlib, which
    drawing graphs does not."""
    if name == "TrainingDashboard":
        from viz.dashboard import TrainingDashboard

        return TrainingDashboard
    raise AttributeError(f"module 'viz' has no attribute {name!r}")
