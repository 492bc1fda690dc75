"""Choosing what an import applies: the way, the tables, who wins a figure two tables give, the file's edition.

The import dialog and `defence-planner import --apply-to` both ask these functions, so a
file applied headless changes exactly what the dialog's defaults would change.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from desktop.core.dataset import Dataset
from desktop.core.measures import COMPOSITION, SHARE_OF_GDP, fit, measure_words
from desktop.core.merge import AS_BUDGET_LINES, AS_COMPOSITION, AS_GDP, AS_SHARE, AS_SPENDING
from desktop.spreadsheets.reading.import_report import ImportedTable, ImportReport
from desktop.spreadsheets.reading.units import NATIONAL_CURRENCY

AUTO = "auto"
# The command line's names for the ways of applying (--as), and the merge's.
CLI_MODES = {"shares": AS_SHARE, "gdp": AS_GDP, "spending": AS_SPENDING, "lines": AS_BUDGET_LINES,
             "composition": AS_COMPOSITION}
_PREFERENCE = (AS_SHARE, AS_SPENDING, AS_GDP, AS_COMPOSITION)
_EDITION_WORDS = ("edition",)


def table_label(table: ImportedTable) -> str:
    """A table as the dialog lists it: "Table 3 · defence expenditure as % of GDP · % · 2014–2024e"."""
    name = _table_name(table)
    unit = unit_words(table)
    periods = table.periods
    span = f"{periods[0].period}–{periods[-1].period}" if periods else "no years"
    return " · ".join(part for part in (name, measure_words(table.measure), unit, span) if part)


def unit_words(table: ImportedTable) -> str:
    """The detected unit and scale in a few words: "%", "US$ millions", "national currency millions (per row)"."""
    if table.unit in ("percent", "fraction"):
        return "%" if table.unit == "percent" else "fraction"
    unit = {"USD": "US$", "persons": "persons", NATIONAL_CURRENCY: "national currency"}.get(table.unit, table.unit)
    if unit is None:
        unit = "unit not stated"
    scale = {1_000: "thousands", 1_000_000: "millions", 1_000_000_000: "billions"}.get(table.scale)
    text = f"{unit} {scale}" if scale else unit
    return text + (" (per row)" if any(table.rows.units) else "")


def _table_name(table: ImportedTable) -> str:
    title = (table.title or "").strip()
    short = title.split(":")[0].strip() if ":" in title[:20] else ""
    name = short or title or table.sheet
    if table.block and table.block.casefold() not in name.casefold():
        name += f" ({table.block})"
    return name


def table_fit(table: ImportedTable, mode: str) -> str:
    """"exact", "loose" or "": how the table fits a way of applying it (core.measures.fit)."""
    return fit(table.measure, table.unit, mode)


def preselected(tables, mode: str) -> list[bool]:
    """The tables ticked for a way of applying: those whose measure fits it, else (none fitting) those whose unit does."""
    fits = [table_fit(table, mode) for table in tables]
    wanted = "exact" if "exact" in fits else "loose"
    return [f == wanted for f in fits]


def default_mode(tables) -> str:
    """The way the dialog offers first (and `--as auto` takes): shares of GDP when a table holds them, then
    spending, GDP, composition; budget lines when no row names an ally."""
    tables = list(tables)
    if tables and not any("ally" in table.rows.kinds for table in tables):
        return AS_BUDGET_LINES
    for wanted in ("exact", "loose"):
        for mode in _PREFERENCE:
            if any(table_fit(table, mode) == wanted for table in tables):
                return mode
    return AS_BUDGET_LINES if any(table_fit(t, AS_BUDGET_LINES) for t in tables) else AS_SHARE


def file_edition(report: ImportReport) -> str:
    """The edition the file's figures belong to, or '' when it does not say.

    A title or note naming one ("2024 edition", "(2014-2024)") decides; otherwise a table of
    allies whose last years are estimates (NATO's "2024e") is that year's edition.
    """
    from desktop.core.editions import edition_year

    for table in report.tables:
        for text in (table.title, *table.unit_lines, *table.notes):
            if text and (any(word in text.casefold() for word in _EDITION_WORDS) or "(" in text):
                year = edition_year(text) if _names_edition(text) else None
                if year is not None:
                    return f"{year} edition"
    estimated = [p.year for t in report.tables if "ally" in t.rows.kinds for p in t.periods if p.estimate]
    if estimated:
        return f"{max(estimated)} edition"
    return ""


def _names_edition(text: str) -> bool:
    import re

    return bool(re.search(r"\b(?:19|20)\d\d\s+edition\b|\(\s*(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d\s*\)", text, re.I))


def target_indicator(table: ImportedTable, mode: str, unit: str | None = None) -> str | None:
    """The planner indicator a table's figures become when applied this way (None for budget lines)."""
    if mode in (AS_SHARE, AS_SPENDING):
        return "share_gdp_pct"
    if mode == AS_GDP:
        return "gdp_usd_bn" if (unit or table.unit) == "USD" else "gdp_nc_bn"
    if mode == AS_COMPOSITION:
        return COMPOSITION.get(table.measure)
    return None


@dataclass(frozen=True)
class Conflict:
    """Two ticked tables that would write the same figures (ally, indicator, year); `winner` is the one kept."""

    first: int  # indexes into the tables given
    second: int
    figures: int
    example: str  # "Poland share_gdp_pct 2024"
    winner: int

    def describe(self, tables) -> str:
        a, b = tables[self.first], tables[self.second]
        kept = tables[self.winner]
        return (f"{_table_name(a)} and {_table_name(b)} both give {self.figures} figure"
                f"{'s' if self.figures != 1 else ''} (e.g. {self.example}): {_table_name(kept)} is used")


def figure_keys(table: ImportedTable, mode: str) -> dict[tuple, int]:
    """(iso3, indicator, year) → row of every figure the table would write this way (the last row that gives it).

    Rows are grouped by ally (and unit, which picks the GDP indicator) and each group's
    years found with numpy: a 100,000-row table of allies takes milliseconds, not a
    Python loop over every row and column (the dialog asks again each time a tick changes).
    """
    rows = table.rows
    count = len(rows.kinds)
    if mode == AS_BUDGET_LINES or "ally" not in rows.kinds:
        return {}
    if mode == AS_GDP:
        labels = list(zip(rows.iso3, rows.units))
    elif target_indicator(table, mode) is None:
        return {}
    else:
        labels = rows.iso3
    groups = list(dict.fromkeys(labels))
    code_of = {label: code for code, label in enumerate(groups)}
    codes = np.fromiter(map(code_of.__getitem__, labels), dtype=np.intp, count=count)
    named = np.array([(label[0] if mode == AS_GDP else label) is not None for label in groups], dtype=bool)
    usable = np.array([kind == "ally" for kind in rows.kinds], dtype=bool) & named[codes]
    codes[~usable] = len(groups)
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(groups) + 1))
    present = ~np.isnan(table.values)
    years = [period.year for period in table.periods]
    found: list[tuple[int, int, tuple, int]] = []  # (first row, column, key, last row)
    for code, label in enumerate(groups):
        members = order[bounds[code]:bounds[code + 1]]
        if not len(members):
            continue
        iso3, unit = label if mode == AS_GDP else (label, None)
        indicator = target_indicator(table, mode, unit)
        if indicator is None:
            continue
        given = present[members]
        columns = np.flatnonzero(given.any(axis=0))
        firsts = members[given[:, columns].argmax(axis=0)]
        lasts = members[len(members) - 1 - given[::-1, columns].argmax(axis=0)]
        for j, first, last in zip(columns.tolist(), firsts.tolist(), lasts.tolist()):
            found.append((first, j, (iso3, indicator, years[j]), last))
    found.sort(key=lambda item: item[:2])  # the order a walk over rows, then columns, finds them in
    keys: dict[tuple, int] = {}
    for _first, _column, key, last in found:
        keys[key] = max(last, keys.get(key, -1))
    return keys


