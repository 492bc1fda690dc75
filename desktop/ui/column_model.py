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
# data() and flags() run a few thousand times per repaint: plain module names, not Qt's enum attribute lookups
_DISPLAY = Qt.ItemDataRole.DisplayRole
_EDIT = Qt.ItemDataRole.EditRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole
_SELECTABLE = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_EDITABLE = _SELECTABLE | Qt.ItemFlag.ItemIsEditable
_NO_FLAGS = Qt.ItemFlag.NoItemFlags
TEXT = "text"
PERIOD = "period"
_LEFT_KINDS = (TEXT, PERIOD)
_ASK = 4  # in mirror_block: a role more_data answers


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

    def index(self, row, column, parent=QModelIndex()):
        """Qt's own index() asks rowCount and columnCount, two calls into Python for each cell the proxy maps."""
        if 0 <= row < self._row_count and 0 <= column < self._column_count and not parent.isValid():
            return self.createIndex(row, column)
        return QModelIndex()

    def flags(self, index):
        if not index.isValid():
            return _NO_FLAGS
        return _EDITABLE if self.is_editable(index) else _SELECTABLE

    def is_editable(self, index: QModelIndex) -> bool:
        return False

    def _update(self, same_rows: bool, install: Callable[[], int], headers: bool = False,
                columns: tuple[int, int] | None = None, roles: Sequence = ()) -> None:
        """Install new contents: `install()` stores them and returns the new row count.

        The same rows with new figures are one block-wide dataChanged (plus the horizontal headers when
        `headers`); other rows reset the model. A model that knows which columns (first, last) and which
        roles changed says so: the view then repaints only those columns, and the sorting proxy re-sorts
        or re-filters only when the changed roles include its sort or filter role. `columns` None is
        every column; an empty `roles` is every role.
        """
        if not same_rows:
            self.beginResetModel()
            self._row_count = install()
            self.endResetModel()
            return
        self._row_count = install()
        first, last = (0, self._column_count - 1) if columns is None else columns
        if self._row_count and self._column_count and first <= last:
            self.dataChanged.emit(self.index(0, first), self.index(self._row_count - 1, last), list(roles))
        if headers and self._column_count:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self._column_count - 1)


class ColumnTableModel(TableModel):
    """A table over column descriptors (`title`, `help`, `kind`); see the module's docstring."""

    COPIED_AS_SHOWN: frozenset[str] = frozenset({PERIOD})  # kinds copied as shown ("2027/28"), not as the raw value
    MORE_ROLES: frozenset | None = None  # the roles `more_data` answers; None asks it about every other role

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

    def mirror_block(self, first_row: int, last_row: int, first_column: int, last_column: int, roles) -> list | None:
        """For `TableMirror`: per column, per row, the tuple of `roles` as `data` gives them, each cell's value read
        once; None for a subclass with a data() of its own (the mirror then asks role by role)."""
        if type(self).data is not ColumnTableModel.data:
            return None
        plain = type(self).more_data is ColumnTableModel.more_data
        more = self.MORE_ROLES
        create, rows, block = self.createIndex, range(first_row, last_row + 1), []
        for col in range(first_column, last_column + 1):
            column = self._column_list[col]
            text = column.kind == TEXT
            alignment = None if column.kind in _LEFT_KINDS else RIGHT
            # each role: its place in (display, alignment, sort, None), or a role more_data answers (_ASK)
            places = [0 if role == _DISPLAY else 1 if role == _ALIGNMENT else 2 if role == SORT_ROLE
                      else 3 if plain or (more is not None and role not in more) else _ASK for role in roles]
            cells = []
            if _ASK not in places:
                for row in rows:
                    value = self.cell_value(row, col)
                    known = (self.cell_display(row, column, value), alignment, value if text else sort_key(value), None)
                    cells.append(tuple([known[place] for place in places]))
            else:
                for row in rows:
                    value = self.cell_value(row, col)
                    known = (self.cell_display(row, column, value), alignment, value if text else sort_key(value), None)
                    cells.append(tuple([known[place] if place != _ASK else self.more_data(create(row, col), column, value, role)
                                        for place, role in zip(places, roles)]))
            block.append(cells)
        return block

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = index.row()
        column = self._column_list[index.column()]
        if role == _DISPLAY:
            return self.cell_display(row, column, self.cell_value(row, index.column()))
        if role == _ALIGNMENT:
            return None if column.kind in _LEFT_KINDS else RIGHT
        if role == _TOOLTIP:
            return self.cell_tooltip(row, index.column())
        if role == FILTER_ROLE:
            return self.row_filter_text(row)
        if role == KEY_ROLE:
            return self.row_key(row)
        if role == _EDIT:
            value = self.cell_value(row, index.column())
            return None if is_missing(value) else value
        if role == SORT_ROLE:
            value = self.cell_value(row, index.column())
            return value if column.kind == TEXT else sort_key(value)
        if role == COPY_ROLE:
            value = self.cell_value(row, index.column())
            return copy_text(self.cell_display(row, column, value) if column.kind in self.COPIED_AS_SHOWN else value)
        if self.MORE_ROLES is not None and role not in self.MORE_ROLES:
            return None
        return self.more_data(index, column, self.cell_value(row, index.column()), role)
