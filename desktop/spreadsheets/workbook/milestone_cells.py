"""The Assumptions sheet's milestone cells: stated shares and amounts as inputs, the share the path follows as a formula.

An amount becomes a share of the projected GDP of its year, as core.milestone_amounts
resolves it: amount / GDP × 100 (GDP in US dollars or national currency, as the amount
is stated), or for a national definition with a base-year amount, the 2025 share grown as
the national budget grows (base share × amount / base amount × GDP 2025 / GDP of the year).
"""

from __future__ import annotations

from ...core.dataset import BASE_YEAR, IMF_LAST
from ...core.scenario import DEFINITIONS, FOLLOWS, NATIONAL_DEFINITION, Milestone
from . import names
from .layout import BASE_SHARE_COL, FIRST_YEAR_COL, Layout, col_letter

# Block -> (header, defined name, cell style, kind); kinds with a zero shown as blank where a slot is empty.
BLOCKS = {
    "path_share": ("share the path follows (% of GDP)", names.MILESTONE_PATH_SHARES, "dp calc", "share"),
    "share": ("stated share (% of GDP)", names.MILESTONE_SHARES, "dp input", "share"),
    "amount": ("amount (millions)", names.MILESTONE_AMOUNTS, "dp input", "money"),
    "currency": ("currency (USD or the ally's)", names.MILESTONE_CURRENCIES, "dp input", "text"),
    "definition": ("definition (nato or national)", names.MILESTONE_DEFINITIONS, "dp input", "text"),
    "national_base": (f"national {BASE_YEAR} amount (millions)", names.MILESTONE_BASES, "dp input", "money"),
    "follows": ("follows (share or amount)", names.MILESTONE_FOLLOWS, "dp input", "text"),
    "gdp": ("projected GDP in its year (amount's currency, m)", None, "dp calc", "money"),
    "amount_share": ("amount as % of projected GDP", None, "dp calc", "share"),
    "source": ("source", names.MILESTONE_SOURCES, "dp input", "text"),
    "confidence": ("confidence", names.MILESTONE_CONFIDENCE, "dp input", "text"),
}
_BLANK_ZERO = {"share": '0.00"%";-0.00"%";""', "money": '#,##0;-#,##0;""'}
_NUMBER_FIELDS = {"share": "share_pct", "amount": "amount_m", "national_base": "national_base_m"}  # text blocks are named as their fields


def headers(layout: Layout) -> dict:
    """Column -> header text for every milestone block after the path start share."""
    out = {}
    for block, (label, *_rest) in BLOCKS.items():
        first, _ = layout.milestone_cols(block)
        for m in range(layout.milestone_slots):
            out[first + m] = f"Milestone {m + 1} {label}"
    return out


def _input_value(point, block: str):
    if point is None:
        return None
    if block in _NUMBER_FIELDS:
        return getattr(point, _NUMBER_FIELDS[block])
    value = getattr(point, block)
    if point.amount_m is None and value == getattr(Milestone(point.year), block):
        return None  # a plain share's amount fields stay blank (read back as Milestone's defaults)
    return value or None


def _gdp_formula(layout: Layout, result, i: int, row: int, m: int, point) -> str:
    """The projected GDP of the milestone's year, in US dollars when its currency is USD, else in national currency."""
    col = lambda block: f"{col_letter(layout.milestone_cols(block)[0] + m)}{row}"  # noqa: E731
    y = f"{col_letter(layout.milestone_year_cols[0] + m)}{row}"
    c = col("currency")
    first, last = col_letter(FIRST_YEAR_COL), col_letter(layout.last_year_col)
    usd, nc = layout.gdp_usd_row(i), layout.gdp_nc_row(i)
    within = (f'IF({c}="USD",INDEX(${first}${usd}:${last}${usd},1,{y}-{names.BASE_YEAR}+1),'
              f"INDEX(${first}${nc}:${last}${nc},1,{y}-{names.BASE_YEAR}+1))")
    if layout.years[-1] >= IMF_LAST:
        # The GDP series' own rule beyond the IMF's last year: growth at that year's rate.
        k = layout.years.index(IMF_LAST)
        grow = lambda r: f"${layout.year_letter(k)}${r}*(${layout.year_letter(k)}${r}/${layout.year_letter(k - 1)}${r})^({y}-{IMF_LAST})"  # noqa: E731
        beyond = f'IF({c}="USD",{grow(usd)},{grow(nc)})'
    elif point is not None and point.year > layout.years[-1]:
        # The IMF's figure for a year past this workbook's last: fixed at export, for that year only.
        j = point.year - BASE_YEAR
        beyond = f'IF({y}={point.year},IF({c}="USD",{float(result.inputs.gdp_usd_m_long[i, j])!r},{float(result.inputs.gdp_nc_m_long[i, j])!r}),NA())'
    else:
        beyond = "NA()"
    return f"=IF(COUNT({y})=0,0,IF({y}<={names.LAST_YEAR},{within},{beyond}))"


