"""The result sheets: per-ally formulas over the Assumptions inputs, totals, burden sharing, and the fixed-value sheets."""

from __future__ import annotations

import math

from ...core.dataset import HISTORY_YEARS, SHARE as SHARE_INDICATOR
from ...core.gap import lines_against_extra
from ...core.history import share_history
from ...core.merge import budget_lines_against_extra
from ...core.projection import Result
from ...core.sources import national_currency_note
from . import names
from .inputs import LABEL_COLS, write_label_cells, write_year_header
from .layout import (
    BASE_SHARE_COL,
    FIRST_YEAR_COL,
    IN_SCOPE_COL,
    MILESTONE_COUNT_COL,
    PATH_START_YEAR_COL,
    RESULT_HEADER_ROW,
    RESULT_TOP,
    Layout,
    col_letter,
)
from .style import SheetWriter, print_landscape

A = f"'{names.ASSUMPTIONS}'!"


def _sheet(wb, title: str, heading: str, note: str) -> SheetWriter:
    sw = SheetWriter(wb[title])
    sw.text(1, 1, heading, "dp title", fit=False)
    sw.text(2, 1, note, "dp note", fit=False)
    return sw


def _finish(sw: SheetWriter, freeze: str = "C5", title_rows: str = "4:4", title_cols: str = "A:B") -> None:
    sw.fit_columns()
    sw.ws.freeze_panes = freeze
    print_landscape(sw.ws, title_rows=title_rows, title_cols=title_cols)


def _number(v: float):
    return None if math.isnan(v) else float(v)


def share_formula(layout: Layout, i: int, letter: str) -> str:
    """Core share of GDP of dataset ally i in the year heading column `letter`, as compute's share_paths gives it."""
    a = layout.ally_row(i)
    year = f"{letter}${RESULT_HEADER_ROW}"
    base = f"{A}${col_letter(BASE_SHARE_COL)}{a}"
    count = f"{A}${col_letter(MILESTONE_COUNT_COL)}{a}"
    first_y, last_y = layout.milestone_year_cols
    xs = f"{A}${col_letter(PATH_START_YEAR_COL)}{a}:${col_letter(last_y)}{a}"
    ys = f"{A}${col_letter(layout.path_start_share_col)}{a}:${col_letter(layout.milestone_cols('path_share')[1])}{a}"
    seg = f'COUNTIF({xs},"<="&{year})'
    # np.interp: slope between the two surrounding points times the distance from the lower one.
    milestone = (
        f"IF({seg}>{count},INDEX({ys},1,{count}+1),"
        f"(INDEX({ys},1,{seg}+1)-INDEX({ys},1,{seg}))/(INDEX({xs},1,{seg}+1)-INDEX({xs},1,{seg}))*({year}-INDEX({xs},1,{seg}))+INDEX({ys},1,{seg}))"
    )
    progress = f"{A}{letter}${layout.progress_row}"
    # The ramp never goes below 0, so MAX(ramp, 0) leaves it alone when cuts are allowed.
    target = f'MAX({base}+({names.CORE_TARGET}-{base})*{progress},IF({names.NO_CUTS}="Yes",{base},0))'
    in_scope = f"{A}${col_letter(IN_SCOPE_COL)}{a}"
    return f"=IF({count}>0,{milestone},IF({in_scope},{target},{base}))"


def _ally_block(sw: SheetWriter, layout: Layout, top: int, header_row: int, formula, shown, style: str, kind: str) -> None:
    """One row per counted ally from `top`; formula(i, j, row, letter) gives each year's cell."""
    write_year_header(sw, header_row, layout)
    for k, i in enumerate(layout.counted):
        row = top + k
        write_label_cells(sw, row, layout.allies[i])
        for j in range(len(layout.years)):
            value = formula(i, j, row, layout.year_letter(j))
            sw.put(row, layout.year_col(j), value, f"{style} {kind}", shown=_number(shown[i, j]), kind=kind)


def total_rows(layout: Layout, top: int) -> dict:
    """Rows of the NATO, Europe + Canada and United States totals under an ally block starting at `top`."""
    first = top + len(layout.counted) + 1
    return {"NATO": first, "EUROPE_CANADA": first + 1, "USA": first + 2}


