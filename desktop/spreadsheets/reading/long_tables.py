"""Long tables: a year column going down (Country | Year | Value, Ally | Year | Category | Amount)."""

import math
import re
from array import array
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from desktop.spreadsheets.reading.cell_address import cell_ref
from desktop.spreadsheets.reading.import_errors import quoted
from desktop.spreadsheets.reading.import_report import ImportedTable, TableRows
from desktop.spreadsheets.reading.row_labels import ALLY, LINE, TOTAL, clean_label
from desktop.spreadsheets.reading.table_parts import (
    LabelFacts, LayoutHints, Line, SheetContext, fraction_check, not_a_figure, plural, read_cell, resolve_unit,
    title_and_unit_lines,
)
from desktop.spreadsheets.reading.year_headers import YearHeader, parse_year_header


_YEAR_HEADING = re.compile(
    r"^(?:(?:fiscal|financial|budget|calendar|reference)\s+)?(?:years?|fy|period|time|time[ _]period|"
    r"ann[ée]e|jahr|a[ñn]o|anno|rok)$",
    re.IGNORECASE,
)
_LABEL_HEADING = re.compile(
    r"\b(?:countr(?:y|ies)|all(?:y|ies)|nations?|members?|states?|regions?|areas?|ref_area|geo|names?|"
    r"categor(?:y|ies)|items?|lines?|programmes?|programs?|appropriations?|services?|branch(?:es)?|"
    r"components?|accounts?|descriptions?|labels?|indicators?|measures?|variables?|series|codes?|"
    r"entit(?:y|ies)|departments?|sectors?|types?|headings?|pays|land)\b",
    re.IGNORECASE,
)
_UNIT_HEADING = re.compile(r"^(?:units?|currency|currencies|units? of measure|unit_measure|scale)$", re.IGNORECASE)
_NOTE_HEADING = re.compile(r"^(?:notes?|footnotes?|comments?|remarks?|flags?|obs_status|status|estimates?)$",
                           re.IGNORECASE)
_ESTIMATE_FLAG = re.compile(r"^(?:e|est\w*|forecast\w*|plan\w*|project\w*|provisional|prelim\w*|p|f)$",
                            re.IGNORECASE)
_MAX_UNITS = 20


class LongHeader(NamedTuple):
    """A header row naming a year column and the columns beside it."""

    year_index: int
    headings: dict[int, str]


def long_header(cells: Sequence, hints: LayoutHints) -> LongHeader | None:
    """A row of column names, one of them "Year" (or "Fiscal year", "Period", "TIME_PERIOD"), else None."""
    headings: dict[int, str] = {}
    year_index = None
    for index, value in enumerate(cells):
        if type(value) is not str:
            if value is None or value == "":
                continue
            return None
        if not value or value.isspace():
            continue
        heading = clean_label(value).text or value.strip()
        if year_index is None and _YEAR_HEADING.match(heading):
            year_index = index
        elif parse_year_header(value) is not None:
            return None
        headings[index] = heading
    if year_index is None or len(headings) < 2:
        return None
    if hints.label_column is not None and hints.label_column not in headings:
        headings[hints.label_column] = ""
    return LongHeader(year_index, headings)


def _period(value: object) -> YearHeader | None:
    kind = type(value)
    if kind is str:
        return parse_year_header(value) if value and not value.isspace() else None
    if kind is float or kind is int:
        return parse_year_header(value)
    return None


