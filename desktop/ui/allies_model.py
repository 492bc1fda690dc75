"""The Allies table: one row per ally, figures for the base year and the target year from a Result."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from ..core.allies_table import MARKS, TOTALS, TableRow, table_rows
from ..core.dataset import BASE_YEAR, SHARE
from ..core.projection import Result
from ..core.sources import figure_source, gdp_source_year
from ..core.thresholds import THRESHOLDS_PCT, thresholds_met
from .column_model import ColumnTableModel
from .roles import COPY_ROLE, PINNED_ROLE, SORT_ROLE
from .formatting import MISSING, is_missing, money_text, share_text, threshold_text


@dataclass(frozen=True)
class Column:
    title: Callable[[int], str]  # target year -> header text
    value: Callable[[TableRow], object]  # the row's raw value
    kind: str  # text, share, money, national, threshold
    help: str
    sources: Callable[[int], tuple] = lambda year: ()  # target year -> ((indicator, year), ...)
    projected: bool = False


def _spend_sources(year):
    return ((SHARE, BASE_YEAR), ("gdp_usd_bn", gdp_source_year(year)))


def _projected_money(title: str, field: str, help: str) -> Column:
    """A money column of the row's `field` in the target year ({t} in `title`), projected under the scenario."""
    return Column(lambda t: title.format(t=t), lambda row: getattr(row, field), "money", help, _spend_sources, projected=True)


COLUMNS = (
    Column(lambda t: "Ally", lambda row: row.name, "text", "The NATO ally"),
    Column(lambda t: "ISO", lambda row: "" if row.is_total else row.key, "text", "ISO 3166 three-letter code"),
    Column(
        lambda t: f"% GDP\n{BASE_YEAR}",
        lambda row: row.share_base_pct,
        "base_share",
        f"Defence spending as a share of GDP in {BASE_YEAR} (NATO); " + "; ".join(f"{k}: {v}" for k, v in MARKS.items()),
        lambda t: ((SHARE, BASE_YEAR),),
    ),
    Column(
        lambda t: f"% GDP\n{t}",
        lambda row: row.share_target_pct,
        "share",
        "Share of GDP the scenario reaches in the target year",
        lambda t: ((SHARE, BASE_YEAR),),
        projected=True,
    ),
    Column(
        lambda t: f"Highest\ntarget met\nin {t}",
        lambda row: row.highest_met_pct,
        "threshold",
        "The highest of NATO's thresholds (" + ", ".join(threshold_text(t) for t in THRESHOLDS_PCT) + ") met in the target year",
        lambda t: ((SHARE, BASE_YEAR),),
        projected=True,
    ),
    Column(
        lambda t: f"{BASE_YEAR},\nUS$ m",
        lambda row: row.spend_base_usd_m,
        "money",
        f"Defence spending in {BASE_YEAR}, million US dollars, current prices",
        lambda t: _spend_sources(BASE_YEAR),
    ),
    _projected_money("{t},\nUS$ m", "spend_target_usd_m",
                     "Defence spending in the target year under the scenario, million US dollars, current prices"),
    _projected_money("Status quo\n{t},\nUS$ m", "status_quo_usd_m",
                     f"Spending in the target year if the ally kept its {BASE_YEAR} share of GDP, million US dollars"),
    _projected_money("Extra\n{t},\nUS$ m", "extra_usd_m",
                     "Extra spending over the status quo in the target year, million US dollars"),
    _projected_money(f"Cum. extra\n{BASE_YEAR}–{{t}},\nUS$ m", "cumulative_extra_usd_m",
                     "Extra spending over the status quo summed from the base year to the target year, million US dollars"),
    Column(
        lambda t: f"{t},\nnational\ncurrency m",
        lambda row: row.spend_nc_m,
        "national",
        "Defence spending in the target year, million units of the ally's currency today, current prices "
        "(figures from before a currency changeover are converted at its fixed rate)",
        lambda t: ((SHARE, BASE_YEAR), ("gdp_nc_bn", gdp_source_year(t))),
        projected=True,
    ),
    Column(
        lambda t: "Fiscal\nyear",
        lambda row: row.period,
        "text",
        "The target year as the ally's own budget year (April–March allies show e.g. 2035/36)",
    ),
)


def _same(a, b) -> bool:
    return a == b or (a != a and b != b)  # NaN, a missing figure, is the same as itself


def _changed_columns(old: list[TableRow], new: list[TableRow]) -> tuple[int, int] | None:
    """The first and last column whose value differs in some row, or None when every value is the same."""
    shown_with = lambda row: (row.key, row.base_marks, row.currency, row.is_total, row.has_figures)  # noqa: E731
    if len(old) != len(new) or any(shown_with(a) != shown_with(b) for a, b in zip(old, new)):
        return 0, len(COLUMNS) - 1
    changed = [c for c, column in enumerate(COLUMNS)
               if not all(_same(column.value(a), column.value(b)) for a, b in zip(old, new))]
    return (changed[0], changed[-1]) if changed else None


