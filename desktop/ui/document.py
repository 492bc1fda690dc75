"""The open scenario: its state, undo stack, file path and computed results, with change signals."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from ..core.commands import NamedEdit, ReplaceScenario
from ..core.dataset import Dataset
from ..core.projection import Result, compute
from ..core.scenario import Scenario
from ..core.status_quo import status_quo_of
from ..core.validation import check_edit
from .undo import CoreCommand


class ScenarioDocument(QObject):
    """Every edit arrives as a core command through `execute`; views listen to `result_changed`."""

    result_changed = Signal(object)  # Result
    file_state_changed = Signal()  # path or saved/unsaved state
    edit_refused = Signal(str)  # one line: the edit the validation gate turned away, and why

    def __init__(self, dataset: Dataset, scenario: Scenario, parent=None):
        super().__init__(parent)
        self.dataset = dataset
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self.file_state_changed)
        self._path: Path | None = None
        self._merge_session = 0
        self._scenario = scenario
        self._result = compute(dataset, scenario)
        self._status_quo = compute(dataset, status_quo_of(scenario))

    @property
    def scenario(self) -> Scenario:
        return self._scenario

    @property
    def result(self) -> Result:
        return self._result

    @property
    def status_quo(self) -> Result:
        return self._status_quo

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def is_modified(self) -> bool:
        return not self.undo_stack.isClean()

    def execute(self, command, text: str | None = None) -> None:
        """Apply a core command as one undoable step; consecutive steps on one field merge until `end_merge`.

        An edit the validation gate refuses changes nothing and is reported through `edit_refused`.
        """
        if self._refused([command], text or command.label):
            return
        named = NamedEdit(command, self.dataset)  # an edited preset becomes the user's own scenario
        self.undo_stack.push(CoreCommand(self, named, text or command.label, self._merge_session))

    def _refused(self, commands, text: str) -> bool:
        state = self._scenario
        try:
            for command in commands:
                state = command.apply(state)[0]
            check_edit(self.dataset, self._scenario, state)
        except ValueError as exc:
            self.edit_refused.emit(f"{text}: {exc}")
            return True
        return False

    def end_merge(self) -> None:
        """The current drag or typing is over: the next edit of the same field is a new undo step."""
        self._merge_session += 1

    def set_state(self, scenario: Scenario) -> None:
        """Called by undo commands only; everything else goes through `execute`."""
        if scenario != self._scenario:
            self._recompute(scenario)

    def _recompute(self, scenario: Scenario) -> None:
        baseline_changed = status_quo_of(scenario) != status_quo_of(self._scenario)
        self._scenario = scenario
        self._result = compute(self.dataset, scenario)
        if baseline_changed:
            self._status_quo = compute(self.dataset, status_quo_of(scenario))
        self.result_changed.emit(self._result)

    def load(self, scenario: Scenario, path: Path | None) -> None:
        """A new or opened scenario: fresh history, saved state."""
        self.undo_stack.clear()
        self._path = Path(path).resolve() if path is not None else None
        self._recompute(scenario)
        self.undo_stack.setClean()
        self.file_state_changed.emit()

    def mark_saved(self, path: Path) -> None:
        self._path = Path(path).resolve()
        self.undo_stack.setClean()
        self.file_state_changed.emit()

    def replace_scenario(self, scenario: Scenario, text: str) -> None:
        self.execute(ReplaceScenario(scenario, text), text)

    def execute_all(self, commands, text: str) -> None:
        """Several commands as one undo step (a macro), e.g. moving a milestone to another year."""
        if self._refused(commands, text):
            return
        self.undo_stack.beginMacro(text)
        for command in commands:
            self.execute(command)
        self.undo_stack.endMacro()
