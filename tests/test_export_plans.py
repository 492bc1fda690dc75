"""Announced plans in the workbook: milestone amounts as input cells, their provenance, the gap sheet, and reading them back."""

from dataclasses import replace

import pytest

from desktop.core.national_plans import default_plans
from desktop.core.presets import preset_scenario
from desktop.core.projection import compute
from desktop.core.scenario import Milestone, Scenario, Target
from desktop.spreadsheets.workbook import names
from desktop.spreadsheets.workbook.export import PlannerWorkbookError, export_workbook, read_planner_workbook


def cash_scenario() -> Scenario:
    """Cash-only milestones (NATO and national definitions, national currency and dollars), a share and an amount following the amount."""
    return Scenario(
        name="Cash milestones",
        target=Target(core_pct=3.5, related_pct=1.5, target_year=2035),
        milestones={
            "POL": [Milestone(2028, amount_m=250_000.0, currency="PLN", source="budget law", confidence="official")],
            "DEU": [Milestone(2027, 3.0), Milestone(2030, 3.2, amount_m=180_000.0, currency="EUR", follows="amount", source="plan", confidence="reported")],
            "CAN": [Milestone(2029, amount_m=80_000.0, currency="USD")],
            "NOR": [Milestone(2031, amount_m=200_000.0, currency="NOK", definition="national")],
            "FRA": [Milestone(2029, amount_m=70_000.0, currency="EUR", definition="national", national_base_m=50_540.0, follows="amount")],
            "ITA": [Milestone(2045, amount_m=90_000.0, currency="EUR", follows="amount")],  # beyond the horizon: GDP grown past the last year
        },
        horizon=2042,
    )


def _load(path, **kw):
    import openpyxl

    return openpyxl.load_workbook(path, **kw)


@pytest.fixture(scope="module")
def plans_xlsx(dataset, tmp_path_factory):
    path = tmp_path_factory.mktemp("plans") / "plans.xlsx"
    export_workbook(compute(dataset, preset_scenario("national-plans", dataset)), path)
    return path


@pytest.fixture(scope="module")
def cash_xlsx(dataset, tmp_path_factory):
    path = tmp_path_factory.mktemp("cash") / "cash.xlsx"
    export_workbook(compute(dataset, cash_scenario()), path)
    return path


def slot_cell(wb, name: str, iso3: str, slot: int = 0):
    """The cell of a per-ally milestone range (a defined name) for one ally and milestone slot."""
    (sheet, ref), = wb.defined_names[name].destinations
    ws = wb[sheet]
    first = ws[ref.replace("$", "").split(":")[0]]
    row = next(r for r in range(first.row, first.row + 40) if ws.cell(row=r, column=2).value == iso3)
    return ws.cell(row=row, column=first.column + slot)


def test_cash_milestones_round_trip_every_field(cash_xlsx):
    back = read_planner_workbook(cash_xlsx)
    assert back == cash_scenario()
    assert back.milestones["NOR"][0] == Milestone(2031, amount_m=200_000.0, currency="NOK", definition="national")


def test_amounts_are_input_cells_beside_year_and_share_and_the_path_share_is_a_formula(plans_xlsx):
    wb = _load(plans_xlsx)
    assert slot_cell(wb, names.MILESTONE_YEARS, "FRA").value == 2027
    assert slot_cell(wb, names.MILESTONE_SHARES, "FRA").value is None  # cash only: no stated share
    assert slot_cell(wb, names.MILESTONE_AMOUNTS, "FRA").value == 64_000.0
    assert slot_cell(wb, names.MILESTONE_CURRENCIES, "FRA").value == "EUR"
    assert slot_cell(wb, names.MILESTONE_DEFINITIONS, "FRA").value == "national"
    assert slot_cell(wb, names.MILESTONE_BASES, "FRA").value == 50_540.0
    assert slot_cell(wb, names.MILESTONE_FOLLOWS, "DEU", 1).value == "share"
    assert slot_cell(wb, names.MILESTONE_AMOUNTS, "DEU", 1).fill.fgColor.rgb.endswith("FFF2CC")
    path_share = slot_cell(wb, names.MILESTONE_PATH_SHARES, "FRA")
    assert path_share.data_type == "f" and f"{slot_cell(wb, names.MILESTONE_SHARES, 'FRA').coordinate}" in path_share.value
    share_sheet = wb[names.SHARE]["F5"].value
    (_, ref), = wb.defined_names[names.MILESTONE_PATH_SHARES].destinations
    assert ref.split(":")[1].rstrip("0123456789").replace("$", "") in share_sheet  # the path reads the calculated shares


