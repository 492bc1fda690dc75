"""The arithmetic: share paths, spending, extra over the status quo, aggregates and equalise measures.

Everything is vectorised over allies × years so that a full recompute (32 allies,
2025..2060) takes well under the 2 ms the window needs to follow a slider.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .dataset import BASE_YEAR, HISTORY_YEARS, IMF_LAST, IMF_YEARS, SHARE, Dataset
from .milestone_amounts import resolve_milestones
from .scenario import Scenario

AGGREGATES = ("NATO", "EUROPE_CANADA", "USA")


@dataclass(frozen=True, eq=False)
class Inputs:
    """The dataset's series with the scenario's overrides applied, extended to the horizon."""

    years: np.ndarray  # B..horizon
    base_share: np.ndarray  # per ally, NaN where no defence figures
    gdp_usd_m: np.ndarray  # allies × years
    gdp_nc_m: np.ndarray
    gdp_usd_m_long: np.ndarray  # allies × B..max(horizon, last milestone year): GDP for amounts stated beyond the horizon
    gdp_nc_m_long: np.ndarray
    population_m: np.ndarray
    deflator_index: np.ndarray  # national GDP deflator, 1.0 in B
    fx_base: np.ndarray  # national currency per USD in B
    counted: np.ndarray  # bool per ally: has defence figures (NATO's 31)
    europe_canada: np.ndarray  # bool per ally
    usa: np.ndarray  # bool per ally


@dataclass(frozen=True, eq=False)
class Result:
    """A computed scenario. Per-ally arrays are allies × years (years = B..horizon)."""

    dataset: Dataset
    scenario: Scenario
    inputs: Inputs
    years: np.ndarray
    share_pct: np.ndarray
    status_quo_share_pct: np.ndarray
    related_pct: np.ndarray
    spend_usd_m: np.ndarray
    spend_nc_m: np.ndarray
    spend_const_usd_m: np.ndarray
    status_quo_usd_m: np.ndarray
    extra_usd_m: np.ndarray
    extra_nc_m: np.ndarray
    cumulative_extra_usd_m: np.ndarray
    related_usd_m: np.ndarray
    aggregates: dict  # name -> dict of series (1-D over years)
    us_share_of_nato: np.ndarray
    equalise: dict  # measure -> 1-D array over years
    milestones: dict  # iso3 -> tuple of ResolvedMilestone: every milestone as the share the path follows, and how

    def year_index(self, year: int) -> int:
        """The column of `year`; IndexError outside the scenario's years (a negative index would wrap round)."""
        index = int(year - self.years[0])
        if not 0 <= index < len(self.years):
            raise IndexError(f"{year} is outside the scenario's years {int(self.years[0])}..{int(self.years[-1])}")
        return index

    @property
    def target_year(self) -> int:
        t = self.scenario.target
        year = t.target_year if t else max((p[-1].year for p in self.scenario.milestones.values()), default=self.scenario.horizon)
        return min(year, self.scenario.horizon)


def _extend(series: np.ndarray, years: np.ndarray) -> np.ndarray:
    """IMF values up to IMF_LAST, then growth at the last year's rate (X_last / X_last-1)."""
    n_imf = len(IMF_YEARS)
    start = BASE_YEAR - IMF_YEARS[0]
    known = series[:, start:]
    beyond = int(years[-1]) - IMF_LAST
    if beyond <= 0:
        return known[:, : len(years)].copy()
    growth = series[:, n_imf - 1] / series[:, n_imf - 2]
    steps = np.arange(1, beyond + 1)
    tail = series[:, n_imf - 1, None] * growth[:, None] ** steps[None, :]
    return np.concatenate([known, tail], axis=1)


def _apply_overrides(dataset: Dataset, scenario: Scenario) -> dict:
    arrays = dataset.indicators
    if not scenario.overrides:
        return arrays
    arrays = dict(arrays)
    copied = set()
    for o in scenario.overrides:
        if o.indicator not in arrays:
            continue
        years = dataset.years_of(o.indicator)
        if o.year not in years:
            continue
        try:
            row = dataset.index(o.iso3)
        except KeyError:
            continue
        if o.indicator not in copied:
            arrays[o.indicator] = arrays[o.indicator].copy()
            copied.add(o.indicator)
        arrays[o.indicator][row, years.index(o.year)] = o.value
    return arrays


