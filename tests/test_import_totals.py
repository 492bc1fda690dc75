"""A Total row that is not the sum of its lines, beyond rounding, is reported with both numbers."""

import openpyxl

from desktop.spreadsheets.reading.importer import import_file


def _workbook(tmp_path, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Lines"
    ws.append(["Ministry of Defence budget lines, £ million"])
    ws.append(["Line", "2026-27", "2027-28"])
    for row in rows:
        ws.append(row)
    path = tmp_path / "lines.xlsx"
    wb.save(path)
    return path


def _total_warnings(report):
    return [w for w in report.warnings if "is not the sum" in w.message]


def test_a_total_that_does_not_add_up_is_reported_with_both_numbers(tmp_path):
    path = _workbook(tmp_path, [["Drones", 400, 900], ["Air defence", 1000, 1600], ["Munitions", 250.5, 300], ["Total", 1650.5, 2900]])
    (warning,) = _total_warnings(import_file(path))
    assert warning.cell == "Lines!C6"
    assert "the total 2,900 for 2027-28 is not the sum of the 3 lines above it (2,800, a difference of 100)" in warning.message


def test_rounding_and_subtotals_are_not_reported(tmp_path):
    rows = [["Drones", 400.4, 900.4], ["Air defence", 1000.4, 1600.4], ["Subtotal", 1401, 2501],  # printed rounded: 1400.8 -> 1401
            ["Munitions", 250, 300], ["Housing", 100, 100], ["Total", 350, 400]]
    assert _total_warnings(import_file(_workbook(tmp_path, rows))) == []


def test_nato_aggregates_are_not_totals(shared_data):
    report = import_file(shared_data / "nato-2024-edition" / "240617-def-exp-2024-TABLES-en.xlsx")
    assert _total_warnings(report) == []
