"""Import a spreadsheet (xlsx, xlsm, xlsb, xls, ods, csv) into tables of records, or fail with one plain line.

The table scanner (and numpy with it) is imported once a big sheet's pieces are parsing, so that
the command line's start-up runs alongside calamine instead of before it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, fields
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.spreadsheets.reading.cell_address import cell_ref, column_number
from desktop.spreadsheets.reading.file_formats import DAMAGED_ZIP, ENCRYPTED, detect_format, understated_size
from desktop.spreadsheets.reading.formula_cells import uncomputed_formulas
from desktop.spreadsheets.reading.import_errors import (
    ImportCancelled, ImportFailure, UnreadableContent, quoted, without_surrogates,
)
from desktop.spreadsheets.reading.parallel_sheet import PiecedSheet, ReadWhole, WiderThanItsFirstPiece, read_in_pieces
from desktop.spreadsheets.reading.sheet_extent import check_sheet_reach

if TYPE_CHECKING:
    from desktop.spreadsheets.reading.delimited_text import TextLayout
    from desktop.spreadsheets.reading.import_report import ImportedTable, ImportReport, ImportWarning
    from desktop.spreadsheets.reading.table_detection import LayoutHints

__all__ = ["ImportCancelled", "ImportFailure", "Mapping", "format_summary", "import_file"]

Progress = Callable[[float], None]
Cancel = Callable[[], bool]

_MAX_WARNINGS = 200
_CHECK_EVERY_ROWS = 4096
_SCALES = (1, 1_000, 1_000_000, 1_000_000_000)
_EXTENSION_FORMATS = {
    ".xlsx": "xlsx", ".xlsm": "xlsm", ".xlsb": "xlsb", ".xls": "xls", ".ods": "ods",
    ".csv": "csv", ".txt": "csv", ".tsv": "csv", ".tab": "csv",
}
_XML_WORKBOOKS = ("xlsx", "xlsm")


@dataclass(frozen=True)
class Mapping:
    """How to read a file when detection guesses wrong; saved with a scenario for next year's file.

    header_row is the one-based row of the year headers, label_column the column
    letters of the labels ("C"); unit and scale override what the file states;
    block keeps only the block with that subtitle ("Current prices").
    """

    sheet: str | None = None
    header_row: int | None = None
    label_column: str | None = None
    unit: str | None = None
    scale: int | None = None
    block: str | None = None

    def __post_init__(self):
        if self.header_row is not None and (not isinstance(self.header_row, int) or self.header_row < 1):
            raise ValueError(f"header_row must be a row number from 1, not {self.header_row!r}")
        if self.label_column is not None:
            column_number(self.label_column)
        if self.scale is not None and self.scale not in _SCALES:
            raise ValueError(f"scale must be one of {', '.join(map(str, _SCALES))}, not {self.scale!r}")

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Mapping":
        """Read a saved mapping; unknown keys (from newer versions) are ignored."""
        known = {f.name for f in fields(cls)}
        values = {key: value for key, value in data.items() if key in known}
        if isinstance(values.get("scale"), float) and values["scale"].is_integer():
            values["scale"] = int(values["scale"])
        return cls(**values)

    def hints(self) -> LayoutHints:
        from desktop.spreadsheets.reading.table_detection import LayoutHints

        label = column_number(self.label_column) if self.label_column else None
        return LayoutHints(self.header_row, label, self.unit, self.scale, self.block)


def import_file(path: str | Path, *, sheet: str | None = None, mapping: Mapping | None = None,
                progress: Progress | None = None, cancel: Cancel | None = None) -> ImportReport:
    """Read every table of the file (or of one sheet); raises ImportFailure and nothing else."""
    name = quoted(Path(path).name or str(path)) if isinstance(path, (str, Path)) else repr(path)
    try:
        return _Import(Path(path), name, sheet, mapping, progress, cancel).run()
    except ImportFailure:
        raise
    except UnreadableContent as reason:
        raise ImportFailure(name, str(reason)) from None
    except FileNotFoundError:
        raise ImportFailure(name, "no such file") from None
    except IsADirectoryError:
        raise ImportFailure(name, "this is a folder, not a file") from None
    except PermissionError:
        raise ImportFailure(name, "the file cannot be read (permission denied)") from None
    except MemoryError:
        raise ImportFailure(name, "the file is too large to import with the memory available") from None
    except Exception as error:  # noqa: BLE001 - the contract: one plain line, never a traceback
        raise ImportFailure(name, f"the file could not be read ({_first_line(error)})") from None


def format_summary(report: ImportReport) -> str:
    """A readable account of each table found (see import_report.format_summary)."""
    from desktop.spreadsheets.reading.import_report import format_summary as summary

    return summary(report)


def matching_sheet(wanted: str, names: list[str]) -> str:
    """The sheet `wanted` names: the exact name, else the one name equal ignoring case and outer spaces.

    Raises UnreadableContent, listing the sheets, for an empty name, an unknown one, or one that fits several.
    """
    listed = f"(sheets: {', '.join(map(quoted, names)) or 'none'})"
    key = wanted.strip().casefold()
    if not key:
        raise UnreadableContent(f"the sheet name is empty: name one of the sheets {listed}")
    if wanted in names:
        return wanted
    close = [name for name in names if name.strip().casefold() == key]
    if len(close) == 1:
        return close[0]
    if close:
        raise UnreadableContent(f"the sheet name {wanted!r} fits {len(close)} sheets: give one exactly {listed}")
    raise UnreadableContent(f"there is no sheet named {wanted!r} {listed}")


class _Import:
    """One run of import_file: reader choice, progress, cancel and warnings."""

    def __init__(self, path: Path, name: str, sheet: str | None, mapping: Mapping | None,
                 progress: Progress | None, cancel: Cancel | None):
        self.path = path
        self.name = name
        self.mapping = mapping or Mapping()
        self.sheet = sheet if sheet is not None else self.mapping.sheet
        self.progress = progress or (lambda fraction: None)
        self.cancel = cancel or (lambda: False)
        self.warnings: list[ImportWarning] = []
        self.suppressed = 0
        self.done = 0.0

    def run(self) -> ImportReport:
        if self.path.is_dir():
            raise IsADirectoryError(self.path)
        file_format = detect_format(self.path)
        self._check_extension(file_format)
        self._advance(0.02)
        if file_format == "csv":
            tables, sheets = self._read_text()
        else:
            tables, sheets = self._read_workbook(file_format)
        if not tables:
            raise UnreadableContent(self._nothing_found(sheets))
        from desktop.spreadsheets.reading.import_report import ImportReport, ImportWarning
        from desktop.spreadsheets.reading.total_check import total_mismatches

        for table in tables:
            for warning in total_mismatches(table):
                self.warn(warning.cell, warning.message)
        if self.suppressed:
            self.warnings.append(ImportWarning(None, f"{self.suppressed} more warnings not shown"))
        self._advance(1.0)
        return ImportReport(str(self.path), file_format, tuple(tables), tuple(self.warnings), tuple(sheets))

    # Readers --------------------------------------------------------------

    def _read_text(self) -> tuple[list[ImportedTable], list[str]]:
        from desktop.spreadsheets.reading.delimited_text import TextLayout, sniff_layout

        layout = sniff_layout(self.path)
        try:
            return self._scan_text(layout)
        except UnicodeDecodeError:
            # The sample read as UTF-8 but a later line did not: the file is really cp1252.
            self.warnings.clear()
            return self._scan_text(TextLayout("cp1252", layout.delimiter, layout.decimal_comma))

    def _scan_text(self, layout: TextLayout) -> tuple[list[ImportedTable], list[str]]:
        from desktop.spreadsheets.reading.delimited_text import iter_text_chunks
        from desktop.spreadsheets.reading.table_detection import SheetScanner

        sheet = without_surrogates(self.path.stem) or "Sheet1"
        if self.sheet is not None and not self.sheet.strip():
            matching_sheet(self.sheet, [sheet])  # refuses the empty name, naming the one sheet
        if self.sheet not in (None, sheet):
            self.warn(None, f"a text file has one sheet ({quoted(sheet)}); the sheet name {self.sheet!r} was ignored")
        size = max(self.path.stat().st_size, 1)
        scanner = SheetScanner(sheet, self.warn, decimal_comma=layout.decimal_comma, hints=self.mapping.hints())

        def on_bytes(count: int) -> None:
            self._check_cancel()
            self._advance(0.02 + 0.96 * min(count / size, 1.0))

        row = 1
        for chunk in iter_text_chunks(self.path, layout, on_bytes):
            scanner.feed_rows(chunk, row)
            row += len(chunk)
        return scanner.finish(), [sheet]

    def _read_workbook(self, file_format: str) -> tuple[list[ImportedTable], list[str]]:
        import python_calamine

        try:
            workbook = python_calamine.CalamineWorkbook.from_path(str(self.path))
        except python_calamine.PasswordError:
            raise UnreadableContent(ENCRYPTED) from None
        except python_calamine.ZipError:
            raise UnreadableContent(DAMAGED_ZIP) from None
        except (python_calamine.CalamineError, python_calamine.XmlError) as error:
            raise UnreadableContent(f"the workbook is damaged or could not be read ({_first_line(error)})") from None
        with workbook:
            names = self._chosen_sheets(workbook)
            tables: list[ImportedTable] = []
            gaps: list[str] = []
            for index, sheet in enumerate(names):
                self._check_cancel()
                found, saw_gaps = self._scan_sheet(workbook, sheet, index, len(names), file_format)
                tables.extend(found)
                if saw_gaps:
                    gaps.append(sheet)
        if gaps and file_format in _XML_WORKBOOKS:
            self._report_formulas(gaps)
        return tables, names

    def _chosen_sheets(self, workbook) -> list[str]:
        import python_calamine

        if self.sheet is not None:
            return [matching_sheet(self.sheet, workbook.sheet_names)]
        names = []
        for meta in workbook.sheets_metadata:
            if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
                continue
            if meta.visible != python_calamine.SheetVisibleEnum.Visible:
                self.warn(None, f"sheet {quoted(meta.name)} is hidden: skipped (name it with --sheet to read it)")
                continue
            names.append(meta.name)
        return names

    def _scan_sheet(self, workbook, sheet: str, index: int, count: int,
                    file_format: str) -> tuple[list[ImportedTable], bool]:
        pieces = read_in_pieces(self.path, sheet) if file_format in _XML_WORKBOOKS else None
        if pieces is not None:
            try:
                return self._scan_pieces(pieces, sheet, index, count)
            except ReadWhole:
                pass
            finally:
                pieces.close()
        if file_format in _XML_WORKBOOKS:
            check_sheet_reach(self.path, sheet)
        worksheet = self._worksheet(workbook, sheet)
        if worksheet.start is None:
            return [], False
        return self._scan_rows(sheet, index, count, worksheet.start, worksheet.height, _worksheet_chunks(worksheet))

    def _scan_pieces(self, pieces: PiecedSheet, sheet: str, index: int, count: int) -> tuple[list[ImportedTable], bool]:
        """Scan the rows as the pieces come; again from the top when a later piece is wider than the first."""
        # Imported here, while the first piece parses, not before it starts (see the module's docstring).
        from desktop.spreadsheets.reading import table_detection  # noqa: F401

        warned, suppressed = len(self.warnings), self.suppressed
        start = (pieces.first_row, pieces.first_column)
        try:
            return self._scan_rows(sheet, index, count, start, pieces.height, pieces.row_chunks(_CHECK_EVERY_ROWS))
        except (ReadWhole, WiderThanItsFirstPiece) as reason:
            del self.warnings[warned:]
            self.suppressed = suppressed
            if isinstance(reason, ReadWhole):
                raise
        pieces.settle_columns()
        start = (pieces.first_row, pieces.first_column)
        return self._scan_rows(sheet, index, count, start, pieces.height, pieces.row_chunks(_CHECK_EVERY_ROWS))

    def _scan_rows(self, sheet: str, index: int, count: int, start: tuple[int, int], height: int,
                   chunks: Iterator[tuple[int, list]]) -> tuple[list[ImportedTable], bool]:
        from desktop.spreadsheets.reading.table_detection import SheetScanner

        first_row, first_column = start
        height = max(height, 1)
        base, span = 0.05 + 0.9 * index / count, 0.9 / count
        self._advance(base)
        scanner = SheetScanner(sheet, self.warn, first_column=first_column, hints=self.mapping.hints())
        for row, chunk in chunks:
            self._check_cancel()
            scanner.feed_rows(chunk, row)
            self._advance(base + span * min((row + len(chunk) - first_row) / height, 1.0))
        return scanner.finish(), scanner.saw_gaps

    @staticmethod
    def _worksheet(workbook, sheet: str):
        import python_calamine

        try:
            return workbook.get_sheet_by_name(sheet)
        except (python_calamine.CalamineError, python_calamine.XmlError) as error:
            if "larger than its declared uncompressed size" in str(error):
                raise UnreadableContent(understated_size(f"of sheet {sheet}")) from None
            raise

    def _report_formulas(self, sheets: list[str]) -> None:
        for sheet, cells in uncomputed_formulas(self.path, sheets).items():
            shown = ", ".join(cells[:5]) + (f" and {len(cells) - 5} more" if len(cells) > 5 else "")
            self.warn(cell_ref(sheet, *_split_reference(cells[0])),
                      f"{len(cells)} formula cell(s) have no saved result ({shown}): the file was written "
                      "by a program that does not calculate; open it in Excel, save, then import")

    # Bookkeeping ----------------------------------------------------------

    def warn(self, cell: str | None, message: str) -> None:
        if len(self.warnings) < _MAX_WARNINGS:
            from desktop.spreadsheets.reading.import_report import ImportWarning

            self.warnings.append(ImportWarning(cell, message))
        else:
            self.suppressed += 1

    def _advance(self, fraction: float) -> None:
        if fraction > self.done:
            self.done = fraction
            self.progress(fraction)

    def _check_cancel(self) -> None:
        if self.cancel():
            raise ImportCancelled(self.name)

    def _check_extension(self, file_format: str) -> None:
        named = _EXTENSION_FORMATS.get(self.path.suffix.casefold())
        if named is None or named == file_format or {named, file_format} <= set(_XML_WORKBOOKS):
            return
        suffix = quoted(self.path.suffix)
        self.warn(None, f"the file is named {suffix} but holds {file_format} data: read as {file_format}")

    def _nothing_found(self, sheets: list[str]) -> str:
        if self.mapping.header_row is not None:
            where = ", ".join(map(quoted, sheets)) or "the file"
            return f"row {self.mapping.header_row} of {where} holds no years to read"
        if not sheets:
            return "the workbook has no visible sheets to read"
        return f"no table with years across or down was found (looked in: {', '.join(map(quoted, sheets))})"


def _worksheet_chunks(worksheet) -> Iterator[tuple[int, list]]:
    """(sheet row of the chunk's first row, rows) of a whole calamine worksheet."""
    first_row = worksheet.start[0]
    rows = worksheet.iter_rows()
    first_cells = next(rows, None)
    if first_cells is None:
        return
    # python-calamine 0.9 yields rows from row 1 but columns from the used range's
    # start; its first used row is never blank, so a blank first row means "from row 1".
    row = 1 if first_row and not any(first_cells) else first_row + 1
    yield row, [first_cells]
    row += 1
    while chunk := list(islice(rows, _CHECK_EVERY_ROWS)):
        yield row, chunk
        row += len(chunk)


def _split_reference(reference: str) -> tuple[int, int]:
    letters = reference.rstrip("0123456789")
    return int(reference[len(letters):]), column_number(letters)


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    message = text[0] if text else type(error).__name__
    return message[:200]

