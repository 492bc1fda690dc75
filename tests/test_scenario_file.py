"""`.defplan` files: round trip, versioning, unknown keys, refusals, atomic writes."""

import json
import os

import pytest

from desktop.core.presets import PRESETS, preset_scenario
from desktop.core.scenario import BudgetLine, Override, Scenario, Target
from desktop.core.scenario_file import ScenarioFileError, read_scenario, scenario_to_dict, write_scenario


@pytest.mark.parametrize("key", list(PRESETS))
def test_every_preset_round_trips(dataset, tmp_path, key):
    s = preset_scenario(key, dataset)
    path = tmp_path / "s.defplan"
    write_scenario(s, path)
    assert read_scenario(path) == s


def test_overrides_budget_lines_and_mappings_round_trip(tmp_path):
    s = Scenario(
        "Drones",
        target=Target(core_pct=3.0, target_year=2030, shape="step", step_year=2028, no_cuts=False),
        overrides=(Override("GBR", "share_gdp_pct", 2025, 2.41, "mod.xlsx"),),
        budget_lines=(BudgetLine("Drones", "GBR", "GBP", ((2027, 150.0), (2028, 300.0)), "mod.xlsx"),),
        import_mappings=({"sheet": "TABLE3", "header_row": 8},),
    )
    write_scenario(s, tmp_path / "d.defplan")
    assert read_scenario(tmp_path / "d.defplan") == s


def test_unknown_keys_are_kept(tmp_path):
    data = scenario_to_dict(Scenario("x"))
    data["analyst_notes"] = {"author": "R. Jones", "tags": [1, 2]}
    path = tmp_path / "x.defplan"
    path.write_text(json.dumps(data))
    s = read_scenario(path)
    write_scenario(s, path)
    assert json.loads(path.read_text())["analyst_notes"] == {"author": "R. Jones", "tags": [1, 2]}


def test_a_newer_file_is_refused_plainly(tmp_path):
    data = scenario_to_dict(Scenario("x"))
    data["schema_version"] = 99
    path = tmp_path / "new.defplan"
    path.write_text(json.dumps(data))
    with pytest.raises(ScenarioFileError, match="newer Defence Spending Planner.*update the app"):
        read_scenario(path)


def _override(**kw):
    return {"iso3": "POL", "indicator": "share_gdp_pct", "year": 2025, "value": 4.7, "source": "x", **kw}


@pytest.mark.parametrize(
    "edit,message",
    [
        (lambda d: d.update(name=""), "key 'name' must be a non-empty string"),
        (lambda d: d.update(horizon="2040"), "key 'horizon' must be a year"),
        (lambda d: d.update(horizon=2070), "horizon must be between 2026 and 2060"),
        (lambda d: d.update(target={"core_pct": "3.5", "target_year": 2035}), "key 'target.core_pct' must be a number"),
        (lambda d: d.update(target={"core_pct": 3.5, "target_year": 2035, "shape": "curvy"}), "key 'target.shape' must be 'linear' or 'step'"),
        (lambda d: d.update(milestones={"GBR": [[2027]]}), r"key 'milestones.GBR\[0\]' must be a \[year, share\] pair"),
        (lambda d: d.update(milestones={"GBR": [[2020, 2.5]]}), "milestone year 2020"),
        (lambda d: d.pop("format"), "key 'format' must be 'defence-planner-scenario'"),
        (lambda d: d.update(overrides=[_override(value=float("nan"))]), r"key 'overrides\[0\]' must be .*finite number"),
        (lambda d: d.update(overrides=[_override(value=-5)]), r"overrides\[0\] \(POL share_gdp_pct 2025\): share_gdp_pct -5 is outside the plausible range \(0..100\)"),
        (lambda d: d.update(overrides=[_override(indicator="gdp_usd_bn", year=2026, value=0)]), r"overrides\[0\] \(POL gdp_usd_bn 2026\): gdp_usd_bn 0 is outside the plausible range \(above 0"),
        (lambda d: d.update(overrides=[_override(iso3="XXX")]), r"overrides\[0\] \(XXX .*'XXX' is not an ally's ISO3 code"),
        (lambda d: d.update(overrides=[_override(indicator="mood")]), r"overrides\[0\] .*unknown indicator 'mood'"),
        (lambda d: d.update(overrides=[_override(year=2031)]), r"overrides\[0\] .*year 2031 is outside 2014..2025 for share_gdp_pct"),
        (lambda d: d.update(milestones={"XXX": [[2030, 3.0]]}), "milestones.XXX 2030: 'XXX' is not an ally's ISO3 code"),
        (lambda d: d.update(milestones={"ISL": [[2030, 3.0]]}), "Iceland has no armed forces"),
        (lambda d: d.update(target={"core_pct": float("inf"), "target_year": 2035}), "key 'target.core_pct' must be a number"),
    ],
)
def test_bad_files_name_the_key_and_what_was_expected(tmp_path, edit, message):
    data = scenario_to_dict(Scenario("x"))
    edit(data)
    path = tmp_path / "bad.defplan"
    path.write_text(json.dumps(data))
    with pytest.raises(ScenarioFileError, match=message):
        read_scenario(path)


def test_not_json_and_missing_files(tmp_path):
    (tmp_path / "junk.defplan").write_bytes(b"\x89PNG\r\n")
    with pytest.raises(ScenarioFileError, match="the scenario file is damaged \\(not text"):
        read_scenario(tmp_path / "junk.defplan")
    with pytest.raises(ScenarioFileError, match="no such file"):
        read_scenario(tmp_path / "absent.defplan")


def test_a_damaged_file_is_named_so_in_plain_words(tmp_path):
    path = tmp_path / "cut.defplan"
    path.write_text('{\n  "format": "defence-planner-scenario",\n  "name": "Hague', encoding="utf-8")
    with pytest.raises(ScenarioFileError) as caught:
        read_scenario(path)
    assert str(caught.value) == f"{path}: the scenario file is damaged (not valid JSON at line 3)"


def test_a_failed_write_leaves_the_previous_file_intact(tmp_path, monkeypatch):
    path = tmp_path / "keep.defplan"
    write_scenario(Scenario("original"), path)
    before = path.read_bytes()

    def crash(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(OSError):
        write_scenario(Scenario("replacement"), path)
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["keep.defplan"]


def test_deeply_nested_json_is_refused_plainly(tmp_path):
    path = tmp_path / "deep.defplan"
    path.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(ScenarioFileError, match="nested too deeply"):
        read_scenario(path)


def test_unknown_keys_inside_target_overrides_and_lines_are_kept(tmp_path):
    data = scenario_to_dict(Scenario("x", target=Target(core_pct=3.0)))
    data["target"]["future_setting"] = {"a": 1}
    data["overrides"] = [_override(reviewer="J. Smith")]
    data["budget_lines"] = [{"label": "Drones", "iso3": "GBR", "currency": "GBP", "amounts": [[2030, 5.0]], "programme": "ABC-1"}]
    path = tmp_path / "x.defplan"
    path.write_text(json.dumps(data))
    write_scenario(read_scenario(path), path)
    again = json.loads(path.read_text())
    assert again["target"]["future_setting"] == {"a": 1}
    assert again["overrides"][0]["reviewer"] == "J. Smith"
    assert again["budget_lines"][0]["programme"] == "ABC-1"
