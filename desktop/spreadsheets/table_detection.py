"""Finding tables in a sheet as its rows stream past: title and unit lines, year header, blocks, rows, notes."""

import math
import re
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from desktop.spreadsheets.cell_address import cell_ref
from desktop.spreadsheets.cell_numbers import missing_marker, parse_number, split_markers
from desktop.spreadsheets.import_report import ImportedTable, TableRows
from desktop.spreadsheets.row_labels import ALLY, classify, clean_label, plain_key
from desktop.spreadsheets.units import currency_code, detect_unit
from desktop.spreadsheets.year_headers import YearHeader, parse_year_header

Warn = Callable[[str | None, str], None]

_NOTE_LINE = re.compile(
    r"^(?:notes?\b|sources?\b|\*|†|\(?[a-z]\)\s|\[?note|figures? (?:for|in|are)\b|\d{1,2}[.)]\s|"
    r"data (?:for|are)\b|last updated|this (?:work)?sheet|please\b|'\. \.'|\.\.|xxx\b)",
    re.IGNORECASE,
)
_PAGE_NUMBER = re.compile(r"^[-–\s]*\d{1,3}[-–\s]*$")
_ESTIMATE_QUALIFIER = re.compile(r"\b(?:est\w*|forecast\w*|plan\w*|project\w*|provisional|budget|request\w*)\b|^e$",
                                 re.IGNORECASE)
# "persons" yields to any currency or percent: "Personnel (b)" heads a block of percentages.
_WEAK_UNIT = "persons"
_MAX_PRE_HEADER_LINES = 12
_NAN = math.nan


@dataclass(frozen=True)
class LayoutHints:
    """An explicit mapping's say on one sheet; None leaves a choice to detection."""

    header_row: int | None = None
    label_column: int | None = None
    unit: str | None = None
    scale: int | None = None
    block: str | None = None


@dataclass(frozen=True)
class _Line:
    row: int
    column: int
    text: str


class _LabelFacts(NamedTuple):
    """A row label understood; a named tuple because one is built per row of 100,000-row sheets."""

    text: str
    iso3: str | None
    kind: str
    notes: tuple[str, ...]
    currency: str | None


def _is_note(line: _Line) -> bool:
    return len(line.text) > 120 or bool(_NOTE_LINE.match(line.text))


class _Block:
    """The rows under one subtitle, gathered column by column as they stream in."""

    def __init__(self, name: str | None, row: int):
        self.name = name
        self.row = row
        self.facts: list[_LabelFacts] = []
        self.sheet_rows: list[int] = []
        self.values = array("d")
        self.missing: dict[tuple[int, int], str] = {}
        self.cell_notes: dict[tuple[int, int], tuple[str, ...]] = {}

    def add(self, facts: _LabelFacts, row: int) -> int:
        self.facts.append(facts)
        self.sheet_rows.append(row)
        return len(self.facts) - 1

    def rows(self) -> TableRows:
        facts = self.facts
        return TableRows(tuple(f.text for f in facts), tuple(f.iso3 for f in facts),
                         tuple(f.kind for f in facts), tuple(self.sheet_rows),
                         tuple(f.notes for f in facts), tuple(f.currency for f in facts))


