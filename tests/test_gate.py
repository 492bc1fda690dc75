"""One gate for every figure: files, imports, the planner's workbooks and window edits all refuse the same things."""

import json
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core.merge import AS_BUDGET_LINES, AS_GDP, AS_SHARE, apply_table
from desktop.core.presets import preset_scenario
from desktop.core.projection import compute
from desktop.core.recovery import read_recovery, write_recovery
from desktop.core.scenario import BudgetLine, Milestone, Override, Scenario, Target
from desktop.core.scenario_file import ScenarioFileError, read_scenario, scenario_payload, scenario_to_dict, write_scenario
from desktop.core.validation import FigureRefused, check_figure, clean_text, figure_fault, milestone_fault, screen_scenario

from .test_export_workbook import _load, _set


@pytest.mark.parametrize(
    "iso3,indicator,year,value,fault",
    [
        ("POL", "share_gdp_pct", 2024, 4.12, ""),
        ("POL", "share_gdp_pct", 2024, 0.0, ""),
        ("POL", "share_gdp_pct", 2024, 100.0, ""),
        ("POL", "share_gdp_pct", 2024, 150.0, "outside the plausible range (0..100)"),
        ("POL", "share_gdp_pct", 2024, -0.1, "outside the plausible range"),
        ("POL", "share_gdp_pct", 2024, float("nan"), "is not a finite number"),
        ("POL", "share_gdp_pct", 2024, float("inf"), "is not a finite number"),
        ("POL", "share_gdp_pct", 2024, 10**400, "is not a finite number"),
        ("POL", "share_gdp_pct", 2024, True, "is not a finite number"),
        ("POL", "share_gdp_pct", 2024, "4.1", "is not a finite number"),
        ("POL", "gdp_usd_bn", 2026, 0.0, "outside the plausible range (above 0"),
        ("POL", "population_m", 2026, 0.0, "outside the plausible range (above 0"),
        ("POL", "real_gdp_growth_pct", 2026, -100.0, "outside the plausible range (above -100"),
        ("POL", "real_gdp_growth_pct", 2026, -99.0, ""),
        ("ISL", "share_gdp_pct", 2024, 0.1, "Iceland has no armed forces"),
        ("ISL", "gdp_usd_bn", 2026, 35.0, ""),
        ("XXX", "share_gdp_pct", 2024, 2.0, "'XXX' is not an ally's ISO3 code"),
        ("POL", "share_gdp_pct", 2031, 2.0, "year 2031 is outside 2014..2025"),
        ("POL", "gdp_usd_bn", 2014, 500.0, "year 2014 is outside 2022..2030"),
        ("POL", "share_gdp_pct", 10**30, 2.0, "is outside 2014..2025"),
        ("POL", "mood", 2024, 2.0, "unknown indicator 'mood'"),
    ],
)
def test_the_gate(dataset, iso3, indicator, year, value, fault):
    found = figure_fault(dataset, iso3, indicator, year, value)
    assert (fault in found) if fault else found == ""
    assert "\n" not in found and len(found) < 200


def test_milestones_pass_the_same_gate(dataset):
    assert milestone_fault(dataset, "GBR", Milestone(2027, 2.5)) == ""
    assert "between 2026 and 2060" in milestone_fault(dataset, "GBR", Milestone(2025, 2.5))
    assert "plausible range" in milestone_fault(dataset, "GBR", Milestone(2030, 150.0))
    assert "Iceland has no armed forces" in milestone_fault(dataset, "ISL", Milestone(2030, 2.0))
    assert "not an ally" in milestone_fault(dataset, "ATL", Milestone(2030, 2.0))
    assert milestone_fault(dataset, "DEU", Milestone(2029, 3.5, amount_m=153_000.0, currency="EUR")) == ""
    assert milestone_fault(dataset, "USA", Milestone(2026, amount_m=1_010_000.0, currency="USD", definition="national", national_base_m=892_600.0)) == ""
    assert "neither a share of GDP nor an amount" in milestone_fault(dataset, "DEU", Milestone(2029))
    assert "must be in US dollars or EUR, not 'GBP'" in milestone_fault(dataset, "DEU", Milestone(2029, amount_m=1.0, currency="GBP"))
    assert "positive number of millions" in milestone_fault(dataset, "DEU", Milestone(2029, amount_m=-5.0, currency="EUR"))
    assert "definition must be one of" in milestone_fault(dataset, "DEU", Milestone(2029, amount_m=5.0, currency="EUR", definition="mine"))
    with pytest.raises(FigureRefused, match="plausible range"):
        check_figure(dataset, "GBR", "share_gdp_pct", 2024, 101.0)


