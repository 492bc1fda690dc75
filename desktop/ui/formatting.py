"""How numbers read on screen and on the clipboard: shares with two decimals, money in whole millions."""

from __future__ import annotations

import math

MISSING = "–"


def is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def share_text(value: float | None) -> str:
    return MISSING if is_missing(value) else f"{value:.2f}%"


def money_text(value: float | None) -> str:
    return MISSING if is_missing(value) else f"{value:,.0f}"


def threshold_text(value: float) -> str:
    return f"{value:g}%"


def copy_text(value) -> str:
    """Numbers without thousands separators (Excel parses them in every locale it ships)."""
    if is_missing(value):
        return ""
    if isinstance(value, float):
        return f"{value:.6f}".rstrip("0").rstrip(".")
    return str(value)


def sort_key(value) -> float:
    """Missing numbers sort below every real one."""
    return -math.inf if is_missing(value) else float(value)
