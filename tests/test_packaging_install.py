"""The Linux archive's install.sh and uninstall.sh, run into a scratch HOME on a fake tiny bundle; the menu entry and file type."""

from __future__ import annotations

import configparser
import io
import os
import shutil
import stat
import subprocess
import sys
import tarfile
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "packaging"))

from bundle_contents import APP_NAME, SCENARIO_EXTENSION, SCENARIO_MIME, platform_tag, read_version  # noqa: E402

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the tarball installer is for Linux")

DESKTOP_FILE = ROOT / "packaging" / "linux" / f"{APP_NAME}.desktop"
MIME_FILE = ROOT / "packaging" / "linux" / f"{APP_NAME}-mime.xml"


def _fake_bundle(root: Path, exit_status: int = 0) -> Path:
    bundle = root / "bundle"
    (bundle / "_internal" / "data").mkdir(parents=True)
    (bundle / "_internal" / "data" / "allies.csv").write_text("iso3\n")
    exe = bundle / APP_NAME
    exe.write_text(f'#!/bin/sh\necho "{APP_NAME} {read_version()} $*"\nexit {exit_status}\n')
    exe.chmod(0o755)
    return bundle


def _unpacked_archive(tmp_path: Path, exit_status: int = 0) -> Path:
    env = dict(os.environ, PY=sys.executable, BUNDLE_DIR=str(_fake_bundle(tmp_path, exit_status)), OUT_DIR=str(tmp_path / "out"), WORK=str(tmp_path / "work"))
    done = subprocess.run(["sh", str(ROOT / "packaging" / "make_tarball.sh")], env=env, capture_output=True, text=True, check=True)
    archive = Path(done.stdout.strip().splitlines()[-1])
    assert archive.name == f"{APP_NAME}-{read_version()}-{platform_tag()}.tar.gz"
    _extract(archive, tmp_path / "unpacked")
    (top,) = (tmp_path / "unpacked").iterdir()
    return top


# Extraction filters arrived in Python 3.11.4; Debian 12's python3 is 3.11.2.
_HAS_FILTERS = hasattr(tarfile, "tar_filter")


def _extract(archive: Path, dest: Path, use_filter: bool = _HAS_FILTERS) -> None:
    """Unpack with nothing outside `dest`, no links out of it, no setuid or group/other-writable bits.

    The members are checked here on every Python, so a version without `filter` is as safe as one with it.
    """
    with tarfile.open(archive) as tar:
        members = tar.getmembers()
        for member in members:
            _check_member(member, dest)
        tar.extractall(dest, members=members, **({"filter": "tar"} if use_filter else {}))


def _check_member(member: tarfile.TarInfo, dest: Path) -> None:
    root = os.path.realpath(dest)

    def inside(path: str) -> bool:
        return os.path.commonpath([root, os.path.realpath(path)]) == root

    name = member.name
    if os.path.isabs(name) or ".." in Path(name).parts or not inside(os.path.join(root, name)):
        raise tarfile.TarError(f"{name}: would be written outside {dest}")
    if member.issym():
        if os.path.isabs(member.linkname) or not inside(os.path.join(root, os.path.dirname(name), member.linkname)):
            raise tarfile.TarError(f"{name}: links outside {dest}")
    elif member.islnk():
        if os.path.isabs(member.linkname) or not inside(os.path.join(root, member.linkname)):
            raise tarfile.TarError(f"{name}: links outside {dest}")
    elif not (member.isfile() or member.isdir()):
        raise tarfile.TarError(f"{name}: is a device or pipe")
    member.mode &= ~(stat.S_ISUID | stat.S_ISGID | stat.S_ISVTX | stat.S_IWGRP | stat.S_IWOTH)


def _tar_with(tmp_path: Path, member: tarfile.TarInfo) -> Path:
    archive = tmp_path / "crafted.tar"
    with tarfile.open(archive, "w") as tar:
        tar.addfile(member, io.BytesIO(b"x") if member.isfile() else None)
    return archive


def _member(name: str, kind=tarfile.REGTYPE, linkname: str = "", mode: int = 0o644) -> tarfile.TarInfo:
    member = tarfile.TarInfo(name)
    member.type, member.linkname, member.mode = kind, linkname, mode
    member.size = 1 if kind == tarfile.REGTYPE else 0
    return member


