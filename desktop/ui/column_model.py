"""Base classes for the table models: cached counts and flags, and a table over a list of column descriptors.

`TableModel` is the part every table shares (STYLE.md, "Qt models and views"): row and column counts
cached in `_row_count`/`_column_count`, 0 for a valid parent; flags only for valid indexes, editable only
where `is_editable` says so; and `_update`, which sends one block-wide dataChanged or one reset.

`ColumnTableModel` adds columns described by objects with `title`, `help` and `kind`:

- kind TEXT is left-aligned and sorts as it is; PERIOD (a NATO year shown as the ally's budget year)
  is left-aligned and sorts by the year; any other kind is a number, right-aligned, and sorts as a
  float (missing numbers lowest, see `formatting.sort_key`).
- DisplayRole is `cell_display` (share and money kinds formatted), EditRole the raw value (None when
  missing), COPY_ROLE the raw value as Excel reads it, or the shown text for kinds in `COPIED_AS_SHOWN`.
- `cell_display`, `more_data` and `header_*` get the column's descriptor; `cell_value` and `cell_tooltip`
  its number.
- Subclasses give `cell_value` and, as they need, `cell_display`, `cell_tooltip`, `row_filter_text`,
  `row_key` and `more_data` (any other role).
"""

from __future__ import annotations

from typing import Callable, NamedTuple, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from .formatting import copy_text, is_missing, money_text, share_text, sort_key
from .roles import COPY_ROLE, FILTER_ROLE, KEY_ROLE, SORT_ROLE

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
TEXT = "text"
PERIOD = "period"
_LEFT_KINDS = (TEXT, PERIOD)


class Column(NamedTuple):
    """A column of a simple table; models with more to say per column have their own descriptor."""

    title: str
    kind: str = TEXT
    help: str = ""


class TableModel(QAbstractTableModel):
    """Cached row and column counts, and the flags of a table whose cells are selectable."""

    def __init__(self, parent=None, *, rows: int = 0, columns: int = 0):
        super().__init__(parent)
        self._row_count = rows
        self._column_count = columns

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else self._row_count

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else self._column_count

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return flags | Qt.ItemFlag.ItemIsEditable if self.is_editable(index) else flags

    def is_editable(self, index: QModelIndex) -> bool:
        return False

    def _update(self, same_rows: bool, install: Callable[[], int], headers: bool = False) -> None:
        """Install new contents: `install()` stores them and returns the new row count.

        The same rows with new figures are one block-wide dataChanged (plus the horizontal headers when
        `headers`); other rows reset the model.
        """
        if not same_rows:
            self.beginResetModel()
            self._row_count = install()
            self.endResetModel()
            return
        self._row_count = install()
        if self._row_count and self._column_count:
            self.dataChanged.emit(self.index(0, 0), self.index(self._row_count - 1, self._column_count - 1))
        if headers and self._column_count:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self._column_count - 1)


class ColumnTableModel(TableModel):
    """A table over column descriptors (`title`, `help`, `kind`); see the module's docstring."""

    COPIED_AS_SHOWN: frozenset[str] = frozenset({PERIOD})  # kinds copied as shown ("2027/28"), not as the raw value

    def __init__(self, columns: Sequence, rows: int = 0, parent=None):
        super().__init__(parent, rows=rows, columns=len(columns))
        self._column_list = tuple(columns)

    # Hooks -------------------------------------------------------------------------------------------

    def cell_value(self, row: int, column: int):
        raise NotImplementedError

    def cell_display(self, row: int, column, value) -> str:
        if column.kind == "share":
            return share_text(value)
        if column.kind == "money":
            return money_text(value)
        return str(value)

    def cell_tooltip(self, row: int, column: int):
        return None

    def row_filter_text(self, row: int):
        return None

    def row_key(self, row: int):
        return None

    def more_data(self, index: QModelIndex, column, value, role):
        return None

    def header_title(self, column) -> str:
        return column.title

    def header_help(self, column):
        return column.help or None

    # Qt ----------------------------------------------------------------------------------------------

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or not (0 <= section < self._column_count):
            return None
        column = self._column_list[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.header_title(column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.header_help(column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.kind not in _LEFT_KINDS:
            return RIGHT
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = index.row()
        column = self._column_list[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return None if column.kind in _LEFT_KINDS else RIGHT
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.cell_tooltip(row, index.column())
        if role == FILTER_ROLE:
            return self.row_filter_text(row)
        if role == KEY_ROLE:
            return self.row_key(row)
        value = self.cell_value(row, index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell_display(row, column, value)
        if role == Qt.ItemDataRole.EditRole:
            return None if is_missing(value) else value
        if role == SORT_ROLE:
            return value if column.kind == TEXT else sort_key(value)
        if role == COPY_ROLE:
            return copy_text(self.cell_display(row, column, value) if column.kind in self.COPIED_AS_SHOWN else value)
        return self.more_data(index, column, value, role)
