"""Regenerate the viz example pictures in this folder: `python docs/images/make_viz_images.py`."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

import nn  # noqa: E402
import viz  # noqa: E402
from autograd import Tensor, manual_seed, tensor  # noqa: E402


def _deep(act) -> nn.Module:
    manual_seed(1)
    layers = []
    for _ in range(10):
        layers += [nn.Linear(8, 8), act()]
    model = nn.Sequential(*layers, nn.Linear(8, 1))
    x = Tensor(np.random.default_rng(0).normal(size=(32, 8)).astype(np.float32))
    ((model(x) - 1.0) ** 2).mean().backward()
    return model


def main() -> None:
    a, b, c = (tensor(v, requires_grad=True) for v in (5.0, 3.0, 2.0))
    u = b * c
    v = a + u
    J = 3 * v
    stepper = viz.BackpropStepper(J, names=locals(), check=lambda: 3 * (a + b * c))
    viz.save_svg(stepper.frame(3), HERE / "viz_stepper_frame.svg")
    J.backward()
    viz.save_svg(J, HERE / "viz_scalar_graph.svg", names=locals())

    manual_seed(0)
    model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 1))
    x = Tensor(np.linspace(-1, 1, 6, dtype=np.float32).reshape(2, 3))
    with viz.trace_modules(model) as trace:
        loss = (model(x) ** 2).mean()
    viz.save_svg(viz.gradient_flow(loss, model=model), HERE / "viz_gradient_flow_graph.svg")
    viz.save_svg(loss, HERE / "viz_mlp_modules.svg", model=model, modules=trace, group_by_module=True)

    figure = viz.gradient_flow({"sigmoid": _deep(nn.Sigmoid), "relu": _deep(nn.ReLU)}, lr=0.1)
    figure.suptitle("10-layer nets: gradient norm per layer, sigmoid against ReLU")
    viz.save_svg(figure, HERE / "viz_gradient_flow_layers.svg")


if __name__ == "__main__":
    main()
