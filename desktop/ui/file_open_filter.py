"""macOS hands a double-clicked or dropped-on-Dock document to the application as a QFileOpenEvent."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject

_FILE_OPEN = QEvent.Type.FileOpen


class FileOpenFilter(QObject):
    """Installed on the application; a child of the window, so it stops filtering when the window goes."""

    def __init__(self, window):
        super().__init__(window)
        self._window = window

    def eventFilter(self, watched, event):
        # Every event of the application passes here: the common case returns at once, without calling into Qt again.
        if event.type() != _FILE_OPEN:
            return False
        if event.file():
            self._window.files.open_scenario(event.file())
            return True
        return False
