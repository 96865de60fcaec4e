"""The set-up scripts: valid shell, and the notebooks command listens on this machine only."""
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = sorted((ROOT / "scripts").glob("*.sh")) + [ROOT / ".ci" / "run"]


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_script_is_valid_bash(script):
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash is not installed")
    result = subprocess.run([bash, "-n", str(script)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_notebooks_command_opens_jupyterlab_on_loopback_only():
    text = (ROOT / "scripts" / "notebooks.sh").read_text()
    assert "backproplab_setup notebooks,lab" in text
    assert "jupyter\" lab --ip=127.0.0.1" in text
    assert "0.0.0.0" not in text


def test_ci_runs_the_drawing_tests_again_without_dot():
    text = (ROOT / ".ci" / "run").read_text()
    assert "BACKPROPLAB_HIDE_DOT=1 bash scripts/test.sh tests/viz tests/cli tests/notebooks" in text
    assert "chromium" in text and "browser-tests" in text
