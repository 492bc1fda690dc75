"""The figures an import read, one row per figure, built on demand so 100,000-row tables list at once."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt

from ..spreadsheets.reading.cell_address import cell_ref
from ..spreadsheets.reading.import_report import ImportedTable
from .column_model import RIGHT, Column, ColumnTableModel
from .formatting import MISSING, copy_text, sort_key
from .roles import COPY_ROLE, KEY_ROLE, SORT_ROLE

# Label, year and value first so that they fit the dialog's narrow side; the cell address last.
LABEL, PERIOD, VALUE, UNIT, KIND, ALLY, CELL = range(7)
HEADERS = ("Label", "Year", "Value", "Unit", "Kind", "Ally", "Cell")
COLUMNS = tuple(Column(title, "number" if n == VALUE else "text") for n, title in enumerate(HEADERS))
COLUMN_WIDTHS = (136, 58, 112, 84, 48, 40)  # the last column stretches
# data() runs for seven roles of every cell a repaint shows: plain module names, and a quick no for the rest.
_DISPLAY = Qt.ItemDataRole.DisplayRole
_EDIT = Qt.ItemDataRole.EditRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole
_ANSWERED = frozenset({_DISPLAY, _EDIT, SORT_ROLE, COPY_ROLE, KEY_ROLE, _TOOLTIP})


_POSITION_CHUNK_ROWS = 8192


def figure_positions(table: ImportedTable) -> tuple[np.ndarray, np.ndarray]:
    """Row and period of each figure of a table, in record order; computed off the GUI thread.

    Done in slices because numpy holds the GIL: a 100,000-row table in one go
    would keep the window from repainting for some 50 ms.
    """
    present = ~np.isnan(table.values)
    for i, j in table.missing:
        present[i, j] = True
    rows, periods = [], []
    for start in range(0, len(present), _POSITION_CHUNK_ROWS):
        chunk_rows, chunk_periods = np.nonzero(present[start:start + _POSITION_CHUNK_ROWS])
        rows.append(chunk_rows + start)
        periods.append(chunk_periods)
    if not rows:
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)
    return np.concatenate(rows), np.concatenate(periods)


def _marked(period: str) -> bool:
    """Whether the period's own text says it is an estimate ("2024e", "2025 est")."""
    return period.casefold().endswith("e") or "est" in period.casefold()


class _Figures:
    """Where a table's figures are: parallel arrays of (row, period) in record order."""

    def __init__(self, table: ImportedTable, positions: tuple[np.ndarray, np.ndarray] | None):
        self.table = table
        self.rows, self.periods = positions if positions is not None else figure_positions(table)
        self.scale_words = table.unit or ""
        if table.scale != 1:
            self.scale_words += {1_000: " thousands", 1_000_000: " millions", 1_000_000_000: " billions"}.get(
                table.scale, f" x{table.scale:g}")

    def __len__(self) -> int:
        return len(self.rows)


class ImportRecordsModel(ColumnTableModel):
    """Counts, headers and flags from ColumnTableModel; `data` is its own, to build each cell only as asked."""

    def __init__(self, parent=None):
        super().__init__(COLUMNS, 0, parent)
        self._figures: list[_Figures] = []
        self._starts = np.zeros(1, dtype=np.int64)

    def set_tables(self, tables, positions=None) -> None:
        """Show the figures of these tables; `positions` (from figure_positions) saves the work of finding them."""
        positions = positions if positions is not None else [None] * len(tables)
        self.beginResetModel()
        self._figures = [_Figures(table, where) for table, where in zip(tables, positions)]
        self._starts = np.cumsum([0] + [len(f) for f in self._figures])
        self._row_count = int(self._starts[-1])
        self.endResetModel()

    def _locate(self, row: int) -> tuple[_Figures, int, int]:
        k = int(np.searchsorted(self._starts, row, side="right")) - 1
        figures = self._figures[k]
        n = row - int(self._starts[k])
        return figures, int(figures.rows[n]), int(figures.periods[n])

    def cell_of_row(self, row: int) -> str:
        figures, i, j = self._locate(row)
        table = figures.table
        sheet_row, column = table.cell_positions.get((i, j)) or (table.rows.sheet_rows[i], table.value_columns[j])
        return cell_ref(table.sheet, sheet_row, column)

    def data(self, index, role=_DISPLAY):
        if role == _ALIGNMENT:
            return RIGHT if index.isValid() and index.column() == VALUE else None
        if role not in _ANSWERED or not index.isValid() or not (0 <= index.row() < self._row_count):
            return None
        column = index.column()
        figures, i, j = self._locate(index.row())
        table, rows = figures.table, figures.table.rows
        if role == KEY_ROLE:
            return self.cell_of_row(index.row())
        marker = table.missing.get((i, j))
        value = None if marker else float(table.values[i, j])
        if column == VALUE:
            if role == SORT_ROLE:
                return sort_key(value)
            if role == COPY_ROLE:
                return copy_text(value)
            if role == _EDIT:
                return value
            if role == _TOOLTIP:
                return f"missing in the file: {marker}" if marker else None
            return marker or (MISSING if value is None else f"{value:,.10g}")
        if role == _TOOLTIP:
            notes = rows.notes[i] + table.cell_notes.get((i, j), ())
            return "; ".join(notes) or None
        period = table.periods[j]
        text = {
            CELL: lambda: self.cell_of_row(index.row()),
            LABEL: lambda: rows.labels[i],
            KIND: lambda: rows.kinds[i],
            ALLY: lambda: rows.iso3[i] or "",
            PERIOD: lambda: period.period + (" (est.)" if period.estimate and not _marked(period.period) else ""),
            UNIT: lambda: rows.units[i] or figures.scale_words,
        }[column]()
        if role == SORT_ROLE:
            return period.year if column == PERIOD else text
        return text
