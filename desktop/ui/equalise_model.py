"""The three ways Europe + Canada could equalise the US burden, in the target year, as a table."""

from __future__ import annotations

from ..core.headlines import MEASURES
from ..core.projection import Result
from .column_model import Column, ColumnTableModel

COLUMNS = (  # {year} is the target year
    Column("Measure"),
    Column("% GDP needed {year}", "share"),
    Column("Extra needed {year}, US$ m", "money"),
    Column("Meaning"),
)


class EqualiseModel(ColumnTableModel):
    def __init__(self, result: Result, parent=None):
        super().__init__(COLUMNS, len(MEASURES), parent)
        self._result = result

    def set_result(self, result: Result) -> None:
        def install() -> int:
            self._result = result
            return len(MEASURES)

        self._update(True, install, headers=True)

    def header_title(self, column: Column) -> str:
        return column.title.format(year=self._result.target_year)

    def cell_value(self, row: int, column: int):
        key, title, meaning = MEASURES[row]
        i = self._result.year_index(self._result.target_year)
        if column == 1:
            return float(self._result.equalise[f"{key}_pct"][i])
        if column == 2:
            return float(self._result.equalise[f"{key}_extra_usd_m"][i])
        return title if column == 0 else meaning

    def cell_display(self, row: int, column: Column, value) -> str:
        if column is COLUMNS[2] and value is not None and value <= 0:
            return "already met"  # Europe + Canada already spend at least this much under the scenario
        return super().cell_display(row, column, value)

    def cell_tooltip(self, row: int, column: int) -> str:
        if column == 2 and self.cell_value(row, 2) <= 0:
            return (f"{MEASURES[row][2]}: already met in {self._result.target_year} under “{self._result.scenario.name}”, "
                    f"with US$ {-self.cell_value(row, 2):,.0f} m to spare")
        return f"{MEASURES[row][2]}, in {self._result.target_year}, against “{self._result.scenario.name}”"

    def row_key(self, row: int) -> str:
        return MEASURES[row][0]
