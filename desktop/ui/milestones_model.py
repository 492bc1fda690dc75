"""Per-ally milestones of the scenario as an editable table: ally, NATO year, share of GDP."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from ..core.dataset import BASE_YEAR, SHARE, Dataset
from ..core.scenario import MAX_HORIZON, Scenario
from ..core.sources import figure_source
from .formatting import copy_text, share_text
from .roles import COPY_ROLE, KEY_ROLE, SORT_ROLE

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
ALLY, YEAR, SHARE_COLUMN = range(3)
_HEADERS = ("Ally", "Year", "Share of GDP")


def milestone_rows(dataset: Dataset, scenario: Scenario) -> list[tuple[str, int, float]]:
    rows = [(iso3, p.year, p.share_pct) for iso3, points in scenario.milestones.items() for p in points]
    names = {a.iso3: a.name for a in dataset.allies}
    return sorted(rows, key=lambda r: (names.get(r[0], r[0]), r[1]))


class MilestonesModel(QAbstractTableModel):
    """Edits do not change the model: they go to `set_share(iso3, year, share)` and
    `move(iso3, old_year, new_year)`, and come back through `set_scenario`."""

    def __init__(self, dataset: Dataset, scenario: Scenario, set_share: Callable, move: Callable, parent=None):
        super().__init__(parent)
        self._dataset = dataset
        self._scenario = scenario
        self._rows = milestone_rows(dataset, scenario)
        self._set_share = set_share
        self._move = move

    def set_scenario(self, scenario: Scenario) -> None:
        rows = milestone_rows(self._dataset, scenario)
        self._scenario = scenario
        if [r[:2] for r in rows] == [r[:2] for r in self._rows]:
            self._rows = rows
            if rows:
                self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, len(_HEADERS) - 1))
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def key_of_row(self, row: int) -> tuple[str, int]:
        iso3, year, _ = self._rows[row]
        return iso3, year

    def row_of(self, iso3: str, year: int) -> int:
        for row, (i, y, _) in enumerate(self._rows):
            if (i, y) == (iso3, year):
                return row
        return -1

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or not (0 <= section < len(_HEADERS)):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _HEADERS[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section != ALLY:
            return _RIGHT
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return flags | Qt.ItemFlag.ItemIsEditable if index.column() != ALLY else flags

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        iso3, year, share = self._rows[index.row()]
        ally = self._dataset.ally(iso3)
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (ally.name, ally.period_label(year), share_text(share))[column]
        if role == Qt.ItemDataRole.EditRole:
            return (ally.name, year, share)[column]
        if role == SORT_ROLE:
            return (ally.name, float(year), share)[column]
        if role == COPY_ROLE:
            return copy_text((ally.name, ally.period_label(year), share)[column])
        if role == Qt.ItemDataRole.TextAlignmentRole and column != ALLY:
            return _RIGHT
        if role == Qt.ItemDataRole.ToolTipRole:
            base = figure_source(self._dataset, self._scenario, iso3, SHARE, BASE_YEAR)
            return f"{ally.name} commits to {share_text(share)} of GDP in NATO year {year} ({ally.period_label(year)}); user-entered.\nStarts from {base}"
        if role == KEY_ROLE:
            return (iso3, year)
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole):
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or index.column() == ALLY:
            return False
        iso3, year, share = self._rows[index.row()]
        try:
            number = float(value)
        except (TypeError, ValueError):
            return False
        if index.column() == SHARE_COLUMN:
            if not 0.0 <= number <= 100.0:
                return False
            if number != share:
                self._set_share(iso3, year, number)
            return True
        new_year = int(number)
        taken = {y for i, y, _ in self._rows if i == iso3}
        if new_year == year:
            return True
        if not BASE_YEAR < new_year <= MAX_HORIZON or new_year in taken:
            return False
        self._move(iso3, year, new_year)
        return True
