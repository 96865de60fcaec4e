"""viz: time from a computed graph to SVG, against torchviz's `make_dot` on the PyTorch twin.

No target: a picture of the graph should take well under a second. torchviz is optional.
"""

from __future__ import annotations

import re

import numpy as np

from common import format_seconds, import_torch, print_table, time_interleaved

__all__ = ["main"]

RNN_STEPS, BATCH, INPUTS, HIDDEN = 30, 4, 8, 16


def _counts(source: str) -> tuple[int, int, int]:
    """(nodes, of which small copies of a shared tensor, edges) of a dot source, no legend."""
    edges = sum(1 for line in source.splitlines() if " -> " in line)
    nodes = [line.split()[0] for line in source.splitlines()
             if re.match(r"\s*[\w\"]+ \[", line) and " -> " not in line
             and not line.strip().startswith(("graph", "node", "edge", "legend"))]
    return len(nodes), sum(1 for n in nodes if "_use" in n), edges


def _mlp_ours(rng):
    import nn
    from autograd import Tensor

    model = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Linear(32, 32), nn.ReLU(),
                          nn.Linear(32, 1))
    x = Tensor(rng.normal(size=(16, 10)).astype(np.float32))
    y = Tensor(rng.normal(size=(16, 1)).astype(np.float32))
    loss = ((model(x) - y) ** 2).mean()
    return loss, model


def _mlp_torch(torch, model):
    layers = []
    for module in model:
        if type(module).__name__ == "Linear":
            layer = torch.nn.Linear(module.weight.shape[1], module.weight.shape[0])
            with torch.no_grad():
                layer.weight.copy_(torch.from_numpy(module.weight.numpy(force=True)))
                layer.bias.copy_(torch.from_numpy(module.bias.numpy(force=True)))
            layers.append(layer)
        else:
            layers.append(torch.nn.ReLU())
    twin = torch.nn.Sequential(*layers)
    x, y = torch.randn(16, 10), torch.randn(16, 1)
    return ((twin(x) - y) ** 2).mean(), dict(twin.named_parameters())


def _rnn_arrays(rng):
    return (rng.normal(size=(INPUTS, HIDDEN)).astype(np.float32) * 0.3,
            rng.normal(size=(HIDDEN, HIDDEN)).astype(np.float32) * 0.3,
            np.zeros(HIDDEN, dtype=np.float32),
            [rng.normal(size=(BATCH, INPUTS)).astype(np.float32) for _ in range(RNN_STEPS)])


def _rnn_ours(arrays):
    from autograd import Tensor

    wx, wh, b, xs = arrays
    Wx = Tensor(wx, requires_grad=True, name="Wx")
    Wh = Tensor(wh, requires_grad=True, name="Wh")
    bias = Tensor(b, requires_grad=True, name="b")
    h = Tensor(np.zeros((BATCH, HIDDEN), dtype=np.float32))
    for x in xs:
        h = (Tensor(x) @ Wx + h @ Wh + bias).tanh()
    return h.sum()


def _rnn_torch(torch, arrays):
    wx, wh, b, xs = arrays
    params = {name: torch.tensor(a, requires_grad=True)
              for name, a in (("Wx", wx), ("Wh", wh), ("b", b))}
    h = torch.zeros(BATCH, HIDDEN)
    for x in xs:
        h = torch.tanh(torch.from_numpy(x) @ params["Wx"] + h @ params["Wh"] + params["b"])
    return h.sum(), params


def main(quick: bool = False) -> list:
    import viz

    rng = np.random.default_rng(0)
    torch = import_torch()
    try:
        from torchviz import make_dot
    except ImportError:
        make_dot = None
    mlp_loss, mlp_model = _mlp_ours(rng)
    arrays = _rnn_arrays(rng)
    rnn_loss = _rnn_ours(arrays)
    cases = [("3-layer MLP", lambda: viz.draw_graph(mlp_loss, model=mlp_model),
              (lambda: _mlp_torch(torch, mlp_model)) if torch else None),
             (f"{RNN_STEPS}-step RNN cell", lambda: viz.draw_graph(rnn_loss),
              (lambda: _rnn_torch(torch, arrays)) if torch else None)]
    rows = []
    for case, ours, twin in cases:
        nodes, copies, edges = _counts(ours().source)
        contenders = {"ours": lambda: ours().pipe(format="svg")}
        row = [case, f"{nodes - copies}+{copies}" if copies else str(nodes), str(edges), "-", "-"]
        if twin is not None and make_dot is not None:
            loss, params = twin()
            tnodes, _, tedges = _counts(make_dot(loss, params=params).source)
            row[3:] = [str(tnodes), str(tedges)]
            contenders["torchviz"] = lambda: make_dot(loss, params=params).pipe(format="svg")
        slow = quick or "torchviz" in contenders  # torchviz takes seconds on the RNN
        timing = time_interleaved(contenders, repeat=1 if slow else 3, warmup=False)
        seconds = {name: timing.best(name) for name in contenders}
        row += [format_seconds(seconds["ours"]),
                format_seconds(seconds["torchviz"]) if "torchviz" in seconds else "-",
                f"{seconds['ours'] / seconds['torchviz']:.2f}x" if "torchviz" in seconds else "-"]
        rows.append(row)
    print_table("graph to SVG (build + dot), fastest run (no target)", rows,
                ["case", "nodes", "edges", "torchviz nodes", "torchviz edges", "ours", "torchviz",
                 "ours/torchviz"])
    print("nodes: graph nodes (+ small dashed copies of a weight at its other uses, drawn "
          "instead of long edges)")
    if make_dot is None:
        print("torchviz not installed: `pip install torchviz` for the comparison")
    return []