def _totals(sw: SheetWriter, layout: Layout, top: int, aggregates: dict, key: str, kind: str = "money") -> None:
    bottom = top + len(layout.counted) - 1
    rows = total_rows(layout, top)
    n_ec = sum(1 for i in layout.counted if layout.allies[i].iso3 != "USA")
    labels = {"NATO": f"NATO ({len(layout.counted)} allies)", "EUROPE_CANADA": f"Europe + Canada ({n_ec} allies)", "USA": "United States"}
    groups = f"$C${top}:$C${bottom}"
    for agg, row in rows.items():
        sw.text(row, 1, labels[agg], "dp total text")
        for c in range(2, FIRST_YEAR_COL):
            sw.put(row, c, None, "dp total text")
        for j in range(len(layout.years)):
            L = layout.year_letter(j)
            block = f"{L}{top}:{L}{bottom}"
            if agg == "NATO":
                formula = f"=SUM({block})"
            else:
                group = names.GROUP_EUROPE_CANADA if agg == "EUROPE_CANADA" else names.GROUP_USA
                formula = f'=SUMIF({groups},"{group}",{block})'
            sw.put(row, layout.year_col(j), formula, f"dp total {kind}", shown=float(aggregates[agg][key][j]), kind=kind)


def _iceland_note(sw: SheetWriter, layout: Layout, row: int) -> None:
    excluded = [a.name for a in layout.allies if not a.has_defence_figures]
    if excluded:
        sw.text(row, 1, f"{', '.join(excluded)}: no armed forces and no defence figures, so excluded from every table and total.", "dp note", fit=False)


def _year_note(layout: Layout) -> str:
    fy = [a.name for a in layout.allies if a.fy_start_month == 4 and a.has_defence_figures]
    if not fy:
        return ""
    return f" Years are NATO years; for April–March allies ({', '.join(fy)}) 2027 means FY 2027/28."


def write_share(wb, result: Result, layout: Layout) -> None:
    sw = _sheet(wb, names.SHARE, "Core defence spending, % of GDP",
                "Formulas over the Assumptions sheet: milestones where an ally has them, otherwise the alliance-wide path (or the 2025 share)." + _year_note(layout))
    _ally_block(sw, layout, RESULT_TOP, RESULT_HEADER_ROW, lambda i, j, row, L: share_formula(layout, i, L), result.share_pct, "dp calc", "share")
    _iceland_note(sw, layout, layout.result_bottom + 2)
    _finish(sw)


def write_spending(wb, result: Result, layout: Layout, currency: str) -> None:
    usd = currency == "usd"
    title = names.SPEND_USD if usd else names.SPEND_NC
    heading = "Core defence spending, million US dollars (current prices)" if usd else "Core defence spending, million units of national currency (current prices)"
    currencies = "" if usd else " " + national_currency_note(result.dataset)
    sw = _sheet(wb, title, heading, "Share of GDP × GDP from the Assumptions sheet." + currencies + _year_note(layout))
    gdp_row = layout.gdp_usd_row if usd else layout.gdp_nc_row

    def formula(i, j, row, L):
        return f"='{names.SHARE}'!{L}{row}/100*{A}{L}{gdp_row(i)}"

    _ally_block(sw, layout, RESULT_TOP, RESULT_HEADER_ROW, formula, result.spend_usd_m if usd else result.spend_nc_m, "dp calc", "money")
    if usd:
        _totals(sw, layout, RESULT_TOP, result.aggregates, "spend_usd_m")
    _iceland_note(sw, layout, layout.result_bottom + (6 if usd else 2))
    _finish(sw)


def extra_report_col(layout: Layout) -> int:
    return layout.last_year_col + 2


