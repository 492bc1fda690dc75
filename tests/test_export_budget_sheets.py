"""The Budget lines and Composition sheets are live: LibreOffice recalculates headroom, quantities and shares to the planner's numbers."""

import math
from dataclasses import replace

import pytest

from desktop.core.budget_lines import plan_budget_lines, resolved, with_changes
from desktop.core.composition import COMPONENTS, composition
from desktop.core.presets import preset_scenario
from desktop.core.projection import compute
from desktop.core.scenario import BudgetLine, Target
from desktop.spreadsheets.workbook import names
from desktop.spreadsheets.workbook.budget_sheets import (
    ENVELOPE,
    HEADROOM_ROWS,
    LINE_YEAR_COL,
    LinesLayout,
    composition_block_top,
)
from desktop.spreadsheets.workbook.export import export_workbook, read_planner_workbook
from desktop.spreadsheets.workbook.layout import plan_layout

from .test_export_recalc import SOFFICE, soffice_convert

pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")


def planned_scenario(dataset):
    """The UK announcements under a 3.5% target, with lines of every profile, currency and kind."""
    uk = preset_scenario("uk-announcements", dataset)
    more = (
        resolved(BudgetLine("F-35A", "GBR", "USD", (), "MoD", profile="back_loaded", first_year=2027, last_year=2031, total_m=9_000.0,
                            unit_cost=80e6)),
        resolved(BudgetLine("K2 tanks", "POL", "PLN", (), "MON", profile="front_loaded", first_year=2026, last_year=2029, total_m=40_000.0,
                            unit_cost=25e6)),
        BudgetLine("Barracks", "POL", "PLN", ((2027, 500.0), (2030, 800.0)), "MON", category="infrastructure"),
        resolved(BudgetLine("Resilience", "GBR", "GBP", (), "HMT", category="defence_related", profile="even", first_year=2028,
                            last_year=2030, total_m=3_000.0)),
    )
    return replace(uk, target=Target(core_pct=3.5, related_pct=1.5, target_year=2035), budget_lines=uk.budget_lines + more)


@pytest.fixture(scope="module")
def exported(dataset, tmp_path_factory):
    """(result, source path, recalculated path) for the planned scenario and for one with an envelope edited in the workbook."""
    import openpyxl

    src, out = tmp_path_factory.mktemp("lines-src"), tmp_path_factory.mktemp("lines-out")
    scenario = planned_scenario(dataset)
    result = compute(dataset, scenario)
    export_workbook(result, src / "planned.xlsx")
    wb = openpyxl.load_workbook(src / "planned.xlsx")
    ll = LinesLayout(result, plan_layout(dataset.allies, result.years, 2))
    wb[names.BUDGET_LINES].cell(row=ll.amounts_top + 2, column=ENVELOPE).value = 12_000.0  # munitions: £6 bn to £12 bn
    wb.save(src / "edited.xlsx")
    edited_lines = list(scenario.budget_lines)
    edited_lines[2] = with_changes(edited_lines[2], total_m=12_000.0)
    edited = compute(dataset, replace(scenario, budget_lines=tuple(edited_lines)))
    soffice_convert([src / "planned.xlsx", src / "edited.xlsx"], out, tmp_path_factory.mktemp("lo-profile"))
    return {"planned": (result, src / "planned.xlsx", out / "planned.xlsx"), "edited": (edited, src / "edited.xlsx", out / "edited.xlsx")}


def _close(actual, expected) -> bool:
    if expected is None or (isinstance(expected, float) and math.isnan(expected)):
        return actual in (None, "–")
    return isinstance(actual, (int, float)) and abs(actual - expected) <= 1e-9 * max(abs(expected), 1.0)


