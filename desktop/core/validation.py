"""The one gate every figure passes before it enters a scenario: a known ally, a year in range, a finite plausible value.

Scenario files, imports, the planner's own workbooks and edits in the window all
ask the same functions, so whatever one route accepts, the others can reopen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .dataset import BASE_YEAR, FISCAL_INDICATORS, HISTORY_FIRST, IMF_INDICATORS, Dataset
from .plausible import PLAUSIBLE_RANGES, as_finite, range_fault, short_repr
from .financing_mix import DEFAULT_GROWTH_BAND_PTS, SOURCE_LABELS, SOURCES, Financing, Mix
from .scenario import DEFINITIONS, FOLLOWS, LINE_CATEGORIES, LINE_PROFILES, MAX_HORIZON, BudgetLine, Milestone, Scenario

ECONOMIC_INDICATORS = frozenset(IMF_INDICATORS + FISCAL_INDICATORS)  # the only figures Iceland, with no armed forces, carries
BUDGET_YEARS = range(HISTORY_FIRST, MAX_HORIZON + 1)
MAX_BUDGET_AMOUNT_M = 1e9  # a thousand trillion in any currency: beyond it, a unit slip

_UNSAFE_CHARACTERS = re.compile(r"[\ud800-\udfff]|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_BREAKS = re.compile(r"[\r\n\t\u2028\u2029]+")


class FigureRefused(ValueError):
    """A figure the gate turned away; the message is one line saying what and why."""


@dataclass(frozen=True)
class Refusal:
    """A record that was not let in: where it was (a cell, a file key) and why."""

    where: str
    reason: str

    def line(self) -> str:
        return f"{self.where}: {self.reason}" if self.where else self.reason


def clean_text(text: str, single_line: bool = True) -> str:
    """Text that saves, exports and prints: lone surrogates become U+FFFD, control characters go, line breaks become spaces."""
    text = _UNSAFE_CHARACTERS.sub(lambda m: "\ufffd" if "\ud800" <= m.group() <= "\udfff" else "", text)
    return _LINE_BREAKS.sub(" ", text) if single_line else text


def clean_json_text(value):
    """A parsed JSON value with every string in it (keys included) made safe by clean_text, keeping line breaks."""
    if isinstance(value, str):
        return clean_text(value, single_line=False)
    if isinstance(value, list):
        return [clean_json_text(v) for v in value]
    if isinstance(value, dict):
        return {clean_json_text(k): clean_json_text(v) for k, v in value.items()}
    return value


def quoted(text) -> str:
    """Text from a file as it goes into a one-line message: quoted, with line breaks and controls escaped."""
    return short_repr(text, 80)


def escaped(text: str) -> str:
    """Text for the middle of a one-line message: line breaks and control characters written as escapes."""
    return text if text.isprintable() else repr(text)[1:-1]


def ally_fault(dataset: Dataset, iso3, defence: bool = True) -> str:
    """Why `iso3` cannot carry a figure (defence figures: never Iceland), or ''."""
    if not isinstance(iso3, str):
        return f"{quoted(iso3)} is not an ally's ISO3 code"
    try:
        ally = dataset.ally(iso3)
    except KeyError:
        return f"{quoted(iso3)} is not an ally's ISO3 code"
    if defence and not ally.has_defence_figures:
        return f"{ally.name} has no armed forces, so it carries no defence figures"
    return ""


def figure_fault(dataset: Dataset, iso3, indicator, year, value) -> str:
    """Why a dataset figure (an override of one ally, indicator and year) cannot enter a scenario, or ''."""
    if indicator not in PLAUSIBLE_RANGES:
        return f"unknown indicator {quoted(indicator)}"
    fault = ally_fault(dataset, iso3, defence=indicator not in ECONOMIC_INDICATORS)
    if fault:
        return fault
    years = dataset.years_of(indicator)
    if isinstance(year, bool) or not isinstance(year, int) or year not in years:
        return f"year {quoted(year)} is outside {years[0]}..{years[-1]} for {indicator}"
    return range_fault(indicator, value)


def milestone_fault(dataset: Dataset, iso3, point: Milestone) -> str:
    """Why a milestone (a share of GDP or an amount an ally commits to in a NATO year) cannot enter a scenario, or ''."""
    fault = ally_fault(dataset, iso3)
    if fault:
        return fault
    year = point.year
    if isinstance(year, bool) or not isinstance(year, int) or not BASE_YEAR < year <= MAX_HORIZON:
        return f"milestone year {quoted(year)} must be between {BASE_YEAR + 1} and {MAX_HORIZON}"
    if point.share_pct is None and point.amount_m is None:
        return f"the {year} milestone gives neither a share of GDP nor an amount"
    if point.share_pct is not None:
        fault = range_fault("share_gdp_pct", point.share_pct)
        if fault:
            return fault
    if point.amount_m is not None:
        amount = as_finite(point.amount_m)
        if amount is None or not 0 < amount <= MAX_BUDGET_AMOUNT_M:
            return f"the {year} amount {quoted(point.amount_m)} m must be a positive number of millions"
        if point.currency != "USD" and (not isinstance(point.currency, str) or dataset.units_per_national(iso3, point.currency) != 1.0):
            return f"the {year} amount must be in US dollars or {dataset.ally(iso3).currency}, not {quoted(point.currency)}"
        if point.definition not in DEFINITIONS:
            return f"the {year} amount's definition must be one of {', '.join(DEFINITIONS)}, not {quoted(point.definition)}"
        if point.national_base_m is not None:
            base = as_finite(point.national_base_m)
            if base is None or not 0 < base <= MAX_BUDGET_AMOUNT_M:
                return f"the {BASE_YEAR} base amount {quoted(point.national_base_m)} m must be a positive number of millions"
    if point.follows not in FOLLOWS:
        return f"a milestone follows its share or its amount, not {quoted(point.follows)}"
    return ""


def line_currency_fault(dataset: Dataset, iso3: str, currency) -> str:
    """Why a budget line of `iso3` cannot be kept in `currency`, or ''."""
    if currency == "USD" or (isinstance(currency, str) and dataset.units_per_national(iso3, currency) is not None):
        return ""
    allowed = ["USD", *dataset.currencies_of(iso3)]
    return f"a budget line of {dataset.ally(iso3).name} must be in {' or '.join(allowed)}, not {quoted(currency)}"


def budget_amount_fault(year, amount) -> str:
    """Why one year's amount of a budget line (millions) cannot be kept, or ''."""
    if isinstance(year, bool) or not isinstance(year, int) or year not in BUDGET_YEARS:
        return f"year {quoted(year)} is outside {BUDGET_YEARS[0]}..{BUDGET_YEARS[-1]}"
    number = as_finite(amount)
    if number is None:
        return f"amount {quoted(amount)} is not a finite number"
    if abs(number) > MAX_BUDGET_AMOUNT_M:
        return f"amount {number:g} m is implausibly large (check the unit and scale)"
    return ""


