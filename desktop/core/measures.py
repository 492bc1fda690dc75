"""What an imported table measures, and which ways of applying it each measure fits.

A table's measure is detected by the spreadsheet reader (from titles, unit lines,
sheet names and notes); the merge and the import dialog ask this table which
tables a way of applying may take, so both apply the same rules.
"""

from __future__ import annotations

SPENDING_CURRENT = "spending_current"
SPENDING_CONSTANT = "spending_constant"
SHARE_OF_GDP = "share_of_gdp"
GDP_CURRENT = "gdp_current"
GDP_CONSTANT = "gdp_constant"
PER_CAPITA = "per_capita"
REAL_CHANGE = "real_change"
EQUIPMENT_SHARE = "equipment_share"
PERSONNEL_SHARE = "personnel_share"
INFRASTRUCTURE_SHARE = "infrastructure_share"
OTHER_SHARE = "other_share"
MILITARY_PERSONNEL = "military_personnel"
BUDGET_LINES = "budget_lines"
UNKNOWN = ""

MEASURE_WORDS = {
    SPENDING_CURRENT: "defence spending, current prices",
    SPENDING_CONSTANT: "defence spending, constant prices",
    SHARE_OF_GDP: "defence expenditure as % of GDP",
    GDP_CURRENT: "GDP, current prices",
    GDP_CONSTANT: "GDP, constant prices",
    PER_CAPITA: "per capita",
    REAL_CHANGE: "real change",
    EQUIPMENT_SHARE: "equipment share of defence spending",
    PERSONNEL_SHARE: "personnel share of defence spending",
    INFRASTRUCTURE_SHARE: "infrastructure share of defence spending",
    OTHER_SHARE: "other share of defence spending",
    MILITARY_PERSONNEL: "military personnel",
    BUDGET_LINES: "budget lines",
    UNKNOWN: "measure not stated",
}

# Budget composition: the measure and the dataset indicator it is kept as.
COMPOSITION = {
    EQUIPMENT_SHARE: "equipment_share_pct",
    PERSONNEL_SHARE: "personnel_share_pct",
    INFRASTRUCTURE_SHARE: "infrastructure_share_pct",
    OTHER_SHARE: "other_share_pct",
}

# The way of applying ("share", "gdp", ... as core.merge names them) each measure fits exactly.
EXACT_MODE = {
    SHARE_OF_GDP: "share",
    GDP_CURRENT: "gdp",
    SPENDING_CURRENT: "spending",
    BUDGET_LINES: "budget_lines",
    **{measure: "composition" for measure in COMPOSITION},
}
SHARE_UNITS = ("percent", "fraction")
NOT_AMOUNTS = (*SHARE_UNITS, "persons", None)


def measure_words(measure: str | None) -> str:
    return MEASURE_WORDS.get(measure or UNKNOWN, measure or MEASURE_WORDS[UNKNOWN])


def fit(measure: str | None, unit: str | None, mode: str) -> str:
    """How a table fits a way of applying it: "exact", "loose" (its measure is not stated but its unit fits) or ""."""
    measure = measure or UNKNOWN
    if measure != UNKNOWN:
        if EXACT_MODE.get(measure) != mode:
            return ""
        if mode in ("share", "composition"):
            return "exact" if unit in (*SHARE_UNITS, None) else ""
        return "exact" if unit not in NOT_AMOUNTS else ""
    if mode in ("share",):
        return "loose" if unit in SHARE_UNITS else ""
    if mode in ("gdp", "spending", "budget_lines"):
        return "loose" if unit not in NOT_AMOUNTS else ""
    return ""


def misfit_reason(measure: str | None, unit: str | None, mode: str) -> str:
    """Why a table cannot be applied this way, in one line, or '' when it can."""
    if fit(measure, unit, mode):
        return ""
    measure = measure or UNKNOWN
    if measure != UNKNOWN:
        right = EXACT_MODE.get(measure)
        hint = f": apply it as {right.replace('_', ' ')}" if right else ": the planner keeps no figure of this kind"
        if right == mode:
            return f"this table of {measure_words(measure)} is in {unit or 'no stated unit'}, which does not fit"
        return f"this table holds {measure_words(measure)}, not {_MODE_WORDS.get(mode, mode)}{hint}"
    if mode == "share":
        return f"this table is in {unit}, not a share of GDP: apply it as spending or GDP instead"
    if mode == "budget_lines":
        return "budget lines need amounts in a currency: set the table's unit (e.g. GBP) and scale first"
    if mode == "composition":
        return "the table does not say which part of the budget it measures (equipment, personnel, infrastructure, other)"
    return "this table holds shares of GDP, not amounts: apply it as shares instead" if unit in SHARE_UNITS \
        else f"this table is in {unit or 'no stated unit'}, not an amount in a currency"


_MODE_WORDS = {
    "share": "shares of GDP", "gdp": "GDP", "spending": "defence spending at current prices",
    "budget_lines": "budget lines", "composition": "budget composition shares",
}
