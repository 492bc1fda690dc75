"""An imported table's records field by field, a chunk at a time: what the JSON and CSV writers stream.

A 100,000-row table holds a million records. Building each as an object, then a dict,
then encoding that, took tens of seconds; here each record's text is five pieces
joined at C speed (one piece by row, one by period, the value, one by period, one by
row), the values are formatted by orjson, and only the few records with a marker,
a note of their own or a cell elsewhere go one by one.
"""

import json
from collections.abc import Iterator
from itertools import chain, repeat
from json.encoder import encode_basestring
from operator import add
from typing import TYPE_CHECKING

import numpy as np
import orjson

from desktop.spreadsheets.reading.cell_address import column_letters, sheet_prefix

if TYPE_CHECKING:
    from desktop.spreadsheets.reading.import_report import ImportedTable

CHUNK_RECORDS = 50_000
RECORD_KEYS = ("label", "iso3", "kind", "year", "period", "value", "estimate", "cell", "notes", "unit")
CSV_COLUMNS = ("sheet", "table", "label", "iso3", "kind", "year", "period", "value", "scale", "unit", "estimate", "cell")


class TableRecords:
    """What every record of a table shares with its row or its period, worked out once per table."""

    def __init__(self, table: "ImportedTable"):
        self.table = table
        self.units = [unit or table.unit for unit in table.rows.units]
        self.prefix = sheet_prefix(table.sheet)
        self.column_cells = [self.prefix + column_letters(column) for column in table.value_columns]
        self.row_numbers = list(map(str, table.rows.sheet_rows))

    def chunks(self) -> Iterator["RecordChunk"]:
        """The records in the order ImportedTable.records gives them, CHUNK_RECORDS at a time."""
        table = self.table
        size = CHUNK_RECORDS
        present = ~np.isnan(table.values)
        for i, j in table.missing:
            present[i, j] = True
        flat = np.flatnonzero(present)
        width = max(len(table.periods), 1)
        keys = {i * width + j for i, j in (*table.missing, *table.cell_notes, *table.cell_positions)}
        exceptional = np.asarray(sorted(keys), dtype=np.int64)
        values = table.values.reshape(-1)
        for start in range(0, len(flat), size):
            positions = flat[start:start + size]
            rows, periods = (part.tolist() for part in np.divmod(positions, width))
            special = {}
            if len(exceptional):
                inside = exceptional[(exceptional >= positions[0]) & (exceptional <= positions[-1])]
                special = {k: (rows[k], periods[k]) for k in np.searchsorted(positions, inside).tolist()}
            yield RecordChunk(self, rows, periods, values[positions].tolist(), special)


class RecordChunk:
    """Consecutive records of one table: the row i and period j of each, and its value.

    `special` maps a position in the chunk to its (i, j) for the records that carry a
    marker or notes of their own, or whose cell is not where its row and period meet.
    """

    def __init__(self, records: TableRecords, rows: list[int], periods: list[int], values: list[float],
                 special: dict[int, tuple[int, int]]):
        self.records = records
        self.rows = rows
        self.periods = periods
        self.special = special
        missing = records.table.missing
        for k, key in special.items():
            if key in missing:
                values[k] = None
        self.values = values

    def __len__(self) -> int:
        return len(self.rows)

    def value_texts(self) -> list[str]:
        """Each value as JSON writes it ("2350.454", "null"); floats contain no comma to split on."""
        return orjson.dumps(self.values)[1:-1].decode().split(",") if self.values else []

    def cells(self) -> list[str]:
        """Each record's cell reference ("Lines!B5")."""
        records = self.records
        cells = list(map(add, map(records.column_cells.__getitem__, self.periods), map(records.row_numbers.__getitem__, self.rows)))
        for k, key in self.special.items():
            where = records.table.cell_positions.get(key)
            if where is not None:
                cells[k] = records.prefix + column_letters(where[1]) + str(where[0])
        return cells

    def notes(self) -> list[tuple[str, ...]]:
        """Each record's notes: its row's, then its cell's, then its missing marker."""
        table = self.records.table
        notes = list(map(table.rows.notes.__getitem__, self.rows))
        for k, key in self.special.items():
            marker = table.missing.get(key)
            notes[k] = notes[k] + table.cell_notes.get(key, ()) + ((marker,) if marker else ())
        return notes

    def units(self) -> list[str | None]:
        return list(map(self.records.units.__getitem__, self.rows))

    def record(self, k: int) -> dict:
        """One record as a dict, the slow way (for the special ones)."""
        table = self.records.table
        i, j = self.rows[k], self.periods[k]
        period = table.periods[j]
        cell = self.records.table.cell_positions.get((i, j))
        marker = table.missing.get((i, j))
        return {
            "label": table.rows.labels[i], "iso3": table.rows.iso3[i], "kind": table.rows.kinds[i],
            "year": period.year, "period": period.period, "value": self.values[k], "estimate": period.estimate,
            "cell": (self.records.prefix + column_letters(cell[1]) + str(cell[0]) if cell
                     else self.records.column_cells[j] + self.records.row_numbers[i]),
            "notes": [*table.rows.notes[i], *table.cell_notes.get((i, j), ()), *((marker,) if marker else ())],
            "unit": self.records.units[i],
        }