def write_extra(wb, result: Result, layout: Layout) -> None:
    sw = _sheet(wb, names.EXTRA, "Extra core defence spending over the status quo, million US dollars",
                "Spending in this scenario minus the status-quo spending (sheet 'Status quo')." + _year_note(layout))

    def formula(i, j, row, L):
        return f"='{names.SPEND_USD}'!{L}{row}-'{names.STATUS_QUO}'!{L}{row}"

    _ally_block(sw, layout, RESULT_TOP, RESULT_HEADER_ROW, formula, result.extra_usd_m, "dp calc", "money")
    _totals(sw, layout, RESULT_TOP, result.aggregates, "extra_usd_m")
    col = extra_report_col(layout)
    ti = result.year_index(result.target_year)
    sw.put(RESULT_HEADER_ROW, col, f'="Extra in "&{names.REPORT_YEAR}', "dp header", shown=f"Extra in {result.target_year}")
    first, last = col_letter(FIRST_YEAR_COL), col_letter(layout.last_year_col)
    rows = [(RESULT_TOP + k, float(result.extra_usd_m[i, ti])) for k, i in enumerate(layout.counted)]
    rows += [(row, float(result.aggregates[agg]["extra_usd_m"][ti])) for agg, row in total_rows(layout, RESULT_TOP).items()]
    for row, shown in rows:
        style = "dp total money" if row > layout.result_bottom else "dp calc money"
        sw.put(row, col, f"=INDEX(${first}{row}:${last}{row},1,{names.REPORT_YEAR}-{names.BASE_YEAR}+1)", style, shown=shown, kind="money")
    _iceland_note(sw, layout, layout.result_bottom + 6)
    _finish(sw)


def related_usd_top(layout: Layout) -> int:
    return layout.result_bottom + 4


def write_related(wb, result: Result, layout: Layout) -> None:
    sw = _sheet(wb, names.RELATED, "Defence-related spending (reported separately from core defence)",
                "Allies in the target's scope follow the defence-related path on the Assumptions sheet; others count none.")

    def share(i, j, row, L):
        return f"=IF({A}${col_letter(IN_SCOPE_COL)}{layout.ally_row(i)},{A}{L}${layout.related_path_row},0)"

    _ally_block(sw, layout, RESULT_TOP, RESULT_HEADER_ROW, share, result.related_pct, "dp calc", "share")
    sw.text(RESULT_HEADER_ROW - 1, 1, "% of GDP", "dp section", fit=False)
    top = related_usd_top(layout)
    sw.text(top - 2, 1, "Million US dollars", "dp section", fit=False)

    def usd(i, j, row, L):
        return f"={L}{RESULT_TOP + (row - top)}/100*{A}{L}{layout.gdp_usd_row(i)}"

    _ally_block(sw, layout, top, top - 1, usd, result.related_usd_m, "dp calc", "money")
    _totals(sw, layout, top, result.aggregates, "related_usd_m")
    _finish(sw)


def write_status_quo(wb, result: Result, layout: Layout) -> None:
    sw = _sheet(wb, names.STATUS_QUO, "Status quo: core defence spending if every ally keeps its 2025 share of GDP, million US dollars",
                "VALUES computed by the planner at export from the 2025 shares and GDP; they do not recalculate when the Assumptions change.")

    def value(i, j, row, L):
        return float(result.status_quo_usd_m[i, j])

    _ally_block(sw, layout, RESULT_TOP, RESULT_HEADER_ROW, value, result.status_quo_usd_m, "dp value", "money")
    agg = {k: {"status_quo": v["spend_usd_m"] - v["extra_usd_m"]} for k, v in result.aggregates.items()}
    _totals(sw, layout, RESULT_TOP, agg, "status_quo")
    _finish(sw)


def write_history(wb, result: Result, layout: Layout) -> None:
    d = result.dataset
    history = share_history(d, result.scenario)
    sw = _sheet(wb, names.HISTORY, "History: core defence spending, % of GDP, as published by NATO",
                "VALUES, not formulas. Italic grey cells are published values; figures marked (e) in the heading are NATO estimates.")
    estimates = {key[2] for key, p in d.provenance.items() if key[1] == SHARE_INDICATOR and p.estimate}
    for c, label in enumerate(LABEL_COLS, start=1):
        sw.text(RESULT_HEADER_ROW, c, label, "dp header")
    for j, year in enumerate(HISTORY_YEARS):
        sw.text(RESULT_HEADER_ROW, FIRST_YEAR_COL + j, f"{year} (e)" if year in estimates else str(year), "dp header")
    for k, i in enumerate(layout.counted):
        row = RESULT_TOP + k
        write_label_cells(sw, row, layout.allies[i])
        for j in range(len(HISTORY_YEARS)):
            sw.put(row, FIRST_YEAR_COL + j, _number(history[i, j]), "dp value share", kind="share")
    _iceland_note(sw, layout, layout.result_bottom + 2)
    _finish(sw)


