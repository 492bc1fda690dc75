"""Undo commands: every edit returns its inverse and restores the exact state."""

import re

import pytest

from desktop.core.validation import FigureRefused, check_edit

from desktop.core.commands import RenameScenario, ReplaceScenario, SetHorizon, SetMilestone, SetTargetField, milestone_label
from desktop.core.presets import preset_scenario
from desktop.core.scenario import Scenario


@pytest.mark.parametrize(
    "command",
    [
        SetTargetField("core_pct", 4.0),
        SetTargetField("target_year", 2032),
        SetTargetField("shape", "step"),
        SetTargetField("no_cuts", False),
        SetHorizon(2055),
        RenameScenario("Renamed"),
        SetMilestone("GBR", 2027, 2.7),
        SetMilestone("GBR", 2027, None),
        SetMilestone("CAN", 2030, 2.0),
        ReplaceScenario(Scenario("other")),
    ],
)
@pytest.mark.parametrize("preset", ["hague-2035", "uk-plan", "status-quo"])
def test_apply_then_inverse_restores_the_exact_state(dataset, command, preset):
    state = preset_scenario(preset, dataset)
    new_state, inverse = command.apply(state)
    restored, redo = inverse.apply(new_state)
    assert restored == state
    assert redo.apply(restored)[0] == new_state


def test_a_target_edit_on_a_scenario_without_target_creates_one(dataset):
    state = preset_scenario("status-quo", dataset)
    new_state, inverse = SetTargetField("core_pct", 3.0).apply(state)
    assert new_state.target.core_pct == 3.0
    assert inverse.apply(new_state)[0].target is None


@pytest.mark.parametrize(
    "command, message",
    [
        (SetTargetField("target_year", 2020), "target year must be between 2026 and 2060, not 2020"),
        (SetTargetField("core_pct", -1.0), "core_pct must be a share of GDP between 0 and 100, not -1.0"),
        (SetTargetField("shape", "curve"), "path shape must be one of"),
        (SetTargetField("colour", "red"), "unknown target field 'colour'"),
        (SetHorizon(2061), "horizon must be between 2026 and 2060, not 2061"),
    ],
)
def test_invalid_values_are_refused_with_what_is_wrong(dataset, command, message):
    """A refused edit raises before any state is made, so no undo step can hold it."""
    with pytest.raises(ValueError, match=re.escape(message)):
        command.apply(preset_scenario("hague-2035", dataset))


@pytest.mark.parametrize(
    "command, message",
    [
        (SetMilestone("GBR", 2027, 101.0), "share_gdp_pct 101 is outside the plausible range (0..100)"),
        (SetMilestone("GBR", 2025, 2.5), "milestone year 2025 must be between 2026 and 2060"),
        (SetMilestone("ISL", 2030, 2.0), "Iceland has no armed forces"),
        (SetMilestone("XYZ", 2030, 2.0), "'XYZ' is not an ally's ISO3 code"),
    ],
)
def test_milestone_edits_pass_the_validation_gate(dataset, command, message):
    """The window checks every edit's new milestones with the gate before it becomes an undo step."""
    before = preset_scenario("hague-2035", dataset)
    with pytest.raises(FigureRefused, match=re.escape(message)):
        check_edit(dataset, before, command.apply(before)[0])


def test_undo_labels_read_like_english(dataset):
    assert milestone_label(dataset, "GBR", 2027) == "Set United Kingdom 2027/28 share"
    assert milestone_label(dataset, "FRA", 2030) == "Set France 2030 share"
    assert SetTargetField("core_pct", 3).label == "Set core target"
