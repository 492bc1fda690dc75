"""An import report written out as it is produced: the JSON object, or one tidy CSV row per figure."""

import json
from typing import TextIO

from desktop.spreadsheets.reading.import_errors import without_surrogates
from desktop.spreadsheets.reading.import_report import ImportedTable, ImportReport
from desktop.spreadsheets.reading.record_columns import CSV_COLUMNS, csv_lines, json_record_texts

_encode = json.JSONEncoder(ensure_ascii=False, allow_nan=False).encode


def write_json(report: ImportReport, out: TextIO) -> None:
    """The text json.dump(report.to_dict(), out, ensure_ascii=False) writes, a chunk of records at a time."""
    out.write(f'{{"file": {_encode(without_surrogates(report.file))}, "format": {_encode(report.format)}, '
              f'"sheets": {_encode(list(report.sheets))}, "tables": [')
    for n, table in enumerate(report.tables):
        head = _encode(table.to_dict(records=False))
        out.write(f'{", " if n else ""}{head[:-1]}, "records": [')
        for k, texts in enumerate(json_record_texts(table)):
            out.write(", " + texts if k else texts)
        out.write("]}")
    out.write(f'], "warnings": {_encode([warning.to_dict() for warning in report.warnings])}}}')


def write_csv(report: ImportReport, out: TextIO) -> None:
    """One row per figure: CSV_COLUMNS, the value as printed (times `scale` for units), empty where none."""
    out.write(",".join(CSV_COLUMNS) + "\n")
    for table in report.tables:
        for lines in csv_lines(table, table_name(table)):
            out.write(lines)


def table_name(table: ImportedTable) -> str:
    """How the CSV names a table: its title (else its header cell), and its block."""
    name = table.title or table.header_cell
    return f"{name} — {table.block}" if table.block else name
