"""Budget lines planned against the extra: profiles over years, headroom per ally and year, unfunded lines, quantities bought.

Amounts are millions of a line's currency; the ally's currency is "NC". A line counts against the
core extra unless it is defence-related (set against the defence-related spending above its
baseline) or marked "in baseline" (already in the status-quo budget: it counts against nothing).
Within an ally and year, lines are funded in the scenario's order: those past the extra are unfunded.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from .scenario import BudgetLine

RELATED = "defence_related"
CATEGORY_TITLES = {
    "equipment": "Equipment",
    "personnel": "Personnel",
    "infrastructure": "Infrastructure",
    "research_development": "Research and development",
    "operations_maintenance": "Operations and maintenance",
    "ukraine_partners": "Support to Ukraine and partners",
    "defence_related": "Defence-related (1.5%)",
}
PROFILE_TITLES = {
    "even": "Even",
    "front_loaded": "Front-loaded",
    "back_loaded": "Back-loaded",
    "explicit": "Explicit amounts",
    "quantity": "Quantity × unit cost",
}
_CATEGORY_WORDS = {
    "r&d": "research_development", "research": "research_development", "o&m": "operations_maintenance",
    "operations": "operations_maintenance", "ukraine": "ukraine_partners", "defence-related": "defence_related",
    "defense-related": "defence_related", "related": "defence_related",
}
SPREAD_PROFILES = ("even", "front_loaded", "back_loaded")
MAX_LINE_YEARS = 100  # a span beyond this is a typing slip; the gate refuses it before it is spread


def category_from_text(text) -> str | None:
    """A category from a spreadsheet's Category column ('Equipment', 'R&D', 'research_development'), or None."""
    if not isinstance(text, str) or not text.strip():
        return None
    word = text.strip().casefold()
    for key, title in CATEGORY_TITLES.items():
        if word in (key, title.casefold(), key.replace("_", " ")):
            return key
    return next((category for start, category in _CATEGORY_WORDS.items() if word.startswith(start)), None)


def profile_weights(profile: str, years: int) -> tuple[float, ...]:
    """Each year's share of the envelope: even 1/n; front-loaded n, n-1, ..., 1 and back-loaded 1..n over n(n+1)/2."""
    if profile == "even":
        return tuple(1.0 / years for _ in range(years))
    total = years * (years + 1) / 2
    rising = [k / total for k in range(1, years + 1)]
    return tuple(reversed(rising)) if profile == "front_loaded" else tuple(rising)


def spread(total_m: float, first_year: int, last_year: int, profile: str) -> tuple:
    """The envelope `total_m` over first..last by `profile`: ((year, amount), ...), summing to the envelope."""
    n = last_year - first_year + 1
    return tuple((first_year + k, total_m * w) for k, w in enumerate(profile_weights(profile, n)))


def _span_ok(line: BudgetLine) -> bool:
    first, last = line.first_year, line.last_year
    return isinstance(first, int) and isinstance(last, int) and 0 <= last - first < MAX_LINE_YEARS


def resolved(line: BudgetLine) -> BudgetLine:
    """The line with its years, envelope and yearly amounts consistent.

    An explicit line takes its years and envelope from its amounts; a profiled line spreads its
    envelope; a quantity line prices `quantity` items a year at `unit_cost`. Anything out of shape is
    left as it is, for the validation gate to refuse with its reason.
    """
    if line.profile == "explicit" or not _span_ok(line):  # an explicit line's years and envelope follow its amounts
        return line
    if line.profile == "quantity":
        if not (_finite(line.unit_cost) and _finite(line.quantity)):
            return line
        per_year = line.quantity * line.unit_cost / 1e6
        amounts = tuple((y, per_year) for y in range(line.first_year, line.last_year + 1))
        return replace(line, amounts=amounts, total_m=per_year * len(amounts))
    if line.profile in SPREAD_PROFILES and _finite(line.total_m):
        return replace(line, amounts=spread(line.total_m, line.first_year, line.last_year, line.profile))
    return line


