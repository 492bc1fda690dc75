"""Each ally's share and shortfall against the reference in a chosen year, with its announced plan and sources."""

from __future__ import annotations

from ...column_model import PERIOD, TEXT, Column, ColumnTableModel
from ...formatting import MISSING
from ....core.national_plans import plan_summary, point_text
from ....core.reference_gap import GapRow

ALLY, SHARE, REFERENCE_SHARE, GAP_USD, GAP_NC, FIRST_35, REFERENCE_FIRST_35, PLAN = range(8)


def _year(value) -> str:
    return MISSING if value is None else str(value)


class PlansModel(ColumnTableModel):
    """Rows are allies with defence figures; `set_rows` installs new figures in one change."""

    def __init__(self, dataset, plans, parent=None):
        super().__init__(self._columns(2035, "Hague 2035"), 0, parent)
        self._dataset = dataset
        self._plans = plans
        self._summaries: dict[str, str] = {}  # iso3 -> its plan in words: the plans and dataset never change here
        self._rows: list[GapRow] = []
        self._year = 2035

    @staticmethod
    def _columns(year: int, reference: str):
        return (
            Column("Ally", TEXT, "The ally; hover for its announced points and their sources"),
            Column(f"% GDP\n{year}", "share", "Core defence spending as a share of GDP under this scenario"),
            Column(f"{reference}\n% GDP {year}", "share", f"The share the reference scenario ({reference}) gives"),
            Column(f"Shortfall {year}\nUS$ m", "money", f"{reference}'s spending minus this scenario's; negative: ahead of it"),
            Column(f"Shortfall {year}\nnational m", "money", "The same in the ally's own currency (millions)"),
            Column("3.5% first\nreached", PERIOD, "The first year this scenario reaches 3.5% of GDP (– never, within the horizon)"),
            Column(f"3.5% first\n{reference}", PERIOD, "The first year the reference reaches 3.5% of GDP"),
            Column("Announced plan", TEXT, "The ally's own announced points (data/national_plans.csv); blank: none published"),
        )

    def set_rows(self, rows: list[GapRow], year: int, reference: str) -> None:
        same = len(rows) == len(self._rows) and year == self._year
        columns = self._columns(year, reference)
        retitled = columns != self._column_list  # new titles lay the table out again: only when the year or reference moved
        self._column_list = columns
        self._year = year

        def install() -> int:
            self._rows = rows
            return len(rows)

        self._update(same, install, headers=retitled)

    def row(self, index: int) -> GapRow:
        return self._rows[index]

    def cell_value(self, row: int, column: int):
        """Only the asked column's value: a repaint asks for each cell several times."""
        r = self._rows[row]
        if column == ALLY:
            return self._dataset.ally(r.iso3).name
        if column == PLAN:
            summary = self._summaries.get(r.iso3)
            if summary is None:
                summary = self._summaries[r.iso3] = plan_summary(self._plans, self._dataset, r.iso3)
            return summary
        if column == SHARE:
            return r.share_pct
        if column == REFERENCE_SHARE:
            return r.reference_share_pct
        if column == GAP_USD:
            return r.gap_usd_m
        if column == GAP_NC:
            return r.gap_nc_m
        if column == FIRST_35:
            return r.first_years[3.5]
        return r.reference_first_years[3.5]

    def cell_display(self, row: int, column, value) -> str:
        return _year(value) if column.kind == PERIOD else super().cell_display(row, column, value)

    def cell_tooltip(self, row: int, column: int):
        r = self._rows[row]
        ally = self._dataset.ally(r.iso3)
        if column in (ALLY, PLAN):
            points = [p for p in self._plans if p.iso3 == r.iso3]
            if not points:
                return f"{ally.name} published no dated path that could be found; it signed the Hague commitment."
            return "\n".join(f"{point_text(p, ally.period_label(p.year))}: {p.provenance()}" + (f" — {p.note}" if p.note else "") for p in points)
        if column == GAP_NC:
            return f"Millions of {ally.currency}"
        return None

    def row_filter_text(self, row: int):
        r = self._rows[row]
        return f"{self._dataset.ally(r.iso3).name} {r.iso3}"

    def row_key(self, row: int):
        return self._rows[row].iso3
