"""Importing real and realistic spreadsheets: NATO's 2024 workbook and ministry-shaped fixtures."""

import json
from pathlib import Path

import numpy as np
import pytest

from desktop.spreadsheets.reading.importer import ImportFailure, Mapping, format_summary, import_file
from tests import import_fixtures

NATO_2024 = Path("nato-2024-edition") / "240617-def-exp-2024-TABLES-en.xlsx"


@pytest.fixture(scope="module")
def nato(request):
    shared = Path(__file__).resolve().parents[2] / "shared" / "data"
    path = shared / NATO_2024
    if not path.is_file():
        pytest.skip("../shared/data (NATO's 2024 workbook) is absent beside this checkout")
    return import_file(path)


def _tables(report, sheet):
    return [table for table in report.tables if table.sheet == sheet]


def _record(table, iso3, period):
    matches = [r for r in table.records if r.iso3 == iso3 and r.period == period]
    assert len(matches) == 1, (iso3, period, matches)
    return matches[0]


# NATO 2024 ----------------------------------------------------------------


def test_nato_all_nine_tables_are_found(nato):
    sheets = {table.sheet for table in nato.tables}
    assert sheets == {f"TABLE{n}" for n in ("1", "2", "3", "4", "5", "6", "7", "8a", "8b")}
    assert nato.format == "xlsx"


def test_nato_table3_share_of_gdp(nato):
    share = _tables(nato, "TABLE3")[0]
    assert share.block == "Share of real GDP (%)"
    assert share.unit == "percent" and share.scale == 1
    assert share.header_cell == "TABLE3!D8"
    allies = {r.iso3 for r in share.records if r.kind == "ally"}
    assert len(allies) == 31 and "ISL" not in allies
    poland = _record(share, "POL", "2024e")
    assert poland.value == pytest.approx(4.12, abs=0.005)
    assert poland.year == 2024 and poland.estimate and poland.label == "Poland" and "*" in poland.notes
    assert poland.cell == "TABLE3!N32"
    assert _record(share, "USA", "2024e").value == pytest.approx(3.38, abs=0.005)
    assert _record(share, "GBR", "2024e").value == pytest.approx(2.33, abs=0.005)
    assert not _record(share, "GBR", "2022").estimate


def test_nato_aggregates_stay_aggregates(nato):
    share = _tables(nato, "TABLE3")[0]
    aggregates = {r.label: r.kind for r in share.records if r.iso3 is None}
    assert aggregates == {"NATO Europe and Canada": "aggregate", "NATO Total": "aggregate"}


def test_nato_blocks_become_separate_tables(nato):
    assert [t.block for t in _tables(nato, "TABLE3")] == ["Share of real GDP (%)", "Annual real change (%)"]
    assert [t.block for t in _tables(nato, "TABLE2")] == [
        "Current prices and exchange rates", "Constant 2015 prices and exchange rates"]
    gdp_per_head, spending_per_head = _tables(nato, "TABLE6")
    assert (gdp_per_head.unit, gdp_per_head.scale) == ("USD", 1_000)
    assert (spending_per_head.unit, spending_per_head.scale) == ("USD", 1)


def test_nato_no_records_from_hidden_junk_rows(nato):
    for table in nato.tables:
        for record in table.records:
            assert record.label and "#REF" not in record.label
            assert record.value is None or np.isfinite(record.value)
    # Table 8b's hidden all-zero row has no label: skipped, and said so.
    assert any(w.cell == "TABLE8b!D42" for w in nato.warnings)


def test_nato_table1_uk_in_pounds_millions(nato):
    current = _tables(nato, "TABLE1")[0]
    uk = _record(current, "GBR", "2024e")
    assert (uk.unit, current.scale, uk.label) == ("GBP", 1_000_000, "United Kingdom")
    assert uk.value == pytest.approx(64_583.842, abs=0.01)
    assert _record(current, "NOR", "2024e").unit == "NOK"
    assert _record(current, "DNK", "2024e").unit == "DKK"
    assert _record(current, "USA", "2024e").unit == "USD"


def test_nato_table7_is_shifted_one_column_right(nato):
    (personnel,) = _tables(nato, "TABLE7")
    assert personnel.header_cell == "TABLE7!E20"
    assert (personnel.unit, personnel.scale) == ("persons", 1_000)
    assert _record(personnel, "POL", "2024e").cell == "TABLE7!O44"


