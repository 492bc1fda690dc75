"""The first rows of a large .xlsx worksheet, parsed from the head of its XML without inflating or laying out the rest.

The import dialog previews a sheet's first few hundred rows. Read whole, a 100,000-row sheet
is inflated, checked for far cells and laid out by calamine again after the import did all
of that, for about a second of work, and the check's pattern searches hold the GIL long
enough to freeze the window. The head of the sheet's XML, cut after enough rows and closed,
is a small package (as the pieces of parallel_sheet are) that calamine parses in a moment.
Anything unexpected returns None, and the caller reads the sheet whole, as before.
"""

import zipfile
from pathlib import Path

from desktop.spreadsheets.reading.parallel_sheet import SPLIT_FROM_BYTES
from desktop.spreadsheets.reading.sheet_extent import quick_reach, refuse_if_too_large
from desktop.spreadsheets.reading.worksheet_parts import CLOSE_PIECE, ROW_END, SHEET_DATA, piece_package, shared_part, sheet_members

_INFLATE_BYTES = 256 * 1024
_OPENING_BYTES = 4 * 1024 * 1024  # what comes before the rows (sheet views, column widths) is far smaller


class SheetHeads:
    """Opens an .xlsx once for the heads of its sheets; `rows(sheet, count)` gives None where the sheet is best read whole."""

    def __init__(self, path: Path):
        self._path = path
        self._archive: zipfile.ZipFile | None = None
        self._members: dict[str, str] = {}
        self._shared: list[tuple[str, bytes]] | None = None

    def __enter__(self) -> "SheetHeads":
        try:
            self._archive = zipfile.ZipFile(self._path)
            self._members = sheet_members(self._archive)
        except Exception:  # noqa: BLE001 - the whole read reports a damaged file
            self.close()
        return self

    def __exit__(self, *_) -> None:
        self.close()

    def close(self) -> None:
        archive, self._archive = self._archive, None
        if archive is not None:
            archive.close()

    def rows(self, sheet: str, count: int) -> list[list] | None:
        """The sheet's first `count` rows (from A1, as calamine's to_python(skip_empty_area=False, nrows=count) gives
        them for the whole sheet), or None when the sheet is small or its XML looks unusual.

        Raises UnreadableContent when the head's own cells reach too far (the whole sheet's then do too).
        """
        if self._archive is None or sheet not in self._members:
            return None
        try:
            info = self._archive.getinfo(self._members[sheet])
            if info.file_size < SPLIT_FROM_BYTES:
                return None
            head = self._head(info, count)
            if head is None:
                return None
            if self._shared is None:
                self._shared = [(member.filename, self._archive.read(member)) for member in self._archive.infolist()
                                if shared_part(member.filename)]
            shared = [(name, data) for name, data in self._shared if name != info.filename]
        except Exception:  # noqa: BLE001 - any surprise: the sheet is read whole, which reports its errors
            return None
        refuse_if_too_large(sheet, [quick_reach(head)], [head])
        from python_calamine import CalamineWorkbook

        try:
            with CalamineWorkbook.from_filelike(piece_package(shared, info.filename, (head, CLOSE_PIECE))) as workbook:
                rows = workbook.get_sheet_by_name(sheet).to_python(skip_empty_area=False, nrows=count)
        except Exception:  # noqa: BLE001 - the whole read reports what calamine makes of the sheet
            return None
        # Fewer rows than asked: rows after the cut might still hold values and stretch the sheet's used
        # range over blank rows the whole read would give; only the whole read can tell.
        return rows if len(rows) >= count else None

    def _head(self, info: zipfile.ZipInfo, count: int) -> bytes | None:
        """The XML up to the end of its `count`-th row; None when the sheet ends first or the XML looks unusual.

        A row's number is at least its place among the rows (each row's number is greater than the one
        before), so the first `count` rows hold every row numbered up to `count`.
        """
        data = bytearray()
        rows_from = -1
        found, position = 0, 0
        with self._archive.open(info) as stream:
            while block := stream.read(_INFLATE_BYTES):
                data += block
                if rows_from < 0:
                    start = data.find(SHEET_DATA)
                    if start < 0:
                        if len(data) > _OPENING_BYTES:
                            return None  # no plain <sheetData> where the rows should start
                        continue
                    rows_from = position = start + len(SHEET_DATA)
                    if b"<worksheet" not in data[:start]:
                        return None
                while (end := data.find(ROW_END, position)) >= 0:
                    position = end + len(ROW_END)
                    found += 1
                    if found == count:
                        return bytes(data[:position])
        return None
