"""Keeps the crash-recovery copy of the open document up to date, and offers it back after a crash."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from ..core.recovery import RECOVERY_NAME, RecoveryCopy, clear_recovery, read_recovery, write_recovery
from .document import ScenarioDocument
from .prompts import Prompts

RECOVERY_DELAY_MS = 60_000


class RecoveryWriter(QObject):
    """Unsaved work reaches the recovery folder at most `delay_ms` after a change; saved or discarded work leaves it.

    One single-shot timer starts on the first change after a write, so a burst of edits costs one write.
    """

    failed = Signal(str)  # a readable reason, for the status bar

    def __init__(self, document: ScenarioDocument, folder: Path, delay_ms: int = RECOVERY_DELAY_MS, parent=None):
        super().__init__(parent)
        self._document = document
        self.folder = Path(folder)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(delay_ms)
        self.timer.timeout.connect(self.write_now)
        # An edit changes the result before the undo stack turns unclean: follow both signals.
        document.result_changed.connect(self._follow_document)
        document.file_state_changed.connect(self._follow_document)

    def pending_copy(self) -> RecoveryCopy | None:
        return read_recovery(self.folder)

    def restore(self, copy: RecoveryCopy) -> None:
        """Load the copy as unsaved work under its original path, and keep it on disk until it is saved."""
        self._document.load(copy.scenario, Path(copy.file_path) if copy.file_path else None)
        self._document.undo_stack.resetClean()
        self.write_now()

    def write_now(self) -> None:
        self.timer.stop()
        if not self._document.is_modified:
            return
        path = self._document.path
        try:
            write_recovery(self._document.scenario, str(path) if path is not None else None, self.folder)
        except OSError as exc:
            self.failed.emit(f"Cannot write the recovery copy to {self.folder}: {exc.strerror or exc}")

    def discard(self) -> None:
        """The work was saved or the user chose to drop it: no copy, no pending write."""
        self.timer.stop()
        try:
            clear_recovery(self.folder)
        except OSError as exc:
            self.failed.emit(f"Cannot remove the recovery copy in {self.folder}: {exc.strerror or exc}")

    def _follow_document(self, *_) -> None:
        if not self._document.is_modified:
            self.discard()
        elif not self.timer.isActive():
            self.timer.start()


def offer_recovery(writer: RecoveryWriter, prompts: Prompts, parent: QWidget) -> bool:
    """After a crash: ask whether to restore the copy; restore it, or drop it when declined. True when restored."""
    copy = writer.pending_copy()
    if copy is None:
        writer.discard()  # a damaged copy is of no use to anyone
        return False
    where = f"from {copy.file_path}" if copy.file_path else "never saved"
    try:
        when = datetime.fromtimestamp((writer.folder / RECOVERY_NAME).stat().st_mtime).strftime(", copied %d %B %Y at %H:%M")
    except OSError:
        when = ""
    if prompts.ask_restore_recovery(parent, f"“{copy.scenario.name}” ({where}{when})"):
        writer.restore(copy)
        return True
    writer.discard()
    return False
