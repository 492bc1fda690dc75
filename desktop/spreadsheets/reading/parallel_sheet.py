"""One large .xlsx worksheet cut into pieces that calamine parses two at a time, rows handed back in sheet order.

calamine releases the GIL while it parses, so two pieces of a big sheet parse at once, and the
rows of the first pieces are scanned while the last ones are still parsing. The sheet's XML is
cut at a </row>; each piece becomes a small in-memory package (the workbook's own parts, the
worksheet part replaced by the piece). A worker inflates the XML piece by piece while the first
piece parses. Each piece's cells are checked against the cell budget before calamine lays it out
(see sheet_extent); the whole sheet's, once every piece is checked. Anything unexpected makes the
reader return None or raise ReadWhole, and the caller reads the sheet whole, as before.
"""

import re
import struct
import zipfile
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from itertools import islice, repeat
from pathlib import Path

from desktop.spreadsheets.reading.import_errors import UnreadableContent
from desktop.spreadsheets.reading.sheet_extent import (
    MAX_SHEET_CELLS, Reach, exact_extent, quick_reach, refuse_extent, refuse_if_too_large, union,
)
from desktop.spreadsheets.reading.worksheet_parts import CLOSE_PIECE, ROW_END, SHEET_DATA, piece_package, shared_part, sheet_members

# Below this many bytes of worksheet XML the split costs more than it saves.
SPLIT_FROM_BYTES = 4 * 1024 * 1024
# About this much XML a piece, in 2 or 3 pieces: a piece after the first hands back blank stand-ins
# for the rows above it (calamine yields rows from row 1), so more pieces cost more. Each piece may
# lay out a share of the cell budget, so that all of them together stay within it; a third is more
# than the quick check's bound for a sheet without far references (rows to 99,999, columns to Z).
PIECE_BYTES = 16 * 1024 * 1024
_MAX_PIECES = 3
# calamine numbers a <row> without r= from the row before it, which inside a later piece is
# the same row as in the whole sheet; only each piece's first row must say where it is.
_FIRST_ROW = re.compile(rb'\s*<row\b[^>]*?\sr="(\d+)"')
_LAST_ROW = re.compile(rb'<row\b[^>]*?\sr="(\d+)"')
# A zip member's local header (zipfile's structFileHeader): its last two fields are the name's and extra field's lengths.
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
_FLAGS_NOT_PLAIN = 0x1 | 0x20 | 0x40  # encrypted, compressed patch data, strong encryption


class ReadWhole(Exception):
    """The pieces do not fit together as the whole sheet would (rows out of order, a row without its number)."""


class _PieceTooLarge(Exception):
    """A piece's own cells cover more than the budget: the refusal names the whole sheet's extent."""


class WiderThanItsFirstPiece(Exception):
    """A later piece holds cells left or right of the first piece's columns: scan again with the sheet's columns."""


