"""Budget lines planned against the extra: profiles, headroom, unfunded lines, quantities, composition, the gate, files and undo."""

import json
import math

import pytest

from desktop.core.budget_lines import category_from_text, plan_budget_lines, profile_weights, resolved, spread, with_changes
from desktop.core.commands import InsertBudgetLine, RemoveBudgetLine, SetBudgetLineField
from desktop.core.composition import EQUIPMENT_GUIDELINE_PCT, composition
from desktop.core.merge import AS_BUDGET_LINES, apply_table
from desktop.core.presets import preset_scenario
from desktop.core.projection import compute
from desktop.core.scenario import BudgetLine, Scenario, Target
from desktop.core.scenario_file import ScenarioFileError, read_scenario, scenario_from_dict, scenario_to_dict, write_scenario
from desktop.core.validation import FigureRefused, budget_line_fault, check_edit


def envelope(label="Drones", total=1_000.0, first=2026, last=2030, profile="even", **more):
    return resolved(BudgetLine(label, "GBR", "GBP", (), "SDR", profile=profile, first_year=first, last_year=last, total_m=total, **more))


# -- profiles ---------------------------------------------------------------------------------------------


def test_profiles_over_five_years_spread_the_whole_envelope_by_hand():
    assert spread(1_000.0, 2026, 2030, "even") == tuple((y, pytest.approx(200.0)) for y in range(2026, 2031))
    # front-loaded 5,4,3,2,1 fifteenths; back-loaded 1..5 fifteenths
    front = [a for _, a in spread(1_500.0, 2026, 2030, "front_loaded")]
    back = [a for _, a in spread(1_500.0, 2026, 2030, "back_loaded")]
    assert front == pytest.approx([500.0, 400.0, 300.0, 200.0, 100.0])
    assert back == pytest.approx([100.0, 200.0, 300.0, 400.0, 500.0])
    for profile in ("even", "front_loaded", "back_loaded"):
        assert math.fsum(profile_weights(profile, 5)) == pytest.approx(1.0)
        assert math.fsum(a for _, a in spread(4_000.0, 2025, 2029, profile)) == pytest.approx(4_000.0)


def test_a_quantity_line_prices_its_items_each_year():
    line = envelope(profile="quantity", total=None, first=2026, last=2027, unit_cost=3_500.0, quantity=100_000.0)
    assert line.amounts == ((2026, pytest.approx(350.0)), (2027, pytest.approx(350.0)))
    assert line.total_m == pytest.approx(700.0)


def test_edits_keep_a_line_consistent():
    explicit = BudgetLine("Tanks", "GBR", "GBP", ((2027, 100.0), (2028, 300.0)))
    assert (explicit.first_year, explicit.last_year, explicit.total_m) == (2027, 2028, 400.0)
    doubled = with_changes(explicit, total_m=800.0)
    assert doubled.amounts == ((2027, 200.0), (2028, 600.0)) and doubled.profile == "explicit"
    moved = with_changes(explicit, last_year=2030)  # new years: the envelope spread evenly over them
    assert moved.profile == "even" and [a for _, a in moved.amounts] == pytest.approx([100.0] * 4)
    back = with_changes(moved, profile="back_loaded")
    assert [a for _, a in back.amounts] == pytest.approx([40.0, 80.0, 120.0, 160.0])
    priced = with_changes(with_changes(explicit, unit_cost=2e6), quantity=50.0)  # 50 a year at £2 m
    assert priced.profile == "quantity" and [a for _, a in priced.amounts] == pytest.approx([100.0, 100.0])


def test_category_words_from_a_spreadsheet():
    assert category_from_text("Equipment") == "equipment"
    assert category_from_text("R&D") == "research_development"
    assert category_from_text("Research and development") == "research_development"
    assert category_from_text("Support to Ukraine and partners") == "ukraine_partners"
    assert category_from_text("Defence-related") == "defence_related"
    assert category_from_text("Paperclips") is None and category_from_text(None) is None


# -- headroom, unfunded, quantities ---------------------------------------------------------------------------


