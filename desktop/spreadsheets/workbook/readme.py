"""The Read me sheet: what the workbook is, the scenario in words, its sources and method."""

from __future__ import annotations

import datetime as _dt
import math

from ... import __version__
from ...core.dataset import BASE_YEAR, IMF_LAST
from ...core.milestone_amounts import AS_NATIONAL_AS_IS, AS_NATIONAL_GROWTH, money_text
from ...core.projection import Result
from ...core.scenario import NATIONAL_DEFINITION
from ...core.sources import INDICATOR_NAMES, national_currency_note
from . import names
from .plans import follows_announced_points
from .style import SheetWriter, print_landscape


_CHARS_PER_LINE = 125  # what fits on one line of the 110-wide column A


def _pct(v: float) -> str:
    return f"{v:g}%"


def describe_target(result: Result) -> list[str]:
    """The scenario's assumptions as sentences an analyst can quote."""
    s = result.scenario
    d = result.dataset
    lines = []
    t = s.target
    if t is None:
        lines.append(f"No alliance-wide target: allies keep their {BASE_YEAR} share of GDP unless they have milestones.")
    else:
        who = "every ally" if t.scope == "all" else "every European ally and Canada (the United States keeps its own path)"
        if t.shape == "linear":
            how = f"moves in a straight line from its {BASE_YEAR} share to {_pct(t.core_pct)} of GDP in {t.target_year}, then stays there"
        else:
            how = f"keeps its {BASE_YEAR} share until {t.jump_year}, then spends {_pct(t.core_pct)} of GDP"
        lines.append(f"Core defence: {who} {how}.")
        lines.append(
            "No cuts: an ally already above the path keeps its own share." if t.no_cuts else "Cuts allowed: allies above the target come down to it."
        )
        lines.append(
            f"Defence-related spending: from {_pct(t.related_baseline_pct)} of GDP in {BASE_YEAR} to {_pct(t.related_pct)} in {t.target_year}, "
            "reported separately and never added to core."
        )
    for iso3, points in s.milestones.items():
        try:
            ally = d.ally(iso3)
        except KeyError:
            continue
        resolved = {r.year: r for r in result.milestones.get(iso3, ())}
        steps = ", ".join(describe_milestone(p, resolved.get(p.year), ally.period_label(p.year)) for p in points)
        lines.append(f"Milestones for {ally.name}: {steps}; linear between them from the {BASE_YEAR} share, flat after the last.")
        lines += [f"{ally.name}: {r.warning}." for r in resolved.values() if r.warning]
    return lines


def describe_milestone(point, resolved, period: str) -> str:
    """'3.5% in 2029', or with an amount '€64 bn in 2027, national definition (+26.6% on €50.54 bn in 2025: 2.46% of projected GDP)'."""
    if point.amount_m is None:
        return f"{_pct(point.share_pct)} in {period}"
    money = money_text(point.amount_m, point.currency)
    words = f"{money} in {period}"
    if point.definition == NATIONAL_DEFINITION:
        words += ", national definition"
    share = f"{resolved.amount_share_pct:.2f}% of projected GDP" if resolved is not None else "not counted"
    if resolved is not None and resolved.applied_as == AS_NATIONAL_GROWTH:
        growth = (point.amount_m / point.national_base_m - 1.0) * 100.0
        share = f"{growth:+.1f}% on {money_text(point.national_base_m, point.currency)} in {BASE_YEAR}: {share}"
    elif resolved is not None and resolved.applied_as == AS_NATIONAL_AS_IS:
        share = f"used as it is: {share}"
    if point.share_pct is None:
        return f"{words} ({share})"
    if point.follows_amount:
        return f"{words} ({share}; the plan also states {_pct(point.share_pct)}, the path follows the amount)"
    return f"{_pct(point.share_pct)} in {period} (also stated as {money}{', national definition' if point.definition == NATIONAL_DEFINITION else ''}, {share}; the path follows the share)"


_METHOD = (
    f"Every path starts from the ally's {BASE_YEAR} share of GDP (NATO estimates).",
    "Spending = share of GDP / 100 × GDP, in US dollars and in national currency, at current prices.",
    f"GDP is the IMF's to {IMF_LAST}; later years grow at each ally's {IMF_LAST} growth rate.",
    f"Extra spending = scenario spending − status-quo spending (every ally keeps its {BASE_YEAR} share).",
    "The status quo is kept as fixed values from the export: edited 2025 shares or GDP move it only once the planner",
    "reads this workbook back (it then recomputes everything from the edited figures).",
    "A milestone stated as an amount becomes a share of the projected GDP of its year (in US dollars or national currency, as stated);",
    f"an amount in a national definition (a government's own budget) is applied as growth over the same definition's {BASE_YEAR} amount.",
    "Totals: NATO counts the 31 allies with defence figures; Europe + Canada is NATO without the United States.",
    "Equalising the US, three ways for Europe + Canada: share parity (the US share of GDP),",
    "absolute parity (as much spending as the US) and per-capita parity (as much per head as the US).",
    "Years are NATO years. Allies whose fiscal year runs April to March report NATO year 2027 as FY 2027/28 (column 'Year basis').",
)

