"""A save killed at a random moment leaves the previous checkpoint whole, and the next save
removes what the killed one left behind."""
import os
import random
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

import nn

KILLS = 20
LAYERS, ROWS = 16, 1024  # 16 float32 arrays of 1024 x 1024: a 64 MiB state dict

CHILD = f"""
import sys
import numpy as np
import nn
state = {{f"layer{{i}}.weight": np.zeros(({ROWS}, 1024), np.float32) for i in range({LAYERS})}}
print("ready", flush=True)
version = 0
while True:
    version = version + 1 if version < 2**24 else 1
    for array in state.values():
        array.fill(version)
    nn.save({{"version": version, "model": state}}, sys.argv[1])
"""


def _check_whole(path):
    """The checkpoint at `path` loads, and every array holds the version it was saved with."""
    checkpoint = nn.load(path)
    version = checkpoint["version"]
    assert len(checkpoint["model"]) == LAYERS or version == 0
    for array in checkpoint["model"].values():
        assert array.shape[1] == 1024 and (array == version).all()
    return version


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_killed_saves_never_tear_the_checkpoint_and_leave_nothing_after_the_next_save(tmp_path):
    path = tmp_path / "model.pt"
    small = {"version": 0, "model": {"layer0.weight": np.zeros((2, 1024), np.float32)}}
    start = time.perf_counter()
    nn.save({"version": 0, "model": {f"layer{i}.weight": np.zeros((ROWS, 1024), np.float32)
                                     for i in range(LAYERS)}}, path)
    one_save = time.perf_counter() - start
    rng = random.Random(14)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    versions, torn_writes = [], 0
    for _ in range(KILLS):
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(path)], env=env,
                                 stdout=subprocess.PIPE, text=True)
        try:
            assert child.stdout.readline() == "ready\n"
            time.sleep(rng.uniform(0.0, 2.0 * one_save))
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait()
            child.stdout.close()
        versions.append(_check_whole(path))
        torn_writes += any(name.endswith(".tmp") for name in os.listdir(tmp_path))
        nn.save(small, path)
        assert os.listdir(tmp_path) == ["model.pt"]
        assert _check_whole(path) == 0
    assert torn_writes >= 1, "no kill landed during a write: the test proved nothing"
    print(f"{KILLS} kills, {torn_writes} during a write, versions found: {versions}")