def test_text_is_cleaned_of_what_cannot_be_saved():
    assert clean_text("Drones\ud800 \x07 (2025)\nnew line") == "Drones\ufffd  (2025) new line"
    assert clean_text("two\nlines", single_line=False) == "two\nlines"


# --- route 1: scenario files --------------------------------------------------------------


def _defplan(tmp_path, edit):
    data = scenario_to_dict(Scenario("x"))
    edit(data)
    path = tmp_path / "x.defplan"
    path.write_text(json.dumps(data))
    return path


@pytest.mark.parametrize(
    "edit,message",
    [
        (lambda d: d.update(schema_version=0), "schema_version' must be a whole number from 1"),
        (lambda d: d.update(schema_version=-3), "schema_version' must be a whole number from 1"),
        (lambda d: d.update(overrides=[{"iso3": "POL", "indicator": "share_gdp_pct", "year": 2024, "value": 150, "source": "x"}]), r"overrides\[0\] \(POL share_gdp_pct 2024\): share_gdp_pct 150 is outside"),
        (lambda d: d.update(budget_lines=[{"label": "x", "iso3": "GBR", "currency": "GBP", "amounts": [[2027, 10**300]]}]), "implausibly large"),
        (lambda d: d.update(budget_lines=[{"label": "x", "iso3": "GBR", "currency": "JPY", "amounts": [[2027, 1]]}]), "must be in USD or GBP, not 'JPY'"),
        (lambda d: d.update(milestones={"ISL": [[2030, 2.0]]}), "Iceland has no armed forces"),
        (lambda d: d.update(target={"core_pct": 3.5, "target_year": 2035, "shape": "step", "step_year": 2025}), "step year"),
        (lambda d: d.update(target={"core_pct": 3.5, "target_year": 2035, "shape": "step", "step_year": 2036}), "step year"),
        (lambda d: d.update({"name\nwith break": 1, "overrides": [{"iso3": "A\nB", "indicator": "share_gdp_pct", "year": 2024, "value": 1.0}]}), r"'A\\nB' is not an ally"),
    ],
)
def test_bad_figures_in_a_scenario_file_are_refused_in_one_line(tmp_path, edit, message):
    with pytest.raises(ScenarioFileError, match=message) as caught:
        read_scenario(_defplan(tmp_path, edit))
    assert "\n" not in str(caught.value)


def test_a_five_thousand_digit_integer_gets_one_line(tmp_path):
    path = tmp_path / "big.defplan"
    text = json.dumps(scenario_to_dict(Scenario("x"))).replace('"horizon": 2040', '"horizon": ' + "9" * 5000)
    path.write_text(text)
    with pytest.raises(ScenarioFileError, match="thousands of digits") as caught:
        read_scenario(path)
    assert len(str(caught.value)) < 300


def test_unsafe_text_in_a_file_is_cleaned_so_it_saves_exports_and_reopens(dataset, tmp_path):
    path = tmp_path / "odd.defplan"
    data = scenario_to_dict(Scenario("x"))
    data.update(name="Odd \ud800 name\x07", description="line one\nline two \udfff")
    data["budget_lines"] = [{"label": "Drones \ud83d", "iso3": "GBR", "currency": "GBP", "amounts": [[2027, 5.0]], "source": "\x1b[31m"}]
    path.write_text(json.dumps(data))  # ASCII-escaped, as another tool would write it
    scenario = read_scenario(path)
    assert scenario.name == "Odd \ufffd name" and scenario.description == "line one\nline two \ufffd"
    assert scenario.budget_lines[0].label == "Drones \ufffd" and scenario.budget_lines[0].source == "[31m"
    write_scenario(scenario, tmp_path / "again.defplan")
    assert read_scenario(tmp_path / "again.defplan") == scenario
    from desktop.core.report import result_to_dict
    from desktop.spreadsheets.workbook.export import export_workbook, read_planner_workbook

    result = compute(dataset, scenario)
    json.dumps(result_to_dict(result), allow_nan=False).encode("utf-8")
    export_workbook(result, tmp_path / "odd.xlsx")
    assert read_planner_workbook(tmp_path / "odd.xlsx") == scenario


