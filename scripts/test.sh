#!/usr/bin/env bash
# Set up everything the tests need (venv, package with dev + notebook extras) and
# run the test suite.  Extra arguments go to pytest, e.g.  bash scripts/test.sh -k gradcheck
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh
backproplab_setup dev,notebooks || exit 1

# Run over tests/ unless the arguments name test paths themselves.
targets=(tests)
for arg in "$@"; do
    if [[ "$arg" != -* && -e "${arg%%::*}" ]]; then targets=(); break; fi
done

set +e
"$BACKPROPLAB_VENV/bin/python" -m pytest -q ${targets[@]+"${targets[@]}"} "$@"
rc=$?
set -e
if [ "$rc" -eq 5 ]; then
    echo "[backproplab] FAILED: pytest ran no tests (exit code 5)." >&2
    echo "[backproplab] An empty test run is not a pass: add tests, or check the -k/path arguments." >&2
    exit 1
fi
exit "$rc"
