# Shared set-up for scripts/demo.sh, scripts/test.sh, scripts/notebooks.sh and .ci/run.
# Source it, then call
#
#     backproplab_setup EXTRAS      # e.g. backproplab_setup notebooks   or   dev,notebooks
#
# which, from the repository root:
#   1. creates .venv with `python3 -m venv` (installing Debian's python3-venv if needed),
#   2. installs the package in editable mode with the given extras (skipped when
#      pyproject.toml and the extras are unchanged since the last install),
#   3. registers the venv's Jupyter kernel "python3" (when ipykernel is installed),
#   4. checks that graphs can be drawn: with Graphviz's `dot` when it is on PATH, else with
#      graphviz-pure, which pip installs with backproplab (no system package is needed),
#   5. puts .venv/bin first on PATH, so notebooks and subprocesses use the venv's python.
#
# Functions return non-zero with a message instead of exiting, so sourcing this file from an
# interactive shell is safe.  Environment: PYTHON (interpreter used to create the venv,
# default python3), BACKPROPLAB_VENV (default .venv).

BACKPROPLAB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BACKPROPLAB_VENV="${BACKPROPLAB_VENV:-$BACKPROPLAB_ROOT/.venv}"

_bpl_say() { printf '[backproplab] %s\n' "$*" >&2; }

# Run a command as root: directly when we are root, else through sudo (non-interactively
# when there is no terminal to type a password into).  Returns 1 when neither is possible.
_bpl_as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        if [ -t 0 ]; then sudo "$@"; else sudo -n "$@"; fi
    else
        return 1
    fi
}

_bpl_can_apt() {
    command -v apt-get >/dev/null 2>&1 || return 1
    [ "$(id -u)" -eq 0 ] && return 0
    command -v sudo >/dev/null 2>&1 || return 1
    [ -t 0 ] || sudo -n true 2>/dev/null
}