# --- route 2: imports -----------------------------------------------------------------------


def _table(records, unit="percent", scale=1, **kw):
    return {"sheet": "T", "unit": unit, "scale": scale, "records": records, **kw}


def _rec(iso3, year, value, cell, kind="ally", label=None):
    return {"iso3": iso3, "year": year, "value": value, "cell": cell, "kind": kind, "label": label or iso3}


def test_an_import_skips_what_the_gate_refuses_with_its_cell(dataset):
    table = _table([_rec("POL", 2024, 150.0, "T!C3"), _rec("ISL", 2024, 0.5, "T!C4"), _rec("POL", 2023, 3.9, "T!B3"), _rec("POL", 2031, 3.0, "T!D3")])
    scenario, merged = apply_table(dataset, Scenario("x"), table, AS_SHARE, "f.xlsx")
    assert [(o.iso3, o.year, o.value) for o in scenario.overrides] == [("POL", 2023, 3.9)]
    reasons = dict(merged.skipped)
    assert "plausible range (0..100)" in reasons["T!C3"]
    assert "Iceland has no armed forces" in reasons["T!C4"]
    assert "2031 is outside 2014..2025" in reasons["T!D3"]


def test_an_import_never_stores_a_gdp_of_zero(dataset):
    table = _table([_rec("POL", 2026, 0.0, "G!C3")], unit="USD", scale=1e6)
    scenario, merged = apply_table(dataset, Scenario("x"), table, AS_GDP, "f.xlsx")
    assert scenario.overrides == () and "above 0" in dict(merged.skipped)["G!C3"]


def test_a_second_figure_for_the_same_ally_and_year_is_reported_not_silently_lost(dataset):
    table = _table([_rec("POL", 2024, 4.1, "T!C3"), _rec("POL", 2024, 4.2, "T!C9")])
    scenario, merged = apply_table(dataset, Scenario("x"), table, AS_SHARE, "f.xlsx")
    assert [o.value for o in scenario.overrides] == [4.1]
    assert "the first, at T!C3, is kept" in dict(merged.skipped)["T!C9"]


def test_budget_amounts_given_twice_are_summed_and_reported(dataset):
    records = [_rec(None, 2027, 100.0, "B!C3", kind="line", label="Drones"), _rec(None, 2027, 50.0, "B!C7", kind="line", label="Drones"),
               _rec(None, 2028, 10.0, "B!D3", kind="line", label="Drones")]
    table = _table(records, unit="GBP", scale=1e6, iso3="GBR")
    scenario, merged = apply_table(dataset, Scenario("x"), table, AS_BUDGET_LINES, "lines.xlsx")
    (line,) = scenario.budget_lines
    assert line.amounts == ((2027, 150.0), (2028, 10.0))
    assert any("'Drones'" in n and "2027" in n and "summed" in n for n in merged.notes)


def test_budget_lines_of_iceland_or_in_a_foreign_currency_are_skipped(dataset):
    records = [_rec("ISL", 2027, 1.0, "B!C3", label="Coast guard"), _rec("GBR", 2027, 1.0, "B!C4", label="Drones")]
    _, merged = apply_table(dataset, Scenario("x"), _table(records, unit="JPY", scale=1e6), AS_BUDGET_LINES, "f.xlsx")
    reasons = dict(merged.skipped)
    assert "Iceland has no armed forces" in reasons["B!C3"] and "not 'JPY'" in reasons["B!C4"]