@pytest.mark.parametrize(
    "member",
    [
        _member("/tmp/absolute"),
        _member("top/../../escaped"),
        _member("top/link", tarfile.SYMTYPE, "/etc/passwd"),
        _member("top/link", tarfile.SYMTYPE, "../../outside"),
        _member("top/hard", tarfile.LNKTYPE, "../outside"),
    ],
    ids=["absolute", "dot-dot", "absolute-symlink", "symlink-out", "hardlink-out"],
)
def test_unpacking_refuses_members_that_leave_the_folder(tmp_path, member):
    dest = tmp_path / "unpacked"
    with pytest.raises(tarfile.TarError, match="outside"):
        _extract(_tar_with(tmp_path, member), dest)
    assert not dest.exists()


def test_unpacking_without_filters_keeps_inner_links_and_drops_setuid(tmp_path):
    archive = tmp_path / "fine.tar"
    with tarfile.open(archive, "w") as tar:
        for member in (_member("top/run", mode=0o4777), _member("top/sub/link", tarfile.SYMTYPE, "../run")):
            tar.addfile(member, io.BytesIO(b"x") if member.isfile() else None)
    _extract(archive, tmp_path / "unpacked", use_filter=False)
    top = tmp_path / "unpacked" / "top"
    assert stat.S_IMODE((top / "run").stat().st_mode) == 0o755
    assert (top / "sub" / "link").read_bytes() == b"x"


def _run(script: Path, home: Path, check: bool = True) -> subprocess.CompletedProcess:
    env = dict(os.environ, HOME=str(home))
    env.pop("PREFIX", None)
    env.pop("XDG_DATA_HOME", None)
    return subprocess.run(["sh", str(script)], env=env, capture_output=True, text=True, check=check)


@pytest.fixture
def archive(tmp_path) -> Path:
    return _unpacked_archive(tmp_path)


def test_archive_holds_the_app_and_both_scripts(archive):
    assert os.access(archive / "install.sh", os.X_OK) and os.access(archive / "uninstall.sh", os.X_OK)
    assert os.access(archive / APP_NAME / APP_NAME, os.X_OK)
    assert (archive / APP_NAME / "_internal" / "data" / "allies.csv").is_file()
    assert (archive / "share" / "applications" / f"{APP_NAME}.desktop").is_file()
    assert (archive / "share" / "mime" / "packages" / f"{APP_NAME}.xml").is_file()
    assert "install.sh" in (archive / "README.txt").read_text()


def test_install_puts_app_launcher_menu_entry_and_file_type_in_local(archive, tmp_path):
    home = tmp_path / "home"
    done = _run(archive / "install.sh", home)
    local = home / ".local"
    app = local / "lib" / APP_NAME / APP_NAME
    assert f"Installed {APP_NAME} {read_version()}" in done.stdout
    assert os.access(app, os.X_OK)
    launcher = local / "bin" / APP_NAME
    assert launcher.resolve() == app
    assert subprocess.run([str(launcher), "--version"], capture_output=True, text=True).stdout.startswith(f"{APP_NAME} {read_version()}")
    entry = _desktop_entry(local / "share" / "applications" / f"{APP_NAME}.desktop")
    assert entry["Exec"] == f"{app} %f" and entry["TryExec"] == str(app)
    assert (local / "share" / "mime" / "packages" / f"{APP_NAME}.xml").read_bytes() == MIME_FILE.read_bytes()
    if shutil.which("update-mime-database"):
        assert f"{SCENARIO_MIME}:*.{SCENARIO_EXTENSION}" in (local / "share" / "mime" / "globs2").read_text()
    assert os.access(local / "lib" / APP_NAME / "uninstall.sh", os.X_OK)


def test_install_twice_upgrades_in_place(archive, tmp_path):
    home = tmp_path / "home"
    _run(archive / "install.sh", home)
    (home / ".local" / "lib" / APP_NAME / "stale-file-from-old-version").write_text("x")
    _run(archive / "install.sh", home)
    installed = home / ".local" / "lib" / APP_NAME
    assert not (installed / "stale-file-from-old-version").exists()
    assert not Path(f"{installed}.new").exists()


