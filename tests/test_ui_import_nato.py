"""The import dialog on NATO's own 2024 workbook: tables named by what they measure, the 2025 edition kept by default."""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import Qt

from desktop.core.history import share_history

from .ui_fixtures import make_window, no_threads_or_timers_left, settings, window  # noqa: F401
from .ui_spreadsheet_fixtures import open_import, prompts, wait_idle  # noqa: F401

NATO_2024 = "nato-2024-edition/240617-def-exp-2024-TABLES-en.xlsx"


@pytest.fixture
def nato_2024(shared_data):
    path = shared_data / NATO_2024
    if not path.is_file():
        pytest.skip(f"{NATO_2024} is absent")
    return path


def _ticked(dialog) -> list[str]:
    return [table.header_cell + "/" + (table.block or "") for table in dialog.checked_tables()]


def _history_outside(window) -> list[str]:
    dataset = window.document.dataset
    history = share_history(dataset, window.document.scenario)
    return [f"{a.iso3} {2014 + j} {v:.2f}" for i, a in enumerate(dataset.allies) for j, v in enumerate(history[i])
            if not math.isnan(v) and not 0.1 <= v <= 8.0]


def test_the_default_apply_keeps_the_2025_edition(qtbot, window, nato_2024):
    dialog = open_import(qtbot, window, nato_2024)
    titles = [dialog.tables_list.item(n).text() for n in range(dialog.tables_list.count())]
    assert titles[4].startswith("Table 3 (Share of real GDP (%)) · defence expenditure as % of GDP · % · 2014–2024e")
    assert "per capita" in titles[10] and "GDP, current prices" in titles[7]
    assert dialog.unit_box.itemText(0).startswith("Detect (found: national currency millions (per row), US$ millions")
    assert dialog.mode_box.currentData() == "share"
    assert _ticked(dialog) == ["TABLE3!D8/Share of real GDP (%)"]  # not real change, not Table 8's shares
    assert "341 figures are older than yours: kept" in dialog.review.text()
    before = window.document.scenario.overrides
    dialog.apply_button.click()
    wait_idle(qtbot, window.imports.task)
    assert window.document.scenario.overrides == before
    assert "0 replaced, 341 kept because newer" in dialog.status.text()
    assert _history_outside(window) == []


@pytest.mark.parametrize("mode", ["share", "gdp", "spending", "composition"])
def test_no_way_of_applying_makes_history_absurd(qtbot, window, nato_2024, mode):
    dialog = open_import(qtbot, window, nato_2024)
    dialog.mode_box.setCurrentIndex(dialog.mode_box.findData(mode))
    dialog.replace_newer_box.setChecked(True)
    dialog.apply_button.click()
    wait_idle(qtbot, window.imports.task)
    assert "replaced" in dialog.status.text()
    assert _history_outside(window) == []


def test_replacing_newer_shares_takes_table_3_and_marks_them_imported(qtbot, window, nato_2024):
    from desktop.core.sources import figure_source

    dialog = open_import(qtbot, window, nato_2024)
    dialog.replace_newer_box.setChecked(True)
    assert "replaced (you chose to)" in dialog.review.text()
    dialog.apply_button.click()
    wait_idle(qtbot, window.imports.task)
    scenario = window.document.scenario
    figures = {(o.iso3, o.year): o.value for o in scenario.overrides}
    assert figures[("POL", 2024)] == pytest.approx(4.12, abs=0.005)
    assert figures[("USA", 2024)] == pytest.approx(3.38, abs=0.005)
    text = figure_source(window.document.dataset, scenario, "POL", "share_gdp_pct", 2024)
    assert text.startswith("defence share of GDP 2024: imported from 240617-def-exp-2024-TABLES-en.xlsx, TABLE3!N")
    assert text.endswith("; 2024 edition") and "published" not in text
    window.show_tab("trajectories")
    hover = window.trajectories.readout_at(window.trajectories.plot, 2024, 0)
    assert hover.startswith("2024 (history): ") and "Poland 4.12% (imported from 240617-def-exp-2024-TABLES-en.xlsx, TABLE3!N" in hover


def test_spending_shows_the_conflict_and_lets_the_user_choose(qtbot, window, nato_2024):
    dialog = open_import(qtbot, window, nato_2024)
    dialog.mode_box.setCurrentIndex(dialog.mode_box.findData("spending"))
    assert _ticked(dialog) == ["TABLE1!D8/Current prices", "TABLE2!D8/Current prices and exchange rates"]
    assert dialog.conflicts_list.count() == 1 and not dialog.conflicts_list.isHidden()
    assert dialog.conflicts_list.item(0).text().endswith("Table 1 (Current prices) is used")
    dialog.conflicts_list.itemActivated.emit(dialog.conflicts_list.item(0))
    assert dialog.conflicts_list.item(0).text().endswith("Table 2 (Current prices and exchange rates) is used")
    dialog.replace_newer_box.setChecked(True)
    dialog.apply_button.click()
    wait_idle(qtbot, window.imports.task)
    sources = {o.source.split(", ")[1].split("!")[0] for o in window.document.scenario.overrides}
    assert sources == {"TABLE2"}
    assert _history_outside(window) == []
