"""Crash recovery: each window keeps its own copy of the open scenario, owned through an OS lock; copies whose owner has ended are offered back.

A copy `recovery-<id>.json` belongs to whoever holds the lock on `recovery-<id>.lock`. The operating system drops
that lock when its process ends, however it ends, so a copy whose lock can be taken was left by a crash (or by an
older version, which kept no lock), and the process that takes the lock has it to itself while it offers it.
"""

from __future__ import annotations

import dataclasses
import errno
import json
import os
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from .atomic_write import write_atomically
from .file_lock import FileLock
from .scenario import Scenario
from .scenario_file import ScenarioFileError, scenario_payload, screened_scenario_from_dict

COPY_PREFIX, COPY_SUFFIX, LOCK_SUFFIX = "recovery-", ".json", ".lock"
DAMAGED_SUFFIX = ".damaged"
# The single copy older versions shared between every running window, and their `recovery-<pid>.json`:
# neither has a lock file, so once this version finds them their lock is free and they are offered.
LEGACY_NAME = "recovery.defplan.json"
_COPY_NAME = re.compile(re.escape(COPY_PREFIX) + r"[0-9a-z]+" + re.escape(COPY_SUFFIX) + "$")
_LOCK_NAME = re.compile(r"(" + re.escape(COPY_PREFIX) + r"[0-9a-z]+|recovery\.defplan)" + re.escape(LOCK_SUFFIX) + "$")


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
    scenario: Scenario
    file_path: str | None  # the .defplan the user had open, if any
    repaired: tuple = ()  # one line per record the validation gate dropped from the copy
    # The copy's lock, held by this process from `left_behind` until the copy is discarded or released.
    claim: FileLock | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class LeftBehind:
    copies: list[RecoveryCopy] = field(default_factory=list)  # newest first, each claimed
    set_aside: list[Path] = field(default_factory=list)  # damaged copies, renamed *.damaged


def new_copy_path(folder: Path | None = None) -> Path:
    """A name for a window's copy that no other window, running or ended, has used."""
    return (folder or recovery_dir()) / f"{COPY_PREFIX}{secrets.token_hex(8)}{COPY_SUFFIX}"


def lock_path(copy: Path) -> Path:
    copy = Path(copy)
    return copy.with_name(copy.name.removesuffix(COPY_SUFFIX) + LOCK_SUFFIX)


def own_copy(copy: Path) -> FileLock:
    """Take the lock of a window's own copy (creating the folder); hold it for as long as the window lives."""
    copy = Path(copy)
    copy.parent.mkdir(parents=True, exist_ok=True)
    claim = FileLock.try_acquire(lock_path(copy))
    if claim is None:
        raise OSError(errno.EBUSY, "another window holds this recovery copy", str(copy))
    return claim


def recovery_bytes(scenario: Scenario, file_path: str | None) -> bytes:
    """The copy's content; raises ScenarioFileError for a scenario too large to save."""
    scenario_json = scenario_payload(scenario).decode("utf-8")
    header = json.dumps({"file_path": file_path}, ensure_ascii=False, allow_nan=False)
    # The scenario is spliced in as the file writes it (compact once large) rather than parsed and dumped again.
    return (header[:-1] + ', "scenario": ' + scenario_json.rstrip("\n") + "}\n").encode("utf-8")


def write_recovery(scenario: Scenario, file_path: str | None, copy: Path) -> Path:
    """Write the copy at `copy`, whose lock (`own_copy`) the caller holds."""
    copy = Path(copy)
    copy.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(copy, recovery_bytes(scenario, file_path))
    return copy


def read_recovery(path: Path) -> RecoveryCopy:
    """The copy at `path`, unclaimed; raises RecoveryCopyDamaged when it cannot be read back."""
    path = Path(path)
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
        file_path = payload.get("file_path")
        if not (file_path is None or isinstance(file_path, str)):
            raise ValueError("file_path of the wrong type")
        scenario, refused = screened_scenario_from_dict(payload["scenario"], str(path))
        return RecoveryCopy(path, scenario, file_path, tuple(r.line() for r in refused))
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError, ScenarioFileError) as exc:
        raise RecoveryCopyDamaged(f"{path}: {exc}") from None


def remove_recovery(path: Path) -> None:
    try:
        Path(path).unlink()
    except FileNotFoundError:
        pass


def discard_copy(copy: RecoveryCopy) -> None:
    """Remove a claimed copy, then its lock; raises OSError (the copy then stays claimed) when it cannot be removed."""
    remove_recovery(copy.path)
    if copy.claim is not None:
        copy.claim.release(remove=True)


def release_copy(copy: RecoveryCopy) -> None:
    """Give up the claim on a copy that stays, for the next start (or another window) to offer."""
    if copy.claim is not None:
        copy.claim.release(remove=False)


def set_aside(path: Path) -> Path:
    """Rename a damaged copy to `<name>.damaged`, where it is neither offered again nor lost."""
    path = Path(path)
    aside = path.with_name(path.name + DAMAGED_SUFFIX)
    os.replace(path, aside)
    return aside


def left_behind(folder: Path | None = None) -> LeftBehind:
    """The copies no running process owns, newest first, each now claimed by this one; damaged ones are set aside.

    The caller ends each claim with `discard_copy` or `release_copy`. A copy whose lock a live process holds
    (another window's live work, or one this process keeps) is neither listed nor touched.
    Lock files left without a copy by ended processes are removed on the way.
    """
    folder = folder or recovery_dir()
    try:
        names = {p.name for p in folder.iterdir()}
    except OSError:
        return LeftBehind()
    copies, aside = [], []
    for name in sorted(names):
        if name == LEGACY_NAME or _COPY_NAME.match(name):
            found = _claim(folder / name, aside)
            if found is not None:
                copies.append(found)
        elif _LOCK_NAME.match(name) and name.removesuffix(LOCK_SUFFIX) + COPY_SUFFIX not in names:
            _remove_orphan_lock(folder / name)
    copies.sort(key=lambda pair: pair[0], reverse=True)
    return LeftBehind([copy for _, copy in copies], aside)


def _claim(path: Path, aside: list[Path]) -> tuple[float, RecoveryCopy] | None:
    try:
        claim = FileLock.try_acquire(lock_path(path))
    except OSError:
        return None  # no lock can be taken there (a read-only folder): nothing can be restored and removed safely
    if claim is None:
        return None
    try:
        modified = path.stat().st_mtime
        copy = read_recovery(path)
    except OSError:
        claim.release(remove=True)  # gone meanwhile: another window took it before this one looked
        return None
    except RecoveryCopyDamaged:
        try:
            aside.append(set_aside(path))
        except OSError:
            pass
        claim.release(remove=True)
        return None
    return modified, dataclasses.replace(copy, claim=claim)


def _remove_orphan_lock(path: Path) -> None:
    try:
        claim = FileLock.try_acquire(path)
    except OSError:
        return
    if claim is not None:
        claim.release(remove=True)
