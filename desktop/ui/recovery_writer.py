"""Keeps this process's crash-recovery copy of the open document up to date, and offers back copies left by crashed ones."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from ..core.recovery import RecoveryCopy, left_behind, process_running, recovery_path, remove_recovery, write_recovery
from ..core.scenario_file import ScenarioFileError
from .document import ScenarioDocument
from .prompts import Prompts
from .thread_job import ThreadJob

RECOVERY_DELAY_MS = 60_000
# Copies this process has written and not removed: its own live work, never offered back to it.
_written_here: set[Path] = set()


class RecoveryWriter(QObject):
    """Unsaved work reaches `recovery-<pid>.json` at most `delay_ms` after a change; saved or discarded work leaves it.

    One single-shot timer starts on the first change after a write, so a burst of edits costs one write.
    The copy is written on a worker thread, one file operation at a time and in order: a removal asked for
    while a write runs happens after it, and of several requests waiting only the latest is kept.
    """

    message = Signal(str)  # a readable line, for the status bar

    def __init__(self, document: ScenarioDocument, folder: Path, delay_ms: int = RECOVERY_DELAY_MS, parent=None):
        super().__init__(parent)
        self._document = document
        self.folder = Path(folder)
        self.path = recovery_path(self.folder)
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
        """Copies of processes that have ended, newest first; damaged ones are set aside and reported."""
        found = left_behind(self.folder, running=self._running)
        for path in found.set_aside:
            self.message.emit(f"A damaged recovery copy could not be restored; it was kept as {path}")
        return found.copies

    def restore(self, copy: RecoveryCopy) -> None:
        """Load the copy as unsaved work under its original path; it becomes this process's copy until saved."""
        self._document.load(copy.scenario, Path(copy.file_path) if copy.file_path else None)
        self._document.undo_stack.resetClean()
        self.timer.stop()
        scenario, file_path, folder = copy.scenario, copy.file_path, self.folder

        def adopt() -> None:
            write_recovery(scenario, file_path, folder)
            if copy.path != self.path:
                remove_recovery(copy.path)  # only once the work is safe in this process's copy

        self._start(adopt)

    def drop(self, copy: RecoveryCopy) -> None:
        """The user declined a left-behind copy."""
        try:
            remove_recovery(copy.path)
        except OSError as exc:
            self.message.emit(f"Cannot remove the recovery copy {copy.path}: {exc.strerror or exc}")

    def write_now(self) -> None:
        self.timer.stop()
        if not self._document.is_modified:
            return
        path = self._document.path
        scenario, file_path, folder = self._document.scenario, str(path) if path is not None else None, self.folder
        self._start(lambda: write_recovery(scenario, file_path, folder))

    def discard(self) -> None:
        """The work was saved or the user chose to drop it: no copy, no pending write."""
        self.timer.stop()
        if self._job is not None:
            self._waiting = self._remove  # after the write that is running, not before it
            return
        if self.path in _written_here:
            self._remove()

    def shut_down(self) -> None:
        """The window is closing: finish the file work now, in order."""
        self.timer.stop()
        while self._job is not None:
            self._job.wait()

    def _remove(self) -> None:
        self._waiting = None
        try:
            remove_recovery(self.path)
        except OSError as exc:
            self.message.emit(f"Cannot remove the recovery copy in {self.folder}: {exc.strerror or exc}")
            return
        _written_here.discard(self.path)

    def _start(self, work: Callable[[], None]) -> None:
        if self._job is not None:
            self._waiting = lambda: self._start(work)
            return
        _written_here.add(self.path)
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

    def _running(self, pid: int) -> bool:
        # Our own pid's copy that no writer here has written was left by an earlier process that had this pid.
        if pid == os.getpid():
            return self.path in _written_here
        return process_running(pid)

    def _follow_document(self, *_) -> None:
        if not self._document.is_modified:
            self.discard()
        elif not self.timer.isActive():
            self.timer.start()


def offer_recovery(writer: RecoveryWriter, prompts: Prompts, parent: QWidget) -> bool:
    """At start: offer each copy a crashed process left, newest first, until one is restored; True when one was.

    A declined copy is removed; copies not yet offered stay for the next start.
    """
    for copy in writer.left_behind():
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