def build_inputs(dataset: Dataset, scenario: Scenario) -> Inputs:
    arrays = _apply_overrides(dataset, scenario)
    years = np.arange(BASE_YEAR, scenario.horizon + 1)
    last = max([scenario.horizon, *(p.year for points in scenario.milestones.values() for p in points)])
    long_years = np.arange(BASE_YEAR, last + 1)
    gdp_usd_long = _extend(arrays["gdp_usd_bn"], long_years) * 1000.0
    gdp_nc_long = _extend(arrays["gdp_nc_bn"], long_years) * 1000.0
    gdp_usd = gdp_usd_long[:, : len(years)]
    gdp_nc = gdp_nc_long[:, : len(years)]
    population = _extend(arrays["population_m"], years)
    # Real growth after IMF_LAST stays at its last value, like nominal growth.
    real = arrays["real_gdp_growth_pct"]
    start = BASE_YEAR - IMF_YEARS[0]
    real_growth = np.concatenate(
        [real[:, start:], np.repeat(real[:, -1:], max(0, len(years) - (len(IMF_YEARS) - start)), axis=1)], axis=1
    )[:, : len(years)]
    # The dataset gives each ally's GDP in one currency for every year (Bulgaria's BGN years converted
    # to EUR at the fixed rate), so no growth rate or deflator jumps at a changeover.
    nominal_growth = gdp_nc[:, 1:] / gdp_nc[:, :-1]
    deflator_growth = nominal_growth / (1.0 + real_growth[:, 1:] / 100.0)
    deflator = np.concatenate([np.ones((len(dataset.allies), 1)), np.cumprod(deflator_growth, axis=1)], axis=1)
    base_share = arrays[SHARE][:, HISTORY_YEARS.index(BASE_YEAR)].copy()
    counted = np.array([a.has_defence_figures for a in dataset.allies])
    base_share[~counted] = np.nan
    usa = np.array([a.iso3 == "USA" for a in dataset.allies])
    return Inputs(
        years=years,
        base_share=base_share,
        gdp_usd_m=gdp_usd,
        gdp_nc_m=gdp_nc,
        gdp_usd_m_long=gdp_usd_long,
        gdp_nc_m_long=gdp_nc_long,
        population_m=population,
        deflator_index=deflator,
        fx_base=gdp_nc[:, 0] / gdp_usd[:, 0],
        counted=counted,
        europe_canada=counted & ~usa,
        usa=usa,
    )


def ramp(start: np.ndarray, end: float, years: np.ndarray, target_year: int, shape: str, jump_year: int) -> np.ndarray:
    """The alliance-wide path from `start` (per ally, in B) to `end` (in T): allies × years."""
    if shape == "step":
        reached = (years >= jump_year)[None, :]
        return np.where(reached, end, start[:, None])
    frac = np.clip((years - BASE_YEAR) / (target_year - BASE_YEAR), 0.0, 1.0)
    return start[:, None] + (end - start[:, None]) * frac[None, :]


def milestone_path(base_share: float, points, years: np.ndarray) -> np.ndarray:
    """Linear from (B, base share) through every milestone (with its share resolved), flat after the last."""
    xs = [BASE_YEAR] + [p.year for p in points]
    ys = [base_share] + [p.share_pct for p in points]
    return np.interp(years, xs, ys)


