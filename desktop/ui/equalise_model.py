"""The three ways Europe + Canada could equalise the US burden, in the target year, as a table."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from ..core.projection import Result
from .formatting import copy_text, money_text, share_text, sort_key
from .roles import COPY_ROLE, KEY_ROLE, SORT_ROLE

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter

MEASURES = (
    ("share_parity", "Share parity", "Europe + Canada spend the same share of their GDP as the US"),
    ("absolute_parity", "Absolute parity", "Europe + Canada together spend as many dollars as the US"),
    ("per_capita_parity", "Per-capita parity", "Europe + Canada spend as much per inhabitant as the US"),
)


class EqualiseModel(QAbstractTableModel):
    def __init__(self, result: Result, parent=None):
        super().__init__(parent)
        self._result = result

    def set_result(self, result: Result) -> None:
        self._result = result
        self.dataChanged.emit(self.index(0, 0), self.index(len(MEASURES) - 1, 3))
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 3)

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(MEASURES)

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else 4

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or not (0 <= section < 4):
            return None
        year = self._result.target_year
        titles = ("Measure", f"% GDP needed {year}", f"Extra needed {year}, US$ m", "Meaning")
        if role == Qt.ItemDataRole.DisplayRole:
            return titles[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section in (1, 2):
            return _RIGHT
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def _value(self, row: int, column: int):
        key, title, meaning = MEASURES[row]
        i = self._result.year_index(self._result.target_year)
        if column == 1:
            return float(self._result.equalise[f"{key}_pct"][i])
        if column == 2:
            return float(self._result.equalise[f"{key}_extra_usd_m"][i])
        return title if column == 0 else meaning

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        value = self._value(row, column)
        if role == Qt.ItemDataRole.DisplayRole:
            return share_text(value) if column == 1 else money_text(value) if column == 2 else value
        if role == Qt.ItemDataRole.EditRole:
            return value
        if role == SORT_ROLE:
            return sort_key(value) if column in (1, 2) else value
        if role == COPY_ROLE:
            return copy_text(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (1, 2):
            return _RIGHT
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{MEASURES[row][2]}, in {self._result.target_year}, against “{self._result.scenario.name}”"
        if role == KEY_ROLE:
            return MEASURES[row][0]
        return None
