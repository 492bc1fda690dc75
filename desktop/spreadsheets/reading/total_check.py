"""Total rows checked against the lines above them: a total that is not their sum, beyond rounding, is worth a warning."""

from __future__ import annotations

import math

import numpy as np

from desktop.spreadsheets.reading.cell_address import cell_ref
from desktop.spreadsheets.reading.import_report import ImportedTable, ImportWarning
from desktop.spreadsheets.reading.row_labels import ALLY, LINE, TOTAL

_SUMMED = (ALLY, LINE)
_MAX_WARNINGS = 20  # per table: a table whose totals all disagree says so once per row, not thousands of times


def _decimals(values: np.ndarray) -> int:
    """The most decimals any of the printed values has (up to 6): how finely the file rounds."""
    for d in range(7):
        if np.all(np.abs(values * 10**d - np.round(values * 10**d)) < 1e-6 * np.maximum(1.0, np.abs(values * 10**d))):
            return d
    return 6


def _number(value: float, decimals: int) -> str:
    return f"{value:,.{decimals}f}"


def total_mismatches(table: ImportedTable) -> list[ImportWarning]:
    """A warning for each total whose lines (the rows since the previous total) do not add up to it."""
    kinds = table.rows.kinds
    if TOTAL not in kinds or table.values.size == 0:
        return []
    warnings = []
    start = 0
    for i, kind in enumerate(kinds):
        if kind != TOTAL:
            continue
        lines = [r for r in range(start, i) if kinds[r] in _SUMMED]
        every_row = [r for r in range(start, i) if kinds[r] != TOTAL]  # some files' totals count their subtotals too
        start = i + 1
        if len(lines) < 2:
            continue
        for j, period in enumerate(table.periods):
            total = table.values[i, j]
            parts = table.values[lines, j]
            parts = parts[~np.isnan(parts)]
            if math.isnan(total) or len(parts) < 2:
                continue
            # Each printed figure is off by up to half its last digit: the lines' errors add up, and the total's own.
            decimals = _decimals(np.append(parts, total))
            tolerance = 0.5 * 10.0 ** -_decimals(np.array([total])) + len(parts) * 0.5 * 10.0 ** -_decimals(parts) + 1e-9 * abs(total)
            summed = float(parts.sum())
            with_groups = float(np.nansum(table.values[every_row, j]))
            if abs(summed - total) > tolerance and abs(with_groups - total) > tolerance:
                sheet_row, column = table.cell_positions.get((i, j)) or (table.rows.sheet_rows[i], table.value_columns[j])
                warnings.append(ImportWarning(
                    cell_ref(table.sheet, sheet_row, column),
                    f"the total {_number(total, decimals)} for {period.period} is not the sum of the {len(parts)} lines above it "
                    f"({_number(summed, decimals)}, a difference of {_number(total - summed, decimals)}): check the file before using either",
                ))
                if len(warnings) >= _MAX_WARNINGS:
                    return warnings
    return warnings
