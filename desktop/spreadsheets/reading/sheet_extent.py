"""How far an .xlsx worksheet's cells reach, read from its XML before calamine lays the sheet out as a grid.

calamine allocates rows x columns for a sheet's used range at once: one stray value at
XFD1048576 asks for 17 billion cells and the process aborts. The declared <dimension> is not
what counts (calamine ignores it): the cells present are. A quick pass collects the only
references that can take a sheet past the budget (columns AA and beyond, rows from 100,000);
the exact, slower pass runs only when those say the sheet may be too large.
"""

import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from desktop.spreadsheets.reading.cell_address import column_letters
from desktop.spreadsheets.reading.import_errors import UnreadableContent, quoted
from desktop.spreadsheets.reading.worksheet_parts import sheet_members

# About 40 bytes a cell in calamine: 10 million cells are 400 MB, ten times the 100,000-row benchmark.
MAX_SHEET_CELLS = 10_000_000

_NARROW_COLUMNS = 26
_SHORT_ROWS = 99_999
_FAR_REFERENCE = re.compile(rb'<c r="([A-Za-z]{2,}[0-9]+|[A-Za-z][0-9]{6,})"')
# A cell without r="..." first (placed after the cell before it) or with a namespace prefix:
# the quick pass cannot see where such cells land.
# Two patterns, not one alternation: each starts with a literal, which the regex engine seeks fast.
_UNPLACED_CELLS = (re.compile(rb'<c(?! r=")[\s>/]'), re.compile(rb':c[\s>/]'))
_TAG = re.compile(rb'<(?:[\w.-]+:)?(row|c)(\s[^>]*?)?(/?)>')
_REFERENCE_ATTRIBUTE = re.compile(rb'\sr\s*=\s*["\']([A-Za-z]*)([0-9]+)["\']')
_EMPTY_CELL_BODY = re.compile(rb'\s*(?:</(?:[\w.-]+:)?c>|<(?:[\w.-]+:)?v\s*/>|<(?:[\w.-]+:)?v>\s*</)')


@dataclass(frozen=True)
class Extent:
    """The block from the first to the last cell holding something (rows one-based, columns zero-based)."""

    first_row: int
    first_column: int
    last_row: int
    last_column: int
    far_row_cell: str = ""
    far_column_cell: str = ""

    @property
    def far_cells(self) -> tuple[str, ...]:
        """The cell that reaches farthest down and the one farthest right (one cell when it does both)."""
        if self.far_row_cell == self.far_column_cell:
            return (self.far_row_cell,)
        return (self.far_column_cell, self.far_row_cell)

    @property
    def cells(self) -> int:
        return (self.last_row - self.first_row + 1) * (self.last_column - self.first_column + 1)

    def span(self) -> str:
        return (f"{column_letters(self.first_column)}{self.first_row}:"
                f"{column_letters(self.last_column)}{self.last_row}")


@dataclass(frozen=True)
class Reach:
    """What the quick pass saw of some cells: the rows and columns they may reach, and whether it could place them all."""

    rows: int = _SHORT_ROWS
    columns: int = _NARROW_COLUMNS
    unsure: bool = False

    def may_exceed(self, budget: int = MAX_SHEET_CELLS) -> bool:
        return self.unsure or self.rows * self.columns > budget


def quick_reach(piece) -> Reach:
    """The quick pass over a piece of a sheet's XML that starts and ends between two tags."""
    unsure = any(pattern.search(piece) for pattern in _UNPLACED_CELLS)
    rows, columns = _SHORT_ROWS, _NARROW_COLUMNS
    for reference in _FAR_REFERENCE.findall(piece):
        letters = reference.rstrip(b"0123456789")
        rows = max(rows, int(reference[len(letters):]))
        columns = max(columns, _column(letters) + 1)
    return Reach(rows, columns, unsure)


def refuse_if_too_large(sheet: str, reaches: Sequence[Reach], pieces: Sequence) -> None:
    """Raise UnreadableContent when the cells of the pieces (in sheet order, with what the quick pass saw of each)
    cover more than the budget; the exact, slower pass runs only when the quick one says they may."""
    if not any(reach.unsure for reach in reaches):
        rows = max((reach.rows for reach in reaches), default=_SHORT_ROWS)
        columns = max((reach.columns for reach in reaches), default=_NARROW_COLUMNS)
        if rows * columns <= MAX_SHEET_CELLS:
            return
    refuse_extent(sheet, exact_extent(pieces))


def refuse_extent(sheet: str, extent: Extent | None) -> None:
    """Raise UnreadableContent, naming the cells to delete, when the extent covers more than the budget."""
    if extent is not None and extent.cells > MAX_SHEET_CELLS:
        stray = " and ".join(extent.far_cells)
        raise UnreadableContent(
            f"sheet {quoted(sheet)} has cells from {extent.span()} ({extent.cells:,} cells, over the "
            f"{MAX_SHEET_CELLS:,} the importer reads): delete the stray cell at {stray} "
            "(or the rows and columns beyond the table) and save again")


def exact_extent(pieces: Sequence[bytes]) -> Extent | None:
    """The cells holding something, placed as calamine places them (None for an empty sheet)."""
    first_row = first_column = None
    last_row = last_column = -1
    row = column = 0
    far_row = far_column = ""
    for piece in pieces:
        for tag in _TAG.finditer(piece):
            name, attributes, closed = tag.group(1), tag.group(2) or b"", tag.group(3)
            reference = _REFERENCE_ATTRIBUTE.search(attributes)
            if name == b"row":
                row = int(reference.group(2)) if reference and not reference.group(1) else row + 1
                column = -1
                continue
            if reference and reference.group(1):
                row, column = int(reference.group(2)), _column(reference.group(1))
            else:
                column += 1
            if closed or _EMPTY_CELL_BODY.match(piece, tag.end()):
                continue
            first_row = row if first_row is None else min(first_row, row)
            first_column = column if first_column is None else min(first_column, column)
            if row > last_row:
                last_row, far_row = row, f"{column_letters(column)}{row}"
            if column > last_column:
                last_column, far_column = column, f"{column_letters(column)}{row}"
    if first_row is None:
        return None
    return Extent(first_row, first_column, last_row, last_column, far_row, far_column)


def union(extents: Sequence[Extent | None]) -> Extent | None:
    """The extent of pieces of a sheet, from theirs in sheet order, as exact_extent would give it for them all."""
    present = [extent for extent in extents if extent is not None]
    if not present:
        return None
    down = max(present, key=lambda extent: extent.last_row)  # max() keeps the first of equals, as exact_extent does
    right = max(present, key=lambda extent: extent.last_column)
    return Extent(min(extent.first_row for extent in present), min(extent.first_column for extent in present),
                  down.last_row, right.last_column, down.far_row_cell, right.far_column_cell)


def _column(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number - 1


def check_sheet_reach(path: Path, sheet: str) -> None:
    """Refuse the named worksheet of an .xlsx when its cells reach too far; unknown sheets pass (calamine names them)."""
    with zipfile.ZipFile(path) as archive:
        member = sheet_members(archive).get(sheet)
        if member is None or member not in archive.namelist():
            return
        try:
            xml = archive.read(member)
        except zipfile.BadZipFile:
            # A part that fails its checksum: calamine's zip reader fails it too, before any grid
            # is laid out, and says how (an understated size, a damaged part).
            return
    refuse_if_too_large(sheet, [quick_reach(xml)], [xml])