def test_every_milestone_cites_its_source_and_confidence_and_national_definitions_say_so(dataset, plans_xlsx):
    wb = _load(plans_xlsx)
    scenario = preset_scenario("national-plans", dataset)
    for iso3, points in scenario.milestones.items():
        for slot, point in enumerate(points):
            assert slot_cell(wb, names.MILESTONE_SOURCES, iso3, slot).value == point.source
            assert slot_cell(wb, names.MILESTONE_CONFIDENCE, iso3, slot).value == point.confidence
    readme = "\n".join(str(c.value) for row in wb[names.README].iter_rows() for c in row if c.value)
    assert "3.5% in 2029 (also stated as €153 bn, 3.04% of projected GDP; the path follows the share)" in readme
    assert "€64 bn in 2027, national definition (+26.6% on €50.54 bn in 2025: 2.46% of projected GDP)" in readme
    assert "US$ 1,010 bn in 2026, national definition" in readme


def test_the_national_plans_sheet_lists_every_announced_point(dataset, plans_xlsx):
    ws = _load(plans_xlsx)[names.NATIONAL_PLANS]
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    header, body = rows[0], [dict(zip(rows[0], r)) for r in rows[1:] if r[1]]
    assert {"Kind", "Value", "Currency", "Definition", "What is counted", "Source", "Source date", "Confidence", "Followed by this scenario"} <= set(header)
    plans = default_plans(dataset)
    assert len(body) == len(plans)
    by_key = {(r["ISO3"], r["Year"], r["Kind"]): r for r in body}
    fra = by_key[("FRA", 2027, "amount (millions)")]
    assert (fra["Value"], fra["Currency"], fra["Definition"], fra["Followed by this scenario"]) == (64_000.0, "EUR", "national definition", "Yes")
    assert by_key[("FRA", 2025, "amount (millions)")]["Followed by this scenario"] == "No"  # the base-year amount is not a milestone
    assert by_key[("LTU", 2030, "share of GDP")]["Followed by this scenario"] == "No"  # low confidence, left out
    assert all(r["Source"] and r["Source date"] and r["Confidence"] for r in body)


def test_a_scenario_without_announced_points_has_no_plans_sheet(tmp_path, dataset):
    export_workbook(compute(dataset, preset_scenario("hague-2035", dataset)), tmp_path / "h.xlsx")
    wb = _load(tmp_path / "h.xlsx")
    assert names.NATIONAL_PLANS not in wb.sheetnames and names.GAP_TO_REFERENCE in wb.sheetnames


@pytest.mark.parametrize("name, value, words", [
    (names.MILESTONE_AMOUNTS, -5.0, "amount -5.0 m must be a positive number of millions"),
    (names.MILESTONE_CURRENCIES, "GBP", "must be in US dollars or EUR, not 'GBP'"),
    (names.MILESTONE_DEFINITIONS, "treasury", "definition must be one of nato, national"),
    (names.MILESTONE_BASES, 0.0, "base amount 0.0 m must be a positive number of millions"),
])
def test_an_edited_amount_goes_through_the_gate(plans_xlsx, tmp_path, name, value, words):
    wb = _load(plans_xlsx)
    slot_cell(wb, name, "FRA").value = value
    amount = slot_cell(wb, names.MILESTONE_AMOUNTS, "FRA").coordinate
    wb.save(tmp_path / "edited.xlsx")
    with pytest.raises(PlannerWorkbookError, match=rf"edited\.xlsx: Assumptions!{amount} \(FRA milestone 1\): .*{words}") as caught:
        read_planner_workbook(tmp_path / "edited.xlsx")
    assert "\n" not in str(caught.value)


