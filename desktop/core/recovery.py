"""Crash recovery: each running copy of the app keeps its own copy of the open scenario; those left by ended processes are offered back."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .scenario import Scenario
from .scenario_file import ScenarioFileError, scenario_payload, screened_scenario_from_dict, write_atomically

COPY_PREFIX, COPY_SUFFIX = "recovery-", ".json"
DAMAGED_SUFFIX = ".damaged"
# The single copy older versions shared between every running window; any one found now was left by an ended process.
LEGACY_NAME = "recovery.defplan.json"
_COPY_NAME = re.compile(re.escape(COPY_PREFIX) + r"(\d+)" + re.escape(COPY_SUFFIX) + "$")


class RecoveryCopyDamaged(ValueError):
    """A recovery copy that cannot be read back."""


def recovery_dir() -> Path:
    """Per-user state folder (XDG on Linux, AppData on Windows, Application Support on macOS)."""
    override = os.environ.get("DEFENCE_PLANNER_STATE_DIR")
    if override:
        return Path(override)
    if os.name == "nt":
        return Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local")) / "DefencePlanner"
    if os.uname().sysname == "Darwin":
        return Path.home() / "Library" / "Application Support" / "DefencePlanner"
    return Path(os.environ.get("XDG_STATE_HOME", Path.home() / ".local" / "state")) / "defence-planner"


@dataclass(frozen=True)
class RecoveryCopy:
    path: Path  # the copy itself
    pid: int | None  # the process that wrote it (None for a copy from an older version)
    scenario: Scenario
    file_path: str | None  # the .defplan the user had open, if any
    repaired: tuple = ()  # one line per record the validation gate dropped from the copy


@dataclass(frozen=True)
class LeftBehind:
    copies: list[RecoveryCopy] = field(default_factory=list)  # newest first
    set_aside: list[Path] = field(default_factory=list)  # damaged copies, renamed *.damaged


def recovery_path(folder: Path | None = None, pid: int | None = None) -> Path:
    """The copy a process keeps: `recovery-<pid>.json` in the state folder."""
    return (folder or recovery_dir()) / f"{COPY_PREFIX}{os.getpid() if pid is None else pid}{COPY_SUFFIX}"


def recovery_bytes(scenario: Scenario, file_path: str | None, pid: int | None = None) -> bytes:
    """The copy's content; raises ScenarioFileError for a scenario too large to save."""
    scenario_json = scenario_payload(scenario).decode("utf-8")
    header = json.dumps({"pid": os.getpid() if pid is None else pid, "file_path": file_path}, ensure_ascii=False, allow_nan=False)
    # The scenario is spliced in as the file writes it (compact once large) rather than parsed and dumped again.
    return (header[:-1] + ', "scenario": ' + scenario_json.rstrip("\n") + "}\n").encode("utf-8")


def write_recovery(scenario: Scenario, file_path: str | None, folder: Path | None = None, pid: int | None = None) -> Path:
    target = recovery_path(folder, pid)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(target, recovery_bytes(scenario, file_path, pid))
    return target


def read_recovery(path: Path) -> RecoveryCopy:
    """The copy at `path`; raises RecoveryCopyDamaged when it cannot be read back."""
    path = Path(path)
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
        file_path = payload.get("file_path")
        pid = payload.get("pid")
        if not (file_path is None or isinstance(file_path, str)) or not (pid is None or isinstance(pid, int)):
            raise ValueError("pid or file_path of the wrong type")
        scenario, refused = screened_scenario_from_dict(payload["scenario"], str(path))
        return RecoveryCopy(path, pid, scenario, file_path, tuple(r.line() for r in refused))
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError, ScenarioFileError) as exc:
        raise RecoveryCopyDamaged(f"{path}: {exc}") from None


def remove_recovery(path: Path) -> None:
    try:
        Path(path).unlink()
    except FileNotFoundError:
        pass


def set_aside(path: Path) -> Path:
    """Rename a damaged copy to `<name>.damaged`, where it is neither offered again nor lost."""
    path = Path(path)
    aside = path.with_name(path.name + DAMAGED_SUFFIX)
    os.replace(path, aside)
    return aside


def copy_pid(path: Path) -> int | None:
    """The process that keeps the copy at `path`, from its name; None for an older version's shared copy."""
    match = _COPY_NAME.match(Path(path).name)
    return int(match.group(1)) if match else None


def process_running(pid: int) -> bool:
    """True while process `pid` exists; one that exists but is not ours to signal counts as running."""
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    if os.name == "nt":
        return _windows_process_running(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _windows_process_running(pid: int) -> bool:
    import ctypes
    from ctypes import wintypes

    query_limited_information, access_denied, still_active = 0x1000, 5, 259
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.OpenProcess.restype = wintypes.HANDLE
    handle = kernel32.OpenProcess(query_limited_information, False, pid)
    if not handle:
        return ctypes.get_last_error() == access_denied
    try:
        code = wintypes.DWORD()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == still_active
    finally:
        kernel32.CloseHandle(handle)


def left_behind(folder: Path | None = None, running=process_running) -> LeftBehind:
    """The copies whose process has ended, newest first; damaged ones among them are set aside.

    Copies of running processes (another window's live work) are neither listed nor touched.
    """
    folder = folder or recovery_dir()
    try:
        candidates = [p for p in folder.iterdir() if p.name == LEGACY_NAME or _COPY_NAME.match(p.name)]
    except OSError:
        return LeftBehind()
    copies, aside = [], []
    for path in candidates:
        pid = copy_pid(path)
        if pid is not None and running(pid):
            continue
        try:
            copies.append((path.stat().st_mtime, read_recovery(path)))
        except RecoveryCopyDamaged:
            try:
                aside.append(set_aside(path))
            except OSError:
                pass
        except OSError:
            continue
    copies.sort(key=lambda pair: pair[0], reverse=True)
    return LeftBehind([copy for _, copy in copies], aside)
