"""Odd but readable files: far-flung empty cells, infinite numbers, control characters, code pages, big honest workbooks."""

import ast
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from desktop.spreadsheets.reading.delimited_text import sniff_layout
from desktop.spreadsheets.reading.formula_cells import uncomputed_formulas
from desktop.spreadsheets.reading.importer import ImportFailure, format_summary, import_file
from tests.test_import_bad_files import _MAIN, _minimal_xlsx, _run_measured, _sheet_with

ROOT = Path(__file__).resolve().parents[1]
FOUR_HUNDRED_DIGITS = b"9" * 400


def _cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "desktop", *args], cwd=ROOT, capture_output=True, timeout=60,
                          env={**os.environ, **(env or {})})


def _strict_json(text: str) -> dict:
    def refuse(constant):
        raise AssertionError(f"the JSON holds {constant}")

    return json.loads(text, parse_constant=refuse)


def _records(path: Path) -> list[tuple[str, int, float]]:
    (table,) = import_file(path).tables
    return [(r.label, r.year, r.value) for r in table.records]


# Sheets whose declared or empty cells reach far -------------------------------------------


def test_a_huge_declared_dimension_with_a_small_table_reads_the_table(tmp_path):
    path = _minimal_xlsx(tmp_path / "dimension.xlsx", _sheet_with(b"", b'<dimension ref="A1:XFD1048576"/>'))
    assert _records(path) == [("Army", 2023, 1.0), ("Army", 2024, 2.0)]


def test_styled_empty_cells_far_away_do_not_count(tmp_path):
    far = b'<row r="1048576"><c r="XFD1048576" s="1"/><c r="A1048575"><v></v></c></row>'
    path = _minimal_xlsx(tmp_path / "styled.xlsx", _sheet_with(far))
    returncode, stdout, stderr, peak_mb = _run_measured([sys.executable, "-m", "desktop", "import", str(path), "--json"])
    assert returncode == 0, stderr
    assert len(_strict_json(stdout)["tables"][0]["records"]) == 2
    assert peak_mb < 300


def test_a_sheet_under_the_cell_budget_reads_although_its_references_reach_far(tmp_path):
    """Rows from 100,000 take the exact pass; 3 columns x 1,000,000 rows fit."""
    far = b'<row r="1000000"><c r="C1000000"><v>5</v></c></row>'
    path = _minimal_xlsx(tmp_path / "far-but-narrow.xlsx", _sheet_with(far))
    report = import_file(path)
    assert report.tables and not any("stray" in w.message for w in report.warnings)


def test_the_refusal_names_an_odd_sheet_on_one_line(tmp_path):
    path = _minimal_xlsx(tmp_path / "odd-name.xlsx", _sheet_with(b'<row r="5000"><c r="XFD5000"><v>1</v></c></row>'))
    _rename_sheet(path, "Sheet", "Spend&#10;2024&#9;")
    result = _cli("import", str(path))
    assert result.returncode == 2
    lines = result.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and "sheet 'Spend\\n2024\\t' has cells from A1:XFD5000" in lines[0]


def _rename_sheet(path: Path, old: str, new: str) -> None:
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(f'name="{old}"'.encode(), f'name="{new}"'.encode())
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)


# Numbers too large for a float ----------------------------------------------------------------


def test_a_400_digit_number_is_skipped_with_a_warning_and_json_stays_valid(tmp_path):
    sheet = _sheet_with(b'<row r="3"><c r="A3" t="inlineStr"><is><t>Navy</t></is></c>'
                        b'<c r="B3"><v>3</v></c><c r="C3"><v>-' + FOUR_HUNDRED_DIGITS + b'</v></c></row>')
    path = _minimal_xlsx(tmp_path / "huge-number.xlsx", sheet)
    report = import_file(path)
    assert [(w.cell, w.message) for w in report.warnings] == [("Sheet!C3", "a number too large to read (-inf): ignored")]
    assert _records(path) == [("Army", 2023, 1.0), ("Army", 2024, 2.0), ("Navy", 2023, 3.0)]
    result = _cli("import", str(path), "--json")
    assert result.returncode == 0, result.stderr
    assert _strict_json(result.stdout.decode())["warnings"][0]["cell"] == "Sheet!C3"


