"""The Budget lines and Composition sheets: lines spread over years, headroom, quantities and shares of spending as formulas.

Every formula mirrors core.budget_lines and core.composition, which the planner's own numbers come
from: LibreOffice recalculates the sheets to them (tests/test_export_recalc.py). The envelope, years,
profile, unit cost, quantity and baseline flag of each line are inputs an analyst may edit.
"""

from __future__ import annotations

from ...core.budget_lines import plan_budget_lines
from ...core.composition import COMPONENT_OF_CATEGORY, COMPONENT_TITLES, COMPONENTS, EQUIPMENT_GUIDELINE_PCT, composition, missing_note
from ...core.projection import Result
from . import names
from .inputs import write_label_cells, write_year_header
from .layout import FIRST_YEAR_COL, RESULT_TOP, Layout, col_letter
from .style import SheetWriter, print_landscape

A = f"'{names.ASSUMPTIONS}'!"
LINE_COLS = ("Budget line", "Ally", "Currency", "Category", "Profile", "First year", "Last year", "Envelope m", "Unit cost",
             "Quantity a year", "In baseline", "Component", "Source", "Budget years")
(LABEL, ISO3, CURRENCY, CATEGORY, PROFILE, FIRST, LAST, ENVELOPE, UNIT_COST, QUANTITY, IN_BASELINE, COMPONENT, SOURCE,
 BUDGET_YEARS) = range(1, len(LINE_COLS) + 1)
LINE_YEAR_COL = len(LINE_COLS) + 1
HEADROOM_ROWS = ("Extra", "Lines", "Headroom", "Headroom US$")
NOT_PUBLISHED = "not published"
MISSING = "–"
NOT_CORE = "not core"  # a defence-related line's component: outside core spending, so in no share


def _l(col: int) -> str:
    return col_letter(col)


class LinesLayout:
    """Where the Budget lines sheet's blocks sit: amounts, amounts in national currency, units, headroom per ally."""

    def __init__(self, result: Result, layout: Layout):
        self.n_lines = len(result.scenario.budget_lines)
        self.years = layout.years
        self.amounts_top = 6
        self.nc_top = self.amounts_top + self.n_lines + 3
        self.units_top = self.nc_top + self.n_lines + 3
        self.spare_top = self.units_top + self.n_lines + 3
        self.allies = sorted({line.iso3 for line in result.scenario.budget_lines}, key=lambda iso3: result.dataset.index(iso3))
        self.headroom_top = self.spare_top + self.n_lines + 3

    def year_letter(self, j: int) -> str:
        return _l(LINE_YEAR_COL + j)

    def block(self, top: int, col: int) -> str:
        return f"${_l(col)}${top}:${_l(col)}${top + self.n_lines - 1}"

    def headroom_row(self, k: int, what: str) -> int:
        return self.headroom_top + k * (len(HEADROOM_ROWS) + 1) + HEADROOM_ROWS.index(what)


def _budget_years_formula(ally, row: int) -> str:
    """The line's first and last years as the ally's budget years ('2025/26–2029/30' for April–March allies), live."""
    first, last = f"${_l(FIRST)}{row}", f"${_l(LAST)}{row}"
    if ally.fy_start_month == 4:
        label = lambda cell: f'{cell}&"/"&RIGHT({cell}+1,2)'  # noqa: E731
        return f'=IF({first}="","",{label(first)}&IF({last}={first},"","–"&{label(last)}))'
    return f'=IF({first}="","",{first}&IF({last}={first},"","–"&{last}))'


def _budget_years_text(ally, line) -> str:
    if line.first_year is None:
        return ""
    first, last = ally.period_label(line.first_year), ally.period_label(line.last_year)
    return first if first == last else f"{first}–{last}"


def _extra_nc(layout: Layout, i: int, L: str) -> str:
    """The ally's core extra in its currency: the US-dollar extra at the year's GDP exchange rate."""
    row = RESULT_TOP + layout.counted.index(i)
    return f"'{names.EXTRA}'!{L}{row}*{A}{L}{layout.gdp_nc_row(i)}/{A}{L}{layout.gdp_usd_row(i)}"


def _nc_factor(result: Result, layout: Layout, line, L: str) -> str:
    """Units of the ally's currency per unit of the line's currency that year."""
    i = result.dataset.index(line.iso3)
    if line.currency == "USD":
        return f"{A}{L}{layout.gdp_nc_row(i)}/{A}{L}{layout.gdp_usd_row(i)}"
    return repr(1.0 / result.dataset.units_per_national(line.iso3, line.currency))


