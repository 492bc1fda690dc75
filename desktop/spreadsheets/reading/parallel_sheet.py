"""One large .xlsx worksheet read as two halves that calamine parses at once, rows handed back in sheet order.

calamine releases the GIL while it parses, so two halves of a big sheet parse in about the time
of one. The sheet's XML is cut at a </row> just before its middle; each half becomes a small
in-memory package (the workbook's own parts, the worksheet part replaced by the half). Anything
unexpected makes read_in_halves return None and the caller reads the sheet whole, as before.
"""

import io
import re
import zipfile
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from itertools import islice, repeat
from pathlib import Path

from desktop.spreadsheets.reading.import_errors import UnreadableContent
from desktop.spreadsheets.reading.sheet_extent import SheetReach
from desktop.spreadsheets.reading.worksheet_parts import sheet_members

# Below this many bytes of worksheet XML the split costs more than it saves.
SPLIT_FROM_BYTES = 4 * 1024 * 1024
_SHEET_DATA = b"<sheetData>"
_ROW_END = b"</row>"
_CLOSE_HALF = b"</sheetData></worksheet>"
# calamine numbers a <row> without r= from the row before it, which inside the second half is
# the same row as in the whole sheet; only the second half's first row must say where it is.
_FIRST_ROW = re.compile(rb'\s*<row\b[^>]*?\sr="(\d+)"')
_SHEET_PARTS = ("xl/worksheets/", "xl/chartsheets/", "xl/dialogsheets/", "xl/macrosheets/")


class SplitSheet:
    """A sheet's used range as calamine would report it whole, and its rows from its first row down."""

    def __init__(self, upper, lower):
        upper_start = upper.start or lower.start
        self.first_row = upper_start[0]
        self.first_column = min(upper_start[1], lower.start[1])
        self._last_column = max(_last_column(upper), _last_column(lower))
        self._upper = upper
        self._lower = lower
        self._lower_first_row = lower.start[0] + 1
        self.height = lower.start[0] + lower.height - self.first_row

    @property
    def width(self) -> int:
        return self._last_column - self.first_column

    def row_chunks(self, size: int) -> Iterator[tuple[int, list[list]]]:
        """(sheet row of the chunk's first row, rows) from row 1, every row as wide as the whole range."""
        row = 1
        if self._upper.start is not None:
            upper_rows = self._upper.iter_rows()
            left, right = self._padding(self._upper)
            last = self._upper.start[0] + self._upper.height
            while row <= last and (chunk := list(islice(upper_rows, min(size, last - row + 1)))):
                yield row, _padded(chunk, left, right)
                row += len(chunk)
        blank = [""] * self.width
        while row < self._lower_first_row:
            count = min(size, self._lower_first_row - row)
            yield row, [blank.copy() for _ in repeat(None, count)]
            row += count
        left, right = self._padding(self._lower)
        # calamine 0.9 yields rows from row 1 even when the used range starts lower: skip
        # the upper half's blank stand-ins, then take the half in chunks (not all at once).
        lower_rows = self._lower.iter_rows()
        for _ in islice(lower_rows, self._lower.start[0]):
            pass
        self._lower = None
        while chunk := list(islice(lower_rows, size)):
            yield row, _padded(chunk, left, right)
            row += len(chunk)

    def _padding(self, half) -> tuple[int, int]:
        return half.start[1] - self.first_column, self._last_column - _last_column(half)


def read_in_halves(path: Path, sheet: str) -> SplitSheet | None:
    """The sheet parsed as two halves at once, or None when it is small or anything looks unusual.

    Raises UnreadableContent when the sheet's cells reach too far to lay out (see sheet_extent).
    """
    try:
        with ThreadPoolExecutor(max_workers=2, thread_name_prefix="sheet-half") as pool:
            halves = _start_parses(pool, path, sheet)
            if halves is None:
                return None
            upper, lower = (half.result() for half in halves)
        if lower.start is None:
            return None
        if upper.start is not None and upper.start[0] + upper.height > lower.start[0]:
            return None
        return SplitSheet(upper, lower)
    except UnreadableContent:
        raise
    except Exception:  # noqa: BLE001 - any surprise: the caller reads the sheet whole and reports its errors
        return None


def _start_parses(pool: ThreadPoolExecutor, path: Path, sheet: str) -> tuple[Future, Future] | None:
    """Cut the sheet's XML and start parsing the first half while the second half is still inflating."""
    with zipfile.ZipFile(path) as archive:
        part = sheet_members(archive).get(sheet)
        if part is None:
            return None
        info = archive.getinfo(part)
        if info.file_size < SPLIT_FROM_BYTES:
            return None
        shared = [(member.filename, archive.read(member)) for member in archive.infolist()
                  if member.filename != part and _needed(member.filename)]
        with archive.open(info) as stream:
            head = stream.read(info.file_size // 2)
            rows_from = head.find(_SHEET_DATA) + len(_SHEET_DATA)
            cut = head.rfind(_ROW_END) + len(_ROW_END)
            if rows_from < len(_SHEET_DATA) or cut <= rows_from or b"<worksheet" not in head[:rows_from]:
                return None
            reach = SheetReach(sheet)
            reach.add(memoryview(head)[:cut])
            upper = pool.submit(_parse, (shared, part, (memoryview(head)[:cut], _CLOSE_HALF)), sheet)
            rest = stream.read(info.file_size - len(head) + 1)
    if len(head) + len(rest) != info.file_size:
        return None
    if not _FIRST_ROW.match(head, cut) and not _FIRST_ROW.match(head[cut:] + rest[:4096]):
        return None
    # Cut the lower half's XML again before a "<", so that no tag is split between its pieces.
    joint = rest.find(b"<")
    joint = len(rest) if joint < 0 else joint
    reach.add(head[cut:] + rest[:joint], memoryview(rest)[joint:])
    lower = pool.submit(_parse, (shared, part, (memoryview(head)[:rows_from], memoryview(head)[cut:], rest)), sheet)
    return upper, lower


def _needed(name: str) -> bool:
    """Parts a half's package carries: the workbook's small XML parts, not other sheets or media."""
    return name.endswith((".xml", ".rels")) and not name.startswith(_SHEET_PARTS)


def _package(shared: list[tuple[str, bytes]], part: str, pieces: tuple) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, data in shared:
            archive.writestr(name, data)
        with archive.open(part, "w", force_zip64=True) as member:
            for piece in pieces:
                member.write(piece)
    buffer.seek(0)  # handed over as it is: a getvalue() copy would add a whole half to the peak
    return buffer


def _parse(half: tuple, sheet: str):
    from python_calamine import CalamineWorkbook

    with CalamineWorkbook.from_filelike(_package(*half)) as workbook:
        return workbook.get_sheet_by_name(sheet)


def _last_column(half) -> int:
    return -1 if half.start is None else half.start[1] + half.width


def _padded(rows: list[list], left: int, right: int) -> list[list]:
    if not left and not right:
        return rows
    before, after = [""] * left, [""] * right
    return [before + cells + after for cells in rows]

