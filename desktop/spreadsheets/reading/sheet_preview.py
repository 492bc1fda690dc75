"""The first rows of each sheet as the user sees them, and what the importer understood in each cell."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from desktop.spreadsheets.reading.cell_address import column_letters, column_number
from desktop.spreadsheets.reading.delimited_text import iter_text_rows, sniff_layout
from desktop.spreadsheets.reading.file_formats import detect_format
from desktop.spreadsheets.reading.import_report import ImportedTable, ImportReport, ImportWarning
from desktop.spreadsheets.reading.import_errors import UnreadableContent
from desktop.spreadsheets.reading.importer import Mapping, import_file
from desktop.spreadsheets.reading.row_labels import AGGREGATE, ALLY, TOTAL, clean_label
from desktop.spreadsheets.reading.sheet_extent import check_sheet_reach
from desktop.spreadsheets.reading.sheet_head import SheetHeads

PREVIEW_ROWS = 500
PREVIEW_COLUMNS = 60

# What a cell was understood to be, most telling last: a warning beats everything.
TITLE, UNIT_LINE, HEADER, YEAR, BLOCK, LABEL, FIGURE, AGGREGATE_ROW, TOTAL_ROW, SKIPPED = (
    "title", "unit_line", "header", "year", "block", "label", "figure", "aggregate", "total", "skipped")
ROLE_NAMES = {
    TITLE: "Title", UNIT_LINE: "Unit or note line", HEADER: "Header row", YEAR: "Year column",
    BLOCK: "Block", LABEL: "Row label", FIGURE: "Figure read", AGGREGATE_ROW: "Aggregate",
    TOTAL_ROW: "Total", SKIPPED: "Skipped",
}
_SCALE_WORDS = {1: "", 1_000: " thousands", 1_000_000: " millions", 1_000_000_000: " billions"}
_REFERENCE = re.compile(r"^(?:(?P<sheet>'(?:[^']|'')+'|[^!]+)!)?\$?(?P<column>[A-Za-z]{1,3})\$?(?P<row>\d+)$")


@dataclass(frozen=True)
class SheetPreview:
    """The top-left corner of one sheet: rows[r][c] is the cell in sheet row r + 1, column c (A is 0)."""

    name: str
    rows: tuple[tuple, ...]
    width: int
    truncated: bool

    def value(self, row: int, column: int):
        """The cell at one-based row and zero-based column, "" outside the preview."""
        if 1 <= row <= len(self.rows) and 0 <= column < len(self.rows[row - 1]):
            return self.rows[row - 1][column]
        return ""


@dataclass(frozen=True)
class CellRole:
    """What the importer made of one cell, and a sentence saying why."""

    role: str
    why: str


@dataclass(frozen=True)
class PreviewedImport:
    """An import as the import dialog shows it: the report, each sheet's first rows, and each cell's role."""

    report: ImportReport
    mapping: Mapping
    previews: tuple[SheetPreview, ...]
    roles: dict[str, dict[tuple[int, int], CellRole]]


def read_with_preview(path: str | Path, mapping: Mapping | None = None, previews: tuple[SheetPreview, ...] | None = None,
                      progress=None, cancel=None) -> PreviewedImport:
    """Import the file and preview its sheets (reusing `previews` when the file was read before).

    Raises ImportFailure (and ImportCancelled) exactly like import_file.
    """
    mapping = mapping or Mapping()
    report = import_file(path, mapping=mapping, progress=progress, cancel=cancel)
    if previews is None:
        # The sheets the import read fit the cell budget: it would have failed otherwise.
        previews = read_previews(path, within_budget=report.sheets)
    roles = {preview.name: understood_cells(preview, report.tables, report.warnings, mapping.label_column)
             for preview in previews}
    return PreviewedImport(report, mapping, previews, roles)


def read_previews(path: str | Path, *, max_rows: int = PREVIEW_ROWS, max_columns: int = PREVIEW_COLUMNS,
                  within_budget: Iterable[str] = ()) -> tuple[SheetPreview, ...]:
    """The first rows of every visible sheet (a text file is one sheet named after the file).

    A sheet named in `within_budget` is known to fit the cell budget (the import read it), so its cells
    are not checked again; a large .xlsx sheet is previewed from the head of its XML (sheet_head).
    """
    path = Path(path)
    file_format = detect_format(path)
    if file_format == "csv":
        layout = sniff_layout(path)
        rows = list(islice(iter_text_rows(path, layout, lambda count: None), max_rows + 1))
        return (_preview(path.stem or "Sheet1", rows, max_rows, max_columns),)
    import python_calamine

    checked = set(within_budget)
    xml = file_format in ("xlsx", "xlsm")
    with python_calamine.CalamineWorkbook.from_path(str(path)) as workbook, SheetHeads(path) as heads:
        previews = []
        for meta in workbook.sheets_metadata:
            if (meta.typ != python_calamine.SheetTypeEnum.WorkSheet
                    or meta.visible != python_calamine.SheetVisibleEnum.Visible):
                continue
            try:
                if xml and meta.name not in checked:
                    check_sheet_reach(path, meta.name)
                rows = heads.rows(meta.name, max_rows + 1) if xml else None
                if rows is None:
                    sheet = workbook.get_sheet_by_name(meta.name)
                    rows = sheet.to_python(skip_empty_area=False, nrows=max_rows + 1)
            except UnreadableContent:
                previews.append(SheetPreview(meta.name, (), 0, True))
                continue
            previews.append(_preview(meta.name, rows, max_rows, max_columns))
    return tuple(previews)


def _preview(name: str, rows: list, max_rows: int, max_columns: int) -> SheetPreview:
    kept = [tuple(_trimmed(row)[:max_columns]) for row in rows[:max_rows]]
    width = max((len(row) for row in kept), default=0)
    truncated = len(rows) > max_rows or any(len(_trimmed(row)) > max_columns for row in rows[:max_rows])
    return SheetPreview(name, tuple(kept), width, truncated)


def _trimmed(row: Sequence) -> list:
    cells = list(row)
    while cells and (cells[-1] is None or cells[-1] == ""):
        cells.pop()
    return cells


def parse_cell_ref(reference: str) -> tuple[str | None, int, int] | None:
    """("Table 1", 4, 1) from "'Table 1'!B4": sheet (None if not named), one-based row, zero-based column."""
    match = _REFERENCE.match(reference.strip())
    if match is None:
        return None
    sheet = match["sheet"]
    if sheet and sheet.startswith("'"):
        sheet = sheet[1:-1].replace("''", "'")
    return sheet, int(match["row"]), column_number(match["column"])


def understood_cells(preview: SheetPreview, tables: Iterable[ImportedTable], warnings: Iterable[ImportWarning],
                     label_column: str | None = None) -> dict[tuple[int, int], CellRole]:
    """Every previewed cell the importer used or skipped, keyed by (one-based row, zero-based column)."""
    roles: dict[tuple[int, int], CellRole] = {}
    chosen_label = column_number(label_column) if label_column else None
    above = 1
    ordered = sorted((t for t in tables if t.sheet == preview.name), key=lambda t: _header(t)[0])
    for table in ordered:
        header_row, header_column = _header(table)
        _mark_lines_above(preview, table, above, header_row, roles)
        _mark_header(preview, table, header_row, header_column, roles)
        last = _mark_rows(preview, table, header_column, chosen_label, roles)
        _mark_block(preview, table, header_row, roles)
        above = max(above, last + 1)
    for warning in warnings:
        where = parse_cell_ref(warning.cell) if warning.cell else None
        if where is not None and where[0] in (None, preview.name):
            roles[(where[1], where[2])] = CellRole(SKIPPED, warning.message)
    return roles


def _header(table: ImportedTable) -> tuple[int, int]:
    where = parse_cell_ref(table.header_cell)
    return (where[1], where[2]) if where else (1, 0)


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def _unit_words(table: ImportedTable) -> str:
    unit = table.unit or "no unit stated"
    return unit + _SCALE_WORDS.get(table.scale, f" x{table.scale:g}")


def _mark_lines_above(preview: SheetPreview, table: ImportedTable, first: int, header_row: int,
                      roles: dict) -> None:
    title_seen = False
    for row in range(max(first, header_row - 12), header_row):
        cells = [(c, _text(v)) for c, v in enumerate(preview.rows[row - 1]) if _text(v)] if row <= len(
            preview.rows) else []
        if not cells:
            continue
        column, text = cells[0]
        joined = " ".join(t for _, t in cells)
        if not title_seen and table.title and (joined == table.title or text == table.title):
            roles[(row, column)] = CellRole(TITLE, f"Title of the table: {table.title}")
            title_seen = True
        else:
            roles[(row, column)] = CellRole(UNIT_LINE, f"Read for the unit and notes: {_unit_words(table)}")


def _mark_header(preview: SheetPreview, table: ImportedTable, header_row: int, header_column: int,
                 roles: dict) -> None:
    if header_row > len(preview.rows):
        return
    years = dict(zip(table.value_columns, table.periods)) if table.layout != "long" else {}
    for column, value in enumerate(preview.rows[header_row - 1]):
        if column in years:
            period = years[column]
            estimate = " (estimate)" if period.estimate else ""
            roles[(header_row, column)] = CellRole(YEAR, f"Year column: {period.period}{estimate}")
        elif table.layout == "long" and column == header_column:
            roles[(header_row, column)] = CellRole(YEAR, "Years going down this column")
        elif _text(value) or isinstance(value, (int, float)):
            roles[(header_row, column)] = CellRole(HEADER, "Header row")


def _mark_rows(preview: SheetPreview, table: ImportedTable, header_column: int, chosen_label: int | None,
               roles: dict) -> int:
    """Label and figure cells of the rows inside the preview; returns the table's last sheet row."""
    rows = table.rows
    limit = len(preview.rows)
    last = max(rows.sheet_rows, default=0)
    kinds = {AGGREGATE: (AGGREGATE_ROW, "Aggregate of allies: not an ally's own figure"),
             TOTAL: (TOTAL_ROW, "Total row: not an ally's own figure")}
    figure_role: dict[int, tuple[str, str]] = {}
    for i, sheet_row in enumerate(rows.sheet_rows):
        if sheet_row > limit:
            continue
        kind = rows.kinds[i]
        if kind in kinds:
            role, why = kinds[kind]
        elif kind == ALLY:
            role, why = LABEL, f"Ally: {rows.labels[i]} ({rows.iso3[i]})"
        else:
            role, why = LABEL, f"Row label ({kind}): {rows.labels[i]}"
        figure_role[i] = (role if role != LABEL else FIGURE, why)
        if table.layout == "long":
            continue
        column = chosen_label if chosen_label is not None else _label_column(preview, sheet_row, table)
        if column is not None:
            roles[(sheet_row, column)] = CellRole(role, why)
    unit = _unit_words(table)
    if table.cell_positions:
        for (i, j), (sheet_row, column) in table.cell_positions.items():
            if sheet_row <= limit:
                role, why = figure_role.get(i, (FIGURE, ""))
                roles[(sheet_row, column)] = CellRole(role, f"{table.periods[j].period}, {unit}. {why}")
                roles.setdefault((sheet_row, header_column), CellRole(YEAR, "Year of the figure beside it"))
        return last
    for i, (role, why) in figure_role.items():
        sheet_row = rows.sheet_rows[i]
        for j, column in enumerate(table.value_columns):
            value = preview.value(sheet_row, column)
            if value == "" or value is None:
                continue
            roles[(sheet_row, column)] = CellRole(role, f"{table.periods[j].period}, {unit}. {why}")
    return last


def _label_column(preview: SheetPreview, row: int, table: ImportedTable) -> int | None:
    first_value = min(table.value_columns, default=0)
    cells = preview.rows[row - 1]
    for column in range(min(first_value, len(cells))):
        if _text(cells[column]):
            return column
    for column in range(min(first_value, len(cells))):
        if cells[column] not in ("", None):
            return column
    return None


def _mark_block(preview: SheetPreview, table: ImportedTable, header_row: int, roles: dict) -> None:
    if not table.block or not table.rows.sheet_rows:
        return
    first_row = table.rows.sheet_rows[0]
    wanted = table.block.casefold()
    for row in range(min(first_row - 1, len(preview.rows)), header_row, -1):
        for column, value in enumerate(preview.rows[row - 1]):
            text = _text(value)
            if text and (clean_label(text).text.casefold() in wanted or text.casefold() == wanted):
                roles[(row, column)] = CellRole(BLOCK, f"Block: {table.block}")
                return


def cell_name(row: int, column: int) -> str:
    """"B4" for one-based row 4, zero-based column 1."""
    return f"{column_letters(column)}{row}"
