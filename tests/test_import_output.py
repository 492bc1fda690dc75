"""`import --json` streamed and `import --format csv`: the same figures as the report's own dict, a chunk at a time."""

import csv
import io
import json
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.spreadsheets.reading import delimited_text
from desktop.spreadsheets.reading.delimited_text import TextLayout, iter_text_rows, plain_number
from desktop.spreadsheets.reading.import_output import table_name, write_csv, write_json
from desktop.spreadsheets.reading.importer import import_file
from desktop.spreadsheets.reading.record_columns import CSV_COLUMNS, TableRecords

from . import import_fixtures
from .conftest import ROOT

FIXTURES = ["uk_accessible_table", "semicolon_csv", "us_budget_table", "sipri_sheet", "long_shares", "long_budget_lines",
            "long_csv", "years_down"]


def _one_by_one(report) -> dict:
    """The JSON object as the import wrote it before streaming: every Record built and turned into a dict."""
    data = report.to_dict()
    data["tables"] = [{**table.to_dict(records=False), "records": [record.to_dict() for record in table.records]}
                      for table in report.tables]
    return data


def _cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "desktop", "import", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)


@pytest.mark.parametrize("fixture", FIXTURES)
def test_streamed_json_holds_what_the_records_hold(tmp_path, fixture):
    report = import_file(getattr(import_fixtures, fixture)(tmp_path))
    out = io.StringIO()
    write_json(report, out)
    expected = _one_by_one(report)
    assert json.loads(out.getvalue()) == expected
    assert report.to_dict() == expected
    assert any(table["records"] for table in expected["tables"])


def test_markers_notes_and_cells_elsewhere_survive_chunking(tmp_path, monkeypatch):
    """Chunks of three records: markers ([x], ..), notes and long tables' own cells fall inside and across chunks."""
    from desktop.spreadsheets.reading import record_columns

    monkeypatch.setattr(record_columns, "CHUNK_RECORDS", 3)
    for fixture in ("uk_accessible_table", "semicolon_csv", "long_budget_lines"):
        report = import_file(getattr(import_fixtures, fixture)(tmp_path))
        out = io.StringIO()
        write_json(report, out)
        expected = _one_by_one(report)
        assert json.loads(out.getvalue()) == expected
        assert sum(len(chunk) for table in report.tables for chunk in TableRecords(table).chunks()) == sum(
            len(table["records"]) for table in expected["tables"])
    uk = _one_by_one(import_file(import_fixtures.uk_accessible_table(tmp_path)))
    values = [r["value"] for t in uk["tables"] for r in t["records"]]
    assert None in values  # the fixture's [x] and [c] really are in the output