def _uk(dataset, *lines):
    return compute(dataset, Scenario("UK", target=Target(core_pct=3.0, target_year=2030), budget_lines=lines))


def test_headroom_is_the_extra_less_the_lines_and_lines_past_it_are_unfunded(dataset):
    bare = _uk(dataset)
    i = dataset.index("GBR")
    extra_2027 = float(bare.extra_nc_m[i, 2])
    first = BudgetLine("Air defence", "GBR", "GBP", ((2027, extra_2027 * 0.75),))
    second = BudgetLine("Munitions", "GBR", "GBP", ((2027, extra_2027 * 0.5),))
    kept = BudgetLine("Frigates", "GBR", "GBP", ((2027, 10_000.0),), in_baseline=True)
    related = BudgetLine("Resilience", "GBR", "GBP", ((2027, 5.0),), category="defence_related")
    result = _uk(dataset, first, second, kept, related)
    plan = plan_budget_lines(result)
    h = plan.allies["GBR"]
    assert h.headroom_nc[2] == pytest.approx(extra_2027 - extra_2027 * 1.25)
    rate = float(result.inputs.gdp_nc_m[i, 2] / result.inputs.gdp_usd_m[i, 2])
    assert h.headroom_usd[2] == pytest.approx(h.headroom_nc[2] / rate)
    funded, over, baseline, rel = plan.lines
    assert not funded.unfunded and funded.unfunded_m == (0.0,)
    assert over.unfunded and over.unfunded_m[0] == pytest.approx(extra_2027 * 0.25)  # the part past the extra
    assert not baseline.unfunded and h.baseline_lines_nc[2] == pytest.approx(10_000.0)  # counts against nothing
    assert rel.unfunded  # no defence-related target: nothing to set it against
    assert h.related_lines_nc[2] == pytest.approx(5.0) and h.lines_nc[2] == pytest.approx(extra_2027 * 1.25)


def test_a_dollar_line_is_set_against_the_extra_at_the_years_exchange_rate(dataset):
    result = _uk(dataset, BudgetLine("F-35", "GBR", "USD", ((2028, 1_000.0),)))
    i = dataset.index("GBR")
    h = plan_budget_lines(result).allies["GBR"]
    assert h.headroom_usd[3] == pytest.approx(float(result.extra_usd_m[i, 3]) - 1_000.0)


def test_what_a_line_buys_and_what_the_headroom_left_would_buy(dataset):
    result = _uk(dataset, BudgetLine("Drones", "GBR", "GBP", ((2028, 35.0),), unit_cost=3_500.0))
    (line,) = plan_budget_lines(result).lines
    assert line.units == (pytest.approx(10_000.0),)
    left = float(result.extra_nc_m[dataset.index("GBR"), 3]) - 35.0
    assert line.headroom_units == (pytest.approx(left * 1e6 / 3_500.0),)


# -- composition ------------------------------------------------------------------------------------------------


def test_equipment_share_before_and_after_the_lines_by_hand(dataset):
    i = dataset.index("GBR")
    bare = _uk(dataset)
    extra, spend = float(bare.extra_nc_m[i, 5]), float(bare.spend_nc_m[i, 5])
    base = dataset.value("GBR", "equipment_share_pct", 2025)
    half = BudgetLine("Tanks", "GBR", "GBP", ((2030, extra / 2),))
    housing = BudgetLine("Housing", "GBR", "GBP", ((2030, extra / 4),), category="infrastructure")
    result = _uk(dataset, half, housing)
    c = composition(result, plan_budget_lines(result))["GBR"]
    status_quo = spend - extra
    assert c.base_pct["equipment"] == pytest.approx(base)
    assert c.pct["equipment"][5] == pytest.approx((base / 100 * status_quo + extra / 2) / spend * 100)
    infra = dataset.value("GBR", "infrastructure_share_pct", 2025)
    assert c.pct["infrastructure"][5] == pytest.approx((infra / 100 * status_quo + extra / 4) / spend * 100)
    assert c.unallocated_pct[5] == pytest.approx(extra / 4 / spend * 100)
    shares = sum(c.pct[k][5] for k in c.pct) + c.unallocated_pct[5]
    assert shares == pytest.approx(100.0, abs=0.05)  # NATO's four published shares sum to 100 up to rounding