def find_conflicts(tables, mode: str, choices: dict | None = None, keys_of=figure_keys) -> list[Conflict]:
    """Every pair of tables that would write the same figures; the winner is the user's choice for the pair,
    else the table whose measure fits exactly, else the one in national currency, else the first.

    `keys_of(table, mode)` gives a table's figure_keys (the dialog passes one that remembers them).
    """
    tables = list(tables)
    owners: dict[tuple, list[int]] = defaultdict(list)
    for n, table in enumerate(tables):
        for key in keys_of(table, mode):
            owners[key].append(n)
    pairs: dict[tuple[int, int], list[tuple]] = defaultdict(list)
    for key, who in owners.items():
        for a in range(len(who)):
            for b in range(a + 1, len(who)):
                pairs[(who[a], who[b])].append(key)
    conflicts = []
    for (a, b), keys in sorted(pairs.items()):
        chosen = (choices or {}).get((a, b))
        winner = chosen if chosen in (a, b) else _better(tables, a, b, mode)
        iso3, indicator, year = min(keys)
        conflicts.append(Conflict(a, b, len(keys), f"{iso3} {indicator} {year}", winner))
    return conflicts


def _better(tables, a: int, b: int, mode: str) -> int:
    def rank(n: int) -> tuple:
        table = tables[n]
        exact = table_fit(table, mode) == "exact"
        national = table.unit not in ("USD", None)
        return (exact, national, table.measure == SHARE_OF_GDP, -n)

    return max((a, b), key=rank)


