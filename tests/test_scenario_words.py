"""A scenario is named and described for what it is: generated words, and an edited preset's own name."""

from dataclasses import replace

from desktop.core.commands import NamedEdit, RenameScenario, SetHorizon, SetMilestone, SetTargetField
from desktop.core.presets import preset_scenario
from desktop.core.scenario import Milestone, Override, Scenario, Target
from desktop.core.scenario_words import describe, named_for_what_it_is, preset_origin


def test_the_issue_example_reads_as_the_parameters(dataset):
    scenario = Scenario("x", target=Target(core_pct=3.0, target_year=2032), milestones={"GBR": (Milestone(2029, 2.8),)})
    assert describe(dataset, scenario) == "3.0% core by 2032, linear, no cuts; UK milestone 2.8% in 2029/30"


def test_every_parameter_is_in_the_words(dataset):
    target = Target(core_pct=3.5, related_pct=1.5, target_year=2035, shape="step", step_year=2030, no_cuts=False, scope="europe_canada")
    words = describe(dataset, Scenario("x", target=target))
    assert words == "3.5% core + 1.5% defence-related by 2035, step in 2030, cuts allowed, Europe + Canada only"


def test_milestones_alone_say_what_the_others_do(dataset):
    words = describe(dataset, preset_scenario("uk-plan", dataset))
    assert words == "UK milestones 2.5% in 2027/28, 3.0% in 2034/35; other allies keep their 2025 share of GDP"
    amount = Scenario("x", milestones={"DEU": (Milestone(2029, amount_m=152_800.0, currency="EUR"),)})
    assert describe(dataset, amount).startswith("Germany milestone 152,800 m EUR in 2029")


def test_status_quo_and_imported_figures(dataset):
    assert describe(dataset, Scenario("x")) == "every ally keeps its 2025 share of GDP"
    with_figures = Scenario("x", overrides=(Override("FRA", "share_gdp_pct", 2025, 2.1, "a.xlsx"), Override("FRA", "gdp_usd_bn", 2025, 3000.0, "a.xlsx")))
    assert describe(dataset, with_figures).endswith("; 2 imported or user-entered figures")


def test_an_edited_preset_becomes_the_users_own(dataset):
    hague = preset_scenario("hague-2035", dataset)
    edited = replace(hague, target=replace(hague.target, core_pct=3.0, target_year=2032))
    named = named_for_what_it_is(dataset, hague, edited)
    assert named.name == "Hague 2035 (edited)"
    assert named.description == "3.0% core + 1.5% defence-related by 2032, linear, no cuts"
    assert "3.5%" not in named.description


def test_edited_back_to_the_preset_it_is_the_preset_again(dataset):
    hague = preset_scenario("hague-2035", dataset)
    edited = named_for_what_it_is(dataset, hague, replace(hague, target=replace(hague.target, core_pct=3.0)))
    back = named_for_what_it_is(dataset, edited, replace(edited, target=hague.target))
    assert back == hague


def test_a_named_scenario_keeps_its_name_and_gets_fresh_words(dataset):
    mine = Scenario("My plan", description="old words", target=Target(core_pct=3.5))
    named = named_for_what_it_is(dataset, mine, replace(mine, target=Target(core_pct=2.5)))
    assert named.name == "My plan"
    assert named.description == "2.5% core by 2035, linear, no cuts"


def test_horizon_rename_and_preset_choice_keep_the_words_given(dataset):
    hague = preset_scenario("hague-2035", dataset)
    assert named_for_what_it_is(dataset, hague, replace(hague, horizon=2050)) == replace(hague, horizon=2050)
    uk = preset_scenario("uk-plan", dataset)
    assert named_for_what_it_is(dataset, hague, uk) == uk
    assert preset_origin("Hague 2035 (edited)").key == "hague-2035"
    assert preset_origin("My plan") is None


def test_named_edit_undo_restores_name_words_and_figures(dataset):
    hague = preset_scenario("hague-2035", dataset)
    for command in (SetTargetField("core_pct", 3.0), SetMilestone("GBR", 2029, 2.8), SetHorizon(2050), RenameScenario("Mine")):
        new_state, inverse = NamedEdit(command, dataset).apply(hague)
        restored, redo = inverse.apply(new_state)
        assert restored == hague
        assert redo.apply(restored)[0] == new_state
    new_state, _ = NamedEdit(SetTargetField("core_pct", 3.0), dataset).apply(hague)
    assert (new_state.name, new_state.target.core_pct) == ("Hague 2035 (edited)", 3.0)
