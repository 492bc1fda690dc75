"""Every question the window asks the user, in one replaceable object so tests can answer them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ..core.scenario_file import EXTENSION

SCENARIO_FILTER = f"Defence Planner scenarios (*{EXTENSION})"
PNG_FILTER = "PNG images (*.png)"

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
        path, _ = QFileDialog.getOpenFileName(parent, "Open scenario", folder, f"{SCENARIO_FILTER};;All files (*)")
        return path or None

    def save_path(self, parent: QWidget, suggested: Path, file_filter: str = SCENARIO_FILTER) -> str | None:
        path, _ = QFileDialog.getSaveFileName(parent, "Save as", str(suggested), file_filter)
        return path or None

    def show_error(self, parent: QWidget, title: str, text: str) -> None:
        QMessageBox.warning(parent, title, text)
