"""A computed scenario as the `compute --json` object and as an aligned text table."""

from __future__ import annotations

import math

import numpy as np

from .dataset import BASE_YEAR, HISTORY_YEARS, SHARE
from .budget_lines import plan_budget_lines
from .financing_report import add_financing, financing_footer
from .history import share_history
from .composition import COMPONENTS, EQUIPMENT_GUIDELINE_PCT, composition, missing_note
from .merge import budget_lines_against_extra
from .projection import Result
from .reference_gap import first_years_reaching, headline, shortfall_ranking

_SERIES = ("share_gdp_pct", "spend_usd_m", "extra_usd_m", "related_usd_m", "spend_nc_m")


def _list(values, digits: int) -> list:
    return [None if (v is None or math.isnan(v)) else round(float(v), digits) for v in values]


def _milestone_entries(result: Result, ally) -> list:
    """The ally's milestones as the path used them, each with its source and how an amount was read."""
    entries = []
    for m in result.milestones.get(ally.iso3, ()):
        point = m.milestone
        entries.append({
            "year": m.year,
            "period": ally.period_label(m.year),
            "share_pct": round(float(m.share_pct), 6),
            "stated_share_pct": point.share_pct,
            "amount_m": point.amount_m,
            "currency": point.currency or None,
            "definition": point.definition if point.amount_m is not None else None,
            "national_base_m": point.national_base_m,
            "amount_share_pct": None if m.amount_share_pct is None else round(float(m.amount_share_pct), 6),
            "follows": point.follows,
            "applied_as": m.applied_as,
            "note": m.note,
            "warning": m.warning,
            "source": point.source,
            "confidence": point.confidence,
        })
    return entries


def plan_entries(result: Result) -> list:
    """Every announced point in data/national_plans.csv, with its provenance and whether this scenario follows it."""
    from .national_plans import default_plans

    followed = {(iso3, m.year) for iso3, ms in result.scenario.milestones.items() for m in ms if m.source}
    entries = []
    for p in default_plans(result.dataset):
        ally = result.dataset.ally(p.iso3)
        entries.append({
            "iso3": p.iso3, "year": p.year, "period": ally.period_label(p.year), "kind": p.kind, "value": p.value,
            "currency": p.currency or None, "definition": p.definition, "what_is_counted": p.what_is_counted,
            "year_basis": p.year_basis, "source": p.source, "source_date": p.source_date, "confidence": p.confidence,
            "note": p.note, "applied": (p.iso3, p.year) in followed,
        })
    return entries


def _reference_entries(gap, allies: dict, aggregates: dict) -> dict:
    """Adds the gap keys to each ally and aggregate; returns the top-level `reference` object."""
    result, reference = gap.scenario, gap.reference
    for i, ally in enumerate(result.dataset.allies):
        entry = allies[ally.iso3]
        entry["gap_to_reference_usd_m"] = _list(gap.usd_m[i], 3)
        entry["gap_to_reference_nc_m"] = _list(gap.nc_m[i], 3)
        counted = result.inputs.counted[i]
        entry["first_year_reaching"] = {f"{k:.1f}": v for k, v in first_years_reaching(result, i).items()} if counted else None
        entry["reference_first_year_reaching"] = {f"{k:.1f}": v for k, v in first_years_reaching(reference, i).items()} if counted else None
    for name, series in gap.aggregates_usd_m.items():
        aggregates[name]["gap_to_reference_usd_m"] = _list(series, 3)
        aggregates[name]["gap_to_reference_nc_m"] = [None] * len(series)  # no one currency for a group of allies
    return {"name": reference.scenario.name, "description": reference.scenario.description}