def test_nato_json_follows_the_contract(nato):
    data = json.loads(json.dumps(nato.to_dict(), allow_nan=False))
    assert set(data) >= {"file", "format", "tables", "warnings"}
    table = data["tables"][0]
    assert set(table) >= {"sheet", "title", "block", "unit", "scale", "header_cell", "records"}
    assert set(table["records"][0]) >= {
        "label", "iso3", "kind", "year", "period", "value", "estimate", "cell", "notes"}
    assert all(set(w) == {"cell", "message"} for w in data["warnings"])


def test_nato_explicit_mapping_reads_one_block(shared_data):
    mapping = Mapping(sheet="TABLE2", header_row=8, label_column="C", block="Current prices and exchange rates")
    report = import_file(shared_data / NATO_2024, mapping=Mapping.from_dict(mapping.to_dict()))
    (table,) = report.tables
    assert table.block == "Current prices and exchange rates"
    # Only column C is read: the aggregates, labelled in column B, are left out.
    assert {r.kind for r in table.records} == {"ally"}


# Fixtures written by the tests ----------------------------------------------


def test_uk_accessible_table(tmp_path):
    report = import_file(import_fixtures.uk_accessible_table(tmp_path))
    (table,) = report.tables
    assert table.sheet == "Table_1" and table.header_cell == "Table_1!B4"
    assert table.title.startswith("Table 1: Defence spending by category")
    assert (table.unit, table.scale) == ("GBP", 1_000_000)
    assert [p.year for p in table.periods] == [2021, 2022, 2023, 2024, 2029]
    records = {(r.label, r.year): r for r in table.records}
    assert records[("Personnel", 2023)].value == 11_900.0
    equipment = records[("Equipment", 2024)]
    assert equipment.value is None and "[x]" in equipment.notes and "[note 3]" in equipment.notes
    assert records[("Infrastructure", 2022)].value is None
    assert records[("Total", 2029)].kind == "total"


def test_canadian_plan_reads_whole_dollars_and_plans(tmp_path):
    report = import_file(import_fixtures.canadian_plan(tmp_path))
    (table,) = report.tables
    assert [(p.year, p.estimate) for p in table.periods] == [
        (2022, False), (2023, False), (2024, True), (2025, True), (2026, True)]
    ready = {r.year: r for r in table.records if r.label == "Ready Forces"}
    assert ready[2022].value == 12_345_678_901.0 and table.scale == 1
    assert ready[2022].cell == "'Planned spending'!B5"


def test_mapping_overrides_an_ambiguous_currency(tmp_path):
    path = import_fixtures.canadian_plan(tmp_path)
    assert import_file(path).tables[0].unit == "USD"
    assert import_file(path, mapping=Mapping(unit="CAD")).tables[0].unit == "CAD"


def test_semicolon_cp1252_csv_with_decimal_commas(tmp_path):
    report = import_file(import_fixtures.semicolon_csv(tmp_path))
    assert report.format == "csv"
    (table,) = report.tables
    assert table.title == "Dépenses de défense des Alliés"
    assert (table.unit, table.scale) == ("EUR", 1_000_000)
    records = {(r.iso3 or r.label, r.period): r for r in table.records}
    assert records[("DEU", "2022")].value == pytest.approx(55_637.4)
    assert records[("POL", "2024e")].estimate and records[("POL", "2024e")].value == 35_000.0
    assert records[("GBR", "2022")].value is None
    assert records[("GBR", "2024e")].value == pytest.approx(76_940.25)


def test_us_budget_table_three_blocks(tmp_path):
    report = import_file(import_fixtures.us_budget_table(tmp_path))
    assert [t.block for t in report.tables] == ["Budget Authority", "Outlays", "Change from prior year"]
    authority, outlays, change = report.tables
    assert (authority.unit, authority.scale) == ("USD", 1_000_000)
    assert [p.year for p in authority.periods] == [2022, 2023, 2024, 2025]
    assert [p.estimate for p in authority.periods] == [False, False, False, True]
    assert authority.rows.labels == ("Military Personnel", "Operation and Maintenance", "Procurement",
                                     "Total Current Dollars")
    assert authority.rows.kinds[-1] == "total"
    assert change.values[0, 0] == -1234.0 and change.values[1, 3] == -2700.0 and change.values[1, 0] == -4300.5
    assert "Note: Numbers may not add due to rounding." in change.notes


