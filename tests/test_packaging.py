"""The standalone build's recipe: build.spec, the bundle's contents and icons, and the smoke test's report.

PyInstaller itself is never run here (minutes); build.spec is executed against stand-ins
for its classes, which is enough to see what it would ask PyInstaller to build.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "packaging"))

import bundle_contents  # noqa: E402
from bundle_contents import is_dropped, read_version, should_strip, version_tuple  # noqa: E402

from desktop import __version__  # noqa: E402
from desktop.smoke_test import run_smoke_test  # noqa: E402


def test_version_comes_from_pyproject_and_matches_the_package():
    assert read_version() == __version__


def test_version_reading_rejects_a_missing_version(tmp_path):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[project]\nname = "x"\n')
    with pytest.raises(ValueError, match="version"):
        read_version(pyproject)
    pyproject.write_text('[project]\nname = "x"\nversion = "2.10.3"\n')
    assert read_version(pyproject) == "2.10.3"


@pytest.mark.parametrize(
    "version, numbers",
    [("0.1.0", (0, 1, 0, 0)), ("2.10", (2, 10, 0, 0)), ("1.2.3rc1", (1, 2, 3, 0)), ("1.2.3.4", (1, 2, 3, 4))],
)
def test_windows_version_numbers(version, numbers):
    assert version_tuple(version) == numbers


@pytest.mark.parametrize(
    "dest",
    [
        "PySide6/Qt/lib/libQt6Quick.so.6",
        "PySide6/Qt/lib/libQt6Qml.so.6",
        "PySide6/Qt6Quick.dll",
        "PySide6\\Qt6QmlModels.dll",
        "PySide6/Qt/lib/QtQuick.framework/Versions/A/QtQuick",
        "PySide6/Qt/qml/QtQuick/Controls/qmldir",
        "PySide6/libpyside6qml.abi3.so.6.12",
        "PySide6/Qt/lib/libQt6Pdf.so.6",
        "PySide6/Qt/plugins/imageformats/libqpdf.so",
        "PySide6/plugins/imageformats/qpdf.dll",
        "PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so",
        "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
        "libgtk-3.so.0",
        "libgdk-3.so.0",
        "libcairo.so.2",
        "libpangocairo-1.0.so.0",
        "libXi.so.6",
        "libXrandr.so.2",
        "PySide6/Qt/plugins/platforms/libqeglfs.so",
        "libharfbuzz.so.0",
        "libgio-2.0.so.0",
        "libgobject-2.0.so.0",
        "libpixman-1.so.0",
        "libjpeg.so.62",
        "libXext.so.6",
        "libXrender.so.1",
        "PySide6/Qt/lib/libQt6Network.so.6",
        "PySide6/Qt6Network.dll",
        "PySide6/Qt/lib/QtNetwork.framework/Versions/A/QtNetwork",
        "libgssapi_krb5.so.2",
        "libkrb5.so.3",
        "PySide6/Qt/plugins/imageformats/libqwebp.so",
        "PySide6/Qt/plugins/imageformats/libqtiff.so",
        "PySide6/plugins/imageformats/qgif.dll",
        "PySide6/Qt/plugins/imageformats/libqicns.dylib",
        "pyqtgraph/icons/peegee/peegee_512px@2x.png",
    ],
)
def test_unused_qt_parts_are_dropped(dest):
    assert is_dropped(dest)


@pytest.mark.parametrize(
    "dest",
    [
        "PySide6/Qt/lib/libQt6OpenGL.so.6",
        "PySide6/QtOpenGL.abi3.so",
        "PySide6/Qt/lib/libQt6Svg.so.6",
        "PySide6/Qt/plugins/imageformats/libqsvg.so",
        "PySide6/Qt/plugins/iconengines/libqsvgicon.so",
        "PySide6/Qt/lib/libQt6Widgets.so.6",
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqwayland.so",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6/Qt/plugins/platforms/libqminimal.so",
        "PySide6/plugins/platforms/qwindows.dll",
        "PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so",
        "PySide6/Qt/lib/libQt6WaylandClient.so.6",
        "libX11.so.6",
        "libX11-xcb.so.1",
        "libglib-2.0.so.0",
        "libfreetype.so.6",
        "libfontconfig.so.1",
        "libdbus-1.so.3",
        "PySide6/Qt/lib/libQt6DBus.so.6",
        "PySide6/Qt/plugins/imageformats/libqjpeg.so",
        "PySide6/plugins/imageformats/qjpeg.dll",
        "pyqtgraph/icons/auto.png",
        "pyqtgraph/icons/invisibleEye.svg",
        "libxcb-xfixes.so.0",
        "libxcb-randr.so.0",
        "libxkbcommon-x11.so.0",
        "numpy.libs/libscipy_openblas64_-32a4b2a6.so",
        "data/allies.csv",
    ],
)
def test_parts_the_app_uses_are_kept(dest):
    assert not is_dropped(dest)


def test_a_dropped_library_that_something_kept_links_is_reported():
    needed_by = {
        "PySide6/Qt/lib/libQt6Gui.so.6": ["libQt6DBus.so.6", "libglib-2.0.so.0"],
        "libfreetype.so.6": ["libharfbuzz.so.0", "libpng16.so.16"],
    }
    assert bundle_contents.broken_links(needed_by, ["libharfbuzz.so.0", "PySide6/Qt/lib/libQt6Network.so.6"]) == [
        "libfreetype.so.6 links libharfbuzz.so.0"
    ]
    assert bundle_contents.broken_links(needed_by, ["libgio-2.0.so.0", "PySide6\\Qt6Network.dll"]) == []


def test_numpy_libs_are_never_stripped():
    assert not should_strip("numpy.libs/libscipy_openblas64_-32a4b2a6.so")
    assert not should_strip("numpy.libs/libgfortran-040039e1-0352e75f.so.5.0.0")
    assert should_strip("libpython3.11.so.1.0")
    assert should_strip("numpy/_core/_multiarray_umath.cpython-311-x86_64-linux-gnu.so")
    assert not should_strip("data/allies.csv")


class _Recorder:
    """Stands in for one of PyInstaller's spec classes and keeps what it was given."""

    made: list

    def __init__(self, *args, **kwargs):
        self.args, self.kwargs = args, kwargs
        type(self).made.append(self)