class _WideTable:
    """A table with years across: one header row of years, labels to their left, rows below."""

    def __init__(self, scanner: "SheetScanner", header_row: int, years: Sequence[tuple[int, YearHeader]],
                 header_texts: list[str], title_lines: list[_Line]):
        self.scanner = scanner
        self.header_row = header_row
        self.periods = [header for _, header in years]
        self.value_index = [index for index, _ in years]
        first, last = self.value_index[0], self.value_index[-1]
        self.contiguous = self.value_index == list(range(first, last + 1))
        self.width = last + 1
        label_column = scanner.hints.label_column
        self.label_index = ([label_column - scanner.first_column] if label_column is not None
                            else list(range(first)))
        self.header_texts = header_texts
        self.title_lines = title_lines
        self.subheader_texts: list[str] = []
        self.pending: list[_Line] = []
        self.notes: list[str] = []
        self.blocks = [_Block(None, header_row)]
        self.has_data = False

    # Rows -----------------------------------------------------------------

    def take_row(self, cells: list, row: int) -> bool:
        """Add the row if it holds figures; False leaves it to the scanner (text, blank, header)."""
        if len(cells) < self.width:
            cells = list(cells) + [""] * (self.width - len(cells))
        values = cells[self.value_index[0]:self.width] if self.contiguous else [cells[i] for i in self.value_index]
        try:
            numbers = array("d", values)
        except TypeError:
            return self._take_mixed_row(cells, row, values)
        # array() reads True as 1.0: only then look for booleans, which are not figures.
        if (1.0 in numbers or 0.0 in numbers) and any(type(value) is bool for value in values):
            return self._take_mixed_row(cells, row, values)
        facts = self._label(cells, row)
        if facts is not None:
            block = self._block()
            block.add(facts, row)
            block.values.extend(numbers)
        return True

    def _take_mixed_row(self, cells: list, row: int, values: list) -> bool:
        numbers: list[float] = []
        markers: dict[int, str] = {}
        notes: dict[int, tuple[str, ...]] = {}
        errors: list[int] = []
        texts: list[int] = []
        decimal_comma = self.scanner.decimal_comma
        for j, value in enumerate(values):
            kind = type(value)
            if kind is float or kind is int:
                numbers.append(float(value))
                continue
            numbers.append(_NAN)
            if kind is not str:
                texts.append(j)
                continue
            text = value.strip()
            if not text:
                continue
            marker = missing_marker(text)
            if marker is not None:
                (errors.append(j) if marker.startswith("#") else markers.__setitem__(j, marker))
                continue
            number = parse_number(text, decimal_comma)
            if number is None:
                texts.append(j)
                continue
            numbers[j] = number
            glued = split_markers(text)[1]
            if glued:
                notes[j] = glued
        has_figures = len(markers) + sum(1 for n in numbers if n == n) > 0
        self.scanner.saw_gaps = True
        if errors:
            self.scanner.warn(self._cell(row, errors[0]),
                              f"{_plural(len(errors), 'error value')} ({values[errors[0]].strip()}) ignored")
        if not has_figures:
            return bool(errors)
        facts = self._label(cells, row)
        if facts is None:
            return True
        if texts:
            self.scanner.warn(self._cell(row, texts[0]),
                              f"text {str(values[texts[0]]).strip()!r} where a number was expected: ignored")
        block = self._block()
        i = block.add(facts, row)
        block.values.extend(numbers)
        for j, marker in markers.items():
            block.missing[(i, j)] = marker
        for j, glued in notes.items():
            block.cell_notes[(i, j)] = glued
        return True

    def _label(self, cells: list, row: int) -> _LabelFacts | None:
        raw = None
        for index in self.label_index:
            value = cells[index]
            if type(value) is str and value.strip():
                raw = value
                break
        if raw is None:
            raw = _numeric_label(cells, self.label_index)
        if raw is None:
            self.scanner.warn(self._cell(row, 0), "a row of figures without a label was skipped")
            return None
        facts = self.scanner.label_facts(raw)
        if facts.kind != ALLY and len(self.label_index) > 1:
            for index in self.label_index:
                other = cells[index]
                if type(other) is str and other is not raw and other.strip():
                    also = self.scanner.label_facts(other)
                    if also.kind == ALLY:
                        return _LabelFacts(facts.text, also.iso3, ALLY, facts.notes, facts.currency)
        return facts

    def take_subheader(self, cells: list) -> bool:
        """Absorb a row of qualifiers under the years ("Outturn", "Plans", "£m") before any figures."""
        if self.has_data or self.pending:
            return False
        texts = {}
        for j, index in enumerate(self.value_index):
            value = cells[index] if index < len(cells) else ""
            if type(value) is str and value.strip():
                texts[j] = value.strip()
        if not texts:
            return False
        for j, text in texts.items():
            period = self.periods[j]
            estimate = period.estimate or bool(_ESTIMATE_QUALIFIER.search(text))
            self.periods[j] = YearHeader(period.year, f"{period.period} {text}", estimate)
        self.subheader_texts.extend(texts.values())
        return True

    def _block(self) -> _Block:
        if self.pending:
            self._open_block()
        self.has_data = True
        return self.blocks[-1]

    def _open_block(self) -> None:
        subtitle = None
        for line in self.pending:
            if _is_note(line):
                self.notes.append(line.text)
            else:
                subtitle = line
        self.pending = []
        if subtitle is None:
            return
        clean = clean_label(subtitle.text)
        name = f"{clean.text} ({clean.currency})" if clean.currency else clean.text or subtitle.text
        if self.blocks[-1].facts or self.blocks[-1].name is not None:
            self.blocks.append(_Block(name, subtitle.row))
        else:
            self.blocks[-1] = _Block(name, subtitle.row)

    def _cell(self, row: int, j: int) -> str:
        return cell_ref(self.scanner.sheet, row, self.scanner.first_column + self._index_of(j))

    def _index_of(self, j: int) -> int:
        return self.value_index[j] if j < len(self.value_index) else self.value_index[0]

    # Results --------------------------------------------------------------

    def finish(self, trailing: list[_Line]) -> list[ImportedTable]:
        self.notes.extend(line.text for line in trailing)
        scanner = self.scanner
        title, unit_lines = _title_and_unit_lines(self.title_lines)
        header_cell = cell_ref(scanner.sheet, self.header_row, scanner.first_column + self.value_index[0])
        value_columns = tuple(scanner.first_column + i for i in self.value_index)
        tables = []
        for block in self.blocks:
            if not block.facts:
                continue
            if scanner.hints.block and (block.name or "").casefold() != scanner.hints.block.casefold():
                continue
            sources = [block.name or "", *self.subheader_texts, *self.header_texts,
                       *(line.text for line in unit_lines), title or "", *self.notes]
            unit, scale = _resolve_unit(sources, scanner.hints)
            values = np.frombuffer(block.values, dtype=float).reshape(len(block.facts), len(self.periods))
            unit = _fraction_check(unit, values, header_cell, block.name, scanner.warn)
            tables.append(ImportedTable(
                sheet=scanner.sheet, title=title, block=block.name, unit=unit,
                scale=1 if unit in ("percent", "fraction") else scale, header_cell=header_cell,
                periods=tuple(self.periods),
                rows=block.rows(),
                values=values, value_columns=value_columns, missing=block.missing,
                cell_notes=block.cell_notes, notes=tuple(self.notes),
            ))
        return tables


