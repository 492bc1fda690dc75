"""Milestones stated as money turned into shares of projected GDP, with words saying how each was read."""

from __future__ import annotations

from dataclasses import dataclass

from .dataset import BASE_YEAR, Dataset
from .scenario import NATIONAL_DEFINITION, Milestone, Scenario

_SYMBOLS = {"EUR": "€", "GBP": "£", "USD": "US$ "}

AS_SHARE = "share"
AS_AMOUNT = "amount of GDP"
AS_NATIONAL_GROWTH = "growth over the national base-year amount"
AS_NATIONAL_AS_IS = "national amount used as it is"


@dataclass(frozen=True)
class ResolvedMilestone:
    """A milestone as the path uses it: the share it follows, the share its amount comes to, and how it was read."""

    year: int
    share_pct: float  # the share of GDP the path goes through
    amount_share_pct: float | None  # the share the stated amount comes to (None without an amount)
    applied_as: str  # AS_SHARE, AS_AMOUNT, AS_NATIONAL_GROWTH or AS_NATIONAL_AS_IS
    note: str  # "€153 bn is 3.32% of projected 2029 GDP", "" for a plain share
    warning: str  # set when an amount could not be read as the NATO figure it is compared with
    milestone: Milestone


def money_text(amount_m: float, currency: str) -> str:
    """'€153 bn', 'US$ 1,010 bn', 'PLN 200 bn', '£250 m': an amount as a sentence states it."""
    prefix = _SYMBOLS.get(currency, f"{currency} ")
    if abs(amount_m) >= 1000:
        return f"{prefix}{amount_m / 1000:,.4g} bn"
    return f"{prefix}{amount_m:,.4g} m"


def _amount_share(dataset: Dataset, inputs, i: int, base_share: float, point: Milestone) -> tuple[float, str, str]:
    """The share of projected GDP a milestone's amount comes to, how it was read, and any warning."""
    column = point.year - BASE_YEAR
    gdp = inputs.gdp_usd_m_long[i] if point.currency == "USD" else inputs.gdp_nc_m_long[i]
    if point.definition != NATIONAL_DEFINITION:
        return point.amount_m / gdp[column] * 100.0, AS_AMOUNT, ""
    if point.national_base_m:
        # NATO's base-year spending grown as the national budget grows: the definitions differ, the growth carries over.
        growth = point.amount_m / point.national_base_m
        return base_share * growth * gdp[0] / gdp[column], AS_NATIONAL_GROWTH, ""
    warning = (f"{money_text(point.amount_m, point.currency)} is a national-definition figure with no {BASE_YEAR} amount "
               "to grow from: used as it is, so it may not compare with NATO's figures")
    return point.amount_m / gdp[column] * 100.0, AS_NATIONAL_AS_IS, warning


def _note(point: Milestone, amount_share: float, applied_as: str, period: str) -> str:
    money = money_text(point.amount_m, point.currency)
    if applied_as == AS_NATIONAL_GROWTH:
        growth = (point.amount_m / point.national_base_m - 1.0) * 100.0
        base = money_text(point.national_base_m, point.currency)
        text = (f"{money} (national definition) is {growth:+.1f}% on {base} in {BASE_YEAR}: "
                f"applied to NATO's {BASE_YEAR} figure, {amount_share:.2f}% of projected {period} GDP")
    else:
        text = f"{money} is {amount_share:.2f}% of projected {period} GDP"
    if point.share_pct is not None:
        followed = f"the path follows the {point.share_pct:.2f}% share" if point.follows == "share" else "the path follows the amount"
        text += f"; the plan also states {point.share_pct:.2f}% ({followed})"
    return text


def resolve_milestones(dataset: Dataset, scenario: Scenario, inputs) -> dict:
    """Each counted ally's milestones as ResolvedMilestone, sorted by year; allies without milestones are absent."""
    resolved = {}
    for iso3, points in scenario.milestones.items():
        i = dataset.index(iso3)
        ally = dataset.allies[i]
        if not inputs.counted[i]:
            continue
        rows = []
        for point in points:
            if point.amount_m is None:
                rows.append(ResolvedMilestone(point.year, point.share_pct, None, AS_SHARE, "", "", point))
                continue
            amount_share, applied_as, warning = _amount_share(dataset, inputs, i, float(inputs.base_share[i]), point)
            note = _note(point, amount_share, applied_as, ally.period_label(point.year))
            if point.follows_amount:
                rows.append(ResolvedMilestone(point.year, amount_share, amount_share, applied_as, note, warning, point))
            else:
                rows.append(ResolvedMilestone(point.year, point.share_pct, amount_share, AS_SHARE, note, warning, point))
        resolved[iso3] = tuple(rows)
    return resolved
