"""Every question the window asks the user, in one replaceable object so tests can answer them."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ..core.scenario_file import EXTENSION

SCENARIO_FILTER = f"Defence Planner scenarios (*{EXTENSION})"
# What Open reads: a scenario file or a workbook the planner exported (other spreadsheets go to the import).
OPEN_FILTER = f"Scenarios (*{EXTENSION} *.xlsx)"
ALL_FILES_FILTER = "All files (*)"
PNG_FILTER = "PNG images (*.png)"
SPREADSHEET_FILTER = "Spreadsheets (*.xlsx *.xlsm *.xlsb *.xls *.ods *.csv *.tsv *.txt)"
WORKBOOK_FILTER = "Excel workbooks (*.xlsx)"
CSV_FILTER = "CSV tables (*.csv)"
PDF_FILTER = "PDF documents (*.pdf)"

SAVE, DISCARD, CANCEL = "save", "discard", "cancel"


class Prompts:
    def ask_save_changes(self, parent: QWidget, name: str) -> str:
        box = QMessageBox(QMessageBox.Icon.Warning, "Unsaved changes", f"Save the changes to “{name}” first?", parent=parent)
        box.setInformativeText("Your changes are lost if you don't save them.")
        box.setStandardButtons(QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        answer = box.exec()
        return {QMessageBox.StandardButton.Save: SAVE, QMessageBox.StandardButton.Discard: DISCARD}.get(
            QMessageBox.StandardButton(answer), CANCEL
        )

    def ask_restore_recovery(self, parent: QWidget, description: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, "Restore unsaved work", "The planner did not close properly last time.", parent=parent)
        box.setInformativeText(f"Restore the unsaved work it kept, {description}?")
        restore = box.addButton("&Restore", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("&Discard", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(restore)
        box.exec()
        return box.clickedButton() is restore

    def open_path(self, parent: QWidget, folder: str) -> str | None:
        path, _ = QFileDialog.getOpenFileName(parent, "Open scenario", folder, f"{OPEN_FILTER};;{ALL_FILES_FILTER}")
        return path or None

    def save_path(self, parent: QWidget, suggested: Path, file_filter: str = SCENARIO_FILTER) -> str | None:
        path, _ = QFileDialog.getSaveFileName(parent, "Save as", str(suggested), file_filter)
        return path or None

    def show_error(self, parent: QWidget, title: str, text: str) -> None:
        QMessageBox.warning(parent, title, text)

    def import_path(self, parent: QWidget, folder: str) -> str | None:
        path, _ = QFileDialog.getOpenFileName(parent, "Import spreadsheet", folder, f"{SPREADSHEET_FILTER};;{ALL_FILES_FILTER}")
        return path or None

    def show_exported(self, parent: QWidget, text: str, folder: Path) -> bool:
        """Tell the user an export is written; True when they asked to see its folder."""
        box = QMessageBox(QMessageBox.Icon.Information, "Export finished", text, parent=parent)
        box.setInformativeText(str(folder))
        show = box.addButton("Open &Folder", QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Ok)
        box.exec()
        return box.clickedButton() is show

    def open_folder(self, folder: Path) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


class ConsolePrompts(Prompts):
    """For `--screenshot`, where no one can answer a dialog: each error is one line on stderr, questions take the safe answer."""

    def __init__(self, program: str = "defence-planner"):
        self._program = program
        self.errors: list[str] = []

    def ask_save_changes(self, parent, name):
        return DISCARD

    def ask_restore_recovery(self, parent, description):
        return False

    def open_path(self, parent, folder):
        return None

    def save_path(self, parent, suggested, file_filter=SCENARIO_FILTER):
        return None

    def import_path(self, parent, folder):
        return None

    def show_error(self, parent, title, text):
        line = " ".join(str(text).split())
        self.errors.append(line)
        print(f"{self._program}: {line}", file=sys.stderr)

    def show_exported(self, parent, text, folder):
        return False

    def open_folder(self, folder):
        pass
