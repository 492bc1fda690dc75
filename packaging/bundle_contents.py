"""What the frozen bundle is called, which version it carries, and which Qt parts it leaves out.

build.spec, make_deb.sh and make_tarball.sh read their names from here, so the launcher,
menu entry, icon and file type agree on every platform. No PyInstaller import: the
tests load this module directly.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

APP_NAME = "defence-planner"
DISPLAY_NAME = "Defence Spending Planner"
BUNDLE_ID = "org.defenceplanner.DefencePlanner"
SCENARIO_EXTENSION = "defplan"
SCENARIO_MIME = "application/x-defplan"
SCENARIO_DESCRIPTION = "Defence Spending Planner scenario"

# Matched against a lower-cased destination path with "/" separators, so one pattern
# covers Linux (PySide6/Qt/lib/libQt6Quick.so.6), Windows (PySide6/Qt6Quick.dll) and
# macOS (PySide6/Qt/lib/QtQuick.framework/...).
_DROPPED = (
    # QML and Qt Quick: the window is Qt Widgets.
    r"qt6?qml",
    r"qt6?quick",
    r"/qml/",
    r"qmltooling",
    r"pyside6qml",
    r"qt6?labs",
    r"qt6?lottie",
    # Pdf: reached only through the imageformats/qpdf plugin.
    r"qt6?pdf",
    r"imageformats/(lib)?qpdf",
    # Virtual keyboard: no touch-screen input.
    r"virtualkeyboard",
    # The GTK3 platform theme and the system GTK stack it pulls in; Qt's own Fusion
    # style and the xdg-desktop-portal theme remain. Checked by building with GTK 3
    # installed: the bundle then holds the same files as one built without it.
    r"platformthemes/(lib)?qgtk3",
    r"(^|/)lib(gtk|gdk)-3\.so",
    r"(^|/)libgdk_pixbuf-2\.0\.so",
    r"(^|/)libatk(-bridge)?-[\d.]+\.so",
    r"(^|/)libatspi\.so",
    r"(^|/)libcairo(-gobject)?\.so",
    r"(^|/)libpango(cairo|ft2)?-1\.0\.so",
    r"(^|/)libepoxy\.so",
    r"(^|/)libx(composite|cursor|damage|fixes|i|inerama|randr)\.so",  # Xlib extensions only GTK loads
    # What the theme's own dependencies (Pango, Cairo, GdkPixbuf, GIO) pulled in beside it: with the
    # theme gone nothing left in the bundle links these (readelf -d over every library, module and
    # plugin kept). Qt carries its own HarfBuzz and reads JPEG through its plugin.
    r"(^|/)lib(harfbuzz|graphite2|fribidi|thai|datrie|pixman-1|jpeg|mount|blkid|selinux)\.so",
    r"(^|/)libg(io|object|module)-2\.0\.so",
    r"(^|/)libx(ext|render)\.so",
    # Embedded-device platforms and input drivers (no window system); xcb, wayland,
    # offscreen and minimal remain.
    r"platforms/(lib)?q(eglfs|linuxfb|vnc|vkkhrdisplay|minimalegl)\b",
    r"egldeviceintegrations/",
    r"qt6?eglfs",
    r"plugins/generic/",
    # Qt Network, its plugins and the Kerberos libraries it links: the app never opens a connection
    # and never imports PySide6.QtNetwork; only the plugins left out above linked the library.
    r"plugins/tls/",
    r"plugins/networkinformation/",
    r"qt6?network",
    r"(^|/)lib(gssapi_krb5|krb5|krb5support|k5crypto|com_err|keyutils)\.so",
    # Wayland compositor side (Qt as a compositor), never the Wayland client.
    r"wayland-graphics-integration-server",
    r"qt6?waylandcompositor",
    r"qt6?waylandeglcompositorhwintegration",
    # Image formats the planner never reads or writes: charts export as PNG (built into QtGui), icons
    # are PNG and SVG. JPEG stays: QPdfWriter stores the briefing's images as JPEG when it can.
    r"imageformats/(lib)?q(gif|icns|ico|tga|tiff|wbmp|webp)\b",
    # pyqtgraph's own logo, read only by pyqtgraph.mkQApp (the planner makes its own QApplication).
    r"(^|/)pyqtgraph/icons/peegee/",
    # Qt's own translations: the planner is in English and loads no QTranslator.
    r"(^|/)translations/[^/]*\.qm$",
    # Test suites and examples of the libraries, never run by the app.
    r"(^|/)numpy/(.+/)?tests/",
    r"(^|/)openpyxl/(.+/)?tests?/",
    r"(^|/)pyqtgraph/examples/",
)
_DROPPED_RE = re.compile("|".join(_DROPPED))

# PyInstaller refuses to build with two Qt bindings installed; tkinter is never used.
# The planner opens no connection: without ssl and _hashlib the bundle carries no OpenSSL (5 MB);
# hashlib and hmac fall back to Python's built-in md5/sha1/sha2/sha3/blake2. The QtNetwork, QtDBus
# and QtTest bindings are never imported (libQt6DBus itself stays: QtGui links it; pyqtgraph imports
# QtTest only if it is there). readline serves only an interactive prompt (pdb, code); numpy.f2py
# builds Fortran extensions.
EXCLUDED_MODULES = [
    "PyQt5", "PyQt6", "PySide2", "tkinter", "_tkinter",
    "ssl", "_ssl", "_hashlib", "readline",
    "PySide6.QtNetwork", "PySide6.QtDBus", "PySide6.QtTest",
    "numpy.f2py",
]

# Imported inside functions (cli.py keeps start-up fast), so the analysis cannot see them.
LAZY_PACKAGES = ["desktop.ui", "desktop.spreadsheets"]
LAZY_MODULES = ["desktop.smoke_test", "openpyxl", "python_calamine", "PySide6.QtWidgets", "pyqtgraph", "orjson", "isal.isal_zlib"]


def read_version(pyproject: Path = ROOT / "pyproject.toml") -> str:
    """The [project] version in pyproject.toml: the one number every artefact carries."""
    with open(pyproject, "rb") as f:
        project = tomllib.load(f).get("project", {})
    version = project.get("version")
    if not isinstance(version, str) or not re.fullmatch(r"\d+(\.\d+){0,3}([.-]?\w+)?", version):
        raise ValueError(f"{pyproject}: [project] version must be a version string, found {version!r}")
    return version


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """Four integers for a Windows version resource: 1.2.3rc1 gives (1, 2, 3, 0)."""
    head = re.match(r"\d+(\.\d+)*", version)
    numbers = [int(n) for n in head.group(0).split(".")][:4] if head else []
    return tuple(numbers + [0] * (4 - len(numbers)))


def windows_version_resource(version: str) -> str:
    """The version resource in PyInstaller's text format (what pyi-grab_version prints)."""
    numbers = version_tuple(version)
    strings = {
        "CompanyName": DISPLAY_NAME,
        "FileDescription": DISPLAY_NAME,
        "FileVersion": version,
        "InternalName": APP_NAME,
        "OriginalFilename": f"{APP_NAME}.exe",
        "ProductName": DISPLAY_NAME,
        "ProductVersion": version,
    }
    table = ",\n        ".join(f"StringStruct({k!r}, {v!r})" for k, v in strings.items())
    return f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={numbers}, prodvers={numbers}, mask=0x3f, flags=0x0, OS=0x40004, fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('040904B0', [
        {table}])]),
    VarFileInfo([VarStruct('Translation', [1033, 1200])]),
  ],
)
"""


def is_dropped(dest: str) -> bool:
    """True for a bundle entry the app does not use (dest as PyInstaller's TOC names it)."""
    return bool(_DROPPED_RE.search(dest.replace("\\", "/").lower()))


def broken_links(needed_by: dict[str, list[str]], dropped: list[str]) -> list[str]:
    """'KEPT links LIB' for every kept binary whose linked libraries (NEEDED names) include a dropped one."""
    names = {dest.replace("\\", "/").rsplit("/", 1)[-1] for dest in dropped}
    return sorted(f"{dest} links {lib}" for dest, libs in needed_by.items() for lib in libs if lib in names)


# Python modules carried for the same reason: the libraries' tests and pyqtgraph's example gallery.
_UNUSED_MODULE_RE = re.compile(r"^(numpy|openpyxl)(\..+)?\.tests?(\.|$)|^pyqtgraph\.examples(\.|$)")


def is_unused_module(name: str) -> bool:
    """True for a Python module (dotted name) the bundle need not carry."""
    return _UNUSED_MODULE_RE.search(name) is not None


def should_strip(dest: str) -> bool:
    """Strip symbols from every shared library except numpy's: stripping breaks its OpenBLAS."""
    dest = dest.replace("\\", "/")
    return not dest.startswith("numpy.libs/") and bool(re.search(r"\.so(\.[\w.-]+)?$", dest))


def platform_tag() -> str:
    """The archive suffix: linux-x86_64, macos-arm64, windows-x86_64."""
    import platform

    system = {"darwin": "macos", "win32": "windows"}.get(sys.platform, sys.platform.rstrip("0123456789"))
    machine = platform.machine().lower()
    machine = {"amd64": "x86_64", "aarch64": "arm64"}.get(machine, machine)
    return f"{system}-{machine}"


def find_icon(resources: Path = ROOT / "resources", suffix: str = ".png") -> Path | None:
    """The app icon in resources/: a name containing 'icon' or the app name first, the biggest file if several."""
    if not resources.is_dir():
        return None
    candidates = sorted(p for p in resources.rglob(f"*{suffix}") if p.is_file())
    if not candidates:
        return None
    named = [p for p in candidates if "icon" in p.stem.lower() or APP_NAME in p.stem.lower()]
    return max(named or candidates, key=lambda p: (p.stat().st_size, p.name))


if __name__ == "__main__":
    # `python packaging/bundle_contents.py version|tag|icon` for the shell scripts.
    what = sys.argv[1] if len(sys.argv) > 1 else "version"
    if what == "version":
        print(read_version())
    elif what == "tag":
        print(platform_tag())
    elif what in ("icon", "svg"):
        icon = find_icon(suffix=".png" if what == "icon" else ".svg")
        print(icon or "")
    else:
        sys.exit(f"bundle_contents.py: unknown query {what!r} (version, tag, icon, svg)")
