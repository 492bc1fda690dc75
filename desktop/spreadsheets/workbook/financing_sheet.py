"""The Financing sheet: borrowed extra, its interest and gross debt, and the growth band, as live formulas.

Its inputs (each ally's mix and interest rate, the IMF's status-quo debt, the growth band)
are named cells on the Assumptions sheet, in a block below whatever that sheet already holds,
so the sheet's other blocks keep their places. The formulas follow core/financing.py and
core/growth_band.py line for line.
"""

from __future__ import annotations

from ...core.dataset import IMF_LAST
from ...core.financing import NOTES, financing_paths
from ...core.financing_report import growth_band_note
from ...core.growth_band import growth_band
from ...core.projection import Result
from . import names
from .inputs import LABEL_COLS, absolute, write_label_cells, write_year_header
from .layout import BASE_SHARE_COL, FIRST_YEAR_COL, RESULT_HEADER_ROW, RESULT_TOP, Layout, col_letter
from .style import SheetWriter, print_landscape

A = f"'{names.ASSUMPTIONS}'!"
MIX_COLS = {names.FIN_BORROW: 6, names.FIN_REVENUE: 7, names.FIN_REPRIORITISE: 8, names.FIN_RATE: 9}
BASIS_COL = 10


def _write_inputs(wb, result: Result, layout: Layout, paths) -> dict:
    """The financing inputs on Assumptions; returns the rows the Financing sheet refers to."""
    from openpyxl.workbook.defined_name import DefinedName
    from openpyxl.worksheet.datavalidation import DataValidation

    ws = wb[names.ASSUMPTIONS]
    sw = SheetWriter(ws)
    top = ws.max_row + 3
    sw.text(top, 1, "Financing and growth risk", "dp section", fit=False)
    band_row = top + 1
    sw.text(band_row, 1, "Growth band (points of nominal GDP growth)")
    sw.put(band_row, 2, result.scenario.growth_band_pts, "dp input decimal", kind="decimal")
    sw.text(band_row, 3, growth_band_note(result.scenario.growth_band_pts) + " 0..5 points.", "dp note", fit=False)
    wb.defined_names[names.GROWTH_BAND] = DefinedName(names.GROWTH_BAND, attr_text=absolute(names.ASSUMPTIONS, band_row, 2))
    band_check = DataValidation(type="decimal", operator="between", formula1="0", formula2="5")
    share_check = DataValidation(type="decimal", operator="between", formula1="0", formula2="100")
    rate_check = DataValidation(type="decimal", operator="between", formula1="0", formula2="60")
    for check in (band_check, share_check, rate_check):
        ws.add_data_validation(check)
    band_check.add(f"B{band_row}")

    mix_header = band_row + 2
    headers = list(LABEL_COLS) + ["Borrowed (% of extra)", "Higher revenue (% of extra)", "Reprioritised (% of extra)", "Interest rate (% a year)", "Rate basis"]
    for c, label in enumerate(headers, start=1):
        sw.text(mix_header, c, label, "dp header")
    mix_top = mix_header + 1
    for i, ally in enumerate(layout.allies):
        row = mix_top + i
        write_label_cells(sw, row, ally)
        for name, col in MIX_COLS.items():
            value = float(paths.rate_pct[i]) if name == names.FIN_RATE else float(paths.mix_pct[name_source(name)][i])
            sw.put(row, col, value, "dp input share", kind="share")
        sw.text(row, BASIS_COL, paths.rate_basis[i], "dp note", fit=False)
        share_check.add(f"F{row}:H{row}")
        rate_check.add(f"I{row}")
    bottom = mix_top + len(layout.allies) - 1
    for name, col in MIX_COLS.items():
        wb.defined_names[name] = DefinedName(name, attr_text=absolute(names.ASSUMPTIONS, mix_top, col, bottom, col))
    sw.text(bottom + 1, 1, "The three shares of each ally add up to 100. " + NOTES[1], "dp note", fit=False)

    debt_header = bottom + 4
    sw.text(debt_header - 1, 1, f"General-government gross debt without the uplift, % of GDP (IMF World Economic Outlook, October 2025; held at its {IMF_LAST} ratio after {IMF_LAST})", "dp section", fit=False)
    write_year_header(sw, debt_header, layout)
    last_imf = layout.years.index(IMF_LAST) if IMF_LAST in layout.years else None
    for i, ally in enumerate(layout.allies):
        row = debt_header + 1 + i
        write_label_cells(sw, row, ally)
        for j, year in enumerate(layout.years):
            value = float(paths.debt_status_quo_pct[i, j])
            if year <= IMF_LAST:
                sw.put(row, layout.year_col(j), value, "dp input share", kind="share")
            else:
                sw.put(row, layout.year_col(j), f"=${layout.year_letter(last_imf)}{row}", "dp calc share", shown=value, kind="share")
    wb.defined_names[names.DEBT_STATUS_QUO] = DefinedName(
        names.DEBT_STATUS_QUO, attr_text=absolute(names.ASSUMPTIONS, debt_header + 1, FIRST_YEAR_COL, debt_header + len(layout.allies), layout.last_year_col))
    return {"mix_top": mix_top, "debt_top": debt_header + 1}