def test_a_400_digit_number_in_a_run_of_plain_rows_and_in_a_long_table(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    wide = workbook.active
    wide.title = "Wide"
    wide.append(["Line", 2023, 2024])
    for number in range(300):
        wide.append([f"Line {number}", number, number + 1])
    long = workbook.create_sheet("Long")
    long.append(["Country", "Year", "Value"])
    long.append(["Poland", 2023, 3.8])
    long.append(["Poland", 2024, 4.1])
    path = tmp_path / "runs.xlsx"
    workbook.save(path)
    _replace_in_zip(path, "xl/worksheets/sheet1.xml", b"<v>251</v>", b"<v>" + FOUR_HUNDRED_DIGITS + b"</v>")
    _replace_in_zip(path, "xl/worksheets/sheet2.xml", b"<v>4.1</v>", b"<v>" + FOUR_HUNDRED_DIGITS + b"</v>")
    report = import_file(path)
    assert {(w.cell, w.message) for w in report.warnings} == {
        ("Wide!C252", "a number too large to read (inf): ignored"),
        ("Long!C3", "a number too large to read (inf): ignored"),
    }
    wide_table, long_table = report.tables
    assert len(wide_table.rows) == 300 and len(long_table.records) == 1


def _replace_in_zip(path: Path, member: str, old: bytes, new: bytes) -> None:
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    assert old in parts[member]
    parts[member] = parts[member].replace(old, new, 1)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)


def test_every_json_dump_of_the_planner_refuses_nan_and_infinity():
    """Files outside desktop/core: the importer's and exporter's JSON, and the command line's."""
    sources = [ROOT / "desktop" / "cli.py", *sorted((ROOT / "desktop" / "spreadsheets").rglob("*.py"))]
    calls = []
    for source in sources:
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", None) in ("dump", "dumps") \
                    and getattr(node.func.value, "id", None) == "json":
                allow_nan = [k.value for k in node.keywords if k.arg == "allow_nan"]
                calls.append((source.name, node.lineno, allow_nan and allow_nan[0].value))
    assert calls and all(allowed is False for _, _, allowed in calls), calls


# Control characters, newlines and undecodable file names -----------------------------------


def test_control_characters_never_break_a_message_or_a_label(tmp_path):
    path = tmp_path / "lines.csv"
    path.write_text('Line,2023,2024\n"Ar\x01my\x1b",1,2\n"Na\nvy",3,x\n', encoding="utf-8")
    report = import_file(path)
    assert [label for label, _, _ in _records(path)][::2] == ["Army", "Na vy"]
    summary = format_summary(report)
    assert all(line.isprintable() for line in summary.splitlines())
    from openpyxl import Workbook

    Workbook().active.append([label for label, _, _ in _records(path)])  # openpyxl refuses control characters


def test_a_hidden_sheet_with_a_newline_in_its_name_is_reported_on_one_line(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["Line", 2023, 2024])
    workbook.active.append(["Army", 1, 2])
    workbook.create_sheet("Secret").sheet_state = "hidden"
    path = tmp_path / "hidden.xlsx"
    workbook.save(path)
    _rename_sheet(path, "Secret", "Se&#10;cret")
    report = import_file(path)
    assert [w.message for w in report.warnings] == [
        "sheet 'Se\\ncret' is hidden: skipped (name it with --sheet to read it)"]
    with pytest.raises(ImportFailure) as failure:
        import_file(path, sheet="nope")
    assert "\n" not in str(failure.value) and "'Se\\ncret'" in str(failure.value)


@pytest.mark.skipif(sys.platform == "win32", reason="Windows file names are always Unicode")
def test_an_undecodable_file_name_gives_valid_json(tmp_path):
    path = Path(os.fsdecode(os.fsencode(tmp_path) + b"/spend\xff.csv"))
    path.write_text("Country,2023,2024\nPoland,3.8,4.1\n", encoding="utf-8")
    result = _cli("import", str(path), "--json", env={"PYTHONIOENCODING": "utf-8"})
    assert result.returncode == 0, result.stderr
    data = _strict_json(result.stdout.decode("utf-8"))
    assert data["file"].endswith("spend\ufffd.csv") and data["tables"][0]["records"][0]["iso3"] == "POL"


