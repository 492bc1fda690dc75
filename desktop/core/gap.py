"""The extra spending each ally needs in one year, ranked largest first."""

from __future__ import annotations

import math

from .projection import Result


def gap_ranking(result: Result, year: int) -> list[tuple[str, float]]:
    """(iso3, extra US$ m) for every ally with defence figures, largest extra first, ties by ISO code."""
    column = result.year_index(year)
    rows = [
        (ally.iso3, float(result.extra_usd_m[i, column]))
        for i, ally in enumerate(result.dataset.allies)
        if not math.isnan(result.extra_usd_m[i, column])
    ]
    return sorted(rows, key=lambda row: (-row[1], row[0]))
