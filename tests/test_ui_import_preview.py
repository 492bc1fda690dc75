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


# Large sheets are previewed from the head of their XML ----------------------------------------------


def _sheet_xml(rows: list[bytes]) -> bytes:
    from tests.test_import_bad_files import _MAIN

    return _MAIN + b"<sheetData>" + b"".join(rows) + b"</sheetData></worksheet>"


def _row(number: int, *cells: bytes) -> bytes:
    return b'<row r="%d">%s</row>' % (number, b"".join(cells))


def _value(reference: str, value) -> bytes:
    if isinstance(value, str):
        return b'<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (reference.encode(), value.encode())
    if isinstance(value, bool):
        return b'<c r="%s" t="b"><v>%d</v></c>' % (reference.encode(), value)
    return b'<c r="%s"><v>%s</v></c>' % (reference.encode(), repr(value).encode())


def _previews_both_ways(monkeypatch, path, vouched=("Sheet",)):
    """read_previews with every .xlsx sheet previewed from its head, then with every sheet read whole; the
    sheets in `vouched` count as checked by the import. The head must have been used."""
    from desktop.spreadsheets.reading import sheet_head

    heads = []
    rows = sheet_head.SheetHeads.rows
    monkeypatch.setattr(sheet_head.SheetHeads, "rows", lambda self, *args: heads.append(rows(self, *args)) or heads[-1])
    monkeypatch.setattr(sheet_head, "SPLIT_FROM_BYTES", 0)
    from_heads = read_previews(path, max_rows=40, max_columns=6, within_budget=vouched)
    monkeypatch.setattr(sheet_head, "SPLIT_FROM_BYTES", 1 << 62)
    whole = read_previews(path, max_rows=40, max_columns=6, within_budget=vouched)
    return from_heads, whole, bool(heads) and heads[0] is not None


def _workbook_with(tmp_path, name: str, rows: list[bytes]):
    from tests.test_import_bad_files import _minimal_xlsx

    return _minimal_xlsx(tmp_path / name, _sheet_xml(rows))


def test_a_sheet_previewed_from_its_head_shows_what_the_whole_sheet_shows(tmp_path, monkeypatch):
    rows = [_row(1, _value("A1", "A title that spreads over the empty cells to its right"))]
    rows += [_row(3, *(_value(f"{letter}3", text) for letter, text in zip("ABCDEFGH", ["Line", *map(str, range(2018, 2025))])))]
    for number in range(4, 200):
        cells = [_value(f"A{number}", f"Line {number}"), _value(f"B{number}", number * 1.5), _value(f"C{number}", number)]
        if number % 7 == 0:
            cells.append(_value(f"J{number}", number % 2 == 0))  # past the preview's columns
        rows.append(_row(number, *cells))
    path = _workbook_with(tmp_path, "long.xlsx", rows)
    from_heads, whole, used_head = _previews_both_ways(monkeypatch, path)
    assert used_head and from_heads == whole
    assert from_heads == _previews_both_ways(monkeypatch, path, vouched=())[0]  # checked first when not vouched for
    (preview,) = from_heads
    assert len(preview.rows) == 40 and preview.truncated
    assert preview.value(1, 0).startswith("A title") and preview.value(10, 1) == 15.0


def test_a_head_without_enough_rows_is_read_whole(tmp_path, monkeypatch):
    """Blank rows after the first values, a value far below: the whole sheet gives blank rows up to the preview's end."""
    rows = [_row(1, _value("A1", "Line"), _value("B1", 2024)), _row(2, _value("A2", "Army"), _value("B2", 1.0))]
    rows += [_row(number, b'<c r="A%d" s="1"/>' % number) for number in range(3, 60)]
    rows += [_row(90, _value("A90", "Note far below"))]
    path = _workbook_with(tmp_path, "gap.xlsx", rows)
    from_heads, whole, used_head = _previews_both_ways(monkeypatch, path)
    assert not used_head and from_heads == whole
    assert len(from_heads[0].rows) == 40 and from_heads[0].truncated


def test_a_short_sheet_is_read_whole(tmp_path, monkeypatch):
    short = _workbook_with(tmp_path, "short.xlsx", [_row(n, _value(f"A{n}", n)) for n in range(1, 10)])
    from_heads, whole, used_head = _previews_both_ways(monkeypatch, short)
    assert not used_head and from_heads == whole and len(whole[0].rows) == 9


def test_a_head_whose_cells_reach_too_far_is_refused_as_the_whole_sheet_is(tmp_path, monkeypatch):
    """calamine never lays out the head's cells: 700 rows x 16,384 columns are over the budget."""
    far = [_row(1, _value("A1", "Line")), _row(2, _value("XFD2", 1)), _row(700, _value("XFD700", 1))]
    far += [_row(n, _value(f"A{n}", n)) for n in range(701, 800)]
    path = _workbook_with(tmp_path, "far.xlsx", far)
    from_heads, _, _ = _previews_both_ways(monkeypatch, path)
    _, whole, _ = _previews_both_ways(monkeypatch, path, vouched=())
    assert from_heads == whole and whole[0].rows == () and whole[0].truncated


def test_the_quick_pass_finds_the_same_far_cells_a_window_at_a_time(monkeypatch):
    from desktop.spreadsheets.reading import sheet_extent

    rows = [_row(n, _value(f"A{n}", n), _value(f"B{n}", "x")) for n in range(1, 300)]
    rows.insert(100, _row(100_500, _value("AB100500", 1)))
    unplaced = _row(301, b"<c><v>1</v></c>")
    namespaced = _row(302, b'<x:c r="A302"><x:v>1</x:v></x:c>')
    for extra in (b"", unplaced, namespaced):
        xml = _sheet_xml(rows + [extra])
        whole = sheet_extent.quick_reach(xml)  # one window
        monkeypatch.setattr(sheet_extent, "_WINDOW_BYTES", 64)
        assert sheet_extent.quick_reach(xml) == sheet_extent.quick_reach(memoryview(xml)) == whole
        monkeypatch.undo()
    assert whole.rows == 100_500 and whole.columns == 28
    assert sheet_extent.quick_reach(_sheet_xml(rows + [unplaced])).unsure
    assert sheet_extent.quick_reach(_sheet_xml(rows + [namespaced])).unsure