def _run_spec(monkeypatch, tmp_path, *spec_args, linked=None):
    """build.spec run on stand-ins; `linked` maps a binary's source path to the libraries readelf says it links."""
    import PyInstaller.utils.hooks as hooks  # pinned in requirements.lock: missing or moved is a failure, not a skip

    monkeypatch.setattr(hooks, "collect_submodules", lambda package, **kw: [f"{package}.module"])
    monkeypatch.setattr(hooks, "copy_metadata", lambda dist, **kw: [(f"/site/{dist}.dist-info", f"{dist}.dist-info")])

    def run(command, *args, **kwargs):
        if command[:2] == ["readelf", "-d"]:
            needed = (linked or {}).get(command[2], [])
            return subprocess.CompletedProcess(command, 0, "".join(f" 0x1 (NEEDED) Shared library: [{n}]\n" for n in needed), "")
        return subprocess.CompletedProcess(command, 0)

    monkeypatch.setattr(subprocess, "run", run)
    monkeypatch.setattr(sys, "argv", ["build.spec", *spec_args])
    classes = {name: type(name, (_Recorder,), {"made": []}) for name in ("Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE")}

    def analysis(*args, **kwargs):
        made = classes["Analysis"](*args, **kwargs)
        made.binaries = [
            ("PySide6/Qt/lib/libQt6Quick.so.6", "/src/libQt6Quick.so.6", "BINARY"),
            ("PySide6/Qt/lib/libQt6OpenGL.so.6", "/src/libQt6OpenGL.so.6", "BINARY"),
            ("numpy.libs/libscipy_openblas64_.so", "/src/openblas.so", "BINARY"),
        ]
        made.datas = [("PySide6/Qt/plugins/platformthemes/libqgtk3.so", "/src/libqgtk3.so", "BINARY"), ("data/allies.csv", "/src/allies.csv", "DATA")]
        made.pure, made.scripts = [], []
        return made

    namespace = dict(classes, Analysis=analysis, SPECPATH=str(ROOT), workpath=str(tmp_path), __file__=str(ROOT / "build.spec"))
    exec(compile((ROOT / "build.spec").read_text(), str(ROOT / "build.spec"), "exec"), namespace)
    return namespace, classes


