"""What wide and long tables share: text lines, label facts, cell values, units and the fraction check."""

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple, Protocol

import numpy as np

from desktop.spreadsheets.reading.cell_numbers import missing_marker, parse_number, split_markers
from desktop.spreadsheets.reading.row_labels import classify, classify_plain, clean_label, plain_key
from desktop.spreadsheets.reading.units import currency_code, detect_unit

Warn = Callable[[str | None, str], None]

_NOTE_LINE = re.compile(
    r"^(?:notes?\b|sources?\b|\*|†|\(?[a-z]\)\s|\[?note|figures? (?:for|in|are)\b|\d{1,2}[.)]\s|"
    r"data (?:for|are)\b|last updated|this (?:work)?sheet|please\b|'\. \.'|\.\.|xxx\b)",
    re.IGNORECASE,
)
# "persons" yields to any currency or percent: "Personnel (b)" heads a block of percentages.
# Labels repeat across blocks (allies) but 100,000 distinct lines must not pile up in the cache.
_LABEL_CACHE_SIZE = 10_000
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
class Line:
    """A row of text (title, unit line, subtitle, note) joined into one string."""

    row: int
    column: int
    text: str


class LabelFacts(NamedTuple):
    """A row label understood; a named tuple because one is built per row of 100,000-row sheets."""

    text: str
    iso3: str | None
    kind: str
    notes: tuple[str, ...]
    currency: str | None


class CellValue(NamedTuple):
    """A cell read as a figure: its number (NaN if none), a missing marker, glued notes, or why it is not one."""

    number: float
    marker: str | None = None
    notes: tuple[str, ...] = ()
    error: bool = False
    text: bool = False


_EMPTY = CellValue(_NAN)
_NOT_A_FIGURE = CellValue(_NAN, text=True)


def read_cell(value: object, decimal_comma: bool | None) -> CellValue:
    """What a cell says as a figure: numbers, numbers written as text, missing markers, error values."""
    kind = type(value)
    if kind is float or kind is int:
        number = float(value)
        return CellValue(number) if number - number == 0 else _NOT_A_FIGURE
    if kind is not str:
        return _NOT_A_FIGURE
    text = value.strip()
    if not text:
        return _EMPTY
    marker = missing_marker(text)
    if marker is not None:
        return CellValue(_NAN, error=True) if marker.startswith("#") else CellValue(_NAN, marker)
    number = parse_number(text, decimal_comma)
    if number is None:
        return _NOT_A_FIGURE
    return CellValue(number, notes=split_markers(text)[1])


def not_a_figure(value: object) -> str:
    """The warning for a cell where a figure was expected but read_cell found none."""
    if type(value) is float:
        return f"a number too large to read ({value}): ignored"
    return f"text {str(value).strip()!r} where a number was expected: ignored"


class LabelReader:
    """Row labels to label facts, cached, one at a time or a column at a time."""

    def __init__(self):
        self._cache: dict[str, LabelFacts] = {}

    def facts(self, raw: str) -> LabelFacts:
        facts = self._cache.get(raw)
        if facts is None:
            key = plain_key(raw)
            if key is None:
                clean = clean_label(raw)
                kind, iso3 = classify(clean.text)
                code = currency_code(clean.currency, iso3) if clean.currency else None
                facts = LabelFacts(clean.text, iso3, kind, clean.notes, code)
            else:
                kind, iso3 = classify(raw, key)
                facts = LabelFacts(raw, iso3, kind, (), None)
            if len(self._cache) < _LABEL_CACHE_SIZE:
                self._cache[raw] = facts
        return facts

    def columns(self, labels: list[str]) -> tuple[list, list, list, list, list] | None:
        """Texts, ISO3 codes, kinds, notes and currencies of many labels; None if one is blank.

        Plain labels ("Budget line 17") need no cleaning: they are classified in bulk,
        without building a LabelFacts each.
        """
        if not labels:
            return [], [], [], [], []
        plain = classify_plain(labels)
        if plain is not None:
            kinds, iso3 = plain
            return labels, iso3, kinds, [()] * len(labels), [None] * len(labels)
        facts = [self.facts(raw) for raw in labels]
        if any(not f.text for f in facts):
            return None
        texts, iso3, kinds, notes, currencies = zip(*facts)
        return list(texts), list(iso3), list(kinds), list(notes), list(currencies)


def is_note(line: Line) -> bool:
    return len(line.text) > 120 or bool(_NOTE_LINE.match(line.text))


def title_and_unit_lines(lines: list[Line]) -> tuple[str | None, list[Line]]:
    titles = [line for line in lines if not is_note(line)]
    if not titles:
        return None, lines
    title = titles[0]
    return title.text, [line for line in lines if line is not title]


def resolve_unit(sources: list[str], hints: LayoutHints) -> tuple[str | None, int]:
    """The unit and scale the first telling source states; the hints, when given, win."""
    unit = hints.unit
    weak_unit = None
    scale = hints.scale
    for text in sources:
        if not text or (unit is not None and scale is not None):
            continue
        guess = detect_unit(text)
        if unit is None and guess.unit is not None:
            if guess.weak:
                weak_unit = weak_unit or guess.unit
            else:
                unit = guess.unit
        if scale is None and guess.scale is not None:
            scale = guess.scale
    return unit or weak_unit, scale or 1


def fraction_check(unit: str | None, values: np.ndarray, header_cell: str, block: str | None,
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


def plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


class SheetContext(Protocol):
    """What a long table asks of the sheet scanner that feeds it (kept here so neither module imports the other)."""

    sheet: str
    warn: Warn
    first_column: int
    decimal_comma: bool | None
    hints: LayoutHints
    labels: LabelReader

    def wide_header(self, cells: list, row: int) -> object | None:
        """The wide table header that this row starts, if any."""
