"""The imported budget lines, one row per line and year, against the ally's extra spending in that year."""

from __future__ import annotations

from typing import NamedTuple

from ..core.merge import budget_lines_against_extra
from ..core.projection import Result
from .column_model import PERIOD, TEXT, Column, ColumnTableModel
from .formatting import MISSING, money_text

LINE, ALLY, YEAR, AMOUNT, CURRENCY, EXTRA, SHARE_OF_EXTRA = range(7)
COLUMNS = (
    Column("Budget line", TEXT, "The line as the imported spreadsheet names it"),
    Column("Ally", TEXT, "Whose budget the line is in"),
    Column("Year", PERIOD, "NATO year, shown as the ally's own budget year"),
    Column("Amount m", "money", "The line's amount that year, millions of its currency"),
    Column("Currency", TEXT, "The currency the spreadsheet gave the line in"),
    Column("Ally's extra m", "money", "The ally's extra spending over the status quo that year, millions of the line's currency"),
    Column("Share of extra", "share", "The line's amount as a share of the ally's extra spending that year"),
)


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


class BudgetLinesModel(ColumnTableModel):
    """At most `limit` rows; `total_rows()` says how many there are in all."""

    def __init__(self, result: Result | None, parent=None, limit: int | None = None):
        super().__init__(COLUMNS, 0, parent)
        self._limit = limit
        found = budget_line_rows(result, limit) if result is not None else BudgetLineRows([], 0, 0)
        self._rows, self._total, self._lines = found
        self._row_count = len(self._rows)

    def set_result(self, result: Result) -> None:
        """The same lines with new figures are one block-wide dataChanged; other lines reset the model."""
        rows, self._total, self._lines = budget_line_rows(result, self._limit)

        def install() -> int:
            self._rows = rows
            return len(rows)

        self._update([_key(r) for r in rows] == [_key(r) for r in self._rows], install)

    def line_count(self) -> int:
        return self._lines

    def total_rows(self) -> int:
        return self._total

    def cell_value(self, row: int, col: int):
        return _value(self._rows[row], col)

    def cell_display(self, row: int, column: Column, value) -> str:
        return self._rows[row].period if column.kind == PERIOD else super().cell_display(row, column, value)

    def cell_tooltip(self, row: int, col: int) -> str:
        return _tooltip(self._rows[row], col)

    def row_filter_text(self, row: int) -> str:
        line = self._rows[row]
        return f"{line.label} {line.ally} {line.iso3}"

    def row_key(self, row: int) -> tuple:
        return _key(self._rows[row])


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
