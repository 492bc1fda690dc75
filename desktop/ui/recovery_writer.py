"""Keeps this window's crash-recovery copy of the open document up to date, and offers back copies left by crashed ones."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from ..core.file_lock import FileLock
from ..core.recovery import RecoveryCopy, discard_copy, left_behind, new_copy_path, own_copy, release_copy, remove_recovery, write_recovery
from ..core.scenario_file import ScenarioFileError
from .document import ScenarioDocument
from .prompts import Prompts
from .thread_job import ThreadJob

RECOVERY_DELAY_MS = 60_000


class RecoveryWriter(QObject):
    """Unsaved work reaches the window's own copy at most `delay_ms` after a change; saved or discarded work leaves it.

    The copy's lock is taken with the first write and held until the window closes: while it is held no other
    window offers the copy, and when the process dies the operating system lets it go.

    One single-shot timer starts on the first change after a write, so a burst of edits costs one write.
    The copy is written on a worker thread, one file operation at a time and in order: a removal asked for
    while a write runs happens after it, and of several requests waiting only the latest is kept.
    """

    message = Signal(str)  # a readable line, for the status bar

    def __init__(self, document: ScenarioDocument, folder: Path, delay_ms: int = RECOVERY_DELAY_MS, parent=None):
        super().__init__(parent)
        self._document = document
        self.folder = Path(folder)
        self.path = new_copy_path(self.folder)
        self._claim: FileLock | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(delay_ms)
        self.timer.timeout.connect(self.write_now)
        self._job: ThreadJob | None = None
        self._waiting: Callable[[], None] | None = None
        # An edit changes the result before the undo stack turns unclean: follow both signals.
        document.result_changed.connect(self._follow_document)
        document.file_state_changed.connect(self._follow_document)

    @property
    def busy(self) -> bool:
        return self._job is not None

    def left_behind(self):
        """Copies no running window owns, newest first, claimed until restored, dropped or released; damaged ones are set aside and reported."""
        found = left_behind(self.folder)
        for path in found.set_aside:
            self.message.emit(f"A damaged recovery copy could not be restored; it was kept as {path}")
        return found.copies

    def restore(self, copy: RecoveryCopy) -> None:
        """Load the copy as unsaved work under its original path; it becomes this window's copy until saved."""
        self._document.load(copy.scenario, Path(copy.file_path) if copy.file_path else None)
        self._document.undo_stack.resetClean()
        self.timer.stop()
        scenario, file_path = copy.scenario, copy.file_path

        def adopt() -> None:
            try:
                self._write(scenario, file_path)
                discard_copy(copy)  # only once the work is safe in this window's copy
            finally:
                release_copy(copy)  # when the write failed, the copy stays for the next start

        self._start(adopt)

    def drop(self, copy: RecoveryCopy) -> None:
        """The user declined a left-behind copy."""
        try:
            discard_copy(copy)
        except OSError as exc:
            release_copy(copy)
            self.message.emit(f"Cannot remove the recovery copy {copy.path}: {exc.strerror or exc}")

    def release(self, copy: RecoveryCopy) -> None:
        """A left-behind copy that was not offered: it stays for the next start."""
        release_copy(copy)

    def write_now(self) -> None:
        self.timer.stop()
        if not self._document.is_modified:
            return
        path = self._document.path
        scenario, file_path = self._document.scenario, str(path) if path is not None else None
        self._start(lambda: self._write(scenario, file_path))

    def discard(self) -> None:
        """The work was saved or the user chose to drop it: no copy, no pending write."""
        self.timer.stop()
        if self._job is not None:
            self._waiting = self._remove  # after the write that is running, not before it
            return
        if self._claim is not None:
            self._remove()

    def shut_down(self) -> None:
        """The window is closing: finish the file work now, in order, then let the copy go.

        A copy still there (work neither saved nor discarded) stays, with its lock file, for the next start.
        """
        self.timer.stop()
        while self._job is not None:
            self._job.wait()
        claim, self._claim = self._claim, None
        if claim is not None:
            claim.release(remove=not self.path.exists())

    def _write(self, scenario, file_path: str | None) -> None:
        """On the worker thread: take the copy's lock with the first write, then write."""
        if self._claim is None:
            self._claim = own_copy(self.path)
        write_recovery(scenario, file_path, self.path)

    def _remove(self) -> None:
        self._waiting = None
        try:
            remove_recovery(self.path)
        except OSError as exc:
            self.message.emit(f"Cannot remove the recovery copy in {self.folder}: {exc.strerror or exc}")

    def _start(self, work: Callable[[], None]) -> None:
        if self._job is not None:
            self._waiting = lambda: self._start(work)
            return
        self._job = ThreadJob(work, self._ended, "recovery copy")

    def _ended(self, job: ThreadJob) -> None:
        self._job = None
        error = job.error
        if isinstance(error, ScenarioFileError):
            self.message.emit(f"Cannot write the recovery copy: {error}")
        elif isinstance(error, OSError):
            self.message.emit(f"Cannot write the recovery copy to {self.folder}: {error.strerror or error}")
        elif error is not None:
            self.message.emit(f"Cannot write the recovery copy: {error}")
        waiting, self._waiting = self._waiting, None
        if waiting is not None:
            waiting()

    def _follow_document(self, *_) -> None:
        if not self._document.is_modified:
            self.discard()
        elif not self.timer.isActive():
            self.timer.start()


def offer_recovery(writer: RecoveryWriter, prompts: Prompts, parent: QWidget) -> bool:
    """At start: offer each copy a crashed process left, newest first, until one is restored; True when one was.

    A declined copy is removed; copies not yet offered stay for the next start.
    """
    remaining = writer.left_behind()
    try:
        while remaining:
            restored = _offer(writer, prompts, parent, remaining[0])
            remaining.pop(0)  # restored or dropped: its claim is the writer's business now
            if restored:
                return True
        return False
    finally:
        for copy in remaining:
            writer.release(copy)


def _offer(writer: RecoveryWriter, prompts: Prompts, parent: QWidget, copy: RecoveryCopy) -> bool:
    where = f"from {copy.file_path}" if copy.file_path else "never saved"
    try:
        when = datetime.fromtimestamp(copy.path.stat().st_mtime).strftime(", copied %d %B %Y at %H:%M")
    except OSError:
        when = ""
    description = f"“{copy.scenario.name}” ({where}{when})"
    if copy.repaired:
        more = f" and {len(copy.repaired) - 1} more" if len(copy.repaired) > 1 else ""
        description += f"; figures the planner cannot accept are left out ({copy.repaired[0]}{more})"
    if prompts.ask_restore_recovery(parent, description):
        writer.restore(copy)
        return True
    writer.drop(copy)
    return False
