#!/bin/bash
# CI, after the tests: build the standalone bundle and the .deb, prove the frozen and the installed
# app work (--version, --smoke-test), then print bundle sizes and start times against the goals.
# Exits non-zero when a build or a check fails; a missed size or speed goal is reported, not fatal.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
APP=defence-planner
FROZEN=dist/$APP/$APP
export QT_QPA_PLATFORM=offscreen

step() { echo "== ci_bundle: $*"; }
fail() { echo "ci_bundle: FAILED: $*" >&2; exit 1; }
mib() { echo $(( ($1 + 524288) / 1048576 )); }

step "PyInstaller build (onedir)"
t0=$SECONDS
"$PY" -m PyInstaller --noconfirm --log-level WARN build.spec || fail "pyinstaller build.spec"
ARCHIVE=$(PY=$PY sh packaging/make_tarball.sh) || fail "packaging/make_tarball.sh"
echo "built in $((SECONDS - t0)) s"

step "frozen --version"
"$FROZEN" --version || fail "$FROZEN --version"
step "frozen --smoke-test"
"$FROZEN" --smoke-test || fail "$FROZEN --smoke-test"

step "install.sh / uninstall.sh from the archive into a scratch HOME"
SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT
tar -C "$SCRATCH" -xzf "$ARCHIVE"
UNPACKED=$(find "$SCRATCH" -mindepth 1 -maxdepth 1 -type d)
HOME=$SCRATCH/home sh "$UNPACKED/install.sh" || fail "install.sh"
HOME=$SCRATCH/home "$SCRATCH/home/.local/bin/$APP" --smoke-test || fail "the user-installed app's --smoke-test"
HOME=$SCRATCH/home sh "$SCRATCH/home/.local/lib/$APP/uninstall.sh" || fail "uninstall.sh"
[ ! -e "$SCRATCH/home/.local/lib/$APP" ] || fail "uninstall.sh left $SCRATCH/home/.local/lib/$APP"

if [ "$(id -u)" = "0" ] && command -v dpkg-deb >/dev/null 2>&1; then
    step "deb: build, install, smoke-test, remove"
    DEB=$(PY=$PY sh packaging/make_deb.sh) || fail "packaging/make_deb.sh"
    dpkg -i "$DEB" >/dev/null || { dpkg -r "$APP" >/dev/null 2>&1; fail "dpkg -i $DEB"; }
    installed_ok=1
    "/usr/bin/$APP" --smoke-test || installed_ok=0
    dpkg -r "$APP" >/dev/null || fail "dpkg -r $APP"
    [ "$installed_ok" = 1 ] || fail "the installed app's --smoke-test"
    [ ! -e "/opt/$APP" ] && [ ! -e "/usr/bin/$APP" ] || fail "dpkg -r left /opt/$APP or /usr/bin/$APP behind"
    echo "installed, smoke-tested and removed $DEB ($(mib "$(stat -c %s "$DEB")") MB)"
else
    step "deb: skipped (installing a .deb needs root and dpkg)"
fi

step "sizes and start time"
ONEDIR_BYTES=$(du -sb "dist/$APP" | cut -f1)
ARCHIVE_BYTES=$(stat -c %s "$ARCHIVE")
goal() { [ "$1" -le "$2" ] && echo "goal <= $2 MB met" || echo "OVER the $2 MB goal"; }
echo "onedir  dist/$APP: $(mib "$ONEDIR_BYTES") MB ($(goal "$(mib "$ONEDIR_BYTES")" 170))"
echo "archive $ARCHIVE: $(mib "$ARCHIVE_BYTES") MB ($(goal "$(mib "$ARCHIVE_BYTES")" 65))"
"$PY" packaging/measure_start.py "$FROZEN" 3 || fail "start-time measurement"
step "passed"
