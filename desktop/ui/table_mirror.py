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
_NOTHING = (None,) * len(CELL_ROLES)
_NO_ROW = (None,) * len(ROW_ROLES)


class TableMirror(QStandardItemModel):
    def __init__(self, source: QAbstractItemModel, parent=None):
        super().__init__(parent)
        self.source = source
        self.live: Callable[[], bool] = lambda: True
        self._stale = 0
        self._cells: list[list[tuple]] = []  # per cell, its CELL_ROLES values: unchanged ones are not set again
        self._rows: list[tuple] = []  # per row, its ROW_ROLES values
        source.modelReset.connect(self._source_reset)
        source.dataChanged.connect(self._source_data_changed)
        source.headerDataChanged.connect(self.headerDataChanged)
        for signal in (source.rowsInserted, source.rowsRemoved, source.rowsMoved, source.columnsInserted,
                       source.columnsRemoved, source.columnsMoved, source.layoutChanged):
            signal.connect(self._source_reset)
        self._rebuild()

    @property
    def cells(self) -> list[list[tuple]]:
        """Per row, per column, the tuple of CELL_ROLES values the view paints (read only)."""
        return self._cells

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
            self._cells = [[_NOTHING] * columns for _ in range(rows)]
            self._rows = [_NO_ROW] * rows
            for row in range(rows):
                for column in range(columns):
                    item = QStandardItem()
                    item.setFlags(source.flags(source.index(row, column)))
                    self.setItem(row, column, item)
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
            if getattr(self.source, "FLAGS_FOLLOW_DATA", False):
                self._refresh_flags(first_row, last_row, first_column, last_column)
            changed = self._fill(first_row, last_row, first_column, last_column, roles)
        finally:
            self.blockSignals(blocked)
        if changed is not None:  # only the block of cells whose figures moved is repainted (and re-sorted)
            (top, left), (bottom, right) = changed
            self.dataChanged.emit(self.index(top, left), self.index(bottom, right), [] if roles is None else roles)

    def _refresh_flags(self, first_row, last_row, first_column, last_column) -> None:
        source = self.source
        for row in range(first_row, last_row + 1):
            for column in range(first_column, last_column + 1):
                flags = source.flags(source.index(row, column))
                item = self.item(row, column)
                if item.flags() != flags:
                    item.setFlags(flags)

    def _fill(self, first_row: int, last_row: int, first_column: int, last_column: int, roles):
        """Copy the source's roles into the items; the (top, left), (bottom, right) of the cells that changed, or None.

        Each cell's values are kept as a tuple in CELL_ROLES order: a cell whose tuple is unchanged costs one
        comparison, and only roles whose value moved are set.
        """
        source, item_at, cells = self.source, self.item, self._cells
        if roles is None:
            wanted = CELL_ROLES
        else:
            asked = set(roles)
            if asked & {_R.DisplayRole, _R.EditRole}:
                asked |= {_R.DisplayRole, SORT_ROLE}  # a new value is shown and sorted anew
            wanted = tuple(r for r in CELL_ROLES if r in asked)
        places = [CELL_ROLES.index(role) for role in wanted]
        whole = len(wanted) == len(CELL_ROLES)
        block = getattr(source, "mirror_block", lambda *_: None)(first_row, last_row, first_column, last_column, wanted)
        if block is None:
            index = source.index
            block = [[tuple([source.data(index(row, column), role) for role in wanted]) for row in range(first_row, last_row + 1)]
                     for column in range(first_column, last_column + 1)]
        top = left = bottom = right = None
        for column, values_by_row in enumerate(block, start=first_column):
            for row, values in enumerate(values_by_row, start=first_row):
                old = cells[row][column]
                if whole:
                    if values == old:
                        continue
                    new = values
                else:
                    merged = list(old)
                    for place, value in zip(places, values):
                        merged[place] = value
                    new = tuple(merged)
                    if new == old:
                        continue
                item = item_at(row, column)
                for role, value, before in zip(CELL_ROLES, new, old):
                    if value != before or value.__class__ is not before.__class__:
                        item.setData(value, role)
                cells[row][column] = new
                if top is None:
                    top = bottom = row
                    left = right = column
                else:
                    bottom = row
                    left, right = min(left, column), max(right, column)
        changed_rows = self._fill_rows(first_row, last_row, roles)  # a row's words and key may follow any of its cells
        if changed_rows:
            if top is None:
                top, bottom, left, right = changed_rows[0], changed_rows[-1], 0, 0
            else:
                top, bottom, left = min(top, changed_rows[0]), max(bottom, changed_rows[-1]), 0
        return None if top is None else ((top, left), (bottom, right))

    def _fill_rows(self, first_row: int, last_row: int, roles) -> list[int]:
        """The row roles (on column 0); the rows whose values moved."""
        wanted = ROW_ROLES if roles is None else tuple(r for r in ROW_ROLES if r in roles)
        if not wanted:
            return []
        source, changed = self.source, []
        for row in range(first_row, last_row + 1):
            index = source.index(row, 0)
            old = self._rows[row]
            new = tuple(source.data(index, role) if role in wanted else before for role, before in zip(ROW_ROLES, old))
            if new == old:
                continue
            item = self.item(row, 0)
            for role, value, before in zip(ROW_ROLES, new, old):
                if value != before:
                    item.setData(value, role)
            self._rows[row] = new
            changed.append(row)
        return changed


def source_data(index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.EditRole):
    """A view index's data for `role` as its source model answers it, through any proxies and a mirror."""
    model = index.model()
    while isinstance(model, QSortFilterProxyModel):
        index = model.mapToSource(index)
        model = index.model()
    if isinstance(model, TableMirror):
        return model.source_index(index).data(role)
    return index.data(role)
