"""The import dialog's choices: which sheet it shows, which tables it ticks, cancelled re-reads, refused labels."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.ui.import_dialog import CANCELLED
from desktop.ui.import_records_model import HEADERS, VALUE

from .ui_fixtures import make_window, no_threads_or_timers_left, settings, window  # noqa: F401
from .ui_spreadsheet_fixtures import ministry_workbook, open_import, prompts, two_sheet_workbook, wait_idle  # noqa: F401


def _choose(box, data) -> None:
    index = box.findData(data)
    assert index >= 0, data
    box.setCurrentIndex(index)
    box.activated.emit(index)


def _ticked(dialog) -> list[str]:
    return [f"{table.sheet}/{table.block}" for table in dialog.checked_tables()]


def _blocks(dialog) -> list[str]:
    return [dialog.block_box.itemText(i) for i in range(dialog.block_box.count())]


def test_the_preview_shows_the_sheet_each_read_is_about(qtbot, window, tmp_path):
    dialog = open_import(qtbot, window, two_sheet_workbook(tmp_path))
    assert dialog.preview_model.sheet == "Spending"
    assert dialog.file_label.text().startswith("allies-2024.xlsx (xlsx): 3 tables")
    _choose(dialog.sheet_box, "Shares")
    wait_idle(qtbot, window.imports.task)
    assert dialog.preview_model.sheet == "Shares" and dialog.sheet_tabs.currentIndex() == 1
    assert dialog.preview_note.text().startswith("Sheet Shares:") and "1 table read" in dialog.preview_note.text()
    assert dialog.file_label.text().startswith("allies-2024.xlsx (xlsx): 1 table,")

    dialog.header_box.setValue(2)  # a row without years: the heading says nothing was read
    wait_idle(qtbot, window.imports.task)
    assert dialog.file_label.text().startswith("allies-2024.xlsx (xlsx): 0 tables")
    assert dialog.preview_model.sheet == "Shares" and dialog.preview_model.role_at(5, 0) is None


def test_tables_that_fit_the_way_to_apply_are_ticked_and_follow_it(qtbot, window, tmp_path):
    dialog = open_import(qtbot, window, two_sheet_workbook(tmp_path))
    assert dialog.mode_box.currentData() == "share"  # a table of shares of GDP comes first
    assert _ticked(dialog) == ["Shares/None"]
    dialog.mode_box.setCurrentIndex(dialog.mode_box.findData("spending"))
    assert _ticked(dialog) == ["Spending/Current prices"]  # never constant prices
    dialog.mode_box.setCurrentIndex(dialog.mode_box.findData("gdp"))
    assert _ticked(dialog) == []  # spending is not GDP

    dialog.tables_list.item(1).setCheckState(Qt.CheckState.Checked)  # by hand: the mode no longer re-ticks
    dialog.mode_box.setCurrentIndex(dialog.mode_box.findData("share"))
    assert _ticked(dialog) == ["Spending/Constant 2015 prices"]


def test_a_file_in_percent_is_applied_as_shares_by_default(qtbot, window, tmp_path):
    path = tmp_path / "shares.csv"
    path.write_text("Defence spending (% of GDP)\nCountry,2023,2024\nPoland,3.9,4.1\nLatvia,2.4,3.2\n")
    dialog = open_import(qtbot, window, path)
    assert dialog.mode_box.currentData() == "share" and len(_ticked(dialog)) == 1


def test_the_tables_chosen_are_ticked_again_in_next_years_file(qtbot, window, tmp_path):
    dialog = open_import(qtbot, window, two_sheet_workbook(tmp_path))
    dialog.mode_box.setCurrentIndex(dialog.mode_box.findData("spending"))
    dialog.apply_button.click()
    wait_idle(qtbot, window.imports.task)
    saved = window.document.scenario.import_mappings[-1]
    assert saved["tables"] == [{"sheet": "Spending", "title": "Defence expenditure", "block": "Current prices",
                                "header_cell": "Spending!B3"}]
    window.imports.close_dialog()

    dialog = open_import(qtbot, window, two_sheet_workbook(tmp_path, "Allies_2025.xlsx"))
    assert _ticked(dialog) == ["Spending/Current prices"]
    dialog.mode_box.setCurrentIndex(dialog.mode_box.findData("share"))  # a saved choice counts as by hand
    assert _ticked(dialog) == ["Spending/Current prices"]


def test_a_cancelled_reread_puts_the_controls_back_and_detect_again_still_works(qtbot, window, tmp_path):
    dialog = open_import(qtbot, window, two_sheet_workbook(tmp_path))
    _choose(dialog.sheet_box, "Shares")
    window.imports.task.cancel()
    wait_idle(qtbot, window.imports.task)
    assert dialog.status.text() == CANCELLED
    assert dialog.sheet_box.currentData() is None  # back to the read on screen: all sheets
    assert dialog.tables_list.count() == 3

    _choose(dialog.sheet_box, "Shares")
    wait_idle(qtbot, window.imports.task)
    dialog.detect_button.click()
    window.imports.task.cancel()
    wait_idle(qtbot, window.imports.task)
    assert dialog.sheet_box.currentData() == "Shares" and dialog.status.text() == CANCELLED
    dialog.detect_button.click()
    assert window.imports.task.is_running
    wait_idle(qtbot, window.imports.task)
    assert dialog.outcome.mapping.sheet is None and dialog.tables_list.count() == 3


def test_a_label_column_holding_years_or_nothing_is_refused(qtbot, window, tmp_path):
    dialog = open_import(qtbot, window, ministry_workbook(tmp_path))
    _choose(dialog.label_box, "C")
    wait_idle(qtbot, window.imports.task)
    assert "column C holds the years of the table at Spending!B4" in dialog.status.text()
    assert "\n" not in dialog.status.text()
    assert dialog.records_model.rowCount() == 0 and not dialog.apply_button.isEnabled()
    _choose(dialog.label_box, "F")
    wait_idle(qtbot, window.imports.task)
    assert "column F is empty in the rows of the table" in dialog.status.text()
    assert dialog.records_model.rowCount() == 0
    _choose(dialog.label_box, "A")
    wait_idle(qtbot, window.imports.task)
    assert dialog.records_model.rowCount() == 20 and dialog.status.text() == ""


def test_the_block_list_holds_the_blocks_of_the_read_shown(qtbot, window, tmp_path):
    dialog = open_import(qtbot, window, two_sheet_workbook(tmp_path))
    assert _blocks(dialog) == ["All blocks", "Current prices", "Constant 2015 prices"]
    _choose(dialog.sheet_box, "Shares")
    wait_idle(qtbot, window.imports.task)
    assert _blocks(dialog) == ["All blocks"] and not dialog.block_box.isEnabled()


def test_applying_the_same_import_twice_adds_no_undo_step(qtbot, window, tmp_path):
    dialog = open_import(qtbot, window, two_sheet_workbook(tmp_path))
    dialog.mode_box.setCurrentIndex(dialog.mode_box.findData("share"))
    assert "6 figures are older than yours: kept" in dialog.review.text()  # its 2024e marks a 2024 edition
    dialog.replace_newer_box.setChecked(True)
    dialog.apply_button.click()
    wait_idle(qtbot, window.imports.task)
    assert window.document.undo_stack.count() == 1
    after = window.document.scenario
    assert "allies-2024.xlsx, Shares!D5 (2024e)" in {o.source for o in after.overrides}
    assert "Replaced Poland, share of GDP 2024: 3.79 → 4.12 (% of GDP; was: " in dialog.changes.toPlainText()
    dialog.apply_button.click()
    wait_idle(qtbot, window.imports.task)
    assert window.document.undo_stack.count() == 1 and window.document.scenario is after
    assert dialog.status.text() == "Nothing changed: 0 figures added, 0 replaced, 6 unchanged"


def test_label_year_and_value_fit_the_figures_table(qtbot, window, tmp_path):
    dialog = open_import(qtbot, window, ministry_workbook(tmp_path))
    assert HEADERS[:3] == ("Label", "Year", "Value") and HEADERS[-1] == "Cell"
    dialog.resize(1280, 800)
    qtbot.waitExposed(dialog)
    records = dialog.records
    right = records.columnViewportPosition(VALUE) + records.columnWidth(VALUE)
    assert right <= records.viewport().width()
    for text in ("18,788.01703", dialog.records_model.index(0, VALUE).data()):  # NATO prints ten digits
        assert records.fontMetrics().horizontalAdvance(text) < records.columnWidth(VALUE) - 6
    assert records.fontMetrics().horizontalAdvance("2024e") < records.columnWidth(VALUE - 1) - 6


def test_an_estimate_year_reads_as_the_file_prints_it(qtbot, window, tmp_path):
    dialog = open_import(qtbot, window, two_sheet_workbook(tmp_path))
    _choose(dialog.sheet_box, "Shares")
    wait_idle(qtbot, window.imports.task)
    years = [dialog.records_model.index(row, VALUE - 1).data() for row in range(3)]
    assert years == ["2022", "2023", "2024e"]


def test_a_large_apply_runs_in_the_background_with_progress_as_one_undo_step(qtbot, window, tmp_path):
    path = tmp_path / "lines.csv"
    path.write_text("£ million\nLine,2026,2027,2028\n" + "".join(f"Line {n},1,2,3\n" for n in range(30_000)))
    dialog = open_import(qtbot, window, path)
    assert dialog.mode_box.currentData() == "budget_lines"
    dialog.ally_box.setCurrentIndex(dialog.ally_box.findData("GBR"))
    seen = []
    window.imports.task.progress.connect(seen.append)
    dialog.apply_button.click()
    assert window.imports.task.is_running and window.imports.task.progress_dialog is not None
    wait_idle(qtbot, window.imports.task)
    assert len(set(seen)) >= 3 and 0 <= min(seen) < max(seen) <= 1  # (the modal progress dialog may reorder them)
    assert len(window.document.scenario.budget_lines) == 30_000
    assert window.document.undo_stack.count() == 1
    listed = dialog.changes.toPlainText().splitlines()
    assert len(listed) == 201 and listed[-1] == "… and 29,800 more added"
