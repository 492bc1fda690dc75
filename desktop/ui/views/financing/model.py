"""The financing mix editor: one row for the default and one per ally, with the debt and interest they lead to."""

from __future__ import annotations

from typing import Callable

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from ....core.financing import FinancingPaths, financing_paths
from ....core.financing_mix import Mix
from ....core.projection import Result
from ...column_model import TEXT, Column, ColumnTableModel
from ...formatting import MISSING, money_text, share_text

ALLY, BORROW, REVENUE, REPRIORITISE, RATE, DEBT, DEBT_SQ, INTEREST, BASIS = range(9)
EDITABLE = {REVENUE: "revenue", REPRIORITISE: "reprioritise"}
DEFAULT_ROW = "All allies (default)"


def _columns(year: int) -> tuple:
    return (
        Column("Ally", TEXT),
        Column("Borrowed\n% of extra", "share", "What revenue and reprioritised spending leave is borrowed"),
        Column("Revenue\n% of extra", "share", "Paid for by higher taxes or other revenue: adds no debt"),
        Column("Reprioritised\n% of extra", "share", "Paid for by cutting other spending: adds no debt"),
        Column("Interest rate\n% a year", "share", "On the borrowed extra; clear the cell to use the implied rate"),
        Column(f"Gross debt\n{year}, % of GDP", "share", "General-government gross debt with the uplift"),
        Column(f"Without uplift\n{year}, % of GDP", "share", "IMF WEO October 2025; held at its 2030 ratio after 2030"),
        Column(f"Extra interest\n{year}, US$ m", "money", "Interest on the borrowed extra in that year"),
        Column("Rate basis", TEXT, "Implied: IMF net interest paid over gross debt, 2025-2030 average"),
    )


class FinancingModel(ColumnTableModel):
    """Edits go to `set_mix(iso3 | None, mix)` and `set_rate(iso3 | None, rate | None)` and come back through `set_result`."""

    MORE_ROLES = frozenset({Qt.ItemDataRole.FontRole})  # bold for an ally's own mix and rate

    def __init__(self, result: Result, set_mix: Callable, set_rate: Callable, parent=None):
        self._year = result.target_year
        super().__init__(_columns(self._year), 0, parent)
        self._set_mix = set_mix
        self._set_rate = set_rate
        self._keys: list[str | None] = [None] + [a.iso3 for a in result.dataset.allies if a.has_defence_figures]
        self._row_count = len(self._keys)
        self._install(result)

    def _install(self, result: Result) -> int:
        self._result = result
        self._paths: FinancingPaths = financing_paths(result)
        self._column_list = _columns(result.target_year)
        return len(self._keys)

    @property
    def paths(self) -> FinancingPaths:
        return self._paths

    def set_result(self, result: Result) -> None:
        """New figures. A change that keeps the names, mixes, rates and their basis (a target edit) refreshes only
        the debt and interest columns: the mirror, the column widths and the repaint skip the other two thirds."""
        before, before_paths = self._result, self._paths
        year_changed = result.target_year != self._year
        self._year = result.target_year
        self._install(result)
        paths = self._paths
        same_terms = (not year_changed and result.dataset is before.dataset and result.scenario.financing == before.scenario.financing
                      and np.array_equal(paths.rate_pct, before_paths.rate_pct) and paths.rate_basis == before_paths.rate_basis)
        self._update(True, lambda: self._row_count, headers=year_changed, columns=(DEBT, INTEREST) if same_terms else None)

    def key_of_row(self, row: int) -> str | None:
        return self._keys[row]

    def row_key(self, row: int):
        return self._keys[row] or ""

    def row_filter_text(self, row: int):
        return self.cell_value(row, ALLY)

    def is_editable(self, index) -> bool:
        return index.column() in EDITABLE or index.column() == RATE

    def _mix(self, iso3: str | None) -> Mix:
        f = self._result.scenario.financing
        return f.default_mix if iso3 is None else f.mix_of(iso3)

    def cell_value(self, row: int, column: int):
        iso3 = self._keys[row]
        if column == ALLY:
            return DEFAULT_ROW if iso3 is None else self._result.dataset.ally(iso3).name
        if column in (BORROW, REVENUE, REPRIORITISE):
            return self._mix(iso3).share(("borrow", "revenue", "reprioritise")[column - BORROW])
        f = self._result.scenario.financing
        if iso3 is None:
            return f.default_rate_pct if column == RATE else ("implied per ally" if column == BASIS and f.default_rate_pct is None else
                                                              "set for all allies" if column == BASIS else None)
        i = self._result.dataset.index(iso3)
        p = self._paths
        if column == RATE:  # only the asked column: a repaint asks for each cell several times
            return float(p.rate_pct[i])
        if column == BASIS:
            return p.rate_basis[i]
        j = self._result.year_index(self._result.target_year)
        if column == DEBT:
            return float(p.debt_pct[i, j])
        if column == DEBT_SQ:
            return float(p.debt_status_quo_pct[i, j])
        return float(p.extra_interest_usd_m[i, j])

    def cell_display(self, row: int, column, value) -> str:
        if value is None:
            return "implied" if column.title.startswith("Interest") else MISSING
        if column.kind == "money":
            return money_text(value)
        if column.kind == "share":
            return share_text(value)
        return str(value)

    def cell_tooltip(self, row: int, column: int):
        iso3 = self._keys[row]
        if iso3 is None:
            return "The mix and rate of every ally without its own; edit Revenue or Reprioritised, borrowing takes up the rest."
        own = iso3 in self._result.scenario.financing.mixes
        name = self._result.dataset.ally(iso3).name
        mix = f"{name} has its own mix" if own else f"{name} follows the default mix"
        i = self._result.dataset.index(iso3)
        implied = self._paths.implied_rate_pct[i]
        return f"{mix}; implied rate {share_text(float(implied))} a year (IMF WEO, net interest over gross debt, 2025-2030)."

    def more_data(self, index, column, value, role):
        if role == Qt.ItemDataRole.FontRole and index.column() in (BORROW, REVENUE, REPRIORITISE, RATE):
            iso3 = self._keys[index.row()]
            own = iso3 is None or (index.column() in (BORROW, REVENUE, REPRIORITISE) and iso3 in self._result.scenario.financing.mixes) \
                or (index.column() == RATE and iso3 in self._result.scenario.financing.rates)
            if own and index.column() in (BORROW, REVENUE, REPRIORITISE, RATE):
                font = QFont()
                font.setBold(True)
                return font
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole):
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or not self.is_editable(index):
            return False
        iso3 = self._keys[index.row()]
        column = index.column()
        if column == RATE and (value is None or (isinstance(value, str) and value.strip() == "")):
            self._set_rate(iso3, None)
            return True
        try:
            number = float(str(value).replace("%", "").strip()) if isinstance(value, str) else float(value)
        except (TypeError, ValueError):
            return False
        if column == RATE:
            self._set_rate(iso3, number)
            return True
        mix = self._mix(iso3)
        if number != mix.share(EDITABLE[column]):
            self._set_mix(iso3, mix.with_share(EDITABLE[column], number))
        return True