def _amount_formula(line, row: int, year_cell: str) -> str | float:
    inside = f"AND({year_cell}>=${_l(FIRST)}{row},{year_cell}<=${_l(LAST)}{row})"
    n = f"(${_l(LAST)}{row}-${_l(FIRST)}{row}+1)"
    env = f"${_l(ENVELOPE)}{row}"
    if line.profile == "even":
        share = f"{env}/{n}"
    elif line.profile == "front_loaded":
        share = f"{env}*(${_l(LAST)}{row}-{year_cell}+1)/({n}*({n}+1)/2)"
    elif line.profile == "back_loaded":
        share = f"{env}*({year_cell}-${_l(FIRST)}{row}+1)/({n}*({n}+1)/2)"
    elif line.profile == "quantity":
        share = f"${_l(QUANTITY)}{row}*${_l(UNIT_COST)}{row}/1000000"
    else:
        return None
    return f"=IF({inside},{share},0)"


def write_budget_lines(wb, result: Result, layout: Layout) -> None:
    plan = plan_budget_lines(result)
    lines = result.scenario.budget_lines
    ll = LinesLayout(result, layout)
    sw = SheetWriter(wb[names.BUDGET_LINES])
    sw.text(1, 1, "Budget lines against the extra spending: what they are for, when, what they buy", "dp title", fit=False)
    sw.text(2, 1, "Envelope, years, unit cost, quantity and 'In baseline' are inputs: the amounts, headroom and quantities below are "
                  "formulas over them (explicit amounts are values). Lines are funded in the order listed. Millions of the line's "
                  "currency; unit cost in units of it per item (items are counted for lines that have one). NATO years: for April–March allies 2027 is FY 2027/28.", "dp note", fit=False)
    years_by_plan = {p.index: dict(zip(p.years, p.amounts)) for p in plan.lines}

    def header(row: int, title: str) -> None:
        sw.text(row - 1, 1, title, "dp section", fit=False)
        for c, label in enumerate(LINE_COLS, start=1):
            sw.text(row, c, label, "dp header")
        for j, year in enumerate(ll.years):
            sw.put(row, LINE_YEAR_COL + j, year, "dp header", kind="year")

    header(ll.amounts_top - 1, "Amounts, millions of the line's currency")
    for block_top in (ll.nc_top, ll.units_top, ll.spare_top):
        title = {ll.nc_top: "Amounts in the ally's currency, millions", ll.units_top: "Items bought (amount ÷ unit cost)",
                 ll.spare_top: "Items the ally's headroom left that year would buy"}[block_top]
        sw.text(block_top - 2, 1, title, "dp section", fit=False)
        sw.text(block_top - 1, 1, "Budget line", "dp header")
        sw.text(block_top - 1, 2, "Ally", "dp header")
        for j, year in enumerate(ll.years):
            sw.put(block_top - 1, LINE_YEAR_COL + j, year, "dp header", kind="year")
    by_index = {p.index: p for p in plan.lines}
    for k, line in enumerate(lines):
        row = ll.amounts_top + k
        p = by_index.get(k)
        sw.text(row, LABEL, line.label)
        sw.text(row, ISO3, line.iso3)
        sw.text(row, CURRENCY, line.currency)
        sw.text(row, CATEGORY, line.category)
        sw.text(row, PROFILE, line.profile)
        sw.put(row, FIRST, line.first_year, "dp input year", kind="year")
        sw.put(row, LAST, line.last_year, "dp input year", kind="year")
        sw.put(row, ENVELOPE, line.total_m, "dp input money", kind="money")
        sw.put(row, UNIT_COST, line.unit_cost, "dp input money", kind="money")
        sw.put(row, QUANTITY, line.quantity, "dp input money", kind="money")
        sw.text(row, IN_BASELINE, "Yes" if line.in_baseline else "No", "dp input text")
        component = COMPONENT_OF_CATEGORY.get(line.category, NOT_CORE)
        d = f"${_l(CATEGORY)}{row}"
        sw.put(row, COMPONENT, f'=IF(OR({d}="equipment",{d}="research_development"),"equipment",IF({d}="personnel","personnel",'
                               f'IF({d}="infrastructure","infrastructure",IF({d}="defence_related","{NOT_CORE}","other"))))', "dp calc text", shown=component)
        sw.text(row, SOURCE, line.source)
        sw.put(row, BUDGET_YEARS, _budget_years_formula(result.dataset.ally(line.iso3), row), "dp calc text",
               shown=_budget_years_text(result.dataset.ally(line.iso3), line))
        amounts = years_by_plan.get(k, {})
        for j, year in enumerate(ll.years):
            L = ll.year_letter(j)
            year_cell = f"{L}${ll.amounts_top - 1}"
            formula = _amount_formula(line, row, year_cell)
            amount = amounts.get(year, 0.0)
            if formula is None:
                sw.put(row, LINE_YEAR_COL + j, amount, "dp value money", kind="money")
            else:
                sw.put(row, LINE_YEAR_COL + j, formula, "dp calc money", shown=amount, kind="money")
            nc_row, units_row, spare_row = ll.nc_top + k, ll.units_top + k, ll.spare_top + k
            if p is None:
                continue
            factor = _nc_factor(result, layout, line, layout.year_letter(j))  # the Assumptions sheet's column of the year
            position = p.years.index(year) if year in p.years else None
            sw.put(nc_row, LINE_YEAR_COL + j, f"={L}{row}*{factor}", "dp calc money",
                   shown=p.amounts_nc[position] if position is not None else 0.0, kind="money")
            if line.unit_cost is None:  # nothing to count: the cells stay empty rather than hold blank formulas
                continue
            cost = f"${_l(UNIT_COST)}{row}"
            shown = p.units[position] if position is not None else 0.0
            sw.put(units_row, LINE_YEAR_COL + j, f"={L}{row}*1000000/{cost}", "dp calc money", shown=shown, kind="money")
            a = ll.allies.index(line.iso3)
            spare_nc = f"MAX({L}{ll.headroom_row(a, 'Headroom')},0)"
            shown = p.headroom_units[position] if position is not None else None
            sw.put(spare_row, LINE_YEAR_COL + j, f"={spare_nc}/({factor})*1000000/{cost}", "dp calc money", shown=shown, kind="money")
        for top in (ll.nc_top, ll.units_top, ll.spare_top):
            sw.text(top + k, 1, line.label)
            sw.text(top + k, 2, line.iso3)
    _write_headroom(sw, result, layout, ll, plan)
    sw.fit_columns()
    sw.ws.freeze_panes = f"{_l(LINE_YEAR_COL)}{ll.amounts_top}"
    print_landscape(sw.ws, title_rows=f"{ll.amounts_top - 1}:{ll.amounts_top - 1}", title_cols="A:B")


