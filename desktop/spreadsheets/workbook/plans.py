"""The announced national plans with their provenance, and the gap between this scenario and a reference (the Hague pledge)."""

from __future__ import annotations

from ...core.dataset import BASE_YEAR
from ...core.reference_gap import ReferenceGap, first_years_reaching, headline
from ...core.thresholds import THRESHOLDS_PCT, TOLERANCE_PCT
from . import names
from .inputs import write_year_header
from .layout import BASE_SHARE_COL, FIRST_YEAR_COL, RESULT_HEADER_ROW, RESULT_TOP, Layout, col_letter
from .results import _ally_block, _sheet, _totals, total_rows
from .style import print_landscape

A = f"'{names.ASSUMPTIONS}'!"
_KINDS = {"share_pct": "share of GDP", "amount_m": "amount (millions)"}
_DEFINITIONS = {"nato": "NATO definition", "national": "national definition"}


def follows_announced_points(scenario) -> bool:
    """Whether any milestone cites a source: then the workbook lists the announced plans it comes from."""
    return any(p.source for points in scenario.milestones.values() for p in points)


def write_national_plans(wb, result) -> None:
    """Every point of data/national_plans.csv with its source, date and confidence, and whether this scenario follows it."""
    from ...core.report import plan_entries

    sw = _sheet(wb, names.NATIONAL_PLANS, "Announced national plans: every point with its source",
                "VALUES as governments and the press stated them (data/national_plans.csv). A national-definition amount is a "
                f"government's own budget, not NATO's figure: the planner applies its growth over the same definition's {BASE_YEAR} amount.")
    headers = ("Ally", "ISO3", "Year", "Period", "Kind", "Value", "Currency", "Definition", "What is counted", "Year basis",
               "Source", "Source date", "Confidence", "Followed by this scenario", "Note")
    for c, label in enumerate(headers, start=1):
        sw.text(RESULT_HEADER_ROW, c, label, "dp header")
    dataset = result.dataset
    for k, entry in enumerate(plan_entries(result)):
        row = RESULT_TOP + k
        kind = "share" if entry["kind"] == "share_pct" else "money"
        sw.text(row, 1, dataset.ally(entry["iso3"]).name)
        sw.text(row, 2, entry["iso3"])
        sw.put(row, 3, entry["year"], "dp value year", kind="year")
        sw.text(row, 4, entry["period"])
        sw.text(row, 5, _KINDS[entry["kind"]])
        sw.put(row, 6, entry["value"], f"dp value {kind}", kind=kind)
        sw.text(row, 7, entry["currency"] or "")
        sw.text(row, 8, _DEFINITIONS[entry["definition"]])
        sw.text(row, 9, entry["what_is_counted"])
        sw.text(row, 10, entry["year_basis"])
        sw.text(row, 11, entry["source"], fit=False)
        sw.text(row, 12, entry["source_date"])
        sw.text(row, 13, entry["confidence"])
        sw.text(row, 14, "Yes" if entry["applied"] else "No")
        sw.text(row, 15, entry["note"], "dp note", fit=False)
    sw.fit_columns()
    for col, width in ((11, 60), (15, 60)):
        sw.ws.column_dimensions[col_letter(col)].width = width
    sw.ws.freeze_panes = "C5"
    print_landscape(sw.ws, title_rows="4:4", title_cols="A:B")


def reference_is_live(gap: ReferenceGap) -> bool:
    """Whether the workbook can compute the reference's path from its own inputs: a target alone, on the same figures."""
    reference, scenario = gap.reference.scenario, gap.scenario.scenario
    figures = lambda s: sorted((o.iso3, o.indicator, o.year, o.value) for o in s.overrides)  # noqa: E731
    return not reference.milestones and figures(reference) == figures(scenario)


class _GapLayout:
    """Rows of the gap sheet: the gap block with totals, the reference's target, its shares and (fixed values only) its spending."""

    def __init__(self, layout: Layout, live: bool):
        n = len(layout.counted)
        totals = total_rows(layout, RESULT_TOP)
        self.target_top = max(totals.values()) + 4  # first of the reference's target rows (section title above)
        self.progress_row = self.target_top + len(_TARGET_ROWS) + 1
        self.share_header = self.progress_row + 3
        self.spend_header = self.share_header + n + 3
        self.note_row = (self.share_header if live else self.spend_header) + n + 2


