"""New, Open, Save and Save As for scenarios, the recent list, and the unsaved-work prompt.

Open takes a .defplan or a workbook the planner exported; any other spreadsheet goes to the import flow.
Save writes on a worker thread: the document turns saved only once the file is safely on disk.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from ..core.presets import preset_scenario
from ..core.scenario import Scenario
from ..core.scenario_file import EXTENSION, ScenarioFileError, write_scenario
from .document import ScenarioDocument
from .import_controller import SPREADSHEET_SUFFIXES
from .prompts import CANCEL, SAVE, Prompts
from .settings import Settings
from .thread_job import ThreadJob
from .workers import one_line

DEFAULT_PRESET = "hague-2035"
# Text tables cannot be a scenario; they go straight to the import flow.
TEXT_TABLE_SUFFIXES = (".csv", ".tsv", ".txt")
# Save waits this long for the write before letting the window go on: a small scenario is saved when Save returns.
SAVE_GRACE_S = 0.08


# Characters no file name may hold on Windows (the strictest of the three systems), and control characters.
_FORBIDDEN_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f]')
_RESERVED_ON_WINDOWS = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10)), *(f"LPT{n}" for n in range(1, 10))}


def file_stem(scenario_name: str) -> str:
    """The scenario's name as a file name without suffix: forbidden characters become "-", the rest is kept."""
    stem = re.sub(r"\s+", " ", _FORBIDDEN_IN_FILE_NAMES.sub("-", scenario_name)).strip(" .")  # Windows drops trailing dots
    if not stem or stem.split(".")[0].upper() in _RESERVED_ON_WINDOWS:
        return f"Scenario {stem}".strip()
    return stem


def suggested_file_name(scenario_name: str) -> str:
    return file_stem(scenario_name) + EXTENSION


