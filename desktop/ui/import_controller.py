"""File ▸ Import Spreadsheet: read the file in the background, show the import dialog, apply as one undo step."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QWidget

from .document import ScenarioDocument
from .prompts import Prompts
from .settings import Settings
from .workers import BackgroundTask

if TYPE_CHECKING:
    from ..core.merge import MergeResult
    from ..core.scenario import Scenario
    from ..spreadsheets.import_apply import SavedMapping
    from ..spreadsheets.reading.importer import Mapping
    from ..spreadsheets.reading.sheet_preview import PreviewedImport
    from .import_dialog import ImportDialog, ReadFacts

# The spreadsheet modules (and calamine) load on the first import, not when the window starts.

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods", ".csv", ".tsv", ".txt")


class DialogRead(NamedTuple):
    """One read as the dialog shows it: the import, a note about the mapping, and what the dialog shows of it."""

    outcome: PreviewedImport
    note: str
    facts: ReadFacts  # where each table's figures are, its facts line, the preview's layout…
    saved: SavedMapping | None = None  # the way the file was read last time, on a first read that looked for it


def read_work(path: Path, mapping: Mapping | None = None, previews=None, saved: SavedMapping | None = None,
              scenario: Scenario | None = None):
    """The worker for one read; a saved mapping that no longer fits the file falls back to detection.

    Given a scenario (a first read), the worker looks up the way the file was read last time and
    reads it that way. The spreadsheet modules load in the worker too: on the first import of a
    session they took the GUI thread some 100 ms.
    """

    def work(progress, cancel) -> DialogRead:
        from ..spreadsheets.reading.importer import ImportCancelled, ImportFailure, Mapping
        from ..spreadsheets.reading.sheet_preview import read_with_preview
        from .import_dialog import read_facts

        nonlocal mapping, saved
        if scenario is not None:
            from ..spreadsheets.import_apply import saved_mapping_for

            saved = saved_mapping_for(scenario, path.name)
            mapping = saved.mapping if saved is not None else Mapping()
        mapping = mapping or Mapping()
        note = ""
        try:
            outcome = read_with_preview(path, mapping, previews, progress, cancel)
        except ImportCancelled:
            raise
        except ImportFailure as failure:
            if saved is None or mapping == Mapping():
                raise
            outcome = read_with_preview(path, Mapping(), previews, progress, cancel)
            note = (f"The way {saved.file} was read last time does not fit this file ({failure.reason}); "
                    "the layout was detected instead.")
        return DialogRead(outcome, note, read_facts(outcome), saved)

    return work


class ImportController(QObject):
    message = Signal(str)  # for the status bar
    applied = Signal(object)  # MergeResult of an import that changed the scenario

    def __init__(self, document: ScenarioDocument, settings: Settings, prompts: Prompts, window: QWidget):
        super().__init__(window)
        self._document = document
        self._settings = settings
        self._prompts = prompts
        self._window = window
        self.task = BackgroundTask(window)
        self.task.cancelled.connect(self._cancelled)
        self.dialog: ImportDialog | None = None  # the dialog once it shows its first read
        self._opening: ImportDialog | None = None  # a dialog still being put on screen, step by step
        self._steps = iter(())
        self._step_timer = QTimer(self)
        self._step_timer.setInterval(0)
        self._step_timer.timeout.connect(self._next_step)
        self._saved: SavedMapping | None = None
        self._job = ""  # what the task is doing for the dialog: "reread" or "apply"

    def import_spreadsheet(self, path=None) -> bool:
        """Ask for a file (unless given) and start reading it; the dialog opens when the read is done."""
        if path is None:
            path = self._prompts.import_path(self._window, self._settings.value("files/last_folder"))
            if path is None:
                return False
        path = Path(path).resolve()
        self.close_dialog()
        self._saved = None
        self.task.start(read_work(path, scenario=self._document.scenario), f"Reading {path.name}…",
                        done=lambda result: self._first_read_done(path, result), failed=self._first_read_failed)
        return True

    def close_dialog(self) -> None:
        self._step_timer.stop()
        self._steps = iter(())
        opening, self._opening = self._opening, None
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            self.task.cancel()
        for shown in (opening, dialog):
            if shown is not None:
                shown.hide()
                shown.deleteLater()

    def shut_down(self) -> None:
        """The window is closing: stop any read or apply and close the dialog."""
        self.task.shut_down()
        self.close_dialog()

    # -- reading ------------------------------------------------------------------------

    def _first_read_done(self, path: Path, read: DialogRead) -> None:
        """Put the dialog on screen in steps, one per turn of the event loop, so that the window keeps repainting.

        Building the dialog, filling it, showing it and its first paint each take some milliseconds
        with a 100,000-row read; done in one go they froze the window for their sum.
        """
        from .import_dialog import ImportDialog

        self._saved = read.saved
        note = read.note
        if self._saved is not None and not note:
            note = f"Read the way {self._saved.file} was read last time."
        dataset = self._document.dataset
        allies = [(ally.iso3, ally.name) for ally in dataset.allies if ally.has_defence_figures]
        # Currencies an ally has replaced stay on offer: its older tables are in them, and they convert at a fixed rate.
        currencies = sorted({"USD", *(ally.currency for ally in dataset.allies if ally.currency),
                             *(change.from_currency for change in dataset.currency_changes)})
        dialog = ImportDialog(path, allies, currencies, self._window, dataset, self._document.scenario)
        dialog.finished.connect(lambda _result, d=dialog: self._dialog_closed(d))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self._opening = dialog
        saved = self._saved
        self._steps = iter((
            lambda: dialog.show_outcome(read.outcome, saved, note, read.facts),
            lambda: self._show(dialog),
            lambda: self._opened(dialog),
        ))
        self._step_timer.start()

    @staticmethod
    def _show(dialog: ImportDialog) -> None:
        """Show the dialog, laid out before it is first painted.

        Showing posts the layout requests and updates of its widgets; a platform that exposes the
        window in the same turn of the event loop (offscreen does) painted it before they arrived,
        then the whole dialog again once they had.
        """
        dialog.show()
        QCoreApplication.sendPostedEvents()

    def _next_step(self) -> None:
        step = next(self._steps, None)
        if step is None:
            self._step_timer.stop()
        else:
            step()

    def _opened(self, dialog: ImportDialog) -> None:
        self._step_timer.stop()
        self._opening = None
        dialog.reread_requested.connect(self._reread)
        dialog.apply_requested.connect(self._apply)
        self.dialog = dialog

    def _first_read_failed(self, message: str) -> None:
        self._prompts.show_error(self._window, "Cannot import spreadsheet", message)

    def _reread(self, mapping: Mapping) -> None:
        dialog = self.dialog
        if dialog is None or dialog.outcome is None:
            return
        previews = dialog.outcome.previews
        self._job = "reread"
        self.task.start(read_work(dialog.path, mapping, previews), f"Reading {dialog.path.name} again…",
                        done=lambda read: self._reread_done(dialog, read), failed=lambda message: self._reread_failed(dialog, message))

    def _reread_done(self, dialog: ImportDialog, read: DialogRead) -> None:
        self._job = ""
        dialog.show_outcome(read.outcome, facts=read.facts)

    def _reread_failed(self, dialog: ImportDialog, message: str) -> None:
        self._job = ""
        dialog.show_failure(message)

    def _cancelled(self) -> None:
        job, self._job = self._job, ""
        if self.dialog is None:
            return
        if job == "reread":
            self.dialog.show_cancelled()
        elif job == "apply":
            self.dialog.set_status("Cancelled: nothing was applied")

    def _dialog_closed(self, dialog: ImportDialog) -> None:
        if dialog is self.dialog or dialog is self._opening:
            self.close_dialog()

    # -- applying -------------------------------------------------------------------------

    def _apply(self, tables, mode: str, ally: str | None, options: dict) -> None:
        from ..spreadsheets.import_apply import SavedMapping, apply_import, merge_lines, remember_mapping

        dialog = self.dialog
        if dialog is None or dialog.outcome is None:
            return
        document = self._document
        before = document.scenario
        dataset = document.dataset
        name = dialog.path.name
        saved = SavedMapping(name, dialog.outcome.mapping, mode, ally, tuple(dialog.chosen_keys()))

        def work(progress, cancel) -> tuple:
            """The merge and the lines that report it, off the GUI thread; None for a scenario left as it was."""
            scenario, result = apply_import(dataset, before, tables, mode, name, ally, cancel, progress, **options)
            remembered = remember_mapping(scenario, saved)
            same = not result.changed and remembered.import_mappings == before.import_mappings
            return (None if same else remembered), result, merge_lines(result, dataset)

        def done(outcome: tuple) -> None:
            self._job = ""
            self._applied(dialog, before, *outcome)

        def failed(message: str) -> None:
            self._job = ""
            dialog.set_status(message, error=True)

        self._job = "apply"
        self.task.start(work, f"Applying {name}…", done=done, failed=failed)

    def _applied(self, dialog: ImportDialog, before, scenario, result: MergeResult, lines: list[str]) -> None:
        if self._document.scenario is not before:
            dialog.set_status("The scenario changed while the import was applied: apply it again", error=True)
            return
        summary = result.summary()
        dialog.scenario = self._document.scenario if scenario is None else scenario
        if result.held:
            summary += f" (tick “{dialog.confirm_unusual_box.text().replace('&', '')}” and apply again to take them)"
        if scenario is not None:
            self._document.replace_scenario(scenario, f"Import {dialog.path.name}")
            self.message.emit(f"Imported {dialog.path.name}: {summary}")
            self.applied.emit(result)
        else:
            summary = f"Nothing changed: {summary}"
        dialog.show_merge(summary, lines)