_TARGET_ROWS = ("core", "year", "shape", "jump", "no_cuts", "scope")


def _target_values(target) -> dict:
    return {
        "core": ("Core defence target (% of GDP)", target.core_pct, "share"),
        "year": ("Target year", target.target_year, "year"),
        "shape": ("Path shape", target.shape, "text"),
        "jump": ("Step taken in (step paths)", target.jump_year, "year"),
        "no_cuts": ("No cuts", "Yes" if target.no_cuts else "No", "text"),
        "scope": ("Target applies to", names.SCOPE_LABELS[target.scope], "text"),
    }


def _write_reference_target(sw, layout: Layout, rows: _GapLayout, target) -> dict:
    """The reference's target as fixed cells and its progress row; returns row -> cell reference for the share formulas."""
    values = _target_values(target)
    cells = {}
    for k, key in enumerate(_TARGET_ROWS):
        row = rows.target_top + k
        label, value, kind = values[key]
        sw.text(row, 1, label)
        if kind == "text":
            sw.text(row, 2, value, "dp value text")
        else:
            sw.put(row, 2, value, f"dp value {kind}", kind=kind)
        cells[key] = f"$B${row}"
    write_year_header(sw, rows.progress_row - 1, layout, ("", "", "", "", ""))
    sw.text(rows.progress_row, 1, "Progress along the path (0 = 2025 share, 1 = target)")
    for j in range(len(layout.years)):
        y = f"{layout.year_letter(j)}${rows.progress_row - 1}"
        progress = (f'=IF({cells["shape"]}="step",IF({y}>={cells["jump"]},1,0),'
                    f"MIN(1,MAX(0,({y}-{names.BASE_YEAR})/({cells['year']}-{names.BASE_YEAR}))))")
        sw.put(rows.progress_row, layout.year_col(j), progress, "dp calc fraction", shown=0.0, kind="fraction")
    return cells


def _first_year_formula(values: str, years: str, level: float, last_year: int) -> str:
    reached = f"{values}>={level - TOLERANCE_PCT!r}"
    return f'=IF(MAX(IF({reached},1,0))=0,"not by {last_year}",MIN(IF({reached},{years})))'


def _write_first_years(sw, layout: Layout, gap: ReferenceGap, share_rows: dict) -> None:
    """For 2%, 3.5% and 5%: the first year this scenario and the reference reach it (array formulas over their shares)."""
    from openpyxl.styles import Alignment
    from openpyxl.worksheet.formula import ArrayFormula

    first = layout.last_year_col + 2
    last_year = layout.years[-1]
    years = f"${col_letter(FIRST_YEAR_COL)}${RESULT_HEADER_ROW}:${col_letter(layout.last_year_col)}${RESULT_HEADER_ROW}"
    sides = (("This scenario", gap.scenario, lambda k, i: f"'{names.SHARE}'!$F{RESULT_TOP + k}:${col_letter(layout.last_year_col)}{RESULT_TOP + k}"),
             (gap.name, gap.reference, lambda k, i: f"$F{share_rows[i]}:${col_letter(layout.last_year_col)}{share_rows[i]}"))
    col = first
    for side, result, values in sides:
        for level in THRESHOLDS_PCT:
            sw.text(RESULT_HEADER_ROW, col, f"{side} first reaches {level:g}%", "dp header")
            for k, i in enumerate(layout.counted):
                row = RESULT_TOP + k
                found = first_years_reaching(result, i)[level]
                ref = f"{col_letter(col)}{row}"
                cell = sw.put(row, col, ArrayFormula(ref, _first_year_formula(values(k, i), years, level, last_year)),
                              "dp calc year", shown=found if found is not None else f"not by {last_year}", kind="year")
                cell.alignment = Alignment(horizontal="right")  # years and "not by 2040" line up
            col += 1


