"""The import preview without Qt: true cell addresses, what each cell was understood as, cell references."""

from __future__ import annotations

from desktop.spreadsheets.reading.sheet_preview import (
    FIGURE, LABEL, YEAR, parse_cell_ref, read_previews, read_with_preview,
)


def test_previews_keep_true_cell_addresses(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Table 1"
    sheet["C5"] = "Defence spending, % of GDP"
    sheet["D7"], sheet["E7"] = 2023, 2024
    sheet["C8"], sheet["D8"], sheet["E8"] = "Poland", 3.9, 4.1
    sheet["C9"], sheet["D9"], sheet["E9"] = "Latvia", 2.4, 3.2
    hidden = workbook.create_sheet("Hidden")
    hidden.sheet_state = "hidden"
    hidden["A1"] = "x"
    path = tmp_path / "shares.xlsx"
    workbook.save(path)

    (preview,) = read_previews(path)
    assert preview.name == "Table 1"
    assert preview.value(5, 2) == "Defence spending, % of GDP"
    assert preview.value(8, 3) == 3.9
    outcome = read_with_preview(path)
    roles = outcome.roles["Table 1"]
    assert roles[(7, 3)].role == YEAR
    assert roles[(8, 2)].role == LABEL and "POL" in roles[(8, 2)].why
    assert roles[(9, 4)].role == FIGURE and roles[(9, 4)].why.startswith("2024, percent")


def test_csv_previews_are_one_sheet_named_after_the_file(tmp_path):
    path = tmp_path / "gdp.csv"
    path.write_text("Country,2023,2024\nNorway,100,110\n")
    (preview,) = read_previews(path)
    assert preview.name == "gdp"
    assert preview.rows[1] == ("Norway", 100.0, 110.0)


def test_cell_references():
    assert parse_cell_ref("'Table 1'!B4") == ("Table 1", 4, 1)
    assert parse_cell_ref("'It''s'!AA10") == ("It's", 10, 26)
    assert parse_cell_ref("Summary!$C$7") == ("Summary", 7, 2)
    assert parse_cell_ref("D2") == (None, 2, 3)
    assert parse_cell_ref("not a cell") is None
