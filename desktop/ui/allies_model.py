"""The Allies table: one row per ally, figures for the base year and the target year from a Result."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..core.dataset import BASE_YEAR, SHARE
from ..core.projection import Result
from ..core.sources import figure_source, gdp_source_year
from ..core.thresholds import THRESHOLDS_PCT, highest_threshold_met, thresholds_met
from .column_model import ColumnTableModel
from .formatting import MISSING, is_missing, money_text, threshold_text


@dataclass(frozen=True)
class Column:
    title: Callable[[int], str]  # target year -> header text
    value: Callable[[Result, int, int], object]  # (result, row, target-year column) -> raw value
    kind: str  # text, share, money, national, threshold
    help: str
    sources: Callable[[int], tuple] = lambda year: ()  # target year -> ((indicator, year), ...)
    projected: bool = False


def _spend_sources(year):
    return ((SHARE, BASE_YEAR), ("gdp_usd_bn", gdp_source_year(year)))


def _projected_money(title: str, array: str, help: str) -> Column:
    """A money column of the Result's `array` in the target year ({t} in `title`), projected under the scenario."""
    return Column(lambda t: title.format(t=t), lambda r, i, c: getattr(r, array)[i, c], "money", help, _spend_sources,
                  projected=True)


COLUMNS = (
    Column(lambda t: "Ally", lambda r, i, c: r.dataset.allies[i].name, "text", "The NATO ally"),
    Column(lambda t: "ISO", lambda r, i, c: r.dataset.allies[i].iso3, "text", "ISO 3166 three-letter code"),
    Column(
        lambda t: f"% GDP\n{BASE_YEAR}",
        lambda r, i, c: r.share_pct[i, 0],
        "share",
        f"Defence spending as a share of GDP in {BASE_YEAR} (NATO)",
        lambda t: ((SHARE, BASE_YEAR),),
    ),
    Column(
        lambda t: f"% GDP\n{t}",
        lambda r, i, c: r.share_pct[i, c],
        "share",
        "Share of GDP the scenario reaches in the target year",
        lambda t: ((SHARE, BASE_YEAR),),
        projected=True,
    ),
    Column(
        lambda t: f"Meets\nin {t}",
        lambda r, i, c: highest_threshold_met(float(r.share_pct[i, c])),
        "threshold",
        "The highest of NATO's thresholds (" + ", ".join(threshold_text(t) for t in THRESHOLDS_PCT) + ") met in the target year",
        lambda t: ((SHARE, BASE_YEAR),),
        projected=True,
    ),
    Column(
        lambda t: f"US$ m\n{BASE_YEAR}",
        lambda r, i, c: r.spend_usd_m[i, 0],
        "money",
        f"Defence spending in {BASE_YEAR}, million US dollars, current prices",
        lambda t: _spend_sources(BASE_YEAR),
    ),
    _projected_money("US$ m\n{t}", "spend_usd_m",
                     "Defence spending in the target year under the scenario, million US dollars, current prices"),
    _projected_money("Status quo\n{t}", "status_quo_usd_m",
                     f"Spending in the target year if the ally kept its {BASE_YEAR} share of GDP, million US dollars"),
    _projected_money("Extra\n{t}", "extra_usd_m",
                     "Extra spending over the status quo in the target year, million US dollars"),
    _projected_money(f"Cum. extra\n{BASE_YEAR}–{{t}}", "cumulative_extra_usd_m",
                     "Extra spending over the status quo summed from the base year to the target year, million US dollars"),
    Column(
        lambda t: f"Nat. cur. m\n{t}",
        lambda r, i, c: r.spend_nc_m[i, c],
        "national",
        "Defence spending in the target year, million units of the ally's currency today, current prices "
        "(figures from before a currency changeover are converted at its fixed rate)",
        lambda t: ((SHARE, BASE_YEAR), ("gdp_nc_bn", gdp_source_year(t))),
        projected=True,
    ),
    Column(
        lambda t: "Fiscal\nyear",
        lambda r, i, c: r.dataset.allies[i].period_label(r.target_year),
        "text",
        "The target year as the ally's own budget year (April–March allies show e.g. 2035/36)",
    ),
)


class AlliesModel(ColumnTableModel):
    COPIED_AS_SHOWN = frozenset({"threshold"})

    def __init__(self, result: Result, parent=None):
        super().__init__(COLUMNS, len(result.dataset.allies), parent)
        self._result = result
        self._values: dict = {}  # (row, column) -> raw value; views ask for each cell many times

    @property
    def result(self) -> Result:
        return self._result

    def set_result(self, result: Result) -> None:
        """Same allies, new figures: one block-wide dataChanged, and the headers when the target year they name moves.

        Left alone, the headers would make the view measure every column again on each edit.
        """
        new_year = result.target_year != self._result.target_year

        def install() -> int:
            self._result = result
            self._values.clear()
            return len(result.dataset.allies)

        self._update(result.dataset is self._result.dataset, install, headers=new_year)

    def iso3_of_row(self, row: int) -> str:
        return self._result.dataset.allies[row].iso3

    def header_title(self, column: Column) -> str:
        return column.title(self._result.target_year)

    def cell_value(self, row: int, col: int):
        key = (row, col)
        if key not in self._values:
            result = self._result
            value = COLUMNS[col].value(result, row, result.year_index(result.target_year))
            self._values[key] = float(value) if hasattr(value, "dtype") else value
        return self._values[key]

    def cell_display(self, row: int, column: Column, value) -> str:
        ally = self._result.dataset.allies[row]
        if column.kind == "national":
            return MISSING if is_missing(value) else f"{money_text(value)} {ally.currency}"
        if column.kind == "threshold":
            if not ally.has_defence_figures:
                return MISSING
            return threshold_text(value) if value is not None else "below 2%"
        return super().cell_display(row, column, value)

    def row_filter_text(self, row: int) -> str:
        ally = self._result.dataset.allies[row]
        return f"{ally.name} {ally.iso3}"

    def row_key(self, row: int) -> str:
        return self._result.dataset.allies[row].iso3

    def cell_tooltip(self, row: int, col: int) -> str:
        column = COLUMNS[col]
        result = self._result
        ally = result.dataset.allies[row]
        if not ally.has_defence_figures:
            return f"{ally.name}: {ally.note}"
        year = result.target_year
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