class PiecedSheet:
    """A sheet's rows piece by piece, each row as wide as the used range known when it is handed back."""

    def __init__(self, sheet: str, pool: ThreadPoolExecutor, first: Future, feeder: Future, cutter: "_Cutter"):
        self._sheet = sheet
        self._pool = pool
        self._first = first
        self._feeder = feeder
        self._cutter = cutter
        self._start: tuple[int, int] | None = None
        self._last_column = -1

    @property
    def first_row(self) -> int:
        return self._used_start()[0]

    @property
    def first_column(self) -> int:
        return self._used_start()[1]

    @property
    def height(self) -> int:
        """About the rows from the first used row to the last, before the last piece is parsed (for progress)."""
        return max(self._cutter.estimated_last_row - self.first_row, 1)

    def _used_start(self) -> tuple[int, int]:
        if self._start is None:
            for sheet, _, _ in self._results():
                if sheet.start is not None:
                    self._start = sheet.start
                    self._last_column = _last_column(sheet)
                    break
            else:
                raise ReadWhole("no piece holds a cell")
        return self._start

    def _futures(self) -> Iterator[Future]:
        yield self._first
        try:
            yield from self._feeder.result()
        except UnreadableContent:
            raise
        except Exception as error:  # noqa: BLE001 - the pieces could not be cut: the sheet is read whole
            raise ReadWhole(str(error)) from None

    def _results(self) -> Iterator[tuple[object, Reach, object]]:
        for future in self._futures():
            try:
                yield future.result()
            except UnreadableContent:
                raise
            except _PieceTooLarge:
                self._refuse()
            except Exception as error:  # noqa: BLE001 - calamine refused a piece: the whole read reports it
                raise ReadWhole(str(error)) from None

    def _refuse(self) -> None:
        """Refuse the sheet in the words the whole read would use, once every piece is cut."""
        try:
            self._feeder.result()
        except Exception as error:  # noqa: BLE001 - the whole read checks the sheet and says why
            raise ReadWhole(str(error)) from None
        refuse_if_too_large(self._sheet, [Reach(unsure=True)], self._cutter.pieces)
        raise ReadWhole("a piece was too large but the whole sheet is not")

    def settle_columns(self) -> None:
        """Take the columns of every piece, for a second scan after WiderThanItsFirstPiece."""
        first_column, last_column = self._used_start()[1], self._last_column
        for sheet, _, _ in self._results():
            if sheet.start is not None:
                first_column = min(first_column, sheet.start[1])
                last_column = max(last_column, _last_column(sheet))
        self._start = (self._start[0], first_column)
        self._last_column = last_column

    def row_chunks(self, size: int) -> Iterator[tuple[int, list[list]]]:
        """(sheet row of the chunk's first row, rows) from row 1, as calamine would give the sheet read whole.

        Raises WiderThanItsFirstPiece when a later piece reaches beyond the columns known so far,
        ReadWhole when the pieces do not follow each other, UnreadableContent when the whole
        sheet's cells reach too far.
        """
        first_column, last_column = self._used_start()[1], self._last_column
        width = last_column - first_column
        row = 1
        reaches, extents = [], []
        for index, (piece, reach, extent) in enumerate(self._results()):
            reaches.append(reach)
            extents.append(extent)
            if piece.start is None:
                continue
            start_row, start_column = piece.start
            if start_column < first_column or _last_column(piece) > last_column:
                raise WiderThanItsFirstPiece
            if start_row + 1 < row:
                raise ReadWhole("a piece starts above the rows before it")
            rows = piece.iter_rows()
            if index:
                # Blank stand-ins for the rows above the piece: skipped, the gap is filled below.
                for _ in islice(rows, start_row):
                    pass
                blank = [""] * width
                while row <= start_row:
                    count = min(size, start_row + 1 - row)
                    yield row, [blank.copy() for _ in repeat(None, count)]
                    row += count
            left, right = start_column - first_column, last_column - _last_column(piece)
            while chunk := list(islice(rows, size)):
                yield row, _padded(chunk, left, right)
                row += len(chunk)
        whole = Reach(max(r.rows for r in reaches), max(r.columns for r in reaches), any(r.unsure for r in reaches))
        if whole.may_exceed():
            pieces = self._cutter.pieces
            refuse_extent(self._sheet, union([extent or exact_extent([piece]) for piece, extent in zip(pieces, extents)]))

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def read_in_pieces(path: Path, sheet: str) -> PiecedSheet | None:
    """The sheet's pieces, parsing as this returns; None when the sheet is small or its XML looks unusual."""
    try:
        archive = zipfile.ZipFile(path)
    except Exception:  # noqa: BLE001 - the whole read reports a damaged file
        return None
    try:
        started = _start(archive, sheet)
    except Exception:  # noqa: BLE001 - any surprise: the caller reads the sheet whole and reports its errors
        started = None
    if started is None:
        archive.close()
    return started


