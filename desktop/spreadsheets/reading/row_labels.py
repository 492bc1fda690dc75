"""Row labels: footnote markers, dot leaders and currency suffixes removed; allies, aggregates and totals told apart."""

import re
from dataclasses import dataclass
from functools import cache

from desktop.spreadsheets.reading.ally_names import ally_iso3, ally_names, known_name_keys, normalise_name
from desktop.spreadsheets.reading.import_errors import without_surrogates
from desktop.spreadsheets.reading.units import CURRENCY_NAMES

ALLY, AGGREGATE, TOTAL, LINE = "ally", "aggregate", "total", "line"

# Anything that might need cleaning; plain labels skip the slower steps below.
_NEEDS_CLEANING = re.compile(r"[^\w ,'&/-]|[_¹²³⁴⁵⁶⁷⁸⁹⁰]|  |^ | $|[a-z]\d{1,2}$")
# Words of ASCII letters and digits ("Budget line 17", "L17", "A400M"), one space apart, that do
# not end in a lower-case letter and one or two digits: "Germany1" is "Germany" with note 1.
_PLAIN_WORDS = r"[A-Za-z0-9]+(?: [A-Za-z0-9]+)*(?<![a-z][0-9])(?<![a-z][0-9]{2})"
_PLAIN = re.compile(_PLAIN_WORDS)
_CHARACTER_CLASSES = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
                                     b"A" * 26 + b"a" * 26 + b"0" * 10)
_WHITESPACE = re.compile(r"[\s\u00a0\u2007\u2009\u202f]+")
# Control characters a workbook cannot hold (openpyxl refuses them on export), dropped from labels.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x9f]")
_DOT_LEADER = re.compile(r"\s*(?:[.·…_]\s*){2,}$|\s*…$")
_TRAILING_NOTE = re.compile(
    r"\s*(?P<note>\[(?:notes?\s*)?[^\]]*\]|\*+|[†‡§¶#]+|[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\((?:[a-z]|\d{1,2}|[ivx]{1,4})\))$"
    r"|(?<=[a-z]{3})(?P<glued>\d{1,2})$",
    re.IGNORECASE,
)
_PARENTHESIS_SUFFIX = re.compile(r"^(?P<head>.*\S)\s*\((?P<inside>[^()]+)\)$")

_REGIONS = frozenset(normalise_name(name) for name in (
    "NATO", "NATO Total", "NATO Europe", "NATO Europe and Canada", "Total NATO", "All Allies",
    "Allies", "European Allies", "NATO Allies", "NATO Europe & Canada", "Europe and Canada",
    "European Union", "EU", "EU27", "EU 27", "EU28", "Europe", "Western Europe", "Central Europe",
    "Eastern Europe", "Central and Eastern Europe", "Western and Central Europe", "Northern Europe",
    "Southern Europe", "Nordic countries", "Baltic states", "Americas", "North America",
    "South America", "Central America", "Central America and the Caribbean", "Latin America",
    "Africa", "North Africa", "Sub-Saharan Africa", "Asia", "Asia and Oceania", "Oceania",
    "East Asia", "South Asia", "South East Asia", "South-East Asia", "Central Asia",
    "Central Asia and South Asia", "Middle East", "World", "World total", "Global", "OECD",
    "OECD total", "G7", "G20", "Rest of the world", "Other countries", "Non-NATO",
))


@cache
def _special_keys() -> frozenset[str]:
    """Ally names, aliases and regions: the plain labels that are not budget lines (read on first use)."""
    return known_name_keys() | _REGIONS


_TOTAL = re.compile(r"^(?:grand |sub[- ]?)?totals?\b|\btotals?$|\bsum$|^sum\b")


@dataclass(frozen=True)
class CleanLabel:
    """A label as a reader means it, with the markers and currency that were glued to it."""

    text: str
    currency: str | None = None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class LabelKind:
    """What a row is: an ally (with its ISO3), an aggregate of allies or regions, a total, or a line."""

    kind: str
    iso3: str | None = None


