"""Applying an import to a scenario as one change, and remembering its mapping for next year's file."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from desktop.core.dataset import Dataset
from desktop.core.merge import AS_BUDGET_LINES, MergeError, MergeResult, apply_table
from desktop.core.scenario import Scenario
from desktop.spreadsheets.import_report import ImportedTable
from desktop.spreadsheets.importer import Mapping

_NOT_A_NAME = re.compile(r"[\d\W_]+")


@dataclass(frozen=True)
class SavedMapping:
    """How a file was read and applied last time: the importer's mapping plus the way it was applied."""

    file: str
    mapping: Mapping
    mode: str | None = None
    ally: str | None = None

    def to_dict(self) -> dict:
        return {**self.mapping.to_dict(), "file": self.file, "mode": self.mode, "ally": self.ally}

    @classmethod
    def from_dict(cls, data: dict) -> "SavedMapping":
        return cls(str(data.get("file") or ""), Mapping.from_dict(data), data.get("mode"), data.get("ally"))


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
                 ally: str | None = None, cancel: Callable[[], bool] | None = None) -> tuple[Scenario, MergeResult]:
    """Apply every table one after the other; one MergeResult adds up what they changed.

    `ally` says whose budget lines these are when the rows do not name an ally.
    Raises MergeError (naming the table) when a table cannot be applied that way.
    """
    added, replaced, skipped, lines, notes = [], [], [], [], []
    for table in tables:
        if cancel is not None and cancel():
            raise MergeError("cancelled")
        data = table.to_dict()
        if mode == AS_BUDGET_LINES and ally:
            data["iso3"] = ally
        try:
            scenario, result = apply_table(dataset, scenario, data, mode, source_file)
        except MergeError as error:
            raise MergeError(f"{table.header_cell}: {error}") from None
        added += result.added
        replaced += result.replaced
        skipped += result.skipped
        lines += result.lines_added
        notes += result.notes
    return scenario, MergeResult(tuple(added), tuple(replaced), tuple(skipped), tuple(lines), tuple(notes))


def describe_replaced(entry: tuple) -> str:
    """One replaced figure as a line: "GBR share_gdp_pct 2024: 2.33 → 2.5 (was: NATO 2025)"."""
    iso3, indicator, year, old, old_source, new = entry
    when = f" {year}" if year is not None else ""
    was = f" (was: {old_source})" if old_source else ""
    return f"{iso3} {indicator}{when}: {_short(old)} → {_short(new)}{was}"


def _short(value) -> str:
    if isinstance(value, float):
        return f"{value:,.4g}" if abs(value) < 1e6 else f"{value:,.0f}"
    if isinstance(value, tuple):
        return ", ".join(f"{year}: {amount:,.4g}" for year, amount in value[:4]) + (" …" if len(value) > 4 else "")
    return str(value)
