"""Crash recovery: a copy of the open scenario kept in the user's data folder, restored after a crash."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from .scenario import Scenario
from .scenario_file import ScenarioFileError, scenario_from_dict, scenario_to_dict, write_atomically

RECOVERY_NAME = "recovery.defplan.json"


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
    scenario: Scenario
    file_path: str | None  # the .defplan the user had open, if any


def write_recovery(scenario: Scenario, file_path: str | None, folder: Path | None = None) -> Path:
    folder = folder or recovery_dir()
    folder.mkdir(parents=True, exist_ok=True)
    payload = {"scenario": scenario_to_dict(scenario), "file_path": file_path}
    target = folder / RECOVERY_NAME
    write_atomically(target, json.dumps(payload, ensure_ascii=False).encode("utf-8"))
    return target


def read_recovery(folder: Path | None = None) -> RecoveryCopy | None:
    """The recovery copy left by a session that did not close cleanly, or None (a damaged copy is ignored)."""
    path = (folder or recovery_dir()) / RECOVERY_NAME
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
        return RecoveryCopy(scenario_from_dict(payload["scenario"], str(path)), payload.get("file_path"))
    except (OSError, ValueError, KeyError, TypeError, ScenarioFileError):
        return None


def clear_recovery(folder: Path | None = None) -> None:
    try:
        ((folder or recovery_dir()) / RECOVERY_NAME).unlink()
    except FileNotFoundError:
        pass
