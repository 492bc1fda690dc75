"""Where a figure comes from, in words: dataset provenance or the scenario's user-entered value."""

from __future__ import annotations

from .dataset import IMF_LAST, Dataset
from .scenario import Scenario

INDICATOR_NAMES = {
    "share_gdp_pct": "defence share of GDP",
    "gdp_usd_bn": "GDP in US dollars",
    "gdp_nc_bn": "GDP in national currency",
    "real_gdp_growth_pct": "real GDP growth",
    "population_m": "population",
    "equipment_share_pct": "equipment share of defence spending",
    "personnel_share_pct": "personnel share of defence spending",
    "infrastructure_share_pct": "infrastructure share of defence spending",
    "other_share_pct": "other share of defence spending",
}


def figure_source(dataset: Dataset, scenario: Scenario, iso3: str, indicator: str, year: int) -> str:
    """'defence share of GDP 2025: NATO, …, 2025 edition; estimate' or '…: user-entered (source)'."""
    what = f"{INDICATOR_NAMES.get(indicator, indicator)} {year}"
    for o in reversed(scenario.overrides):
        if (o.iso3, o.indicator, o.year) == (iso3, indicator, year):
            if o.imported:
                return f"{what}: imported from {o.source}" + (f"; {o.edition}" if o.edition else "")
            return f"{what}: user-entered" + (f" ({o.source})" if o.source else "")
    provenance = dataset.source_of(iso3, indicator, year)
    if provenance is None:
        return f"{what}: not published"
    return f"{what}: {provenance.describe()}"


def gdp_source_year(year: int) -> int:
    """The last IMF year a projected year's GDP rests on: beyond IMF_LAST, GDP grows at that year's rate."""
    return min(year, IMF_LAST)


def national_currency_note(dataset: Dataset) -> str:
    """How national-currency figures read: the ally's currency of today in every year, replaced currencies converted."""
    rates = ", ".join(
        f"{c.rate:g} {c.from_currency} per {c.to_currency} ({dataset.ally(c.iso3).name}, {c.to_currency} from {c.first_year})"
        for c in dataset.currency_changes
    )
    return ("National currency: each ally's currency of today, in every year"
            + (f"; figures in a currency an ally has replaced are converted at its fixed rate: {rates}." if rates else "."))


def editions_line(dataset: Dataset) -> str:
    """The data editions in a few words, for footers: 'IMF October 2025 · NATO 2025 edition (August 2025)'."""
    return " · ".join(f"{source.split(',')[0]} {edition}" for source, edition in dataset.sources())


def source_line(dataset: Dataset, when) -> str:
    """'Sources: IMF, World Economic Outlook, October 2025; NATO, …, 2025 edition (August 2025). 27 November 2026'."""
    sources = "; ".join(f"{source}, {edition}" for source, edition in dataset.sources())
    return f"Sources: {sources}. Defence Spending Planner, {long_date(when)}"


def long_date(when) -> str:
    """'7 November 2026', the same in every locale."""
    months = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")
    return f"{when.day} {months[when.month - 1]} {when.year}"
