"""CSV and text exports: encoding, delimiter and decimal comma detected, rows streamed with progress."""

import codecs
import csv
import io
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain, compress, count, groupby, islice
from operator import not_
from pathlib import Path

from desktop.spreadsheets.reading.import_errors import UnreadableContent
from desktop.spreadsheets.reading.text_encoding import guess_code_page

_SAMPLE_BYTES = 64 * 1024
_DELIMITERS = (",", ";", "\t", "|")
_DECIMAL_COMMA_NUMBER = re.compile(r"^[-−]?\d{1,3}(?:[ .\u00a0]\d{3})*,\d+$|^[-−]?\d+,\d{1,2}$")
_DECIMAL_POINT_NUMBER = re.compile(r"^[-−]?\d{1,3}(?:,\d{3})*\.\d+$|^[-−]?\d+\.\d+$")

# Far beyond any table's row (Excel holds 16,384 columns); a "CSV" past these is a dump, refused before
# it is split into millions of fields.
MAX_LINE_CHARS = 1_000_000
MAX_COLUMNS = 16_384
csv.field_size_limit(MAX_LINE_CHARS)
ROWS_PER_CHUNK = 4096
_BLOCK_CHARS = 1 << 18  # shorter than MAX_LINE_CHARS: see _bounded_lines
_MIN_COLUMN_RUN = 8  # shorter runs of rows go cell by cell
_SEPARATOR = "\x1f"  # joins a column's cells; float() takes it for a space, so a cell holding it goes cell by cell
# What a finite float() takes, besides non-ASCII digits and spaces ("nan" and "inf" stay text anyway):
# deleted, a cell with nothing left may be a number.
_NUMBER_CHARS = str.maketrans("", "", "0123456789+-._eE \t\n\r\x0b\x0c\x1c\x1d\x1e")
_COMMA_NUMBER_CHARS = str.maketrans("", "", "0123456789+-._eE \t\n\r\x0b\x0c\x1c\x1d\x1e,")
_ASCII_LEFT = re.compile(r"[\x00-\x7f]")


@dataclass(frozen=True)
class TextLayout:
    """How a text file is written: its encoding, its delimiter and whether decimals use a comma."""

    encoding: str
    delimiter: str
    decimal_comma: bool | None


def sniff_layout(path: Path) -> TextLayout:
    """Detect encoding (UTF-8, UTF-8 with BOM, UTF-16, else a Windows code page), delimiter and decimal comma."""
    with path.open("rb") as handle:
        sample = handle.read(_SAMPLE_BYTES)
    encoding = _encoding(sample)
    text = sample.decode(encoding, errors="replace")
    if len(sample) == _SAMPLE_BYTES:
        text = text[: text.rfind("\n") + 1] or text
    lines = text.lstrip("\ufeff").splitlines()[:200]
    if not any(line.strip() for line in lines):
        raise UnreadableContent("the file holds no text")
    delimiter = _delimiter(lines)
    return TextLayout(encoding, delimiter, _decimal_comma(lines, delimiter))


def _encoding(sample: bytes) -> str:
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if sample[1::2].count(0) > len(sample) * 0.2:
        return "utf-16-le"
    if sample[0::2].count(0) > len(sample) * 0.2:
        return "utf-16-be"
    try:
        # A sample may end inside a multi-byte character; the incremental decoder allows that.
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        return guess_code_page(sample)
    return "utf-8"


def _delimiter(lines: list[str]) -> str:
    best, best_score = ",", (0, 0)
    for delimiter in _DELIMITERS:
        counts = [len(row) for row in csv.reader(lines, delimiter=delimiter) if any(row)]
        if not counts:
            continue
        width, agreeing = Counter(counts).most_common(1)[0]
        score = (agreeing, width) if width > 1 else (0, 0)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _decimal_comma(lines: list[str], delimiter: str) -> bool | None:
    """Decide from the numbers in the sample; a comma-delimited file keeps commas for thousands."""
    if delimiter == ",":
        return None
    comma = point = 0
    for row in csv.reader(lines, delimiter=delimiter):
        for field in row:
            field = field.strip()
            comma += bool(_DECIMAL_COMMA_NUMBER.match(field))
            point += bool(_DECIMAL_POINT_NUMBER.match(field))
    if comma == point:
        return None
    return comma > point


