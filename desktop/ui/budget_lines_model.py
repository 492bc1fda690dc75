"""The imported budget lines, one row per line and year, against the ally's extra spending in that year."""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from ..core.merge import budget_lines_against_extra
from ..core.projection import Result
from .formatting import MISSING, copy_text, is_missing, money_text, share_text, sort_key
from .roles import COPY_ROLE, FILTER_ROLE, KEY_ROLE, SORT_ROLE

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LINE, ALLY, YEAR, AMOUNT, CURRENCY, EXTRA, SHARE_OF_EXTRA = range(7)
_HEADERS = (
    ("Budget line", "The line as the imported spreadsheet names it"),
    ("Ally", "Whose budget the line is in"),
    ("Year", "NATO year, shown as the ally's own budget year"),
    ("Amount m", "The line's amount that year, millions of its currency"),
    ("Currency", "The currency the spreadsheet gave the line in"),
    ("Ally's extra m", "The ally's extra spending over the status quo that year, millions of the line's currency"),
    ("Share of extra", "The line's amount as a share of the ally's extra spending that year"),
)
_NUMBERS = (AMOUNT, EXTRA, SHARE_OF_EXTRA)


class BudgetLineRow(NamedTuple):
    label: str
    iso3: str
    ally: str
    year: int
    period: str  # the year as the ally prints it ("2027/28")
    amount: float
    currency: str
    extra: float | None
    share_pct: float | None
    source: str
    why_no_share: str  # empty when there is a share


class BudgetLineRows(NamedTuple):
    rows: list[BudgetLineRow]  # the first `limit`
    total: int  # rows there are in all
    lines: int  # distinct budget lines (label and ally) with a row


def budget_line_rows(result: Result, limit: int | None = None) -> BudgetLineRows:
    """core.merge's report on each budget line, one row per year of the projection the line has an amount for.

    Only the first `limit` rows are built: a table of 100,000 rows helps no one and costs seconds.
    """
    reports = [report for report in budget_lines_against_extra(result) if report.years]
    total = sum(len(report.years) for report in reports)
    lines = len({(report.line.label, report.line.iso3) for report in reports})
    rows = []
    for report in reports:
        if limit is not None and len(rows) >= limit:
            break
        line = report.line
        ally = result.dataset.ally(line.iso3)
        for year, amount, extra, share in zip(report.years, report.amounts, report.extra, report.share_of_extra_pct):
            if limit is not None and len(rows) >= limit:
                break
            if extra is None:
                why = f"The extra spending is known in US$ and {ally.currency}, not in {line.currency}"
            elif share is None:
                why = f"{ally.name} has no extra spending in {year} under this scenario"
            else:
                why = ""
            rows.append(BudgetLineRow(line.label, line.iso3, ally.name, year, ally.period_label(year), float(amount),
                                      line.currency, extra, share, line.source, why))
    return BudgetLineRows(rows, total, lines)


class BudgetLinesModel(QAbstractTableModel):
    """At most `limit` rows; `total_rows()` says how many there are in all."""

    def __init__(self, result: Result | None, parent=None, limit: int | None = None):
        super().__init__(parent)
        self._limit = limit
        found = budget_line_rows(result, limit) if result is not None else BudgetLineRows([], 0, 0)
        self._rows, self._total, self._lines = found

    def set_result(self, result: Result) -> None:
        """The same lines with new figures are one block-wide dataChanged; other lines reset the model."""
        rows, self._total, self._lines = budget_line_rows(result, self._limit)
        if [_key(r) for r in rows] == [_key(r) for r in self._rows]:
            self._rows = rows
            if rows:
                self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, len(_HEADERS) - 1))
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def line_count(self) -> int:
        return self._lines

    def total_rows(self) -> int:
        return self._total

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or not (0 <= section < len(_HEADERS)):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _HEADERS[section][0]
        if role == Qt.ItemDataRole.ToolTipRole:
            return _HEADERS[section][1]
        if role == Qt.ItemDataRole.TextAlignmentRole and section in _NUMBERS:
            return _RIGHT
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = self._rows[index.row()], index.column()
        value = _value(row, column)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == SHARE_OF_EXTRA:
                return share_text(value)
            if column in (AMOUNT, EXTRA):
                return money_text(value)
            return row.period if column == YEAR else value
        if role == Qt.ItemDataRole.EditRole:
            return None if is_missing(value) else value
        if role == SORT_ROLE:
            return sort_key(value) if column in _NUMBERS or column == YEAR else value
        if role == COPY_ROLE:
            return copy_text(row.period if column == YEAR else value)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _NUMBERS:
            return _RIGHT
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(row, column)
        if role == FILTER_ROLE:
            return f"{row.label} {row.ally} {row.iso3}"
        if role == KEY_ROLE:
            return _key(row)
        return None


def _key(row: BudgetLineRow) -> tuple:
    return row.label, row.iso3, row.year


def _value(row: BudgetLineRow, column: int):
    return (row.label, row.ally, row.year, row.amount, row.currency, row.extra, row.share_pct)[column]


def _tooltip(row: BudgetLineRow, column: int) -> str:
    source = f"From {row.source}" if row.source else "Imported"
    if column in (EXTRA, SHARE_OF_EXTRA) and row.why_no_share and (column == SHARE_OF_EXTRA or row.extra is None):
        return f"{MISSING}: {row.why_no_share}"
    if column == SHARE_OF_EXTRA:
        return (f"{row.label}: {money_text(row.amount)} of {row.ally}'s {money_text(row.extra)} million {row.currency} "
                f"extra spending in {row.period}")
    return f"{row.label} ({row.ally}, {row.period}). {source}"