def _year_fault(what: str, year) -> str:
    if isinstance(year, bool) or not isinstance(year, int) or year not in BUDGET_YEARS:
        return f"the {what} year {quoted(year)} must be between {BUDGET_YEARS[0]} and {BUDGET_YEARS[-1]}"
    return ""


def line_plan_fault(line: BudgetLine) -> str:
    """Why a budget line's category, years, profile, envelope, unit cost, quantity or baseline flag cannot be kept, or ''."""
    if line.category not in LINE_CATEGORIES:
        return f"the category must be one of {', '.join(LINE_CATEGORIES)}, not {quoted(line.category)}"
    if line.profile not in LINE_PROFILES:
        return f"the profile must be one of {', '.join(LINE_PROFILES)}, not {quoted(line.profile)}"
    if not isinstance(line.in_baseline, bool):
        return f"'in baseline' must be true or false, not {quoted(line.in_baseline)}"
    if line.unit_cost is not None:
        cost = as_finite(line.unit_cost)
        if cost is None or not 0 < cost <= MAX_BUDGET_AMOUNT_M * 1e6:
            return f"the unit cost {quoted(line.unit_cost)} must be a positive number"
    if line.quantity is not None:
        quantity = as_finite(line.quantity)
        if quantity is None or not 0 <= quantity <= 1e12:
            return f"the quantity {quoted(line.quantity)} must be a number of items, 0 or more"
    if line.profile == "explicit" and line.first_year is None and line.last_year is None:
        return ""
    for what, year in (("first", line.first_year), ("last", line.last_year)):
        fault = _year_fault(what, year)
        if fault:
            return fault
    if line.first_year > line.last_year:
        return f"the first year {line.first_year} is after the last year {line.last_year}"
    if line.profile in ("even", "front_loaded", "back_loaded"):
        total = as_finite(line.total_m)
        if total is None or abs(total) > MAX_BUDGET_AMOUNT_M:
            return f"the amount {quoted(line.total_m)} m must be a finite number of millions"
    if line.profile == "quantity" and (line.unit_cost is None or line.quantity is None):
        return "a line priced by quantity needs a unit cost and a quantity a year"
    return ""


