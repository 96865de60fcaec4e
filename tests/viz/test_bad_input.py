"""A sweep of bad inputs to viz: each call is refused with an error naming the argument and
the problem (what clear, deep and silent mean: tests/bad_input.py)."""
import inspect
import os
import tempfile

import autograd as ag
import nn
import viz
from tests.bad_input import Raises, sweep_tests

_DIR = tempfile.mkdtemp(prefix="viz-bad-input-")


def _loss():
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    return (x * x).sum()


def _model_after_backward():
    model = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
    model(ag.ones(4, 2)).sum().backward()
    return model


def _stepper():
    return viz.BackpropStepper(_loss())


def _dashboard(**kwargs):
    return lambda: viz.TrainingDashboard(**kwargs)


def raises(row_id, call, error, pattern):
    return row_id, call, Raises(error, pattern)


ROOT_TAKERS = ["draw_graph", "build_graph", "flow_graph", "record_backward", "save_svg"]


def _root_rows():
    """Each function taking a graph's root, given None, a string, a list, a Module and a
    tensor outside any graph."""
    rows = []
    for name in ROOT_TAKERS:
        function = getattr(viz, name)
        extra = (os.path.join(_DIR, f"{name}.svg"),) if name == "save_svg" else ()
        parameter = list(inspect.signature(function).parameters)[0]
        for kind, bad, shown in (("None", None, "NoneType"), ("str", "abc", "str"),
                                 ("list", [1.0, 2.0], "(list|float)"), ("int", 5, "int")):
            rows.append(raises(f"{name}-{kind}", lambda f=function, b=bad: f(b, *extra),
                               TypeError, rf"(?=.*({parameter}|root|Tensor)).*\b{shown}\b"))
    return rows


