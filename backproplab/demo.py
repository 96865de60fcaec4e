"""`backproplab demo`: train an MLP on the spiral, then write its graph, curves and metrics."""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path

import numpy as np
from matplotlib.figure import Figure

import autograd
import nn
import optim
import viz
from autograd import Tensor, tensor
from backproplab.info import layout_engine_found
from nn.data import Standardizer, spiral, train_test_split

__all__ = ["BATCH_SIZE", "LEARNING_RATE", "WARMUP_FRACTION", "OUTPUTS", "make_data",
           "make_model", "train", "write_outputs", "main"]

BATCH_SIZE = 32
LEARNING_RATE = 0.01
WARMUP_FRACTION = 0.1
"""Share of the optimizer steps spent on the linear warmup before the cosine decay."""


OUTPUTS = {
    "graph.svg": "computation graph of one forward + backward pass, grouped by module",
    "gradient_flow.svg": "the same graph coloured and weighted by gradient magnitude",
    "gradient_flow_layers.svg": "gradient norm and update ratio per layer",
    "curves.png": "loss, accuracy and learning rate per epoch",
    "dashboard.png": "viz.TrainingDashboard: loss, lr, gradient norms per layer, histograms",
    "decision_boundary.png": "the trained model's classes over the plane",
    "backprop_steps/": "backprop on J = 3*(a + b*c) one node at a time: step_*.svg, index.html",
    "metrics.json": "final train/test loss and accuracy, epochs, seconds, files written",
}
"""What the demo writes into its folder, with a description (a trailing / marks a folder)."""