def losing_keys(tables, mode: str, conflicts: list[Conflict]) -> dict[int, dict[tuple, str]]:
    """For each table, the figures it gives up to another table, with the reason the merge reports."""
    lost: dict[int, dict[tuple, str]] = defaultdict(dict)
    keys = {n: figure_keys(table, mode) for n, table in enumerate(tables)}
    for c in conflicts:
        loser = c.second if c.winner == c.first else c.first
        shared = keys[c.first].keys() & keys[c.second].keys()
        reason = f"{_table_name(tables[c.winner])} gives this figure too, and is used"
        for key in shared:
            lost[loser][key] = reason
    return lost


def suggested_ally(tables, dataset: Dataset) -> str | None:
    """Whose budget lines these are, from their currency when one ally alone uses it (GBP → GBR); None for EUR or USD."""
    currencies = {table.unit for table in tables if table.unit not in (None, "percent", "fraction", "persons")}
    if len(currencies) != 1:
        return None
    currency = currencies.pop()
    users = [ally.iso3 for ally in dataset.allies if ally.currency == currency and ally.has_defence_figures]
    return users[0] if len(users) == 1 else None


@dataclass(frozen=True)
class PlannedImport:
    """What an import will apply: the way, the tables ticked, their conflicts, the file's edition, whose lines."""

    report: ImportReport
    mode: str
    tables: tuple[ImportedTable, ...]
    conflicts: tuple[Conflict, ...]
    edition: str
    ally: str | None


def plan_import(report: ImportReport, dataset: Dataset, mode: str = AUTO, ally: str | None = None) -> PlannedImport:
    """The dialog's defaults for this file: the way it offers first (or `mode`), the tables it ticks, the ally it suggests.

    Raises MergeError when no table can be applied that way.
    """
    from desktop.core.merge import MergeError
    from desktop.core.measures import misfit_reason

    tables = list(report.tables)
    mode = default_mode(tables) if mode == AUTO else CLI_MODES.get(mode, mode)
    chosen = tuple(table for table, tick in zip(tables, preselected(tables, mode)) if tick)
    if not chosen:
        reasons = sorted({misfit_reason(t.measure, t.unit, mode) for t in tables} - {""})
        raise MergeError(f"no table in the file can be applied as {_MODE_NAMES.get(mode, mode)}"
                         + (f" ({reasons[0]})" if reasons else ""))
    if mode == AS_BUDGET_LINES and ally is None:
        ally = suggested_ally(chosen, dataset)
    return PlannedImport(report, mode, chosen, tuple(find_conflicts(chosen, mode)), file_edition(report), ally)