CASES = _root_rows() + [
    raises("draw_graph-max_nodes-zero", lambda: viz.draw_graph(_loss(), max_nodes=0),
           ValueError, r"max_nodes.*0"),
    raises("draw_graph-max_nodes-str", lambda: viz.draw_graph(_loss(), max_nodes="a"),
           TypeError, r"max_nodes.*('a'|str)"),
    raises("draw_graph-rankdir", lambda: viz.draw_graph(_loss(), rankdir="XY"), ValueError,
           r"rankdir.*XY"),
    raises("draw_graph-depth-negative", lambda: viz.draw_graph(_loss(), depth=-1), ValueError,
           r"depth.*-1"),
    raises("draw_graph-names-list", lambda: viz.draw_graph(_loss(), names=["x"]), TypeError,
           r"names.*list"),
    raises("draw_graph-model-str", lambda: viz.draw_graph(_loss(), model="m"), TypeError,
           r"model.*str"),
    raises("draw_graph-module-as-root", lambda: viz.draw_graph(nn.Linear(2, 2)), TypeError,
           r"Tensor.*Linear"),
    raises("save_svg-path-None", lambda: viz.save_svg(_loss(), None), TypeError,
           r"path.*NoneType"),
    raises("save_svg-extension", lambda: viz.save_svg(_loss(), os.path.join(_DIR, "g.txt")),
           ValueError, r"path.*g\.txt.*\.svg"),
    raises("save_svg-folder-is-a-file", lambda: viz.save_svg(
        _loss(), os.path.join(__file__, "g.svg")), (NotADirectoryError, FileExistsError),
        r"test_bad_input\.py"),
    raises("to_digraph-None", lambda: viz.to_digraph(None), TypeError, r"graph.*NoneType"),
    raises("to_digraph-tensor", lambda: viz.to_digraph(_loss()), TypeError,
           r"graph.*Tensor"),
    raises("gradient_flow-None", lambda: viz.gradient_flow(None), TypeError,
           r"(model_or_root|Module).*NoneType"),
    raises("gradient_flow-str", lambda: viz.gradient_flow("abc"), TypeError,
           r"(model_or_root|Module).*str"),
    raises("gradient_flow-no-grads", lambda: viz.gradient_flow(nn.Linear(2, 2)),
           (ValueError, RuntimeError), r"(?i)no grad.*backward"),
    raises("gradient_flow-lr-negative", lambda: viz.gradient_flow(
        _model_after_backward(), lr=-1), ValueError, r"lr.*-1"),
    raises("gradient_flow-lr-str", lambda: viz.gradient_flow(_model_after_backward(), lr="a"),
           TypeError, r"lr.*('a'|str)"),
    raises("layer_stats-None", lambda: viz.layer_stats(None), TypeError,
           r"(model|Module).*NoneType"),
    raises("layer_stats-tensor", lambda: viz.layer_stats(_loss()), TypeError,
           r"(model|Module).*Tensor"),
    raises("layer_stats-lr-negative", lambda: viz.layer_stats(_model_after_backward(), lr=-1),
           ValueError, r"lr.*-1"),
    raises("plot_layer_stats-None", lambda: viz.plot_layer_stats(None), TypeError,
           r"runs.*NoneType"),
    raises("plot_layer_stats-empty", lambda: viz.plot_layer_stats({}), ValueError,
           r"runs.*empty"),
    raises("trace_modules-None", lambda: viz.trace_modules(None).__enter__(), TypeError,
           r"model.*NoneType"),
    raises("record_backward-no-graph", lambda: viz.record_backward(ag.ones(2)), ValueError,
           r"not part of a computation graph"),
    raises("BackpropStepper-None", lambda: viz.BackpropStepper(None), TypeError,
           r"(loss|Tensor).*NoneType"),
    raises("BackpropStepper-module", lambda: viz.BackpropStepper(nn.Linear(2, 2)), TypeError,
           r"(loss|Tensor).*Linear"),
    raises("BackpropStepper-non-scalar", lambda: viz.BackpropStepper(
        ag.tensor([1.0, 2.0], requires_grad=True) * 2), RuntimeError,
        r"implicitly created only for scalar outputs"),
    raises("BackpropStepper-no-grad", lambda: viz.BackpropStepper(ag.tensor(2.0) * 3),
           (RuntimeError, ValueError), r"does not require grad|grad_fn is None"),
    raises("BackpropStepper-gradient-shape", lambda: viz.BackpropStepper(
        ag.tensor([1.0, 2.0], requires_grad=True) * 2, gradient=ag.ones(3)), RuntimeError,
        r"(?i)shape"),
    raises("BackpropStepper-eps-zero", lambda: viz.BackpropStepper(_loss(), eps=0),
           ValueError, r"eps.*0"),
    raises("BackpropStepper-rankdir", lambda: viz.BackpropStepper(_loss(), rankdir="XY"),
           ValueError, r"rankdir.*XY"),
    raises("BackpropStepper-frame-out-of-range", lambda: _stepper().frame(99), IndexError,
           r"99"),
    raises("BackpropStepper-frame-str", lambda: _stepper().frame("a"), TypeError,
           r"\bk\b.*('a'|str)"),
    raises("BackpropStepper-check-str", lambda: viz.BackpropStepper(_loss(), check="yes"),
           TypeError, r"check.*str"),
    raises("Quiz-None", lambda: viz.Quiz(None), TypeError, r"stepper.*NoneType"),
    raises("Quiz-rtol-negative", lambda: viz.Quiz(_stepper(), rtol=-1), ValueError,
           r"rtol.*-1"),
    raises("Quiz-max_size-zero", lambda: viz.Quiz(_stepper(), max_size=0), ValueError,
           r"max_size.*0"),
    raises("Quiz-check-None", lambda: viz.Quiz(_stepper()).check(None), TypeError,
           r"answers.*NoneType"),
    raises("TrainingDashboard-every-zero", _dashboard(every=0), ValueError, r"every.*0"),
    raises("TrainingDashboard-every-str", _dashboard(every="a"), (TypeError, ValueError),
           r"every.*'a'"),
    raises("TrainingDashboard-bins-negative", _dashboard(bins=-1), ValueError, r"bins.*-1"),
    raises("TrainingDashboard-max_layers-float", _dashboard(max_layers=2.5),
           (TypeError, ValueError), r"max_layers.*2.5"),
    raises("TrainingDashboard-saturation_warning", _dashboard(saturation_warning=1.5),
           ValueError, r"saturation_warning.*1.5"),
    raises("TrainingDashboard-max_draw_fraction-nan",
           _dashboard(max_draw_fraction=float("nan")), ValueError, r"max_draw_fraction.*nan"),
    raises("TrainingDashboard-watch-None", lambda: viz.TrainingDashboard().watch(None),
           TypeError, r"model.*NoneType"),
    raises("TrainingDashboard-log-loss-str", lambda: viz.TrainingDashboard().log(1, loss="a"),
           TypeError, r"loss.*('a'|str)"),
    raises("TrainingDashboard-log-step-negative",
           lambda: viz.TrainingDashboard().log(-1, loss=1.0), ValueError, r"step.*-1"),
    raises("TrainingDashboard-save-None", lambda: viz.TrainingDashboard().save(None),
           TypeError, r"folder.*NoneType"),
    raises("check_grads-loss-None", lambda: viz.check_grads(None, {}, names={}, quiet=True),
           TypeError, r"loss.*NoneType"),
    raises("check_grads-grads-list", lambda: viz.check_grads(_loss(), [1.0], names={},
                                                             quiet=True),
           TypeError, r"grads.*list"),
    raises("check_grads-names-list", lambda: viz.check_grads(_loss(), {}, names=[1],
                                                             quiet=True),
           TypeError, r"names.*list"),
    raises("check_grads-unknown-name", lambda: viz.check_grads(_loss(), {"w": 1.0}, names={},
                                                               quiet=True),
           (KeyError, ValueError, TypeError), r"'w'"),
]
NOT_ENTRY_POINTS = {  # records viz returns, constants, and names that take no argument
    "Graph", "GraphNode", "GraphEdge", "ModuleTrace", "LayerStats", "Frame", "KIND_STYLES",
    "DEFAULT_MAX_NODES", "GraphvizMissingError", "NotebookDigraph", "layout_engine",
    "GradCheck", "GradReport", "GradComparison"}


test_bad_input_is_refused_clearly, test_the_sweep_ids_are_unique = sweep_tests(CASES)


def test_every_public_name_has_a_row():
    swept = {row_id.split("-")[0] for row_id, *_ in CASES}
    assert sorted(set(viz.__all__) - swept - NOT_ENTRY_POINTS) == []
