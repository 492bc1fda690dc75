"""What an import understood: tables of records, warnings, their JSON form and a readable summary."""

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from desktop.core.measures import measure_words
from desktop.spreadsheets.reading.cell_address import cell_ref
from desktop.spreadsheets.reading.import_errors import quoted, without_surrogates
from desktop.spreadsheets.reading.table_measures import detect_measure
from desktop.spreadsheets.reading.year_headers import YearHeader

_SCALE_WORDS = {1_000: "thousands", 1_000_000: "millions", 1_000_000_000: "billions"}


@dataclass(frozen=True)
class ImportWarning:
    """Something the reader should know about the file; cell is None when it concerns the whole file."""

    cell: str | None
    message: str

    def to_dict(self) -> dict:
        return {"cell": self.cell, "message": self.message}


@dataclass(frozen=True)
class Record:
    """One figure of a table: who (label, ISO3, kind), when (year, period), how much (value before scale)."""

    label: str
    iso3: str | None
    kind: str
    year: int
    period: str
    value: float | None
    estimate: bool
    cell: str
    notes: tuple[str, ...]
    unit: str | None

    def to_dict(self) -> dict:
        return {
            "label": self.label, "iso3": self.iso3, "kind": self.kind, "year": self.year,
            "period": self.period, "value": self.value, "estimate": self.estimate,
            "cell": self.cell, "notes": list(self.notes), "unit": self.unit,
        }


@dataclass(frozen=True)
class TableRows:
    """The rows of a table, one entry per row in each field (kept by column: imports can hold 100,000 rows)."""

    labels: tuple[str, ...] = ()
    iso3: tuple[str | None, ...] = ()
    kinds: tuple[str, ...] = ()
    sheet_rows: tuple[int, ...] = ()
    notes: tuple[tuple[str, ...], ...] = ()
    units: tuple[str | None, ...] = ()

    def __len__(self) -> int:
        return len(self.labels)


@dataclass(frozen=True, eq=False)
class ImportedTable:
    """One block of one table: rows by periods, values as printed (multiply by scale for units).

    values[i, j] is row i in period j, NaN where the file has no figure; an explicit
    missing marker ("..", "[x]") is kept in missing[(i, j)] and becomes a record whose
    value is None.
    """

    sheet: str
    title: str | None
    block: str | None
    unit: str | None
    scale: int
    header_cell: str
    periods: tuple[YearHeader, ...]
    rows: TableRows
    values: np.ndarray
    value_columns: tuple[int, ...] = ()
    missing: Mapping[tuple[int, int], str] = field(default_factory=dict)
    cell_notes: Mapping[tuple[int, int], tuple[str, ...]] = field(default_factory=dict)
    cell_positions: Mapping[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    layout: str = "wide"
    unit_lines: tuple[str, ...] = ()
    measure: str = field(init=False, default="")

    def __post_init__(self):
        names_allies = "ally" in self.rows.kinds
        object.__setattr__(self, "measure", detect_measure(self.block, self.title, self.unit_lines, self.sheet,
                                                           self.notes, self.unit, names_allies))

    @property
    def records(self) -> tuple[Record, ...]:
        """Every figure as a Record, row by row; built on each access, so keep the result."""
        return tuple(self._records())

    def _records(self):
        present = ~np.isnan(self.values)
        for i, j in self.missing:
            present[i, j] = True
        rows = self.rows
        for i, j in zip(*np.nonzero(present)):
            i, j = int(i), int(j)
            period = self.periods[j]
            sheet_row, column = self.cell_positions.get((i, j)) or (rows.sheet_rows[i], self.value_columns[j])
            marker = self.missing.get((i, j))
            notes = rows.notes[i] + self.cell_notes.get((i, j), ()) + ((marker,) if marker else ())
            yield Record(
                label=rows.labels[i], iso3=rows.iso3[i], kind=rows.kinds[i], year=period.year,
                period=period.period, value=None if marker else float(self.values[i, j]),
                estimate=period.estimate, cell=cell_ref(self.sheet, sheet_row, column),
                notes=notes, unit=rows.units[i] or self.unit,
            )

    def to_dict(self, records: bool = True) -> dict:
        """The table as plain data; without `records`, take them from record_dicts() as they are needed."""
        data = {
            "sheet": self.sheet, "title": self.title, "block": self.block, "unit": self.unit,
            "scale": self.scale, "header_cell": self.header_cell, "layout": self.layout,
            "notes": list(self.notes), "indicator": self.measure, "indicator_words": measure_words(self.measure),
            "periods": [{"year": p.year, "period": p.period, "estimate": p.estimate} for p in self.periods],
        }
        if records:
            data["records"] = list(self.record_dicts())
        return data

    def record_dicts(self):
        """Every figure as a plain dict, one at a time (a 100,000-row table holds a million)."""
        from desktop.spreadsheets.reading.record_columns import record_dicts

        return record_dicts(self)


@dataclass(frozen=True)
class ImportReport:
    """Everything one import found in one file."""

    file: str
    format: str
    tables: tuple[ImportedTable, ...]
    warnings: tuple[ImportWarning, ...]
    sheets: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {
            "file": without_surrogates(self.file), "format": self.format, "sheets": list(self.sheets),
            "tables": [table.to_dict() for table in self.tables],
            "warnings": [warning.to_dict() for warning in self.warnings],
        }


def format_summary(report: ImportReport) -> str:
    """A readable account of each table found, for the command line and the import dialog."""
    lines = [f"{quoted(report.file)} ({report.format}): {_count(len(report.tables), 'table')}, "
             f"{_count(len(report.warnings), 'warning')}"]
    for table in report.tables:
        heading = quoted(table.title) if table.title else "(untitled table)"
        if table.block:
            heading += f" — {quoted(table.block)}"
        lines.append(f"  {table.header_cell}  {heading}  [{measure_words(table.measure)}]")
        lines.append(f"      {_table_facts(table)}")
    if report.warnings:
        lines.append("Warnings:")
        lines.extend(f"  {w.cell}: {quoted(w.message)}" if w.cell else f"  {quoted(w.message)}"
                     for w in report.warnings)
    return "\n".join(lines)


def _table_facts(table: ImportedTable) -> str:
    unit = table.unit or "unit not stated"
    if table.scale != 1:
        unit += f" {_SCALE_WORDS.get(table.scale, f'x{table.scale:g}')}"
    if any(table.rows.units):
        unit += " (currency per row)"
    periods = table.periods
    span = f"{periods[0].period} to {periods[-1].period}" if periods else "no years"
    estimates = [p.period for p in periods if p.estimate]
    if estimates:
        span += f" ({', '.join(estimates)} estimated)"
    kinds = Counter(table.rows.kinds)
    kind_text = ", ".join(_count(n, kind) for kind, n in kinds.most_common())
    values = int(np.count_nonzero(~np.isnan(table.values)))
    return (f"{unit}; {span}; {_count(len(table.rows), 'row')}"
            f"{f' ({kind_text})' if kind_text else ''}; {_count(values, 'value')}")


def _count(n: int, noun: str) -> str:
    if n == 1:
        return f"{n} {noun}"
    return f"{n} {noun[:-1]}ies" if noun.endswith("y") else f"{n} {noun}s"