def result_to_dict(result: Result, gap=None) -> dict:
    """The `compute --json` object; with `gap` (a ReferenceGap), the gap to the reference scenario too."""
    d = result.dataset
    s = result.scenario
    years = [int(y) for y in result.years]
    history = share_history(d, s)  # imported and user-entered figures included, as the window shows them
    plan = plan_budget_lines(result)
    shares = composition(result, plan)
    allies = {}
    for i, ally in enumerate(d.allies):
        entry = {
            "name": ally.name,
            "currency": ally.currency,
            "region": ally.region,
            "periods": [ally.period_label(y) for y in years],
            "share_gdp_pct": _list(result.share_pct[i], 6),
            "spend_usd_m": _list(result.spend_usd_m[i], 3),
            "extra_usd_m": _list(result.extra_usd_m[i], 3),
            "related_usd_m": _list(result.related_usd_m[i], 3),
            "related_pct": _list(result.related_pct[i], 6),
            "spend_nc_m": _list(result.spend_nc_m[i], 3),
            "extra_nc_m": _list(result.extra_nc_m[i], 3),
            "spend_const_usd_m": _list(result.spend_const_usd_m[i], 3),
            "status_quo_usd_m": _list(result.status_quo_usd_m[i], 3),
            "cumulative_extra_usd_m": _list(result.cumulative_extra_usd_m[i], 3),
            "gdp_usd_m": _list(result.inputs.gdp_usd_m[i], 3),
            "history_share_gdp_pct": _list(history[i], 6),
            "currency_changes": [
                {"from_currency": c.from_currency, "to_currency": c.to_currency, "first_year": c.first_year,
                 "rate": c.rate, "source": c.source}
                for c in d.changes_of(ally.iso3)
            ],
        }
        entry["milestones"] = _milestone_entries(result, ally)
        entry.update(_lines_and_composition(d, ally.iso3, plan, shares, len(years)))
        if ally.note:
            entry["note"] = ally.note
        prov = d.source_of(ally.iso3, SHARE, BASE_YEAR)
        if prov is not None and prov.flag:
            entry["base_share_flag"] = prov.flag
        allies[ally.iso3] = entry
    aggregates = {
        name: {key: _list(series, 6 if key == "share_gdp_pct" else 3) for key, series in agg.items()}
        for name, agg in result.aggregates.items()
    }
    equalise = {}
    for j, year in enumerate(years):
        equalise[str(year)] = {k: round(float(v[j]), 6 if k.endswith("_pct") else 3) for k, v in result.equalise.items()}
    t = s.target
    reference = _reference_entries(gap, allies, aggregates) if gap is not None else None
    out = {
        "scenario": s.name,
        "description": s.description,
        "base_year": BASE_YEAR,
        "target_year": result.target_year,
        "years": years,
        "history_years": list(HISTORY_YEARS),
        "units": {
            "share_gdp_pct": "% of GDP",
            "spend_usd_m": "million US dollars, current prices",
            "spend_nc_m": (
                "million national currency units, current prices: each ally's `currency` (its currency today) in every year, "
                "figures from before a changeover converted at the fixed rate in `currency_changes`"
            ),
            "spend_const_usd_m": f"million US dollars, constant {BASE_YEAR} prices and exchange rates",
        },
        "related_baseline_note": (
            f"defence-related spending is reported separately from core and counted from a baseline of "
            f"{t.related_baseline_pct if t else 0.0}% of GDP"
            + ("" if (t and t.related_baseline_pct) else " (no baseline provided by the scenario)")
        ),
        "allies": allies,
        "aggregates": aggregates,
        "us_share_of_nato_pct": _list(result.us_share_of_nato, 6),
        "equalise": equalise,
        "budget_lines": [
            {
                "label": r.line.label,
                "iso3": r.line.iso3,
                "currency": r.line.currency,
                "source": r.line.source,
                "years": list(r.years),
                "amounts_m": list(r.amounts),
                "extra_m": [None if v is None else round(v, 3) for v in r.extra],
                "share_of_extra_pct": [None if v is None else round(v, 4) for v in r.share_of_extra_pct],
                **_line_plan(p),
            }
            for r, p in zip(budget_lines_against_extra(result), plan.lines)
        ],
        "national_plans": plan_entries(result),
        **({"reference": reference} if reference is not None else {}),
        "equipment_guideline_pct": EQUIPMENT_GUIDELINE_PCT,
        "sources": [{"source": src, "edition": ed} for src, ed in d.sources()],
    }
    add_financing(out, result)
    return out


def _optional(v, digits: int):
    return None if v is None or math.isnan(v) else round(float(v), digits)


def _line_plan(p) -> dict:
    """A line's plan: category, profile, years, envelope, unit cost, quantity, baseline flag, and per year its unfunded part and what it buys."""
    line = p.line
    return {
        "category": line.category,
        "profile": line.profile,
        "first_year": line.first_year,
        "last_year": line.last_year,
        "total_m": _optional(line.total_m, 6),
        "unit_cost": line.unit_cost,
        "quantity": line.quantity,
        "in_baseline": line.in_baseline,
        "unfunded_m": [round(v, 3) for v in p.unfunded_m],
        "unfunded": p.unfunded,
        "units_bought": [_optional(v, 3) for v in p.units],
        "headroom_units": [_optional(v, 3) for v in p.headroom_units],
    }


def _lines_and_composition(dataset, iso3: str, plan, shares, n: int) -> dict:
    """An ally's headroom after its lines and the shares of its spending (NATO 2025e, then per year after the lines)."""
    h = plan.allies.get(iso3)
    c = shares.get(iso3)
    if h is None:  # no armed forces: nothing to plan
        empty = [None] * n
        return {"headroom_usd_m": empty, "headroom_nc_m": empty, "equipment_share_base_pct": None, "equipment_share_pct": empty}
    entry = {
        "headroom_usd_m": _list(h.headroom_usd, 3),
        "headroom_nc_m": _list(h.headroom_nc, 3),
        "related_headroom_nc_m": _list(h.related_headroom_nc, 3),
        "equipment_share_base_pct": _optional(c.base_pct["equipment"], 6),
        "equipment_share_pct": _list(c.pct["equipment"], 6),
        "composition": {k: {"base_pct": _optional(c.base_pct[k], 6), "pct": _list(c.pct[k], 6)} for k in COMPONENTS},
        "unallocated_pct": _list(c.unallocated_pct, 6),
    }
    if c.missing:
        entry["composition_note"] = missing_note(dataset, iso3, c.missing)
    return entry


