"""An exclusive OS lock on a file, held until released or until the holding process ends, however it ends.

`fcntl.flock` on Linux and macOS, `msvcrt.locking` on Windows: the kernel drops the lock when the process dies,
so a lock that can be taken means its last holder is gone. Both refuse a second holder even inside the same
process (each `FileLock` opens the file anew), so one window never takes what another part of itself holds.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

if os.name == "nt":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


class FileLock:
    """A held lock on `path`; `release()` gives it up (and, by default, removes the lock file)."""

    def __init__(self, path: Path, fd: int):
        self.path = path
        self._fd: int | None = fd
        self._guard = threading.Lock()  # released from a worker thread or the GUI thread, whichever comes first

    @classmethod
    def try_acquire(cls, path) -> FileLock | None:
        """The lock on `path` (created if missing), or None while another holder, in any process, has it.

        Raises OSError when the file cannot be created or opened.
        """
        path = Path(path)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        if not _try_lock(fd):
            os.close(fd)
            return None
        return cls(path, fd)

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self, remove: bool = True) -> None:
        """Give the lock up; with `remove` the lock file goes too. Calling it again does nothing."""
        with self._guard:
            fd, self._fd = self._fd, None
            if fd is None:
                return
            if remove and os.name != "nt":
                _unlink(self.path)  # while still held: no one can take the lock on a file about to vanish
            try:
                _unlock(fd)
            finally:
                os.close(fd)
            if remove and os.name == "nt":
                _unlink(self.path)  # Windows cannot delete an open file; one another process opened meanwhile stays


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass
