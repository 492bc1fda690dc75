"""Bad and hostile files: one plain line naming the file and the reason, exit code 2, quickly, in bounded memory."""

import os
import random
import signal
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.spreadsheets.reading.importer import ImportCancelled, ImportFailure, import_file
from tests import import_fixtures

ROOT = Path(__file__).resolve().parents[1]
PEAK_MB = 300


def _minimal_xlsx(path: Path, sheet_xml: bytes | None = None) -> Path:
    """A workbook written by openpyxl, optionally with its sheet XML replaced."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["Line", 2023, 2024])
    workbook.active.append(["Army", 1, 2])
    workbook.save(path)
    if sheet_xml is not None:
        with zipfile.ZipFile(path) as source:
            parts = {name: source.read(name) for name in source.namelist()}
        parts["xl/worksheets/sheet1.xml"] = sheet_xml
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
            for name, data in parts.items():
                target.writestr(name, data)
    return path


def _write(path: Path, data: bytes | str) -> Path:
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def _ole(path: Path, stream_names: list[str]) -> Path:
    """An OLE2 compound file header followed by directory names, as Office writes them."""
    body = b"".join(name.encode("utf-16-le") + b"\x00" * 8 for name in stream_names)
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + body)
    return path


def _bomb(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as part:
            for _ in range(60):
                part.write(b"\x00" * (1 << 20))
    return path


def _lying_directory(path: Path) -> Path:
    """A small workbook whose zip directory claims a 300 MB part."""
    _minimal_xlsx(path)
    data = bytearray(path.read_bytes())
    entry = data.index(b"PK\x01\x02")
    struct.pack_into("<I", data, entry + 24, 300 * 1024 * 1024)
    path.write_bytes(bytes(data))
    return path


def _understated(path: Path, *, ratio: int, padding: int = 0, local_too: bool = True) -> Path:
    """A workbook whose sheet inflates to 8 MB while its zip entry claims only ratio x its compressed size."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        if padding:
            archive.writestr("xl/media/image1.png", random.Random(3).randbytes(padding), zipfile.ZIP_STORED)
        archive.writestr("xl/worksheets/sheet1.xml", b"<worksheet>" + b" " * (8 << 20) + b"</worksheet>")
    with zipfile.ZipFile(path) as archive:
        sheet = archive.getinfo("xl/worksheets/sheet1.xml")
    claimed = sheet.compress_size * ratio
    data = bytearray(path.read_bytes())
    # The directory entry is the name's last occurrence, after its 46-byte fixed part.
    central = data.rindex(b"xl/worksheets/sheet1.xml") - 46
    struct.pack_into("<I", data, central + 24, claimed)
    if local_too:
        struct.pack_into("<I", data, sheet.header_offset + 22, claimed)
    path.write_bytes(bytes(data))
    return path


def _understate_small(path: Path) -> Path:
    """Claims a plausible 10 to 1: only decompressing the part shows the lie."""
    return _understated(path, ratio=10)


def _entity_sheet(path: Path) -> Path:
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
              b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>')
    return _minimal_xlsx(path, laughs)


def _encrypted_zip_member(path: Path) -> Path:
    _minimal_xlsx(path)
    data = bytearray(path.read_bytes())
    for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            data[start + flag_offset] |= 0x1
            start += 4
    path.write_bytes(bytes(data))
    return path


def _docx(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return path


def _plain_zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "hi")
    return path


_MAIN = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
_TABLE_ROWS = (b'<row r="1"><c r="A1" t="inlineStr"><is><t>Line</t></is></c><c r="B1"><v>2023</v></c>'
               b'<c r="C1"><v>2024</v></c></row>'
               b'<row r="2"><c r="A2" t="inlineStr"><is><t>Army</t></is></c><c r="B2"><v>1</v></c>'
               b'<c r="C2"><v>2</v></c></row>')


def _sheet_with(rows: bytes, dimension: bytes = b"") -> bytes:
    """A small table's sheet XML, with more rows after it and an optional <dimension>."""
    return _MAIN + dimension + b"<sheetData>" + _TABLE_ROWS + rows + b"</sheetData></worksheet>"


def _far_cell(reference: bytes) -> Callable[[Path], Path]:
    """A 5 KB workbook with one stray value at `reference`: calamine would lay out every cell up to it."""
    row = reference.lstrip(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    return lambda path: _minimal_xlsx(path, _sheet_with(b'<row r="%s"><c r="%s"><v>1</v></c></row>' % (row, reference)))


def _unplaced_cells(path: Path) -> Path:
    """Cells without references, placed one after another: 20,001 columns wide, 600 rows down."""
    wide = b"<row>" + b"<c/>" * 20_000 + b"<c><v>7</v></c></row>"
    return _minimal_xlsx(path, _MAIN + b"<sheetData>" + wide + b'<row r="600"><c><v>1</v></c></row></sheetData></worksheet>')


def _one_line_csv(path: Path) -> Path:
    """50 MB of figures on one line after a header: a dump, not a table."""
    with path.open("w") as handle:
        handle.write("Line,2023,2024\n")
        chunk = ",".join(map(str, range(100_000, 200_000))) + ","  # written in pieces: the test stays small
        for _ in range(50_000_000 // len(chunk)):
            handle.write(chunk)
        handle.write("1\n")
    return path


def _truncated(path: Path) -> Path:
    whole = import_fixtures.uk_accessible_table(path.parent)
    path.write_bytes(whole.read_bytes()[:2500])
    return path


BAD_FILES = {
    "empty.xlsx": (lambda p: _write(p, b""), "the file is empty"),
    "chart.xlsx": (lambda p: _write(p, b"\x89PNG\r\n\x1a\n" + b"\x00" * 100), "this is a PNG image"),
    "report.xlsx": (lambda p: _write(p, b"%PDF-1.7\n" + b"x" * 100), "this is a PDF document"),
    "truncated.xlsx": (_truncated, "damaged or incomplete"),
    "letter.xlsx": (_docx, "this is a Word document, not a spreadsheet"),
    "archive.xlsx": (_plain_zip, "this is a zip archive, not a workbook"),
    "locked.xlsx": (lambda p: _ole(p, ["EncryptionInfo", "EncryptedPackage"]), "this workbook is encrypted: open it "
                    "in Excel, remove the password, save, then import"),
    "locked-member.xlsx": (_encrypted_zip_member, "this workbook is encrypted"),
    "old.xls": (lambda p: _ole(p, ["WordDocument"]), "old-style Word document"),
    "broken.xls": (lambda p: _ole(p, ["Workbook"]), "could not be read"),
    "bomb.xlsx": (_bomb, "compressed more than 100 to 1"),
    "huge.xlsx": (_lying_directory, "over the 200 MB limit"),
    "understated.xlsx": (lambda p: _understate_small(p), "expands beyond the"),
    "understated-ratio.xlsx": (lambda p: _understated(p, ratio=50, padding=2 << 20), "expands beyond the"),
    "understated-directory.xlsx": (lambda p: _understated(p, ratio=10, padding=2 << 20, local_too=False),
                                   "expands beyond the"),
    "laughs.xlsx": (_entity_sheet, "declares XML entities"),
    "page.xls": (lambda p: _write(p, "<html><body><table><tr><td>1</td></tr></table></body></html>"),
                 "web page (HTML)"),
    "prose.csv": (lambda p: _write(p, "Dear analyst,\nplease find the figures attached.\n"),
                  "no table with years"),
    "binary.csv": (lambda p: _write(p, bytes(range(256)) * 4), "not a spreadsheet"),
    "far-cell.xlsx": (_far_cell(b"XFD1048576"), "delete the stray cell at XFD1048576 (or the rows and columns"),
    "wide-cell.xlsx": (_far_cell(b"XFD2000"), "has cells from A1:XFD2000 (32,768,000 cells, over the 10,000,000"),
    "tall-cell.xlsx": (_far_cell(b"Z1048576"), "delete the stray cell at Z1048576"),
    "unplaced.xlsx": (_unplaced_cells, "has cells from A1:ACOG600 (12,000,600 cells"),
    "one-line.csv": (_one_line_csv, "line 2 is over 1,000,000 characters long"),
    "wide.csv": (lambda p: _write(p, ",".join(["Line", *map(str, range(20_000))]) + "\n"),
                 "row 1 has 20,001 columns, more than the 16,384"),
    "unclosed-quote.csv": (lambda p: _write(p, 'Line,2023,2024\n"' + ("x" * 99 + "\n") * 12_000),
                           "runs on for over 1,000,000 characters (an unclosed quote?)"),
}


@pytest.fixture(params=sorted(BAD_FILES))
def bad_file(request, tmp_path):
    make, message = BAD_FILES[request.param]
    return make(tmp_path / request.param), message


def test_bad_file_fails_with_one_plain_line(bad_file):
    path, message = bad_file
    with pytest.raises(ImportFailure) as failure:
        import_file(path)
    text = str(failure.value)
    assert text.startswith(f"{path.name}: ") and message in text
    assert "\n" not in text and "Traceback" not in text


# Linux carries a process's peak memory across fork and exec: a child of this (by now large) test process
# would report this process's size. A small launcher forks the child instead and reports the child's own peak.
_LAUNCHER = (
    "import os, subprocess, sys\n"
    "child = subprocess.Popen(sys.argv[2:])\n"
    "_, status, usage = os.wait4(child.pid, 0)\n"
    "open(sys.argv[1], 'w').write(str(usage.ru_maxrss))\n"
    "sys.exit(os.waitstatus_to_exitcode(status))\n"
)


def _run_measured(args: list[str]) -> tuple[int, str, str, float]:
    """Run a child and return its exit code, output and its own peak memory in MB (not this process's, nor other tests')."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, tempfile.TemporaryDirectory() as folder:
        peak_file = os.path.join(folder, "peak")
        launcher = subprocess.Popen([sys.executable, "-c", _LAUNCHER, peak_file, *args], cwd=ROOT, stdout=out, stderr=err,
                                    start_new_session=True)
        try:
            launcher.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(launcher.pid, signal.SIGKILL)
            launcher.wait()
            raise AssertionError(f"{args} did not finish in 60 s") from None
        out.seek(0)
        err.seek(0)
        with open(peak_file) as f:
            peak_kb = int(f.read())
        return launcher.returncode, out.read().decode(), err.read().decode(), peak_kb / 1024


def test_cli_exits_2_with_the_message_in_bounded_memory(bad_file):
    """It must not hang either (60 s and it is killed); how long it takes is bench/bench_waits.py's figure."""
    path, message = bad_file
    returncode, stdout, stderr, peak_mb = _run_measured([sys.executable, "-m", "desktop", "import", str(path), "--json"])
    assert returncode == 2, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and path.name in lines[0]
    assert stdout == ""
    assert peak_mb < PEAK_MB


def test_cli_prints_json_for_a_good_file(tmp_path):
    import json

    path = import_fixtures.us_budget_table(tmp_path)
    result = subprocess.run([sys.executable, "-m", "desktop", "import", str(path), "--json"],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["format"] == "xlsx" and len(data["tables"]) == 3
    summary = subprocess.run([sys.executable, "-m", "desktop", "import", str(path)],
                             cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert "Budget Authority" in summary.stdout and not summary.stdout.lstrip().startswith("{")


def test_renamed_csv_is_read_by_its_bytes(tmp_path):
    path = tmp_path / "figures.xlsx"
    path.write_text("Country,2023,2024\nPoland,3.26,4.12\n")
    report = import_file(path)
    assert report.format == "csv"
    assert any("named .xlsx but holds csv" in w.message for w in report.warnings)
    assert [r.value for r in report.tables[0].records] == [3.26, 4.12]


@settings(max_examples=60, deadline=2000, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=3000))
def test_random_bytes_never_escape_as_other_errors(tmp_path, data):
    path = tmp_path / "random.xlsx"
    path.write_bytes(data)
    try:
        import_file(path)
    except ImportFailure as failure:
        assert str(failure).startswith("random.xlsx: ")


@settings(max_examples=40, deadline=3000, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 20_000), st.integers(0, 255)), min_size=1, max_size=8))
def test_corrupted_workbooks_never_escape_as_other_errors(tmp_path, flips):
    original = import_fixtures.us_budget_table(tmp_path).read_bytes()
    data = bytearray(original)
    for offset, value in flips:
        data[offset % len(data)] = value
    path = tmp_path / "corrupted.xlsx"
    path.write_bytes(bytes(data))
    try:
        import_file(path)
    except ImportFailure as failure:
        assert "\n" not in str(failure)


# Long files: progress and cancel ------------------------------------------


@pytest.fixture(scope="module")
def million_rows(tmp_path_factory):
    path = tmp_path_factory.mktemp("big") / "million.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("Line;2023;2024\n")
        handle.writelines(f"Line {n};{n % 997},5;{n % 991},25\n" for n in range(1_000_000))
    return path


def test_million_row_sheet_reports_progress_and_cancels(million_rows):
    seen: list[float] = []
    with pytest.raises(ImportCancelled) as cancelled:
        import_file(million_rows, progress=seen.append, cancel=lambda: bool(seen) and seen[-1] > 0.25)
    assert str(cancelled.value) == "million.csv: import cancelled"
    assert 0.25 < seen[-1] < 0.5
    assert seen == sorted(seen) and len(seen) > 10


def test_workbook_import_cancels_between_rows(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Lines")
    sheet.append(["Line", 2023, 2024])
    for n in range(20_000):
        sheet.append([f"Line {n}", n, n + 1])
    path = tmp_path / "lines.xlsx"
    workbook.save(path)
    calls = []
    with pytest.raises(ImportCancelled):
        import_file(path, cancel=lambda: calls.append(1) or len(calls) > 2)
    seen: list[float] = []
    report = import_file(path, progress=seen.append)
    assert len(report.tables[0].rows) == 20_000 and seen[-1] == 1.0 and seen == sorted(seen)


def test_importer_stays_light_at_start_up():
    code = ("import sys, desktop.spreadsheets.reading.importer\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "{'PySide6', 'pyqtgraph', 'python_calamine', 'openpyxl'}))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_understated_sheet_in_a_big_workbook_is_refused_by_the_reader(tmp_path):
    """Past the cheap checks (plausible ratio, big archive), the reader stops at the declared size: same refusal."""
    from openpyxl import Workbook

    path = tmp_path / "big-liar.xlsx"
    workbook = Workbook()
    for number in range(20_000):
        workbook.active.append([f"Line {number}", 1.5, 2.5, 3.5])
    workbook.active.insert_rows(1)
    workbook.active["B1"], workbook.active["C1"], workbook.active["D1"] = 2022, 2023, 2024
    workbook.save(path)
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/media/image1.png", random.Random(5).randbytes(2 << 20), zipfile.ZIP_STORED)
    with zipfile.ZipFile(path) as archive:
        sheet = archive.getinfo("xl/worksheets/sheet1.xml")
    data = bytearray(path.read_bytes())
    for offset in (data.rindex(b"xl/worksheets/sheet1.xml") - 46 + 24, sheet.header_offset + 22):
        struct.pack_into("<I", data, offset, sheet.file_size // 2)
    path.write_bytes(bytes(data))
    with pytest.raises(ImportFailure, match="part of sheet Sheet expands beyond the size its zip directory declares"):
        import_file(path)
