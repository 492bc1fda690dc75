"""View ▸ Compare Scenarios: the right differences in the chosen year, highlighted, sortable, plotted."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from desktop.core.compare import compare_year
from desktop.core.presets import preset_scenario
from desktop.core.projection import compute
from desktop.core.scenario import Scenario, Target
from desktop.core.scenario_file import write_scenario
from desktop.ui.compare_model import COLUMNS, FALL_TINT, RISE_TINT, CompareModel
from desktop.ui.roles import SORT_ROLE

from .ui_fixtures import make_window, no_threads_or_timers_left, prompts, settings, window  # noqa: F401

COL = {c.title: n for n, c in enumerate(COLUMNS)}


def _cell(dialog, iso3, title, role=Qt.ItemDataRole.DisplayRole):
    model = dialog.model
    return model.index(model.row_of(iso3), COL[title]).data(role)


@pytest.fixture
def dialog(window):
    return window.show_compare()


@pytest.mark.qt_log_ignore("does not support raise")  # the offscreen platform cannot raise a window
def test_compare_is_in_the_view_menu_with_a_shortcut(window):
    action = window.actions["compare"]
    assert action in window.menus["view"].actions()
    assert action.shortcut() == QKeySequence("Ctrl+Shift+C")
    action.trigger()
    assert window.compare_dialog.isVisible()
    assert window.show_compare() is window.compare_dialog


def test_status_quo_against_hague_shows_the_core_differences(dialog, dataset):
    assert dialog.a_box.currentText() == "Status quo"
    assert dialog.b_box.currentText() == "Open scenario: Hague 2035"
    assert dialog.year() == 2035
    base = dataset.value("BEL", "share_gdp_pct", 2025)
    assert _cell(dialog, "BEL", "% GDP B−A", Qt.ItemDataRole.EditRole) == pytest.approx(3.5 - base)
    assert _cell(dialog, "BEL", "% GDP B−A") == f"+{3.5 - base:.2f} pp"
    assert _cell(dialog, "BEL", "% GDP A") == f"{base:.2f}%" and _cell(dialog, "BEL", "% GDP B") == "3.50%"
    expected = {r.iso3: r for r in compare_year(compute(dataset, preset_scenario("status-quo", dataset)), dialog.result_b(), 2035)}
    assert sorted(r.iso3 for r in dialog.model.rows) == sorted(expected)
    assert _cell(dialog, "BEL", "US$ m B−A", Qt.ItemDataRole.EditRole) == pytest.approx(expected["BEL"].spend_diff_usd_m)
    assert _cell(dialog, "BEL", "Extra B−A", Qt.ItemDataRole.EditRole) == pytest.approx(expected["BEL"].extra_diff_usd_m)
    assert _cell(dialog, "GBR", "Year") == "2035/36"
    assert "ISL" not in [r.iso3 for r in dialog.model.rows]
    assert "28 of 31 allies differ" in dialog.summary.text()


def test_differences_are_tinted_and_bold_and_equal_rows_are_plain(dialog):
    assert _cell(dialog, "BEL", "% GDP B−A", Qt.ItemDataRole.BackgroundRole) == RISE_TINT
    assert _cell(dialog, "BEL", "% GDP B−A", Qt.ItemDataRole.FontRole).bold()
    assert _cell(dialog, "BEL", "Ally", Qt.ItemDataRole.FontRole).bold()
    assert _cell(dialog, "BEL", "% GDP A", Qt.ItemDataRole.BackgroundRole) is None
    assert not _cell(dialog, "POL", "% GDP B−A", Qt.ItemDataRole.EditRole)  # Poland is above 3.5% already
    assert _cell(dialog, "POL", "% GDP B−A") == "0.00 pp"
    assert _cell(dialog, "POL", "% GDP B−A", Qt.ItemDataRole.BackgroundRole) is None
    assert _cell(dialog, "POL", "Ally", Qt.ItemDataRole.FontRole) is None
    dialog.choose(dialog.a_box, "preset:us-5pct")  # now B spends less than A almost everywhere
    assert _cell(dialog, "BEL", "% GDP B−A") == "-1.50 pp"
    assert _cell(dialog, "BEL", "% GDP B−A", Qt.ItemDataRole.BackgroundRole) == FALL_TINT


def test_changing_the_year_updates_table_summary_and_plot(dialog, dataset):
    dialog.year_box.setValue(2030)
    expected = {r.iso3: r for r in compare_year(dialog.result_a(), dialog.result_b(), 2030)}
    assert _cell(dialog, "BEL", "% GDP B−A", Qt.ItemDataRole.EditRole) == pytest.approx(expected["BEL"].share_diff)
    assert expected["BEL"].share_diff < 3.5 - dataset.value("BEL", "share_gdp_pct", 2025)
    assert _cell(dialog, "GBR", "Year") == "2030/31"
    assert dialog.summary.text().startswith("<b>2030</b>: NATO")
    assert dialog.chart._year_line.value() == 2030


def test_the_open_scenario_is_followed_as_it_is_edited(window, dialog):
    window.panel.core_box.setValue(5.0)
    assert _cell(dialog, "BEL", "% GDP B") == "5.00%"
    assert window.document.scenario.name in dialog.b_box.currentText()


def test_a_closed_dialog_catches_up_with_edits_when_shown_again(window, dialog):
    dialog.close()
    window.panel.core_box.setValue(4.0)
    assert _cell(dialog, "BEL", "% GDP B") == "3.50%"  # not redrawn while nobody looks
    assert window.show_compare() is dialog
    assert _cell(dialog, "BEL", "% GDP B") == "4.00%"


def test_sorting_is_numeric(dialog):
    column = COL["US$ m B−A"]
    dialog.table.sortByColumn(column, Qt.SortOrder.DescendingOrder)
    proxy = dialog.table.proxy
    shown = [proxy.index(r, column).data(SORT_ROLE) for r in range(proxy.rowCount())]
    assert shown == sorted(shown, reverse=True)
    assert proxy.index(0, COL["Ally"]).data() == "United States"
    texts = [proxy.index(r, column).data() for r in range(proxy.rowCount())]
    assert texts != sorted(texts, reverse=True)  # text order would differ: the sort role does the work


def test_a_browsed_file_is_compared_and_a_bad_one_reported(dialog, prompts, tmp_path, dataset):
    plan = tmp_path / "short.defplan"
    write_scenario(Scenario(name="Short plan", target=Target(core_pct=3.0, target_year=2028), horizon=2030), plan)
    prompts.open_answer = str(plan)
    dialog.b_browse.click()
    assert dialog.b_box.currentText() == "Short plan (short.defplan)"
    assert dialog.a_box.findText("Short plan (short.defplan)") >= 0
    assert (dialog.year_box.minimum(), dialog.year_box.maximum()) == (2025, 2030)
    assert dialog.year() == 2030  # 2035 is beyond the file's horizon
    assert _cell(dialog, "BEL", "% GDP B") == "3.00%"
    bad = tmp_path / "bad.defplan"
    bad.write_text("{not json")
    prompts.open_answer = str(bad)
    dialog.a_browse.click()
    assert prompts.errors and "bad.defplan" in prompts.errors[-1]
    assert dialog.a_box.currentText() == "Status quo"


def test_the_plot_draws_a_solid_and_b_dashed_for_the_aggregate_or_the_selected_allies(dialog):
    a, b = dialog.result_a(), dialog.result_b()
    solid, dashed = dialog.chart.curves_of("NATO")
    assert list(solid.getData()[1]) == pytest.approx(list(a.aggregates["NATO"]["share_gdp_pct"]))
    assert list(dashed.getData()[1]) == pytest.approx(list(b.aggregates["NATO"]["share_gdp_pct"]))
    assert solid.opts["pen"].style() == Qt.PenStyle.SolidLine and dashed.opts["pen"].style() == Qt.PenStyle.DashLine
    assert dialog.chart.legend_labels() == ["NATO, A: Status quo", "NATO, B: Hague 2035"]
    dialog.plot_box.setCurrentIndex(dialog.plot_box.findData("EUROPE_CANADA"))
    assert dialog.chart.curves_of("NATO") is None and dialog.chart.curves_of("EUROPE_CANADA") is not None
    proxy = dialog.table.proxy
    row = next(r for r in range(proxy.rowCount()) if proxy.index(r, 0).data() == "Belgium")
    dialog.table.selectRow(row)
    assert dialog.plot_box.currentData() == "selected"
    solid, dashed = dialog.chart.curves_of("BEL")
    assert dashed.getData()[1][b.year_index(2035)] == pytest.approx(3.5)
    assert "Belgium, B: Hague 2035" in dialog.chart.legend_labels()
    assert "Belgium A" in dialog.chart.readout_at(dialog.chart.plot, 2035.2, 3.0)


def test_the_compare_model_passes_the_model_tester(qtmodeltester, dataset):
    model = CompareModel()
    a = compute(dataset, preset_scenario("status-quo", dataset))
    b = compute(dataset, preset_scenario("hague-2035", dataset))
    model.set_rows(compare_year(a, b, 2035), "Status quo", "Hague 2035")
    qtmodeltester.check(model)
    model.set_rows(compare_year(a, b, 2030), "Status quo", "Hague 2035")
    qtmodeltester.check(model)
    model.set_rows([], "Status quo", "Hague 2035")
    qtmodeltester.check(model)


def test_the_dialog_is_keyboard_reachable(dialog):
    from PySide6.QtWidgets import QLabel

    buddies = {label.text(): label.buddy() for label in dialog.findChildren(QLabel) if label.buddy() is not None}
    assert buddies == {
        "Scenario &A (solid):": dialog.a_box,
        "Scenario &B (dashed):": dialog.b_box,
        "&Year:": dialog.year_box,
        "&Plot:": dialog.plot_box,
    }


def _one_ally_differs(dataset):
    base = preset_scenario("status-quo", dataset)
    return base, base.with_milestones("PRT", [(2030, 3.0)])


def test_the_one_differing_ally_comes_first_and_can_be_shown_alone(window, dataset, tmp_path):
    base, edited = _one_ally_differs(dataset)
    window.document.load(edited, None)
    dialog = window.show_compare()  # A: status quo, B: the open scenario
    dialog.year_box.setValue(2030)
    proxy = dialog.table.proxy
    assert proxy.rowCount() == 31 and proxy.index(0, COL["Ally"]).data() == "Portugal"
    assert [r.differs for r in dialog.model.rows] == [True] + [False] * 30
    dialog.differing_only.setChecked(True)
    assert proxy.rowCount() == 1 and proxy.index(0, COL["Ally"]).data() == "Portugal"
    assert "1 of 31 allies differ" in dialog.summary.text()
    dialog.differing_only.setChecked(False)
    assert proxy.rowCount() == 31


def test_rows_are_ordered_by_the_size_of_the_extra_difference(dataset):
    model = CompareModel()
    a = compute(dataset, preset_scenario("status-quo", dataset))
    b = compute(dataset, preset_scenario("hague-2035", dataset))
    model.set_rows(compare_year(a, b, 2035), "A", "B")
    sizes = [abs(r.extra_diff_usd_m) for r in model.rows]
    assert sizes == sorted(sizes, reverse=True) and model.rows[0].iso3 == "USA"


def test_a_selected_ally_stays_selected_and_plotted_when_the_year_reorders_the_rows(dialog):
    proxy = dialog.table.proxy
    dialog.table.selectRow(next(r for r in range(proxy.rowCount()) if proxy.index(r, 0).data() == "Belgium"))
    dialog.year_box.setValue(2028)
    assert dialog.plotted_keys() == ["BEL"] and dialog.chart.curves_of("BEL") is not None


def test_a_and_b_are_drawn_in_different_colours_as_well_as_styles(dialog):
    solid, dashed = dialog.chart.curves_of("NATO")
    a_pen, b_pen = solid.opts["pen"], dashed.opts["pen"]
    assert a_pen.color() != b_pen.color()
    assert (a_pen.style(), b_pen.style()) == (Qt.PenStyle.SolidLine, Qt.PenStyle.DashLine)


def test_the_table_and_chart_export_with_both_names(window, dialog, prompts, tmp_path):
    import csv

    from PySide6.QtGui import QImage

    window.panel.core_box.setValue(3.0)  # the open scenario is now "Hague 2035 (edited)"
    dialog.refresh()
    assert "B: Hague 2035 (edited)" in " ".join(dialog.chart.legend_labels())
    prompts.save_as_answer = str(tmp_path / "comparison")
    assert dialog.export_table()
    with open(tmp_path / "comparison.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["Compared in 2035: A = Status quo; B = Hague 2035 (edited)"]
    assert rows[1][:4] == ["Ally", "ISO", "Year", "% GDP A"] and len(rows) == 2 + dialog.model.rowCount()
    first = dialog.model.rows[0]
    assert rows[2][:2] == [first.name, first.iso3] and float(rows[2][11]) == pytest.approx(first.extra_diff_usd_m, abs=0.1)
    prompts.save_as_answer = str(tmp_path / "comparison.png")
    assert dialog.export_chart()
    image = QImage(str(tmp_path / "comparison.png"))
    assert not image.isNull() and image.width() >= 1600