def share_paths(dataset: Dataset, scenario: Scenario, inputs: Inputs, resolved: dict | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Core and defence-related shares of GDP (allies × years), following the rules in the README."""
    years = inputs.years
    base = inputs.base_share
    core = np.repeat(base[:, None], len(years), axis=1)
    related = np.zeros_like(core)
    t = scenario.target
    if t is not None:
        in_scope = inputs.counted if t.scope == "all" else inputs.europe_canada
        path = ramp(base, t.core_pct, years, t.target_year, t.shape, t.jump_year)
        if t.no_cuts:
            path = np.maximum(path, base[:, None])
        core = np.where(in_scope[:, None], path, core)
        rel_start = np.full(len(base), t.related_baseline_pct)
        rel = ramp(rel_start, t.related_pct, years, t.target_year, t.shape, t.jump_year)
        related = np.where(in_scope[:, None], rel, 0.0)
    if resolved is None:
        resolved = resolve_milestones(dataset, scenario, inputs)
    for iso3, points in resolved.items():
        i = dataset.index(iso3)
        if inputs.counted[i]:
            core[i] = milestone_path(base[i], points, years)
    core[~inputs.counted] = np.nan
    related[~inputs.counted] = np.nan
    return core, related


def _aggregate(mask, spend, gdp, sq, related, population, const) -> dict:
    s = spend[mask].sum(axis=0)
    g = gdp[mask].sum(axis=0)
    pop = population[mask].sum(axis=0)
    return {
        "share_gdp_pct": s / g * 100.0,
        "spend_usd_m": s,
        "spend_const_usd_m": const[mask].sum(axis=0),
        "extra_usd_m": s - sq[mask].sum(axis=0),
        "related_usd_m": related[mask].sum(axis=0),
        "gdp_usd_m": g,
        "population_m": pop,
        "spend_per_capita_usd": s / pop,
    }


def compute(dataset: Dataset, scenario: Scenario, inputs: Inputs | None = None) -> Result:
    """The scenario over the dataset; `inputs` replaces the dataset's series (the growth band's GDP paths)."""
    inputs = inputs if inputs is not None else build_inputs(dataset, scenario)
    resolved = resolve_milestones(dataset, scenario, inputs)
    core, related = share_paths(dataset, scenario, inputs, resolved)
    sq_share = np.repeat(inputs.base_share[:, None], len(inputs.years), axis=1)
    spend_usd = core / 100.0 * inputs.gdp_usd_m
    spend_nc = core / 100.0 * inputs.gdp_nc_m
    sq_usd = sq_share / 100.0 * inputs.gdp_usd_m
    extra = spend_usd - sq_usd
    extra_nc = spend_nc - sq_share / 100.0 * inputs.gdp_nc_m
    related_usd = related / 100.0 * inputs.gdp_usd_m
    const_usd = spend_nc / inputs.deflator_index / inputs.fx_base[:, None]

    counted = inputs.counted
    filled = lambda a: np.where(counted[:, None], a, 0.0)  # noqa: E731
    parts = (filled(spend_usd), inputs.gdp_usd_m, filled(sq_usd), filled(related_usd), inputs.population_m, filled(const_usd))
    aggregates = {
        "NATO": _aggregate(counted, *parts),
        "EUROPE_CANADA": _aggregate(inputs.europe_canada, *parts),
        "USA": _aggregate(inputs.usa, *parts),
    }
    nato, ec, us = aggregates["NATO"], aggregates["EUROPE_CANADA"], aggregates["USA"]
    share_parity = us["share_gdp_pct"]
    absolute_parity = us["spend_usd_m"] / ec["gdp_usd_m"] * 100.0
    per_capita_needed = us["spend_per_capita_usd"] * ec["population_m"]
    per_capita_parity = per_capita_needed / ec["gdp_usd_m"] * 100.0
    equalise = {
        "share_parity_pct": share_parity,
        "share_parity_extra_usd_m": share_parity / 100.0 * ec["gdp_usd_m"] - ec["spend_usd_m"],
        "absolute_parity_pct": absolute_parity,
        "absolute_parity_extra_usd_m": us["spend_usd_m"] - ec["spend_usd_m"],
        "per_capita_parity_pct": per_capita_parity,
        "per_capita_parity_extra_usd_m": per_capita_needed - ec["spend_usd_m"],
    }
    return Result(
        dataset=dataset,
        scenario=scenario,
        inputs=inputs,
        years=inputs.years,
        share_pct=core,
        status_quo_share_pct=sq_share,
        related_pct=related,
        spend_usd_m=spend_usd,
        spend_nc_m=spend_nc,
        spend_const_usd_m=const_usd,
        status_quo_usd_m=sq_usd,
        extra_usd_m=extra,
        extra_nc_m=extra_nc,
        cumulative_extra_usd_m=np.cumsum(np.nan_to_num(extra), axis=1) * np.where(counted, 1.0, np.nan)[:, None],
        related_usd_m=related_usd,
        aggregates=aggregates,
        us_share_of_nato=us["spend_usd_m"] / nato["spend_usd_m"] * 100.0,
        equalise=equalise,
        milestones=resolved,
    )