def name_source(name: str) -> str:
    return {names.FIN_BORROW: "borrow", names.FIN_REVENUE: "revenue", names.FIN_REPRIORITISE: "reprioritise"}[name]


def financing_blocks() -> tuple:
    """(key, title, kind) of the Financing sheet's blocks, top to bottom."""
    return (
        ("borrowed", "Borrowed extra, million units of national currency", "money"),
        ("stock", "Extra debt: borrowed extra plus its interest, million units of national currency", "money"),
        ("interest_nc", "Extra interest, million units of national currency", "money"),
        ("interest_usd", "Extra interest, million US dollars", "money"),
        ("debt", "Gross debt with the uplift, % of GDP", "share"),
        ("factor_low", "Growth band: GDP on the low path over central GDP", "fraction"),
        ("factor_high", "Growth band: GDP on the high path over central GDP", "fraction"),
        ("spend_low", "Spending on the low GDP path, million US dollars", "money"),
        ("spend_high", "Spending on the high GDP path, million US dollars", "money"),
        ("extra_low", "Extra spending on the low GDP path, million US dollars", "money"),
        ("extra_high", "Extra spending on the high GDP path, million US dollars", "money"),
    )


TOTALLED = ("interest_usd", "spend_low", "spend_high", "extra_low", "extra_high")


def block_rows(layout: Layout) -> dict:
    """key -> (header row, first ally row) on the Financing sheet."""
    rows, header = {}, RESULT_HEADER_ROW
    for key, _, _ in financing_blocks():
        rows[key] = (header, header + 1)
        header += 1 + len(layout.counted) + (4 if key in TOTALLED else 0) + 3
    return rows


def write_financing(wb, result: Result, layout: Layout) -> None:
    paths = financing_paths(result)
    band = growth_band(result)
    refs = _write_inputs(wb, result, layout, paths)
    ws = wb[names.FINANCING]
    sw = SheetWriter(ws)
    sw.text(1, 1, "Financing the extra spending, and growth risk", "dp title", fit=False)
    sw.text(2, 1, "Formulas over the Assumptions sheet (mix, interest rates, status-quo debt, growth band) and the spending sheets. "
            + " ".join(NOTES[2:]) + " " + growth_band_note(result.scenario.growth_band_pts), "dp note", fit=False)
    rows = block_rows(layout)
    expected = {
        "borrowed": paths.mix_pct["borrow"][:, None] / 100.0 * result.extra_nc_m,
        "stock": paths.extra_debt_nc_m,
        "interest_nc": paths.extra_interest_nc_m,
        "interest_usd": paths.extra_interest_usd_m,
        "debt": paths.debt_pct,
        "factor_low": band.low.inputs.gdp_nc_m / result.inputs.gdp_nc_m,
        "factor_high": band.high.inputs.gdp_nc_m / result.inputs.gdp_nc_m,
        "spend_low": band.low.spend_usd_m,
        "spend_high": band.high.spend_usd_m,
        "extra_low": band.low.extra_usd_m,
        "extra_high": band.high.extra_usd_m,
    }
    aggregates = {
        "interest_usd": {k: v["extra_interest_usd_m"] for k, v in paths.aggregates.items()},
        "spend_low": {k: v["spend_usd_m"] for k, v in band.low.aggregates.items()},
        "spend_high": {k: v["spend_usd_m"] for k, v in band.high.aggregates.items()},
        "extra_low": {k: v["extra_usd_m"] for k, v in band.low.aggregates.items()},
        "extra_high": {k: v["extra_usd_m"] for k, v in band.high.aggregates.items()},
    }
    for key, title, kind in financing_blocks():
        header, top = rows[key]
        sw.text(header - 1, 1, title, "dp section", fit=False)
        write_year_header(sw, header, layout)
        for k, i in enumerate(layout.counted):
            row = top + k
            write_label_cells(sw, row, layout.allies[i])
            for j in range(len(layout.years)):
                formula = _formula(key, layout, rows, refs, i, k, j)
                shown = float(expected[key][i, j])
                sw.put(row, layout.year_col(j), formula, f"dp calc {kind}", shown=shown, kind=kind)
        if key in TOTALLED:
            _totals(sw, layout, top, aggregates[key])
    sw.fit_columns()
    ws.freeze_panes = "C5"
    print_landscape(ws, title_rows="4:4", title_cols="A:B")