def test_no_lines_dilute_the_equipment_share_and_allies_below_twenty_percent_are_flagged(dataset):
    result = compute(dataset, preset_scenario("hague-2035", dataset))
    shares = composition(result, plan_budget_lines(result))
    belgium = shares["BEL"]
    assert belgium.base_pct["equipment"] is not None
    assert belgium.pct["equipment"][-1] < belgium.base_pct["equipment"]  # unallocated extra buys no equipment yet
    assert list(belgium.below_guideline()) == [v < EQUIPMENT_GUIDELINE_PCT for v in belgium.pct["equipment"]]


def test_germany_and_denmark_have_no_2025_equipment_share_and_it_is_said(dataset):
    from desktop.core.report import result_to_dict

    data = result_to_dict(compute(dataset, preset_scenario("hague-2035", dataset)))
    for iso3, name in (("DEU", "Germany"), ("DNK", "Denmark")):
        entry = data["allies"][iso3]
        assert entry["equipment_share_base_pct"] is None and set(entry["equipment_share_pct"]) == {None}
        assert f"no 2025 estimate of {name}'s equipment" in entry["composition_note"]
    assert data["allies"]["DNK"]["composition"]["personnel"]["base_pct"] == pytest.approx(18.93298938)


def test_json_carries_the_line_plan_and_headroom(dataset):
    from desktop.core.report import result_to_dict

    data = result_to_dict(compute(dataset, preset_scenario("uk-announcements", dataset)))
    lines = {line["label"].split(" (")[0]: line for line in data["budget_lines"]}
    drones = lines["Drones and autonomous systems"]
    assert (drones["category"], drones["profile"], drones["first_year"], drones["last_year"]) == ("equipment", "even", 2025, 2029)
    assert drones["amounts_m"] == pytest.approx([800.0] * 5) and drones["in_baseline"] is False
    ukraine = lines["Drones for Ukraine"]
    assert (ukraine["unit_cost"], ukraine["quantity"], ukraine["units_bought"]) == (3_500.0, 100_000.0, [100_000.0])
    assert lines["Laser"]["category"] == "research_development"
    gbr = data["allies"]["GBR"]
    assert len(gbr["headroom_usd_m"]) == len(data["years"]) == len(gbr["equipment_share_pct"])
    n = data["years"].index(2027)
    assert gbr["headroom_nc_m"][n] == pytest.approx(gbr["extra_nc_m"][n] - 5_500.0, abs=1e-3)
    assert data["allies"]["ISL"]["headroom_usd_m"][0] is None


# -- the gate, files, undo, imports ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "change, message",
    [
        (dict(category="toys"), "category must be one of"),
        (dict(first_year=2031), "first year 2031 is after the last year 2030"),
        (dict(last_year=2099), "last year 2099 must be between"),
        (dict(unit_cost=0.0), "unit cost 0.0 must be a positive number"),
        (dict(unit_cost=float("inf")), "unit cost inf must be a positive number"),
        (dict(quantity=-1.0), "quantity -1.0 must be a number of items"),
        (dict(profile="lumpy"), "profile must be one of"),
        (dict(profile="quantity"), "needs a unit cost and a quantity"),
    ],
)
def test_the_gate_refuses_bad_lines(dataset, change, message):
    from dataclasses import replace

    bad = replace(envelope(), **change)
    assert message in budget_line_fault(dataset, bad)
    with pytest.raises(FigureRefused, match=message):
        check_edit(dataset, Scenario("x"), Scenario("x", budget_lines=(bad,)))
    data = scenario_to_dict(Scenario("x", budget_lines=(bad,)))
    in_file = message if math.isfinite(bad.unit_cost or 0.0) else r"budget_lines\[0\]' must be"  # JSON holds no infinity
    with pytest.raises(ScenarioFileError, match=in_file):
        scenario_from_dict(data, "f.defplan", dataset)


