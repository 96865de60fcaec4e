#!/usr/bin/env bash
# Set up everything backproplab needs (venv, package) and run `backproplab demo`.
# Usage: bash scripts/demo.sh [demo options...]      (see: bash scripts/demo.sh --help)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh
backproplab_setup notebooks || exit 1
exec "$BACKPROPLAB_VENV/bin/backproplab" demo "$@"
