#!/bin/sh
# Removes what install.sh put under ~/.local (or under PREFIX); scenario files are left alone.
set -eu

APP=defence-planner
MIME_ICON=application-x-defplan
HERE=$(cd "$(dirname "$0")" && pwd)
# The installed copy lives in PREFIX/lib/defence-planner/: find the prefix from there.
case "$HERE" in
    */lib/$APP) PREFIX=${PREFIX:-${HERE%/lib/$APP}} ;;
    *) PREFIX=${PREFIX:-$HOME/.local} ;;
esac
SHARE=$PREFIX/share
DEST=$PREFIX/lib/$APP

if [ ! -e "$DEST" ] && [ ! -e "$SHARE/applications/$APP.desktop" ]; then
    echo "uninstall.sh: Defence Spending Planner is not installed under $PREFIX"
    exit 0
fi

# Only the launcher install.sh made: a symlink into our folder.
if [ -L "$PREFIX/bin/$APP" ] && [ "$(readlink "$PREFIX/bin/$APP")" = "$DEST/$APP" ]; then
    rm -f "$PREFIX/bin/$APP"
fi
rm -f "$SHARE/applications/$APP.desktop" "$SHARE/mime/packages/$APP.xml"
rm -f "$SHARE"/icons/hicolor/*/apps/"$APP".png "$SHARE"/icons/hicolor/*/apps/"$APP".svg \
    "$SHARE"/icons/hicolor/*/mimetypes/"$MIME_ICON".png "$SHARE"/icons/hicolor/*/mimetypes/"$MIME_ICON".svg
rm -rf "$DEST" "$DEST.new"

command -v update-mime-database >/dev/null 2>&1 && [ -d "$SHARE/mime/packages" ] && update-mime-database "$SHARE/mime" >/dev/null 2>&1 || true
command -v update-desktop-database >/dev/null 2>&1 && [ -d "$SHARE/applications" ] && update-desktop-database -q "$SHARE/applications" >/dev/null 2>&1 || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -d "$SHARE/icons/hicolor" ] && gtk-update-icon-cache -q -t -f "$SHARE/icons/hicolor" >/dev/null 2>&1 || true

echo "Removed Defence Spending Planner from $PREFIX"
