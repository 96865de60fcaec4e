"""dashboard: `viz.TrainingDashboard` redraw time, and `nn.fit` with and without it.

Two measurements:
- the redraw: a dashboard holding the history of a 6-layer network trained for 600 steps is
  drawn to PNG (what a notebook shows, `dash.png()`) 50 times, one more step recorded before
  each; the median time per redraw, wall clock and CPU (the machine may be shared);
- training: `nn.fit` of the same network, without a dashboard and with
  `TrainingDashboard(every=25)` redrawing live, both run in a Jupyter kernel (nbclient), so
  the live redraws are the ones a notebook pays for.
"""

from __future__ import annotations

import statistics
import textwrap
import time

from common import print_table

__all__ = ["main"]

REDRAWS = 50

SETUP = textwrap.dedent("""
    import time
    import numpy as np
    import autograd, nn, optim, viz

    X, y = nn.data.spiral(400, noise=0.2, seed=0)
    y = y.astype(np.float32).reshape(-1, 1)

    def six_layer_net():
        autograd.manual_seed(0)
        return nn.Sequential(nn.Linear(2, 64), nn.Tanh(), nn.Linear(64, 64), nn.ReLU(),
                             nn.Linear(64, 64), nn.Tanh(), nn.Linear(64, 64), nn.ReLU(),
                             nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 1))

    def train(callbacks=(), epochs=24):
        model = six_layer_net()
        start = time.perf_counter()
        nn.fit(model, nn.BCEWithLogitsLoss(), optim.Adam(model.parameters(), lr=0.01), (X, y),
               epochs=epochs, batch_size=32, seed=0, verbose=False, callbacks=list(callbacks))
        return time.perf_counter() - start
""")


def _redraw_times(namespace: dict) -> tuple[float, list[float], list[float]]:
    """(first draw, wall and CPU seconds per later redraw) of a dashboard after 600 steps."""
    exec("dash = viz.TrainingDashboard(every=25, live=False); train([dash])", namespace)
    dash = namespace["dash"]
    start = time.perf_counter()
    dash.png()  # the first draw builds the figure
    first = time.perf_counter() - start
    wall, cpu = [], []
    for k in range(REDRAWS):
        dash.log(601 + k, loss=dash.losses[-1], lr=dash.lr, grad_norms={"0.weight": 0.1})
        start, start_cpu = time.perf_counter(), time.process_time()
        dash.png()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return first, wall, cpu


def _fit_times_in_kernel(epochs: int) -> tuple[float, float]:
    """(fit without dashboard, fit with a live dashboard every 25 steps) in a kernel."""
    import nbformat
    from nbclient import NotebookClient

    cells = [SETUP,
             f"train(epochs=1); plain = train(epochs={epochs})",
             "dash = viz.TrainingDashboard(every=25, live=True); "
             f"with_dash = train([dash], {epochs})",
             "print(plain, with_dash)"]
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    NotebookClient(notebook, timeout=1200, kernel_name="python3").execute()
    plain, with_dash = map(float, notebook.cells[-1].outputs[-1]["text"].split())
    return plain, with_dash


def main(quick: bool = False) -> list:
    namespace: dict = {}
    exec(SETUP, namespace)
    first, wall, cpu = _redraw_times(namespace)
    print_table(f"dashboard redraw to PNG, 6-layer MLP after 600 steps ({REDRAWS} redraws)",
                [{"case": "first draw (builds the figure)", "wall": first},
                 {"case": "redraw, median", "wall": statistics.median(wall),
                  "cpu": statistics.median(cpu)},
                 {"case": "redraw, slowest", "wall": max(wall), "cpu": max(cpu)}],
                ["case", "wall", "cpu"])
    rows = []
    for epochs in (24, 240):
        try:
            plain, with_dash = _fit_times_in_kernel(epochs)
        except ImportError as error:
            print(f"\nnn.fit in a kernel skipped: {error}")
            return []
        rows.append({"case": f"{epochs * 25} steps", "without": plain, "with": with_dash})
    print_table("nn.fit of the 6-layer MLP (25 batches an epoch) in a Jupyter kernel, without "
                "and with a live TrainingDashboard(every=25)", rows,
                ["case", "without", "with", "with/without"])
    return []
