"""Finding tables in a sheet as its rows stream past: title and unit lines, year header, blocks, rows, notes."""

import math
import re
from array import array
from collections.abc import Sequence

import numpy as np

from desktop.spreadsheets.reading.cell_address import cell_ref, column_letters
from desktop.spreadsheets.reading.import_errors import UnreadableContent, quoted
from desktop.spreadsheets.reading.import_report import ImportedTable, TableRows
from desktop.spreadsheets.reading.long_tables import LongTable, long_header
from desktop.spreadsheets.reading.row_labels import ALLY, clean_label
from desktop.spreadsheets.reading.table_parts import (
    LabelFacts, LabelReader, LayoutHints, Line, Warn, fraction_check, is_note, not_a_figure, plural, read_cell,
    resolve_unit, title_and_unit_lines,
)
from desktop.spreadsheets.reading.year_headers import YearHeader, parse_year_header

__all__ = ["LayoutHints", "SheetScanner"]

_PAGE_NUMBER = re.compile(r"^[-–\s]*\d{1,3}[-–\s]*$")
_ESTIMATE_QUALIFIER = re.compile(r"\b(?:est\w*|forecast\w*|plan\w*|project\w*|provisional|budget|request\w*)\b|^e$",
                                 re.IGNORECASE)
_MAX_PRE_HEADER_LINES = 12
# Below this many rows a run of figures goes row by row: the bulk path's set-up would cost more.
_MIN_BULK_ROWS = 16
# A bulk attempt starts on this many rows and grows while whole windows go through.
_FIRST_BULK_WINDOW = 64


class _Block:
    """The rows under one subtitle, gathered column by column as they stream in."""

    def __init__(self, name: str | None, row: int):
        self.name = name
        self.row = row
        self.labels: list[str] = []
        self.iso3: list[str | None] = []
        self.kinds: list[str] = []
        self.notes: list[tuple[str, ...]] = []
        self.currencies: list[str | None] = []
        self.sheet_rows: list[int] = []
        self.values = array("d")
        self.missing: dict[tuple[int, int], str] = {}
        self.cell_notes: dict[tuple[int, int], tuple[str, ...]] = {}

    def __len__(self) -> int:
        return len(self.labels)

    def add(self, facts: LabelFacts, row: int) -> int:
        self.labels.append(facts.text)
        self.iso3.append(facts.iso3)
        self.kinds.append(facts.kind)
        self.notes.append(facts.notes)
        self.currencies.append(facts.currency)
        self.sheet_rows.append(row)
        return len(self.labels) - 1

    def add_many(self, columns: tuple[list, list, list, list, list], first_row: int, numbers: array) -> None:
        texts, iso3, kinds, notes, currencies = columns
        self.labels.extend(texts)
        self.iso3.extend(iso3)
        self.kinds.extend(kinds)
        self.notes.extend(notes)
        self.currencies.extend(currencies)
        self.sheet_rows.extend(range(first_row, first_row + len(texts)))
        self.values.extend(numbers)

    def rows(self) -> TableRows:
        return TableRows(tuple(self.labels), tuple(self.iso3), tuple(self.kinds), tuple(self.sheet_rows),
                         tuple(self.notes), tuple(self.currencies))


