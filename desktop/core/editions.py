"""Editions of published figures: which of two sources is the newer, from the year its edition names."""

from __future__ import annotations

import re

_EDITION_YEAR = re.compile(r"\b((?:19|20)\d\d)\s+edition\b", re.IGNORECASE)
_SPAN = re.compile(r"\(\s*(?:19|20)\d\d\s*[-–]\s*((?:19|20)\d\d)e?\s*\)")
_ANY_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")


def edition_year(text: str | None) -> int | None:
    """The year an edition label names: "2025 edition (August 2025)" → 2025, "(2014-2024)" → 2024,
    "October 2025" → 2025; None when it names no year."""
    if not text:
        return None
    for pattern in (_EDITION_YEAR, _SPAN):
        if (found := pattern.search(text)) is not None:
            return int(found.group(1))
    years = [int(y) for y in _ANY_YEAR.findall(text)]
    return max(years) if years else None


def is_newer(existing: str | None, incoming: str | None) -> bool:
    """Whether the edition a figure already comes from is newer than the incoming one (False when either is unknown)."""
    old, new = edition_year(existing), edition_year(incoming)
    return old is not None and new is not None and old > new
