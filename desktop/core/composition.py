"""What defence spending goes on: NATO's 2025e shares (equipment, personnel, infrastructure, other) before and after the budget lines.

After the lines, year by year and in the ally's currency: each component is its status-quo share of the
status-quo spending plus the lines of that component, over total spending. Total spending is the
scenario's, or more where the lines overrun the extra (the unfunded part is spending too); extra not
yet given to a line is "unallocated". Lines in the baseline budget are inside the status-quo shares
already, and defence-related lines (the 1.5%) are outside core spending: neither changes the shares.
NATO counts research and development devoted to major equipment as equipment, as the 20% guideline does.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .budget_lines import BudgetPlan
from .dataset import BASE_YEAR

COMPONENTS = ("equipment", "personnel", "infrastructure", "other")
COMPONENT_TITLES = {"equipment": "Equipment", "personnel": "Personnel", "infrastructure": "Infrastructure", "other": "Other"}
COMPONENT_OF_CATEGORY = {
    "equipment": "equipment",
    "research_development": "equipment",
    "personnel": "personnel",
    "infrastructure": "infrastructure",
    "operations_maintenance": "other",
    "ukraine_partners": "other",
}
EQUIPMENT_GUIDELINE_PCT = 20.0  # NATO: at least 20% of defence spending on major equipment, related R&D included


def indicator_of(component: str) -> str:
    return f"{component}_share_pct"


@dataclass(frozen=True)
class Composition:
    """One ally's shares of total defence spending, % (NaN where NATO published no 2025 estimate)."""

    iso3: str
    base_pct: dict  # component -> NATO 2025e share, or None
    pct: dict  # component -> per year, after the lines
    unallocated_pct: np.ndarray  # per year: extra not yet given to a line
    total_nc: np.ndarray  # per year: spending the shares are of
    lines_nc: dict  # component -> per year: the lines counted in it

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(c for c in COMPONENTS if self.base_pct[c] is None)

    def below_guideline(self) -> np.ndarray:
        """Per year: the equipment share after the lines is below 20% (False where unknown)."""
        return np.nan_to_num(self.pct["equipment"], nan=np.inf) < EQUIPMENT_GUIDELINE_PCT


def base_shares(dataset, scenario, iso3: str) -> dict:
    """NATO's 2025e shares of the ally's spending, with the scenario's overrides of them applied."""
    shares = {c: dataset.value(iso3, indicator_of(c), BASE_YEAR) for c in COMPONENTS}
    for o in scenario.overrides:
        if o.iso3 == iso3 and o.year == BASE_YEAR and o.indicator in {indicator_of(c) for c in COMPONENTS}:
            shares[o.indicator.removesuffix("_share_pct")] = o.value
    return shares


def missing_note(dataset, iso3: str, missing) -> str:
    """'NATO published no 2025 estimate of Germany's equipment share' (or '' when all are there)."""
    if not missing:
        return ""
    names = " and ".join(", ".join(missing).rsplit(", ", 1)) if len(missing) > 1 else missing[0]
    return f"NATO published no {BASE_YEAR} estimate of {dataset.ally(iso3).name}'s {names} share{'s' if len(missing) > 1 else ''}"


def composition(result, plan: BudgetPlan, allies=None) -> dict:
    """iso3 -> Composition for every ally with defence figures (or for those of `allies` among them)."""
    dataset, scenario = result.dataset, result.scenario
    out = {}
    for iso3, h in plan.allies.items():
        if allies is not None and iso3 not in allies:
            continue
        i = dataset.index(iso3)
        lines = {c: np.zeros(len(result.years)) for c in COMPONENTS}
        for p in plan.lines_of(iso3):
            component = COMPONENT_OF_CATEGORY.get(p.line.category)
            if component is None or not p.counts:
                continue
            for y, amount in zip(p.years, p.amounts_nc):
                lines[component][result.year_index(y)] += amount
        status_quo = result.spend_nc_m[i] - h.extra_nc
        allocated = sum(lines.values())
        total = status_quo + np.maximum(h.extra_nc, allocated)
        base = base_shares(dataset, scenario, iso3)
        pct = {
            c: np.full(len(result.years), np.nan) if base[c] is None else (base[c] / 100.0 * status_quo + lines[c]) / total * 100.0
            for c in COMPONENTS
        }
        unallocated = np.maximum(h.extra_nc - allocated, 0.0) / total * 100.0
        out[iso3] = Composition(iso3, base, pct, unallocated, total, lines)
    return out