def _finite(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def with_changes(line: BudgetLine, **changes) -> BudgetLine:
    """The line with some fields changed and its amounts derived again, as an analyst editing one cell expects.

    Turning a line explicit keeps the amounts it had; turning it into a profile spreads the envelope it
    had over the years it had. A new envelope for an explicit line scales each year's amount; new years
    for an explicit line, or a new envelope for a quantity line, spread the envelope evenly. A quantity
    given to a line with a unit cost prices the line by quantity.
    """
    line = resolved(line)
    if "profile" not in changes and "amounts" not in changes:
        if line.profile == "explicit" and "total_m" in changes and line.total_m and _finite(changes["total_m"]):
            factor = changes["total_m"] / line.total_m
            changes = {**changes, "amounts": tuple((y, a * factor) for y, a in line.amounts)}
        elif (line.profile == "explicit" and {"first_year", "last_year"} & set(changes)) or (line.profile == "quantity" and "total_m" in changes):
            changes = {**changes, "profile": "even"}
        elif changes.get("quantity") is not None and line.unit_cost is not None:
            changes = {**changes, "profile": "quantity"}
    return resolved(replace(line, **changes))


def units(amount_m: float, unit_cost: float | None) -> float | None:
    """Items `amount_m` millions buy at `unit_cost` (units of the same currency per item); None without a unit cost."""
    if unit_cost is None or not unit_cost > 0:
        return None
    return amount_m * 1e6 / unit_cost


@dataclass(frozen=True)
class LinePlan:
    """One line year by year within the scenario's years: its amount, the part unfunded, what it buys."""

    line: BudgetLine
    index: int  # position in the scenario's budget lines
    years: tuple[int, ...]
    amounts: tuple[float, ...]  # millions of the line's currency
    amounts_nc: tuple[float, ...]  # the same in the ally's currency (nan where no exchange rate)
    unfunded_m: tuple[float, ...]  # the part beyond the extra left after the lines before it (0 when funded)
    units: tuple  # items bought, None without a unit cost
    headroom_units: tuple  # items the ally's headroom left that year would buy, None without a unit cost

    @property
    def counts(self) -> bool:
        return not self.line.in_baseline

    @property
    def unfunded(self) -> bool:
        return any(u > 0 for u in self.unfunded_m)


@dataclass(frozen=True)
class AllyHeadroom:
    """An ally's extra and what its lines take of it, per year of the scenario (millions)."""

    iso3: str
    extra_nc: np.ndarray  # core extra over the status quo
    lines_nc: np.ndarray  # core lines counted against it
    headroom_nc: np.ndarray  # extra - lines: negative when the lines overrun it
    headroom_usd: np.ndarray
    related_extra_nc: np.ndarray  # defence-related spending above its baseline
    related_lines_nc: np.ndarray
    related_headroom_nc: np.ndarray
    baseline_lines_nc: np.ndarray  # lines already in the baseline budget (counted against nothing)


@dataclass(frozen=True)
class BudgetPlan:
    lines: tuple[LinePlan, ...]
    allies: dict  # iso3 -> AllyHeadroom, for every ally with defence figures

    def lines_of(self, iso3: str) -> list[LinePlan]:
        return [p for p in self.lines if p.line.iso3 == iso3]


def nc_per_line_unit(result, iso3: str, currency: str) -> np.ndarray | None:
    """Per year, how many units of the ally's currency one unit of `currency` is worth; None for a currency it never had."""
    i = result.dataset.index(iso3)
    if currency == "USD":
        return result.inputs.gdp_nc_m[i] / result.inputs.gdp_usd_m[i]
    per_unit = result.dataset.units_per_national(iso3, currency)
    return None if per_unit is None else np.full(len(result.years), 1.0 / per_unit)


def plan_budget_lines(result) -> BudgetPlan:
    """Headroom of every ally, and each line's unfunded part and quantities, year by year."""
    dataset, years = result.dataset, result.years
    first, n = int(years[0]), len(years)
    inputs = result.inputs
    allies = {}
    for i, ally in enumerate(dataset.allies):
        if not ally.has_defence_figures:
            continue
        related_extra = np.maximum(result.related_pct[i] - _related_baseline(result), 0.0) / 100.0 * inputs.gdp_nc_m[i]
        zeros = np.zeros(n)
        allies[ally.iso3] = dict(extra=result.extra_nc_m[i], related=related_extra, lines=zeros.copy(),
                                 related_lines=zeros.copy(), baseline=zeros.copy())
    staged = []
    for index, line in enumerate(result.scenario.budget_lines):
        if line.iso3 not in allies:
            continue
        rate = nc_per_line_unit(result, line.iso3, line.currency)
        amounts = {y: a for y, a in line.amounts if first <= y < first + n}
        years_in = tuple(sorted(amounts))
        line_nc = np.zeros(n)
        for y in years_in:
            line_nc[y - first] = amounts[y] * (rate[y - first] if rate is not None else math.nan)
        entry = allies[line.iso3]
        pool = "baseline" if line.in_baseline else "related_lines" if line.category == RELATED else "lines"
        before = entry[pool].copy()
        entry[pool] = entry[pool] + np.nan_to_num(line_nc)
        staged.append((index, line, years_in, amounts, line_nc, rate, pool, before))
    headrooms = {}
    for iso3, e in allies.items():
        i = dataset.index(iso3)
        headroom_nc = e["extra"] - e["lines"]
        usd_per_nc = inputs.gdp_usd_m[i] / inputs.gdp_nc_m[i]
        headrooms[iso3] = AllyHeadroom(iso3, e["extra"], e["lines"], headroom_nc, headroom_nc * usd_per_nc,
                                       e["related"], e["related_lines"], e["related"] - e["related_lines"], e["baseline"])
    plans = []
    for index, line, years_in, amounts, line_nc, rate, pool, before in staged:
        h = headrooms[line.iso3]
        envelope = h.extra_nc if pool == "lines" else h.related_extra_nc
        left = h.headroom_nc if pool != "related_lines" else h.related_headroom_nc
        unfunded, bought, could_buy, in_nc = [], [], [], []
        for y in years_in:
            k = y - first
            r = rate[k] if rate is not None else math.nan
            in_nc.append(float(line_nc[k]))
            if pool == "baseline" or not math.isfinite(r) or line_nc[k] <= 0:
                unfunded.append(0.0)
            else:
                room = max(float(envelope[k]), 0.0) - float(before[k])
                unfunded.append(float(min(line_nc[k], max(line_nc[k] - max(room, 0.0), 0.0))) / r)
            bought.append(units(amounts[y], line.unit_cost))
            spare = max(float(left[k]), 0.0) / r if math.isfinite(r) else math.nan
            could_buy.append(units(spare, line.unit_cost))
        plans.append(LinePlan(line, index, years_in, tuple(amounts[y] for y in years_in), tuple(in_nc), tuple(unfunded),
                              tuple(bought), tuple(could_buy)))
    return BudgetPlan(tuple(plans), headrooms)


def _related_baseline(result) -> float:
    t = result.scenario.target
    return t.related_baseline_pct if t is not None else 0.0