def test_spec_builds_a_folder_by_default(monkeypatch, tmp_path):
    namespace, classes = _run_spec(monkeypatch, tmp_path)
    (analysis,) = classes["Analysis"].made
    kwargs = analysis.kwargs
    assert (str(ROOT / "data"), "data") in kwargs["datas"]
    assert {"PyQt5", "PyQt6", "PySide2", "tkinter"} <= set(kwargs["excludes"])
    # pyqtgraph imports pydoc, QtOpenGL and QtSvg; hashlib runs on its built-ins without _hashlib
    assert not {"pydoc", "PySide6.QtOpenGL", "PySide6.QtSvg", "hashlib", "numpy.fft"} & set(kwargs["excludes"])
    assert {"ssl", "_hashlib", "PySide6.QtNetwork"} <= set(kwargs["excludes"])  # no OpenSSL, no Qt Network
    assert {"openpyxl", "python_calamine", "desktop.ui.module", "desktop.spreadsheets.module"} <= set(kwargs["hiddenimports"])
    kept = [dest for dest, _, _ in analysis.binaries + analysis.datas]
    assert kept == ["PySide6/Qt/lib/libQt6OpenGL.so.6", "numpy.libs/libscipy_openblas64_.so", "data/allies.csv"]
    assert dict((d, s) for d, s, _ in analysis.binaries)["numpy.libs/libscipy_openblas64_.so"] == "/src/openblas.so"
    (exe,) = classes["EXE"].made
    assert exe.kwargs["name"] == "defence-planner" and exe.kwargs["upx"] is False and exe.kwargs["exclude_binaries"]
    (collect,) = classes["COLLECT"].made
    assert collect.kwargs["name"] == "defence-planner" and collect.kwargs["upx"] is False


def test_spec_refuses_to_leave_out_a_library_something_kept_links(monkeypatch, tmp_path):
    if sys.platform != "linux":
        pytest.skip("the check reads ELF files")
    monkeypatch.setattr(shutil, "which", lambda name: f"/usr/bin/{name}")
    _, classes = _run_spec(monkeypatch, tmp_path, linked={"/src/openblas.so": ["libgfortran.so.5"]})
    assert len(classes["COLLECT"].made) == 1
    with pytest.raises(SystemExit, match="libQt6OpenGL.so.6 links libQt6Quick.so.6"):
        _run_spec(monkeypatch, tmp_path, linked={"/src/libQt6OpenGL.so.6": ["libQt6Quick.so.6", "libQt6Core.so.6"]})


def test_spec_builds_one_file_on_request(monkeypatch, tmp_path):
    namespace, classes = _run_spec(monkeypatch, tmp_path, "--onefile")
    (exe,) = classes["EXE"].made
    assert "exclude_binaries" not in exe.kwargs
    assert classes["COLLECT"].made == []


def test_spec_makes_a_mac_app_that_opens_scenario_files(monkeypatch, tmp_path):
    import PyInstaller.utils.hooks  # noqa: F401  (imported for real before the platform is faked)
    monkeypatch.setattr(sys, "platform", "darwin")
    _, classes = _run_spec(monkeypatch, tmp_path)
    (exe,) = classes["EXE"].made
    assert exe.kwargs["console"] is False
    (app,) = classes["BUNDLE"].made
    assert app.kwargs["bundle_identifier"] == bundle_contents.BUNDLE_ID and app.kwargs["version"] == __version__
    plist = app.kwargs["info_plist"]
    assert plist["NSHighResolutionCapable"] is True and plist["NSRequiresAquaSystemAppearance"] is False
    (exported,) = plist["UTExportedTypeDeclarations"]
    assert exported["UTTypeTagSpecification"]["public.filename-extension"] == ["defplan"]
    (document,) = plist["CFBundleDocumentTypes"]
    assert document["LSItemContentTypes"] == [exported["UTTypeIdentifier"]]


def test_spec_gives_the_windows_exe_no_console_and_a_version_resource(monkeypatch, tmp_path):
    import PyInstaller.utils.hooks  # noqa: F401  (imported for real before the platform is faked)
    monkeypatch.setattr(sys, "platform", "win32")
    _, classes = _run_spec(monkeypatch, tmp_path)
    (exe,) = classes["EXE"].made
    assert exe.kwargs["console"] is False
    assert Path(exe.kwargs["version"]).read_text(encoding="utf-8") == bundle_contents.windows_version_resource(__version__)
    assert classes["BUNDLE"].made == []


def test_windows_version_resource_carries_the_version():
    import ast

    text = bundle_contents.windows_version_resource("1.4.2")
    # PyInstaller eval()s the text with its versioninfo classes in scope; stand-ins record the call tree.
    names = {node.id for node in ast.walk(ast.parse(text, mode="eval")) if isinstance(node, ast.Name)}
    assert names == {"VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable", "StringStruct", "VarFileInfo", "VarStruct"}
    info = eval(text, {name: (lambda name: lambda *a, **k: (name, a, k))(name) for name in names})
    fixed = info[2]["ffi"][2]
    assert fixed["filevers"] == fixed["prodvers"] == (1, 4, 2, 0)
    strings = dict(s[1] for s in info[2]["kids"][0][1][0][0][1][1])
    assert strings["ProductVersion"] == strings["FileVersion"] == "1.4.2"
    assert strings["OriginalFilename"] == "defence-planner.exe"


