"""Numbers written as text in spreadsheets ("33,600", "1 234,5", "$12,345", "(42)") and missing-value markers."""

import math
import re

# Markers statisticians print instead of a number; none of them is a zero.
MISSING_MARKERS = frozenset({
    "..", "...", "…", ". .", ". . .", "-", "–", "—", "--", "x", "xx", "xxx", "[x]", "[c]", "[z]",
    "[u]", "[w]", "[low]", "[k]", "n/a", "na", "n.a.", "n.a", "nd", "n/d", "not available", ":",
    "?", "#ref!", "#n/a", "#value!", "#div/0!", "#name?", "#num!", "#null!", "#spill!",
})

_SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u202f']+")
_CURRENCY = re.compile(
    r"^(?:US\$|USD|C\$|CA\$|CAD|A\$|AU\$|NZ\$|EUR|GBP|[$£€¥₺])\s*|\s*(?:USD|CAD|EUR|GBP|[$£€¥₺])$",
    re.IGNORECASE,
)
_TRAILING_MARKS = re.compile(r"\s*(?:\[[^\]]*\]|\*+|[†‡§¶]+|\((?:e|p|r|f|est)\))$", re.IGNORECASE)
_DIGITS = re.compile(r"^(?:\d[\d.,]*|[.,]\d+)$")
_MINUS_SIGNS = "-\u2212\u2013"


def missing_marker(text: str) -> str | None:
    """The marker as printed when the text says "no figure here", else None."""
    stripped = text.strip()
    return stripped if stripped.casefold() in MISSING_MARKERS else None


def split_markers(text: str) -> tuple[str, tuple[str, ...]]:
    """Separate footnote markers glued after a value ("12.5 [note 3]", "7*") from it."""
    markers: list[str] = []
    core = text.strip()
    while (match := _TRAILING_MARKS.search(core)) and match.start() > 0:
        markers.insert(0, match.group().strip())
        core = core[: match.start()]
    return core, tuple(markers)


def parse_number(text: str, decimal_comma: bool | None = None) -> float | None:
    """The number a cell's text shows, or None when the text is not a number.

    decimal_comma: True for files written with a decimal comma ("12,5"), False for
    a thousands comma ("33,600"), None to decide from the text itself.
    """
    stripped = text.strip()
    # In a decimal-comma file "1.234" is a thousand, which float() would misread.
    if not (decimal_comma and "." in stripped):
        try:
            value = float(stripped)
        except ValueError:
            pass
        else:
            # float() also reads "nan", "inf" and "1_000", which no spreadsheet means as numbers.
            return value if math.isfinite(value) and "_" not in stripped else None
    core, _ = split_markers(stripped)
    return _parse_formatted(core, decimal_comma)


def _parse_formatted(text: str, decimal_comma: bool | None) -> float | None:
    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1].strip()
    if text[:1] in _MINUS_SIGNS:
        negative, text = not negative, text[1:].lstrip()
    elif text[:1] == "+":
        text = text[1:].lstrip()
    text = _CURRENCY.sub("", text).strip()
    if text.endswith("%"):
        text = text[:-1].rstrip()
    if text[:1] in _MINUS_SIGNS and not negative:
        negative, text = True, text[1:].lstrip()
    text = _SPACES.sub("", text)
    if not _DIGITS.match(text):
        return None
    number = _resolve_separators(text, decimal_comma)
    if number is None:
        return None
    try:
        value = float(number)
    except ValueError:
        return None
    return -value if negative else value


def _resolve_separators(text: str, decimal_comma: bool | None) -> str | None:
    commas, dots = text.count(","), text.count(".")
    if commas and dots:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        if text.count(decimal) > 1:
            return None
        return text.replace(thousands, "").replace(decimal, ".")
    if commas:
        if commas == 1 and (decimal_comma or (decimal_comma is None and not _grouped(text, ","))):
            return text.replace(",", ".")
        return text.replace(",", "") if _grouped(text, ",") else None
    if dots > 1 or (dots == 1 and decimal_comma and _grouped(text, ".")):
        return text.replace(".", "") if _grouped(text, ".") else None
    return text


def _grouped(text: str, separator: str) -> bool:
    """Whether the separator splits the digits into thousands groups (1,234,567)."""
    head, *groups = text.split(separator)
    return 1 <= len(head) <= 3 and all(len(group) == 3 for group in groups) and bool(groups)
