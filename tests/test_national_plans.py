"""Announced national plans: the data file, cash milestones, the national-plans preset and the gap to a reference."""

import json
import shutil
import subprocess
import sys

import numpy as np
import pytest

from desktop.core.dataset import BASE_YEAR, DatasetError
from desktop.core.milestone_amounts import AS_AMOUNT, AS_NATIONAL_AS_IS, AS_NATIONAL_GROWTH, AS_SHARE
from desktop.core.national_plans import LOW, applied_points, default_plans, load_plans
from desktop.core.presets import national_plans_scenario, preset_scenario
from desktop.core.projection import compute
from desktop.core.reference_gap import first_years_reaching, gap_to_reference, headline, reference_on_same_years
from desktop.core.scenario import Milestone, Scenario
from desktop.core.scenario_file import read_scenario, scenario_to_dict, write_scenario

from .conftest import ROOT


def _column(result, year):
    return year - BASE_YEAR


def test_the_plans_file_keeps_every_point_with_its_provenance(dataset):
    plans = default_plans(dataset)
    assert len(plans) == 33
    assert all(p.source and p.source_date and p.confidence in ("official", "reported", "low") for p in plans)
    germany_2029 = {p.kind: p for p in plans if p.iso3 == "DEU" and p.year == 2029}
    assert germany_2029["share_pct"].value == 3.5 and germany_2029["amount_m"].value == 153_000.0 and germany_2029["amount_m"].currency == "EUR"
    france = [p for p in plans if p.iso3 == "FRA"]
    assert {p.definition for p in france} == {"national"} and sorted(p.value for p in france) == [50_540.0, 64_000.0]
    # The conflicts stay visible: Sweden's 2032 alternative in its note, Lithuania's range, Norway's missing year.
    assert "2032" in next(p.note for p in plans if p.iso3 == "SWE")
    assert "5-6%" in next(p.note for p in plans if p.iso3 == "LTU" and p.year == 2026)
    assert next(p for p in plans if p.iso3 == "NOR").confidence == LOW


@pytest.mark.parametrize(
    "edit,fault",
    [
        (lambda r: r.__setitem__(0, "XXX"), "unknown ally 'XXX'"),
        (lambda r: r.__setitem__(0, "ISL"), "Iceland has no armed forces"),
        (lambda r: r.__setitem__(3, "150"), "outside the plausible range"),
        (lambda r: r.__setitem__(10, "rumour"), "confidence 'rumour' must be one of"),
        (lambda r: r.__setitem__(8, ""), "source and source_date are required"),
        (lambda r: r.__setitem__(2, "hope"), "kind 'hope' must be"),
    ],
)
def test_a_damaged_plans_file_is_refused_with_its_row(dataset, tmp_path, edit, fault):
    import csv

    shutil.copytree(ROOT / "data", tmp_path / "data")
    path = tmp_path / "data" / "national_plans.csv"
    rows = list(csv.reader(path.open(encoding="utf-8")))
    edit(rows[1])
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    with pytest.raises(DatasetError, match=rf"national_plans.csv: row 2: .*{fault}"):
        load_plans(dataset, tmp_path / "data")


def test_a_cash_milestone_is_a_share_of_that_years_projected_gdp(dataset):
    scenario = Scenario("cash", milestones={"DEU": [Milestone(2029, amount_m=153_000.0, currency="EUR")]})
    result = compute(dataset, scenario)
    i = dataset.index("DEU")
    gdp_2029_m = dataset.value("DEU", "gdp_nc_bn", 2029) * 1000.0
    expected = 153_000.0 / gdp_2029_m * 100.0
    (m,) = result.milestones["DEU"]
    assert m.applied_as == AS_AMOUNT and m.share_pct == pytest.approx(expected, rel=1e-12)
    assert result.share_pct[i, _column(result, 2029)] == pytest.approx(expected, rel=1e-12)
    assert result.spend_nc_m[i, _column(result, 2029)] == pytest.approx(153_000.0, rel=1e-12)
    assert m.note == f"€153 bn is {expected:.2f}% of projected 2029 GDP"


def test_a_dollar_amount_uses_gdp_in_dollars_and_one_beyond_the_horizon_still_resolves(dataset):
    scenario = Scenario("usd", horizon=2030, milestones={"POL": [Milestone(2040, amount_m=80_000.0, currency="USD")]})
    result = compute(dataset, scenario)
    i = dataset.index("POL")
    gdp_2040 = result.inputs.gdp_usd_m_long[i, 2040 - BASE_YEAR]
    assert result.milestones["POL"][0].share_pct == pytest.approx(80_000.0 / gdp_2040 * 100.0)
    assert len(result.years) == 6  # the horizon is unchanged