def test_uninstall_removes_what_install_added_and_nothing_else(archive, tmp_path):
    home = tmp_path / "home"
    scenario = home / f"budget.{SCENARIO_EXTENSION}"
    other_entry = home / ".local" / "share" / "applications" / "other.desktop"
    other_entry.parent.mkdir(parents=True)
    other_entry.write_text("[Desktop Entry]\n")
    scenario.write_text("{}")
    _run(archive / "install.sh", home)
    done = _run(home / ".local" / "lib" / APP_NAME / "uninstall.sh", home)
    local = home / ".local"
    assert "Removed" in done.stdout
    assert not (local / "lib" / APP_NAME).exists()
    assert not (local / "bin" / APP_NAME).exists() and not (local / "bin" / APP_NAME).is_symlink()
    assert not (local / "share" / "applications" / f"{APP_NAME}.desktop").exists()
    assert not (local / "share" / "mime" / "packages" / f"{APP_NAME}.xml").exists()
    assert not list((local / "share" / "icons").rglob(f"{APP_NAME}.*"))
    if shutil.which("update-mime-database"):
        assert f"*.{SCENARIO_EXTENSION}" not in (local / "share" / "mime" / "globs2").read_text()
    assert scenario.read_text() == "{}" and other_entry.is_file()


def test_uninstall_when_nothing_is_installed_says_so(archive, tmp_path):
    done = _run(archive / "uninstall.sh", tmp_path / "home")
    assert "not installed" in done.stdout


def test_install_reports_an_app_that_does_not_start(tmp_path):
    archive = _unpacked_archive(tmp_path, exit_status=127)
    done = _run(archive / "install.sh", tmp_path / "home", check=False)
    assert done.returncode == 1
    assert "does not start" in done.stderr


def test_install_from_an_incomplete_unpack_fails_clearly(archive, tmp_path):
    shutil.rmtree(archive / APP_NAME)
    done = _run(archive / "install.sh", tmp_path / "home", check=False)
    assert done.returncode == 1
    assert "unpack the whole archive" in done.stderr
    assert not (tmp_path / "home" / ".local" / "lib" / APP_NAME).exists()


def _desktop_entry(path: Path) -> dict:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive
    parser.read_string(path.read_text(encoding="utf-8"))
    assert parser.sections() == ["Desktop Entry"]
    return dict(parser["Desktop Entry"])


def test_desktop_entry_follows_the_specification():
    entry = _desktop_entry(DESKTOP_FILE)
    assert entry["Type"] == "Application" and entry["Name"] == "Defence Spending Planner"
    assert entry["Exec"] == "@EXEC@ %f"  # install.sh and make_deb.sh fill in the absolute path
    assert entry["Icon"] == APP_NAME and entry["Terminal"] == "false"
    assert entry["MimeType"] == f"{SCENARIO_MIME};"
    categories = entry["Categories"].split(";")
    assert categories[-1] == "" and "Office" in categories  # a registered main category, list ends with ';'
    known = {"Type", "Version", "Name", "GenericName", "Comment", "Exec", "TryExec", "Icon", "Terminal", "Categories", "MimeType", "Keywords", "StartupNotify", "StartupWMClass"}
    assert set(entry) <= known


@pytest.mark.skipif(not shutil.which("desktop-file-validate"), reason="desktop-file-utils is not installed")
def test_desktop_entry_passes_desktop_file_validate(tmp_path):
    filled = tmp_path / f"{APP_NAME}.desktop"
    filled.write_text(DESKTOP_FILE.read_text().replace("@EXEC@", f"/opt/{APP_NAME}/{APP_NAME}"))
    done = subprocess.run(["desktop-file-validate", str(filled)], capture_output=True, text=True)
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout


def test_mime_type_registers_the_scenario_extension():
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    (mime,) = ET.parse(MIME_FILE).getroot().findall("m:mime-type", ns)
    assert mime.get("type") == SCENARIO_MIME
    assert [g.get("pattern") for g in mime.findall("m:glob", ns)] == [f"*.{SCENARIO_EXTENSION}"]
    assert mime.find("m:sub-class-of", ns).get("type") == "application/json"
