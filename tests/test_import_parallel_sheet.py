"""A large worksheet read in pieces, two at once, imports exactly as the same sheet read whole."""

import zipfile

import pytest

from desktop.spreadsheets.reading import parallel_sheet
from desktop.spreadsheets.reading.importer import ImportCancelled, import_file

YEARS = list(range(2015, 2025))


def _save(workbook, path):
    workbook.save(path)
    return path


def _title(sheet, column=1):
    sheet.cell(row=1, column=column, value="Defence expenditure of allies")
    sheet.cell(row=2, column=column, value="Million US dollars, current prices")


def _table(sheet, first_row, rows, *, label_column=1, prefix="Line", years=YEARS):
    sheet.cell(row=first_row, column=label_column, value="Country")
    for offset, year in enumerate(years, start=1):
        sheet.cell(row=first_row, column=label_column + offset, value=str(year) if offset % 3 else year)
    for number in range(1, rows + 1):
        row = first_row + number
        sheet.cell(row=row, column=label_column, value=f"{prefix} {number}")
        for offset in range(1, len(YEARS) + 1):
            value = round(number * 10.5 + offset, 2)
            if (number + offset) % 29 == 0:
                value = "[x]"
            elif (number * offset) % 31 == 0:
                value = "n/a"
            sheet.cell(row=row, column=label_column + offset, value=value)
    return first_row + rows


def two_tables(folder, before: int, gap: int, after: int, name: str):
    """A title block, a table, blank rows, a second table: sizes move the header across the cut."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Spending"
    _title(sheet)
    end = _table(sheet, 4, before)
    sheet.cell(row=end + 1, column=1, value="Constant 2015 prices")
    _table(sheet, end + 1 + gap, after, prefix="Other", years=[year - 10 for year in YEARS])
    notes = workbook.create_sheet("Notes")
    notes.append(["Source: national submissions"])
    return _save(workbook, folder / f"{name}.xlsx")


def shifted_columns(folder):
    """The title in column A, the table from column C: the halves' used ranges start in different columns."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    _title(sheet)
    _table(sheet, 6, 120, label_column=3)
    sheet.cell(row=40, column=15, value="wide note")
    return _save(workbook, folder / "shifted.xlsx")


def long_gap(folder):
    """A table, hundreds of blank rows across the middle, then a second table far below."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    _table(sheet, 3, 60)
    _table(sheet, 900, 60, prefix="Far")
    return _save(workbook, folder / "gap.xlsx")


def long_format(folder):
    """A long table (country, year, value) with no title block."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Country", "Year", "Value"])
    for number in range(150):
        for year in YEARS[:4]:
            sheet.append([f"Country {number % 37}", year, number + year / 1000])
    return _save(workbook, folder / "long.xlsx")