BURDEN_ROWS = (
    ("Spending", None, None),
    ("spend_NATO", "NATO", "US$ m"),
    ("spend_EUROPE_CANADA", "Europe + Canada", "US$ m"),
    ("spend_USA", "United States", "US$ m"),
    ("GDP", None, None),
    ("gdp_NATO", "NATO", "US$ m"),
    ("gdp_EUROPE_CANADA", "Europe + Canada", "US$ m"),
    ("gdp_USA", "United States", "US$ m"),
    ("Share of GDP", None, None),
    ("share_NATO", "NATO", "% of GDP"),
    ("share_EUROPE_CANADA", "Europe + Canada", "% of GDP"),
    ("share_USA", "United States", "% of GDP"),
    ("core_target", "Core target", "% of GDP"),
    ("guideline", "2% guideline (Wales 2014)", "% of GDP"),
    ("Population", None, None),
    ("pop_EUROPE_CANADA", "Europe + Canada", "million"),
    ("pop_USA", "United States", "million"),
    ("Extra over the status quo", None, None),
    ("extra_NATO", "NATO", "US$ m"),
    ("extra_EUROPE_CANADA", "Europe + Canada", "US$ m"),
    ("extra_USA", "United States", "US$ m"),
    ("Defence-related spending", None, None),
    ("related_NATO", "NATO", "US$ m"),
    ("related_EUROPE_CANADA", "Europe + Canada", "US$ m"),
    ("related_USA", "United States", "US$ m"),
    ("The US in NATO", None, None),
    ("us_share_of_nato", "US share of NATO core spending", "%"),
    ("Equalising the US (Europe + Canada)", None, None),
    ("share_parity_pct", "Share parity: Europe + Canada at the US share of GDP", "% of GDP"),
    ("share_parity_extra_usd_m", "  extra Europe + Canada spending needed", "US$ m"),
    ("absolute_parity_pct", "Absolute parity: Europe + Canada spend as much as the US", "% of GDP"),
    ("absolute_parity_extra_usd_m", "  extra Europe + Canada spending needed", "US$ m"),
    ("per_capita_parity_pct", "Per-capita parity: Europe + Canada spend as much per head as the US", "% of GDP"),
    ("per_capita_parity_extra_usd_m", "  extra Europe + Canada spending needed", "US$ m"),
)
BURDEN_TOP = 5


def burden_rows() -> dict:
    return {key: BURDEN_TOP + k for k, (key, _, _) in enumerate(BURDEN_ROWS)}


def _burden_cells(result: Result, layout: Layout, j: int, L: str, own: str) -> dict:
    """key -> (formula, value compute gives) for year j; L is its column on the ally sheets, `own` on this one."""
    rows = burden_rows()
    r = lambda key: f"{own}{rows[key]}"  # noqa: E731
    agg = result.aggregates
    eq = result.equalise
    spend = total_rows(layout, RESULT_TOP)
    related = total_rows(layout, related_usd_top(layout))
    groups = {"NATO": f'"<>{names.GROUP_NOT_COUNTED}"', "EUROPE_CANADA": f'"{names.GROUP_EUROPE_CANADA}"', "USA": f'"{names.GROUP_USA}"'}
    n = len(layout.allies)

    def sumif(header_row, key):
        g = f"{A}$C${header_row + 1}:$C${header_row + n}"
        return f"=SUMIF({g},{groups[key]},{A}{L}{header_row + 1}:{L}{header_row + n})"

    cells = {}
    for key in ("NATO", "EUROPE_CANADA", "USA"):
        cells[f"spend_{key}"] = (f"='{names.SPEND_USD}'!{L}{spend[key]}", agg[key]["spend_usd_m"][j])
        cells[f"gdp_{key}"] = (sumif(layout.gdp_usd_header_row, key), agg[key]["gdp_usd_m"][j])
        cells[f"share_{key}"] = (f"={r(f'spend_{key}')}/{r(f'gdp_{key}')}*100", agg[key]["share_gdp_pct"][j])
        cells[f"extra_{key}"] = (f"='{names.EXTRA}'!{L}{spend[key]}", agg[key]["extra_usd_m"][j])
        cells[f"related_{key}"] = (f"='{names.RELATED}'!{L}{related[key]}", agg[key]["related_usd_m"][j])
    for key in ("EUROPE_CANADA", "USA"):
        cells[f"pop_{key}"] = (sumif(layout.population_header_row, key), agg[key]["population_m"][j])
    t = result.scenario.target
    cells["core_target"] = (f"={names.CORE_TARGET}", t.core_pct if t else math.nan)
    cells["guideline"] = (2.0, 2.0)
    cells["us_share_of_nato"] = (f"={r('spend_USA')}/{r('spend_NATO')}*100", result.us_share_of_nato[j])
    ec_gdp, ec_spend, us_spend = r("gdp_EUROPE_CANADA"), r("spend_EUROPE_CANADA"), r("spend_USA")
    needed = f"{us_spend}/{r('pop_USA')}*{r('pop_EUROPE_CANADA')}"
    cells["share_parity_pct"] = (f"={r('share_USA')}", eq["share_parity_pct"][j])
    cells["share_parity_extra_usd_m"] = (f"={r('share_parity_pct')}/100*{ec_gdp}-{ec_spend}", eq["share_parity_extra_usd_m"][j])
    cells["absolute_parity_pct"] = (f"={us_spend}/{ec_gdp}*100", eq["absolute_parity_pct"][j])
    cells["absolute_parity_extra_usd_m"] = (f"={us_spend}-{ec_spend}", eq["absolute_parity_extra_usd_m"][j])
    cells["per_capita_parity_pct"] = (f"={needed}/{ec_gdp}*100", eq["per_capita_parity_pct"][j])
    cells["per_capita_parity_extra_usd_m"] = (f"={needed}-{ec_spend}", eq["per_capita_parity_extra_usd_m"][j])
    return cells