class SheetScanner:
    """Reads one sheet's rows in order and finds its tables without holding the sheet in memory."""

    def __init__(self, sheet: str, warn: Warn, *, first_column: int = 0, decimal_comma: bool | None = None,
                 hints: LayoutHints = LayoutHints()):
        self.sheet = sheet
        self.warn = warn
        self.first_column = first_column
        self.decimal_comma = decimal_comma
        self.hints = hints
        self.saw_gaps = False
        self.tables: list[ImportedTable] = []
        self._table: _WideTable | None = None
        self._lines: list[_Line] = []
        self._labels: dict[str, _LabelFacts] = {}

    def feed(self, cells: list, row: int) -> None:
        """Take the next row (one-based sheet row number; cells start at first_column)."""
        table = self._table
        if table is not None and table.take_row(cells, row):
            return
        if not any(type(value) is not str or value.strip() for value in cells):
            return
        header = self._header(cells, row)
        if header is not None:
            self._start_table(row, *header)
            return
        if table is not None and table.take_subheader(cells):
            return
        self.saw_gaps = self.saw_gaps or table is not None
        line = self._line(cells, row)
        if line is None:
            return
        if table is not None:
            table.pending.append(line)
        else:
            self._lines.append(line)
            if len(self._lines) > _MAX_PRE_HEADER_LINES:
                del self._lines[1]

    def finish(self) -> list[ImportedTable]:
        """All tables found, in sheet order."""
        if self._table is not None:
            self.tables.extend(self._table.finish(self._table.pending))
            self._table = None
        elif self.hints.header_row is not None:
            self.warn(None, f"sheet {self.sheet}: row {self.hints.header_row} holds no years")
        return self.tables

    def label_facts(self, raw: str) -> _LabelFacts:
        facts = self._labels.get(raw)
        if facts is None:
            key = plain_key(raw)
            if key is None:
                clean = clean_label(raw)
                kind, iso3 = classify(clean.text)
                code = currency_code(clean.currency, iso3) if clean.currency else None
                facts = _LabelFacts(clean.text, iso3, kind, clean.notes, code)
            else:
                kind, iso3 = classify(raw, key)
                facts = _LabelFacts(raw, iso3, kind, (), None)
            # Labels repeat across blocks (allies) but 100,000 distinct lines must not pile up here.
            if len(self._labels) < 10_000:
                self._labels[raw] = facts
        return facts

    def _header(self, cells: list, row: int) -> tuple[list, list[str]] | None:
        header_row = self.hints.header_row
        if header_row is not None and row != header_row:
            return None
        years: list[tuple[int, YearHeader]] = []
        texts: list[tuple[int, str]] = []
        plain_numbers = 0
        for index, value in enumerate(cells):
            kind = type(value)
            if kind is str:
                if not value or value.isspace():
                    continue
                header = parse_year_header(value) if any(ch.isdigit() for ch in value) else None
                if header is None:
                    texts.append((index, value.strip()))
                else:
                    years.append((index, header))
            elif kind is float or kind is int:
                header = parse_year_header(value)
                if header is None:
                    plain_numbers += 1
                    if plain_numbers > 1:
                        return None
                else:
                    years.append((index, header))
        if header_row is None and (len(years) < 2 or plain_numbers or not _ordered(years)):
            return None
        if not years:
            return None
        first_year = years[0][0]
        others = [text for index, text in texts if index > first_year]
        if others:
            self.warn(cell_ref(self.sheet, row, self.first_column + first_year),
                      f"columns headed {', '.join(repr(t) for t in others[:3])} are not years: not imported")
        return years, [text for index, text in texts if index < first_year]

    def _start_table(self, row: int, years: list, texts: list[str]) -> None:
        previous = self._table
        if previous is None:
            title_lines, self._lines = self._lines, []
        else:
            trailing, title_lines = _split_between_tables(previous.pending)
            self.tables.extend(previous.finish(trailing))
        self._table = _WideTable(self, row, years, texts, title_lines)

    def _line(self, cells: list, row: int) -> _Line | None:
        parts = []
        column = None
        for index, value in enumerate(cells):
            if type(value) is str:
                value = value.strip()
            elif isinstance(value, float) and value.is_integer():
                value = str(int(value))
            if value != "":
                parts.append(str(value))
                column = index if column is None else column
        text = " ".join(" ".join(parts).split())
        if not text or _PAGE_NUMBER.match(text):
            return None
        return _Line(row, self.first_column + (column or 0), text)