def _cut_row(path, sheet_part="xl/worksheets/sheet1.xml") -> int:
    with zipfile.ZipFile(path) as archive:
        xml = archive.read(sheet_part)
    head = xml[:len(xml) // 2]
    start = head.rfind(b"</row>") + len(b"</row>")
    following = xml[start:start + 40]
    return int(following.split(b'r="')[1].split(b'"')[0])


def _serial_and_split(path, monkeypatch, **options):
    monkeypatch.setattr(parallel_sheet, "SPLIT_FROM_BYTES", 10**12)
    serial = import_file(path, **options).to_dict()
    monkeypatch.setattr(parallel_sheet, "SPLIT_FROM_BYTES", 0)
    calls = []
    real = parallel_sheet.read_in_pieces

    def spy(*args):
        calls.append(real(*args))
        return calls[-1]

    monkeypatch.setattr("desktop.spreadsheets.reading.importer.read_in_pieces", spy)
    split = import_file(path, **options).to_dict()
    assert any(result is not None for result in calls), "the sheet was not split"
    return serial, split


@pytest.mark.parametrize("before", range(36, 56))
def test_two_tables_with_the_header_and_blank_rows_around_the_cut(tmp_path, monkeypatch, before):
    path = two_tables(tmp_path, before, 3, 46, f"two-{before}")
    serial, split = _serial_and_split(path, monkeypatch)
    assert split == serial
    assert len(serial["tables"]) == 2


def test_the_sweep_cuts_in_the_blank_rows_at_the_header_and_in_both_tables(tmp_path):
    cuts = {before: _cut_row(two_tables(tmp_path, before, 3, 46, f"cut-{before}")) - (4 + before)
            for before in range(36, 56)}
    # Where the second half starts, from the first table's last row: inside that table (<= 0), on the
    # subtitle (1), on the second header after two blank rows that neither half holds (4), or below it.
    offsets = set(cuts.values())
    assert any(offset <= 0 for offset in offsets) and any(offset > 4 for offset in offsets)
    assert {1, 4} <= offsets, cuts


@pytest.mark.parametrize("build", [shifted_columns, long_gap, long_format])
def test_other_shapes_import_the_same_split(tmp_path, monkeypatch, build):
    serial, split = _serial_and_split(build(tmp_path), monkeypatch)
    assert split == serial
    assert serial["tables"]


def test_a_named_sheet_and_a_mapping_import_the_same_split(tmp_path, monkeypatch):
    from desktop.spreadsheets.reading.importer import Mapping

    path = two_tables(tmp_path, 40, 2, 40, "mapped")
    serial, split = _serial_and_split(path, monkeypatch, sheet="Spending", mapping=Mapping(header_row=47))
    assert split == serial


def test_a_split_import_reports_progress_and_can_be_cancelled(tmp_path, monkeypatch):
    monkeypatch.setattr(parallel_sheet, "SPLIT_FROM_BYTES", 0)
    path = long_format(tmp_path)
    seen = []
    import_file(path, progress=seen.append)
    assert seen == sorted(seen) and seen[-1] == 1.0 and len(seen) > 3
    with pytest.raises(ImportCancelled):
        import_file(path, progress=seen.append, cancel=lambda: len(seen) > 2)


def test_a_second_half_without_row_numbers_is_read_whole(tmp_path, monkeypatch):
    path = long_format(tmp_path)
    stripped = tmp_path / "no-row-numbers.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(stripped, "w") as target:
        for member in source.infolist():
            data = source.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<row r="', b'<row s="0" x="')
            target.writestr(member, data)
    monkeypatch.setattr(parallel_sheet, "SPLIT_FROM_BYTES", 0)
    pieces = parallel_sheet.read_in_pieces(stripped, "Sheet")
    with pytest.raises(parallel_sheet.ReadWhole):
        list(pieces.row_chunks(100))
    pieces.close()
    serial, split = _serial_and_split(stripped, monkeypatch)
    assert split == serial and serial["tables"]


def wider_below(folder, left: bool):
    """A table from column C, and far below it a note in column A (left) or past the last year (right)."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    end = _table(sheet, 1, 150, label_column=3)
    sheet.cell(row=end + 2, column=1 if left else 20, value="Source: national submissions")
    return _save(workbook, folder / f"wider-{'left' if left else 'right'}.xlsx")


@pytest.mark.parametrize("left", [True, False])
@pytest.mark.parametrize("piece_bytes", [1, 10**12])
def test_a_later_piece_wider_than_the_first_imports_the_same(tmp_path, monkeypatch, left, piece_bytes):
    monkeypatch.setattr(parallel_sheet, "PIECE_BYTES", piece_bytes)
    settled = []
    real = parallel_sheet.PiecedSheet.settle_columns
    monkeypatch.setattr(parallel_sheet.PiecedSheet, "settle_columns", lambda self: settled.append(1) or real(self))
    serial, split = _serial_and_split(wider_below(tmp_path, left), monkeypatch)
    assert split == serial
    assert settled, "the first piece was as wide as the sheet"
    assert any("national submissions" in note for table in serial["tables"] for note in table["notes"])


@pytest.mark.parametrize("before", [36, 45, 55])
def test_three_pieces_import_as_the_whole_sheet(tmp_path, monkeypatch, before):
    monkeypatch.setattr(parallel_sheet, "PIECE_BYTES", 1)
    path = two_tables(tmp_path, before, 3, 46, f"three-{before}")
    serial, split = _serial_and_split(path, monkeypatch)
    assert split == serial and len(serial["tables"]) == 2


@pytest.mark.parametrize("piece_bytes", [1, 10**12])
@pytest.mark.parametrize("rows", [700, 1400])  # no piece over the budget alone / each piece over it
@pytest.mark.parametrize("top", [True, False])
def test_a_stray_far_cell_in_any_piece_is_refused_naming_the_whole_sheet(tmp_path, monkeypatch, piece_bytes, rows, top):
    from openpyxl import Workbook

    from desktop.spreadsheets.reading.importer import ImportFailure

    workbook = Workbook()
    sheet = workbook.active
    _table(sheet, 1, rows)
    stray_row = 2 if top else rows - 50
    path = _save(workbook, tmp_path / "stray.xlsx")
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    row = f'<row r="{stray_row}">'.encode()
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace(
        row, row + f'<c r="XFD{stray_row}"><v>1</v></c>'.encode(), 1)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    messages = []
    for split_from in (10**12, 0):
        monkeypatch.setattr(parallel_sheet, "SPLIT_FROM_BYTES", split_from)
        monkeypatch.setattr(parallel_sheet, "PIECE_BYTES", piece_bytes)
        with pytest.raises(ImportFailure) as failure:
            import_file(path)
        messages.append(str(failure.value))
    assert messages[0] == messages[1]
    assert f"has cells from A1:XFD{rows + 1}" in messages[0]


@pytest.mark.parametrize("piece_bytes", [1, 10**12])
def test_a_narrow_sheet_reaching_row_400000_reads_split_as_whole(tmp_path, monkeypatch, piece_bytes):
    """The quick check's bound (row 400,000 by column Z) is passed, the cells' exact extent (3 columns) is not."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Line", 2023, 2024])
    for number in range(300):
        sheet.append([f"Line {number}", number, number + 0.5])
    sheet["C400000"] = 5
    path = _save(workbook, tmp_path / "tall.xlsx")
    monkeypatch.setattr(parallel_sheet, "PIECE_BYTES", piece_bytes)
    serial, split = _serial_and_split(path, monkeypatch)
    assert split == serial and len(serial["tables"][0]["records"]) == 600


def _rows_xml(rows: int) -> bytes:
    return b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (n, n, n * 7919) for n in range(1, rows))


def _deflated_zip(path, data: bytes):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", data)
    return path


def test_the_sheet_inflated_by_isal_reads_as_zipfile_reads_it(tmp_path):
    pytest.importorskip("isal")
    data = _rows_xml(200_000)
    path = _deflated_zip(tmp_path / "sheet.xlsx", data)
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
        for size in (1_000_003, len(data) // 3, len(data) + 1):
            member = parallel_sheet._open_member(archive, info)
            assert type(member).__name__ == "_InflatedMember"
            blocks = [member.read(size)]
            while len(blocks[-1]) == size:
                blocks.append(member.read(size))
            assert b"".join(blocks) == data


def test_a_damaged_sheet_fails_the_isal_read_as_it_fails_zipfile(tmp_path):
    pytest.importorskip("isal")
    data = _rows_xml(50_000)
    path = _deflated_zip(tmp_path / "sheet.xlsx", data)
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
        info.CRC ^= 1
        with pytest.raises(zipfile.BadZipFile, match="CRC"):
            parallel_sheet._open_member(archive, info).read(len(data) + 1)
        with pytest.raises(zipfile.BadZipFile, match="CRC"):
            archive.open(info).read(len(data) + 1)
        info.CRC ^= 1
        info.compress_size -= 100
        with pytest.raises(EOFError):
            parallel_sheet._open_member(archive, info).read(len(data) + 1)