def test_check_edit_looks_only_at_new_or_changed_lines(dataset):
    good = envelope()
    check_edit(dataset, Scenario("x"), Scenario("x", budget_lines=(good,)))  # no error
    assert budget_line_fault(dataset, good) == ""


def test_planned_lines_round_trip_through_a_defplan(tmp_path, dataset):
    s = preset_scenario("uk-announcements", dataset)
    path = tmp_path / "uk.defplan"
    write_scenario(s, path)
    again = read_scenario(path)
    assert again == s
    saved = json.loads(path.read_text())["budget_lines"][0]
    assert saved["category"] == "equipment" and saved["profile"] == "even" and saved["total_m"] == 4_000.0


def test_an_old_file_with_plain_lines_opens_with_defaults_and_keeps_unknown_keys(tmp_path):
    old = {
        "format": "defence-planner-scenario", "schema_version": 1, "name": "Old", "horizon": 2040, "target": None,
        "milestones": {}, "overrides": [],
        "budget_lines": [{"label": "Drones", "iso3": "GBR", "currency": "GBP", "amounts": [[2027, 150.0], [2028, 300.0]],
                          "source": "mod.xlsx", "programme": "ABC-1"}],
    }
    path = tmp_path / "old.defplan"
    path.write_text(json.dumps(old))
    (line,) = read_scenario(path).budget_lines
    assert (line.category, line.profile, line.first_year, line.last_year, line.total_m) == ("equipment", "explicit", 2027, 2028, 450.0)
    assert (line.unit_cost, line.quantity, line.in_baseline) == (None, None, False)
    write_scenario(read_scenario(path), path)
    assert json.loads(path.read_text())["budget_lines"][0]["programme"] == "ABC-1"


def test_line_commands_return_their_inverse():
    a, b = envelope("A"), envelope("B")
    start = Scenario("x", budget_lines=(a,))
    added, undo_add = InsertBudgetLine(1, b).apply(start)
    assert added.budget_lines == (a, b) and undo_add.apply(added)[0] == start
    edited, undo_edit = SetBudgetLineField(1, "total_m", 2_000.0).apply(added)
    assert edited.budget_lines[1].amounts[0][1] == pytest.approx(400.0)
    assert undo_edit.apply(edited)[0] == added
    removed, undo_remove = RemoveBudgetLine(0).apply(edited)
    assert removed.budget_lines == (edited.budget_lines[1],) and undo_remove.apply(removed)[0] == edited


def _lines_table(*records):
    return {"sheet": "Lines", "unit": "GBP", "scale": 1e6, "iso3": "GBR", "records": list(records)}


def _rec(label, year, value, **more):
    return {"label": label, "kind": "line", "iso3": None, "year": year, "value": value, "cell": f"B{year - 2020}", **more}


def test_imported_lines_take_a_category_column_or_the_default_and_say_so(dataset):
    table = _lines_table(_rec("Drones", 2027, 100.0), _rec("Barracks", 2027, 50.0, category="Infrastructure"))
    scenario, merged = apply_table(dataset, Scenario("x"), table, AS_BUDGET_LINES, "mod.xlsx")
    categories = {line.label: line.category for line in scenario.budget_lines}
    assert categories == {"Drones": "equipment", "Barracks": "infrastructure"}
    assert "category of 1: equipment (default; change it in Budget lines)" in merged.summary()
    # The analyst's category and unit cost survive the next import of the same table.
    edited, _ = SetBudgetLineField(0, "category", "research_development").apply(scenario)
    edited, _ = SetBudgetLineField(0, "unit_cost", 5_000.0).apply(edited)
    again, merged = apply_table(dataset, edited, _lines_table(_rec("Drones", 2027, 120.0)), AS_BUDGET_LINES, "mod.xlsx")
    line = again.budget_lines[0]
    assert (line.category, line.unit_cost, line.amounts) == ("research_development", 5_000.0, ((2027, 120.0),))