@pytest.mark.parametrize("name", ["planned", "edited"])
def test_headroom_and_quantities_recalculate_to_the_planner(exported, dataset, name):
    import openpyxl

    result, _, path = exported[name]
    plan = plan_budget_lines(result)
    ws = openpyxl.load_workbook(path, data_only=True)[names.BUDGET_LINES]
    ll = LinesLayout(result, plan_layout(dataset.allies, result.years, 2))
    wrong = []
    for a, iso3 in enumerate(ll.allies):
        h = plan.allies[iso3]
        expected = {"Extra": h.extra_nc, "Lines": h.lines_nc, "Headroom": h.headroom_nc, "Headroom US$": h.headroom_usd}
        for what in HEADROOM_ROWS:
            for j in range(len(ll.years)):
                actual = ws.cell(row=ll.headroom_row(a, what), column=LINE_YEAR_COL + j).value
                if not _close(actual, float(expected[what][j])):
                    wrong.append((iso3, what, ll.years[j], actual, float(expected[what][j])))
    for p in plan.lines:
        for y, units, spare in zip(p.years, p.units, p.headroom_units):
            col = LINE_YEAR_COL + ll.years.index(y)
            for top, want in ((ll.units_top, units), (ll.spare_top, spare)):
                actual = ws.cell(row=top + p.index, column=col).value
                if not _close(actual, want):
                    wrong.append((p.line.label, top, y, actual, want))
    assert wrong == [], f"{len(wrong)} cells differ, first: {wrong[:5]}"
    assert plan.lines[-3].units[0] == pytest.approx(40_000.0 * 4 / 10 / 25.0)  # K2: 40% of PLN 40 bn in the first year at PLN 25 m


@pytest.mark.parametrize("name", ["planned", "edited"])
def test_composition_recalculates_to_the_planner(exported, dataset, name):
    import openpyxl

    result, _, path = exported[name]
    shares = composition(result, plan_budget_lines(result))
    ws = openpyxl.load_workbook(path, data_only=True)[names.COMPOSITION]
    layout = plan_layout(dataset.allies, result.years, 2)
    wrong = []
    for k, component in enumerate(COMPONENTS):
        top = composition_block_top(layout, k)
        for n, i in enumerate(layout.counted):
            iso3 = dataset.allies[i].iso3
            for j in range(len(layout.years)):
                actual = ws.cell(row=top + 1 + n, column=layout.year_col(j)).value
                expected = float(shares[iso3].pct[component][j])
                if not _close(actual, expected):
                    wrong.append((iso3, component, layout.years[j], actual, expected))
    assert wrong == [], f"{len(wrong)} cells differ, first: {wrong[:5]}"


def test_the_edited_envelope_moves_the_headroom(exported):
    planned, edited = exported["planned"][0], exported["edited"][0]
    before = plan_budget_lines(planned).allies["GBR"].headroom_nc
    after = plan_budget_lines(edited).allies["GBR"].headroom_nc
    assert after[2] == pytest.approx(before[2] - 1_200.0)  # £6 bn more over five years


def test_the_lines_round_trip_through_the_workbook(exported, dataset):
    result, source, _ = exported["planned"]
    assert read_planner_workbook(source, dataset).budget_lines == result.scenario.budget_lines


def test_no_formula_of_the_new_sheets_is_blank_or_in_error(exported):
    import openpyxl

    _, source, path = exported["planned"]
    formulas, values = openpyxl.load_workbook(source), openpyxl.load_workbook(path, data_only=True)
    bad = [(title, cell.coordinate, values[title][cell.coordinate].value)
           for title in (names.BUDGET_LINES, names.COMPOSITION) for row in formulas[title].iter_rows() for cell in row
           if cell.data_type == "f" and (values[title][cell.coordinate].value is None or str(values[title][cell.coordinate].value).startswith(("#", "Err:")))]
    assert bad == []


def test_budget_years_recalculate_to_the_windows_labels(exported, dataset):
    """The Budget years column reads as the window does: 2025/26–2029/30 for the UK's April–March years."""
    import openpyxl

    from desktop.spreadsheets.workbook.budget_sheets import BUDGET_YEARS

    result, _, path = exported["planned"]
    ws = openpyxl.load_workbook(path, data_only=True)[names.BUDGET_LINES]
    ll = LinesLayout(result, plan_layout(dataset.allies, result.years, 2))
    for k, line in enumerate(result.scenario.budget_lines):
        ally = dataset.ally(line.iso3)
        first, last = ally.period_label(line.first_year), ally.period_label(line.last_year)
        assert ws.cell(row=ll.amounts_top + k, column=BUDGET_YEARS).value == (first if first == last else f"{first}–{last}"), line.label
    assert ws.cell(row=ll.amounts_top, column=BUDGET_YEARS).value == "2025/26–2029/30"
