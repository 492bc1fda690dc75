"""What a table measures (spending, share of GDP, GDP, per capita, ...) from its block, title, unit lines, sheet and notes."""

from __future__ import annotations

import re

from desktop.core.measures import (
    BUDGET_LINES, EQUIPMENT_SHARE, GDP_CONSTANT, GDP_CURRENT, INFRASTRUCTURE_SHARE, MILITARY_PERSONNEL, NOT_AMOUNTS,
    OTHER_SHARE, PER_CAPITA, PERSONNEL_SHARE, REAL_CHANGE, SHARE_OF_GDP, SPENDING_CONSTANT, SPENDING_CURRENT, UNKNOWN,
)

_PER_CAPITA = re.compile(r"\bper (?:capita|head|person|inhabitant)\b")
_COMPOSITION = re.compile(r"\b(?:distribution|breakdown|composition|by (?:main )?categor(?:y|ies)|split)\b")
_PARTS = ((EQUIPMENT_SHARE, re.compile(r"\bequipment\b")), (PERSONNEL_SHARE, re.compile(r"\bpersonnel\b")),
          (INFRASTRUCTURE_SHARE, re.compile(r"\binfrastructure\b")), (OTHER_SHARE, re.compile(r"\bother\b")))
_REAL_CHANGE = re.compile(r"\breal (?:change|growth)\b|\bannual (?:real )?change\b|\bvolume change\b")
_SHARE_OF_GDP = re.compile(r"\b(?:share|percent(?:age)?|proportion) of (?:real |nominal )?(?:gdp|gross domestic product)\b"
                           r"|%\s*(?:of\s*)?(?:gdp|gross domestic product)|\bgdp share\b|\bas a share of (?:gdp|gross)")
_GDP = re.compile(r"\bgdp\b|\bgross domestic product\b")
_PERSONNEL = re.compile(r"\b(?:military|armed forces|active|uniformed) personnel\b|\btroops\b|\bheadcount\b"
                        r"|\bservice (?:men|members|personnel)\b")
_SPENDING = re.compile(r"\b(?:defen[cs]e|military) (?:expenditure|spending|budget|outlays?)\b")
_BUDGET = re.compile(r"\bbudget\b|\bestimates?\b|\bprogramme\b|\bprogram\b|\bappropriations?\b|\ballocation")
_CONSTANT = re.compile(r"\bconstant\b|\breal terms\b|\b(?:19|20)\d\d prices\b|\bin (?:19|20)\d\d (?:dollars|euros|prices)")
_CURRENT = re.compile(r"\bcurrent\b|\bnominal\b|\bcash terms\b|\bout-?turn\b")


def detect_measure(block: str | None, title: str | None, unit_lines: tuple[str, ...], sheet: str,
                   notes: tuple[str, ...], unit: str | None, names_allies: bool) -> str:
    """The measure (core.measures) of one block of a table; the most specific text that says decides.

    The block's subtitle speaks first ("Share of real GDP (%)" under a title naming both
    shares and real change), then the title, then the unit lines, the sheet name and the notes.
    """
    if not names_allies and unit not in NOT_AMOUNTS:
        return BUDGET_LINES  # amounts whose rows name no ally: one budget, line by line
    texts = [_lowered(block), _lowered(title), " ".join(_lowered(t) for t in unit_lines), _lowered(sheet)]
    for n, text in enumerate(texts):
        measure = _measure_of(text, texts[: n + 2], unit)
        if measure:
            return _priced(measure, texts)
    note_text = " ".join(_lowered(note) for note in notes)
    return _priced(_measure_of(note_text, texts, unit, from_notes=True), texts) or UNKNOWN


def _measure_of(text: str, context: list[str], unit: str | None, from_notes: bool = False) -> str:
    if not text:
        return ""
    if _PER_CAPITA.search(text):
        return PER_CAPITA
    if _SHARE_OF_GDP.search(text):
        return SHARE_OF_GDP
    joined = " ".join(context)
    if unit in ("percent", "fraction") and _COMPOSITION.search(joined):
        for measure, words in _PARTS:
            if words.search(text):
                return measure
    if _REAL_CHANGE.search(text) and unit in ("percent", "fraction", None):
        return REAL_CHANGE
    if from_notes:
        return ""  # notes mention GDP and spending in passing; only the words above are safe there
    if _GDP.search(text):
        return GDP_CURRENT
    if _PERSONNEL.search(text) or (unit == "persons" and "personnel" in text):
        return MILITARY_PERSONNEL
    if _SPENDING.search(text):
        return SPENDING_CURRENT if unit not in ("percent", "fraction") else ""
    return ""


def _priced(measure: str, texts: list[str]) -> str:
    """Spending and GDP at constant prices when the block (or, failing it, the title or unit lines) says so."""
    if measure not in (SPENDING_CURRENT, GDP_CURRENT):
        return measure
    for text in texts[:3]:
        if _CURRENT.search(text):
            return measure
        if _CONSTANT.search(text):
            return SPENDING_CONSTANT if measure == SPENDING_CURRENT else GDP_CONSTANT
    return measure


def _lowered(text: str | None) -> str:
    return " ".join(str(text or "").casefold().replace("_", " ").split())