def _fmt(v: float, digits: int = 0) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "–"
    return f"{v:,.{digits}f}"


def result_to_text(result: Result) -> str:
    """The aligned table that `compute` prints without --json."""
    d = result.dataset
    ty = result.target_year
    ti = result.year_index(ty)
    headers = [
        "Ally",
        "Year",
        f"{BASE_YEAR} % GDP",
        f"{ty} % GDP",
        f"{BASE_YEAR} US$ m",
        f"{ty} US$ m",
        f"Extra {ty} US$ m",
        f"Cum. extra US$ m",
        f"Related {ty} US$ m",
        f"{ty} nat. cur. m",
    ]
    rows = []
    for i, a in enumerate(d.allies):
        if not a.has_defence_figures:
            rows.append([a.name, a.period_label(ty), "–", "–", "–", "–", "–", "–", "–", "no armed forces"])
            continue
        rows.append(
            [
                a.name,
                a.period_label(ty),
                _fmt(result.share_pct[i, 0], 2),
                _fmt(result.share_pct[i, ti], 2),
                _fmt(result.spend_usd_m[i, 0]),
                _fmt(result.spend_usd_m[i, ti]),
                _fmt(result.extra_usd_m[i, ti]),
                _fmt(result.cumulative_extra_usd_m[i, ti]),
                _fmt(result.related_usd_m[i, ti]),
                f"{_fmt(result.spend_nc_m[i, ti])} {a.currency}",
            ]
        )
    labels = {"NATO": "NATO total (31)", "EUROPE_CANADA": "Europe + Canada (30)", "USA": "United States"}
    agg_rows = []
    for key, label in labels.items():
        agg = result.aggregates[key]
        cum = float(np.nansum(agg["extra_usd_m"][: ti + 1]))
        agg_rows.append(
            [
                label,
                str(ty),
                _fmt(agg["share_gdp_pct"][0], 2),
                _fmt(agg["share_gdp_pct"][ti], 2),
                _fmt(agg["spend_usd_m"][0]),
                _fmt(agg["spend_usd_m"][ti]),
                _fmt(agg["extra_usd_m"][ti]),
                _fmt(cum),
                _fmt(agg["related_usd_m"][ti]),
                "",
            ]
        )
    widths = [max(len(str(r[c])) for r in [headers, *rows, *agg_rows]) for c in range(len(headers))]

    def line(r):
        return "  ".join(str(v).ljust(widths[0]) if c == 0 else str(v).rjust(widths[c]) for c, v in enumerate(r)).rstrip()

    rule = "-" * len(line(headers))
    eq = result.equalise
    out = [f"Scenario: {result.scenario.name}", result.scenario.description, "", line(headers), rule]
    out += [line(r) for r in rows]
    out += [rule] + [line(r) for r in agg_rows]
    out += [
        "",
        f"US share of NATO spending in {ty}: {result.us_share_of_nato[ti]:.1f}%",
        f"Equalising the US in {ty} (Europe + Canada):",
        f"  share parity      {eq['share_parity_pct'][ti]:.2f}% of GDP, extra US$ {_fmt(eq['share_parity_extra_usd_m'][ti])} m",
        f"  absolute parity   {eq['absolute_parity_pct'][ti]:.2f}% of GDP, extra US$ {_fmt(eq['absolute_parity_extra_usd_m'][ti])} m",
        f"  per-capita parity {eq['per_capita_parity_pct'][ti]:.2f}% of GDP, extra US$ {_fmt(eq['per_capita_parity_extra_usd_m'][ti])} m",
    ]
    lines = budget_lines_against_extra(result)
    if lines:
        out += ["", "Budget lines against the extra spending (millions, line currency):"]
        for r in lines:
            ally = d.ally(r.line.iso3)
            for year, amount, extra, share in zip(r.years, r.amounts, r.extra, r.share_of_extra_pct):
                against = "extra unknown" if extra is None else f"{share:.1f}% of extra {_fmt(extra)}" if share is not None else "no extra"
                out.append(f"  {ally.name} {ally.period_label(year)}  {r.line.label}: {_fmt(amount, 1)} {r.line.currency} ({against})")
    out += financing_footer(result)
    out += [
        "",
        "Defence-related spending (the 'Related' column) is reported apart from core spending and the extra.",
        "Sources: " + "; ".join(f"{s}, {e}" for s, e in d.sources()),
    ]
    return "\n".join(out) + "\n"


def reference_text(gap) -> str:
    """The headline and each ally's shortfall against the reference in the target year, for `compute --reference`."""
    result = gap.scenario
    year = result.target_year
    lines = ["", headline(gap, year), f"Shortfall against {gap.name} in {year} (US$ m; negative: ahead of it):"]
    for iso3, shortfall in shortfall_ranking(gap, year):
        lines.append(f"  {result.dataset.ally(iso3).name:<18} {_fmt(shortfall)}")
    return "\n".join(lines) + "\n"
