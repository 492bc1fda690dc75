"""Column headers that name a year: 2024, '2024e', 'FY 2022', '2024-25', '2025–26', '2029-30 [note 2]'."""

import re
from dataclasses import dataclass

FIRST_YEAR, LAST_YEAR = 1900, 2100

# Qualifiers meaning "not yet spent": estimates, forecasts, plans and budget requests.
_ESTIMATE_WORDS = frozenset({
    "e", "est", "estimate", "estimates", "estimated", "f", "forecast", "forecasts", "p",
    "plan", "plans", "planned", "projected", "projection", "projections", "provisional",
    "prelim", "preliminary", "request", "requested", "budget", "target", "proposed",
})
# Qualifiers meaning "money already spent or voted".
_ACTUAL_WORDS = frozenset({
    "actual", "actuals", "outturn", "outturns", "enacted", "final", "expenditure",
    "expenditures", "spending", "spent", "out-turn",
})
# Words that may stand beside a year without changing what the column holds.
_FILLER_WORDS = frozenset({"main", "spending", "total", "authorities", "supplementary", "year", "the"})
_WORD = "|".join(sorted((re.escape(w) for w in _ESTIMATE_WORDS | _ACTUAL_WORDS | _FILLER_WORDS),
                        key=len, reverse=True))
_FISCAL = r"fy|fiscal\s+year|financial\s+year|budget\s+year"
_HEADER = re.compile(
    rf"^(?P<pre>(?:(?:{_FISCAL}|{_WORD})\s*)*?)"
    r"(?P<y1>\d{4}|(?<=fy)\d{2}|(?<=fy )\d{2})"
    r"(?:\s*(?:-|/|to)\s*(?P<y2>\d{4}|\d{2}))?"
    rf"(?P<suf>(?:\s*(?:{_WORD}))*)$",
    re.IGNORECASE,
)

# Footnote letters skip e, f and p, which mean estimate, forecast and provisional.
_NOTES = re.compile(r"\s*(?:\[[^\]]*\]|\*+|[†‡§¶]+|\((?:[a-dg-oq-z]|\d{1,2})\)|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)\s*$", re.IGNORECASE)
_WHOLE_NUMBER = re.compile(r"^\s*(\d{4})(?:\.0*)?\s*$")
_PARENTHESISED = re.compile(r"\(\s*([a-z.\- ]+?)\s*\)", re.IGNORECASE)
_DASHES = str.maketrans({"–": "-", "—": "-", "‒": "-", "−": "-", "\u00a0": " "})


@dataclass(frozen=True)
class YearHeader:
    """A column that holds one year's figures: its year, its label as printed, estimate or not."""

    year: int
    period: str
    estimate: bool


def parse_year_header(value: object) -> YearHeader | None:
    """Read a header cell as a year, or None when it names something else.

    Fiscal years map to the year they start in ("2027-28" is 2027); a range of
    years ("2014-2024") is not one year and gives None.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        if FIRST_YEAR <= value <= LAST_YEAR and value == int(value):
            return YearHeader(int(value), str(int(value)), False)
        return None
    if not isinstance(value, str) or not 2 <= len(value) <= 60:
        return None
    return _parse_text(value)


def _parse_text(printed: str) -> YearHeader | None:
    if whole := _WHOLE_NUMBER.match(printed):
        year = int(whole.group(1))
        return YearHeader(year, str(year), False) if FIRST_YEAR <= year <= LAST_YEAR else None
    text = " ".join(printed.translate(_DASHES).split())
    while (note := _NOTES.search(text)) and note.start() > 0:
        text = text[: note.start()]
    text = _PARENTHESISED.sub(r" \1", text).replace(".", " ").strip()
    text = " ".join(text.split())
    match = _HEADER.match(text)
    if match is None:
        return None
    year = _full_year(match.group("y1"))
    second = match.group("y2")
    if second is not None and not _follows(year, second):
        return None
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return None
    words = set(f"{match.group('pre')} {match.group('suf')}".casefold().split())
    return YearHeader(year, printed.strip(), bool(words & _ESTIMATE_WORDS))


def _full_year(digits: str) -> int:
    return int(digits) if len(digits) == 4 else 2000 + int(digits)


def _follows(year: int, second: str) -> bool:
    """Whether "second" is the year after "year", written with two or four digits."""
    following = year + 1
    return int(second) == (following if len(second) == 4 else following % 100)
