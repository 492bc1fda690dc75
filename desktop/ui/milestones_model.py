"""Per-ally milestones of the scenario as an editable table: ally, NATO year, share of GDP or amount, and how each is read."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt

from ..core.dataset import BASE_YEAR, SHARE, Dataset
from ..core.milestone_amounts import money_text as amount_words
from ..core.scenario import NATIONAL_DEFINITION, Milestone, Scenario
from ..core.sources import figure_source
from .column_model import TEXT, Column, ColumnTableModel
from .formatting import share_text

ALLY, YEAR, SHARE_COLUMN, AMOUNT, CURRENCY, PATH_SHARE, NOTE = range(7)
_YEAR = "year"  # a NATO year, right-aligned and edited as a number, shown and copied as the ally's budget year
COLUMNS = (
    Column("Ally", TEXT),
    Column("Year", _YEAR),
    Column("Share of GDP", "share", "The share of GDP the milestone states (blank: it states only an amount)"),
    Column("Amount, m", "money", "An amount of money the milestone states, in millions of its currency (blank: a share only)"),
    Column("Currency", TEXT, "The amount's currency: the ally's own or US dollars"),
    Column("Path share", "share", "The share of GDP the path goes through: the stated share, or the amount as a share of projected GDP"),
    Column("How it is read", TEXT, "How an amount was turned into a share, and how it differs from a stated share"),
)


def milestone_rows(dataset: Dataset, scenario: Scenario) -> list[tuple[str, Milestone]]:
    rows = [(iso3, p) for iso3, points in scenario.milestones.items() for p in points]
    names = {a.iso3: a.name for a in dataset.allies}
    return sorted(rows, key=lambda r: (names.get(r[0], r[0]), r[1].year))


class MilestonesModel(ColumnTableModel):
    """Edits do not change the model: they go to `set_share(iso3, year, share)`, `set_amount(iso3, year, amount)`
    and `move(iso3, old_year, new_year)`, and come back through `set_scenario`."""

    FLAGS_FOLLOW_DATA = True  # the amount is editable only on a cash milestone: TableMirror re-reads flags on each change

    COPIED_AS_SHOWN = frozenset({_YEAR})

    def __init__(self, dataset: Dataset, scenario: Scenario, set_share: Callable, move: Callable, parent=None,
                 set_amount: Callable | None = None, resolved: dict | None = None):
        super().__init__(COLUMNS, 0, parent)
        self._dataset = dataset
        self._scenario = scenario
        self._rows = milestone_rows(dataset, scenario)
        self._resolved = resolved or {}
        self._row_count = len(self._rows)
        self._set_share = set_share
        self._set_amount = set_amount
        self._move = move

    def set_scenario(self, scenario: Scenario, resolved: dict | None = None) -> None:
        rows = milestone_rows(self._dataset, scenario)
        self._scenario = scenario

        def install() -> int:
            self._rows = rows
            self._resolved = resolved or {}
            return len(rows)

        self._update([(i, p.year) for i, p in rows] == [(i, p.year) for i, p in self._rows], install)

    def key_of_row(self, row: int) -> tuple[str, int]:
        iso3, point = self._rows[row]
        return iso3, point.year

    def point_of_row(self, row: int) -> Milestone:
        return self._rows[row][1]

    def row_of(self, iso3: str, year: int) -> int:
        for row, (i, p) in enumerate(self._rows):
            if (i, p.year) == (iso3, year):
                return row
        return -1

    def _resolved_of(self, iso3: str, year: int):
        return next((m for m in self._resolved.get(iso3, ()) if m.year == year), None)

    def is_editable(self, index) -> bool:
        if index.column() == AMOUNT:
            return self._set_amount is not None and self._rows[index.row()][1].amount_m is not None
        return index.column() in (YEAR, SHARE_COLUMN)

    def cell_value(self, row: int, column: int):
        iso3, point = self._rows[row]
        resolved = self._resolved_of(iso3, point.year)
        words = ""
        if resolved is not None:
            words = "; ".join(text for text in (resolved.note, resolved.warning) if text)
        return (
            self._dataset.ally(iso3).name,
            point.year,
            point.share_pct,
            point.amount_m,
            point.currency if point.amount_m is not None else "",
            None if resolved is None else resolved.share_pct,
            words,
        )[column]

    def cell_display(self, row: int, column: Column, value) -> str:
        if column.kind == _YEAR:
            return self._dataset.ally(self._rows[row][0]).period_label(value)
        if value is None:
            return ""
        return super().cell_display(row, column, value)

    def cell_tooltip(self, row: int, column: int) -> str:
        iso3, point = self._rows[row]
        ally = self._dataset.ally(iso3)
        base = figure_source(self._dataset, self._scenario, iso3, SHARE, BASE_YEAR)
        stated = [share_text(point.share_pct) + " of GDP"] if point.share_pct is not None else []
        if point.amount_m is not None:
            stated.append(amount_words(point.amount_m, point.currency) + (" (national definition)" if point.definition == NATIONAL_DEFINITION else ""))
        source = f"Source: {point.source}; {point.confidence}." if point.source else "User-entered."
        resolved = self._resolved_of(iso3, point.year)
        how = f"\n{resolved.note}" if resolved is not None and resolved.note else ""
        warning = f"\nWarning: {resolved.warning}" if resolved is not None and resolved.warning else ""
        return (f"{ally.name} commits to {' and '.join(stated)} in NATO year {point.year} ({ally.period_label(point.year)}).{how}{warning}\n"
                f"{source}\nStarts from {base}")

    def row_key(self, row: int) -> tuple[str, int]:
        return self.key_of_row(row)

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole):
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or not self.is_editable(index):
            return False
        iso3, point = self._rows[index.row()]
        try:
            number = float(value)
        except (TypeError, ValueError):
            return False
        if index.column() == SHARE_COLUMN:
            if number != point.share_pct:
                self._set_share(iso3, point.year, number)
            return True
        if index.column() == AMOUNT:
            if number != point.amount_m:
                self._set_amount(iso3, point.year, number)
            return True
        if not number.is_integer():
            return False
        new_year = int(number)
        taken = {p.year for i, p in self._rows if i == iso3}
        if new_year == point.year:
            return True
        if new_year in taken:
            return False
        self._move(iso3, point.year, new_year)
        return True
