"""The Plans vs pledge view and cash milestones in the window, driven as a user would."""

import pytest
from PySide6.QtCore import Qt

from desktop.core.presets import national_plans_scenario, preset_scenario
from desktop.core.reference_gap import gap_to_reference, headline, reference_on_same_years
from desktop.ui.views.plans.model import ALLY, GAP_USD, PLAN

from .ui_fixtures import OFFSCREEN_NOISE, make_window, no_threads_or_timers_left, prompts, settings, window  # noqa: F401


def _row(model, iso3):
    return next(r for r in range(model.rowCount()) if model.row(r).iso3 == iso3)


def test_the_view_gives_the_headline_ranking_and_table_of_core(window, qtmodeltester):
    dataset = window.document.dataset
    window.document.replace_scenario(preset_scenario("national-plans", dataset), "Use announced national plans")
    window.show_tab("plans")
    plans = window.plans
    scenario = window.document.scenario
    gap = gap_to_reference(window.document.result, reference_on_same_years(dataset, scenario, preset_scenario("hague-2035", dataset)))
    assert plans.headline.text() == headline(gap, 2035)
    assert plans.headline.text().startswith("Under National plans, Europe + Canada spend")
    qtmodeltester.check(plans.model)
    assert plans.model.rowCount() == 31  # Iceland has no defence figures
    fra = _row(plans.model, "FRA")
    assert plans.model.index(fra, GAP_USD).data(0) == f"{gap.usd_m[dataset.index('FRA'), 10]:,.0f}"
    assert "€64 bn (national definition) in 2027" in plans.model.index(fra, PLAN).data()
    tooltip = plans.model.index(fra, ALLY).data(3)
    assert "Macron" in tooltip and "2025-07-13" in tooltip and "reported" in tooltip
    assert "published no dated path" in plans.model.index(_row(plans.model, "TUR"), ALLY).data(3)
    assert plans.chart.ranking[0][0] == "FRA" and plans.chart.ranking[-1][0] == "POL"


def test_reference_and_year_are_view_settings_and_follow_edits(window):
    window.show_tab("plans")
    plans = window.plans
    undo_steps = window.document.undo_stack.count()
    plans.reference_box.setCurrentIndex(plans.reference_box.findData("us-5pct"))
    assert "the 5% by 2030 path needs" in plans.headline.text()
    plans.year_box.setValue(2030)
    assert " in 2030;" in plans.headline.text() and plans.model.headerData(1, Qt.Orientation.Horizontal) == "% GDP\n2030"
    assert window.document.undo_stack.count() == undo_steps  # looking is not editing
    before = plans.headline.text()
    window.panel.core_box.setValue(5.0)  # an edit of the scenario reaches the view at once
    after = plans.headline.text()
    assert after != before and "Europe + Canada spend 3.65% of GDP in 2030" in after


def test_use_announced_plans_and_its_switches_are_single_undo_steps(window):
    window.show_tab("plans")
    plans = window.plans
    dataset = window.document.dataset
    plans.use_plans.click()
    assert window.document.scenario == preset_scenario("national-plans", dataset)
    assert window.document.undo_stack.undoText() == "Use announced national plans"
    plans.low_box.setChecked(True)
    assert window.document.scenario == national_plans_scenario(dataset, include_low=True)
    lithuania = window.document.result.share_pct[dataset.index("LTU"), 2030 - 2025]
    assert lithuania == pytest.approx(6.0)
    window.document.undo_stack.undo()
    assert window.document.scenario == preset_scenario("national-plans", dataset)
    window.document.undo_stack.undo()
    assert window.document.scenario == preset_scenario("hague-2035", dataset)


def test_the_plans_chart_exports_and_its_table_copies(window, prompts, tmp_path):
    window.show_tab("plans")
    prompts.save_as_answer = str(tmp_path / "plans.png")
    assert window.export_chart()
    assert (tmp_path / "plans.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    window.plans.table.selectAll()
    text = window.copy_selection()
    assert text.splitlines()[0].startswith("Ally\t") and "France" in text


def test_a_cash_milestone_is_added_edited_and_undone_in_the_milestones_tab(window):
    from desktop.ui.milestones_model import AMOUNT, NOTE, PATH_SHARE

    window.show_tab("milestones")
    tab = window.milestones
    tab.ally_box.setCurrentIndex(tab.ally_box.findData("DEU"))
    tab.year_box.setValue(2029)
    tab.kind_box.setCurrentIndex(tab.kind_box.findData("amount"))
    assert tab.currency_box.currentText() == "EUR" and not tab.share_box.isEnabled()
    tab.amount_box.setValue(153_000.0)
    tab.add_button.click()
    point = window.document.scenario.milestones["DEU"][0]
    assert (point.year, point.share_pct, point.amount_m, point.currency) == (2029, None, 153_000.0, "EUR")
    assert window.document.undo_stack.undoText() == "Set Germany 2029 amount"
    row = tab.model.row_of("DEU", 2029)
    resolved = window.document.result.milestones["DEU"][0]
    assert tab.model.index(row, PATH_SHARE).data() == f"{resolved.share_pct:.2f}%"
    assert tab.model.index(row, NOTE).data().startswith("€153 bn is ")
    assert "User-entered" in tab.model.index(row, 0).data(3)
    assert tab.model.setData(tab.model.index(row, AMOUNT), 160_000.0)
    assert window.document.scenario.milestones["DEU"][0].amount_m == 160_000.0
    assert window.document.undo_stack.undoText() == "Set Germany 2029 amount"
    assert tab.model.setData(tab.model.index(row, AMOUNT), -5.0)  # refused by the gate, with a message
    assert window.document.scenario.milestones["DEU"][0].amount_m == 160_000.0
    assert "positive number of millions" in window.statusBar().currentMessage()
    window.document.undo_stack.undo()
    window.document.undo_stack.undo()
    assert "DEU" not in window.document.scenario.milestones
