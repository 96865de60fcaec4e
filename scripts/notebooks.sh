#!/usr/bin/env bash
# Set up the venv with JupyterLab (the `lab` extra) and open the notebooks in it.
# Usage: bash scripts/notebooks.sh [jupyter lab options...]     e.g.  --port 9999
# JupyterLab listens on this machine only (127.0.0.1) and prints the address to open,
# http://127.0.0.1:8888/lab?token=... (another port when 8888 is taken).  Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh
backproplab_setup notebooks,lab || exit 1
as_root=()
[ "$(id -u)" -eq 0 ] && as_root=(--allow-root)   # Jupyter refuses root unless told
exec "$BACKPROPLAB_VENV/bin/jupyter" lab --ip=127.0.0.1 ${as_root[@]+"${as_root[@]}"} \
    --ServerApp.root_dir="$PWD/notebooks" "$@"
