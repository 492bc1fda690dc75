"""Long tables (a year column going down) and the bulk path for big wide tables."""

import json
import random

import pytest

from desktop.spreadsheets.reading.importer import Mapping, format_summary, import_file
from desktop.spreadsheets.reading.table_detection import SheetScanner
from tests import import_fixtures


def _facts(table):
    return sorted((r.label, r.iso3, r.kind, r.year, r.period, r.value, r.estimate, r.unit) for r in table.records)


def test_long_table_yields_the_records_of_its_wide_twin(tmp_path):
    (long,) = import_file(import_fixtures.long_shares(tmp_path)).tables
    (wide,) = import_file(import_fixtures.wide_shares(tmp_path)).tables
    assert _facts(long) == _facts(wide)
    assert long.layout == "long" and wide.layout == "wide"
    assert (long.unit, long.scale, long.title) == ("percent", 1, "Defence expenditure as a share of GDP (%)")
    assert long.header_cell == "Shares!D3"
    records = {(r.iso3 or r.label, r.period): r for r in long.records}
    poland = records[("POL", "2024e")]
    assert (poland.value, poland.year, poland.estimate, poland.cell) == (4.12, 2024, True, "Shares!D6")
    uk = records[("GBR", "2023")]
    assert uk.value is None and uk.notes == ("..",) and uk.cell == "Shares!D11"
    assert records[("NATO Total", "2022")].kind == "aggregate"
    assert "Note: 2024 figures are estimates." in long.notes


def test_ally_year_category_amount(tmp_path):
    (table,) = import_file(import_fixtures.long_budget_lines(tmp_path)).tables
    assert (table.unit, table.scale, table.block) == ("EUR", 1_000_000, None)
    records = {(r.iso3, r.label, r.period): r for r in table.records}
    assert records[("FRA", "Equipment", "2023-24")].value == 15_100.5
    assert records[("FRA", "Equipment", "2023-24")].kind == "ally"
    planned = records[("FRA", "Equipment", "2024-25")]
    assert (planned.year, planned.value, planned.estimate, planned.cell) == (2024, 16_250.0, True, "Lines!D7")
    assert records[("FRA", "Total", "2023-24")].kind == "total"
    assert records[("DEU", "Personnel", "2023-24")].value is None
    assert records[("DEU", "Personnel", "2023-24")].notes == ("[x]",)


def test_long_csv_with_two_value_columns_gives_two_tables(tmp_path):
    report = import_file(import_fixtures.long_csv(tmp_path))
    spending, share = report.tables
    assert (spending.block, spending.unit, spending.scale) == ("Spending (USD m)", "USD", 1_000_000)
    assert (share.block, share.unit, share.scale) == ("Share of GDP (%)", "percent", 1)
    turkey = {r.year: r for r in spending.records if r.iso3 == "TUR"}
    assert turkey[2024].value == 17_000.0 and turkey[2024].cell == "tidy!C5"
    assert {r.cell for r in share.records if r.iso3 == "POL"} == {"tidy!D2", "tidy!D3"}
    assert "Spending (USD m)" in format_summary(report)


def test_years_down_with_allies_across(tmp_path):
    (table,) = import_file(import_fixtures.years_down(tmp_path)).tables
    assert table.rows.iso3 == ("POL", "CAN")
    canada = {r.period: r for r in table.records if r.iso3 == "CAN"}
    assert set(canada) == {"2022", "2023"} and canada["2023"].cell == "'By year'!C4"
    assert (table.unit, table.scale) == ("national currency", 1_000_000)


def test_long_table_json_follows_the_contract(tmp_path):
    data = json.loads(json.dumps(import_file(import_fixtures.long_budget_lines(tmp_path)).to_dict(), allow_nan=False))
    (table,) = data["tables"]
    assert table["layout"] == "long"
    assert set(table["records"][0]) >= {"label", "iso3", "kind", "year", "period", "value", "estimate", "cell", "notes"}