def test_an_edited_amount_is_read_back(dataset, plans_xlsx, tmp_path):
    wb = _load(plans_xlsx)
    slot_cell(wb, names.MILESTONE_AMOUNTS, "FRA").value = 70_000
    slot_cell(wb, names.MILESTONE_SOURCES, "FRA").value = "my estimate"
    slot_cell(wb, names.MILESTONE_FOLLOWS, "DEU", 1).value = "Amount"
    wb.save(tmp_path / "edited.xlsx")
    back = read_planner_workbook(tmp_path / "edited.xlsx")
    scenario = preset_scenario("national-plans", dataset)
    assert back.milestones["FRA"] == (replace(scenario.milestones["FRA"][0], amount_m=70_000.0, source="my estimate"),)
    assert back.milestones["DEU"][1] == replace(scenario.milestones["DEU"][1], follows="amount")


def test_a_year_with_neither_share_nor_amount_is_refused_in_one_line(cash_xlsx, tmp_path):
    wb = _load(cash_xlsx)
    slot_cell(wb, names.MILESTONE_AMOUNTS, "POL").value = None
    wb.save(tmp_path / "edited.xlsx")
    with pytest.raises(PlannerWorkbookError, match=r"\(POL milestone 1\): the 2028 milestone gives neither a share of GDP nor an amount"):
        read_planner_workbook(tmp_path / "edited.xlsx")


def test_a_workbook_from_before_amounts_still_opens(dataset, tmp_path):
    scenario = preset_scenario("uk-plan", dataset)
    export_workbook(compute(dataset, scenario), tmp_path / "uk.xlsx")
    wb = _load(tmp_path / "uk.xlsx")
    for name in (names.MILESTONE_PATH_SHARES, names.MILESTONE_AMOUNTS, names.MILESTONE_CURRENCIES, names.MILESTONE_DEFINITIONS,
                 names.MILESTONE_BASES, names.MILESTONE_FOLLOWS, names.MILESTONE_SOURCES, names.MILESTONE_CONFIDENCE):
        del wb.defined_names[name]
    slot_cell(wb, names.MILESTONE_SHARES, "GBR", 1).value = 3.1
    wb.save(tmp_path / "old.xlsx")
    back = read_planner_workbook(tmp_path / "old.xlsx")
    assert [(p.year, p.share_pct) for p in back.milestones["GBR"]] == [(2027, 2.5), (2034, 3.1)]


def test_the_gap_sheet_names_its_reference_and_says_when_its_figures_are_fixed(dataset, tmp_path):
    result = compute(dataset, preset_scenario("national-plans", dataset))
    export_workbook(result, tmp_path / "hague.xlsx")
    export_workbook(result, tmp_path / "uk.xlsx", reference=preset_scenario("uk-plan", dataset))
    hague, uk = (_load(tmp_path / f"{n}.xlsx")[names.GAP_TO_REFERENCE] for n in ("hague", "uk"))
    assert hague["A1"].value.startswith("Gap to Hague 2035") and "Formulas" in hague["A2"].value
    assert "the shortfall is US$" in hague["A3"].value and hague["F5"].data_type == "f"
    assert uk["A1"].value.startswith("Gap to UK plan") and "FIXED VALUES FROM THE PLANNER" in uk["A2"].value
    fixed = [c for row in uk.iter_rows(min_row=40) for c in row if isinstance(c.value, float)]
    assert fixed and all(c.fill.fgColor.rgb.endswith("EDEDED") for c in fixed)