class _WideTable:
    """A table with years across: one header row of years, labels to their left, rows below."""

    def __init__(self, scanner: "SheetScanner", header_row: int, years: Sequence[tuple[int, YearHeader]],
                 header_texts: list[str], title_lines: list[Line]):
        self.scanner = scanner
        self.header_row = header_row
        self.periods = [header for _, header in years]
        self.value_index = [index for index, _ in years]
        first, last = self.value_index[0], self.value_index[-1]
        self.contiguous = self.value_index == list(range(first, last + 1))
        self.width = last + 1
        self.label_index = self._chosen_label_index(header_row) or list(range(first))
        self.row_length = max(self.width, self.label_index[-1] + 1 if self.label_index else 0)
        self.unlabelled_rows = 0
        self.header_texts = header_texts
        self.title_lines = title_lines
        self.subheader_texts: list[str] = []
        self.pending: list[Line] = []
        self.notes: list[str] = []
        self.blocks = [_Block(None, header_row)]
        self.has_data = False

    def _chosen_label_index(self, header_row: int) -> list[int]:
        """The label column the mapping names, refused when it holds the years or lies left of every cell."""
        scanner = self.scanner
        label_column = scanner.hints.label_column
        if label_column is None:
            return []
        if label_column - scanner.first_column in self.value_index:
            raise UnreadableContent(f"column {column_letters(label_column)} holds the years of the table at "
                                    f"{self._header_cell(header_row)}: choose the column that names the rows")
        if label_column < scanner.first_column:
            raise self._empty_label_column(header_row)
        return [label_column - scanner.first_column]

    def _header_cell(self, header_row: int) -> str:
        return cell_ref(self.scanner.sheet, header_row, self.scanner.first_column + self.value_index[0])

    def _empty_label_column(self, header_row: int) -> UnreadableContent:
        letters = column_letters(self.scanner.hints.label_column)
        return UnreadableContent(f"column {letters} is empty in the rows of the table at "
                                 f"{self._header_cell(header_row)}: choose the column that names the rows")

    # Rows -----------------------------------------------------------------

    def take_row(self, cells: list, row: int) -> bool:
        """Add the row if it holds figures; False leaves it to the scanner (text, blank, header)."""
        if len(cells) < self.row_length:
            cells = list(cells) + [""] * (self.row_length - len(cells))
        values = cells[self.value_index[0]:self.width] if self.contiguous else [cells[i] for i in self.value_index]
        try:
            numbers = array("d", values)
        except TypeError:
            return self._take_mixed_row(cells, row, values)
        # array() reads True as 1.0: only then look for booleans, which are not figures.
        if (1.0 in numbers or 0.0 in numbers) and any(type(value) is bool for value in values):
            return self._take_mixed_row(cells, row, values)
        if not math.isfinite(sum(numbers)):
            return self._take_mixed_row(cells, row, values)
        facts = self._label(cells, row)
        if facts is not None:
            block = self._block()
            block.add(facts, row)
            block.values.extend(numbers)
        return True

    def take_rows(self, rows: list, start: int, stop: int, first_row: int) -> int:
        """Add the run of plain rows in rows[start:stop] in one go; how many were taken (0: none).

        A plain row has a number in every year column and one text label in the same
        label column as the run's first row, with the other label columns empty; that
        is what the row-by-row path would accept without a second look, so both paths
        read a row the same way. The run stops at the first row that is not plain.
        """
        width, length = self.width, self.row_length
        run = rows[start:stop]
        if min(map(len, run)) < length:
            run = run[:next(k for k, cells in enumerate(run) if len(cells) < length)]
        if len(run) < _MIN_BULK_ROWS:
            return 0
        label_column = self._bulk_label_column(run[0])
        if label_column is None:
            return 0
        first, index, count = self.value_index[0], self.value_index, len(self.value_index)
        if self.contiguous:
            flat = [value for cells in run for value in cells[first:width]]
        else:
            flat = [cells[i] for cells in run for i in index]
        try:
            numbers = array("d", flat)
        except TypeError:
            end = next(k for k, value in enumerate(flat) if type(value) not in (float, int)) // count
            run, flat = run[:end], flat[:end * count]
            numbers = array("d", flat)
        # Checked by numpy over the whole run: array's own `in` makes a float object per value.
        values = np.frombuffer(numbers, dtype=float)
        if not np.isfinite(values).all():
            # A number too large for a float reads as infinity: the row-by-row path warns about it.
            end = int(np.argmin(np.isfinite(values))) // count
            run, flat, numbers = run[:end], flat[:end * count], numbers[:end * count]
            values = values[:end * count]
        # array() reads True as 1.0: only then look for booleans, which are not figures.
        if ((values == 1.0) | (values == 0.0)).any() and bool in set(map(type, flat)):
            return 0
        labels = [cells[label_column] for cells in run]
        end = self._plain_label_end(run, labels, label_column)
        if end < _MIN_BULK_ROWS:
            return 0
        if end < len(run):
            labels, numbers = labels[:end], numbers[:end * count]
        columns = self.scanner.labels.columns(labels)
        if columns is None:
            return 0
        self._block().add_many(columns, first_row, numbers)
        return end

    def _bulk_label_column(self, cells: list) -> int | None:
        for index in self.label_index:
            value = cells[index] if index < len(cells) else ""
            if type(value) is str and value.strip():
                return index
            if value != "":
                return None
        return None

    def _plain_label_end(self, run: list, labels: list, label_column: int) -> int:
        """Where the run's plain labels stop: a row whose label is not text or another label column is not empty."""
        end = len(run)
        if not run:
            return 0
        if set(map(type, labels)) != {str} or "" in labels:
            end = next(k for k, label in enumerate(labels) if type(label) is not str or not label)
        for index in self.label_index:
            if index == label_column:
                continue
            others = [cells[index] for cells in run[:end]]
            if others.count("") != len(others):
                end = next(k for k, other in enumerate(others) if other != "")
        return end

    def _take_mixed_row(self, cells: list, row: int, values: list) -> bool:
        numbers: list[float] = []
        markers: dict[int, str] = {}
        notes: dict[int, tuple[str, ...]] = {}
        errors: list[int] = []
        texts: list[int] = []
        decimal_comma = self.scanner.decimal_comma
        for j, value in enumerate(values):
            cell = read_cell(value, decimal_comma)
            numbers.append(cell.number)
            if cell.error:
                errors.append(j)
            elif cell.text:
                texts.append(j)
            elif cell.marker is not None:
                markers[j] = cell.marker
            elif cell.notes:
                notes[j] = cell.notes
        has_figures = len(markers) + sum(1 for n in numbers if n == n) > 0
        self.scanner.saw_gaps = True
        if errors:
            self.scanner.warn(self._cell(row, errors[0]),
                              f"{plural(len(errors), 'error value')} ({quoted(values[errors[0]].strip())}) ignored")
        if not has_figures:
            return bool(errors)
        facts = self._label(cells, row)
        if facts is None:
            return True
        if texts:
            self.scanner.warn(self._cell(row, texts[0]), not_a_figure(values[texts[0]]))
        block = self._block()
        i = block.add(facts, row)
        block.values.extend(numbers)
        for j, marker in markers.items():
            block.missing[(i, j)] = marker
        for j, glued in notes.items():
            block.cell_notes[(i, j)] = glued
        return True

    def _label(self, cells: list, row: int) -> LabelFacts | None:
        raw = None
        for index in self.label_index:
            value = cells[index]
            if type(value) is str and value.strip():
                raw = value
                break
        if raw is None:
            raw = _numeric_label(cells, self.label_index)
        if raw is None:
            self.unlabelled_rows += 1
            self.scanner.warn(self._cell(row, 0), "a row of figures without a label was skipped")
            return None
        labels = self.scanner.labels
        facts = labels.facts(raw)
        if facts.kind != ALLY and len(self.label_index) > 1:
            for index in self.label_index:
                other = cells[index]
                if type(other) is str and other is not raw and other.strip():
                    also = labels.facts(other)
                    if also.kind == ALLY:
                        return LabelFacts(facts.text, also.iso3, ALLY, facts.notes, facts.currency)
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
            if is_note(line):
                self.notes.append(line.text)
            else:
                subtitle = line
        self.pending = []
        if subtitle is None:
            return
        clean = clean_label(subtitle.text)
        name = f"{clean.text} ({clean.currency})" if clean.currency else clean.text or subtitle.text
        if len(self.blocks[-1]) or self.blocks[-1].name is not None:
            self.blocks.append(_Block(name, subtitle.row))
        else:
            self.blocks[-1] = _Block(name, subtitle.row)

    def _cell(self, row: int, j: int) -> str:
        return cell_ref(self.scanner.sheet, row, self.scanner.first_column + self._index_of(j))

    def _index_of(self, j: int) -> int:
        return self.value_index[j] if j < len(self.value_index) else self.value_index[0]

    # Results --------------------------------------------------------------

    def finish(self, trailing: list[Line]) -> list[ImportedTable]:
        self.notes.extend(line.text for line in trailing)
        scanner = self.scanner
        if scanner.hints.label_column is not None and self.unlabelled_rows and not self.has_data:
            raise self._empty_label_column(self.header_row)
        title, unit_lines = title_and_unit_lines(self.title_lines)
        header_cell = cell_ref(scanner.sheet, self.header_row, scanner.first_column + self.value_index[0])
        value_columns = tuple(scanner.first_column + i for i in self.value_index)
        tables = []
        for block in self.blocks:
            if not len(block):
                continue
            if scanner.hints.block and (block.name or "").casefold() != scanner.hints.block.casefold():
                continue
            sources = [block.name or "", *self.subheader_texts, *self.header_texts,
                       *(line.text for line in unit_lines), title or "", *self.notes]
            unit, scale = resolve_unit(sources, scanner.hints)
            values = np.frombuffer(block.values, dtype=float).reshape(len(block), len(self.periods))
            unit = fraction_check(unit, values, header_cell, block.name, scanner.warn)
            tables.append(ImportedTable(
                sheet=scanner.sheet, title=title, block=block.name, unit=unit,
                scale=1 if unit in ("percent", "fraction") else scale, header_cell=header_cell,
                periods=tuple(self.periods),
                rows=block.rows(),
                values=values, value_columns=value_columns, missing=block.missing,
                cell_notes=block.cell_notes, notes=tuple(self.notes), unit_lines=tuple(line.text for line in unit_lines),
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
        self.labels = LabelReader()
        self._table: _WideTable | LongTable | None = None
        self._lines: list[Line] = []

    def feed_rows(self, rows: list, first_row: int) -> None:
        """Take consecutive rows, the first being sheet row first_row; runs of plain figures go in bulk."""
        position = 0
        count = len(rows)
        window = _FIRST_BULK_WINDOW
        while position < count:
            table = self._table
            if type(table) is _WideTable and table.has_data:
                taken = table.take_rows(rows, position, position + window, first_row + position)
                if taken:
                    position += taken
                    window = window * 4 if taken == window else _FIRST_BULK_WINDOW
                    continue
                # Row by row for a while: a bulk attempt that fails costs a scan of its window.
                window = _FIRST_BULK_WINDOW
                stop = min(position + _MIN_BULK_ROWS, count)
            else:
                stop = position + 1
            for index in range(position, stop):
                self.feed(rows[index], first_row + index)
            position = stop

    def feed(self, cells: list, row: int) -> None:
        """Take the next row (one-based sheet row number; cells start at first_column)."""
        table = self._table
        if table is not None:
            if table.take_row(cells, row):
                return
            if type(table) is LongTable and not table.has_data:
                self._abandon(table)
                table = None
        if not any(type(value) is not str or value.strip() for value in cells):
            return
        header = self.wide_header(cells, row)
        if header is not None:
            self._start_table(row, _WideTable, *header)
            return
        if table is not None and table.take_subheader(cells):
            return
        if self.hints.header_row in (None, row) and (long := long_header(cells, self.hints)) is not None:
            self._start_table(row, LongTable, long)
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
            self.warn(None, f"sheet {quoted(self.sheet)}: row {self.hints.header_row} holds no years")
        return self.tables

    def wide_header(self, cells: list, row: int) -> tuple[list, list[str]] | None:
        """The years across a header row and the texts left of them, or None when the row is no such header."""
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

    def _start_table(self, row: int, shape: type, *header) -> None:
        previous = self._table
        if previous is None:
            title_lines, self._lines = self._lines, []
        else:
            trailing, title_lines = _split_between_tables(previous.pending)
            self.tables.extend(previous.finish(trailing))
        self._table = shape(self, row, *header, title_lines)

    def _abandon(self, table: LongTable) -> None:
        """A "Year" heading with no years under it was a line of text after all."""
        self._table = None
        header = self._line([table.headings[i] for i in sorted(table.headings)], table.header_row)
        self._lines = [*table.title_lines, *([header] if header else []), *table.pending][-_MAX_PRE_HEADER_LINES:]

    def _line(self, cells: list, row: int) -> Line | None:
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
        return Line(row, self.first_column + (column or 0), text)


def _ordered(years: list[tuple[int, YearHeader]]) -> bool:
    """Years that run one way (either way, repeats allowed) and are not all the same."""
    numbers = [header.year for _, header in years]
    steps = [b - a for a, b in zip(numbers, numbers[1:])]
    return len(set(numbers)) > 1 and (all(s >= 0 for s in steps) or all(s <= 0 for s in steps))


def _split_between_tables(lines: list[Line]) -> tuple[list[Line], list[Line]]:
    """Lines between two tables: notes of the first, then the title lines of the next."""
    split = len(lines)
    while split > 0 and not is_note(lines[split - 1]) and (
            split == len(lines) or lines[split].row - lines[split - 1].row <= 2):
        split -= 1
    return lines[:split], lines[split:]


def _numeric_label(cells: list, label_index: list[int]) -> str | None:
    """A code standing as the label ("1001"), when the label columns hold no text."""
    for index in label_index:
        value = cells[index]
        if type(value) in (int, float) and math.isfinite(value):
            return str(int(value)) if value == int(value) else str(value)
    return None