class _CountingReader(io.RawIOBase):
    """Counts the bytes read so far, for progress through a file read as text."""

    def __init__(self, handle):
        self._handle = handle
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        n = self._handle.readinto(buffer)
        self.count += n or 0
        return n


def plain_number(text: str, decimal_comma: bool | None) -> float | str:
    """A cell's text as a float when it is a plain number ("12.5", or "12,5" with decimal commas), else unchanged.

    Done as the rows are read so that text files take the importer's fast path
    for rows of numbers; anything fancier ("1 234,5", "$12") is left to parse_number.
    """
    if decimal_comma:
        if "." in text:
            return text
        text_to_read = text.replace(",", ".", 1)
    else:
        text_to_read = text
    try:
        value = float(text_to_read)
    except ValueError:
        return text
    # float() also accepts "nan", "inf" and "1_000", which are not figures.
    if value - value != 0 or "_" in text:
        return text
    return value


def iter_text_rows(path: Path, layout: TextLayout, on_bytes: Callable[[int], None]) -> Iterator[list]:
    """Rows of the file as lists, plain numbers as floats; on_bytes(bytes_read) is called every ROWS_PER_CHUNK rows."""
    for chunk in iter_text_chunks(path, layout, on_bytes):
        yield from map(list, chunk)


def iter_text_chunks(path: Path, layout: TextLayout, on_bytes: Callable[[int], None]) -> Iterator[list[Sequence]]:
    """The file's rows (lists or tuples), ROWS_PER_CHUNK at a time, plain numbers as floats; on_bytes(bytes_read) after each.

    A million-row file is read without a Python step per line or per cell: the text is
    split into lines a block at a time, csv splits the fields, and the numbers are read
    a column of a chunk at a time (see _numbers_by_column).
    """
    encoding = layout.encoding
    # Code pages leave a few bytes undefined (cp1252 five); a stray one must not stop the import.
    errors = "replace" if encoding.startswith("cp") else "strict"
    with path.open("rb", buffering=0) as raw:
        counter = _CountingReader(raw)
        text = io.TextIOWrapper(io.BufferedReader(counter, 1 << 16), encoding=encoding, errors=errors, newline="")
        rows = csv.reader(chain.from_iterable(_bounded_lines(text)), delimiter=layout.delimiter)
        before = 0
        while chunk := _next_rows(rows):
            if before == 0 and chunk[0] and chunk[0][0].startswith("\ufeff"):
                chunk[0][0] = chunk[0][0][1:]
            if max(map(len, chunk)) > MAX_COLUMNS:
                number, row = next((before + k, row) for k, row in enumerate(chunk, 1) if len(row) > MAX_COLUMNS)
                raise UnreadableContent(f"row {number:,} has {len(row):,} columns, more than the {MAX_COLUMNS:,} "
                                        "a spreadsheet can hold: this is not a table the importer can read")
            before += len(chunk)
            yield _numbers_by_column(chunk, layout.decimal_comma)
            on_bytes(counter.count)


def _next_rows(rows) -> list[list[str]]:
    """The next ROWS_PER_CHUNK of csv's rows, its own complaint (a quoted cell that runs on past the size limit) said plainly."""
    try:
        return list(islice(rows, ROWS_PER_CHUNK))
    except csv.Error:
        raise UnreadableContent(f"a cell near line {rows.line_num:,} runs on for over {MAX_LINE_CHARS:,} characters "
                                "(an unclosed quote?): this is not a table the importer can read") from None


