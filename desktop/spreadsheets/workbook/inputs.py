"""The Assumptions sheet: the scenario's inputs as styled, named cells, and the paths derived from them."""

from __future__ import annotations

from ...core.dataset import BASE_YEAR, IMF_LAST
from ...core.projection import Result
from ...core.sources import national_currency_note
from . import names
from .layout import (
    BASE_SHARE_COL,
    FIRST_YEAR_COL,
    IN_SCOPE_COL,
    MILESTONE_COUNT_COL,
    PATH_START_YEAR_COL,
    Layout,
    col_letter,
    group_of,
    year_basis,
)
from .style import SheetWriter, print_landscape

# A scenario without an alliance-wide target still gets these cells, switched off, so that an
# analyst can turn a target on in Excel without retyping the whole block.
_PLACEHOLDER = {"core_pct": 3.5, "related_pct": 1.5, "target_year": 2035, "shape": "linear", "step_year": None, "no_cuts": True, "scope": "all", "related_baseline_pct": 0.0}

LABEL_COLS = ("Ally", "ISO3", "Group", "Currency", "Year basis")


def absolute(sheet: str, row: int, col: int, last_row: int | None = None, last_col: int | None = None) -> str:
    ref = f"'{sheet}'!${col_letter(col)}${row}"
    if last_row is not None:
        ref += f":${col_letter(last_col)}${last_row}"
    return ref


def _yes_no(flag: bool) -> str:
    return "Yes" if flag else "No"


def _scalars(result: Result, layout: Layout) -> list:
    """(name, label, value, kind, is_input, explanation) for every scalar row."""
    t = result.scenario.target
    v = _PLACEHOLDER if t is None else {k: getattr(t, k) for k in _PLACEHOLDER}
    first_y, last_y = layout.milestone_year_cols
    milestone_years = absolute(names.ASSUMPTIONS, layout.ally_row(0), first_y, layout.ally_row(len(layout.allies) - 1), last_y)
    return [
        (names.TARGET_APPLIES, "Alliance-wide target applies", _yes_no(t is not None), "text", True,
         "Yes or No. No: allies keep their 2025 share unless they have milestones (the values below are then unused)."),
        (names.CORE_TARGET, "Core defence target (% of GDP)", v["core_pct"], "share", True, "Core defence spending every ally in scope reaches by the target year."),
        (names.RELATED_TARGET, "Defence-related target (% of GDP)", v["related_pct"], "share", True, "Defence-related spending (resilience, infrastructure), reported separately from core."),
        (names.RELATED_BASELINE, f"Defence-related baseline in {BASE_YEAR} (% of GDP)", v["related_baseline_pct"], "share", True,
         "Where defence-related spending starts; NATO publishes no such figure, so 0 unless the scenario sets one."),
        (names.TARGET_YEAR, "Target year", v["target_year"], "year", True, f"NATO year by which the target is met ({BASE_YEAR + 1}-2060)."),
        (names.PATH_SHAPE, "Path shape", v["shape"], "text", True, "linear: a straight line from the 2025 share to the target; step: the target from the step year on."),
        (names.STEP_YEAR, "Step year (step paths)", v["step_year"], "year", True, "Year the step is taken; leave blank to step in the target year."),
        (names.NO_CUTS, "No cuts", _yes_no(v["no_cuts"]), "text", True, "Yes: no ally in scope falls below its 2025 share on the way to the target."),
        (names.TARGET_SCOPE, "Target applies to", names.SCOPE_LABELS[v["scope"]], "text", True, "All allies, or Europe and Canada only (the United States keeps its 2025 share)."),
        (names.JUMP_YEAR, "Step taken in (calculated)", f"=IF(ISBLANK({names.STEP_YEAR}),{names.TARGET_YEAR},{names.STEP_YEAR})", "year", False, "The step year, or the target year when no step year is given."),
        (names.REPORT_YEAR, "Year reported in summaries (calculated)",
         f"=MIN({names.LAST_YEAR},IF({names.TARGET_APPLIES}=\"Yes\",{names.TARGET_YEAR},IF(COUNT({milestone_years})=0,{names.LAST_YEAR},MAX({milestone_years}))))",
         "year", False, "The target year (or the last milestone year), within the years of this workbook."),
        (names.BASE_YEAR, "Base year (fixed)", BASE_YEAR, "year", False, "Latest year of NATO figures; every path starts from the allies' shares in this year."),
        (names.LAST_YEAR, "Last year in this workbook (fixed)", layout.years[-1], "year", False, "To project further, change the horizon in the planner and export again."),
    ]


