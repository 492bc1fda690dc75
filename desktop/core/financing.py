"""Paying for the extra: borrowing and its interest, and gross debt with and without the uplift.

Per ally, in national currency (debt is owed in it):
    borrowed_t = borrow share × extra_t
    stock_t    = stock_{t-1} × (1 + r) + borrowed_t        (stock_{B-1} = 0)
    interest_t = r × stock_{t-1}                             (itself borrowed, so it joins the stock)
    debt_t     = status-quo debt_t + stock_t / GDP_t × 100  (% of GDP)
The stock is the cumulative borrowed extra plus the cumulative extra interest.
Interest in US dollars converts at each year's implied exchange rate (GDP in US$ / GDP in national currency).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .dataset import BASE_YEAR, IMF_LAST, IMF_YEARS, Dataset
from .financing_mix import SOURCES
from .projection import AGGREGATES, Result
from .scenario import Scenario

RATE_YEARS = range(BASE_YEAR, IMF_LAST + 1)

NOTES = (
    f"Status-quo debt: general-government gross debt, % of GDP, IMF WEO October 2025, to {IMF_LAST}; "
    f"held at its {IMF_LAST} ratio after {IMF_LAST}.",
    f"Implied interest rate: net interest paid (primary balance minus overall balance) over gross debt, both IMF WEO, "
    f"averaged over {RATE_YEARS[0]}-{RATE_YEARS[-1]}; where it is not positive (governments whose interest received "
    f"exceeds interest paid), Europe + Canada's implied rate is used.",
    "Borrowed extra is in national currency; interest is charged from the year after, on the stock at the end of the "
    "previous year, and is itself borrowed. Revenue and reprioritised spending add no debt.",
    "Debt ratios are over the central GDP path; the status-quo path is the IMF's, with no feedback of the uplift on growth.",
)


@dataclass(frozen=True, eq=False)
class FinancingPaths:
    """Financing of a computed scenario. Per-ally arrays are allies × years (years = B..horizon)."""

    years: np.ndarray
    rate_pct: np.ndarray  # per ally, the rate applied
    rate_basis: tuple  # per ally: 'implied', 'implied (Europe + Canada)', 'set for this ally', 'set for all allies'
    implied_rate_pct: np.ndarray  # per ally, before the fallback
    europe_canada_rate_pct: float
    mix_pct: dict  # source -> per-ally share (%)
    funded_usd_m: dict  # source -> allies × years
    debt_status_quo_pct: np.ndarray
    debt_pct: np.ndarray
    extra_debt_nc_m: np.ndarray  # the stock: cumulative borrowed extra + cumulative extra interest
    extra_interest_nc_m: np.ndarray
    extra_interest_usd_m: np.ndarray
    aggregates: dict  # name -> dict of 1-D series


def _series(dataset: Dataset, scenario: Scenario, indicator: str) -> np.ndarray:
    """An IMF series (allies × IMF years) with the scenario's overrides of it applied."""
    array = dataset.indicators[indicator]
    mine = [o for o in scenario.overrides if o.indicator == indicator and o.year in IMF_YEARS]
    if not mine:
        return array
    array = array.copy()
    for o in mine:
        try:
            array[dataset.index(o.iso3), IMF_YEARS.index(o.year)] = o.value
        except KeyError:
            continue
    return array


def implied_rates(dataset: Dataset, scenario: Scenario, europe_canada: np.ndarray) -> tuple[np.ndarray, float]:
    """Each ally's implied effective rate (% a year) and Europe + Canada's, over RATE_YEARS."""
    cols = slice(IMF_YEARS.index(RATE_YEARS[0]), IMF_YEARS.index(RATE_YEARS[-1]) + 1)
    debt = _series(dataset, scenario, "gross_debt_pct_gdp")[:, cols]
    net_interest = (_series(dataset, scenario, "primary_net_lending_pct_gdp") - _series(dataset, scenario, "net_lending_pct_gdp"))[:, cols]
    with np.errstate(divide="ignore", invalid="ignore"):
        per_ally = np.mean(net_interest / debt, axis=1) * 100.0
    gdp = _series(dataset, scenario, "gdp_usd_bn")[:, cols]
    ec_interest = (net_interest * gdp)[europe_canada].sum(axis=0)
    ec_debt = (debt * gdp)[europe_canada].sum(axis=0)
    return per_ally, float(np.mean(ec_interest / ec_debt) * 100.0)