def _start(archive: zipfile.ZipFile, sheet: str) -> PiecedSheet | None:
    part = sheet_members(archive).get(sheet)
    if part is None:
        return None
    info = archive.getinfo(part)
    if info.file_size < SPLIT_FROM_BYTES:
        return None
    shared = [(member.filename, archive.read(member)) for member in archive.infolist()
              if member.filename != part and shared_part(member.filename)]
    count = min(max(info.file_size // PIECE_BYTES, 2), _MAX_PIECES)
    stream = _open_member(archive, info)
    head = stream.read(info.file_size // count)
    rows_from = head.find(SHEET_DATA) + len(SHEET_DATA)
    cut = head.rfind(ROW_END) + len(ROW_END)
    if rows_from < len(SHEET_DATA) or cut <= rows_from or b"<worksheet" not in head[:rows_from]:
        stream.close()
        return None
    pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="sheet-piece")
    opening = memoryview(head)[:rows_from]
    pieces = [memoryview(head)[:cut]]
    budget = MAX_SHEET_CELLS // count
    first = pool.submit(_check_and_parse, shared, part, sheet, budget, pieces[0], (pieces[0], CLOSE_PIECE))
    cutter = _Cutter(archive, stream, info.file_size, count, head, cut, opening, pieces)
    feeder = pool.submit(cutter.submit_pieces, pool, shared, part, sheet, budget)
    return PiecedSheet(sheet, pool, first, feeder, cutter)


class _Cutter:
    """Inflates the rest of the sheet's XML a piece at a time and hands each piece to a worker."""

    def __init__(self, archive, stream, file_size: int, count: int, head: bytes, cut: int, opening, pieces: list):
        self.archive, self.stream = archive, stream
        self.file_size, self.count = file_size, count
        self.read = len(head)
        self.carry = memoryview(head)[cut:]
        self.opening = opening
        self.pieces = pieces
        # The pieces hold about as many rows each.
        self.estimated_last_row = _last_row(head) * count

    def submit_pieces(self, pool: ThreadPoolExecutor, shared, part: str, sheet: str, budget: int) -> list[Future]:
        futures = []
        try:
            for number in range(1, self.count):
                last = number == self.count - 1
                wanted = self.file_size - self.read + 1 if last else self.file_size // self.count
                block = self.stream.read(wanted)
                self.read += len(block)
                data = b"".join((self.carry, block))
                cut = len(data) if last else data.rfind(ROW_END) + len(ROW_END)
                if cut < len(ROW_END):
                    raise ReadWhole("a piece holds no whole row")
                if not _FIRST_ROW.match(data):
                    raise ReadWhole("a piece's first row has no number")
                piece, self.carry = memoryview(data)[:cut], memoryview(data)[cut:]
                self.pieces.append(piece)
                tail = () if last else (CLOSE_PIECE,)
                # Checked here, as it is cut, beside the first piece's parse: the worker that frees up
                # then goes straight to parsing it.
                try:
                    checked = _checked(piece, budget)
                except _PieceTooLarge as error:
                    futures.append(pool.submit(_raise, error))
                    continue
                futures.append(pool.submit(_check_and_parse, shared, part, sheet, budget, piece,
                                           (self.opening, piece, *tail), checked))
            if self.read != self.file_size:
                raise ReadWhole("the sheet is not the size its archive declares")
        finally:
            self.stream.close()
            self.archive.close()
        return futures


def _check_and_parse(shared: list[tuple[str, bytes]], part: str, sheet: str, budget: int, piece, package_pieces: tuple,
                     checked: tuple[Reach, object] | None = None):
    """The piece laid out by calamine once its cells are known to fit its budget; what the checks saw of them.

    The exact extent is None when the quick pass vouched for the piece. `checked` is what _checked
    gave for the piece, when it was checked before.
    """
    reach, extent = checked or _checked(piece, budget)
    from python_calamine import CalamineWorkbook

    with CalamineWorkbook.from_filelike(piece_package(shared, part, package_pieces)) as workbook:
        return workbook.get_sheet_by_name(sheet), reach, extent


def _checked(piece, budget: int) -> tuple[Reach, object]:
    """What the quick pass (and, when it cannot vouch for the piece, the exact one) saw of the piece's cells;
    _PieceTooLarge when they cover more than the budget."""
    reach = quick_reach(piece)
    extent = exact_extent([piece]) if reach.may_exceed(budget) else None
    if extent is not None and extent.cells > budget:
        raise _PieceTooLarge
    return reach, extent


def _raise(error: Exception):
    raise error


def _open_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo):
    """The sheet's XML as a stream: inflated by ISA-L when it is installed (twice zlib's speed), else by zipfile."""
    try:
        from isal import isal_zlib
    except ImportError:
        return archive.open(info)
    with open(archive.filename, "rb") as file:
        file.seek(info.header_offset)
        header = file.read(_LOCAL_HEADER.size)
        if (info.compress_type != zipfile.ZIP_DEFLATED or info.flag_bits & _FLAGS_NOT_PLAIN
                or len(header) != _LOCAL_HEADER.size or not header.startswith(b"PK\x03\x04")):
            return archive.open(info)
        name_length, extra_length = _LOCAL_HEADER.unpack(header)[-2:]
        file.seek(name_length + extra_length, 1)
        deflated = file.read(info.compress_size)
    if len(deflated) != info.compress_size:
        raise zipfile.BadZipFile(f"{info.filename} is cut short")
    return _InflatedMember(info, deflated, isal_zlib)


class _InflatedMember:
    """read(size) and close() of a deflated zip member, as zipfile's stream gives them: size bytes (fewer only at
    the end), and BadZipFile when the inflated bytes fail the member's CRC-32."""

    def __init__(self, info: zipfile.ZipInfo, deflated: bytes, codec):
        self._info = info
        self._input = deflated
        self._inflater = codec.decompressobj(-15)
        self._crc32 = codec.crc32
        self._crc = 0

    def read(self, size: int) -> bytes:
        blocks = []
        while size > 0 and not self._inflater.eof:
            left = len(self._input)
            block = self._inflater.decompress(self._input, size)
            self._input = self._inflater.unconsumed_tail
            if not block and len(self._input) == left:
                raise EOFError(f"the compressed data of {self._info.filename} ends before its end marker")
            blocks.append(block)
            size -= len(block)
        data = b"".join(blocks)
        self._crc = self._crc32(data, self._crc)
        if self._inflater.eof and self._crc != self._info.CRC:
            raise zipfile.BadZipFile(f"Bad CRC-32 for file {self._info.filename!r}")
        return data

    def close(self) -> None:
        self._input = b""


def _last_row(xml: bytes) -> int:
    found = None
    for found in _LAST_ROW.finditer(xml, max(len(xml) - 65536, 0)):
        pass
    return int(found.group(1)) if found else 0


def _last_column(piece) -> int:
    return -1 if piece.start is None else piece.start[1] + piece.width


def _padded(rows: list[list], left: int, right: int) -> list[list]:
    if not left and not right:
        return rows
    before, after = [""] * left, [""] * right
    return [before + cells + after for cells in rows]