def lines_sum(ll: LinesLayout, iso3_cell: str, j: int, component: str | None = None, prefix: str = "") -> str:
    """The SUMIFS of an ally's lines not in baseline, in the ally's currency, in year j: its core lines, or one component's."""
    def block(top: int, col: int) -> str:
        return prefix + ll.block(top, col)

    nc = block(ll.nc_top, LINE_YEAR_COL + j)
    head = f'SUMIFS({nc},{block(ll.amounts_top, ISO3)},{iso3_cell},{block(ll.amounts_top, IN_BASELINE)},"No",'
    if component is not None:
        return head + f'{block(ll.amounts_top, COMPONENT)},"{component}")'
    return head + f'{block(ll.amounts_top, CATEGORY)},"<>defence_related")'


def _write_headroom(sw: SheetWriter, result: Result, layout: Layout, ll: LinesLayout, plan) -> None:
    sw.text(ll.headroom_top - 2, 1, "Headroom per ally: the extra over the status quo less the core lines not in baseline, millions",
            "dp section", fit=False)
    sw.text(ll.headroom_top - 1, 1, "Ally", "dp header")
    sw.text(ll.headroom_top - 1, 2, "ISO3", "dp header")
    sw.text(ll.headroom_top - 1, 3, "Figure", "dp header")
    for j, year in enumerate(ll.years):
        sw.put(ll.headroom_top - 1, LINE_YEAR_COL + j, year, "dp header", kind="year")
    for a, iso3 in enumerate(ll.allies):
        i = result.dataset.index(iso3)
        ally = result.dataset.ally(iso3)
        h = plan.allies[iso3]
        shown = {"Extra": h.extra_nc, "Lines": h.lines_nc, "Headroom": h.headroom_nc, "Headroom US$": h.headroom_usd}
        for what in HEADROOM_ROWS:
            row = ll.headroom_row(a, what)
            sw.text(row, 1, ally.name)
            sw.text(row, 2, iso3)
            sw.text(row, 3, f"{what} m" if what == "Headroom US$" else f"{what}, {ally.currency} m")
            iso_cell = f"$B{row}"
            for j in range(len(ll.years)):
                L, Lr = ll.year_letter(j), layout.year_letter(j)
                formula = {
                    "Extra": f"={_extra_nc(layout, i, Lr)}",
                    "Lines": f"={lines_sum(ll, iso_cell, j)}",
                    "Headroom": f"={L}{ll.headroom_row(a, 'Extra')}-{L}{ll.headroom_row(a, 'Lines')}",
                    "Headroom US$": f"={L}{ll.headroom_row(a, 'Headroom')}*{A}{Lr}{layout.gdp_usd_row(i)}/{A}{Lr}{layout.gdp_nc_row(i)}",
                }[what]
                style = "dp total money" if what.startswith("Headroom") else "dp calc money"
                sw.put(row, LINE_YEAR_COL + j, formula, style, shown=float(shown[what][j]), kind="money")