def plain_key(raw: str) -> str | None:
    """The comparison key of a label made only of plain words and numbers, else None.

    Such a label needs no cleaning; most rows of a big sheet are like this, and
    this one test replaces cleaning and normalising.
    """
    if _PLAIN.fullmatch(raw) is None:
        return None
    return raw.casefold().removeprefix("the ")


def clean_label(raw: str) -> CleanLabel:
    """Strip footnote markers, "[note 3]", dot leaders and a "(Pounds)" currency suffix from a label."""
    if not _NEEDS_CLEANING.search(raw):
        return CleanLabel(raw)
    text = without_surrogates(_CONTROL.sub("", _WHITESPACE.sub(" ", raw))).strip()
    currency = None
    notes: list[str] = []
    while True:
        before = text
        text = _DOT_LEADER.sub("", text)
        if (mark := _TRAILING_NOTE.search(text)) and mark.start() > 0:
            notes.insert(0, mark.group("note") or mark.group("glued"))
            text = text[: mark.start()].rstrip()
        elif currency is None and (suffix := _PARENTHESIS_SUFFIX.match(text)):
            inside = " ".join(suffix.group("inside").split())
            if inside.casefold() in CURRENCY_NAMES:
                currency, text = inside, suffix.group("head")
        if text == before:
            break
    return CleanLabel(text.strip(" :"), currency, tuple(notes))


def label_kind(text: str) -> LabelKind:
    """Classify a cleaned label; aggregates such as "NATO Total" are never totals or allies."""
    return LabelKind(*classify(text))


def classify(text: str, key: str | None = None) -> tuple[str, str | None]:
    """label_kind as a plain (kind, iso3) pair, for the import's per-row loop; key as from plain_key."""
    if key is None:
        key = normalise_name(text)
    iso3 = ally_iso3(text, key)
    if iso3 is not None:
        return ALLY, iso3
    if key in _REGIONS or key.startswith("nato "):
        return AGGREGATE, None
    if "total" in key or "sum" in key:
        if _without_total(key) in _REGIONS:
            return AGGREGATE, None
        if _TOTAL.search(key):
            return TOTAL, None
    return LINE, None


def classify_plain(labels: list[str]) -> tuple[list[str], list[str | None]] | None:
    """Kinds and ISO3 codes of many labels at once, or None unless every one is plain (see plain_key).

    A big sheet's labels are mostly plain lines ("Budget line 17"): string methods and one
    case fold over all of them joined, and set look-ups, replace a call per label.
    """
    joined = "\n".join(labels)
    if not _all_plain(labels, joined):
        return None
    folded = joined.casefold()
    if folded.startswith("the ") or "\nthe " in folded:
        return None
    keys = folded.split("\n")
    kinds = [LINE] * len(labels)
    iso3: list[str | None] = [None] * len(labels)
    named = _special_keys().intersection(keys)
    codes = set(ally_names()).intersection(labels)
    if named or codes or "total" in folded or "sum" in folded or "nato " in folded:
        for i, (label, key) in enumerate(zip(labels, keys)):
            if key in named or label in codes or "total" in key or "sum" in key or key.startswith("nato "):
                kinds[i], iso3[i] = classify(label, key)
    return kinds, iso3


def _all_plain(labels: list[str], joined: str) -> bool:
    """Whether _PLAIN matches every label, told by a few passes over the labels joined by line breaks.

    The labels' ASCII is mapped to character classes (A upper case, a lower case, 0 digit), in
    which a glued footnote ("Germany1") ends a line as a0 or a00.
    """
    if not joined or joined.count("\n") != len(labels) - 1:  # no label, or one holding a line break
        return False
    try:
        classes = joined.encode("ascii").translate(_CHARACTER_CLASSES)
    except UnicodeEncodeError:
        return False
    if classes.translate(None, b"Aa0 \n"):
        return False
    if joined[0] in " \n" or joined[-1] in " \n" or any(gap in classes for gap in (b"  ", b" \n", b"\n ", b"\n\n")):
        return False
    return not (classes.endswith((b"a0", b"a00")) or b"a0\n" in classes or b"a00\n" in classes)


def _without_total(key: str) -> str:
    return re.sub(r"^total |\btotal$", "", key).strip()
