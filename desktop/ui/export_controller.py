"""File ▸ Export Workbook, Export CSV and Export Briefing: written, then a message offering the folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from .document import ScenarioDocument
from .file_controller import file_stem
from .prompts import CSV_FILTER, PDF_FILTER, WORKBOOK_FILTER, Prompts
from .settings import Settings
from .workers import BackgroundTask


def export_work(result, path: Path, csv: bool):
    """The worker: the export writer with progress; cancelling stops it before anything is written."""

    from ..spreadsheets.workbook.export import export_csv, export_workbook

    def work(progress, cancel) -> Path:
        if csv:
            export_csv(result, path)
        else:
            export_workbook(result, path, progress)
        return path

    return work


class ExportController(QObject):
    message = Signal(str)  # for the status bar
    exported = Signal(object)  # the Path written

    def __init__(self, document: ScenarioDocument, settings: Settings, prompts: Prompts, window: QWidget):
        super().__init__(window)
        self._document = document
        self._settings = settings
        self._prompts = prompts
        self._window = window
        self.task = BackgroundTask(window)

    def export_workbook(self) -> bool:
        return self._export(".xlsx", WORKBOOK_FILTER, csv=False)

    def export_csv(self) -> bool:
        return self._export(".csv", CSV_FILTER, csv=True)

    def shut_down(self) -> None:
        """The window is closing: let a running export finish writing (it is atomic either way)."""
        self.task.wait()
        self.task.shut_down()

    def export_briefing(self, selected=()) -> bool:
        """The briefing PDF, drawn here on the GUI thread (Qt draws its charts there); about a second."""
        path = self._ask_path(".pdf", PDF_FILTER)
        if path is None:
            return False
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QApplication

        from .briefing import DEFAULT_SELECTION, write_briefing

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            write_briefing(self._document.result, self._document.status_quo, path, selected=list(selected) or DEFAULT_SELECTION)
        except OSError as exc:
            self._failed(f"{path}: {exc.strerror or exc}")
            return False
        finally:
            QApplication.restoreOverrideCursor()
        self._done(path, "briefing")
        return True

    def _ask_path(self, suffix: str, file_filter: str) -> Path | None:
        """The file to write, suggested from the scenario's file or name, with `suffix` added if left out."""
        folder = Path(self._settings.value("files/last_folder"))
        current = self._document.path
        stem = current.stem if current is not None else file_stem(self._document.scenario.name)
        suggested = (current.parent if current is not None else folder) / (stem + suffix)
        path = self._prompts.save_path(self._window, suggested, file_filter)
        if path is None:
            return None
        path = Path(path)
        return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)

    def _export(self, suffix: str, file_filter: str, csv: bool) -> bool:
        path = self._ask_path(suffix, file_filter)
        if path is None:
            return False
        what = "CSV table" if csv else "workbook"
        self.task.start(export_work(self._document.result, path, csv), f"Writing {path.name}…",
                        done=lambda written: self._done(written, what), failed=self._failed)
        return True

    def _done(self, path: Path, what: str) -> None:
        self._settings.set_value("files/last_folder", str(path.resolve().parent))  # the next dialog starts here
        self.message.emit(f"Exported {path}")
        self.exported.emit(path)
        if self._prompts.show_exported(self._window, f"Exported the {what} {path.name}", path.parent):
            self._prompts.open_folder(path.parent)

    def _failed(self, message: str) -> None:
        self._prompts.show_error(self._window, "Cannot export", message)