def composition_block_top(layout: Layout, k: int) -> int:
    """Header row of the k-th component's block on the Composition sheet."""
    return 5 + k * (len(layout.counted) + 4)


def write_composition(wb, result: Result, layout: Layout) -> None:
    """Each component's share of total defence spending per ally and year, after the lines; NATO's 2025e share beside it."""
    plan = plan_budget_lines(result)
    shares = composition(result, plan)
    ll = LinesLayout(result, layout) if result.scenario.budget_lines else None
    sw = SheetWriter(wb[names.COMPOSITION])
    sw.text(1, 1, f"What defence spending goes on: shares of total spending after the budget lines (NATO guideline: at least "
                  f"{EQUIPMENT_GUIDELINE_PCT:g}% on equipment)", "dp title", fit=False)
    sw.text(2, 1, "NATO's 2025e share × status-quo spending, plus the lines of that component not in baseline, over total spending "
                  "(the scenario's, or more where the lines overrun the extra). Research and development counts as equipment; "
                  "defence-related lines are outside core spending. Where NATO published no 2025e share, none is shown.", "dp note", fit=False)
    base_col = layout.last_year_col + 2
    missing = [missing_note(result.dataset, a.iso3, shares[a.iso3].missing) for a in layout.allies if a.iso3 in shares and shares[a.iso3].missing]
    if missing:
        sw.text(3, 1, "; ".join(missing) + ".", "dp note", fit=False)
    for k, component in enumerate(COMPONENTS):
        header = composition_block_top(layout, k)
        sw.text(header - 1, 1, f"{COMPONENT_TITLES[component]}, % of defence spending", "dp section", fit=False)
        write_year_header(sw, header, layout)
        sw.text(header, base_col, "NATO 2025e %", "dp header")
        for n, i in enumerate(layout.counted):
            row = header + 1 + n
            ally = layout.allies[i]
            c = shares[ally.iso3]
            write_label_cells(sw, row, ally)
            base = c.base_pct[component]
            if base is None:  # say so rather than invent: no formula can give a share NATO did not publish
                sw.text(row, base_col, NOT_PUBLISHED)
                for j in range(len(layout.years)):
                    sw.text(row, layout.year_col(j), MISSING)
                continue
            sw.put(row, base_col, base, "dp value share", kind="share")
            base_cell = f"${_l(base_col)}{row}"
            for j in range(len(layout.years)):
                L = layout.year_letter(j)
                extra = _extra_nc(layout, i, L)
                spend = f"'{names.SPEND_NC}'!{L}{RESULT_TOP + layout.counted.index(i)}"
                if ll is not None:
                    iso, on = f"$B{row}", f"'{names.BUDGET_LINES}'!"
                    own = lines_sum(ll, iso, j, component, on)
                    every = "+".join(lines_sum(ll, iso, j, other, on) for other in COMPONENTS)
                else:
                    own, every = "0", "0"
                total = f"(({spend})-({extra})+MAX({extra},{every}))"
                formula = f"=({base_cell}/100*(({spend})-({extra}))+{own})/{total}*100"
                value = c.pct[component][j]
                sw.put(row, layout.year_col(j), formula, "dp calc share", shown=None if value != value else float(value), kind="share")
    sw.fit_columns()
    sw.ws.freeze_panes = "F5"
    print_landscape(sw.ws, title_rows="4:4", title_cols="A:B")
