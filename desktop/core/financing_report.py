"""Financing and growth risk in the `compute` outputs: the JSON keys and the text footer."""

from __future__ import annotations

import math

from .financing import NOTES, financing_paths
from .financing_mix import SOURCES
from .growth_band import extra_per_point_usd_m, growth_band, sensitivity_line, sensitivity_year
from .projection import Result


def _list(values, digits: int) -> list:
    return [None if (v is None or math.isnan(v)) else round(float(v), digits) for v in values]


def growth_band_note(points: float) -> str:
    return (f"Low and high GDP paths: central nominal growth minus and plus {points:g} points each year from 2026 "
            f"(exchange rates and prices as central; shares of GDP as the scenario sets them).")


def add_financing(out: dict, result: Result) -> None:
    """Adds debt, extra interest, the financing mix and the growth band to a `result_to_dict` object."""
    paths = financing_paths(result)
    band = growth_band(result)
    for i, ally in enumerate(result.dataset.allies):
        entry = out["allies"][ally.iso3]
        entry["debt_pct_gdp"] = _list(paths.debt_pct[i], 4)
        entry["debt_pct_gdp_status_quo"] = _list(paths.debt_status_quo_pct[i], 4)
        entry["extra_interest_usd_m"] = _list(paths.extra_interest_usd_m[i], 3)
        entry["financing"] = {
            **{f"{s}_pct": float(paths.mix_pct[s][i]) for s in SOURCES},
            "interest_rate_pct": round(float(paths.rate_pct[i]), 4),
            "interest_rate_basis": paths.rate_basis[i],
            "implied_rate_pct": None if math.isnan(paths.implied_rate_pct[i]) else round(float(paths.implied_rate_pct[i]), 4),
            **{f"{s}_usd_m": _list(paths.funded_usd_m[s][i], 3) for s in SOURCES},
        }
        for name, r in (("low", band.low), ("high", band.high)):
            entry[f"extra_usd_m_{name}"] = _list(r.extra_usd_m[i], 3)
            entry[f"spend_usd_m_{name}"] = _list(r.spend_usd_m[i], 3)
    for name, agg in paths.aggregates.items():
        entry = out["aggregates"][name]
        entry["debt_pct_gdp"] = _list(agg["debt_pct_gdp"], 4)
        entry["debt_pct_gdp_status_quo"] = _list(agg["debt_pct_gdp_status_quo"], 4)
        entry["extra_interest_usd_m"] = _list(agg["extra_interest_usd_m"], 3)
        extra_total = sum(float(sum(agg[f"{s}_usd_m"])) for s in SOURCES)
        entry["financing"] = {
            # Shares of the extra over the whole horizon, weighted by each ally's extra.
            **{f"{s}_pct": (round(float(sum(agg[f"{s}_usd_m"])) / extra_total * 100.0, 4) if extra_total else None) for s in SOURCES},
            **{f"{s}_usd_m": _list(agg[f"{s}_usd_m"], 3) for s in SOURCES},
        }
        for label, r in (("low", band.low), ("high", band.high)):
            entry[f"extra_usd_m_{label}"] = _list(r.aggregates[name]["extra_usd_m"], 3)
            entry[f"spend_usd_m_{label}"] = _list(r.aggregates[name]["spend_usd_m"], 3)
    out["financing_notes"] = list(NOTES)
    out["europe_canada_implied_rate_pct"] = round(paths.europe_canada_rate_pct, 4)
    out["growth_band"] = {
        "points": band.points,
        "note": growth_band_note(band.points),
        "sensitivity_year": sensitivity_year(result),
        "europe_canada_extra_per_point_usd_m": round(extra_per_point_usd_m(result), 3),
        "sensitivity": sensitivity_line(result),
    }
    out["units"]["debt_pct_gdp"] = "% of GDP, general-government gross debt"
    out["units"]["extra_interest_usd_m"] = "million US dollars, current prices: interest on the borrowed extra"


def financing_footer(result: Result) -> list[str]:
    """Lines for the text table: debt and interest in the target year, and the growth sensitivity."""
    paths = financing_paths(result)
    ty = result.target_year
    j = result.year_index(ty)
    lines = ["", f"Financing in {ty} (default: all borrowed at each ally's implied rate; see --json financing_notes):"]
    for key, label in (("EUROPE_CANADA", "Europe + Canada"), ("NATO", "NATO total")):
        agg = paths.aggregates[key]
        lines.append(f"  {label}: gross debt {agg['debt_pct_gdp'][j]:.1f}% of GDP ({agg['debt_pct_gdp_status_quo'][j]:.1f}% without the uplift), "
                     f"extra interest US$ {agg['extra_interest_usd_m'][j]:,.0f} m")
    lines.append(sensitivity_line(result))
    return lines
