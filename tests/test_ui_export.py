"""Export from the window: workbook and CSV written in the background, "Open folder", clear failures."""

from __future__ import annotations

import csv

from desktop.spreadsheets.workbook.export import read_planner_workbook

from .ui_fixtures import make_window, no_threads_or_timers_left, settings, window  # noqa: F401
from .ui_spreadsheet_fixtures import prompts, wait_idle  # noqa: F401


def test_exported_workbook_reads_back_as_the_same_scenario(qtbot, window, prompts, tmp_path, dataset):
    window.panel.core_box.setValue(4.2)
    window.milestones.set_share("GBR", 2027, 2.5)
    prompts.save_as_answer = str(tmp_path / "my plan")  # no suffix typed: .xlsx is added
    prompts.open_folder_answer = True
    assert window.actions["export_workbook"].shortcut().toString() == "Ctrl+Shift+E"
    window.actions["export_workbook"].trigger()
    wait_idle(qtbot, window.exports.task, timeout=60_000)
    path = tmp_path / "my plan.xlsx"
    assert read_planner_workbook(path, dataset) == window.document.scenario
    assert prompts.exported == ["Exported the workbook my plan.xlsx"]
    assert prompts.opened_folders == [tmp_path]
    assert prompts.errors == []


def test_default_file_name_is_the_scenarios_name(window, prompts):
    window.actions["export_csv"].trigger()  # the user cancels the save dialog
    assert prompts.suggested[-1].name == "Hague 2035.csv"
    window.actions["export_workbook"].trigger()
    assert prompts.suggested[-1].name == "Hague 2035.xlsx"
    assert not window.exports.task.is_running


def test_csv_export_writes_the_results_table(qtbot, window, prompts, tmp_path):
    prompts.save_as_answer = str(tmp_path / "results.csv")
    window.exports.export_csv()
    wait_idle(qtbot, window.exports.task)
    with open(tmp_path / "results.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    uk_2035 = next(r for r in rows if r["iso3"] == "GBR" and r["year"] == "2035")
    assert float(uk_2035["share_gdp_pct"]) == 3.5
    assert prompts.exported == ["Exported the CSV table results.csv"]
    assert prompts.opened_folders == []


def test_a_target_open_in_another_program_is_a_clear_message(qtbot, window, prompts, tmp_path, monkeypatch):
    import desktop.spreadsheets.workbook.export as writer

    def locked(path, payload):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(writer, "write_atomically", locked)
    prompts.save_as_answer = str(tmp_path / "plan.xlsx")
    window.exports.export_workbook()
    wait_idle(qtbot, window.exports.task, timeout=60_000)
    (message,) = prompts.errors
    assert message == f"{tmp_path / 'plan.xlsx'}: cannot be written: it is open in another program or the folder is not writable"
    assert prompts.exported == []


def test_a_missing_folder_is_a_clear_message(qtbot, window, prompts, tmp_path):
    prompts.save_as_answer = str(tmp_path / "gone" / "plan.csv")
    window.exports.export_csv()
    wait_idle(qtbot, window.exports.task)
    assert prompts.errors == [f"{tmp_path / 'gone' / 'plan.csv'}: cannot be written: its folder does not exist"]


def test_a_cancelled_export_writes_nothing(qtbot, window, prompts, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    prompts.save_as_answer = str(folder / "plan.xlsx")
    window.exports.export_workbook()
    window.exports.task.cancel()
    with qtbot.waitSignal(window.exports.task.cancelled, timeout=60_000):
        pass
    assert list(folder.iterdir()) == []
    assert prompts.exported == [] and prompts.errors == []


def test_file_names_keep_the_scenarios_name_with_forbidden_characters_replaced():
    from desktop.ui.file_controller import suggested_file_name

    assert suggested_file_name("Poland: 4% / UK 2.5%") == "Poland- 4% - UK 2.5%.defplan"
    assert suggested_file_name('a\\b*c?"d"<e>|f') == "a-b-c--d--e--f.defplan"
    assert suggested_file_name("  Plan   v1.2.  ") == "Plan v1.2.defplan"
    assert suggested_file_name("...") == "Scenario.defplan"
    assert suggested_file_name("con") == "Scenario con.defplan"


def test_export_suggests_the_scenarios_name_with_its_dots(window, prompts):
    from dataclasses import replace

    window.document.replace_scenario(replace(window.document.scenario, name="Poland: 4% / UK 2.5%"), "Rename")
    window.actions["export_workbook"].trigger()
    assert prompts.suggested[-1].name == "Poland- 4% - UK 2.5%.xlsx"
    window.actions["export_csv"].trigger()
    assert prompts.suggested[-1].name == "Poland- 4% - UK 2.5%.csv"


def test_export_and_a_spreadsheet_given_to_open_move_the_last_folder(qtbot, window, prompts, settings, tmp_path):
    out = tmp_path / "exports"
    out.mkdir()
    prompts.save_as_answer = str(out / "results.csv")
    window.exports.export_csv()
    wait_idle(qtbot, window.exports.task)
    assert settings.value("files/last_folder") == str(out.resolve())
    window.actions["export_workbook"].trigger()  # the next export starts where the last one went
    assert prompts.suggested[-1].parent == out.resolve()

    ministry = tmp_path / "ministry"
    ministry.mkdir()
    table = ministry / "lines.csv"
    table.write_text("Ally,2026\nUnited Kingdom,100\n", encoding="utf-8")
    handed = []
    window.files._import_spreadsheet = lambda path: handed.append(path) or True
    assert window.files.open_scenario(str(table))
    assert handed == [table] and settings.value("files/last_folder") == str(ministry.resolve())
