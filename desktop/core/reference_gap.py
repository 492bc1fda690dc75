"""The gap between a scenario and a reference (e.g. announced plans against the Hague pledge), ally by ally and year by year."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from .projection import Result, compute
from .scenario import Scenario
from .thresholds import THRESHOLDS_PCT, TOLERANCE_PCT


@dataclass(frozen=True, eq=False)
class ReferenceGap:
    """The reference's spending minus the scenario's: positive is a shortfall against the reference."""

    scenario: Result
    reference: Result
    usd_m: np.ndarray  # allies × years
    nc_m: np.ndarray
    aggregates_usd_m: dict  # aggregate name -> 1-D over years

    @property
    def name(self) -> str:
        return self.reference.scenario.name


def reference_on_same_years(dataset, scenario: Scenario, reference: Scenario) -> Result:
    """The reference computed over the scenario's years, so that the two line up column by column."""
    return compute(dataset, replace(reference, horizon=scenario.horizon))


def gap_to_reference(result: Result, reference: Result) -> ReferenceGap:
    if len(reference.years) != len(result.years) or int(reference.years[0]) != int(result.years[0]):
        raise ValueError("the reference must be computed over the scenario's years (reference_on_same_years)")
    return ReferenceGap(
        scenario=result,
        reference=reference,
        usd_m=reference.spend_usd_m - result.spend_usd_m,
        nc_m=reference.spend_nc_m - result.spend_nc_m,
        aggregates_usd_m={name: reference.aggregates[name]["spend_usd_m"] - agg["spend_usd_m"] for name, agg in result.aggregates.items()},
    )


def first_years_reaching(result: Result, row: int) -> dict:
    """For 2%, 3.5% and 5%: the first year the ally's share reaches it (None if never within the horizon)."""
    share = result.share_pct[row]
    years = result.years
    found = {}
    for level in THRESHOLDS_PCT:
        reached = np.nonzero(share >= level - TOLERANCE_PCT)[0]
        found[level] = int(years[reached[0]]) if len(reached) else None
    return found


def shortfall_ranking(gap: ReferenceGap, year: int) -> list[tuple[str, float]]:
    """(iso3, shortfall US$ m) in `year`, largest shortfall first; allies without defence figures left out."""
    column = gap.scenario.year_index(year)
    dataset = gap.scenario.dataset
    rows = [(a.iso3, float(gap.usd_m[i, column])) for i, a in enumerate(dataset.allies) if gap.scenario.inputs.counted[i]]
    return sorted(rows, key=lambda r: r[1], reverse=True)


def headline(gap: ReferenceGap, year: int) -> str:
    """'Under National plans, Europe + Canada spend 2.61% of GDP in 2035; the Hague 2035 path needs 3.50%; the shortfall is US$ 412 bn.'"""
    column = gap.scenario.year_index(year)
    ours = gap.scenario.aggregates["EUROPE_CANADA"]["share_gdp_pct"][column]
    theirs = gap.reference.aggregates["EUROPE_CANADA"]["share_gdp_pct"][column]
    shortfall = gap.aggregates_usd_m["EUROPE_CANADA"][column] / 1000.0
    if abs(shortfall) < 0.5:  # rounds to nothing either way: "exceed it by US$ -0 bn" said nothing true
        gap_words = "they are on it (within US$ 0.5 bn)"
    elif shortfall > 0:
        gap_words = f"the shortfall is US$ {shortfall:,.0f} bn"
    else:
        gap_words = f"they exceed it by US$ {-shortfall:,.0f} bn"
    return (f"Under {gap.scenario.scenario.name}, Europe + Canada spend {ours:.2f}% of GDP in {year}; "
            f"the {gap.name} path needs {theirs:.2f}%; {gap_words}.")


@dataclass(frozen=True)
class GapRow:
    """One ally in the plans-against-pledge table: its share under each scenario and the shortfall, in `year`."""

    iso3: str
    share_pct: float
    reference_share_pct: float
    gap_usd_m: float
    gap_nc_m: float
    first_years: dict  # threshold -> year, under the scenario
    reference_first_years: dict


def gap_rows(gap: ReferenceGap, year: int) -> list[GapRow]:
    """Every ally with defence figures, in dataset order."""
    result, reference = gap.scenario, gap.reference
    column = result.year_index(year)
    rows = []
    for i, ally in enumerate(result.dataset.allies):
        if not result.inputs.counted[i]:
            continue
        rows.append(GapRow(ally.iso3, float(result.share_pct[i, column]), float(reference.share_pct[i, column]),
                           float(gap.usd_m[i, column]), float(gap.nc_m[i, column]),
                           first_years_reaching(result, i), first_years_reaching(reference, i)))
    return rows


def pledge_gap_lines(result: Result, year: int | None = None) -> list[str]:
    """The gap to the Hague pledge in sentences: announced plans against it, then this scenario if it is another."""
    from .presets import national_plans_scenario, preset_scenario

    dataset, scenario = result.dataset, result.scenario
    year = min(year or result.target_year, int(result.years[-1]))
    hague = reference_on_same_years(dataset, scenario, preset_scenario("hague-2035", dataset))
    plans_scenario = replace(national_plans_scenario(dataset), horizon=scenario.horizon)
    plans = gap_to_reference(compute(dataset, plans_scenario), hague)
    lines = [headline(plans, year)]
    largest = [(iso3, v) for iso3, v in shortfall_ranking(plans, year)[:3] if v > 0]
    if largest:
        named = ", ".join(f"{dataset.ally(iso3).name} (US$ {v / 1000:,.1f} bn)" for iso3, v in largest)
        lines.append(f"The largest shortfalls under announced plans in {year}: {named}.")
    if scenario != plans_scenario and scenario.name != hague.scenario.name:
        lines.append(headline(gap_to_reference(result, hague), year))
    return lines
