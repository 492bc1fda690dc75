"""A C++ copy of what a table view paints, sorts and filters, so a repaint never calls into Python per cell.

The table models (`column_model.ColumnTableModel` and the rest) stay the one truth: every figure, tooltip,
edit and copy comes from them. Painting a cell, though, asks a model for seven roles, and through a sorting
proxy each ask also maps the index back into Python: some eighteen Python calls a cell, thirty or forty
milliseconds for a table of four hundred cells, on every repaint (an edit, a hover, a scroll). `TableMirror`
is a `QStandardItemModel` that holds those roles (`CELL_ROLES` per cell, `ROW_ROLES` on column 0) and
follows its source's signals: a reset rebuilds it, a dataChanged refreshes only the cells and roles named.
The view and its proxy read it without leaving C++.

Roles it does not hold (tooltips, EditRole, COPY_ROLE, anything else) are read from the source through
`source_data`; `DataTable` routes tooltips, editors and copying there. Cells keep the source's row and
column: mirror row r is source row r, so code that maps a view index through the proxy gets the source row.

While its view is hidden the mirror only notes that it is stale (`live` says whether it must follow at
once); `catch_up` brings it level, which `DataTable` does when shown and before any Python reads it.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel

from .roles import FILTER_ROLE, KEY_ROLE, PINNED_ROLE, SORT_ROLE

_R = Qt.ItemDataRole
# What a view asks to paint a cell (QStyledItemDelegate::initStyleOption), and what the proxy sorts by.
CELL_ROLES = (_R.DisplayRole, _R.TextAlignmentRole, _R.FontRole, _R.ForegroundRole, _R.BackgroundRole,
              _R.CheckStateRole, _R.DecorationRole, SORT_ROLE)
# What the proxy filters by and code reads per row: held on column 0 only.
ROW_ROLES = (FILTER_ROLE, KEY_ROLE, PINNED_ROLE)
_HELD = frozenset(CELL_ROLES) | frozenset(ROW_ROLES) | {_R.EditRole}  # EditRole: a display change may come as an edit
_DATA, _RESET = 1, 2  # how stale a hidden mirror is


class TableMirror(QStandardItemModel):
    def __init__(self, source: QAbstractItemModel, parent=None):
        super().__init__(parent)
        self.source = source
        self.live: Callable[[], bool] = lambda: True
        self._stale = 0
        self._cells: list[list[dict]] = []  # per cell, the roles it holds and their values: unchanged ones are not set again
        self._flags: list[list] = []
        source.modelReset.connect(self._source_reset)
        source.dataChanged.connect(self._source_data_changed)
        source.headerDataChanged.connect(self.headerDataChanged)
        for signal in (source.rowsInserted, source.rowsRemoved, source.rowsMoved, source.columnsInserted,
                       source.columnsRemoved, source.columnsMoved, source.layoutChanged):
            signal.connect(self._source_reset)
        self._rebuild()

    # -- reading through to the source ----------------------------------------------------------------

    def source_index(self, index: QModelIndex) -> QModelIndex:
        return self.source.index(index.row(), index.column()) if index.isValid() else QModelIndex()

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        return self.source.headerData(section, orientation, role)

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole):
        """An edit in the view goes to the source, whose dataChanged comes back here."""
        return bool(index.isValid() and self.source.setData(self.source_index(index), value, role))

    # -- following the source -------------------------------------------------------------------------

    def catch_up(self) -> None:
        stale, self._stale = self._stale, 0
        if stale == _RESET:
            self._rebuild()
        elif stale == _DATA:
            rows, columns = self.rowCount(), self.columnCount()
            if rows and columns:
                self._refresh(0, rows - 1, 0, columns - 1, None)

    def _source_reset(self, *_) -> None:
        if not self.live():
            self._stale = _RESET
            return
        self._stale = 0
        self._rebuild()

    def _source_data_changed(self, top_left: QModelIndex, bottom_right: QModelIndex, roles=()) -> None:
        if self._stale == _RESET:
            return
        wanted = None if not roles else [r for r in roles if r in _HELD]
        if wanted is not None and not wanted:
            return  # only roles read through to the source changed
        if not self.live():
            self._stale = _DATA
            return
        self._refresh(top_left.row(), bottom_right.row(), top_left.column(), bottom_right.column(), wanted)

    def _rebuild(self) -> None:
        source = self.source
        rows, columns = source.rowCount(), source.columnCount()
        self.beginResetModel()
        blocked = self.blockSignals(True)
        try:
            self.setRowCount(0)
            self.setColumnCount(columns)
            self.setRowCount(rows)
            self._cells = [[{} for _ in range(columns)] for _ in range(rows)]
            self._flags = [[None] * columns for _ in range(rows)]
            for row in range(rows):
                for column in range(columns):
                    self.setItem(row, column, QStandardItem())
            if rows and columns:
                self._fill(0, rows - 1, 0, columns - 1, None)
        finally:
            self.blockSignals(blocked)
        self.endResetModel()

    def _refresh(self, first_row: int, last_row: int, first_column: int, last_column: int, roles) -> None:
        last_row, last_column = min(last_row, self.rowCount() - 1), min(last_column, self.columnCount() - 1)
        if first_row > last_row or first_column > last_column:
            return
        blocked = self.blockSignals(True)
        try:
            changed = self._fill(first_row, last_row, first_column, last_column, roles)
        finally:
            self.blockSignals(blocked)
        if changed is not None:  # only the block of cells whose figures moved is repainted (and re-sorted)
            (top, left), (bottom, right) = changed
            self.dataChanged.emit(self.index(top, left), self.index(bottom, right), [] if roles is None else roles)

    def _fill(self, first_row: int, last_row: int, first_column: int, last_column: int, roles):
        """Copy the source's roles into the items; the (top, left), (bottom, right) of the cells that changed, or None."""
        source, item_at, cells, flags_of = self.source, self.item, self._cells, self._flags
        cell_roles = CELL_ROLES if roles is None or _R.EditRole in roles else tuple(r for r in CELL_ROLES if r in roles)
        row_roles = ROW_ROLES if roles is None else tuple(r for r in ROW_ROLES if r in roles)
        ask = getattr(source, "mirror_cell", None) or (lambda index, wanted: [source.data(index, role) for role in wanted])
        top = left = bottom = right = None
        for row in range(first_row, last_row + 1):
            for column in range(first_column, last_column + 1):
                index = source.index(row, column)
                held = cells[row][column]
                item = None
                flags = source.flags(index)
                if flags != flags_of[row][column]:
                    item = item_at(row, column)
                    item.setFlags(flags)
                    flags_of[row][column] = flags
                values = zip(cell_roles, ask(index, cell_roles))
                if column == 0 and row_roles:
                    values = [*values, *((role, source.data(index, role)) for role in row_roles)]
                moved = False
                for role, value in values:
                    if held.get(role) == value:
                        continue
                    if item is None:
                        item = item_at(row, column)
                    item.setData(value, role)
                    if value is None:
                        del held[role]
                    else:
                        held[role] = value
                    moved = True
                if moved:
                    if top is None:
                        top = bottom = row
                        left = right = column
                    else:
                        bottom = row
                        left, right = min(left, column), max(right, column)
        return None if top is None else ((top, left), (bottom, right))


def source_data(index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.EditRole):
    """A view index's data for `role` as its source model answers it, through any proxies and a mirror."""
    model = index.model()
    while isinstance(model, QSortFilterProxyModel):
        index = model.mapToSource(index)
        model = index.model()
    if isinstance(model, TableMirror):
        return model.source_index(index).data(role)
    return index.data(role)