def test_share_and_amount_together_follow_the_chosen_one_and_show_the_difference(dataset):
    both = Milestone(2029, 3.5, amount_m=153_000.0, currency="EUR")
    by_share = compute(dataset, Scenario("s", milestones={"DEU": [both]})).milestones["DEU"][0]
    assert by_share.share_pct == 3.5 and by_share.applied_as == AS_SHARE
    assert "the plan also states 3.50% (the path follows the 3.50% share)" in by_share.note
    by_amount = compute(dataset, Scenario("a", milestones={"DEU": [Milestone(2029, 3.5, amount_m=153_000.0, currency="EUR", follows="amount")]})).milestones["DEU"][0]
    assert by_amount.share_pct == pytest.approx(by_share.amount_share_pct) and by_amount.share_pct < 3.5


def test_a_national_definition_amount_is_growth_over_its_base_year_amount(dataset):
    """France's EUR 64 bn in 2027 is its own budget: +26.6% on EUR 50.54 bn, applied to NATO's 2025 figure."""
    point = Milestone(2027, amount_m=64_000.0, currency="EUR", definition="national", national_base_m=50_540.0)
    result = compute(dataset, Scenario("fra", milestones={"FRA": [point]}))
    i = dataset.index("FRA")
    nato_2025_m = result.inputs.base_share[i] / 100.0 * result.inputs.gdp_nc_m[i, 0]
    expected_spend = nato_2025_m * 64_000.0 / 50_540.0
    (m,) = result.milestones["FRA"]
    assert m.applied_as == AS_NATIONAL_GROWTH
    assert result.spend_nc_m[i, _column(result, 2027)] == pytest.approx(expected_spend, rel=1e-12)
    assert m.share_pct > result.inputs.base_share[i]  # read naively, EUR 64 bn would be a cut
    naive = 64_000.0 / result.inputs.gdp_nc_m[i, 2] * 100.0
    assert naive < result.inputs.base_share[i]
    assert "+26.6% on €50.54 bn in 2025" in m.note


def test_a_national_amount_without_a_base_is_used_as_it_is_with_a_warning(dataset):
    point = Milestone(2027, amount_m=64_000.0, currency="EUR", definition="national")
    (m,) = compute(dataset, Scenario("fra", milestones={"FRA": [point]})).milestones["FRA"]
    assert m.applied_as == AS_NATIONAL_AS_IS and "national-definition figure with no 2025 amount" in m.warning


def test_the_preset_reproduces_every_applied_point(dataset):
    result = compute(dataset, preset_scenario("national-plans", dataset))
    applied = applied_points(default_plans(dataset))
    assert applied and all(p.confidence != LOW and p.year > BASE_YEAR for p in applied)
    for p in applied:
        i = dataset.index(p.iso3)
        share = result.share_pct[i, _column(result, p.year)]
        resolved = next(m for m in result.milestones[p.iso3] if m.year == p.year)
        if p.is_share:
            assert share == pytest.approx(p.value), (p.iso3, p.year)
        else:
            assert resolved.amount_share_pct == pytest.approx(share) or resolved.milestone.share_pct is not None
    # Flat after the last point; allies with no published path keep their 2025 share.
    gbr, tur = dataset.index("GBR"), dataset.index("TUR")
    assert result.share_pct[gbr, -1] == pytest.approx(3.5)
    assert np.allclose(result.share_pct[tur], result.inputs.base_share[tur])
    lithuania = result.share_pct[dataset.index("LTU")]
    assert lithuania[_column(result, 2030)] == pytest.approx(5.0)  # the lower end; 6% is of low confidence


def test_the_switches_add_low_confidence_points_and_put_the_others_on_the_hague_path(dataset):
    result = compute(dataset, national_plans_scenario(dataset, include_low=True, others_follow_hague=True))
    assert result.share_pct[dataset.index("LTU"), _column(result, 2030)] == pytest.approx(6.0)
    assert result.share_pct[dataset.index("TUR"), _column(result, 2035)] == pytest.approx(3.5)
    assert result.share_pct[dataset.index("ESP"), _column(result, 2035)] == pytest.approx(2.1)  # its own plan still rules
    assert "low confidence included" in result.scenario.description and "follow the Hague path" in result.scenario.description


def test_cash_milestones_round_trip_through_defplan_and_old_files_still_open(dataset, tmp_path):
    scenario = preset_scenario("national-plans", dataset)
    write_scenario(scenario, tmp_path / "plans.defplan")
    assert read_scenario(tmp_path / "plans.defplan") == scenario
    data = scenario_to_dict(preset_scenario("uk-plan", dataset))
    data["schema_version"] = 1
    (tmp_path / "old.defplan").write_text(json.dumps(data))
    assert read_scenario(tmp_path / "old.defplan") == preset_scenario("uk-plan", dataset)
    assert data["milestones"] == {"GBR": [[2027, 2.5], [2034, 3.0]]}  # plain shares stay pairs