class AlliesModel(ColumnTableModel):
    """Allies, then the NATO and Europe + Canada totals (PINNED_ROLE keeps them last whatever the sort)."""

    COPIED_AS_SHOWN = frozenset({"threshold"})
    MORE_ROLES = frozenset({Qt.ItemDataRole.FontRole, PINNED_ROLE})
    # What a new result can change in a row: its figures, never its name, key, font or pinning
    CHANGING_ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole, SORT_ROLE, COPY_ROLE)

    def __init__(self, result: Result, parent=None):
        self._rows = table_rows(result)
        super().__init__(COLUMNS, len(self._rows), parent)
        self._result = result
        self._bold = QFont()
        self._bold.setBold(True)

    @property
    def result(self) -> Result:
        return self._result

    def set_result(self, result: Result) -> None:
        """Same allies, new figures: one dataChanged over the columns whose figures moved, and the headers when
        the target year they name moves.

        Left alone, the headers would make the view measure every column again on each edit; and a block-wide
        dataChanged would repaint the names and base-year columns an edit never changes.
        """
        new_year = result.target_year != self._result.target_year
        same_allies = result.dataset is self._result.dataset
        rows = table_rows(result)
        changed = _changed_columns(self._rows, rows) if same_allies else None

        def install() -> int:
            self._result = result
            self._rows = rows
            return len(self._rows)

        if same_allies and changed is None:  # the same figures (an edit of a name, say): only the tooltips may differ
            changed = (0, len(COLUMNS) - 1)
        self._update(same_allies, install, headers=new_year, columns=changed, roles=self.CHANGING_ROLES)

    def iso3_of_row(self, row: int) -> str:
        return self._rows[row].key

    def header_title(self, column: Column) -> str:
        return column.title(self._result.target_year)

    def cell_value(self, row: int, col: int):
        return COLUMNS[col].value(self._rows[row])

    def cell_display(self, row: int, column: Column, value) -> str:
        table_row = self._rows[row]
        if column.kind == "national":
            return MISSING if is_missing(value) else f"{money_text(value)} {table_row.currency}"
        if column.kind == "base_share":
            return share_text(value) + (f" {table_row.base_marks}" if table_row.base_marks and not is_missing(value) else "")
        if column.kind == "threshold":
            if not table_row.has_figures:
                return MISSING
            return threshold_text(value) if value is not None else "below 2%"
        return super().cell_display(row, column, value)

    def more_data(self, index, column, value, role):
        if role == Qt.ItemDataRole.FontRole and self._rows[index.row()].is_total:
            return self._bold
        if role == PINNED_ROLE:
            return self._rows[index.row()].is_total
        return None

    def row_filter_text(self, row: int) -> str:
        table_row = self._rows[row]
        return f"{table_row.name} {table_row.key}"

    def row_key(self, row: int) -> str:
        return self._rows[row].key

    def cell_tooltip(self, row: int, col: int) -> str:
        column = COLUMNS[col]
        result = self._result
        table_row = self._rows[row]
        year = result.target_year
        if table_row.is_total:
            what = "the 31 allies with defence figures" if table_row.key == "NATO" else "the 30 European allies and Canada"
            return f"{TOTALS[table_row.key]}, {what}: {column.help}\nShares of GDP are total spending over total GDP"
        ally = result.dataset.allies[row]
        if not ally.has_defence_figures:
            return f"{ally.name}: {ally.note}"
        lines = [f"{ally.name}: {column.help}"]
        if column.kind in ("text", "national"):
            lines.append(f"Currency {ally.currency}" + ("" if column.kind == "national" else f"; region {ally.region}"))
            lines += [f"Currency: {change.describe()}" for change in result.dataset.changes_of(ally.iso3)]
        if column.kind == "text" and ally.fy_start_month != 1:
            lines.append(f"Budget year starts in month {ally.fy_start_month}: NATO year {year} is {ally.period_label(year)}")
        if column.kind == "threshold":
            share = float(result.share_pct[row, result.year_index(year)])
            met = thresholds_met(share)
            lines.append(", ".join(f"{threshold_text(t)} {'met' if t in met else 'not met'}" for t in THRESHOLDS_PCT))
        if column.projected:
            lines.append(f"Projected under “{result.scenario.name}” ({ally.period_label(year)})")
        lines += [figure_source(result.dataset, result.scenario, ally.iso3, ind, y) for ind, y in column.sources(year)]
        return "\n".join(lines)
