"""The Budget lines tab as an analyst drives it: add, edit, duplicate and delete lines with undo; headroom and charts follow."""

import pytest
from PySide6.QtCore import Qt

from desktop.ui.views.budget_lines.headroom_model import HeadroomModel
from desktop.ui.views.budget_lines.lines_model import AMOUNT, CATEGORY, FIRST, FUNDING, IN_BASELINE, LABEL, UNIT_COST, LinesModel

from .ui_fixtures import make_window, prompts, settings, window  # noqa: F401


def _edit(tab, row, column, value, role=Qt.ItemDataRole.EditRole):
    index = tab.table.proxy.index(row, column)
    return tab.table.proxy.setData(index, value, role)


def _shown(tab, row, column):
    return tab.table.proxy.index(row, column).data()


def test_add_edit_duplicate_and_delete_a_line_with_undo(make_window, qtbot):
    window = make_window("uk-plan")
    window.show_tab("budget_lines")
    tab = window.budget_lines
    document = window.document
    assert tab.model.rowCount() == 0
    tab.ally_box.setCurrentIndex(tab.ally_box.findData("GBR"))
    tab.add_button.click()
    (line,) = document.scenario.budget_lines
    assert (line.iso3, line.currency, line.profile, line.first_year, line.last_year, line.total_m) == ("GBR", "GBP", "even", 2026, 2030, 100.0)
    assert document.undo_stack.undoText() == "Add budget line New line 1 for United Kingdom"
    assert _shown(tab, 0, FIRST) == "2026/27"  # budget years as the UK prints them

    assert _edit(tab, 0, LABEL, "Air defence")
    assert _edit(tab, 0, AMOUNT, "1,000")
    assert _edit(tab, 0, CATEGORY, "research_development")
    assert _edit(tab, 0, UNIT_COST, "2500000")
    line = document.scenario.budget_lines[0]
    assert (line.label, line.total_m, line.category, line.unit_cost) == ("Air defence", 1_000.0, "research_development", 2_500_000.0)
    assert [a for _, a in line.amounts] == pytest.approx([200.0] * 5)
    assert document.undo_stack.undoText() == "Set Air defence unit cost"
    assert _shown(tab, 0, CATEGORY) == "Research and development"

    # The headroom below follows: the extra less the line, year by year.
    headroom = window.budget_lines.headroom_model
    assert isinstance(headroom, HeadroomModel)
    extra_2027 = headroom.index(0, 3).data(Qt.ItemDataRole.EditRole)
    assert headroom.headerData(3, Qt.Orientation.Horizontal) == "2027/28"
    assert headroom.index(2, 3).data(Qt.ItemDataRole.EditRole) == pytest.approx(extra_2027 - 200.0)

    # A bad figure is refused in one line and changes nothing.
    refused = []
    document.edit_refused.connect(refused.append)
    assert _edit(tab, 0, FIRST, "2031")  # after the last year
    assert document.scenario.budget_lines[0].first_year == 2026
    assert refused and "first year 2031 is after the last year 2030" in refused[0] and "\n" not in refused[0]

    assert _edit(tab, 0, IN_BASELINE, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert document.scenario.budget_lines[0].in_baseline
    assert _shown(tab, 0, FUNDING) == "In baseline"
    document.undo_stack.undo()
    assert not document.scenario.budget_lines[0].in_baseline

    tab.table.selectRow(0)
    tab.duplicate_button.click()
    assert [b.label for b in document.scenario.budget_lines] == ["Air defence", "Air defence (copy)"]
    assert document.undo_stack.undoText() == "Duplicate budget line Air defence"

    tab.table.selectRow(0)
    tab.delete_button.click()
    assert [b.label for b in document.scenario.budget_lines] == ["Air defence (copy)"]
    document.undo_stack.undo()
    assert [b.label for b in document.scenario.budget_lines] == ["Air defence", "Air defence (copy)"]
    for _ in range(7):  # duplicate, five edits, add
        document.undo_stack.undo()
    assert document.scenario.budget_lines == ()
    assert tab.model.rowCount() == 0


def test_lines_past_the_extra_are_flagged_unfunded(make_window):
    window = make_window("uk-announcements")
    window.show_tab("budget_lines")
    tab = window.budget_lines
    rows = {_shown(tab, r, LABEL).split(" (")[0]: r for r in range(tab.model.rowCount())}
    assert _shown(tab, rows["Sovereign warhead programme"], FUNDING).startswith("Unfunded in 2025/26, 2026/27, 2027/28")
    assert _shown(tab, rows["Drones for Ukraine"], FUNDING) == "In baseline"
    assert tab.chart.bars and tab.chart.guideline.value() == 20.0
    assert "extra" in tab.chart.readout_at(tab.chart.lines_plot, 2027.0, 0.0)


def test_the_lines_model_passes_the_model_tester(qtmodeltester, dataset):
    from desktop.core.budget_lines import plan_budget_lines
    from desktop.core.presets import preset_scenario
    from desktop.core.projection import compute

    result = compute(dataset, preset_scenario("uk-announcements", dataset))
    edits = []
    model = LinesModel(dataset, lambda *args: edits.append(args))
    model.set_plan(plan_budget_lines(result), result.scenario.budget_lines)
    qtmodeltester.check(model)
    assert model.setData(model.index(0, AMOUNT), "5000")
    assert edits == [(0, "total_m", 5_000.0)]
    assert not model.setData(model.index(0, AMOUNT), "lots")


def test_after_an_edit_the_chart_shows_what_a_fresh_chart_would(make_window):
    """An edit moves the bars and curves already drawn; they must end where a chart drawn from scratch puts them."""
    import numpy as np

    from desktop.ui.views.budget_lines.charts import LinesChart

    window = make_window("uk-announcements")
    window.show_tab("budget_lines")
    tab = window.budget_lines
    before = [bar.opts["height"].copy() for bar in tab.chart.bars] + [tab.chart.extra_curve.yData.copy()]
    rows = {_shown(tab, r, LABEL).split(" (")[0]: r for r in range(tab.model.rowCount())}
    assert _edit(tab, rows["Sovereign warhead programme"], AMOUNT, "20,000")
    fresh = LinesChart()
    from desktop.core.composition import composition

    fresh.show_ally(window.document.result, tab._plan, composition(window.document.result, tab._plan), tab.ally_box.currentData())
    assert len(tab.chart.bars) == len(fresh.bars)
    for moved, drawn in zip(tab.chart.bars, fresh.bars):
        for key in ("x", "y0", "height"):
            assert np.array_equal(moved.opts[key], drawn.opts[key])
    after = [bar.opts["height"] for bar in tab.chart.bars] + [tab.chart.extra_curve.yData]
    assert any(not np.array_equal(b, a) for b, a in zip(before, after))  # the edit moved them
    assert np.array_equal(tab.chart.extra_curve.yData, fresh.extra_curve.yData)
    assert tab.chart.share_curves.keys() == fresh.share_curves.keys()
    for component, curve in tab.chart.share_curves.items():
        assert np.allclose(curve.yData, fresh.share_curves[component].yData, equal_nan=True)
    fresh.deleteLater()
