"""Growth risk: the scenario recomputed on low and high GDP paths either side of the central one.

Central is the planner's path (IMF to 2030, then the last nominal growth rate). Low and
high take `points` off and add them to each year's nominal growth from B + 1 on:
    GDP_low_t = GDP_low_{t-1} × (1 + g_t − p/100),   g_t = central nominal growth in national currency.
US-dollar GDP moves by the same factor (exchange rates as central) and prices follow the
central path, so the points come off real growth. Shares of GDP stay as the scenario sets
them, so the money figures (spending, extra) move with GDP.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from .projection import Inputs, Result, compute

SENSITIVITY_YEAR = 2035


def growth_factor(gdp_nc_m: np.ndarray, points: float) -> np.ndarray:
    """GDP on the shifted path over GDP on the central one (allies × years; 1.0 in B)."""
    growth = gdp_nc_m[:, 1:] / gdp_nc_m[:, :-1]
    ratio = (growth + points / 100.0) / growth
    return np.concatenate([np.ones((gdp_nc_m.shape[0], 1)), np.cumprod(ratio, axis=1)], axis=1)


def shifted_inputs(inputs: Inputs, points: float) -> Inputs:
    """The inputs with every year's nominal growth shifted by `points` (negative: lower) from B + 1 on."""
    # The long series (to the last milestone year) shift too, so an amount beyond the horizon meets the same GDP path.
    factor = growth_factor(inputs.gdp_nc_m_long, points)
    usd, nc = inputs.gdp_usd_m_long * factor, inputs.gdp_nc_m_long * factor
    n = inputs.gdp_usd_m.shape[1]
    return replace(inputs, gdp_usd_m=usd[:, :n], gdp_nc_m=nc[:, :n], gdp_usd_m_long=usd, gdp_nc_m_long=nc)


@dataclass(frozen=True, eq=False)
class Band:
    points: float
    low: Result
    central: Result
    high: Result


def growth_band(result: Result, points: float | None = None) -> Band:
    """The result with its low and high twins (the scenario's band unless `points` is given)."""
    points = result.scenario.growth_band_pts if points is None else points
    if points == 0:
        return Band(0.0, result, result, result)
    d, s, inputs = result.dataset, result.scenario, result.inputs
    return Band(points, compute(d, s, shifted_inputs(inputs, -points)), result, compute(d, s, shifted_inputs(inputs, points)))


def sensitivity_year(result: Result) -> int:
    return min(SENSITIVITY_YEAR, int(result.years[-1]))


def extra_per_point_usd_m(result: Result, aggregate: str = "EUROPE_CANADA") -> float:
    """How much one point of nominal growth, every year from B + 1, moves the aggregate's extra in the sensitivity year."""
    band = growth_band(result, 1.0)
    j = result.year_index(sensitivity_year(result))
    return float(band.high.aggregates[aggregate]["extra_usd_m"][j] - band.low.aggregates[aggregate]["extra_usd_m"][j]) / 2.0


def sensitivity_line(result: Result) -> str:
    """'Each point of nominal growth moves Europe + Canada's 2035 extra by US$ 12.3 bn.'"""
    return (f"Each point of nominal growth, every year from {int(result.years[0]) + 1}, moves Europe + Canada's "
            f"{sensitivity_year(result)} extra by US$ {extra_per_point_usd_m(result) / 1000.0:,.1f} bn.")