_MODE_NAMES = {AS_SHARE: "shares of GDP", AS_GDP: "GDP", AS_SPENDING: "defence spending", AS_BUDGET_LINES: "budget lines",
               AS_COMPOSITION: "budget composition"}


def apply_planned(dataset: Dataset, scenario, plan: PlannedImport, *, replace_newer: bool = False,
                  confirm_unusual: bool = False, conflict_choices: dict | None = None, cancel=None, progress=None):
    """Apply a plan to a scenario: (new scenario, MergeResult)."""
    from pathlib import Path

    from desktop.spreadsheets.import_apply import apply_import

    return apply_import(dataset, scenario, plan.tables, plan.mode, Path(plan.report.file).name, plan.ally, cancel,
                        progress, edition=plan.edition, replace_newer=replace_newer,
                        confirm_unusual=confirm_unusual, conflict_choices=conflict_choices)


def summary_dict(plan: PlannedImport, result, output: str | None = None) -> dict:
    """The merge as one JSON object: what was added, replaced, kept because newer, held and skipped, with reasons."""
    tables = plan.tables
    return {
        "file": plan.report.file, "mode": plan.mode, "edition": plan.edition, "ally": plan.ally, "output": output,
        "tables": [{"label": table_label(t), "sheet": t.sheet, "header_cell": t.header_cell, "block": t.block,
                    "indicator": t.measure} for t in tables],
        "conflicts": [c.describe(tables) for c in plan.conflicts],
        "counts": {"added": len(result.added), "replaced": len(result.replaced), "kept_newer": len(result.kept_newer),
                   "unchanged": len(result.unchanged), "held": len(result.held), "skipped": len(result.skipped),
                   "budget_lines_added": len(result.lines_added)},
        "added": [{"iso3": iso3, "indicator": ind, "year": year} for iso3, ind, year in result.added],
        "replaced": [{"iso3": iso3, "indicator": ind, "year": year, "old": old, "old_source": source, "new": new}
                     for iso3, ind, year, old, source, new in result.replaced],
        "kept_newer": [{"cell": cell, "iso3": iso3, "indicator": ind, "year": year, "kept_edition": edition}
                       for cell, iso3, ind, year, edition in result.kept_newer],
        "held": [{"cell": cell, "reason": why} for cell, why in result.held],
        "skipped": [{"cell": cell, "reason": why} for cell, why in result.skipped],
        "budget_lines_added": list(result.lines_added),
    }


def summary_text(plan: PlannedImport, result, dataset: Dataset, output: str | None = None) -> str:
    """The merge as the command line prints it: the plan, the counts, then every change and every reason."""
    from desktop.spreadsheets.import_apply import merge_lines

    lines = [f"Applied {plan.report.file} as {_MODE_NAMES.get(plan.mode, plan.mode)}"
             + (f" ({plan.edition})" if plan.edition else "") + (f" to {output}" if output else "") + ":"]
    lines += [f"  {table_label(t)}" for t in plan.tables]
    lines += [f"  Conflict: {c.describe(plan.tables)}" for c in plan.conflicts]
    lines.append(result.summary())
    lines += merge_lines(result, dataset)
    return "\n".join(lines)


def older_than_yours(dataset: Dataset, scenario, tables, mode: str, edition: str, keys_of=figure_keys) -> int:
    """How many figures the ticked tables give that the scenario already holds from a newer edition."""
    from desktop.core.editions import edition_year
    from desktop.core.merge import current_edition

    year = edition_year(edition)
    if year is None:
        return 0
    keys = set()
    for table in tables:
        keys.update(keys_of(table, mode))
    editions: dict[str, int | None] = {}
    count = 0
    for iso3, indicator, figure_year in keys:
        try:
            held = current_edition(dataset, scenario, iso3, indicator, figure_year)
        except KeyError:
            continue
        if held not in editions:
            editions[held] = edition_year(held)
        if editions[held] is not None and editions[held] > year:
            count += 1
    return count