def record_dicts(table: "ImportedTable") -> Iterator[dict]:
    """Every record as a plain dict, keyed as Record.to_dict() keys it."""
    years = [p.year for p in table.periods]
    periods = [p.period for p in table.periods]
    estimates = [p.estimate for p in table.periods]
    rows = table.rows
    for chunk in TableRecords(table).chunks():
        fields = (
            map(rows.labels.__getitem__, chunk.rows), map(rows.iso3.__getitem__, chunk.rows),
            map(rows.kinds.__getitem__, chunk.rows), map(years.__getitem__, chunk.periods),
            map(periods.__getitem__, chunk.periods), chunk.values, map(estimates.__getitem__, chunk.periods),
            chunk.cells(), map(list, chunk.notes()), chunk.units(),
        )
        yield from map(dict, map(zip, repeat(RECORD_KEYS), zip(*fields)))


def json_record_texts(table: "ImportedTable") -> Iterator[str]:
    """The records as json.dumps(record, ensure_ascii=False) writes each, joined by ", " a chunk at a time.

    The one difference: a value is written as orjson writes it (1e16, not 1e+16), the same number.
    """
    records = TableRecords(table)
    rows = table.rows
    by_row = _joined(
        '{"label": ', map(encode_basestring, rows.labels), ', "iso3": ', map(_json_texts(rows.iso3).__getitem__, rows.iso3),
        ', "kind": ', map(_json_texts(rows.kinds).__getitem__, rows.kinds), ', "year": ')
    by_period = [f'{p.year}, "period": {encode_basestring(p.period)}, "value": ' for p in table.periods]
    cell_heads = [f', "estimate": {"true" if p.estimate else "false"}, "cell": {encode_basestring(cell)[:-1]}'
                  for p, cell in zip(table.periods, records.column_cells)]
    notes, units = _json_texts(rows.notes), _json_texts(records.units)
    row_tails = _joined(records.row_numbers, '", "notes": ', map(notes.__getitem__, rows.notes), ', "unit": ',
                        map(units.__getitem__, records.units), "}")
    for chunk in records.chunks():
        parts = (map(by_row.__getitem__, chunk.rows), map(by_period.__getitem__, chunk.periods),
                 chunk.value_texts(), map(cell_heads.__getitem__, chunk.periods), map(row_tails.__getitem__, chunk.rows))
        if not chunk.special:
            yield _joined_with(", ", *parts)
            continue
        texts = _joined(*parts)
        for k in chunk.special:
            texts[k] = _json(chunk.record(k))
        yield ", ".join(texts)


def csv_lines(table: "ImportedTable", name: str) -> Iterator[str]:
    """The records as CSV_COLUMNS lines ("\\n"-ended), a chunk at a time; `name` fills the table column."""
    records = TableRecords(table)
    rows = table.rows
    head = f"{_csv_field(table.sheet)},{_csv_field(name)},"
    by_row = _joined(repeat(head), map(_csv_field, rows.labels), ",", map(_csv_field, rows.iso3), ",",
                     map(_csv_field, rows.kinds), ",")
    by_period = [f"{p.year},{_csv_field(p.period)}," for p in table.periods]
    row_mids = _joined(repeat(f",{table.scale},"), map(_csv_field, records.units), ",")
    # Letters and digits never need quoting: the sheet's name decides for every cell of the table.
    quote = '"' if _csv_field(records.prefix) != records.prefix else ""
    cell_heads = [f"{'true' if p.estimate else 'false'},{quote}{cell.replace(quote, quote * 2) if quote else cell}"
                  for p, cell in zip(table.periods, records.column_cells)]
    row_tails = [f"{number}{quote}\n" for number in records.row_numbers]
    for chunk in records.chunks():
        values = chunk.value_texts()
        parts = (map(by_row.__getitem__, chunk.rows), map(by_period.__getitem__, chunk.periods), values,
                 map(row_mids.__getitem__, chunk.rows), map(cell_heads.__getitem__, chunk.periods),
                 map(row_tails.__getitem__, chunk.rows))
        if not chunk.special:
            yield _joined_with("", *parts)
            continue
        lines = _joined(*parts)
        for k in chunk.special:
            record = chunk.record(k)
            fields = (table.sheet, name, record["label"], record["iso3"], record["kind"], record["year"], record["period"],
                      None if values[k] == "null" else values[k], table.scale, record["unit"], "true" if record["estimate"] else "false", record["cell"])
            lines[k] = ",".join(map(_csv_field, fields)) + "\n"
        yield "".join(lines)


def _joined(*parts) -> list[str]:
    """Element-wise concatenation of the parts (plain strings repeat for every element)."""
    return list(map("".join, zip(*(repeat(part) if isinstance(part, str) else part for part in parts))))


def _joined_with(separator: str, *parts) -> str:
    """separator.join(_joined(*parts)) in one join of every piece: no string is made per record (a third quicker)."""
    pieces = (repeat(part) if isinstance(part, str) else part for part in parts)
    text = "".join(chain.from_iterable(zip(*pieces, repeat(separator))))
    return text[:len(text) - len(separator)]


_json = json.JSONEncoder(ensure_ascii=False, allow_nan=False).encode


def _json_texts(values) -> dict:
    """Each distinct value's JSON text (kinds, currencies and notes repeat down a table)."""
    return {value: _json(list(value) if isinstance(value, tuple) else value) for value in set(values)}


def _csv_field(value) -> str:
    """A field as csv.writer writes it (minimal quoting); None is empty."""
    if value is None:
        return ""
    text = str(value)
    if any(ch in text for ch in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text