def make_data(seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The course's 2-class spiral (400 points), split 75/25 and standardised.

    Returns:
        `X_train, X_test, y_train, y_test`; the test set is scaled with training statistics.
    """
    X, y = spiral(n_per_class=200, n_classes=2, noise=0.2, seed=seed)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, seed=seed,
                                                        stratify=y)
    scaler = Standardizer().fit(X_train)
    return scaler.transform(X_train), scaler.transform(X_test), y_train, y_test


def make_model() -> nn.Sequential:
    """`[2, 32, 16, 2]` with batch norm between each linear step and its ReLU, and dropout."""
    return nn.Sequential(
        nn.Linear(2, 32), nn.BatchNorm1d(32), nn.ReLU(), nn.Dropout(0.1),
        nn.Linear(32, 16), nn.BatchNorm1d(16), nn.ReLU(), nn.Dropout(0.1),
        nn.Linear(16, 2),
    )


def train(model: nn.Module, data: tuple, epochs: int, verbose: bool = True, seed: int = 0,
          callbacks: tuple = ()) -> nn.History:
    """Adam with linear warmup + cosine decay (stepped per batch) through `nn.fit`."""
    X_train, X_test, y_train, y_test = data
    optimizer = optim.Adam(model.parameters(), lr=LEARNING_RATE)
    total_steps = epochs * math.ceil(len(X_train) / BATCH_SIZE)
    scheduler = optim.lr_scheduler.warmup_cosine(
        optimizer, warmup_steps=int(WARMUP_FRACTION * total_steps), total_steps=total_steps)
    return nn.fit(model, nn.CrossEntropyLoss(), optimizer, (X_train, y_train), epochs=epochs,
                  val_data=(X_test, y_test), metric="accuracy", scheduler=scheduler,
                  scheduler_step="batch", batch_size=BATCH_SIZE, seed=seed, verbose=verbose,
                  callbacks=callbacks)


def _one_pass(model: nn.Module, X: np.ndarray, y: np.ndarray) -> tuple[Tensor, viz.ModuleTrace]:
    """Forward and backward on a small batch in training mode, recording each op's module."""
    model.train()
    model.zero_grad()
    with viz.trace_modules(model) as trace:
        loss = nn.CrossEntropyLoss()(model(tensor(X)), tensor(y))
    loss.backward()
    return loss, trace


def _write_curves(history: nn.History, path: Path) -> Path:
    """Loss, accuracy and learning rate per epoch, side by side, as a PNG."""
    epochs = np.arange(1, history.epochs + 1)
    fig = Figure(figsize=(13, 3.8), layout="constrained")
    loss_ax, acc_ax, lr_ax = fig.subplots(1, 3)
    for ax, key, title in ((loss_ax, "loss", "cross-entropy loss"), (acc_ax, "metric", "accuracy")):
        ax.plot(epochs, history[key], label="train (dropout on)")
        ax.plot(epochs, history[f"val_{key}"], label="test")
        ax.set_title(title)
        ax.set_xlabel("epoch")
        ax.grid(alpha=0.3)
        ax.legend()
    lr_ax.plot(epochs, history["lr"], color="tab:green")
    lr_ax.set_title("learning rate (end of epoch): warmup + cosine")
    lr_ax.set_xlabel("epoch")
    lr_ax.grid(alpha=0.3)
    fig.savefig(path, dpi=100)
    return path


def _write_decision_boundary(model: nn.Module, data: tuple, path: Path) -> Path:
    """The model's predicted class over the plane, with the training and test points."""
    X_train, X_test, y_train, y_test = data
    X_all = np.concatenate([X_train, X_test])
    low, high = X_all.min(0) - 0.5, X_all.max(0) + 0.5
    xs, ys = np.meshgrid(np.linspace(low[0], high[0], 200), np.linspace(low[1], high[1], 200))
    grid = np.stack([xs.ravel(), ys.ravel()], axis=1).astype(np.float32)
    model.eval()
    with autograd.no_grad():
        predicted = model(tensor(grid)).data.argmax(1).reshape(xs.shape)
    fig = Figure(figsize=(5, 5), layout="constrained")
    ax = fig.subplots()
    ax.contourf(xs, ys, predicted, levels=[-0.5, 0.5, 1.5], colors=["#bfdbfe", "#fed7aa"])
    for X, y, marker in ((X_train, y_train, "o"), (X_test, y_test, "^")):
        for label, color in ((0, "#1d4ed8"), (1, "#c2410c")):
            ax.scatter(*X[y == label].T, color=color, marker=marker, s=14, edgecolors="none",
                       label=f"class {label}" if marker == "o" else None)
    ax.set_title("decision boundary (eval mode); ● train, ▲ test")
    ax.legend(loc="upper right")
    fig.savefig(path, dpi=100)
    return path


def _write_stepper_frames(folder: Path) -> list[Path]:
    """Backprop on the course's `J = 3*(a + b*c)`: one SVG per step, and index.html, a page
    with a heading and the stepper's player (every step, no kernel or network needed)."""
    a, b, c = (tensor(value, requires_grad=True) for value in (5.0, 3.0, 2.0))
    u = b * c
    v = a + u
    J = 3 * v
    stepper = viz.BackpropStepper(J, names={"a": a, "b": b, "c": c, "u": u, "v": v, "J": J},
                                  check=lambda: 3 * (a + b * c))
    folder.mkdir(parents=True, exist_ok=True)
    paths = [viz.save_svg(stepper.frame(k), folder / f"step_{k}.svg")
             for k in range(len(stepper) + 1)]
    page = folder / "index.html"
    page.write_text(stepper.page_html("Backprop step by step: J = 3*(a + b*c)"), encoding="utf-8")
    return [*paths, page]


def write_outputs(model: nn.Module, history: nn.History, dashboard: viz.TrainingDashboard,
                  data: tuple, out: Path) -> list[Path]:
    """Write the pictures of `OUTPUTS` (all but metrics.json) into `out`; return the paths."""
    X_train, _, y_train, _ = data
    paths = [_write_curves(history, out / "curves.png"),
             _write_decision_boundary(model, data, out / "decision_boundary.png")]
    dashboard.figure().savefig(out / "dashboard.png", dpi=80)
    paths.append(out / "dashboard.png")
    loss, trace = _one_pass(model, X_train[:8], y_train[:8])
    paths.append(viz.save_svg(loss, out / "graph.svg", model=model, modules=trace,
                              group_by_module=True))
    paths.append(viz.save_svg(viz.gradient_flow(loss, model=model), out / "gradient_flow.svg"))
    paths.append(viz.save_svg(viz.gradient_flow(model, lr=LEARNING_RATE),
                              out / "gradient_flow_layers.svg"))
    return paths + _write_stepper_frames(out / "backprop_steps")


def main(args: argparse.Namespace) -> int:
    """Run the demo with `args.out`, `args.seed`, `args.epochs` and `args.quiet`."""
    if args.epochs < 1:
        print(f"backproplab demo: --epochs must be at least 1, not {args.epochs}",
              file=sys.stderr)
        return 2
    if not layout_engine_found("demo"):
        return 1
    start = time.perf_counter()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    autograd.manual_seed(args.seed)
    data = make_data(args.seed)
    X_train, X_test, y_train, y_test = data
    model = make_model()
    print("backproplab demo: training an MLP [2, 32, 16, 2] with batch norm and dropout on the "
          f"spiral ({len(X_train)} training / {len(X_test)} test points), Adam with warmup + "
          "cosine")
    dashboard = viz.TrainingDashboard(live=False)
    history = train(model, data, args.epochs, verbose=not args.quiet, seed=args.seed,
                    callbacks=(dashboard,))
    train_seconds = time.perf_counter() - start

    loss_fn = nn.CrossEntropyLoss()
    train_loss, train_accuracy = nn.evaluate(model, loss_fn, (X_train, y_train), "accuracy")
    test_loss, test_accuracy = nn.evaluate(model, loss_fn, (X_test, y_test), "accuracy")
    written = write_outputs(model, history, dashboard, data, out)
    total_seconds = time.perf_counter() - start

    metrics = {
        "dataset": "spiral (2 classes, 400 points, noise 0.2)",
        "model": "Linear(2,32) BatchNorm1d ReLU Dropout(0.1) Linear(32,16) BatchNorm1d ReLU "
                 "Dropout(0.1) Linear(16,2)",
        "optimizer": f"Adam(lr={LEARNING_RATE}), linear warmup over {WARMUP_FRACTION:.0%} of "
                     "the steps, then cosine decay to 0",
        "epochs": history.epochs,
        "batch_size": BATCH_SIZE,
        "seed": args.seed,
        "train_loss": train_loss, "train_accuracy": train_accuracy,
        "test_loss": test_loss, "test_accuracy": test_accuracy,
        "seconds": {"training": round(train_seconds, 2), "total": round(total_seconds, 2)},
        "files": sorted([str(path.relative_to(out)) for path in written] + ["metrics.json"]),
    }
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n")

    print(f"trained {history.epochs} epochs in {train_seconds:.1f} s: "
          f"train accuracy {train_accuracy:.3f} (loss {train_loss:.3f}), "
          f"test accuracy {test_accuracy:.3f} (loss {test_loss:.3f})")
    print(f"wrote to {out.resolve()}/ ({total_seconds:.1f} s in all):")
    width = max(map(len, OUTPUTS))
    for name, description in OUTPUTS.items():
        print(f"  {name:<{width}}  {description}")
    return 0