_UNIT_KIND = {"US$ m": "money", "% of GDP": "share", "%": "share", "million": "decimal"}


def write_burden(wb, result: Result, layout: Layout) -> None:
    sw = _sheet(wb, names.BURDEN, "Burden sharing: NATO, Europe + Canada and the United States",
                "Totals of the ally sheets, the US share of NATO spending and three ways for Europe + Canada to equalise the US.")
    sw.text(RESULT_HEADER_ROW, 1, "Measure", "dp header")
    sw.text(RESULT_HEADER_ROW, 2, "Unit", "dp header")
    for j, year in enumerate(layout.years):
        sw.put(RESULT_HEADER_ROW, 3 + j, year, "dp header", kind="year")
    rows = burden_rows()
    columns = [_burden_cells(result, layout, j, col_letter(FIRST_YEAR_COL + j), col_letter(3 + j)) for j in range(len(layout.years))]
    for key, label, unit in BURDEN_ROWS:
        row = rows[key]
        if label is None:
            sw.text(row, 1, key, "dp section")
            continue
        if key == "core_target" and result.scenario.target is None:
            sw.text(row, 1, "Core target (none in this scenario)", "dp note")
            continue
        kind = _UNIT_KIND[unit]
        sw.text(row, 1, label)
        sw.text(row, 2, unit)
        for j, cells in enumerate(columns):
            formula, value = cells[key]
            sw.put(row, 3 + j, formula, f"dp calc {kind}", shown=_number(float(value)), kind=kind)
    _finish(sw, freeze="C5")


def write_budget_gap(wb, result: Result) -> None:
    """The budget lines added up per ally and year against the extra: how much of the extra they account for."""
    sw = _sheet(wb, names.GAP, "Budget lines against the extra spending, per ally and year",
                "VALUES, millions of the lines' currency. Gap = extra under this scenario minus the lines; negative where the lines exceed it.")
    headers = ("Ally", "Year", "Currency", "Lines", "Budget lines, m", "Extra, m", "Gap, m", "Share of the extra")
    for c, label in enumerate(headers, start=1):
        sw.text(RESULT_HEADER_ROW, c, label, "dp header")
    for row, gap in enumerate(lines_against_extra(result), start=RESULT_TOP):
        ally = result.dataset.ally(gap.iso3)
        sw.text(row, 1, ally.name)
        sw.text(row, 2, ally.period_label(gap.year))
        sw.text(row, 3, gap.currency)
        sw.put(row, 4, gap.line_count, "dp value money", kind="money")
        sw.put(row, 5, gap.lines_m, "dp value money", kind="money")
        sw.put(row, 6, gap.extra_m, "dp value money", kind="money")
        sw.put(row, 7, gap.gap_m, "dp value money", kind="money")
        sw.put(row, 8, gap.covered_pct, "dp value share", kind="share")
    _finish(sw, freeze="B5", title_cols="A:A")
