"""Applying an import to a scenario as one change, and remembering its mapping for next year's file."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from desktop.core.dataset import Dataset
from desktop.core.measures import misfit_reason
from desktop.core.merge import AS_BUDGET_LINES, NO_LINE_OWNER, MergeError, MergeResult, apply_table
from desktop.core.scenario import Scenario
from desktop.spreadsheets.reading.import_report import ImportedTable
from desktop.spreadsheets.reading.importer import Mapping

_NOT_A_NAME = re.compile(r"[\d\W_]+")
_TABLE_KEYS = ("sheet", "title", "block", "header_cell")
_PROGRESS_EVERY = 8192
_LISTED = 200  # a text box of 100,000 lines takes the window a quarter of a second to lay out
_INDICATORS = {  # indicator: (words, unit) as the merge list shows them
    "share_gdp_pct": ("share of GDP", "% of GDP"),
    "gdp_usd_bn": ("GDP", "US$ bn"),
    "gdp_nc_bn": ("GDP", "bn national currency"),
    "equipment_share_pct": ("equipment share", "% of defence spending"),
    "personnel_share_pct": ("personnel share", "% of defence spending"),
    "infrastructure_share_pct": ("infrastructure share", "% of defence spending"),
    "other_share_pct": ("other share", "% of defence spending"),
}


@dataclass(frozen=True)
class SavedMapping:
    """How a file was read and applied last time: the importer's mapping, the way it was applied, the tables chosen.

    Each chosen table is a dict of sheet, title, block and header cell (see table_key).
    """

    file: str
    mapping: Mapping
    mode: str | None = None
    ally: str | None = None
    tables: tuple[dict, ...] = ()

    def to_dict(self) -> dict:
        return {**self.mapping.to_dict(), "file": self.file, "mode": self.mode, "ally": self.ally,
                "tables": [dict(table) for table in self.tables]}

    @classmethod
    def from_dict(cls, data: dict) -> "SavedMapping":
        tables = data.get("tables") or ()
        if not isinstance(tables, (list, tuple)) or not all(isinstance(table, dict) for table in tables):
            raise ValueError("tables must be a list of objects")
        kept = tuple({key: table.get(key) for key in _TABLE_KEYS} for table in tables)
        return cls(str(data.get("file") or ""), Mapping.from_dict(data), data.get("mode"), data.get("ally"), kept)


def table_key(table: ImportedTable) -> dict:
    """What names a table from one year's file to the next: its sheet, title, block and header cell."""
    return {"sheet": table.sheet, "title": table.title, "block": table.block, "header_cell": table.header_cell}


def chosen_tables(tables: list[ImportedTable], saved: tuple[dict, ...]) -> list[bool]:
    """Which of these tables the saved choice names; next year's titles may differ in their years.

    A table matches by sheet, title and block (digits in these two ignored); where several match
    one saved table, the header cell decides.
    """
    def heading(key: dict) -> tuple:
        sheet = str(key.get("sheet") or "").casefold()
        return sheet, _without_digits(key.get("title")), _without_digits(key.get("block"))

    keys = [table_key(table) for table in tables]
    chosen = [False] * len(tables)
    for wanted in saved:
        matches = [n for n, key in enumerate(keys) if heading(key) == heading(wanted)]
        exact = [n for n in matches if keys[n]["header_cell"] == wanted.get("header_cell")]
        for n in exact or matches:
            chosen[n] = True
    return chosen


def _without_digits(text) -> str:
    return re.sub(r"\d+", "#", str(text or "")).casefold().strip()


def file_key(file_name: str) -> str:
    """What stays the same from one year's file to the next: the name without digits, case or punctuation."""
    return _NOT_A_NAME.sub("", Path(file_name).stem).casefold()


def saved_mapping_for(scenario: Scenario, file_name: str) -> SavedMapping | None:
    """The mapping saved for this file, or for an earlier year's file of the same name (latest saved wins)."""
    key = file_key(file_name)
    for data in reversed(scenario.import_mappings):
        try:
            saved = SavedMapping.from_dict(data)
        except (TypeError, ValueError):
            continue
        if saved.file and file_key(saved.file) == key:
            return saved
    return None


def remember_mapping(scenario: Scenario, saved: SavedMapping) -> Scenario:
    """The scenario with this file's mapping saved, replacing the one saved for the same kind of file."""
    key = file_key(saved.file)
    kept = tuple(m for m in scenario.import_mappings if file_key(str(m.get("file") or "")) != key)
    return replace(scenario, import_mappings=kept + (saved.to_dict(),))


