#!/usr/bin/env bash
# Set up everything the tests need (venv, package with dev + notebook extras, Graphviz) and
# run the test suite.  Extra arguments go to pytest, e.g.  bash scripts/test.sh -k gradcheck
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh
backproplab_setup dev,notebooks || exit 1

set +e
"$BACKPROPLAB_VENV/bin/python" -m pytest tests -q "$@"
rc=$?
set -e
if [ "$rc" -eq 5 ]; then
    echo "[backproplab] FAILED: pytest collected no tests under tests/ (exit code 5)." >&2
    echo "[backproplab] An empty test run is not a pass: add tests, or check the -k/path arguments." >&2
    exit 1
fi
exit "$rc"