def _bounded_lines(text: io.TextIOWrapper) -> Iterator[list[str]]:
    """The file's lines, a block at a time, refusing one longer than MAX_LINE_CHARS before it is read whole.

    Lines end at \n, \r\n or \r, as readline() ends them with newline="". A block is
    shorter than the longest line allowed, so only a block's first line (which began in
    an earlier block) can be too long.
    """
    number = 0
    carry = ""
    while block := text.read(_BLOCK_CHARS):
        buffer = carry + block if carry else block
        # A \r at the very end may be the first half of a \r\n: leave it for the next block.
        cut = max(buffer.rfind("\n"), buffer.rfind("\r", 0, len(buffer) - 1)) + 1
        carry = buffer[cut:]
        if not cut:
            if len(carry) > MAX_LINE_CHARS:
                raise _too_long(number + 1)
            continue
        lines = io.StringIO(buffer[:cut], newline="").readlines()
        if len(lines[0]) > MAX_LINE_CHARS:
            raise _too_long(number + 1)
        number += len(lines)
        yield lines
    if carry:
        yield [carry]


def _too_long(number: int) -> UnreadableContent:
    return UnreadableContent(f"line {number:,} is over {MAX_LINE_CHARS:,} characters long, longer than any "
                             "table's row: this is not a table the importer can read")


def _numbers_by_column(rows: list[list[str]], decimal_comma: bool | None) -> list[Sequence]:
    """The rows with every cell plain_number reads as a number made a float, a column of a run at a time.

    Rows come in runs of one length (a table's rows); each run is turned into columns, a
    column of figures goes through float() whole, and a column of labels only sends the
    cells that could be numbers (see _maybe_numbers) through plain_number.
    """
    out: list[list] = []
    for length, run in groupby(rows, len):
        run = list(run)
        if len(run) < _MIN_COLUMN_RUN or not length:
            out.extend([plain_number(cell, decimal_comma) for cell in row] for row in run)
            continue
        columns = [_column_numbers(column, decimal_comma) for column in zip(*run)]
        out.extend(zip(*columns))
    return out


def _column_numbers(column: tuple[str, ...], decimal_comma: bool | None) -> list | tuple:
    """One column of a run: every cell plain_number(cell, decimal_comma) would give, the same object or value."""
    texts = column
    if decimal_comma:
        joined = _SEPARATOR.join(column)
        if "." in joined:  # plain_number leaves "1.5" as text where commas mark decimals
            return _some_numbers(column, decimal_comma)
        texts = joined.replace(",", ".").split(_SEPARATOR)
    try:
        values = list(map(float, texts))
    except ValueError:
        return _some_numbers(column, decimal_comma)
    total = sum(values)
    if total - total != 0 or len(values) != len(column) or "_" in "".join(column):
        # "nan", "inf", "1_000" (or figures so large that their sum overflows): cell by cell, as plain_number reads them.
        return [plain_number(cell, decimal_comma) for cell in column]
    return values


def _some_numbers(column: tuple[str, ...], decimal_comma: bool | None) -> list:
    """A column with text in it: only the cells made of what a number can be made of go to plain_number."""
    out = list(column)
    for k in _maybe_numbers(column, decimal_comma):
        out[k] = plain_number(column[k], decimal_comma)
    return out


def _maybe_numbers(column: tuple[str, ...], decimal_comma: bool | None) -> list[int]:
    """Where the column's cells hold nothing float() could not read: ASCII digits, signs, points, spaces,
    "e", and (for their digits and spaces) any non-ASCII letter.

    "Budget line 12" holds a B, so it is text without trying float() on it.
    """
    residues = _SEPARATOR.join(column).translate(_COMMA_NUMBER_CHARS if decimal_comma else _NUMBER_CHARS).split(_SEPARATOR)
    if len(residues) != len(column):  # a cell holds the separator itself
        return list(range(len(column)))
    if "".join(residues).isascii():
        candidates = compress(count(), map(not_, residues))
    else:
        candidates = (k for k, residue in enumerate(residues) if not _ASCII_LEFT.search(residue))
    return [k for k in candidates if column[k]]
