#!/bin/sh
# Builds dist/defence-planner_VERSION_amd64.deb from dist/defence-planner/: the app in
# /opt/defence-planner, /usr/bin/defence-planner, a menu entry, icons and the .defplan type.
# dpkg's triggers (shared-mime-info, desktop-file-utils, hicolor) refresh the caches, so the
# package needs no maintainer scripts.
set -eu
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
APP=defence-planner
MAINTAINER=${DEB_MAINTAINER:-Defence Spending Planner maintainers <defence-planner@invalid>}
VERSION=$("$PY" packaging/bundle_contents.py version)
ARCH=$(dpkg --print-architecture)
WORK=build/deb
STAGE=$WORK/root
DEB=dist/${APP}_${VERSION}_${ARCH}.deb

[ -x "dist/$APP/$APP" ] || { echo "make_deb.sh: dist/$APP/$APP is missing: run pyinstaller build.spec first" >&2; exit 1; }
rm -rf "$WORK"
mkdir -p "$STAGE/DEBIAN" "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/usr/share/applications" \
    "$STAGE/usr/share/mime/packages" "$STAGE/usr/share/icons" "$STAGE/usr/share/doc/$APP"
cp -a "dist/$APP" "$STAGE/opt/$APP"
ln -s "/opt/$APP/$APP" "$STAGE/usr/bin/$APP"
sed "s|@EXEC@|/opt/$APP/$APP|g" "packaging/linux/$APP.desktop" > "$STAGE/usr/share/applications/$APP.desktop"
cp "packaging/linux/$APP-mime.xml" "$STAGE/usr/share/mime/packages/$APP.xml"
"$PY" packaging/make_icons.py "$WORK/icons"
if [ -d "$WORK/icons/hicolor" ]; then
    cp -R "$WORK/icons/hicolor" "$STAGE/usr/share/icons/"
fi
printf 'Defence Spending Planner %s\nLicense: MIT\n' "$VERSION" > "$STAGE/usr/share/doc/$APP/copyright"

# The bundle carries its own Qt, Python and most libraries; what it takes from the system is
# glibc (no older than the build machine's), OpenGL/EGL and libxcb, which PyInstaller never bundles.
GLIBC=$(dpkg-query -W -f='${Version}' libc6 | sed 's/-.*//')
cat > "$STAGE/DEBIAN/control" <<CONTROL
Package: $APP
Version: $VERSION
Architecture: $ARCH
Maintainer: $MAINTAINER
Installed-Size: $(du -sk "$STAGE" | cut -f1)
Depends: libc6 (>= $GLIBC), libgl1, libegl1, libxcb1
Recommends: libwayland-client0, libwayland-cursor0, libwayland-egl1, fonts-dejavu-core | fonts-liberation, shared-mime-info, desktop-file-utils
Section: misc
Priority: optional
Description: Defence Spending Planner
 What NATO's defence spending targets cost each ally, year by year: a desktop
 planner with the NATO and IMF figures built in, scenario files (.defplan) and
 Excel export. Self-contained: it brings its own Python and Qt.
CONTROL
find "$STAGE" -type d -exec chmod 755 {} +
dpkg-deb --root-owner-group -Zxz --build "$STAGE" "$DEB.part" >/dev/null
mv "$DEB.part" "$DEB"
echo "$DEB"
