"""One sheet's first rows as a read-only table, each cell tinted by what the importer made of it."""

from __future__ import annotations

from datetime import date, datetime
from typing import NamedTuple

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor

from ..spreadsheets.reading.cell_address import column_letters
from ..spreadsheets.reading.sheet_preview import (
    AGGREGATE_ROW, BLOCK, FIGURE, HEADER, LABEL, ROLE_NAMES, SKIPPED, TITLE, TOTAL_ROW, UNIT_LINE, YEAR, CellRole,
    SheetPreview,
)
from .column_model import RIGHT, TableModel
from .roles import KEY_ROLE

# Translucent tints read on light and dark palettes alike.
ROLE_COLOURS = {
    TITLE: QColor(142, 68, 173, 90),
    UNIT_LINE: QColor(155, 89, 182, 45),
    HEADER: QColor(52, 73, 94, 70),
    YEAR: QColor(41, 128, 185, 110),
    BLOCK: QColor(22, 160, 133, 110),
    LABEL: QColor(39, 174, 96, 90),
    FIGURE: QColor(46, 204, 113, 45),
    AGGREGATE_ROW: QColor(230, 126, 34, 80),
    TOTAL_ROW: QColor(241, 196, 15, 90),
    SKIPPED: QColor(231, 76, 60, 130),
}
ROLE_ORDER = (TITLE, UNIT_LINE, HEADER, YEAR, BLOCK, LABEL, FIGURE, AGGREGATE_ROW, TOTAL_ROW, SKIPPED)
SIZED_ROWS = 120  # the rows whose texts set the preview's column widths
# data() runs for seven roles of every cell a repaint shows: plain module names, and a quick no for the rest.
_DISPLAY = Qt.ItemDataRole.DisplayRole
_EDIT = Qt.ItemDataRole.EditRole
_BACKGROUND = Qt.ItemDataRole.BackgroundRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole
_ANSWERED = frozenset({_DISPLAY, _EDIT, _BACKGROUND, _TOOLTIP, _ALIGNMENT, KEY_ROLE})


def cell_text(value) -> str:
    """A cell as the spreadsheet shows it: whole numbers without ".0", dates as ISO dates."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return f"{value:.0f}" if value.is_integer() and abs(value) < 1e15 else f"{value:.10g}"
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return str(value)


class PreviewLayout(NamedTuple):
    """How a previewed sheet lays out, found off the GUI thread: its rows of one text, and the texts that size each column."""

    lone_texts: tuple[tuple[int, int, str], ...]  # (row, column, text) of each row holding one text and nothing else
    sized: dict[int, list[str]]  # column → its texts in the first SIZED_ROWS rows, rows of one text aside


def preview_layout(preview: SheetPreview) -> PreviewLayout:
    """The layout facts of one previewed sheet: a pass over its cells that the dialog need not make."""
    lone, sized = [], {}
    for row, cells in enumerate(preview.rows):
        filled = [column for column, value in enumerate(cells) if value not in ("", None)]
        if len(filled) == 1 and isinstance(cells[filled[0]], str):
            lone.append((row, filled[0], cells[filled[0]]))
        elif row < SIZED_ROWS:
            for column in filled:
                sized.setdefault(column, []).append(cell_text(cells[column]))
    return PreviewLayout(tuple(lone), sized)


def preview_columns(preview: SheetPreview, roles: dict[tuple[int, int], CellRole]) -> int:
    """How many columns the preview shows: the sheet's, or more where the importer marked a cell further right."""
    rows = len(preview.rows)
    return max(preview.width, max((column + 1 for row, column in roles if row <= rows), default=0))


class SheetPreviewModel(TableModel):
    """Rows and columns are the sheet's own: the vertical header shows row numbers, the horizontal one letters.

    Not a ColumnTableModel: its columns are the sheet's, and a cell's alignment follows its value."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._preview = SheetPreview("", (), 0, False)
        self._roles: dict[tuple[int, int], CellRole] = {}

    @property
    def sheet(self) -> str:
        return self._preview.name

    def set_preview(self, preview: SheetPreview, roles: dict[tuple[int, int], CellRole]) -> None:
        self.beginResetModel()
        self._preview = preview
        self._roles = roles
        self._row_count = len(preview.rows)
        self._column_count = preview_columns(preview, roles)
        self.endResetModel()

    def set_roles(self, roles: dict[tuple[int, int], CellRole]) -> None:
        """Same cells, new understanding (the mapping changed): one block-wide dataChanged."""
        self._roles = roles
        if self._row_count and self._column_count:
            self.dataChanged.emit(self.index(0, 0), self.index(self._row_count - 1, self._column_count - 1),
                                  [Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole])

    def role_at(self, row: int, column: int) -> CellRole | None:
        """The role of the cell at one-based sheet row and zero-based column."""
        return self._roles.get((row, column))

    def index_of_cell(self, row: int, column: int) -> QModelIndex:
        """The model index of a sheet cell, invalid when it lies outside the preview."""
        if 1 <= row <= self._row_count and 0 <= column < self._column_count:
            return self.index(row - 1, column)
        return QModelIndex()

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return column_letters(section) if 0 <= section < self._column_count else None
        return str(section + 1) if 0 <= section < self._row_count else None

    def data(self, index, role=_DISPLAY):
        if role not in _ANSWERED or not index.isValid():
            return None
        row, column = index.row() + 1, index.column()
        if role == _DISPLAY or role == _EDIT:
            value = self._preview.value(row, column)
            return cell_text(value) if role == _DISPLAY else value
        if role == _BACKGROUND:
            found = self._roles.get((row, column))
            return ROLE_COLOURS[found.role] if found is not None else None
        if role == _TOOLTIP:
            found = self._roles.get((row, column))
            if found is None:
                return None
            return f"{column_letters(column)}{row} — {ROLE_NAMES[found.role]}: {found.why}"
        if role == _ALIGNMENT:
            value = self._preview.value(row, column)
            return RIGHT if isinstance(value, (int, float)) and not isinstance(value, bool) else None
        return (row, column)  # KEY_ROLE