def test_mapping_block_picks_one_value_column(tmp_path):
    report = import_file(import_fixtures.long_csv(tmp_path), mapping=Mapping(block="share of gdp (%)"))
    (table,) = report.tables
    assert table.unit == "percent"


def test_a_year_heading_over_text_is_not_a_table(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Milestones and spending"])
    sheet.append(["Year", "Notes"])
    sheet.append(["See the summit declarations", "Vilnius and Washington"])
    sheet.append(["Ally", 2023, 2024])
    sheet.append(["Poland", 3.8, 4.1])
    path = tmp_path / "milestones.xlsx"
    workbook.save(path)
    (table,) = import_file(path).tables
    assert table.layout == "wide" and table.title == "Milestones and spending"
    assert {r.iso3 for r in table.records} == {"POL"}


def test_a_long_table_then_a_wide_table_in_one_sheet(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Country", "Year", "Value"])
    sheet.append(["Poland", 2023, 3.83])
    sheet.append(["Poland", 2024, 4.12])
    sheet.append([])
    sheet.append(["Spending by service"])
    sheet.append(["Service", 2023, 2024])
    sheet.append(["Army", 10, 12])
    path = tmp_path / "two.xlsx"
    workbook.save(path)
    long, wide = import_file(path).tables
    assert (long.layout, wide.layout) == ("long", "wide")
    assert len(long.records) == 2 and wide.title == "Spending by service"
    assert [(r.label, r.value) for r in wide.records] == [("Army", 10.0), ("Army", 12.0)]


def test_duplicate_years_keep_both_figures(tmp_path):
    path = tmp_path / "dup.csv"
    path.write_text("Country,Year,Value\nPoland,2023,1\nPoland,2023,2\n", encoding="utf-8")
    report = import_file(path)
    (table,) = report.tables
    assert sorted(r.value for r in table.records) == [1.0, 2.0]
    assert any("two figures for one year" in w.message for w in report.warnings)


# The bulk path ----------------------------------------------------------------


def _messy_rows(seed: int) -> list[list]:
    """A wide sheet whose rows mix plain runs with everything the row-by-row path has to look at."""
    rng = random.Random(seed)
    rows = [["Spending, £ million", "", "", ""], ["", "", "", ""], ["Line", "Ally", 2023, 2024]]
    odd_rows = [
        lambda n: ["", "", "", ""],
        lambda n: [f"Block {n}", "", "", ""],
        lambda n: [rng.choice(["Poland", "Total", "NATO Europe", "Czechia*", "  "]), "", 1.0, 2.0],
        lambda n: [f"Line {n}", "", "..", True],
        lambda n: [f"Line {n}", "Canada", 1.5, 2.5],
        lambda n: [f"Line {n}", "", "1,234", 0.0],
        lambda n: [f"Line {n}"],
        lambda n: [float(n), "", 3.0, 4.0],
        lambda n: ["The line", "", 3.0, 4.0],
    ]
    for n in range(3000):
        # Long plain runs first, then odd rows every few lines.
        if rng.random() < (0.995 if n < 1500 else 0.85):
            rows.append([f"Line {n}", "", rng.uniform(0, 9), float(n)])
        else:
            rows.append(rng.choice(odd_rows)(n))
    return rows


@pytest.mark.parametrize("seed", range(4))
def test_bulk_and_row_by_row_paths_agree(seed):
    rows = _messy_rows(seed)
    one_by_one_warnings, bulk_warnings = [], []
    one_by_one = SheetScanner("S", lambda cell, message: one_by_one_warnings.append((cell, message)))
    for number, cells in enumerate(rows, start=1):
        one_by_one.feed(cells, number)
    bulk = SheetScanner("S", lambda cell, message: bulk_warnings.append((cell, message)))
    for start in range(0, len(rows), 700):
        bulk.feed_rows(rows[start:start + 700], start + 1)
    expected = [table.to_dict() for table in one_by_one.finish()]
    assert [table.to_dict() for table in bulk.finish()] == expected
    assert bulk_warnings == one_by_one_warnings
    assert sum(len(table["records"]) for table in expected) > 4000
