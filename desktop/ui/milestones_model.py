"""Per-ally milestones of the scenario as an editable table: ally, NATO year, share of GDP."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt

from ..core.dataset import BASE_YEAR, SHARE, Dataset
from ..core.scenario import Scenario
from ..core.sources import figure_source
from .column_model import TEXT, Column, ColumnTableModel
from .formatting import share_text

ALLY, YEAR, SHARE_COLUMN = range(3)
_YEAR = "year"  # a NATO year, right-aligned and edited as a number, shown and copied as the ally's budget year
COLUMNS = (Column("Ally", TEXT), Column("Year", _YEAR), Column("Share of GDP", "share"))


def milestone_rows(dataset: Dataset, scenario: Scenario) -> list[tuple[str, int, float]]:
    rows = [(iso3, p.year, p.share_pct) for iso3, points in scenario.milestones.items() for p in points]
    names = {a.iso3: a.name for a in dataset.allies}
    return sorted(rows, key=lambda r: (names.get(r[0], r[0]), r[1]))


class MilestonesModel(ColumnTableModel):
    """Edits do not change the model: they go to `set_share(iso3, year, share)` and
    `move(iso3, old_year, new_year)`, and come back through `set_scenario`."""

    COPIED_AS_SHOWN = frozenset({_YEAR})

    def __init__(self, dataset: Dataset, scenario: Scenario, set_share: Callable, move: Callable, parent=None):
        super().__init__(COLUMNS, 0, parent)
        self._dataset = dataset
        self._scenario = scenario
        self._rows = milestone_rows(dataset, scenario)
        self._row_count = len(self._rows)
        self._set_share = set_share
        self._move = move

    def set_scenario(self, scenario: Scenario) -> None:
        rows = milestone_rows(self._dataset, scenario)
        self._scenario = scenario

        def install() -> int:
            self._rows = rows
            return len(rows)

        self._update([r[:2] for r in rows] == [r[:2] for r in self._rows], install)

    def key_of_row(self, row: int) -> tuple[str, int]:
        iso3, year, _ = self._rows[row]
        return iso3, year

    def row_of(self, iso3: str, year: int) -> int:
        for row, (i, y, _) in enumerate(self._rows):
            if (i, y) == (iso3, year):
                return row
        return -1

    def is_editable(self, index) -> bool:
        return index.column() != ALLY

    def cell_value(self, row: int, column: int):
        iso3, year, share = self._rows[row]
        return (self._dataset.ally(iso3).name, year, share)[column]

    def cell_display(self, row: int, column: Column, value) -> str:
        if column.kind == _YEAR:
            return self._dataset.ally(self._rows[row][0]).period_label(value)
        return super().cell_display(row, column, value)

    def cell_tooltip(self, row: int, column: int) -> str:
        iso3, year, share = self._rows[row]
        ally = self._dataset.ally(iso3)
        base = figure_source(self._dataset, self._scenario, iso3, SHARE, BASE_YEAR)
        return f"{ally.name} commits to {share_text(share)} of GDP in NATO year {year} ({ally.period_label(year)}); user-entered.\nStarts from {base}"

    def row_key(self, row: int) -> tuple[str, int]:
        return self.key_of_row(row)

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole):
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or index.column() == ALLY:
            return False
        iso3, year, share = self._rows[index.row()]
        try:
            number = float(value)
        except (TypeError, ValueError):
            return False
        if index.column() == SHARE_COLUMN:
            if number != share:
                self._set_share(iso3, year, number)
            return True
        if not number.is_integer():
            return False
        new_year = int(number)
        taken = {y for i, y, _ in self._rows if i == iso3}
        if new_year == year:
            return True
        if new_year in taken:
            return False
        self._move(iso3, year, new_year)
        return True