_bpl_apt_updated=""
_bpl_apt_install() {
    if [ -z "$_bpl_apt_updated" ]; then
        _bpl_as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq || return 1
        _bpl_apt_updated=1
    fi
    _bpl_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

_bpl_find_python() {
    local py="${PYTHON:-python3}"
    if ! command -v "$py" >/dev/null 2>&1; then
        _bpl_say "ERROR: '$py' not found. backproplab needs Python 3.10 or newer"
        _bpl_say "       (Debian/Ubuntu: apt-get install python3 python3-venv)."
        return 1
    fi
    local ver
    if ! ver="$("$py" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)"; then
        _bpl_say "ERROR: '$py' does not run. backproplab needs Python 3.10 or newer;"
        _bpl_say "       set PYTHON=/path/to/python3.10+ and run again."
        return 1
    fi
    if ! "$py" -c 'import sys; sys.exit(sys.version_info < (3, 10))'; then
        _bpl_say "ERROR: '$py' is Python $ver: backproplab needs Python 3.10 or newer;"
        _bpl_say "       set PYTHON=/path/to/python3.10+ and run again."
        return 1
    fi
    BACKPROPLAB_PYTHON="$py"
}

# Create the venv when it is missing or broken.
backproplab_make_venv() {
    if [ -x "$BACKPROPLAB_VENV/bin/python" ] \
        && "$BACKPROPLAB_VENV/bin/python" -c 'import pip' >/dev/null 2>&1; then
        return 0
    fi
    _bpl_find_python || return 1
    local py="$BACKPROPLAB_PYTHON"
    rm -rf "$BACKPROPLAB_VENV"
    _bpl_say "creating the virtual environment $BACKPROPLAB_VENV ($("$py" -V 2>&1))"
    if ! "$py" -m venv "$BACKPROPLAB_VENV" >/dev/null 2>&1; then
        rm -rf "$BACKPROPLAB_VENV"
        local ver
        ver="$("$py" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
        if _bpl_can_apt; then
            _bpl_say "'$py -m venv' failed (no venv/ensurepip): installing python$ver-venv with apt-get"
            _bpl_apt_install "python$ver-venv" || _bpl_apt_install python3-venv || true
        fi
        if ! "$py" -m venv "$BACKPROPLAB_VENV"; then
            rm -rf "$BACKPROPLAB_VENV"
            _bpl_say "ERROR: could not create a virtual environment with '$py -m venv'."
            _bpl_say "       Install Python's venv module and run again, e.g. on Debian/Ubuntu:"
            _bpl_say "           sudo apt-get install python$ver-venv"
            return 1
        fi
    fi
    # Editable installs from pyproject.toml need pip >= 21.3 (PEP 660).
    if ! "$BACKPROPLAB_VENV/bin/python" -c \
        'import pip, sys; sys.exit(tuple(map(int, pip.__version__.split(".")[:2])) < (21, 3))'; then
        _bpl_say "upgrading pip in the virtual environment"
        "$BACKPROPLAB_VENV/bin/python" -m pip install --quiet --upgrade pip || return 1
    fi
}

_bpl_hash() {
    if command -v sha256sum >/dev/null 2>&1; then
        sha256sum "$1" | cut -d' ' -f1
    else
        "$BACKPROPLAB_VENV/bin/python" -c \
            'import hashlib, sys; print(hashlib.sha256(open(sys.argv[1], "rb").read()).hexdigest())' "$1"
    fi
}

# Install the package (editable) with the given extras, unless the stamp says it is done.
# The stamp (.venv/.backproplab-installed) holds pyproject.toml's hash and the extras
# installed with it; extras only ever accumulate, since pip never removes them.
backproplab_install() {
    local extras="$1"
    local vpy="$BACKPROPLAB_VENV/bin/python"
    local stamp="$BACKPROPLAB_VENV/.backproplab-installed"
    local hash have="" missing="" e
    hash="$(_bpl_hash "$BACKPROPLAB_ROOT/pyproject.toml")"
    if [ -f "$stamp" ] && [ "$(cut -d' ' -f1 "$stamp")" = "$hash" ]; then
        have="$(cut -s -d' ' -f2 "$stamp")"
    fi
    for e in ${extras//,/ }; do
        case ",$have," in *",$e,"*) ;; *) missing="$missing,$e" ;; esac
    done
    if [ -z "$missing" ] && "$vpy" -c 'import backproplab' >/dev/null 2>&1; then
        return 0
    fi
    local all="${have:+$have,}${missing#,}"
    all="${all#,}"
    _bpl_say "installing backproplab[$all] into $BACKPROPLAB_VENV (first run only)"
    rm -f "$stamp"
    (cd "$BACKPROPLAB_ROOT" && "$vpy" -m pip install --quiet --progress-bar off -e ".[$all]") \
        || { _bpl_say "ERROR: pip install -e \".[$all]\" failed (see above)."; return 1; }
    # Register the venv's kernel as "python3" inside the venv (sys.prefix).  Inside a venv
    # jupyter_client looks there before the user's own kernels, so nbclient runs notebooks
    # with this interpreter, whatever else is installed on the machine.
    if "$vpy" -c 'import ipykernel' >/dev/null 2>&1; then
        "$vpy" -m ipykernel install --sys-prefix --name python3 \
            --display-name "Python 3 (backproplab)" >/dev/null 2>&1 \
            || { _bpl_say "ERROR: could not register the Jupyter kernel."; return 1; }
    fi
    printf '%s %s\n' "$hash" "$all" >"$stamp"
}

# Say which program draws the graphs: system `dot`, else the venv's graphviz-pure.
backproplab_check_drawing() {
    command -v dot >/dev/null 2>&1 && return 0
    if [ -x "$BACKPROPLAB_VENV/bin/graphviz-pure" ]; then
        _bpl_say "Graphviz's 'dot' is not installed: graphs are drawn with graphviz-pure (from pip)"
        return 0
    fi
    _bpl_say "ERROR: nothing can draw graphs: neither Graphviz's 'dot' nor graphviz-pure is installed."
    _bpl_say "       Reinstall with: $BACKPROPLAB_VENV/bin/python -m pip install graphviz-pure"
    return 1
}

# Everything: venv, package with EXTRAS, a program that draws graphs, PATH.
backproplab_setup() {
    local extras="${1:-notebooks}"
    backproplab_make_venv || return 1
    backproplab_install "$extras" || return 1
    backproplab_check_drawing || return 1
    export VIRTUAL_ENV="$BACKPROPLAB_VENV"
    export PATH="$BACKPROPLAB_VENV/bin:$PATH"
}
