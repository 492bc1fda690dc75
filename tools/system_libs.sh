#!/bin/sh
# Makes sure the system libraries Qt needs are present: installs them as root, else prints the apt command.
# Usage: tools/system_libs.sh [extra-package ...]
set -e
PKGS="libglib2.0-0 libgl1 libegl1 libxkbcommon0 libfontconfig1 libfreetype6 libdbus-1-3 fonts-dejavu-core libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 $*"
command -v dpkg-query >/dev/null 2>&1 || exit 0   # not Debian/Ubuntu: nothing we can check
MISSING=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || MISSING="$MISSING $p"
done
[ -z "$MISSING" ] && exit 0
if [ "$(id -u)" = "0" ]; then
    echo "Installing system libraries:$MISSING"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $MISSING >/dev/null
else
    echo "Missing system libraries. Run:"
    echo "  sudo apt-get install -y$MISSING"
    exit 1
fi