def write_gap(wb, gap: ReferenceGap, layout: Layout) -> None:
    """The reference's spending minus this scenario's, ally by ally and year by year, with totals and the first years reaching each threshold."""
    result, reference = gap.scenario, gap.reference
    live = reference_is_live(gap)
    ref_name = gap.name
    how = (f"Formulas: the {ref_name} path below is computed from the Assumptions sheet's {BASE_YEAR} shares and GDP, "
           f"then this scenario's spending (sheet '{names.SPEND_USD}') is taken from it." if live else
           f"The {ref_name} path's spending below is FIXED VALUES FROM THE PLANNER (the reference has milestones or figures of its own "
           f"that this workbook does not hold); this scenario's side is formulas.")
    sw = _sheet(wb, names.GAP_TO_REFERENCE, f"Gap to {ref_name}: its core defence spending minus this scenario's, million US dollars",
                f"Positive: this scenario spends less than the {ref_name} path (a shortfall). " + how)
    report_year = min(reference.scenario.target.target_year if reference.scenario.target else result.target_year, layout.years[-1])
    sw.text(3, 1, f"At export: {headline(gap, report_year)}", "dp note", fit=False)
    rows = _GapLayout(layout, live)
    share_rows = {i: rows.share_header + 1 + k for k, i in enumerate(layout.counted)}
    spend_rows = {i: rows.spend_header + 1 + k for k, i in enumerate(layout.counted)}

    def gap_formula(i, j, row, L):
        if live:  # the reference's spending: its share of the Assumptions sheet's GDP
            return f"={L}{share_rows[i]}/100*{A}{L}{layout.gdp_usd_row(i)}-'{names.SPEND_USD}'!{L}{row}"
        return f"={L}{spend_rows[i]}-'{names.SPEND_USD}'!{L}{row}"

    _ally_block(sw, layout, RESULT_TOP, RESULT_HEADER_ROW, gap_formula, gap.usd_m, "dp calc", "money")
    _totals(sw, layout, RESULT_TOP, {agg: {"gap": series} for agg, series in gap.aggregates_usd_m.items()}, "gap")
    _write_first_years(sw, layout, gap, share_rows)

    target = reference.scenario.target
    if live and target is not None:
        sw.text(rows.target_top - 1, 1, f"The {ref_name} target (fixed: the reference scenario's own settings)", "dp section", fit=False)
        cells = _write_reference_target(sw, layout, rows, target)
    else:
        cells = None
    state = "formulas" if live else "fixed values from the planner"
    sw.text(rows.share_header - 1, 1, f"The {ref_name} path, core defence spending, % of GDP ({state})", "dp section", fit=False)

    def share_formula(i, j, row, L):
        base = f"{A}${col_letter(BASE_SHARE_COL)}${layout.ally_row(i)}"
        if cells is None:
            return f"={base}"
        in_scope = f'OR({cells["scope"]}="{names.SCOPE_LABELS["all"]}",$C{row}="{names.GROUP_EUROPE_CANADA}")'
        ramp = f"{base}+({cells['core']}-{base})*{L}${rows.progress_row}"
        return f'=IF({in_scope},MAX({ramp},IF({cells["no_cuts"]}="Yes",{base},0)),{base})'

    if live:
        _ally_block(sw, layout, rows.share_header + 1, rows.share_header, share_formula, reference.share_pct, "dp calc", "share")
    else:
        _ally_block(sw, layout, rows.share_header + 1, rows.share_header, lambda i, j, row, L: float(reference.share_pct[i, j]),
                    reference.share_pct, "dp value", "share")
        sw.text(rows.spend_header - 1, 1, f"The {ref_name} path, core defence spending, million US dollars (fixed values from the planner)", "dp section", fit=False)
        _ally_block(sw, layout, rows.spend_header + 1, rows.spend_header, lambda i, j, row, L: float(reference.spend_usd_m[i, j]),
                    reference.spend_usd_m, "dp value", "money")
    sw.text(rows.note_row, 1, f"{ref_name}: {reference.scenario.description}" if reference.scenario.description else ref_name, "dp note", fit=False)
    sw.fit_columns()
    sw.ws.freeze_panes = "C5"
    print_landscape(sw.ws, title_rows="4:4", title_cols="A:B")


def build_gap(result, reference=None) -> ReferenceGap:
    """The gap to `reference` (a Scenario; the Hague 2035 preset when None), the reference computed over this scenario's years."""
    from ...core.presets import preset_scenario
    from ...core.reference_gap import gap_to_reference, reference_on_same_years

    dataset = result.dataset
    reference = reference if reference is not None else preset_scenario("hague-2035", dataset)
    return gap_to_reference(result, reference_on_same_years(dataset, result.scenario, reference))

