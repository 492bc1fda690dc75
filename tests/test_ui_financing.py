"""The Financing view: the mix editor as a model, edits as undoable commands, the debt chart and the growth band."""

import pytest
from PySide6.QtCore import Qt

from desktop.core.financing_mix import Mix
from desktop.core.presets import preset_scenario
from desktop.core.projection import compute
from desktop.ui.views.financing.model import BASIS, BORROW, DEBT, DEBT_SQ, RATE, REVENUE, FinancingModel

from .ui_fixtures import OFFSCREEN_NOISE, make_window, no_threads_or_timers_left, prompts, settings, window  # noqa: F401


def test_the_mix_model_passes_the_model_tester_and_sends_edits_to_callbacks(qtmodeltester, dataset):
    mixes, rates = [], []
    model = FinancingModel(compute(dataset, preset_scenario("hague-2035", dataset)), lambda *a: mixes.append(a), lambda *a: rates.append(a))
    qtmodeltester.check(model)
    assert model.rowCount() == 32  # the default row and the 31 allies with armed forces
    assert model.index(0, 0).data() == "All allies (default)"
    assert model.index(0, BORROW).data() == "100.00%"
    assert model.index(0, RATE).data() == "implied"
    assert model.flags(model.index(1, BORROW)) & Qt.ItemFlag.ItemIsEditable == Qt.ItemFlag.NoItemFlags
    row = next(r for r in range(model.rowCount()) if model.key_of_row(r) == "ITA")
    assert model.index(row, DEBT_SQ).data() == "137.01%"  # IMF 2030 ratio, held to 2035
    assert float(model.index(row, DEBT).data(Qt.ItemDataRole.EditRole)) > 137.01
    assert model.index(row, BASIS).data() == "implied"
    assert model.setData(model.index(row, REVENUE), 25.0)
    assert mixes == [("ITA", Mix(75.0, 25.0, 0.0))]
    assert model.setData(model.index(row, RATE), "4.5")
    assert model.setData(model.index(row, RATE), "")
    assert rates == [("ITA", 4.5), ("ITA", None)]
    assert not model.setData(model.index(row, REVENUE), "a lot")


def test_financing_edits_are_undoable_and_move_the_debt(window):
    window.show_tab("financing")
    tab = window.financing
    document = window.document
    ita = document.dataset.index("ITA")
    j = document.result.year_index(2035)
    before = tab.model.paths.debt_pct[ita, j]
    tab.set_mix("ITA", Mix(0.0, 60.0, 40.0))
    assert window.actions["undo"].text() == "&Undo Set Italy financing mix"
    assert tab.model.paths.debt_pct[ita, j] == pytest.approx(tab.model.paths.debt_status_quo_pct[ita, j])
    tab.set_rate(None, 5.0)
    assert window.actions["undo"].text() == "&Undo Set interest rate for all allies"
    document.undo_stack.undo()
    document.undo_stack.undo()
    assert tab.model.paths.debt_pct[ita, j] == pytest.approx(before)
    tab.set_mix("ITA", Mix(50.0, 60.0, 0.0))  # adds up to 110: refused, nothing changes
    assert "ITA" not in document.scenario.financing.mixes
    assert "add up to 110%" in window.statusBar().currentMessage()


def test_the_growth_band_box_edits_the_scenario_and_the_burden_chart_shades_the_band(window):
    window.show_tab("financing")
    tab = window.financing
    assert "2035 extra by US$" in tab.summary.text()
    tab.band_box.setValue(2.0)
    assert window.document.scenario.growth_band_pts == 2.0
    assert window.actions["undo"].text() == "&Undo Set growth band"
    window.show_tab("burden")
    low, high = window.burden.chart.band_of("EUROPE_CANADA")
    result = window.document.result
    central = result.aggregates["EUROPE_CANADA"]["spend_usd_m"]
    assert all(lo <= c <= hi for lo, c, hi in zip(low, central, high))
    assert high[-1] - low[-1] > 0
    window.document.undo_stack.undo()
    assert tab.band_box.value() == 1.0


def test_a_target_edit_refreshes_only_the_debt_and_interest_columns_and_a_mix_edit_all(dataset):
    from dataclasses import replace

    from desktop.ui.views.financing.model import INTEREST

    scenario = preset_scenario("hague-2035", dataset)
    model = FinancingModel(compute(dataset, scenario), lambda *a: None, lambda *a: None)
    changed = []
    model.dataChanged.connect(lambda top, bottom, roles: changed.append((top.column(), bottom.column())))
    higher = replace(scenario, target=replace(scenario.target, core_pct=4.0))
    model.set_result(compute(dataset, higher))
    assert changed == [(DEBT, INTEREST)]
    row = next(r for r in range(model.rowCount()) if model.key_of_row(r) == "ITA")
    assert float(model.index(row, DEBT).data(Qt.ItemDataRole.EditRole)) == pytest.approx(
        float(FinancingModel(compute(dataset, higher), lambda *a: None, lambda *a: None).index(row, DEBT).data(Qt.ItemDataRole.EditRole)))
    changed.clear()
    mixed = replace(higher, financing=higher.financing.with_mix("ITA", Mix(50.0, 50.0, 0.0)))
    model.set_result(compute(dataset, mixed))
    assert changed == [(0, model.columnCount() - 1)]
    assert model.index(row, REVENUE).data() == "50.00%"
