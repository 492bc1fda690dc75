#!/bin/sh
# Packs dist/defence-planner/ into dist/defence-planner-VERSION-linux-ARCH.tar.gz: the app folder,
# install.sh/uninstall.sh, and the menu entry, icons and file type they install.
# BUNDLE_DIR, OUT_DIR and WORK override the folders (the tests pack a fake bundle).
set -eu
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
APP=defence-planner
VERSION=$("$PY" packaging/bundle_contents.py version)
NAME=$APP-$VERSION-$("$PY" packaging/bundle_contents.py tag)
BUNDLE_DIR=${BUNDLE_DIR:-dist/$APP}
OUT_DIR=${OUT_DIR:-dist}
WORK=${WORK:-build/tarball}
STAGE=$WORK/$NAME

[ -x "$BUNDLE_DIR/$APP" ] || { echo "make_tarball.sh: $BUNDLE_DIR/$APP is missing: run pyinstaller build.spec first" >&2; exit 1; }
rm -rf "$WORK"
mkdir -p "$STAGE/share/applications" "$STAGE/share/mime/packages" "$STAGE/share/icons" "$OUT_DIR"
cp -a "$BUNDLE_DIR" "$STAGE/$APP"
cp packaging/linux/install.sh packaging/linux/uninstall.sh "$STAGE/"
cp packaging/linux/README.txt "$STAGE/README.txt"
cp "packaging/linux/$APP.desktop" "$STAGE/share/applications/$APP.desktop"
cp "packaging/linux/$APP-mime.xml" "$STAGE/share/mime/packages/$APP.xml"
"$PY" packaging/make_icons.py "$WORK/icons"
if [ -d "$WORK/icons/hicolor" ]; then
    cp -R "$WORK/icons/hicolor" "$STAGE/share/icons/"
fi
chmod 755 "$STAGE/install.sh" "$STAGE/uninstall.sh"
tar -C "$WORK" --owner=0 --group=0 --numeric-owner -cf - "$NAME" | gzip -9 > "$OUT_DIR/$NAME.tar.gz.part"
mv "$OUT_DIR/$NAME.tar.gz.part" "$OUT_DIR/$NAME.tar.gz"
echo "$OUT_DIR/$NAME.tar.gz"