class LongTable:
    """A table with one row per figure (or per year): a year column, label columns, value columns.

    Rows stream in and are kept as entries; finish() turns them into one ImportedTable per
    value column (or one table whose rows are the value columns when no column holds labels),
    with every record keeping the cell it came from.
    """

    layout = "long"

    def __init__(self, scanner: SheetContext, header_row: int, header: LongHeader, title_lines: list[Line]):
        self.scanner = scanner
        self.header_row = header_row
        self.year_index = header.year_index
        self.headings = header.headings
        self.title_lines = title_lines
        self.pending: list[Line] = []
        self.notes: list[str] = []
        self.has_data = False
        self.label_index: list[int] = []
        self.value_index: list[int] = []
        self.note_index: list[int] = []
        self.unit_index: list[int] = []
        self.roles_known = False
        self.unit_texts: list[str] = []
        self.label_ids: dict[object, int] = {}
        self.labels: list[LabelFacts] = []
        self.period_ids: dict[YearHeader, int] = {}
        self.entry_block = array("l")
        self.entry_label = array("l")
        self.entry_period = array("l")
        self.entry_row = array("l")
        self.entry_column = array("l")
        self.entry_value = array("d")
        self.markers: dict[int, str] = {}
        self.entry_notes: dict[int, tuple[str, ...]] = {}

    # Rows -----------------------------------------------------------------

    def take_row(self, cells: list, row: int) -> bool:
        """Add the row if its year column holds a year; False leaves it to the scanner."""
        if len(cells) <= self.year_index:
            return False
        period = _period(cells[self.year_index])
        if period is None:
            return False
        if self.pending and self.scanner.wide_header(cells, row) is not None:
            return False
        if not self.roles_known:
            self._decide_roles(cells)
        if not self.value_index:
            return False
        row_notes, estimate = self._row_notes(cells)
        if estimate and not period.estimate:
            period = YearHeader(period.year, period.period, True)
        self._note_unit(cells)
        figures = []
        errors = []
        texts = []
        decimal_comma = self.scanner.decimal_comma
        for index in self.value_index:
            cell = read_cell(cells[index] if index < len(cells) else "", decimal_comma)
            if cell.error:
                errors.append(index)
            elif cell.text:
                texts.append(index)
            elif cell.marker is not None or cell.number == cell.number:
                figures.append((index, cell))
        if errors:
            self.scanner.warn(cell_ref(self.scanner.sheet, row, self.scanner.first_column + errors[0]),
                              f"{plural(len(errors), 'error value')} ({quoted(str(cells[errors[0]]).strip())}) ignored")
        if texts and (figures or type(cells[texts[0]]) is float):  # a float here is a number too large to read
            self.scanner.warn(cell_ref(self.scanner.sheet, row, self.scanner.first_column + texts[0]),
                              not_a_figure(cells[texts[0]]))
        if not figures:
            return True
        if self.label_index:
            label = self._row_label(cells)
            if label is None:
                self.scanner.warn(cell_ref(self.scanner.sheet, row, self.scanner.first_column + self.year_index),
                                  "a row of figures without a label was skipped")
                return True
        self._open_block()
        period_id = self.period_ids.setdefault(period, len(self.period_ids))
        for index, cell in figures:
            if not self.label_index:
                label = self._heading_label(index)
            block = self.value_index.index(index) if self.label_index else 0
            self._add(block, label, period_id, row, index, cell, row_notes)
        return True

    def _add(self, block: int, label: int, period: int, row: int, column: int, cell, row_notes) -> None:
        entry = len(self.entry_value)
        self.entry_block.append(block)
        self.entry_label.append(label)
        self.entry_period.append(period)
        self.entry_row.append(row)
        self.entry_column.append(column)
        self.entry_value.append(cell.number)
        if cell.marker is not None:
            self.markers[entry] = cell.marker
        notes = row_notes + cell.notes
        if notes:
            self.entry_notes[entry] = notes
        self.has_data = True

    def _decide_roles(self, cells: list) -> None:
        """Which columns hold labels, figures, units and notes: by heading first, then by the first row."""
        self.roles_known = True
        forced_label = self.scanner.hints.label_column
        decimal_comma = self.scanner.decimal_comma
        for index, heading in self.headings.items():
            if index == self.year_index:
                continue
            if forced_label is not None:
                if index == forced_label:
                    self.label_index.append(index)
                    continue
            if _YEAR_HEADING.match(heading):
                continue  # a second period column ("Period" beside "Year") holds no figures
            if _UNIT_HEADING.match(heading):
                self.unit_index.append(index)
            elif _NOTE_HEADING.match(heading):
                self.note_index.append(index)
            elif forced_label is None and _LABEL_HEADING.search(heading):
                self.label_index.append(index)
            else:
                cell = read_cell(cells[index] if index < len(cells) else "", decimal_comma)
                if cell.text and forced_label is None:
                    self.label_index.append(index)
                elif not cell.text:
                    self.value_index.append(index)

    def _row_notes(self, cells: list) -> tuple[tuple[str, ...], bool]:
        notes: list[str] = []
        estimate = False
        for index in self.note_index:
            value = cells[index] if index < len(cells) else ""
            text = str(value).strip() if value is not None else ""
            if not text:
                continue
            if _ESTIMATE_FLAG.match(text):
                estimate = True
            notes.append(text)
        return tuple(notes), estimate

    def _note_unit(self, cells: list) -> None:
        for index in self.unit_index:
            value = cells[index] if index < len(cells) else ""
            if type(value) is str and value.strip() and value.strip() not in self.unit_texts:
                if len(self.unit_texts) < _MAX_UNITS:
                    self.unit_texts.append(value.strip())

    def _row_label(self, cells: list) -> int | None:
        raws = []
        for index in self.label_index:
            value = cells[index] if index < len(cells) else ""
            if type(value) is str:
                if value.strip():
                    raws.append(value)
            elif type(value) in (int, float) and math.isfinite(value):
                raws.append(str(int(value)) if value == int(value) else str(value))
        if not raws:
            return None
        key = tuple(raws)
        label = self.label_ids.get(key)
        if label is None:
            facts = _combined_label([self.scanner.labels.facts(raw) for raw in raws])
            if not facts.text:
                return None
            label = self._new_label(key, facts)
        return label

    def _heading_label(self, index: int) -> int:
        key = ("heading", index)
        label = self.label_ids.get(key)
        if label is None:
            label = self._new_label(key, self.scanner.labels.facts(self.headings[index]))
        return label

    def _new_label(self, key: object, facts: LabelFacts) -> int:
        label = len(self.labels)
        self.labels.append(facts)
        self.label_ids[key] = label
        return label

    def _open_block(self) -> None:
        """Text rows between figures are notes of a long table; it has no subtitled blocks."""
        self.notes.extend(line.text for line in self.pending)
        self.pending = []

    def take_subheader(self, cells: list) -> bool:
        """Qualifiers under the years belong to wide tables; a long table's years are in its rows."""
        return False

    # Results --------------------------------------------------------------

    def finish(self, trailing: list[Line]) -> list[ImportedTable]:
        self.notes.extend(line.text for line in trailing)
        if not self.has_data:
            return []
        title, unit_lines = title_and_unit_lines(self.title_lines)
        blocks = np.frombuffer(self.entry_block, dtype=_int_type(self.entry_block))
        tables = []
        for block in range(len(self.value_index) if self.label_index else 1):
            entries = np.flatnonzero(blocks == block)
            if not entries.size:
                continue
            table = self._table(block, entries, title, unit_lines)
            if table is not None:
                tables.append(table)
        return tables

    def _table(self, block: int, entries: np.ndarray, title: str | None, unit_lines: list[Line]) -> ImportedTable | None:
        scanner = self.scanner
        if self.label_index:
            column = self.value_index[block]
            heading = self.headings[column]
            name = heading if len(self.value_index) > 1 else None
            header_column = column
        else:
            heading, name, header_column = "", None, self.year_index
        if scanner.hints.block and (name or "").casefold() != scanner.hints.block.casefold():
            return None
        by_period = sorted(self.period_ids, key=lambda p: (p.year, p.period))
        used = {int(p) for p in np.unique(np.frombuffer(self.entry_period, dtype=_int_type(self.entry_period))[entries])}
        periods = [p for p in by_period if self.period_ids[p] in used]
        column_of = {self.period_ids[p]: j for j, p in enumerate(periods)}
        rows_of: dict[int, list[int]] = {}
        row_facts: list[LabelFacts] = []
        row_sheet: list[int] = []
        filled: set[tuple[int, int]] = set()
        cells: dict[tuple[int, int], int] = {}
        duplicates = 0
        for entry in entries.tolist():
            label = self.entry_label[entry]
            j = column_of[self.entry_period[entry]]
            rows = rows_of.setdefault(label, [])
            i = next((i for i in rows if (i, j) not in filled), None)
            if i is None:
                duplicates += bool(rows)
                i = len(row_facts)
                rows.append(i)
                row_facts.append(self.labels[label])
                row_sheet.append(self.entry_row[entry])
            filled.add((i, j))
            cells[(i, j)] = entry
        values = np.full((len(row_facts), len(periods)), np.nan)
        positions, missing, cell_notes = {}, {}, {}
        first_column = scanner.first_column
        for (i, j), entry in cells.items():
            values[i, j] = self.entry_value[entry]
            positions[(i, j)] = (self.entry_row[entry], first_column + self.entry_column[entry])
            if entry in self.markers:
                missing[(i, j)] = self.markers[entry]
            if entry in self.entry_notes:
                cell_notes[(i, j)] = self.entry_notes[entry]
        header_cell = cell_ref(scanner.sheet, self.header_row, first_column + header_column)
        if duplicates:
            scanner.warn(header_cell, f"{plural(duplicates, 'label')} of this long table "
                                      "had two figures for one year: both kept, as separate rows")
        sources = [heading, *self.unit_texts, *(line.text for line in unit_lines), title or "", *self.notes]
        unit, scale = resolve_unit(sources, scanner.hints)
        unit = fraction_check(unit, values, header_cell, name, scanner.warn)
        return ImportedTable(
            sheet=scanner.sheet, title=title, block=name, unit=unit,
            scale=1 if unit in ("percent", "fraction") else scale, header_cell=header_cell,
            periods=tuple(periods),
            rows=TableRows(tuple(f.text for f in row_facts), tuple(f.iso3 for f in row_facts),
                           tuple(f.kind for f in row_facts), tuple(row_sheet),
                           tuple(f.notes for f in row_facts), tuple(f.currency for f in row_facts)),
            values=values, value_columns=(first_column + header_column,) * len(periods),
            missing=missing, cell_notes=cell_notes, cell_positions=positions,
            notes=tuple(self.notes), unit_lines=tuple(line.text for line in unit_lines), layout="long",
        )


def _int_type(values: array):
    return np.int64 if values.itemsize == 8 else np.int32


def _combined_label(parts: list[LabelFacts]) -> LabelFacts:
    """One label from several label columns: the ally names the row's ally, the other columns its line."""
    if len(parts) == 1:
        return parts[0]
    ally = next((part for part in parts if part.kind == ALLY), None)
    others = [part for part in parts if part is not ally]
    text = " / ".join(part.text for part in others if part.text)
    notes = tuple(note for part in parts for note in part.notes)
    currency = next((part.currency for part in parts if part.currency), None)
    if ally is not None:
        kind = TOTAL if any(part.kind == TOTAL for part in others) else ALLY
        return LabelFacts(text or ally.text, ally.iso3, kind, notes, currency)
    kind = next((part.kind for part in parts if part.kind != LINE), LINE)
    return LabelFacts(text, None, kind, notes, currency)