def _png(tmp_path: Path, name: str = "icon.png") -> Path:
    from PySide6.QtGui import QColor, QImage

    image = QImage(300, 300, QImage.Format.Format_ARGB32)
    image.fill(QColor("#2a6f97"))
    resources = tmp_path / "resources"
    resources.mkdir(exist_ok=True)
    image.save(str(resources / name))
    return resources


def test_icons_are_built_from_the_png_in_resources(tmp_path):
    from make_icons import ICO_SIZES, make_icons

    resources = _png(tmp_path)
    assert make_icons(tmp_path / "out", resources)
    ico = (tmp_path / "out" / "defence-planner.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind, count) == (0, 1, len(ICO_SIZES))
    width, height = ico[6 + 16 * (count - 1)], ico[7 + 16 * (count - 1)]
    assert (width, height) == (0, 0)  # the 256 px entry
    icns = (tmp_path / "out" / "defence-planner.icns").read_bytes()
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)
    hicolor = tmp_path / "out" / "hicolor"
    assert (hicolor / "256x256" / "apps" / "defence-planner.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (hicolor / "48x48" / "mimetypes" / "application-x-defplan.png").is_file()


def test_icons_are_rendered_from_the_svg_when_there_is_one(tmp_path):
    from make_icons import make_icons

    resources = tmp_path / "resources"
    resources.mkdir()
    (resources / "icon.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" fill="#2a6f97"/></svg>'
    )
    assert make_icons(tmp_path / "out", resources)
    from PySide6.QtGui import QImage

    big = QImage(str(tmp_path / "out" / "hicolor" / "512x512" / "apps" / "defence-planner.png"))
    assert (big.width(), big.height()) == (512, 512)
    assert big.pixelColor(256, 256).name() == "#2a6f97"
    assert (tmp_path / "out" / "hicolor" / "scalable" / "apps" / "defence-planner.svg").is_file()


def test_no_icon_in_resources_builds_without_one(tmp_path):
    from make_icons import make_icons

    (tmp_path / "resources").mkdir()
    assert not make_icons(tmp_path / "out", tmp_path / "resources")
    assert not (tmp_path / "out").exists()


def test_find_icon_prefers_the_named_icon(tmp_path):
    resources = _png(tmp_path, "icon.png")
    _png(tmp_path, "screenshot-background.png")
    assert bundle_contents.find_icon(resources).name == "icon.png"


def _step_ok(work):
    return "fine"


def _step_broken(work):
    raise ValueError("cell B7\nholds text")


def _step_never(work):
    raise AssertionError("a step after a failure ran")


def test_smoke_test_names_the_failing_step_in_one_line(capsys):
    status = run_smoke_test([("first", _step_ok), ("second", _step_broken), ("third", _step_never)])
    out, err = capsys.readouterr()
    assert status == 1
    assert "ok  first: fine" in out
    assert err.splitlines() == ["smoke test FAILED at step 'second': ValueError: cell B7 holds text"]


def test_smoke_test_reports_a_missing_module(capsys):
    def needs_missing_module(work):
        import desktop.no_such_module  # noqa: F401

    assert run_smoke_test([("main window", needs_missing_module)]) == 1
    assert capsys.readouterr().err.strip() == "smoke test FAILED at step 'main window': module desktop.no_such_module is missing from this installation"


def test_smoke_test_passes_when_every_step_does(capsys):
    assert run_smoke_test([("first", _step_ok), ("second", _step_ok)]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("smoke test passed")


def test_smoke_test_versions_name_every_library():
    from desktop.smoke_test import versions

    found = versions()
    assert found["defence-planner"] == __version__
    assert {"Python", "PySide6", "Qt", "pyqtgraph", "numpy", "openpyxl", "python-calamine"} <= set(found)
    assert "missing" not in found.values()


@pytest.mark.parametrize("name", bundle_contents.LAZY_MODULES + bundle_contents.LAZY_PACKAGES)
def test_every_module_the_bundle_names_exists(name):
    """build.spec adds these by name: one that moved would be missing from the frozen app without PyInstaller saying so."""
    spec = importlib.util.find_spec(name)
    assert spec is not None, f"{name} is listed in packaging/bundle_contents.py but does not import"
    if name in bundle_contents.LAZY_PACKAGES:
        assert spec.submodule_search_locations, f"{name} is listed as a package but is a module"


def test_the_real_smoke_test_passes_unfrozen():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-m", "desktop", "--smoke-test"], capture_output=True, text=True, cwd=ROOT, timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    assert "smoke test passed" in done.stdout
