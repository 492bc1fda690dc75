"""The allies table of a computed scenario: one row per ally, then NATO and Europe + Canada totals.

The window's Allies tab and the briefing print the same rows; marks say which base figures are estimates,
carried forward or entered by the user, in the cell itself and not only in a tooltip.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .dataset import BASE_YEAR, SHARE, Dataset
from .projection import Result
from .scenario import Scenario
from .thresholds import highest_threshold_met

TOTALS = {"NATO": "NATO total", "EUROPE_CANADA": "Europe + Canada"}
# The letter a cell carries, and what it means (a table's key prints this).
MARKS = {
    "e": "estimate",
    "c": "carried forward from the year before",
    "u": "imported or user-entered",
}


@dataclass(frozen=True)
class TableRow:
    key: str  # an ISO code, or a key of TOTALS
    name: str
    period: str  # the target year as the ally's budget year
    currency: str
    share_base_pct: float
    share_target_pct: float
    highest_met_pct: float | None
    spend_base_usd_m: float
    spend_target_usd_m: float
    status_quo_usd_m: float
    extra_usd_m: float
    cumulative_extra_usd_m: float
    spend_nc_m: float
    base_marks: str = ""  # letters of MARKS for the base-year share
    is_total: bool = False
    has_figures: bool = True


def figure_marks(dataset: Dataset, scenario: Scenario, iso3: str, indicator: str, year: int, entered: set | None = None) -> str:
    """'u' for a figure the scenario replaced, else 'e' and 'c' as its provenance says; '' for a plain figure.

    `entered`, the scenario's (iso3, indicator, year) overrides, saves looking through them for each figure.
    """
    if entered is None:
        entered = {(o.iso3, o.indicator, o.year) for o in scenario.overrides}
    if (iso3, indicator, year) in entered:
        return "u"
    provenance = dataset.source_of(iso3, indicator, year)
    if provenance is None:
        return ""
    return ("e" if provenance.estimate else "") + ("c" if provenance.flag.startswith("carried forward") else "")


def ally_rows(result: Result) -> list[TableRow]:
    t = result.year_index(result.target_year)
    d = result.dataset
    entered = {(o.iso3, o.indicator, o.year) for o in result.scenario.overrides}
    rows = []
    for i, ally in enumerate(d.allies):
        share_t = float(result.share_pct[i, t])
        rows.append(
            TableRow(
                key=ally.iso3,
                name=ally.name,
                period=ally.period_label(result.target_year),
                currency=ally.currency,
                share_base_pct=float(result.share_pct[i, 0]),
                share_target_pct=share_t,
                highest_met_pct=highest_threshold_met(share_t),
                spend_base_usd_m=float(result.spend_usd_m[i, 0]),
                spend_target_usd_m=float(result.spend_usd_m[i, t]),
                status_quo_usd_m=float(result.status_quo_usd_m[i, t]),
                extra_usd_m=float(result.extra_usd_m[i, t]),
                cumulative_extra_usd_m=float(result.cumulative_extra_usd_m[i, t]),
                spend_nc_m=float(result.spend_nc_m[i, t]),
                base_marks=figure_marks(d, result.scenario, ally.iso3, SHARE, BASE_YEAR, entered) if ally.has_defence_figures else "",
                has_figures=ally.has_defence_figures,
            )
        )
    return rows


def total_rows(result: Result) -> list[TableRow]:
    """NATO (the 31 allies with defence figures) and Europe + Canada (30), from the result's aggregates."""
    t = result.year_index(result.target_year)
    rows = []
    for key, name in TOTALS.items():
        agg = result.aggregates[key]
        extra = agg["extra_usd_m"]
        share_t = float(agg["share_gdp_pct"][t])
        rows.append(
            TableRow(
                key=key,
                name=name,
                period=str(result.target_year),
                currency="",
                share_base_pct=float(agg["share_gdp_pct"][0]),
                share_target_pct=share_t,
                highest_met_pct=highest_threshold_met(share_t),
                spend_base_usd_m=float(agg["spend_usd_m"][0]),
                spend_target_usd_m=float(agg["spend_usd_m"][t]),
                status_quo_usd_m=float(agg["spend_usd_m"][t] - extra[t]),
                extra_usd_m=float(extra[t]),
                cumulative_extra_usd_m=float(np.nansum(extra[: t + 1])),
                spend_nc_m=math.nan,  # the allies' currencies do not add up
                is_total=True,
            )
        )
    return rows


def table_rows(result: Result) -> list[TableRow]:
    return ally_rows(result) + total_rows(result)
