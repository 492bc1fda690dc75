"""Plausible ranges of every indicator: a value outside them is a typing slip or a unit mix-up, not a figure."""

from __future__ import annotations

import math

# (low, high, low_included): GDP, population and real growth must lie strictly above their floor.
PLAUSIBLE_RANGES = {
    "share_gdp_pct": (0.0, 100.0, True),
    "equipment_share_pct": (0.0, 100.0, True),
    "personnel_share_pct": (0.0, 100.0, True),
    "infrastructure_share_pct": (0.0, 100.0, True),
    "other_share_pct": (0.0, 100.0, True),
    "real_change_pct": (-100.0, 1000.0, True),
    "military_personnel_thousands": (0.0, 1e5, True),
    "gdp_usd_bn": (0.0, 1e7, False),
    "gdp_nc_bn": (0.0, 1e12, False),
    "real_gdp_growth_pct": (-100.0, 1000.0, False),
    "cpi_inflation_pct": (-100.0, 1e5, True),
    "population_m": (0.0, 1e4, False),
    "gross_debt_pct_gdp": (0.0, 500.0, True),
    "net_lending_pct_gdp": (-100.0, 100.0, True),
    "primary_net_lending_pct_gdp": (-100.0, 100.0, True),
    "revenue_pct_gdp": (0.0, 100.0, True),
    "expenditure_pct_gdp": (0.0, 200.0, True),
}
# Scenario inputs that are not dataset figures: a source's share of the extra spending, an interest
# rate (% a year; Türkiye's implied rate reaches 13%, its policy rate passed 45% in 2024) and the
# growth band (points of nominal GDP growth either side of the central path).
INPUT_RANGES = {
    "financing_share_pct": (0.0, 100.0, True),
    "interest_rate_pct": (0.0, 60.0, True),
    "growth_band_pts": (0.0, 5.0, True),
}
_ALL_RANGES = {**PLAUSIBLE_RANGES, **INPUT_RANGES}


def as_finite(value) -> float | None:
    """The value as a finite float, or None (booleans, text, NaN, infinities and integers too large for a float)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


def short_repr(value, limit: int = 40) -> str:
    """A value as a one-line message can quote it: repr, escaped, cut to `limit` characters."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[: limit - 12]}…({len(text)} chars)"


def range_text(indicator: str) -> str:
    low, high, low_included = _ALL_RANGES[indicator]
    return f"{low:g}..{high:g}" if low_included else f"above {low:g} and at most {high:g}"


def range_fault(indicator: str, value) -> str:
    """Why `value` cannot be a figure of `indicator`, or '' when it can."""
    if indicator not in _ALL_RANGES:
        return f"unknown indicator {indicator!r}"
    number = as_finite(value)
    if number is None:
        return f"{short_repr(value)} is not a finite number"
    low, high, low_included = _ALL_RANGES[indicator]
    if number > high or number < low or (number == low and not low_included):
        return f"{indicator} {number:g} is outside the plausible range ({range_text(indicator)})"
    return ""
