"""Regenerate the viz example pictures in this folder: `python docs/images/make_viz_images.py`.

viz_scalar_graph.svg          the course's J = 3*(a + b*c) after backward: the constant 3 as a
                              node, u and v named, values in black, gradients in red
viz_stepper_frame.svg         BackpropStepper's last frame of the same graph: u outlined, the
                              chain rule in numbers under it (b.grad += u.grad · c = 3 · 2 = 6)
viz_mlp_modules.svg           an MLP's graph (input and output included) boxed by module, with
                              parameters named by named_parameters()
viz_gradient_flow_graph.svg   the same MLP coloured and weighted by the gradient norm at each node
viz_gradient_flow_layers.svg  10-layer sigmoid against ReLU nets: gradient norm per layer
                              (weights and biases apart, module names) and update ratio

The README's graph.svg is made by the command quoted under it in the README.
"""
from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

import backproplab as torch  # noqa: E402
import backproplab.nn as nn  # noqa: E402
import viz  # noqa: E402


def _deep(activation) -> nn.Module:
    """A 10-hidden-layer net of width 8 with one backward pass done (MSE to 1 on 32 inputs)."""
    torch.manual_seed(1)
    layers = []
    for _ in range(10):
        layers += [nn.Linear(8, 8), activation()]
    model = nn.Sequential(*layers, nn.Linear(8, 1))
    x = torch.randn(32, 8, generator=torch.Generator().manual_seed(0))
    ((model(x) - 1.0) ** 2).mean().backward()
    return model


def main() -> None:
    a, b, c = (torch.tensor(value, requires_grad=True) for value in (5.0, 3.0, 2.0))
    u = b * c
    v = a + u
    J = 3 * v
    names = {"a": a, "b": b, "c": c, "u": u, "v": v, "J": J}
    stepper = viz.BackpropStepper(J, names=names, check=lambda: 3 * (a + b * c))
    viz.save_svg(stepper.frame(len(stepper)), HERE / "viz_stepper_frame.svg")
    J.backward()
    viz.save_svg(J, HERE / "viz_scalar_graph.svg", names=names)

    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 1))
    x = torch.linspace(-1, 1, 6).reshape(2, 3).requires_grad_()   # drawn: it gets a gradient
    with viz.trace_modules(model) as trace:
        loss = (model(x) ** 2).mean()
    loss.backward()
    viz.save_svg(viz.gradient_flow(loss, model=model, names={"x": x, "loss": loss}),
                 HERE / "viz_gradient_flow_graph.svg")
    viz.save_svg(loss, HERE / "viz_mlp_modules.svg", model=model, modules=trace,
                 group_by_module=True, names={"x": x, "loss": loss})

    figure = viz.gradient_flow({"sigmoid": _deep(nn.Sigmoid), "ReLU": _deep(nn.ReLU)}, lr=0.1)
    figure.suptitle("10-layer nets: gradient norm per layer, sigmoid against ReLU")
    viz.save_svg(figure, HERE / "viz_gradient_flow_layers.svg")


if __name__ == "__main__":
    main()
