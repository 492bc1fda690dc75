#!/bin/sh
# Wraps "dist/Defence Spending Planner.app" (pyinstaller build.spec on macOS) in
# dist/defence-planner-VERSION-macos-ARCH.dmg: open it and drag the app onto Applications.
set -eu
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
APP="dist/Defence Spending Planner.app"
VERSION=$("$PY" packaging/bundle_contents.py version)
NAME=defence-planner-$VERSION-$("$PY" packaging/bundle_contents.py tag)
STAGE=build/dmg

[ -d "$APP" ] || { echo "make_dmg.sh: $APP is missing: run pyinstaller build.spec on macOS first" >&2; exit 1; }
rm -rf "$STAGE"
mkdir -p "$STAGE"
ditto "$APP" "$STAGE/$(basename "$APP")"
ln -s /Applications "$STAGE/Applications"
hdiutil create -volname "Defence Spending Planner $VERSION" -srcfolder "$STAGE" -fs HFS+ -format UDZO -ov "dist/$NAME.dmg" >/dev/null
echo "dist/$NAME.dmg"