def test_cli_json_is_the_report_and_keeps_the_indicator(tmp_path):
    path = import_fixtures.uk_accessible_table(tmp_path)
    done = _cli(str(path), "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data == _one_by_one(import_file(path))
    assert all("indicator" in table and "indicator_words" in table for table in data["tables"])
    assert json.loads(_cli(str(path), "--format", "json").stdout) == data


def test_csv_has_one_tidy_row_per_figure_matching_the_json(tmp_path):
    path = import_fixtures.uk_accessible_table(tmp_path)
    done = _cli(str(path), "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "sheet,table,label,iso3,kind,year,period,value,scale,unit,estimate,cell"
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    data = json.loads(_cli(str(path), "--json").stdout)
    records = [(table, record) for table in data["tables"] for record in table["records"]]
    assert len(rows) == len(records)
    for row, (table, record) in zip(rows, records):
        assert row["sheet"] == table["sheet"] and row["label"] == record["label"] and row["cell"] == record["cell"]
        assert row["year"] == str(record["year"]) and row["period"] == record["period"]
        assert row["scale"] == str(table["scale"]) and row["unit"] == (record["unit"] or "")
        assert row["estimate"] == ("true" if record["estimate"] else "false")
        assert (float(row["value"]) if row["value"] else None) == record["value"]
    personnel = next(row for row in rows if row["label"] == "Personnel" and row["period"] == "2022-23")
    assert personnel["value"] == "11450.25" and personnel["table"].startswith("Table 1: Defence spending")
    assert any(row["value"] == "" for row in rows)  # [x] is a figure the file says is missing


def test_csv_quotes_what_needs_quoting(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = 'Lines, "draft"'
    sheet.append(['Spending, "cash"'])
    sheet.append(["Line", 2024, 2025])
    sheet.append(['Drones, "small"', 1.5, 2])
    sheet.append(["Ships\nand boats", 3, 4])
    path = tmp_path / "quoted.xlsx"
    workbook.save(path)
    report = import_file(path)
    out = io.StringIO()
    write_csv(report, out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert tuple(rows[0]) == CSV_COLUMNS
    (table,) = report.tables
    expected = [[table.sheet, table_name(table), r.label, r.iso3 or "", r.kind, str(r.year), r.period, repr(r.value),
                 str(table.scale), r.unit or "", "false", r.cell] for r in table.records]
    assert rows[1:] == expected
    assert rows[1][2] == 'Drones, "small"' and rows[1][-1] == "'Lines, \"draft\"'!B3"


def test_json_and_csv_refused_together_and_with_apply_to(tmp_path):
    path = import_fixtures.uk_accessible_table(tmp_path)
    both = _cli(str(path), "--json", "--format", "csv")
    assert both.returncode == 2 and len(both.stderr.strip().splitlines()) == 1
    apply = _cli(str(path), "--apply-to", "hague-2035", "-o", str(tmp_path / "x.defplan"), "--format", "csv")
    assert apply.returncode == 2 and "--format csv" in apply.stderr


_NUMBERS = st.one_of(st.floats(allow_nan=False, allow_infinity=False).map(repr), st.integers(-10**6, 10**6).map(str),
                    st.decimals(-10**4, 10**4, places=2).map(lambda d: str(d).replace(".", ",")))
_ODD_CELLS = ["", " ", "nan", "inf", "-Infinity", "1_000", " 12 ", "1e5", "١٢", "12\u00a0", "1,5", "1.234,5", "12,5,3",
              "Budget line 7", "Défense", "e", "..", "[x]", "1e999", "2024e", "\u0660", "12\x1c", "1\x1f2", "1e308", "2.5"]
_ODD = st.one_of(st.sampled_from(_ODD_CELLS), st.text(max_size=6))


def _assert_read_alike(rows: list[list[str]], decimal_comma: bool | None) -> None:
    converted = delimited_text._numbers_by_column(rows, decimal_comma)
    expected = [[plain_number(cell, decimal_comma) for cell in row] for row in rows]
    assert len(converted) == len(expected)
    for got, want in zip(converted, expected):
        assert len(got) == len(want)
        for a, b in zip(got, want):
            assert type(a) is type(b) and (a == b or (a != a and b != b)), (a, b)


@pytest.mark.parametrize("decimal_comma", [None, True])
@pytest.mark.parametrize("odd", _ODD_CELLS)
def test_an_odd_cell_in_a_column_of_figures_reads_as_it_would_alone(odd, decimal_comma):
    figures = ["12", "3,5", "-7", "1e3"] if decimal_comma else ["12", "3.5", "-7", "1e3"]
    column = figures * 3
    column[5] = odd
    labels = [f"Line {n}" for n in range(len(column) - 1)] + [odd]
    _assert_read_alike([[label, cell, "4"] for label, cell in zip(labels, column)], decimal_comma)


@st.composite
def _column(draw, height: int) -> list[str]:
    """A column of figures with a few odd cells in it, or a column of anything."""
    if draw(st.booleans()):
        return draw(st.lists(st.one_of(_NUMBERS, _ODD), min_size=height, max_size=height))
    cells = draw(st.lists(_NUMBERS, min_size=height, max_size=height))
    for _ in range(draw(st.integers(0, 2))):
        cells[draw(st.integers(0, height - 1))] = draw(_ODD)
    return cells


@settings(max_examples=200, deadline=None)
@given(data=st.data(), decimal_comma=st.sampled_from([None, False, True]))
def test_reading_a_column_at_a_time_gives_what_plain_number_gives(data, decimal_comma):
    """Runs of rows of one length go column by column; every cell must read as plain_number reads it alone."""
    height, width = data.draw(st.integers(1, 30)), data.draw(st.integers(1, 4))
    columns = [data.draw(_column(height)) for _ in range(width)]
    rows = [list(row) for row in zip(*columns)] + data.draw(st.lists(st.lists(_ODD, max_size=3), max_size=3))
    _assert_read_alike(rows, decimal_comma)


def test_lines_read_in_blocks_end_where_readline_ends_them(tmp_path, monkeypatch):
    """\\r\\n split across two blocks, lone \\r, a last line without an ending: the same rows as a plain csv read."""
    monkeypatch.setattr(delimited_text, "_BLOCK_CHARS", 7)
    text = 'a,1,2\r\nb,3,4\rc,5,6\n"d\r\ne",7,8\r\n\r\nf,9,10'
    path = tmp_path / "endings.csv"
    path.write_bytes(text.encode())
    layout = TextLayout("utf-8", ",", None)
    got = list(iter_text_rows(path, layout, lambda count: None))
    expected = [[plain_number(c, None) for c in row] for row in csv.reader(io.StringIO(text, newline=""))]
    assert got == expected


def test_a_csv_of_many_chunks_streams_its_json(tmp_path, monkeypatch):
    """Many chunks (of 1,000 records here; 50,000 in use): every record comes out once, in order, and the output parses."""
    from desktop.spreadsheets.reading import record_columns

    monkeypatch.setattr(record_columns, "CHUNK_RECORDS", 1_000)
    path = tmp_path / "many.csv"
    with path.open("w") as handle:
        handle.write("Line,2024,2025\n")
        handle.writelines(f"Line {n},{n % 97},{n % 89}.5\n" for n in range(12_000))
    report = import_file(path)
    out = io.StringIO()
    write_json(report, out)
    (table,) = json.loads(out.getvalue())["tables"]
    records = table["records"]
    assert records == _one_by_one(report)["tables"][0]["records"] and len(records) == 24_000
    assert records[-1] == {"label": "Line 11999", "iso3": None, "kind": "line", "year": 2025, "period": "2025",
                           "value": 11999 % 89 + 0.5, "estimate": False, "cell": "many!C12001", "notes": [],
                           "unit": None}
