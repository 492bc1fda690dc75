"""The headline figures of a computed scenario in its target year: what a briefing's first page states."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .projection import Result

# The three ways Europe + Canada could equalise the US burden: (key, title, meaning).
MEASURES = (
    ("share_parity", "Share parity", "Europe + Canada spend the same share of their GDP as the US"),
    ("absolute_parity", "Absolute parity", "Europe + Canada together spend as many dollars as the US"),
    ("per_capita_parity", "Per-capita parity", "Europe + Canada spend as much per inhabitant as the US"),
)


@dataclass(frozen=True)
class Measure:
    key: str
    title: str
    meaning: str
    share_pct: float  # the Europe + Canada share of GDP the measure needs
    extra_usd_m: float  # over the scenario's Europe + Canada spending; 0 or less: already met

    @property
    def already_met(self) -> bool:
        return self.extra_usd_m <= 0


@dataclass(frozen=True)
class Headlines:
    year: int
    nato_share_pct: float
    europe_canada_share_pct: float
    us_share_pct: float
    nato_spend_usd_m: float
    extra_usd_m: float  # NATO's extra over the status quo in the year
    cumulative_extra_usd_m: float  # summed from the base year to the year
    europe_canada_extra_usd_m: float
    us_share_of_nato_pct: float
    measures: tuple[Measure, ...]


def headlines(result: Result, year: int | None = None) -> Headlines:
    """The figures of `year` (the target year unless given)."""
    year = result.target_year if year is None else year
    t = result.year_index(year)
    nato, europe, us = (result.aggregates[k] for k in ("NATO", "EUROPE_CANADA", "USA"))
    eq = result.equalise
    return Headlines(
        year=year,
        nato_share_pct=float(nato["share_gdp_pct"][t]),
        europe_canada_share_pct=float(europe["share_gdp_pct"][t]),
        us_share_pct=float(us["share_gdp_pct"][t]),
        nato_spend_usd_m=float(nato["spend_usd_m"][t]),
        extra_usd_m=float(nato["extra_usd_m"][t]),
        cumulative_extra_usd_m=float(np.nansum(nato["extra_usd_m"][: t + 1])),
        europe_canada_extra_usd_m=float(europe["extra_usd_m"][t]),
        us_share_of_nato_pct=float(result.us_share_of_nato[t]),
        measures=tuple(
            Measure(key, title, meaning, float(eq[f"{key}_pct"][t]), float(eq[f"{key}_extra_usd_m"][t]))
            for key, title, meaning in MEASURES
        ),
    )