def _ordered(years: list[tuple[int, YearHeader]]) -> bool:
    """Years that run one way (either way, repeats allowed) and are not all the same."""
    numbers = [header.year for _, header in years]
    steps = [b - a for a, b in zip(numbers, numbers[1:])]
    return len(set(numbers)) > 1 and (all(s >= 0 for s in steps) or all(s <= 0 for s in steps))


def _split_between_tables(lines: list[_Line]) -> tuple[list[_Line], list[_Line]]:
    """Lines between two tables: notes of the first, then the title lines of the next."""
    split = len(lines)
    while split > 0 and not _is_note(lines[split - 1]) and (
            split == len(lines) or lines[split].row - lines[split - 1].row <= 2):
        split -= 1
    return lines[:split], lines[split:]


def _title_and_unit_lines(lines: list[_Line]) -> tuple[str | None, list[_Line]]:
    titles = [line for line in lines if not _is_note(line)]
    if not titles:
        return None, lines
    title = titles[0]
    return title.text, [line for line in lines if line is not title]


def _resolve_unit(sources: list[str], hints: LayoutHints) -> tuple[str | None, int]:
    unit = hints.unit
    weak_unit = None
    scale = hints.scale
    for text in sources:
        if not text or (unit is not None and scale is not None):
            continue
        guess = detect_unit(text)
        if unit is None and guess.unit is not None:
            if guess.unit == _WEAK_UNIT:
                weak_unit = weak_unit or guess.unit
            else:
                unit = guess.unit
        if scale is None and guess.scale is not None:
            scale = guess.scale
    return unit or weak_unit, scale or 1


def _fraction_check(unit: str | None, values: np.ndarray, header_cell: str, block: str | None,
                    warn: Warn) -> str | None:
    """A percent heading over values no bigger than 1 means fractions (0.021 for 2.1%): say so."""
    if unit != "percent":
        return unit
    finite = values[~np.isnan(values)]
    if finite.size < 3:
        return unit
    largest = float(np.abs(finite).max())
    if not 0 < largest <= 1:
        return unit
    where = f" under {block!r}" if block else ""
    warn(header_cell, f"figures{where} are fractions under a percent heading (0.021 means 2.1%): "
                      "reported as fractions, not multiplied by 100")
    return "fraction"


def _numeric_label(cells: list, label_index: list[int]) -> str | None:
    """A code standing as the label ("1001"), when the label columns hold no text."""
    for index in label_index:
        value = cells[index]
        if type(value) in (int, float) and math.isfinite(value):
            return str(int(value)) if value == int(value) else str(value)
    return None


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"

