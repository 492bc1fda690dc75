"""One ally's extra, lines, headroom and composition year by year: a row per figure, a column per budget year."""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor

from ....core.budget_lines import AllyHeadroom
from ....core.composition import COMPONENT_TITLES, COMPONENTS, EQUIPMENT_GUIDELINE_PCT, Composition, missing_note
from ....core.projection import Result
from ...column_model import RIGHT, TableModel
from ...formatting import MISSING, is_missing, money_text, share_text, sort_key
from ...roles import COPY_ROLE, SORT_ROLE


_DISPLAY, _ALIGNMENT, _FOREGROUND = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.ForegroundRole
WARNING_COLOUR = "#e15759"  # readable on light and dark backgrounds


class HeadroomRow(NamedTuple):
    title: str
    values: tuple  # one per year
    kind: str  # "money" or "share"
    help: str


def headroom_rows(result: Result, headroom: AllyHeadroom, shares: Composition) -> list[HeadroomRow]:
    ally = result.dataset.ally(headroom.iso3)
    nc = ally.currency
    rows = [
        HeadroomRow(f"Extra, {nc} m", tuple(headroom.extra_nc), "money", "Core spending over the status quo that year"),
        HeadroomRow(f"Lines, {nc} m", tuple(headroom.lines_nc), "money", "Core budget lines counted against the extra (not those in baseline)"),
        HeadroomRow(f"Headroom, {nc} m", tuple(headroom.headroom_nc), "money", "Extra not yet given to a line; negative: the lines overrun it"),
        HeadroomRow("Headroom, US$ m", tuple(headroom.headroom_usd), "money", "The same at the year's exchange rate (IMF GDP in both currencies)"),
        HeadroomRow(f"Defence-related headroom, {nc} m", tuple(headroom.related_headroom_nc), "money",
                    "Defence-related spending above its baseline, less the defence-related lines"),
    ]
    gap = missing_note(result.dataset, headroom.iso3, shares.missing)
    for component in COMPONENTS:
        base = shares.base_pct[component]
        since = f"NATO 2025e: {share_text(base)}" if base is not None else gap
        guideline = f"; NATO's guideline: at least {EQUIPMENT_GUIDELINE_PCT:g}%" if component == "equipment" else ""
        rows.append(HeadroomRow(f"{COMPONENT_TITLES[component]} share", tuple(shares.pct[component]), "share",
                                f"Share of total defence spending after the lines ({since}{guideline})"))
    rows.append(HeadroomRow("Unallocated share", tuple(shares.unallocated_pct), "share", "Extra not yet given to a line, as a share of total spending"))
    return rows


class HeadroomModel(TableModel):
    """Columns are the scenario's years, titled as the ally prints them (2027/28 for April–March allies)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[HeadroomRow] = []
        self._periods: list[str] = []

    def set_rows(self, rows: list[HeadroomRow], periods: list[str]) -> None:
        same = [r.title for r in rows] == [r.title for r in self._rows] and periods == self._periods

        def install() -> int:
            self._rows = rows
            self._periods = periods
            self._column_count = len(periods) + 1
            return len(rows)

        if not same:
            self.beginResetModel()
            self._row_count = install()
            self.endResetModel()
        else:
            self._update(True, install)  # the same titles and periods: the headers stay as they are

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self._column_count:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if section == 0 else self._periods[section - 1]
        if role == Qt.ItemDataRole.TextAlignmentRole and section:
            return RIGHT
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if index.column() == 0:
            if role in (Qt.ItemDataRole.DisplayRole, COPY_ROLE, SORT_ROLE):
                return row.title
            if role == Qt.ItemDataRole.ToolTipRole:
                return row.help
            return None
        value = row.values[index.column() - 1]
        if role == Qt.ItemDataRole.DisplayRole:
            return share_text(value) if row.kind == "share" else money_text(value)
        if role == Qt.ItemDataRole.EditRole:
            return None if is_missing(value) else float(value)
        if role == SORT_ROLE:
            return sort_key(value)
        if role == COPY_ROLE:
            return "" if is_missing(value) else f"{float(value):.6f}".rstrip("0").rstrip(".")
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT
        if role == Qt.ItemDataRole.ToolTipRole:
            if is_missing(value):
                return f"{MISSING}: {row.help}"
            return f"{row.title}, {self._periods[index.column() - 1]}: {row.help}"
        if role == Qt.ItemDataRole.ForegroundRole and self._flagged(row, value):
            return QColor(WARNING_COLOUR)
        return None

    def mirror_block(self, first_row: int, last_row: int, first_column: int, last_column: int, roles) -> list:
        """For `TableMirror`: per column, per row, the tuple of `roles` as `data` gives them."""
        warning = QColor(WARNING_COLOUR)
        block = []
        for col in range(first_column, last_column + 1):
            cells = []
            for row in self._rows[first_row:last_row + 1]:
                if col == 0:
                    known = {_DISPLAY: row.title, SORT_ROLE: row.title}
                else:
                    value = row.values[col - 1]
                    known = {_DISPLAY: share_text(value) if row.kind == "share" else money_text(value), SORT_ROLE: sort_key(value),
                             _ALIGNMENT: RIGHT, _FOREGROUND: warning if self._flagged(row, value) else None}
                cells.append(tuple([known.get(role) for role in roles]))
            block.append(cells)
        return block

    @staticmethod
    def _flagged(row: HeadroomRow, value) -> bool:
        """Negative headroom and an equipment share under the guideline are drawn in red."""
        if is_missing(value):
            return False
        if row.title.startswith("Headroom") or row.title.startswith("Defence-related headroom"):
            return value < -0.5
        return row.title.startswith("Equipment") and value < EQUIPMENT_GUIDELINE_PCT