def status_quo_debt(dataset: Dataset, scenario: Scenario, years: np.ndarray) -> np.ndarray:
    """Gross debt, % of GDP, over `years`: the IMF's to IMF_LAST, then held at its IMF_LAST ratio."""
    debt = _series(dataset, scenario, "gross_debt_pct_gdp")
    columns = np.minimum(years, IMF_LAST) - IMF_YEARS[0]
    return debt[:, columns]


def stock_and_interest(borrowed: np.ndarray, rate_pct: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The borrowed stock with its interest, and each year's interest: the recurrence in the module docstring, vectorised."""
    growth = 1.0 + rate_pct[:, None] / 100.0
    compound = growth ** np.arange(borrowed.shape[1])[None, :]
    stock = compound * np.cumsum(borrowed / compound, axis=1)
    previous = np.concatenate([np.zeros((borrowed.shape[0], 1)), stock[:, :-1]], axis=1)
    return stock, previous * (rate_pct[:, None] / 100.0)


def financing_paths(result: Result) -> FinancingPaths:
    dataset, scenario, inputs = result.dataset, result.scenario, result.inputs
    financing = scenario.financing
    implied, ec_rate = implied_rates(dataset, scenario, inputs.europe_canada)
    rates = np.empty(len(dataset.allies))
    basis = []
    for i, ally in enumerate(dataset.allies):
        own = financing.rates.get(ally.iso3)
        if own is not None:
            rates[i], why = own, "set for this ally"
        elif financing.default_rate_pct is not None:
            rates[i], why = financing.default_rate_pct, "set for all allies"
        elif np.isfinite(implied[i]) and implied[i] > 0:
            rates[i], why = implied[i], "implied"
        else:
            rates[i], why = ec_rate, "implied (Europe + Canada: the ally's own is not positive)"
        basis.append(why)
    mixes = [financing.mix_of(a.iso3) for a in dataset.allies]
    mix_pct = {s: np.array([m.share(s) for m in mixes]) for s in SOURCES}

    counted = inputs.counted
    extra_nc = np.where(counted[:, None], np.nan_to_num(result.extra_nc_m), 0.0)
    extra_usd = np.where(counted[:, None], np.nan_to_num(result.extra_usd_m), 0.0)
    stock, interest_nc = stock_and_interest(mix_pct["borrow"][:, None] / 100.0 * extra_nc, rates)
    usd_per_nc = inputs.gdp_usd_m / inputs.gdp_nc_m
    interest_usd = interest_nc * usd_per_nc
    debt_sq = status_quo_debt(dataset, scenario, result.years)
    debt = debt_sq + stock / inputs.gdp_nc_m * 100.0
    funded = {s: mix_pct[s][:, None] / 100.0 * extra_usd for s in SOURCES}

    masks = {"NATO": counted, "EUROPE_CANADA": inputs.europe_canada, "USA": inputs.usa}
    aggregates = {}
    for name in AGGREGATES:
        mask = masks[name]
        gdp = inputs.gdp_usd_m[mask].sum(axis=0)
        aggregates[name] = {
            "debt_pct_gdp": (debt[mask] * inputs.gdp_usd_m[mask]).sum(axis=0) / gdp,
            "debt_pct_gdp_status_quo": (debt_sq[mask] * inputs.gdp_usd_m[mask]).sum(axis=0) / gdp,
            "extra_interest_usd_m": interest_usd[mask].sum(axis=0),
            **{f"{s}_usd_m": funded[s][mask].sum(axis=0) for s in SOURCES},
        }
    nan_outside = np.where(counted, 1.0, np.nan)[:, None]
    return FinancingPaths(
        years=result.years,
        rate_pct=rates,
        rate_basis=tuple(basis),
        implied_rate_pct=implied,
        europe_canada_rate_pct=ec_rate,
        mix_pct=mix_pct,
        funded_usd_m={s: v * nan_outside for s, v in funded.items()},
        debt_status_quo_pct=debt_sq,
        debt_pct=debt,
        extra_debt_nc_m=stock * nan_outside,
        extra_interest_nc_m=interest_nc * nan_outside,
        extra_interest_usd_m=interest_usd * nan_outside,
        aggregates=aggregates,
    )