def test_sipri_sheet_fractions_are_flagged_not_multiplied(tmp_path):
    report = import_file(import_fixtures.sipri_sheet(tmp_path))
    europe, americas = report.tables
    assert europe.header_cell == "'Share of GDP'!C6"
    assert (europe.block, americas.block) == ("Europe", "Americas")
    assert europe.unit == "fraction"
    poland = {r.year: r for r in europe.records if r.iso3 == "POL"}
    assert poland[2023].value == pytest.approx(0.0383)
    assert any("fractions" in w.message for w in report.warnings)
    kosovo = [r for r in europe.records if r.label == "Kosovo"]
    assert [r.value for r in kosovo if r.year in (2019, 2023)] == [None, None]
    assert {r.iso3 for r in americas.records} == {"USA", "CAN"}


def test_summary_names_each_table(tmp_path):
    report = import_file(import_fixtures.us_budget_table(tmp_path))
    summary = format_summary(report)
    assert summary.count("Department of Defense: Budget Summary") == 3
    assert "USD millions" in summary and "FY 2025 Request estimated" in summary


def test_sheet_argument_limits_the_import(tmp_path):
    path = import_fixtures.uk_accessible_table(tmp_path)
    with pytest.raises(ImportFailure, match="no table with years"):
        import_file(path, sheet="Cover")
    with pytest.raises(ImportFailure, match=r"no sheet named 'Missing' \(sheets: Cover, Notes, Table_1\)$"):
        import_file(path, sheet="Missing")


@pytest.mark.parametrize("name", ["Table_1", "table_1", "TABLE_1", " table_1 "])
def test_a_sheet_is_named_in_any_case(tmp_path, name):
    report = import_file(import_fixtures.uk_accessible_table(tmp_path), sheet=name)
    assert report.sheets == ("Table_1",) and {t.sheet for t in report.tables} == {"Table_1"}


@pytest.mark.parametrize("name", ["", "   "])
def test_an_empty_sheet_name_is_refused_not_read_as_all_sheets(tmp_path, name):
    with pytest.raises(ImportFailure) as failure:
        import_file(import_fixtures.uk_accessible_table(tmp_path), sheet=name)
    assert str(failure.value) == ("mod-departmental-resources.xlsx: the sheet name is empty: "
                                  "name one of the sheets (sheets: Cover, Notes, Table_1)")
    with pytest.raises(ImportFailure, match=r"sheet name is empty: .*\(sheets: tidy\)"):
        import_file(import_fixtures.long_csv(tmp_path), sheet=name)


def test_the_exact_sheet_name_wins_and_a_name_fitting_several_is_refused(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()  # Excel refuses two names differing only in case; a trailing space it allows
    workbook.active.title = "Table3"
    workbook.active.append(["Ally", 2023, 2024])
    workbook.active.append(["France", 1.9, 2.1])
    other = workbook.create_sheet("table3 ")
    other.append(["Ally", 2023, 2024])
    other.append(["Germany", 1.5, 2.1])
    workbook.save(tmp_path / "two.xlsx")
    assert import_file(tmp_path / "two.xlsx", sheet="table3 ").sheets == ("table3 ",)
    assert import_file(tmp_path / "two.xlsx", sheet="Table3").sheets == ("Table3",)
    with pytest.raises(ImportFailure, match=r"'TABLE3' fits 2 sheets: give one exactly \(sheets: Table3, table3 \)"):
        import_file(tmp_path / "two.xlsx", sheet="TABLE3")


def test_the_import_command_reads_a_sheet_named_in_another_case_and_refuses_an_empty_one(tmp_path, capsys):
    from desktop.cli import main

    path = str(import_fixtures.uk_accessible_table(tmp_path))
    assert main(["import", "--sheet", "table_1", path]) == 0
    assert "Table_1!B4" in capsys.readouterr().out
    assert main(["import", "--sheet", "", path]) == 2
    assert capsys.readouterr().err.strip().splitlines() == [
        "defence-planner: mod-departmental-resources.xlsx: the sheet name is empty: "
        "name one of the sheets (sheets: Cover, Notes, Table_1)"]