class FileController(QObject):
    recent_changed = Signal(list)
    message = Signal(str)  # for the status bar

    def __init__(self, document: ScenarioDocument, settings: Settings, prompts: Prompts, window: QWidget,
                 import_spreadsheet: Callable[[Path], bool] | None = None):
        super().__init__(window)
        self._document = document
        self._settings = settings
        self.prompts = prompts
        self._window = window
        self._import_spreadsheet = import_spreadsheet
        self._saving: ThreadJob | None = None
        self._saving_what: tuple[Scenario, Path] | None = None
        self._last_save_ok = True

    @property
    def is_saving(self) -> bool:
        return self._saving is not None

    def display_name(self) -> str:
        path = self._document.path
        return path.name if path is not None else f"{self._document.scenario.name} (unsaved)"

    def may_discard_changes(self) -> bool:
        """True when there is nothing unsaved, the user saved it, or chose to discard it.

        A save still being written is waited for first: it may be what makes the work saved.
        """
        self.wait_for_save()
        if not self._document.is_modified:
            return True
        answer = self.prompts.ask_save_changes(self._window, self.display_name())
        if answer == SAVE:
            return self.save() and self.wait_for_save()
        return answer != CANCEL

    def wait_for_save(self) -> bool:
        """Block until a save being written has ended; False when the last save failed."""
        if self._saving is not None:
            self._saving.wait()
        return self._last_save_ok

    def new_scenario(self) -> bool:
        if not self.may_discard_changes():
            return False
        self._document.load(preset_scenario(DEFAULT_PRESET, self._document.dataset), None)
        self.message.emit("New scenario from the Hague 2035 preset")
        return True

    def open_scenario(self, path=None) -> bool:
        """Open a .defplan or planner workbook; a ministry or NATO spreadsheet is handed to the import flow.

        The file is read before the unsaved-work question: a spreadsheet merges into the open scenario, so
        nothing is lost and nothing need be asked.
        """
        if path is None:
            path = self.prompts.open_path(self._window, self._settings.value("files/last_folder"))
            if path is None:
                return False
        path = Path(path)
        if path.suffix.lower() in TEXT_TABLE_SUFFIXES and self._import_spreadsheet is not None:
            return self._import_from(path)
        # Loaded here, not at start-up: the spreadsheet modules are only needed once a file is opened.
        from ..spreadsheets.scenario_sources import SpreadsheetNotScenario, open_scenario

        try:
            scenario = open_scenario(path, self._document.dataset)
        except SpreadsheetNotScenario as exc:
            if self._import_spreadsheet is not None:
                return self._import_from(path)
            self.prompts.show_error(self._window, "Cannot open file", str(exc))
            return False
        except ScenarioFileError as exc:
            self.prompts.show_error(self._window, "Cannot open file", str(exc))
            self._publish_recent()
            return False
        if not self.may_discard_changes():
            return False
        is_workbook = path.suffix.lower() in SPREADSHEET_SUFFIXES
        # Save must never write JSON over the workbook: a scenario read from one is saved as a new .defplan.
        self._document.load(scenario, None if is_workbook else path)
        self._remember(path)
        where = path.resolve()
        self.message.emit(f"Opened {where}: Save writes it as a {EXTENSION} file" if is_workbook else f"Opened {where}")
        return True

    def save(self) -> bool:
        if self._document.path is None:
            return self.save_as()
        return self._write(self._document.path)

    def save_as(self) -> bool:
        folder = Path(self._settings.value("files/last_folder"))
        current = self._document.path
        suggested = current if current is not None else folder / suggested_file_name(self._document.scenario.name)
        path = self.prompts.save_path(self._window, suggested)
        if path is None:
            return False
        path = Path(path)
        if path.suffix.lower() != EXTENSION:
            path = path.with_name(path.name + EXTENSION)
        return self._write(path)

    def _import_from(self, path: Path) -> bool:
        """A spreadsheet given to Open goes to the import; Open and Import next start in its folder."""
        if path.parent.is_dir():
            self._settings.set_value("files/last_folder", str(path.resolve().parent))
        return self._import_spreadsheet(path)

    def recent_files(self) -> list[str]:
        return self._settings.recent_files()

    def _write(self, path: Path) -> bool:
        """Start writing the scenario to `path`; True when it is saved, or still being written, False when it failed."""
        scenario = self._document.scenario
        if self._saving is not None:
            if self._saving_what == (scenario, path):
                return True  # Save pressed again while the same work is being written
            self.wait_for_save()
        self._saving_what = (scenario, path)
        self._saving = ThreadJob(lambda: write_scenario(scenario, path), self._saved, "save scenario")
        if self._saving.wait(SAVE_GRACE_S):
            return self._last_save_ok
        self.message.emit(f"Saving {path}…")
        return True

    def _saved(self, job: ThreadJob) -> None:
        scenario, path = self._saving_what
        self._saving, self._saving_what = None, None
        error = job.error
        self._last_save_ok = error is None
        if isinstance(error, OSError):
            self.prompts.show_error(self._window, "Cannot save scenario", f"{path}: {error.strerror or error}")
        elif isinstance(error, ScenarioFileError):
            self.prompts.show_error(self._window, "Cannot save scenario", f"{path.name}: {error}")
        elif error is not None:
            self.prompts.show_error(self._window, "Cannot save scenario", f"{path}: {one_line(error)}")
        if error is not None:
            self.message.emit(f"Not saved: {path.name}")
            return
        edited_meanwhile = self._document.scenario is not scenario
        self._document.mark_saved(path)
        if edited_meanwhile:
            self._document.undo_stack.resetClean()  # the file holds the work as it was when Save was chosen
        self._remember(path)
        self.message.emit(f"Saved {path.resolve()}" + ("; later changes are not saved yet" if edited_meanwhile else ""))

    def _remember(self, path) -> None:
        self._settings.add_recent_file(path)
        self._publish_recent()

    def _publish_recent(self) -> None:
        recent = self._settings.recent_files()
        self._settings.set_value("files/recent", recent)
        self.recent_changed.emit(recent)
