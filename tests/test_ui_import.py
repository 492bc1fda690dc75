"""The import dialog as an analyst uses it: what was understood, corrections, apply, undo, drop, cancel, failures."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QPushButton

from desktop.core.scenario_file import write_scenario
from desktop.spreadsheets.import_apply import SavedMapping, file_key, saved_mapping_for
from desktop.spreadsheets.reading.importer import Mapping
from desktop.spreadsheets.reading.sheet_preview import AGGREGATE_ROW, BLOCK, LABEL, SKIPPED, TITLE, TOTAL_ROW, UNIT_LINE, YEAR
from desktop.ui.import_records_model import CELL, UNIT, VALUE
from desktop.ui.import_records_model import LABEL as LABEL_COLUMN

from .ui_fixtures import make_window, no_threads_or_timers_left, settings, window  # noqa: F401
from .ui_spreadsheet_fixtures import ministry_workbook, open_import, prompts, wait_idle  # noqa: F401


def _records(dialog) -> list[tuple[str, str, str]]:
    model = dialog.records_model
    return [(model.index(r, CELL).data(), model.index(r, LABEL_COLUMN).data(), model.index(r, VALUE).data())
            for r in range(model.rowCount())]


def _choose(box, data) -> None:
    index = box.findData(data)
    assert index >= 0, data
    box.setCurrentIndex(index)
    box.activated.emit(index)


def _apply(qtbot, window, dialog, mode: str) -> None:
    dialog.mode_box.setCurrentIndex(dialog.mode_box.findData(mode))
    dialog.apply_button.click()
    wait_idle(qtbot, window.imports.task)


def test_the_dialog_shows_what_the_importer_understood(qtbot, window, tmp_path, qtmodeltester):
    dialog = open_import(qtbot, window, ministry_workbook(tmp_path))
    assert dialog.isVisible()
    preview = dialog.preview_model
    assert preview.sheet == "Spending"
    assert preview.headerData(1, Qt.Orientation.Horizontal) == "B"
    assert preview.headerData(3, Qt.Orientation.Vertical) == "4"
    expected = {(1, 0): TITLE, (2, 0): UNIT_LINE, (4, 1): YEAR, (4, 3): YEAR, (5, 0): BLOCK, (6, 0): LABEL,
                (9, 0): AGGREGATE_ROW, (10, 0): TOTAL_ROW, (7, 2): SKIPPED, (12, 0): BLOCK}
    assert {cell: preview.role_at(*cell).role for cell in expected} == expected
    assert "USD millions" in preview.index(1, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert preview.index(6, 2).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert dialog.tables_list.count() == 2
    assert "Current prices" in dialog.tables_list.item(0).text()
    # 5 rows x 3 years less the skipped text cell, then 2 x 3 in constant prices.
    assert dialog.records_model.rowCount() == 14 + 6
    assert _records(dialog)[0] == ("Spending!B6", "United Kingdom", "68,000")
    assert dialog.header_box.text() == "Detect"
    assert dialog.mode_box.currentData() == "spending"
    assert dialog.warnings_list.count() == 1
    qtmodeltester.check(preview)
    qtmodeltester.check(dialog.records_model)


def test_clicking_a_warning_selects_its_cell(qtbot, window, tmp_path):
    dialog = open_import(qtbot, window, ministry_workbook(tmp_path))
    item = dialog.warnings_list.item(0)
    assert item.text().startswith("Spending!C7: text 'see below'")
    dialog.warnings_list.itemClicked.emit(item)
    current = dialog.preview.currentIndex()
    assert (current.row() + 1, current.column()) == (7, 2)
    dialog.records.clicked.emit(dialog.records_model.index(3, CELL))
    current = dialog.preview.currentIndex()
    assert (current.row() + 1, current.column()) == (7, 1)


def test_a_corrected_mapping_reads_again_and_the_records_follow(qtbot, window, tmp_path):
    dialog = open_import(qtbot, window, ministry_workbook(tmp_path))
    _choose(dialog.block_box, "Constant 2015 prices")
    wait_idle(qtbot, window.imports.task)
    assert dialog.outcome.mapping == Mapping(block="Constant 2015 prices")
    assert dialog.tables_list.count() == 1
    assert [r[1] for r in _records(dialog)] == ["United Kingdom"] * 3 + ["Germany"] * 3
    assert dialog.preview_model.role_at(6, 0) is None  # the current-prices rows are no longer read

    _choose(dialog.scale_box, 1_000)
    wait_idle(qtbot, window.imports.task)
    assert dialog.outcome.report.tables[0].scale == 1_000
    assert dialog.records_model.index(0, UNIT).data() == "USD thousands"

    dialog.header_box.setValue(2)  # a row without years: the read fails, nothing to apply
    wait_idle(qtbot, window.imports.task)
    assert "row 2 of Spending holds no years" in dialog.status.text()
    assert not dialog.apply_button.isEnabled()
    assert dialog.records_model.rowCount() == 0

    dialog.header_box.setValue(0)
    wait_idle(qtbot, window.imports.task)
    assert dialog.apply_button.isEnabled()
    assert dialog.records_model.rowCount() == 6


def test_apply_is_one_undo_step_that_undo_restores_exactly(qtbot, window, tmp_path):
    document = window.document
    before = document.scenario
    dialog = open_import(qtbot, window, ministry_workbook(tmp_path))
    dialog.tables_list.item(1).setCheckState(Qt.CheckState.Unchecked)
    _apply(qtbot, window, dialog, "spending")
    after = document.scenario
    assert after != before
    assert document.undo_stack.count() == 1
    assert document.undo_stack.undoText() == "Import defence-budget-2024.xlsx"
    assert window.actions["undo"].text() == "&Undo Import defence-budget-2024.xlsx"
    imported = {(o.iso3, o.year) for o in after.overrides if "defence-budget-2024.xlsx" in o.source}
    assert imported == {("GBR", 2022), ("GBR", 2023), ("GBR", 2024), ("DEU", 2022), ("DEU", 2024),
                        ("FRA", 2022), ("FRA", 2023), ("FRA", 2024)}
    assert dialog.status.text().startswith("0 figures added, 8 replaced, 6 records skipped")
    changes = dialog.changes.toPlainText()
    assert "Replaced United Kingdom, share of GDP 2022: 2.27 → 2.18 (% of GDP; was: NATO" in changes
    assert "Skipped Spending!B9: 'NATO Europe' is not an ally (aggregate)" in changes
    saved = after.import_mappings[-1]
    assert saved["file"] == "defence-budget-2024.xlsx" and saved["mode"] == "spending"
    assert window.isWindowModified()

    document.undo_stack.undo()
    assert document.scenario == before
    assert document.scenario.import_mappings == before.import_mappings
    document.undo_stack.redo()
    assert document.scenario == after


def test_applying_in_a_way_that_does_not_fit_says_why_and_changes_nothing(qtbot, window, tmp_path):
    before = window.document.scenario
    dialog = open_import(qtbot, window, ministry_workbook(tmp_path))
    dialog.mode_box.setCurrentIndex(dialog.mode_box.findData("share"))
    assert dialog.checked_tables() == []  # no table in percent: none ticked
    dialog.apply_button.click()
    assert dialog.status.text() == "Tick at least one table to apply"
    dialog.tables_list.item(0).setCheckState(Qt.CheckState.Checked)
    _apply(qtbot, window, dialog, "share")
    assert "not shares of GDP: apply it as spending" in dialog.status.text()
    assert window.document.scenario is before
    assert window.document.undo_stack.count() == 0


def test_budget_lines_for_a_chosen_ally(qtbot, window, tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Lines"
    sheet.append(["Defence budget lines"])
    sheet.append(["£ million"])
    sheet.append(["Line", 2026, 2027, 2028])
    sheet.append(["Drones", 100, 200, 400])
    sheet.append(["Air defence", 300, 350, 500])
    path = tmp_path / "mod-lines.xlsx"
    workbook.save(path)
    dialog = open_import(qtbot, window, path)
    assert dialog.mode_box.currentData() == "budget_lines"  # no row names an ally
    assert dialog.ally_box.isEnabled()
    assert dialog.ally_box.currentData() == "GBR"  # pounds: only the United Kingdom uses them
    dialog.mode_box.setCurrentIndex(dialog.mode_box.findData("spending"))
    assert not dialog.ally_box.isEnabled()
    assert dialog.checked_tables() == []  # budget lines are not an ally's defence spending
    dialog.mode_box.setCurrentIndex(dialog.mode_box.findData("budget_lines"))
    dialog.ally_box.setCurrentIndex(0)
    _apply(qtbot, window, dialog, "budget_lines")  # "Ally named in each row" on rows that name none
    assert dialog.status.text().startswith("Choose whose budget lines these are")
    assert window.document.undo_stack.count() == 0 and dialog.changes.isHidden()
    dialog.ally_box.setCurrentIndex(dialog.ally_box.findData("GBR"))
    _apply(qtbot, window, dialog, "budget_lines")
    lines = window.document.scenario.budget_lines
    assert [(line.label, line.iso3, line.currency) for line in lines] == [("Drones", "GBR", "GBP"), ("Air defence", "GBR", "GBP")]
    assert lines[0].amounts == ((2026, 100.0), (2027, 200.0), (2028, 400.0))
    assert "2 budget lines added" in dialog.status.text()
    window.show_tab("gap")
    gap = window.gap_tab  # the Gap tab lists them against the United Kingdom's extra spending
    assert not gap.lines_table.isHidden() and gap.lines_model.rowCount() == 6
    assert gap.lines_model.index(0, 0).data() == "Drones" and "2 lines" in gap.lines_title.text()


def test_next_years_file_is_read_the_way_this_years_was(qtbot, window, tmp_path):
    dialog = open_import(qtbot, window, ministry_workbook(tmp_path))
    _choose(dialog.block_box, "Current prices")
    wait_idle(qtbot, window.imports.task)
    _apply(qtbot, window, dialog, "spending")
    window.imports.close_dialog()

    next_year = ministry_workbook(tmp_path, "Defence_Budget_2025.xlsx")
    dialog = open_import(qtbot, window, next_year)
    assert dialog.outcome.mapping == Mapping(block="Current prices")
    assert dialog.block_box.currentData() == "Current prices"
    assert dialog.mode_box.currentData() == "spending"
    assert "read last time" in dialog.file_label.text()
    assert dialog.tables_list.count() == 1


def test_a_saved_mapping_that_no_longer_fits_falls_back_to_detection(qtbot, window, tmp_path):
    saved = SavedMapping("defence-budget-2023.xlsx", Mapping(header_row=30), "spending")
    window.document.load(replace(window.document.scenario, import_mappings=(saved.to_dict(),)), None)
    dialog = open_import(qtbot, window, ministry_workbook(tmp_path))
    assert dialog.outcome.mapping == Mapping()
    assert "does not fit this file" in dialog.file_label.text()
    assert dialog.tables_list.count() == 2


def test_saved_mappings_match_next_years_file_name():
    from desktop.core.scenario import Scenario

    assert file_key("defence-budget-2024.xlsx") == file_key("Defence Budget 2025.xlsx") == "defencebudget"
    scenario = Scenario("s", import_mappings=(
        SavedMapping("defence-budget-2023.xlsx", Mapping(sheet="A")).to_dict(),
        SavedMapping("other.csv", Mapping(sheet="B")).to_dict(),
        SavedMapping("defence-budget-2024.xlsx", Mapping(sheet="C"), "gdp", None).to_dict(),
    ))
    assert saved_mapping_for(scenario, "defence_budget_2025.xlsx") == SavedMapping("defence-budget-2024.xlsx", Mapping(sheet="C"), "gdp")
    assert saved_mapping_for(scenario, "spending.xlsx") is None


def test_a_cancelled_import_changes_nothing(qtbot, window, tmp_path):
    path = tmp_path / "long.csv"
    path.write_text("Line," + ",".join(str(y) for y in range(2014, 2025)) + "\n"
                    + "".join(f"Line {n}," + ",".join(["1.5"] * 11) + "\n" for n in range(60_000)))
    before = window.document.scenario
    window.imports.import_spreadsheet(path)
    window.imports.task.cancel()
    with qtbot.waitSignal(window.imports.task.cancelled, timeout=20_000):
        pass
    assert window.imports.dialog is None
    assert window.document.scenario is before
    assert window.document.undo_stack.count() == 0
    assert window.imports.task.progress_dialog is None


def test_cancelling_the_progress_dialog_stops_the_apply(qtbot, window, tmp_path):
    dialog = open_import(qtbot, window, ministry_workbook(tmp_path))
    before = window.document.scenario
    dialog.apply_button.click()
    window.imports.task.progress_dialog.findChild(QPushButton).click()
    wait_idle(qtbot, window.imports.task)
    assert window.document.scenario is before
    assert window.document.undo_stack.count() == 0


def test_an_unreadable_file_gives_one_readable_line(qtbot, window, tmp_path, prompts):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not really a workbook")
    window.imports.import_spreadsheet(path)
    qtbot.waitUntil(lambda: bool(prompts.errors), timeout=20_000)
    (message,) = prompts.errors
    assert message.startswith("broken.xlsx: ") and "\n" not in message and "Traceback" not in message
    assert window.imports.dialog is None


def test_the_menu_action_asks_for_a_file(qtbot, window, tmp_path, prompts):
    assert window.actions["import_spreadsheet"].shortcut().toString() == "Ctrl+I"
    window.actions["import_spreadsheet"].trigger()  # the user cancels the file dialog
    assert window.imports.dialog is None and not window.imports.task.is_running
    prompts.import_answer = str(ministry_workbook(tmp_path))
    window.actions["import_spreadsheet"].trigger()
    qtbot.waitUntil(lambda: window.imports.dialog is not None, timeout=20_000)


def _drop(window, path) -> QDropEvent:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    enter = QDragEnterEvent(QPoint(200, 200), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    drop = QDropEvent(QPointF(200, 200), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, drop)
    return enter, drop


def test_dropping_a_spreadsheet_opens_the_import_dialog(qtbot, window, tmp_path):
    assert window.acceptDrops()
    enter, drop = _drop(window, ministry_workbook(tmp_path))
    assert enter.isAccepted() and drop.isAccepted()
    qtbot.waitUntil(lambda: window.imports.dialog is not None, timeout=20_000)
    assert window.imports.dialog.path.name == "defence-budget-2024.xlsx"


def test_dropping_a_scenario_opens_it_after_the_unsaved_work_prompt(qtbot, window, tmp_path, prompts, dataset):
    from desktop.core.presets import preset_scenario

    path = tmp_path / "uk.defplan"
    write_scenario(preset_scenario("uk-plan", dataset), path)
    window.panel.core_box.setValue(4.2)
    _drop(window, path)
    assert prompts.asked  # the unsaved-work question came first
    assert window.document.path == path.resolve()
    assert window.document.scenario.name == preset_scenario("uk-plan", dataset).name


def test_dropping_anything_else_is_refused(window, tmp_path):
    path = tmp_path / "notes.docx"
    path.write_text("x")
    enter, drop = _drop(window, path)
    assert not enter.isAccepted() and not drop.isAccepted()
    assert window.imports.dialog is None and not window.imports.task.is_running


@pytest.mark.parametrize("suffix", [".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".defplan"])
def test_the_files_a_drop_accepts(suffix, tmp_path):
    from desktop.ui.drop_handler import dropped_file

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(tmp_path / f"a{suffix.upper()}"))])
    assert dropped_file(mime) is not None
    mime.setUrls([QUrl.fromLocalFile(str(tmp_path / "a.xlsx")), QUrl.fromLocalFile(str(tmp_path / "b.xlsx"))])
    assert dropped_file(mime) is None


def _exported_workbook(dataset, folder, preset: str = "uk-plan"):
    from desktop.core.presets import preset_scenario
    from desktop.core.projection import compute
    from desktop.spreadsheets.workbook.export import export_workbook

    scenario = preset_scenario(preset, dataset)
    path = folder / f"{preset}.xlsx"
    export_workbook(compute(dataset, scenario), path)
    return scenario, path


def test_opening_an_exported_workbook_gives_back_its_scenario(qtbot, window, tmp_path, prompts, dataset, settings):
    scenario, path = _exported_workbook(dataset, tmp_path)
    prompts.open_answer = str(path)
    assert window.files.open_scenario()
    assert window.document.scenario == scenario
    assert window.document.path is None  # Save must not write a .defplan over the workbook
    assert settings.recent_files()[0] == str(path.resolve())
    assert window.imports.dialog is None and not window.imports.task.is_running
    assert not prompts.errors

    window.files.new_scenario()
    window.menus["recent"].actions()[0].trigger()
    assert window.document.scenario == scenario


def test_a_dropped_or_dock_opened_workbook_opens_as_a_scenario(qtbot, window, tmp_path, dataset):
    from PySide6.QtGui import QFileOpenEvent

    from desktop.ui.file_open_filter import FileOpenFilter

    scenario, path = _exported_workbook(dataset, tmp_path)
    _drop(window, path)
    assert window.document.scenario == scenario
    window.files.new_scenario()
    assert window.document.scenario != scenario
    assert FileOpenFilter(window).eventFilter(window, QFileOpenEvent(str(path)))
    assert window.document.scenario == scenario


@pytest.mark.parametrize("make", [ministry_workbook, lambda folder: _csv_table(folder)])
def test_opening_another_spreadsheet_starts_its_import_instead(qtbot, window, tmp_path, prompts, make):
    window.panel.core_box.setValue(4.2)  # unsaved work: an import merges into it, so nothing is asked
    before = window.document.scenario
    prompts.open_answer = str(make(tmp_path))
    assert window.files.open_scenario()
    qtbot.waitUntil(lambda: window.imports.dialog is not None, timeout=20_000)
    assert window.imports.dialog.path == Path(prompts.open_answer).resolve()
    assert prompts.asked == [] and prompts.errors == []
    assert window.document.scenario is before


def _csv_table(folder):
    path = folder / "spending.csv"
    path.write_text("Country,2023,2024\nUnited Kingdom,73000,81000\nFrance,56000,64000\n", encoding="utf-8")
    return path


def test_the_open_dialog_offers_scenarios_and_workbooks(qapp, monkeypatch):
    from desktop.ui import prompts as prompts_module

    asked = []
    monkeypatch.setattr(prompts_module.QFileDialog, "getOpenFileName",
                        lambda parent, title, folder, filters: asked.append(filters) or ("", ""))
    assert prompts_module.Prompts().open_path(None, "/") is None
    assert asked[0].split(";;") == ["Scenarios (*.defplan *.xlsx)", "All files (*)"]


def test_a_spreadsheet_given_on_the_command_line_opens_the_import_dialog(qtbot, tmp_path, settings, prompts):
    from desktop.ui.app import build_window

    window = build_window(open_file=str(ministry_workbook(tmp_path)), settings=settings, prompts=prompts)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.imports.dialog is not None, timeout=20_000)
    assert window.imports.dialog.path.name == "defence-budget-2024.xlsx" and prompts.errors == []


def test_the_dialog_is_laid_out_before_it_is_painted_and_its_preview_painted_once(qtbot, window, tmp_path):
    """The sheet tabs, the preview and the figures keep the places of the first paint, and the preview (the
    costliest part of a paint) is not painted again: showing a 100,000-row read once painted it all twice."""
    from PySide6.QtCore import QEvent, QObject

    class Paints(QObject):
        def __init__(self):
            super().__init__()
            self.count = 0

        def eventFilter(self, watched, event):
            if (event.type() == QEvent.Type.Paint and watched.objectName() == "qt_scrollarea_viewport"
                    and watched.parent().objectName() == "sheet_preview"):
                self.count += 1
            return False

    paints = Paints()
    QApplication.instance().installEventFilter(paints)
    try:
        dialog = open_import(qtbot, window, ministry_workbook(tmp_path))
        QApplication.processEvents()
        places = {widget: widget.geometry() for widget in (dialog.sheet_tabs, dialog.preview, dialog.records)}
        for _ in range(5):
            QApplication.processEvents()
    finally:
        QApplication.instance().removeEventFilter(paints)
    assert paints.count == 1
    assert dialog.sheet_tabs.height() > 0
    assert {widget: widget.geometry() for widget in places} == places