def _write_scalars(sw: SheetWriter, wb, result: Result, layout: Layout) -> None:
    from openpyxl.workbook.defined_name import DefinedName
    from openpyxl.worksheet.datavalidation import DataValidation

    checks = {
        names.TARGET_APPLIES: DataValidation(type="list", formula1='"Yes,No"'),
        names.NO_CUTS: DataValidation(type="list", formula1='"Yes,No"'),
        names.PATH_SHAPE: DataValidation(type="list", formula1='"linear,step"'),
        names.TARGET_SCOPE: DataValidation(type="list", formula1=f'"{",".join(names.SCOPE_LABELS.values())}"'),
        names.CORE_TARGET: DataValidation(type="decimal", operator="between", formula1="0", formula2="100"),
        names.RELATED_TARGET: DataValidation(type="decimal", operator="between", formula1="0", formula2="100"),
        names.RELATED_BASELINE: DataValidation(type="decimal", operator="between", formula1="0", formula2="100"),
        names.TARGET_YEAR: DataValidation(type="whole", operator="between", formula1=str(BASE_YEAR + 1), formula2="2060"),
        names.STEP_YEAR: DataValidation(type="whole", operator="between", formula1=str(BASE_YEAR), formula2="2060", allow_blank=True),
    }
    section = min(layout.scalar_rows.values()) - 1
    sw.text(section, 1, "Alliance-wide target", "dp section", fit=False)
    sw.text(section, 2, "Value", "dp header")
    sw.text(section, 3, "Meaning", "dp header", fit=False)
    for name, label, value, kind, is_input, explanation in _scalars(result, layout):
        row = layout.scalar_rows[name]
        sw.text(row, 1, label)
        style = f"dp {'input' if is_input else 'calc'} {kind}"
        if isinstance(value, str) and not value.startswith("="):
            sw.text(row, 2, value, style)
        else:
            sw.put(row, 2, value, style, kind=kind)
        sw.text(row, 3, explanation, "dp note", fit=False)
        wb.defined_names[name] = DefinedName(name, attr_text=absolute(names.ASSUMPTIONS, row, 2))
        if name in checks:
            check = checks[name]
            check.error = f"{label}: see the explanation beside the cell"
            sw.ws.add_data_validation(check)
            check.add(f"B{row}")


def write_label_cells(sw: SheetWriter, row: int, ally) -> None:
    sw.text(row, 1, ally.name)
    sw.text(row, 2, ally.iso3)
    sw.text(row, 3, group_of(ally))
    sw.text(row, 4, ally.currency)
    sw.text(row, 5, year_basis(ally))


def write_year_header(sw: SheetWriter, row: int, layout: Layout, first_labels=LABEL_COLS) -> None:
    for c, label in enumerate(first_labels, start=1):
        sw.text(row, c, label, "dp header")
    for j, year in enumerate(layout.years):
        sw.put(row, layout.year_col(j), year, "dp header", kind="year")


def _write_paths(sw: SheetWriter, wb, layout: Layout) -> None:
    from openpyxl.workbook.defined_name import DefinedName

    hdr = layout.years_header_row
    sw.text(hdr - 1, 1, "Paths by year (calculated from the target above)", "dp section", fit=False)
    write_year_header(sw, hdr, layout, ("Path", "", "", "", ""))
    sw.text(layout.progress_row, 1, "Progress along the path (0 = 2025 share, 1 = target)")
    sw.text(layout.related_path_row, 1, "Defence-related share, allies in scope (% of GDP)")
    for j in range(len(layout.years)):
        y = f"{layout.year_letter(j)}${hdr}"
        progress = (
            f'=IF({names.PATH_SHAPE}="step",IF({y}>={names.JUMP_YEAR},1,0),'
            f"MIN(1,MAX(0,({y}-{names.BASE_YEAR})/({names.TARGET_YEAR}-{names.BASE_YEAR}))))"
        )
        sw.put(layout.progress_row, layout.year_col(j), progress, "dp calc fraction", shown=0.0, kind="fraction")
        related = f"={names.RELATED_BASELINE}+({names.RELATED_TARGET}-{names.RELATED_BASELINE})*{layout.year_letter(j)}${layout.progress_row}"
        sw.put(layout.related_path_row, layout.year_col(j), related, "dp calc share", shown=100.0, kind="share")
    last = layout.last_year_col
    wb.defined_names[names.PATH_PROGRESS] = DefinedName(names.PATH_PROGRESS, attr_text=absolute(names.ASSUMPTIONS, layout.progress_row, FIRST_YEAR_COL, layout.progress_row, last))
    wb.defined_names[names.RELATED_PATH] = DefinedName(names.RELATED_PATH, attr_text=absolute(names.ASSUMPTIONS, layout.related_path_row, FIRST_YEAR_COL, layout.related_path_row, last))