# --- route 3: the planner's own workbook --------------------------------------------------


def test_a_150_percent_share_typed_into_the_assumptions_is_refused_in_one_line(dataset, tmp_path):
    from desktop.spreadsheets.workbook import names
    from desktop.spreadsheets.workbook.export import PlannerWorkbookError, export_workbook, read_planner_workbook

    export_workbook(compute(dataset, preset_scenario("hague-2035", dataset)), tmp_path / "h.xlsx")
    wb = _load(tmp_path / "h.xlsx")
    (sheet, ref), = wb.defined_names[names.BASE_SHARES].destinations
    ws = wb[sheet]
    first = ws[ref.replace("$", "").split(":")[0]]
    pol = next(r for r in range(first.row, first.row + 40) if ws.cell(row=r, column=2).value == "POL")
    ws.cell(row=pol, column=first.column).value = 150
    wb.save(tmp_path / "edited.xlsx")
    with pytest.raises(PlannerWorkbookError, match=r"edited\.xlsx: Assumptions!\w+\d+ \(POL 2025\): share_gdp_pct 150 is outside the plausible range") as caught:
        read_planner_workbook(tmp_path / "edited.xlsx")
    assert "\n" not in str(caught.value)


def test_a_milestone_for_iceland_typed_into_the_assumptions_is_refused(dataset, tmp_path):
    from desktop.spreadsheets.workbook import names
    from desktop.spreadsheets.workbook.export import PlannerWorkbookError, export_workbook, read_planner_workbook

    export_workbook(compute(dataset, preset_scenario("hague-2035", dataset)), tmp_path / "h.xlsx")
    wb = _load(tmp_path / "h.xlsx")
    (sheet, ref), = wb.defined_names[names.MILESTONE_YEARS].destinations
    ws = wb[sheet]
    first = ws[ref.replace("$", "").split(":")[0]]
    isl = next((r for r in range(first.row, first.row + 40) if ws.cell(row=r, column=2).value == "ISL"), None)
    if isl is None:
        pytest.skip("the Assumptions sheet lists no milestone row for Iceland")
    ws.cell(row=isl, column=first.column).value = 2030
    (sheet, ref), = wb.defined_names[names.MILESTONE_SHARES].destinations
    ws.cell(row=isl, column=ws[ref.replace("$", "").split(":")[0]].column).value = 2.0
    wb.save(tmp_path / "edited.xlsx")
    with pytest.raises(PlannerWorkbookError, match="Iceland has no armed forces"):
        read_planner_workbook(tmp_path / "edited.xlsx")


# --- route 4: edits in the window, and recovery copies -------------------------------------


def test_a_recovery_copy_with_bad_figures_is_repaired_not_set_aside(dataset, tmp_path):
    good = preset_scenario("uk-plan", dataset)
    path = write_recovery(good, None, tmp_path / "recovery-0123abcd.json")
    payload = json.loads(path.read_text())
    payload["scenario"]["overrides"] = [
        {"iso3": "POL", "indicator": "share_gdp_pct", "year": 2024, "value": 4.12, "source": "me"},
        {"iso3": "POL", "indicator": "share_gdp_pct", "year": 2023, "value": 400.0, "source": "slip"},
    ]
    payload["scenario"]["milestones"]["ISL"] = [[2030, 2.0]]
    path.write_text(json.dumps(payload))
    copy = read_recovery(path)
    assert copy.scenario.milestones == good.milestones
    assert [(o.year, o.value) for o in copy.scenario.overrides] == [(2024, 4.12)]
    assert len(copy.repaired) == 2
    assert any("400 is outside" in line for line in copy.repaired) and any("Iceland" in line for line in copy.repaired)


