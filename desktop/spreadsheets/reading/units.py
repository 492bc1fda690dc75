"""Units and scales as spreadsheets state them: 'Million US dollars', '£000s', 'Figures are in US $m', '%'."""

import re
from dataclasses import dataclass

from desktop.spreadsheets.reading.ally_names import ally_currency

NATIONAL_CURRENCY = "national currency"

# Currency words as NATO and ministries print them; None means "the ally's own currency".
CURRENCY_NAMES: dict[str, str | None] = {
    "us dollars": "USD", "us dollar": "USD", "u s dollars": "USD", "usd": "USD",
    "canadian dollars": "CAD", "canadian dollar": "CAD", "cad": "CAD",
    "euros": "EUR", "euro": "EUR", "eur": "EUR",
    "pounds": "GBP", "pounds sterling": "GBP", "pound sterling": "GBP", "sterling": "GBP", "gbp": "GBP",
    "leks": "ALL", "lek": "ALL", "leva": "BGN", "lev": "BGN", "koruny": "CZK", "czech koruny": "CZK",
    "forint": "HUF", "forints": "HUF", "denars": "MKD", "denar": "MKD", "zlotys": "PLN", "zloty": "PLN",
    "zlotych": "PLN", "new lei": "RON", "lei": "RON", "leu": "RON", "liras": "TRY", "lira": "TRY",
    "turkish lira": "TRY", "kronor": "SEK", "kuna": "HRK", "kunas": "HRK", "kronur": "ISK",
    "krónur": "ISK", "kroner": None, "krone": None, "dollars": None,
    "national currency": None, "national currency units": None,
}

_SYMBOLS = (("us$", "USD"), ("us $", "USD"), ("c$", "CAD"), ("ca$", "CAD"), ("£", "GBP"),
            ("€", "EUR"), ("$", "USD"))
_CODES = re.compile(r"\b(USD|EUR|GBP|CAD|NOK|SEK|DKK|PLN|CZK|HUF|RON|BGN|TRY|ISK|MKD|HRK)\b")
_CURRENCY_WORDS = re.compile(
    r"\b(canadian dollars?|us dollars?|u s dollars|dollars|euros?|pounds sterling|pounds?|sterling|"
    r"national currency)\b"
)
_CODE_WORDS = r"\b(?:usd|eur|gbp|cad|nok|sek|dkk|pln|czk|huf|ron|bgn|try|isk|mkd|hrk) ?"
_BILLIONS = re.compile(rf"(?:\b|(?<=[$£€]))(billions?|bn|bln)\b|{_CODE_WORDS}b\b")
_MILLIONS = re.compile(r"(?:\b|(?<=[$£€]))(millions?|mn|mln|mio)\b|(?<=[$£€])\s?m\b|\(m\)|\bus ?\$ ?m\b"
                       rf"|{_CODE_WORDS}m\b")
_THOUSANDS = re.compile(r"(?:\b|(?<=[$£€]))(thousands?|000s|'000s?|000's)|\(000\)|\b k\b")
_PERCENT = re.compile(r"%|\bper ?cent\b|\bpercentage\b|\bpct\b")
_SHARE = re.compile(r"\bshare of\b|\bas a share\b|\bproportion of\b")
_POPULATION = re.compile(r"\bpopulation\b")
_PERSONS = re.compile(r"\b(personnel|persons|people|headcount|staff|full[- ]time equivalents?|fte)\b")


@dataclass(frozen=True)
class UnitGuess:
    """What a line of text says about the unit (currency code, 'percent', 'persons') and scale.

    A weak unit (staff, personnel: often a table of pay in a currency) gives way to
    one another line states; a population does not.
    """

    unit: str | None = None
    scale: int | None = None
    weak: bool = False


def detect_unit(text: str) -> UnitGuess:
    """Unit and scale stated anywhere in a title, unit line, header or note.

    An amount stated in full ("million US dollars") is the unit even beside a
    percent or "share of" ("spending if every ally keeps its share of GDP, million
    US dollars"); a population is counted in persons.
    """
    lowered = " ".join(text.casefold().split())
    scale = _scale(lowered)
    if scale is not None and (currency := _currency(text, lowered)) is not None:
        return UnitGuess(currency, scale)
    if _PERCENT.search(lowered) or _SHARE.search(lowered):
        return UnitGuess("percent", scale)
    if (currency := _currency(text, lowered)) is not None:
        return UnitGuess(currency, scale)
    if _POPULATION.search(lowered):
        return UnitGuess("persons", scale)
    return UnitGuess("persons", scale, weak=True) if _PERSONS.search(lowered) else UnitGuess(None, scale)


def _currency(text: str, lowered: str) -> str | None:
    if (word := _CURRENCY_WORDS.search(lowered)) is not None:
        name = word.group(1)
        return NATIONAL_CURRENCY if name == "national currency" else CURRENCY_NAMES.get(name) or "USD"
    for symbol, code in _SYMBOLS:
        if symbol in lowered:
            return code
    if (code := _CODES.search(text)) is not None:
        return code.group(1)
    return None


def _scale(lowered: str) -> int | None:
    if _BILLIONS.search(lowered):
        return 1_000_000_000
    if _MILLIONS.search(lowered):
        return 1_000_000
    if _THOUSANDS.search(lowered):
        return 1_000
    return None


def currency_code(name: str, iso3: str | None) -> str | None:
    """ISO 4217 code for a currency named in a label ("Pounds", "Kroner"), using the ally when ambiguous."""
    key = " ".join(name.casefold().replace(".", " ").split())
    if key not in CURRENCY_NAMES:
        return None
    return CURRENCY_NAMES[key] or (ally_currency(iso3) if iso3 else None)