MIX_SUM_TOLERANCE = 1e-6


def mix_fault(mix: Mix) -> str:
    """Why a financing mix cannot enter a scenario (each share 0..100, together 100), or ''."""
    for source in SOURCES:
        value = mix.share(source)
        if as_finite(value) is None:
            return f"the {SOURCE_LABELS[source].lower()} share {quoted(value)} is not a finite number"
        if not 0.0 <= value <= 100.0:
            return f"the {SOURCE_LABELS[source].lower()} share {value:g}% must be between 0 and 100"
    total = sum(mix.share(s) for s in SOURCES)
    if abs(total - 100.0) > MIX_SUM_TOLERANCE:
        return f"the financing shares add up to {total:g}%, not 100%"
    return ""


def rate_fault(rate) -> str:
    """Why an interest rate (% a year) cannot enter a scenario, or ''."""
    if as_finite(rate) is None:
        return f"the interest rate {quoted(rate)} is not a finite number"
    fault = range_fault("interest_rate_pct", rate)
    return f"the interest rate {float(rate):g}% is outside 0..60% a year" if fault else ""


def growth_band_fault(points) -> str:
    """Why a growth band (points of nominal growth either side of central) cannot enter a scenario, or ''."""
    if as_finite(points) is None:
        return f"the growth band {quoted(points)} is not a finite number"
    fault = range_fault("growth_band_pts", points)
    return f"the growth band {float(points):g} points is outside 0..5 points of nominal growth" if fault else ""


def financing_refusals(dataset: Dataset, financing: Financing, prefix: str = "") -> tuple[Financing, list[Refusal]]:
    """The financing without any mix or rate the gate refuses (those fall back to the default), and why each went."""
    refused = []
    fault = mix_fault(financing.default_mix)
    if fault:
        refused.append(Refusal(f"{prefix}financing.default_mix", fault))
        financing = financing.with_mix(None, None)
    if financing.default_rate_pct is not None:
        fault = rate_fault(financing.default_rate_pct)
        if fault:
            refused.append(Refusal(f"{prefix}financing.default_rate_pct", fault))
            financing = financing.with_rate(None, None)
    for iso3, mix in financing.mixes.items():
        fault = ally_fault(dataset, iso3) or mix_fault(mix)
        if fault:
            refused.append(Refusal(f"{prefix}financing.mixes.{escaped(str(iso3))}", fault))
            financing = financing.with_mix(iso3, None)
    for iso3, rate in financing.rates.items():
        fault = ally_fault(dataset, iso3) or rate_fault(rate)
        if fault:
            refused.append(Refusal(f"{prefix}financing.rates.{escaped(str(iso3))}", fault))
            financing = financing.with_rate(iso3, None)
    return financing, refused


def check_figure(dataset: Dataset, iso3, indicator, year, value) -> float:
    """The value as a float when the gate lets it in; FigureRefused with the reason otherwise."""
    fault = figure_fault(dataset, iso3, indicator, year, value)
    if fault:
        raise FigureRefused(fault)
    return float(value)


def check_milestone(dataset: Dataset, iso3, point: Milestone) -> None:
    fault = milestone_fault(dataset, iso3, point)
    if fault:
        raise FigureRefused(fault)


def budget_line_fault(dataset: Dataset, line: BudgetLine) -> str:
    """Why a whole budget line cannot enter a scenario (its ally, currency, plan or any year's amount), or ''."""
    fault = ally_fault(dataset, line.iso3) or line_currency_fault(dataset, line.iso3, line.currency) or line_plan_fault(line)
    if fault:
        return fault
    for year, amount in line.amounts:
        fault = budget_amount_fault(year, amount)
        if fault:
            return f"{year}: {fault}"
    return ""


