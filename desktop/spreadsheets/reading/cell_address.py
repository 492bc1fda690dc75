"""Spreadsheet cell addresses ("TABLE3!M25", "'Table 1'!B4") from zero-based column numbers."""

import re

from desktop.spreadsheets.reading.import_errors import quoted

_PLAIN_SHEET_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]*$")


def column_letters(column: int) -> str:
    """Letters of a zero-based column number: 0 is A, 26 is AA."""
    letters = ""
    column += 1
    while column:
        column, remainder = divmod(column - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def column_number(letters: str) -> int:
    """Zero-based column number of column letters: A is 0; raises ValueError for anything else."""
    cleaned = letters.strip().upper()
    if not cleaned.isascii() or not cleaned.isalpha() or len(cleaned) > 3:
        raise ValueError(f"not a column: {letters!r}")
    number = 0
    for letter in cleaned:
        number = number * 26 + ord(letter) - 64
    return number - 1


def sheet_prefix(sheet: str) -> str:
    """The sheet part of a reference, quoted the way Excel quotes names with spaces."""
    if _PLAIN_SHEET_NAME.match(sheet):
        return f"{sheet}!"
    if not sheet.isprintable():
        sheet = quoted(sheet)[1:-1]  # newlines and control characters escaped, repr's own quotes dropped
    escaped = sheet.replace("'", "''")
    return f"'{escaped}'!"


def cell_ref(sheet: str, row: int, column: int) -> str:
    """Reference of a cell from its one-based row and zero-based column."""
    return f"{sheet_prefix(sheet)}{column_letters(column)}{row}"