def apply_import(dataset: Dataset, scenario: Scenario, tables: Iterable[ImportedTable], mode: str, source_file: str,
                 ally: str | None = None, cancel: Callable[[], bool] | None = None,
                 progress: Callable[[float], None] | None = None, *, edition: str = "",
                 replace_newer: bool = False, confirm_unusual: bool = False,
                 conflict_choices: dict | None = None) -> tuple[Scenario, MergeResult]:
    """Apply every table one after the other; one MergeResult adds up what they changed.

    `ally` says whose budget lines these are when the rows do not name an ally. Where two
    tables give the same figure, only the winner of their conflict (import_plan.find_conflicts,
    `conflict_choices` keyed by the pair of table indexes) writes it. `edition` is the file's:
    figures from a newer edition are kept unless `replace_newer`. Raises MergeError (naming
    the table) when a table cannot be applied that way, before anything is applied.
    """
    from desktop.spreadsheets.import_plan import find_conflicts, losing_keys

    tables = list(tables)
    if mode == AS_BUDGET_LINES and not ally and any(_names_no_ally(table) for table in tables):
        raise MergeError(NO_LINE_OWNER)
    for table in tables:
        reason = misfit_reason(table.measure, table.unit, mode)
        if reason:
            raise MergeError(f"{table_name(table)}: {reason}")
    lost = losing_keys(tables, mode, find_conflicts(tables, mode, conflict_choices))
    total = sum(table.values.size for table in tables) or 1
    done = 0
    result = MergeResult()
    for n, table in enumerate(tables):
        if cancel is not None and cancel():
            raise MergeError("cancelled")
        data = table.to_dict(records=False)
        data["edition"] = edition
        given_up: list = []
        records = _reporting(table.record_dicts(), progress, done, total)
        data["records"] = _without(records, lost.get(n, {}), given_up) if lost.get(n) else records
        done += table.values.size
        if mode == AS_BUDGET_LINES and ally:
            data["iso3"] = ally
        try:
            scenario, merged = apply_table(dataset, scenario, data, mode, source_file, replace_newer, confirm_unusual)
        except MergeError as error:
            raise MergeError(f"{table.header_cell}: {error}") from None
        result = result + merged + MergeResult(skipped=tuple(given_up))
    if progress is not None:
        progress(0.95)
    return scenario, result


def _without(records, lost: dict, given_up: list):
    """The records except those whose figure another table gives; each one left out is noted with its reason."""
    by_ally_year = {(iso3, year): reason for (iso3, _indicator, year), reason in lost.items()}
    for record in records:
        reason = by_ally_year.get((record.get("iso3"), record.get("year")))
        if reason is not None and record.get("kind") == "ally":
            given_up.append((record.get("cell") or "", reason))
            continue
        yield record


def table_name(table: ImportedTable) -> str:
    from desktop.spreadsheets.import_plan import table_label

    return table_label(table)


def _reporting(records, progress, done: int, total: int):
    """The records, reporting progress every few thousand (records are made as the merge takes them)."""
    if progress is None:
        yield from records
        return
    for n, record in enumerate(records):
        if n % _PROGRESS_EVERY == 0:
            progress(0.95 * min(done + n, total) / total)
        yield record


def _names_no_ally(table: ImportedTable) -> bool:
    return any(kind not in ("ally", "total", "aggregate") for kind in set(table.rows.kinds))


def merge_lines(result: MergeResult, dataset: Dataset | None = None) -> list[str]:
    """The replaced values (old → new), the lines added, the figures kept because newer, those held for
    confirmation, then the skipped records, each list cut at a few hundred."""
    replaced = [f"Replaced {describe_replaced(entry, dataset)}" for entry in result.replaced[:_LISTED]]
    added = [f"Added {name}" for name in result.lines_added[:_LISTED]]
    kept = [f"Kept {cell}: {_ally_name(dataset, iso3)} {_INDICATORS.get(indicator, (indicator,))[0]} {year} "
            f"is from a newer edition ({edition})" for cell, iso3, indicator, year, edition in result.kept_newer[:_LISTED]]
    held = [f"Held {cell}: {why}" for cell, why in result.held[:_LISTED]]
    skipped = [f"Skipped {cell}: {why}" for cell, why in result.skipped[:_LISTED]]
    return (replaced + _more(result.replaced, "replaced") + added + _more(result.lines_added, "added")
            + kept + _more(result.kept_newer, "kept") + held + _more(result.held, "held")
            + skipped + _more(result.skipped, "skipped"))


def _ally_name(dataset: Dataset | None, iso3: str) -> str:
    ally = _ally(dataset, iso3)
    return ally.name if ally is not None else iso3


def _more(entries: tuple, what: str) -> list[str]:
    return [f"… and {len(entries) - _LISTED:,} more {what}"] if len(entries) > _LISTED else []


def describe_replaced(entry: tuple, dataset: Dataset | None = None) -> str:
    """One replaced figure as a line: "Poland, share of GDP 2024: 4.12 → 4.48 (% of GDP; was: NATO 2025 edition)"."""
    iso3, indicator, year, old, old_source, new = entry
    ally = _ally(dataset, iso3)
    name = ally.name if ally is not None else iso3
    words, unit = _INDICATORS.get(indicator, (indicator, ""))
    if indicator == "gdp_nc_bn" and ally is not None and ally.currency:
        unit = f"bn {ally.currency}"
    when = f" {year}" if year is not None else ""
    said = "; ".join(part for part in (unit, f"was: {old_source}" if old_source else "") if part)
    short = _percent if indicator.endswith("_pct") else _short
    return f"{name}, {words}{when}: {short(old)} → {short(new)}" + (f" ({said})" if said else "")


def _ally(dataset: Dataset | None, iso3: str):
    if dataset is None:
        return None
    try:
        return dataset.ally(iso3)
    except KeyError:
        return None


def _percent(value) -> str:
    return f"{value:.2f}" if isinstance(value, (int, float)) else str(value)


def _short(value) -> str:
    if isinstance(value, float):
        return f"{value:,.4g}" if abs(value) < 1e6 else f"{value:,.0f}"
    if isinstance(value, tuple):
        return ", ".join(f"{year}: {amount:,.4g}" for year, amount in value[:4]) + (" …" if len(value) > 4 else "")
    return str(value)
