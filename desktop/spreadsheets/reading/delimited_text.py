"""CSV and text exports: encoding, delimiter and decimal comma detected, rows streamed with progress."""

import codecs
import csv
import io
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
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
    """Rows of the file, plain numbers as floats; on_bytes(bytes_read) is called every 4,096 rows."""
    encoding = layout.encoding
    decimal_comma = layout.decimal_comma
    # Code pages leave a few bytes undefined (cp1252 five); a stray one must not stop the import.
    errors = "replace" if encoding.startswith("cp") else "strict"
    with path.open("rb", buffering=0) as raw:
        counter = _CountingReader(raw)
        text = io.TextIOWrapper(io.BufferedReader(counter, 1 << 16), encoding=encoding, errors=errors, newline="")
        rows = csv.reader(_bounded_lines(text), delimiter=layout.delimiter)
        for number, row in enumerate(_rows_or_refusal(rows), start=1):
            if number == 1 and row and row[0].startswith("\ufeff"):
                row[0] = row[0][1:]
            if number % 4096 == 0:
                on_bytes(counter.count)
            if len(row) > MAX_COLUMNS:
                raise UnreadableContent(f"row {number:,} has {len(row):,} columns, more than the {MAX_COLUMNS:,} "
                                        "a spreadsheet can hold: this is not a table the importer can read")
            yield [plain_number(cell, decimal_comma) for cell in row]


def _bounded_lines(text: io.TextIOWrapper) -> Iterator[str]:
    """The file's lines, refusing one longer than MAX_LINE_CHARS before it is read whole."""
    number = 0
    while line := text.readline(MAX_LINE_CHARS + 1):
        number += 1
        if len(line) > MAX_LINE_CHARS:
            raise UnreadableContent(f"line {number:,} is over {MAX_LINE_CHARS:,} characters long, longer than any "
                                    "table's row: this is not a table the importer can read")
        yield line


def _rows_or_refusal(rows) -> Iterator[list[str]]:
    """csv's rows, its own complaint (a quoted cell that runs on past the size limit) said plainly."""
    try:
        yield from rows
    except csv.Error:
        raise UnreadableContent(f"a cell near line {rows.line_num:,} runs on for over {MAX_LINE_CHARS:,} characters "
                                "(an unclosed quote?): this is not a table the importer can read") from None