# Self-closing cells in the formula scan ------------------------------------------------------


def test_a_self_closing_styled_cell_does_not_swallow_the_formula_after_it(tmp_path):
    sheet = (_MAIN + b'<sheetData><row r="1"><c r="A1" s="1"/><c r="B1"><f>SUM(C1:D1)</f></c>'
             b'<c r="C1" s="2"/><c r="D1"><f>1+1</f><v>2</v></c><c r="E1" t="str"><f>"a"</f><v></v></c></row>'
             b'</sheetData></worksheet>')
    path = _minimal_xlsx(tmp_path / "formulas.xlsx", sheet)
    assert uncomputed_formulas(path, ["Sheet"]) == {"Sheet": ["B1", "E1"]}


# Code pages ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("encoding", "text", "label", "iso3"), [
    ("cp1250", "Země;2023;2024\nČesko;1,5;2,1\nPolska;3,2;4,1\nSlovensko;2,0;2,0\n", "Česko", "CZE"),
    ("cp1251", "Държава;2023;2024\nБългария;1,9;2,0\nРумъния;1,6;2,3\n", "България", "BGR"),
    ("cp1253", "Χώρα;2023;2024\nΕλλάδα;3,1;3,0\nΚύπρος;1,8;1,9\n", "Ελλάδα", "GRC"),
    ("cp1254", "Ülke;2023;2024\nTürkiye;1,5;2,1\nYunanistan;2,8;3,0\nŞırnak;0,1;0,2\n", "Türkiye", "TUR"),
    ("cp1252", "Pays;2023;2024\nGrèce;3,0;3,1\nNorvège;1,6;2,2\n", "Grèce", "GRC"),
])
def test_csv_code_pages_decode_ally_names(tmp_path, encoding, text, label, iso3):
    path = tmp_path / f"{encoding}.csv"
    path.write_bytes(text.encode(encoding))
    assert sniff_layout(path).encoding == encoding
    (table,) = import_file(path).tables
    assert table.rows.labels[0] == label and table.rows.iso3[0] == iso3
    assert list(table.rows.labels) == [line.split(";")[0] for line in text.splitlines()[1:]]


# XML hardening ------------------------------------------------------------------------------


def test_openpyxl_parses_through_defusedxml():
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML is True


# Big honest workbooks and real bombs --------------------------------------------------------


def test_a_small_zip_holding_a_gigabyte_sheet_is_refused_quickly(tmp_path):
    path = tmp_path / "gigabyte.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        spaces = b" " * (1 << 20)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            for _ in range(1024):
                part.write(spaces)
    assert path.stat().st_size < 8 << 20
    returncode, stdout, stderr, peak_mb = _run_measured([sys.executable, "-m", "desktop", "import", str(path)])
    assert returncode == 2 and stdout == ""
    assert stderr.strip() == ("defence-planner: gigabyte.xlsx: the workbook would expand to 1,024 MB, "
                              "over the 200 MB limit: refusing to open it")
    assert peak_mb < 300


# Last: it grows this process, whose size a child's peak memory (ru_maxrss) inherits.
def test_the_planners_own_big_workbook_reopens(tmp_path):
    from dataclasses import replace

    from desktop.core.dataset import default_dataset
    from desktop.core.presets import preset_scenario
    from desktop.core.projection import compute
    from desktop.core.scenario import BudgetLine
    from desktop.spreadsheets.scenario_sources import open_scenario
    from desktop.spreadsheets.workbook.export import export_workbook

    dataset = default_dataset()
    amounts = tuple((2030, 900.0) for _ in range(200_000))  # repeats itself: packs at 390 to 1
    scenario = replace(preset_scenario("hague-2035", dataset),
                       budget_lines=(BudgetLine("Drones", "GBR", "GBP", amounts, "mod.xlsx"),))
    path = tmp_path / "big.xlsx"
    export_workbook(compute(dataset, scenario), path)
    reopened = open_scenario(path, dataset)
    assert reopened.budget_lines[0].amounts == amounts
