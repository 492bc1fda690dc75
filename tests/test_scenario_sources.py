"""Opening a scenario from a .defplan or from a workbook the planner exported; other spreadsheets are named as such."""

import pytest

from desktop.core.presets import preset_scenario
from desktop.core.projection import compute
from desktop.core.scenario_file import ScenarioFileError, write_scenario
from desktop.spreadsheets.workbook.export import export_workbook
from desktop.spreadsheets.scenario_sources import SpreadsheetNotScenario, open_scenario


def test_a_planner_workbook_opens_as_its_scenario(dataset, tmp_path):
    s = preset_scenario("uk-plan", dataset)
    export_workbook(compute(dataset, s), tmp_path / "uk.xlsx")
    assert open_scenario(tmp_path / "uk.xlsx", dataset) == s
    write_scenario(s, tmp_path / "uk.defplan")
    assert open_scenario(tmp_path / "uk.defplan", dataset) == s


def test_another_spreadsheet_is_named_a_spreadsheet_to_import(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["Ally", 2024, 2025])
    wb.save(tmp_path / "ministry.xlsx")
    with pytest.raises(SpreadsheetNotScenario, match="is a spreadsheet, not a planner scenario: import it"):
        open_scenario(tmp_path / "ministry.xlsx")


def test_folders_missing_and_damaged_files_are_plain_errors(tmp_path):
    with pytest.raises(ScenarioFileError, match="is a folder"):
        open_scenario(tmp_path)
    with pytest.raises(ScenarioFileError, match="no such file"):
        open_scenario(tmp_path / "absent.defplan")
    (tmp_path / "cut.xlsx").write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    with pytest.raises(ScenarioFileError, match="cut.xlsx"):
        open_scenario(tmp_path / "cut.xlsx")


def test_a_file_named_like_a_spreadsheet_goes_to_the_importer_whatever_it_holds(tmp_path):
    (tmp_path / "empty.xlsx").write_bytes(b"")
    (tmp_path / "page.xls").write_text("<html><body>budget</body></html>")
    for name in ("empty.xlsx", "page.xls"):
        with pytest.raises(SpreadsheetNotScenario):
            open_scenario(tmp_path / name)
