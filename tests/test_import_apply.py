"""Applying an import without a window: the tables chosen, refused budget lines, readable merge lines, progress."""

from __future__ import annotations

import pytest

from desktop.core.merge import MergeError
from desktop.core.scenario import Scenario
from desktop.spreadsheets.import_apply import SavedMapping, apply_import, chosen_tables, describe_replaced, table_key
from desktop.spreadsheets.reading.importer import ImportFailure, Mapping, import_file


def _lines_workbook(folder, rows: int = 40):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Lines"
    sheet.append(["£ million"])
    sheet.append(["Line", 2026, 2027])
    for n in range(rows):
        sheet.append([f"Line {n}", 1.0, 2.0])
    path = folder / "lines.xlsx"
    workbook.save(path)
    return path


def test_saved_tables_survive_a_round_trip_and_match_next_years_titles(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "TABLE4"
    sheet.append(["Table 4 : Defence expenditure real change 2014-2024e"])
    sheet.append(["Million US dollars"])
    sheet.append(["Country", 2023, 2024])
    sheet.append(["Poland", 1.0, 2.0])
    path = tmp_path / "t.xlsx"
    workbook.save(path)
    (table,) = import_file(path).tables
    saved = SavedMapping("t.xlsx", Mapping(), "spending", None, (table_key(table),))
    assert SavedMapping.from_dict(saved.to_dict()) == saved
    next_year = {**table_key(table), "title": "Table 4 : Defence expenditure real change 2015-2025e"}
    assert chosen_tables([table], (next_year,)) == [True]
    assert chosen_tables([table], ({**next_year, "sheet": "TABLE5"},)) == [False]
    with pytest.raises(ValueError):
        SavedMapping.from_dict({"file": "a.xlsx", "tables": "all"})


def test_budget_lines_naming_no_ally_are_refused_before_any_work(dataset, tmp_path):
    report = import_file(_lines_workbook(tmp_path))
    with pytest.raises(MergeError, match="^Choose whose budget lines these are"):
        apply_import(dataset, Scenario("x"), report.tables, "budget_lines", "lines.xlsx")
    seen = []
    scenario, result = apply_import(dataset, Scenario("x"), report.tables, "budget_lines", "lines.xlsx", "GBR",
                                    progress=seen.append)
    assert len(result.lines_added) == 40 and len(scenario.budget_lines) == 40
    assert seen and seen == sorted(seen) and 0 <= seen[0] < seen[-1] <= 1


def test_replaced_figures_read_as_english(dataset):
    entry = ("POL", "share_gdp_pct", 2024, 4.1234, "", 4.4805)
    assert describe_replaced(entry, dataset) == "Poland, share of GDP 2024: 4.12 → 4.48 (% of GDP)"
    gdp = ("GBR", "gdp_nc_bn", 2026, 3000.0, "IMF", 3100.0)
    assert describe_replaced(gdp, dataset) == "United Kingdom, GDP 2026: 3,000 → 3,100 (bn GBP; was: IMF)"


def test_a_label_column_holding_years_or_nothing_is_refused(tmp_path):
    path = _lines_workbook(tmp_path)
    with pytest.raises(ImportFailure, match="column B holds the years of the table at Lines!B2"):
        import_file(path, mapping=Mapping(label_column="B"))
    with pytest.raises(ImportFailure, match="column E is empty in the rows of the table at Lines!B2"):
        import_file(path, mapping=Mapping(label_column="E"))
    assert len(import_file(path, mapping=Mapping(label_column="A")).tables[0].rows) == 40