def test_the_gap_is_the_difference_of_two_compute_runs(tmp_path):
    def run(*args):
        out = subprocess.run([sys.executable, "-m", "desktop", "compute", *args, "--json"], cwd=ROOT, capture_output=True, text=True, check=True)
        return json.loads(out.stdout)

    plans = run("--preset", "national-plans", "--reference", "hague-2035")
    alone, hague = run("--preset", "national-plans"), run("--preset", "hague-2035", "--horizon", str(plans["years"][-1]))
    assert plans["reference"]["name"] == "Hague 2035"
    for iso3 in ("FRA", "POL", "CAN", "BGR"):
        gap = plans["allies"][iso3]["gap_to_reference_usd_m"]
        expected = [h - a for h, a in zip(hague["allies"][iso3]["spend_usd_m"], alone["allies"][iso3]["spend_usd_m"])]
        assert gap == pytest.approx(expected, abs=2e-3)
        gap_nc = plans["allies"][iso3]["gap_to_reference_nc_m"]
        assert gap_nc == pytest.approx([h - a for h, a in zip(hague["allies"][iso3]["spend_nc_m"], alone["allies"][iso3]["spend_nc_m"])], abs=2e-3)
    ec = plans["aggregates"]["EUROPE_CANADA"]["gap_to_reference_usd_m"]
    assert ec == pytest.approx([h - a for h, a in zip(hague["aggregates"]["EUROPE_CANADA"]["spend_usd_m"], alone["aggregates"]["EUROPE_CANADA"]["spend_usd_m"])], abs=5e-3)
    assert plans["allies"]["POL"]["first_year_reaching"] == {"2.0": 2025, "3.5": 2025, "5.0": None}
    assert plans["allies"]["TUR"]["reference_first_year_reaching"]["3.5"] == 2035
    assert plans["allies"]["ISL"]["first_year_reaching"] is None
    assert "gap_to_reference_usd_m" not in alone["allies"]["FRA"]  # only with --reference
    point = next(p for p in plans["national_plans"] if p["iso3"] == "DEU" and p["year"] == 2029 and p["kind"] == "amount_m")
    assert point["applied"] and point["definition"] == "nato" and point["source_date"] == "2025-06-24"
    fra = plans["allies"]["FRA"]["milestones"][0]
    assert fra["definition"] == "national" and fra["applied_as"] == AS_NATIONAL_GROWTH


def test_a_reference_file_works_and_a_bad_reference_is_one_line(dataset, tmp_path):
    write_scenario(preset_scenario("us-5pct", dataset), tmp_path / "five.defplan")
    out = subprocess.run([sys.executable, "-m", "desktop", "compute", "--preset", "status-quo", "--reference", str(tmp_path / "five.defplan")],
                         cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0 and "the 5% by 2030 path needs" in out.stdout
    bad = subprocess.run([sys.executable, "-m", "desktop", "compute", "--preset", "status-quo", "--reference", "moon-landing"],
                         cwd=ROOT, capture_output=True, text=True)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "neither a preset" in bad.stderr


def test_headline_and_first_years(dataset):
    scenario = preset_scenario("national-plans", dataset)
    result = compute(dataset, scenario)
    gap = gap_to_reference(result, reference_on_same_years(dataset, scenario, preset_scenario("hague-2035", dataset)))
    text = headline(gap, 2035)
    assert text.startswith("Under National plans, Europe + Canada spend ") and "the Hague 2035 path needs 3.5" in text
    assert first_years_reaching(result, dataset.index("GBR")) == {2.0: 2025, 3.5: 2035, 5.0: None}


def test_the_briefing_sentences_on_the_pledge(dataset):
    from desktop.core.reference_gap import pledge_gap_lines

    hague = pledge_gap_lines(compute(dataset, preset_scenario("hague-2035", dataset)))
    assert hague[0].startswith("Under National plans, Europe + Canada spend") and "the shortfall is US$" in hague[0]
    assert hague[1].startswith("The largest shortfalls under announced plans in 2035: France (US$ ")
    assert len(hague) == 2  # the Hague scenario is the reference itself
    status_quo = pledge_gap_lines(compute(dataset, preset_scenario("status-quo", dataset)), 2035)
    assert status_quo[-1].startswith("Under Status quo, Europe + Canada spend")


def test_the_headline_of_a_scenario_against_itself_says_it_is_on_the_path(dataset):
    from dataclasses import replace

    hague = preset_scenario("hague-2035", dataset)
    result = compute(dataset, hague)
    same = headline(gap_to_reference(result, reference_on_same_years(dataset, hague, hague)), 2035)
    assert same.endswith("they are on it (within US$ 0.5 bn).") and "-0" not in same
    higher = replace(hague, target=replace(hague.target, core_pct=4.0))
    above = headline(gap_to_reference(compute(dataset, higher), reference_on_same_years(dataset, higher, hague)), 2035)
    assert "they exceed it by US$ " in above and "US$ -" not in above