def _amount_share_formula(layout: Layout, i: int, row: int, m: int) -> str:
    col = lambda block: f"{col_letter(layout.milestone_cols(block)[0] + m)}{row}"  # noqa: E731
    amount, base, gdp, c = col("amount"), col("national_base"), col("gdp"), col("currency")
    base_share = f"${col_letter(BASE_SHARE_COL)}{row}"
    first = col_letter(FIRST_YEAR_COL)
    gdp_base = f'IF({c}="USD",${first}${layout.gdp_usd_row(i)},${first}${layout.gdp_nc_row(i)})'
    growth = f"{base_share}*{amount}/{base}*{gdp_base}/{gdp}"
    return (f'=IF(COUNT({amount})=0,0,IF(AND({col("definition")}="{NATIONAL_DEFINITION}",COUNT({base})=1),'
            f"{growth},{amount}/{gdp}*100))")


def _path_share_formula(layout: Layout, row: int, m: int) -> str:
    col = lambda block: f"{col_letter(layout.milestone_cols(block)[0] + m)}{row}"  # noqa: E731
    share, amount = col("share"), col("amount")
    return f'=IF(COUNT({amount})=0,N({share}),IF(OR(COUNT({share})=0,{col("follows")}="amount"),{col("amount_share")},{share}))'


def write_milestone_cells(sw, layout: Layout, result, i: int, row: int, points, counted: bool) -> None:
    """Every milestone block of ally i's row: inputs for all allies, formulas for allies with defence figures."""
    resolved = {p.year: p for p in result.milestones.get(layout.allies[i].iso3, ())}
    for m in range(layout.milestone_slots):
        point = points[m] if m < len(points) else None
        for block, (_label, _name, style, kind) in BLOCKS.items():
            col = layout.milestone_cols(block)[0] + m
            if style == "dp input":
                value = _input_value(point, block)
                if kind == "text":
                    if value is None:
                        sw.put(row, col, None, "dp input text")
                    else:
                        sw.text(row, col, value, "dp input text", fit=block not in ("source",))
                else:
                    sw.put(row, col, value, f"dp input {kind}", kind=kind)
                continue
            if not counted:
                continue
            done = resolved.get(point.year) if point is not None else None
            if block == "path_share":
                formula, shown = _path_share_formula(layout, row, m), done.share_pct if done else None
            elif block == "amount_share":
                formula, shown = _amount_share_formula(layout, i, row, m), done.amount_share_pct if done else None
            else:
                formula, shown = _gdp_formula(layout, result, i, row, m, point), _exported_gdp(result, i, point)
            cell = sw.put(row, col, formula, f"dp calc {kind}", shown=shown if shown is not None else 0.0, kind=kind)
            cell.number_format = _BLANK_ZERO[kind]


def _exported_gdp(result, i: int, point):
    if point is None:
        return None
    gdp = result.inputs.gdp_usd_m_long if point.currency == "USD" else result.inputs.gdp_nc_m_long
    j = point.year - BASE_YEAR
    return float(gdp[i, j]) if j < gdp.shape[1] else None


def add_checks_and_names(sw, wb, layout: Layout, top: int, bottom: int, counted_rows) -> None:
    """Data validation on the milestone inputs, and a defined name for each block that has one."""
    from openpyxl.workbook.defined_name import DefinedName
    from openpyxl.worksheet.datavalidation import DataValidation

    from .inputs import absolute

    checks = {
        "amount": DataValidation(type="decimal", operator="greaterThan", formula1="0", allow_blank=True),
        "national_base": DataValidation(type="decimal", operator="greaterThan", formula1="0", allow_blank=True),
        "definition": DataValidation(type="list", formula1=f'"{",".join(DEFINITIONS)}"', allow_blank=True),
        "follows": DataValidation(type="list", formula1=f'"{",".join(FOLLOWS)}"', allow_blank=True),
    }
    for block, check in checks.items():
        first, last = layout.milestone_cols(block)
        check.error = f"Milestone {BLOCKS[block][0]}: see the column heading"
        sw.ws.add_data_validation(check)
        for row in counted_rows:
            check.add(f"{col_letter(first)}{row}:{col_letter(last)}{row}")
    for block, (_label, name, _style, _kind) in BLOCKS.items():
        if name is None:
            continue
        first, last = layout.milestone_cols(block)
        wb.defined_names[name] = DefinedName(name, attr_text=absolute(names.ASSUMPTIONS, top, first, bottom, last))