def _totals(sw: SheetWriter, layout: Layout, top: int, aggregates: dict) -> None:
    bottom = top + len(layout.counted) - 1
    groups = f"$C${top}:$C${bottom}"
    labels = {"NATO": "NATO", "EUROPE_CANADA": names.GROUP_EUROPE_CANADA, "USA": names.GROUP_USA}
    for n, (agg, label) in enumerate(labels.items()):
        row = bottom + 2 + n
        sw.text(row, 1, label, "dp total text")
        for j in range(len(layout.years)):
            L = layout.year_letter(j)
            block = f"{L}{top}:{L}{bottom}"
            formula = f"=SUM({block})" if agg == "NATO" else f'=SUMIF({groups},"{label}",{block})'
            sw.put(row, layout.year_col(j), formula, "dp total money", shown=float(aggregates[agg][j]), kind="money")


def _formula(key: str, layout: Layout, rows: dict, refs: dict, i: int, k: int, j: int) -> str:
    L = layout.year_letter(j)
    prev = layout.year_letter(j - 1) if j else None
    here = lambda block: f"{L}{rows[block][1] + k}"  # noqa: E731
    before = lambda block: f"{prev}{rows[block][1] + k}"  # noqa: E731
    mix_row = refs["mix_top"] + i
    rate = f"{A}${col_letter(MIX_COLS[names.FIN_RATE])}${mix_row}/100"
    gdp_nc, gdp_nc_before = f"{A}{L}{layout.gdp_nc_row(i)}", f"{A}{prev}{layout.gdp_nc_row(i)}" if j else ""
    gdp_usd = f"{A}{L}{layout.gdp_usd_row(i)}"
    result_row = RESULT_TOP + k
    if key == "borrowed":
        base = f"{A}${col_letter(BASE_SHARE_COL)}${layout.ally_row(i)}"
        extra_nc = f"('{names.SPEND_NC}'!{L}{result_row}-{base}/100*{gdp_nc})"
        return f"={A}${col_letter(MIX_COLS[names.FIN_BORROW])}${mix_row}/100*{extra_nc}"
    if key == "stock":
        return f"={here('borrowed')}" if not j else f"={before('stock')}*(1+{rate})+{here('borrowed')}"
    if key == "interest_nc":
        return "=0" if not j else f"={rate}*{before('stock')}"
    if key == "interest_usd":
        return f"={here('interest_nc')}*{gdp_usd}/{gdp_nc}"
    if key == "debt":
        return f"={A}{L}{refs['debt_top'] + i}+{here('stock')}/{gdp_nc}*100"
    if key in ("factor_low", "factor_high"):
        sign = "-" if key == "factor_low" else "+"
        if not j:
            return "=1"
        growth = f"({gdp_nc}/{gdp_nc_before})"
        return f"={before(key)}*({growth}{sign}{names.GROWTH_BAND}/100)/{growth}"
    path = key.split("_")[1]
    if key.startswith("spend"):
        return f"='{names.SPEND_USD}'!{L}{result_row}*{here('factor_' + path)}"
    return f"='{names.EXTRA}'!{L}{result_row}*{here('factor_' + path)}"