def test_window_edits_pass_the_gate_and_say_why_they_are_refused(qtbot, dataset):
    from desktop.core.commands import SetMilestone
    from desktop.ui.document import ScenarioDocument

    document = ScenarioDocument(dataset, preset_scenario("uk-plan", dataset))
    before = document.scenario
    with qtbot.waitSignal(document.edit_refused) as refused:
        document.execute(SetMilestone("GBR", 2030, 140.0), "Set United Kingdom 2030/31 share")
    assert refused.args[0] == "Set United Kingdom 2030/31 share: share_gdp_pct 140 is outside the plausible range (0..100)"
    with qtbot.waitSignal(document.edit_refused):
        document.execute(SetMilestone("ISL", 2030, 2.0))
    with qtbot.waitSignal(document.edit_refused):
        document.execute_all([SetMilestone("GBR", 2027, None), SetMilestone("GBR", 2024, 2.5)], "Move")
    assert document.scenario is before and document.undo_stack.count() == 0
    document.execute(SetMilestone("GBR", 2030, 2.8))
    assert document.undo_stack.count() == 1


# --- whatever is accepted round-trips --------------------------------------------------------

_ALLIES = ("GBR", "POL", "DEU", "USA", "CAN", "EST", "ISL", "XXX")
_INDICATORS = ("share_gdp_pct", "gdp_usd_bn", "gdp_nc_bn", "population_m", "real_gdp_growth_pct", "equipment_share_pct")
_numbers = st.one_of(st.floats(allow_nan=True, allow_infinity=True, width=64), st.integers(-10**20, 10**20))
_text = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=12)


@st.composite
def _candidate_scenarios(draw):
    overrides = tuple(
        Override(draw(st.sampled_from(_ALLIES)), draw(st.sampled_from(_INDICATORS)), draw(st.integers(2010, 2032)), draw(_numbers), draw(_text))
        for _ in range(draw(st.integers(0, 4)))
    )
    milestones = {}
    for iso3 in draw(st.lists(st.sampled_from(_ALLIES), max_size=3, unique=True)):
        years = draw(st.lists(st.integers(2026, 2060), min_size=1, max_size=3, unique=True))
        milestones[iso3] = [Milestone(y, draw(st.floats(0, 100))) for y in years]
    lines = tuple(
        BudgetLine(draw(_text), draw(st.sampled_from(("GBR", "POL", "ISL"))), draw(st.sampled_from(("GBP", "PLN", "USD", "EUR"))),
                   tuple((draw(st.integers(2014, 2060)), draw(st.floats(-1e6, 1e6))) for _ in range(draw(st.integers(0, 3)))), draw(_text))
        for _ in range(draw(st.integers(0, 2)))
    )
    target = draw(st.one_of(st.none(), st.builds(Target, core_pct=st.floats(0, 10), related_pct=st.floats(0, 3), target_year=st.integers(2026, 2060))))
    horizon = draw(st.integers(2030, 2060))
    return Scenario(clean_text(draw(_text)).strip() or "x", target=target, milestones=milestones, horizon=horizon, overrides=overrides, budget_lines=lines)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(candidate=_candidate_scenarios())
def test_whatever_the_gate_accepts_round_trips_through_defplan_and_workbook(dataset, tmp_path, candidate):
    from desktop.spreadsheets.workbook.export import export_workbook, read_planner_workbook

    accepted, _ = screen_scenario(dataset, candidate)
    accepted = replace(accepted, budget_lines=tuple(replace(b, label=clean_text(b.label), source=clean_text(b.source)) for b in accepted.budget_lines),
                       overrides=tuple(replace(o, source=clean_text(o.source)) for o in accepted.overrides))
    # Two milestones or overrides for one key are a different fault (the file keeps one); keep the first.
    seen, overrides = set(), []
    for o in accepted.overrides:
        if (o.iso3, o.indicator, o.year) not in seen:
            seen.add((o.iso3, o.indicator, o.year))
            overrides.append(o)
    accepted = replace(accepted, overrides=tuple(overrides))
    path = tmp_path / "p.defplan"
    path.write_bytes(scenario_payload(accepted))
    reread = read_scenario(path)
    assert reread == accepted
    result = compute(dataset, reread)
    export_workbook(result, tmp_path / "p.xlsx")
    back = read_planner_workbook(tmp_path / "p.xlsx")
    assert back == reread
    assert compute(dataset, back).spend_usd_m.tobytes() == result.spend_usd_m.tobytes()
