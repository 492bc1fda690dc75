"""Writing a file atomically: a temporary file beside it, flushed to disk, renamed over it; the file's mode kept."""

from __future__ import annotations

import os
import re
import secrets
import stat
import time
from pathlib import Path

# `.plan.defplan.defence-planner-1a2b3c4d.tmp`: hidden, not mistaken for the target, and distinctive enough
# that a leftover can be told from anyone else's temporary file.
TEMP_MARK, TEMP_SUFFIX = ".defence-planner-", ".tmp"
_TEMP_NAME = re.compile(r"\..+" + re.escape(TEMP_MARK) + r"[0-9a-f]{8}" + re.escape(TEMP_SUFFIX) + "$")
# A temporary file untouched for this long is no save in progress but one a killed process left behind.
LEFTOVER_AFTER_S = 60.0
_NEW_FILE_MODE = 0o666  # before the umask, as open() and every editor create files
_BINARY = getattr(os, "O_BINARY", 0)  # Windows would otherwise translate newlines


def temp_name(target_name: str) -> str:
    return f".{target_name}{TEMP_MARK}{secrets.token_hex(4)}{TEMP_SUFFIX}"


def is_temp_name(name: str) -> bool:
    return _TEMP_NAME.match(name) is not None


def write_atomically(path, payload: bytes) -> None:
    """Replace `path` with `payload` so that a crash at any moment leaves the old file or the new one, whole.

    Saving over a file keeps its permissions; a new file gets the umask's, as any other program's would.
    Temporary files that killed saves left in the folder are cleared first.
    """
    path = Path(path)
    folder = path.parent
    remove_leftovers(folder)
    keep_mode = _existing_mode(path)
    fd, tmp = _create_temp(path)
    try:
        with os.fdopen(fd, "wb") as f:
            if keep_mode is not None and hasattr(os, "fchmod"):
                os.fchmod(f.fileno(), keep_mode)
            f.write(payload)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
        _sync_folder(folder)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def remove_leftovers(folder, now: float | None = None) -> list[Path]:
    """Delete this program's temporary files in `folder` older than LEFTOVER_AFTER_S; the ones removed.

    Nothing else is touched, and a leftover that cannot be removed is left for the next save.
    """
    now = time.time() if now is None else now
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not is_temp_name(entry.name):
            continue
        try:
            if not entry.is_file(follow_symlinks=False) or now - entry.stat(follow_symlinks=False).st_mtime < LEFTOVER_AFTER_S:
                continue
            os.unlink(entry.path)
        except OSError:
            continue
        removed.append(Path(entry.path))
    return removed


def _existing_mode(path: Path) -> int | None:
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return None  # no file yet (or one we cannot stat): the new file follows the umask


def _create_temp(path: Path) -> tuple[int, str]:
    # os.open applies the umask to _NEW_FILE_MODE itself; tempfile.mkstemp would make every file 0600.
    for _ in range(100):
        tmp = str(path.parent / temp_name(path.name))
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY, _NEW_FILE_MODE), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {path}")


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); Windows has no directory handles to sync."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
