"""Files dropped on the window: opened like File ▸ Open, so a planner workbook opens and other spreadsheets import."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QObject
from PySide6.QtWidgets import QWidget

from ..core.scenario_file import EXTENSION
from .import_controller import SPREADSHEET_SUFFIXES


def dropped_file(mime: QMimeData) -> Path | None:
    """The one local file the drop carries, if the planner can take it (a scenario or a spreadsheet)."""
    if not mime.hasUrls():
        return None
    files = [url.toLocalFile() for url in mime.urls() if url.isLocalFile()]
    if len(files) != 1:
        return None
    path = Path(files[0])
    return path if path.suffix.lower() in (EXTENSION, *SPREADSHEET_SUFFIXES) else None


class DropHandler(QObject):
    """Installed on the main window: it accepts a drop only of a file it can open."""

    def __init__(self, window: QWidget, open_file: Callable):
        super().__init__(window)
        self._open_file = open_file
        window.setAcceptDrops(True)
        window.installEventFilter(self)

    def eventFilter(self, watched, event):
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            if dropped_file(event.mimeData()) is not None:
                event.acceptProposedAction()
            else:
                event.ignore()
            return True
        if kind == QEvent.Type.Drop:
            path = dropped_file(event.mimeData())
            if path is None:
                event.ignore()
                return True
            event.acceptProposedAction()
            self._open_file(path)
            return True
        return False
