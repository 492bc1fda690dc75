#!/bin/sh
# Creates .venv with a working pip from python3, or says exactly what to install; never leaves a half-made .venv.
# Usage: tools/make_venv.sh PYTHON VENV
set -e
PYTHON=${1:-python3}
VENV=${2:-.venv}
if ! command -v "$PYTHON" >/dev/null 2>&1; then
    echo "$PYTHON was not found: install Python 3.11 or newer (e.g. sudo apt-get install python3)"; exit 1
fi
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "Python 3.11 or newer is needed, $PYTHON is $("$PYTHON" -c 'import platform; print(platform.python_version())'): run make with PYTHON=python3.11 (or newer)"; exit 1
fi
if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -m pip --version >/dev/null 2>&1; then
    exit 0
fi
rm -rf "$VENV"
if ! "$PYTHON" -c 'import ensurepip, venv' 2>/dev/null; then
    PKG="python3-venv"
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "Installing $PKG (Debian/Ubuntu ship Python without venv's pip)"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$PKG" >/dev/null
    else
        echo "Python's venv module is missing. Run:"; echo "  sudo apt-get install -y $PKG"; exit 1
    fi
fi
"$PYTHON" -m venv "$VENV" || { rm -rf "$VENV"; echo "could not create $VENV"; exit 1; }