def _line_key(line: BudgetLine) -> tuple:
    return (line.label, line.iso3, line.currency, line.amounts, line.source, line.category, line.profile, line.first_year,
            line.last_year, line.total_m, line.unit_cost, line.quantity, line.in_baseline)


def check_edit(dataset: Dataset, before: Scenario, after: Scenario) -> None:
    """FigureRefused when an edit in the window brings in a milestone or budget line (new or changed) the gate refuses.

    Overrides arrive through imports, files and workbooks, which screen them on the way in.
    """
    for iso3, points in after.milestones.items():
        old = set(before.milestones.get(iso3, ()))
        for p in points:
            if p not in old:
                check_milestone(dataset, iso3, p)
    if after.budget_lines is not before.budget_lines:
        known = {_line_key(line) for line in before.budget_lines}
        for line in after.budget_lines:
            if _line_key(line) not in known:
                fault = budget_line_fault(dataset, line)
                if fault:
                    raise FigureRefused(f"{quoted(line.label)}: {fault}")
    if after.financing != before.financing:
        _, refused = financing_refusals(dataset, after.financing)
        if refused:
            raise FigureRefused(refused[0].reason)
    if after.growth_band_pts != before.growth_band_pts:
        fault = growth_band_fault(after.growth_band_pts)
        if fault:
            raise FigureRefused(fault)


def screen_scenario(dataset: Dataset, scenario: Scenario, where: str = "") -> tuple[Scenario, tuple[Refusal, ...]]:
    """The scenario without anything the gate refuses, and a Refusal naming each record dropped."""
    refused: list[Refusal] = []
    prefix = f"{where}: " if where else ""
    overrides = []
    for i, o in enumerate(scenario.overrides):
        fault = figure_fault(dataset, o.iso3, o.indicator, o.year, o.value)
        if fault:
            refused.append(Refusal(f"{prefix}overrides[{i}] ({escaped(str(o.iso3))} {escaped(str(o.indicator))} {o.year})", fault))
        else:
            overrides.append(o)
    milestones = {}
    for iso3, points in scenario.milestones.items():
        kept = []
        for p in points:
            fault = milestone_fault(dataset, iso3, p)
            if fault:
                refused.append(Refusal(f"{prefix}milestones.{escaped(str(iso3))} {p.year}", fault))
            else:
                kept.append(p)
        if kept:
            milestones[iso3] = kept
    lines = []
    for i, line in enumerate(scenario.budget_lines):
        label = f"{prefix}budget_lines[{i}] ({quoted(line.label)})"
        fault = ally_fault(dataset, line.iso3) or line_currency_fault(dataset, line.iso3, line.currency) or line_plan_fault(line)
        if fault:
            refused.append(Refusal(label, fault))
            continue
        amounts = []
        for year, amount in line.amounts:
            fault = budget_amount_fault(year, amount)
            if fault:
                refused.append(Refusal(f"{label} {year}", fault))
            else:
                amounts.append((year, float(amount)))
        lines.append(replace(line, amounts=tuple(amounts)) if len(amounts) != len(line.amounts) else line)
    financing, financing_refused = financing_refusals(dataset, scenario.financing, prefix)
    refused += financing_refused
    band = scenario.growth_band_pts
    fault = growth_band_fault(band)
    if fault:
        refused.append(Refusal(f"{prefix}growth_band_pts", fault))
        band = DEFAULT_GROWTH_BAND_PTS
    if not refused:
        return scenario, ()
    screened = replace(scenario, overrides=tuple(overrides), milestones=milestones, budget_lines=tuple(lines),
                       financing=financing, growth_band_pts=band)
    return screened, tuple(refused)


def merge_duplicate_amounts(amounts) -> tuple[tuple, tuple]:
    """A budget line's (year, amount) pairs with each year once: amounts given twice for a year are summed.

    Returns the pairs sorted by year and the years that were summed, so the caller can say so.
    """
    totals: dict = {}
    summed = []
    for year, amount in amounts:
        if year in totals:
            totals[year] += amount
            summed.append(year)
        else:
            totals[year] = amount
    return tuple(sorted(totals.items())), tuple(dict.fromkeys(summed))