def _write_allies(sw: SheetWriter, wb, result: Result, layout: Layout) -> None:
    from openpyxl.workbook.defined_name import DefinedName
    from openpyxl.worksheet.datavalidation import DataValidation

    from .milestone_cells import add_checks_and_names, headers as milestone_headers, write_milestone_cells

    hdr = layout.ally_header_row
    k = layout.milestone_slots
    first_y, last_y = layout.milestone_year_cols
    first_s, last_s = layout.milestone_share_cols
    sw.text(hdr - 1, 1, "Allies: 2025 shares and milestones (a milestone replaces the alliance-wide path for that ally; "
            "one stated as an amount becomes a share of its year's projected GDP)", "dp section", fit=False)
    headers = list(LABEL_COLS) + [f"{BASE_YEAR} share (% of GDP)", "In target scope", "Milestones", "Path start year"]
    headers += [f"Milestone {m + 1} year" for m in range(k)] + ["Path start share"]
    headers += [milestone_headers(layout)[c] for c in range(layout.path_start_share_col + 1, layout.note_col)] + ["Note"]
    for c, label in enumerate(headers, start=1):
        if c > layout.path_start_share_col and label != "Note":
            # Milestone headings wrap over three lines, so that they do not widen the year columns of the blocks below.
            sw.put(hdr, c, label, "dp header", shown=label[: len(label) // 3 + 4])
        else:
            sw.text(hdr, c, label, "dp header", fit=label != "Note")
    sw.ws.row_dimensions[hdr].height = 48
    share_check = DataValidation(type="decimal", operator="between", formula1="0", formula2="100", allow_blank=True)
    year_check = DataValidation(type="whole", operator="between", formula1=str(BASE_YEAR + 1), formula2="2060", allow_blank=True)
    sw.ws.add_data_validation(share_check)
    sw.ws.add_data_validation(year_check)
    milestones = result.scenario.milestones
    counted_rows = []
    for i, ally in enumerate(layout.allies):
        row = layout.ally_row(i)
        write_label_cells(sw, row, ally)
        points = milestones.get(ally.iso3, ())
        for m in range(k):
            point = points[m] if m < len(points) else None
            sw.put(row, first_y + m, point.year if point else None, "dp input year", kind="year")
        write_milestone_cells(sw, layout, result, i, row, points, ally.has_defence_figures)
        if not ally.has_defence_figures:
            sw.put(row, IN_SCOPE_COL, False, "dp calc text")
            sw.put(row, MILESTONE_COUNT_COL, 0, "dp calc year")
            sw.text(row, layout.note_col, ally.note or "no defence figures; excluded", "dp note", fit=False)
            continue
        counted_rows.append(row)
        sw.put(row, BASE_SHARE_COL, float(result.inputs.base_share[i]), "dp input share", kind="share")
        scope = (
            f'=AND({names.TARGET_APPLIES}="Yes",$C{row}<>"{names.GROUP_NOT_COUNTED}",'
            f'OR({names.TARGET_SCOPE}="{names.SCOPE_LABELS["all"]}",$C{row}="{names.GROUP_EUROPE_CANADA}"))'
        )
        sw.put(row, IN_SCOPE_COL, scope, "dp calc text", shown="In target scope")
        sw.put(row, MILESTONE_COUNT_COL, f"=COUNT({col_letter(first_y)}{row}:{col_letter(last_y)}{row})", "dp calc year")
        sw.put(row, PATH_START_YEAR_COL, f"={names.BASE_YEAR}", "dp calc year", shown=BASE_YEAR)
        sw.put(row, layout.path_start_share_col, f"=$F{row}", "dp calc share", shown=100.0, kind="share")
        share_check.add(f"{col_letter(BASE_SHARE_COL)}{row}")
        year_check.add(f"{col_letter(first_y)}{row}:{col_letter(last_y)}{row}")
        share_check.add(f"{col_letter(first_s)}{row}:{col_letter(last_s)}{row}")
        note = "; ".join(filter(None, [ally.note] + [r.warning for r in result.milestones.get(ally.iso3, ())]))
        if note:
            sw.text(row, layout.note_col, note, "dp note", fit=False)
    top, bottom = layout.ally_row(0), layout.ally_row(len(layout.allies) - 1)
    for name, first, last in (
        (names.ALLY_CODES, 2, 2),
        (names.BASE_SHARES, BASE_SHARE_COL, BASE_SHARE_COL),
        (names.MILESTONE_YEARS, first_y, last_y),
    ):
        wb.defined_names[name] = DefinedName(name, attr_text=absolute(names.ASSUMPTIONS, top, first, bottom, last))
    add_checks_and_names(sw, wb, layout, top, bottom, counted_rows)


def _write_series(sw: SheetWriter, wb, layout: Layout, header_row: int, title: str, name: str, values, kind: str) -> None:
    """A per-ally series: inputs up to the last IMF year, then formulas growing at the last year's rate."""
    from openpyxl.workbook.defined_name import DefinedName

    sw.text(header_row - 1, 1, title, "dp section", fit=False)
    write_year_header(sw, header_row, layout)
    years = layout.years
    last_imf = years.index(IMF_LAST) if IMF_LAST in years else None
    for i, ally in enumerate(layout.allies):
        row = header_row + 1 + i
        write_label_cells(sw, row, ally)
        for j, year in enumerate(years):
            col = layout.year_col(j)
            if year <= IMF_LAST:
                sw.put(row, col, float(values[i, j]), f"dp input {kind}", kind=kind)
                continue
            last = f"${layout.year_letter(last_imf)}{row}"
            before = f"${layout.year_letter(last_imf - 1)}{row}"
            formula = f"={last}*({last}/{before})^({layout.year_letter(j)}${header_row}-${layout.year_letter(last_imf)}${header_row})"
            sw.put(row, col, formula, f"dp calc {kind}", shown=float(values[i, j]), kind=kind)
    attr = absolute(names.ASSUMPTIONS, header_row + 1, FIRST_YEAR_COL, header_row + len(layout.allies), layout.last_year_col)
    wb.defined_names[name] = DefinedName(name, attr_text=attr)


def write_assumptions(wb, result: Result, layout: Layout) -> None:
    ws = wb[names.ASSUMPTIONS]
    sw = SheetWriter(ws)
    sw.text(1, 1, "Assumptions", "dp title", fit=False)
    sw.text(2, 1, "Yellow cells are inputs: change one and every result sheet recalculates. White cells are calculated; grey cells are fixed values.", "dp note", fit=False)
    sw.text(3, 1, "The planner reads this sheet back when the workbook is opened in it, so edits made here carry over.", "dp note", fit=False)
    _write_scalars(sw, wb, result, layout)
    _write_paths(sw, wb, layout)
    _write_allies(sw, wb, result, layout)
    inputs = result.inputs
    last_imf = f"; later years grow at {IMF_LAST}'s rate" if layout.years[-1] > IMF_LAST else ""
    _write_series(sw, wb, layout, layout.gdp_usd_header_row, f"GDP, million US dollars (IMF World Economic Outlook{last_imf})", names.GDP_USD, inputs.gdp_usd_m, "money")
    _write_series(sw, wb, layout, layout.gdp_nc_header_row, f"GDP, million units of national currency (IMF World Economic Outlook{last_imf}). "
                  + national_currency_note(result.dataset), names.GDP_NC, inputs.gdp_nc_m, "money")
    _write_series(sw, wb, layout, layout.population_header_row, f"Population, millions (IMF World Economic Outlook{last_imf})", names.POPULATION, inputs.population_m, "decimal")
    sw.fit_columns()
    ws.column_dimensions["A"].width = max(ws.column_dimensions["A"].width, 44)
    ws.freeze_panes = "C1"
    print_landscape(ws, title_cols="A:B")