_SHEETS = (
    (names.ASSUMPTIONS, "the inputs (yellow cells) with defined names; change them here"),
    (names.CHARTS, "share of GDP against the targets, extra spending by ally, United States vs Europe + Canada"),
    (names.SHARE, "core defence spending as a share of GDP, by ally and year (formulas)"),
    (names.SPEND_USD, "spending in million US dollars, with NATO, Europe + Canada and US totals (formulas)"),
    (names.SPEND_NC, "spending in million units of each ally's currency (formulas)"),
    (names.EXTRA, "extra spending over the status quo (formulas)"),
    (names.RELATED, "defence-related spending, separate from core (formulas)"),
    (names.BURDEN, "totals, the US share of NATO spending and the three equalise measures (formulas)"),
    (names.GAP_TO_REFERENCE, "the reference path's spending (the Hague pledge unless chosen otherwise) minus this scenario's, and the first years reaching 2%, 3.5% and 5%"),
    (names.STATUS_QUO, "the status quo the extra is measured against (fixed values)"),
    (names.HISTORY, "NATO's published shares of GDP since 2014 (fixed values)"),
    (names.DATA, "every figure as one tidy table (Excel table 'ScenarioResults') for pivot tables and filters"),
)


def write_readme(wb, result: Result, exported: _dt.date | None = None) -> None:
    ws = wb[names.README]
    sw = SheetWriter(ws)
    s = result.scenario
    exported = exported or _dt.date.today()
    row = 1

    def line(text: str, style: str = "dp wrap", col: int = 1):
        nonlocal row
        sw.text(row, col, text, style, fit=False)
        if len(text) > _CHARS_PER_LINE:
            # Neither Excel nor LibreOffice grows a row for wrapped text written by another program.
            ws.row_dimensions[row].height = 15 * math.ceil(len(text) / _CHARS_PER_LINE)
        row += 1

    line("Defence Spending Planner: scenario workbook", "dp title")
    line("A working model of one scenario: change an input on the Assumptions sheet and every result recalculates.", "dp note")
    row += 1
    line("Scenario", "dp section")
    line(s.name)
    if s.description:
        line(s.description)
    for sentence in describe_target(result):
        line(sentence)
    line(f"Years {int(result.years[0])}–{int(result.years[-1])}; summaries report {result.target_year}.")
    row += 1
    if s.overrides:
        line("Figures entered or imported by the user (they replace the published ones)", "dp section")
        for o in s.overrides:
            what = INDICATOR_NAMES.get(o.indicator, o.indicator)
            sw.text(row, 1, f"{o.iso3} {what} {o.year}: {o.value:g}", "dp wrap", fit=False)
            if o.imported:
                said = f"imported from {o.source}" + (f"; {o.edition}" if o.edition else "")
            else:
                said = o.source or "no source given"
            sw.text(row, 2, said, "dp wrap", fit=False)
            row += 1
        row += 1
    line("Sources", "dp section")
    for source, edition in result.dataset.sources():
        line(f"{source}, {edition}")
    row += 1
    line("Method", "dp section")
    for sentence in _METHOD:
        line(sentence)
    line(national_currency_note(result.dataset))
    for change in result.dataset.currency_changes:
        line(f"{result.dataset.ally(change.iso3).name}: {change.describe()}.")
    row += 1
    line("Sheets", "dp section")
    sheets = list(_SHEETS) + ([(names.BUDGET_LINES, "budget lines spread over their years, the headroom they leave and what they buy (formulas)"),
                               (names.GAP, "the budget lines added up per ally and budget year against the extra, and the gap left (fixed values)")] if s.budget_lines else [])
    sheets.append((names.COMPOSITION, "what defence spending goes on after the lines, against NATO's 20% equipment guideline (formulas)"))
    if follows_announced_points(s):
        sheets.append((names.NATIONAL_PLANS, "every announced national point with its source, date, confidence and definition, and whether this scenario follows it (fixed values)"))
    for sheet, what in sheets:
        line(f"{sheet}: {what}")
    row += 1
    line("Cell colours", "dp section")
    sw.text(row, 1, "Input: change me", "dp input text", fit=False)
    row += 1
    sw.text(row, 1, "Fixed value: does not recalculate", "dp value text", fit=False)
    row += 1
    row += 1
    line(f"Exported {exported.isoformat()} by Defence Spending Planner {__version__}.", "dp note")
    line("The planner opens this workbook again (File > Open) and reads the Assumptions sheet back.", "dp note")
    ws.column_dimensions["A"].width = 110
    ws.column_dimensions["B"].width = 40
    print_landscape(ws)
