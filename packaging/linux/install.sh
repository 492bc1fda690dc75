#!/bin/sh
# Installs Defence Spending Planner for the current user: no root, nothing outside ~/.local.
#
#   ./install.sh                 app in ~/.local/lib/defence-planner, launcher in ~/.local/bin,
#                                menu entry, icon and .defplan file association in ~/.local/share
#   PREFIX=/some/dir ./install.sh   the same under another prefix
#
# Running it again upgrades in place. ~/.local/lib/defence-planner/uninstall.sh removes it all.
set -eu

APP=defence-planner
HERE=$(cd "$(dirname "$0")" && pwd)
PREFIX=${PREFIX:-$HOME/.local}
SHARE=$PREFIX/share
DEST=$PREFIX/lib/$APP

fail() { echo "install.sh: $*" >&2; exit 1; }

[ -x "$HERE/$APP/$APP" ] || fail "$HERE/$APP/$APP is missing: unpack the whole archive, then run install.sh from it"
[ -f "$HERE/share/applications/$APP.desktop" ] || fail "$HERE/share/applications/$APP.desktop is missing: unpack the whole archive"

# Copy beside the old version, then swap, so a failed copy leaves the old one working.
mkdir -p "$PREFIX/lib" "$PREFIX/bin" "$SHARE/applications" "$SHARE/mime/packages" "$SHARE/icons/hicolor"
rm -rf "$DEST.new"
cp -R "$HERE/$APP" "$DEST.new"
cp "$HERE/uninstall.sh" "$DEST.new/uninstall.sh"
chmod 755 "$DEST.new/uninstall.sh"
rm -rf "$DEST"
mv "$DEST.new" "$DEST"

ln -sfn "$DEST/$APP" "$PREFIX/bin/$APP"
# Exec takes the absolute path: a desktop session's PATH often lacks ~/.local/bin.
sed "s|@EXEC@|$DEST/$APP|g" "$HERE/share/applications/$APP.desktop" > "$SHARE/applications/$APP.desktop"
cp "$HERE/share/mime/packages/$APP.xml" "$SHARE/mime/packages/$APP.xml"
if [ -d "$HERE/share/icons/hicolor" ]; then
    cp -R "$HERE/share/icons/hicolor/." "$SHARE/icons/hicolor/"
fi

# Refresh the desktop's caches when the tools exist; a missing tool only delays the menu entry.
command -v update-mime-database >/dev/null 2>&1 && update-mime-database "$SHARE/mime" >/dev/null 2>&1 || true
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$SHARE/applications" >/dev/null 2>&1 || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t -f "$SHARE/icons/hicolor" >/dev/null 2>&1 || true

if ! VERSION=$("$DEST/$APP" --version 2>&1); then
    echo "install.sh: installed, but $DEST/$APP does not start:" >&2
    echo "$VERSION" >&2
    echo "On Debian/Ubuntu the Qt system libraries may be missing: sudo apt-get install libgl1 libegl1 libxkbcommon-x11-0 libxcb-cursor0 libfontconfig1 libdbus-1-3" >&2
    exit 1
fi
echo "Installed $VERSION in $DEST"
echo "Start it from the applications menu, by opening a .defplan file, or with: $PREFIX/bin/$APP"
case ":$PATH:" in
    *":$PREFIX/bin:"*) ;;
    *) echo "($PREFIX/bin is not on your PATH: add it to run '$APP' from a terminal)" ;;
esac
echo "To remove it: $DEST/uninstall.sh"
