"""The extra spending each ally needs in one year, ranked largest first."""

from __future__ import annotations

import math
from dataclasses import dataclass

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


@dataclass(frozen=True)
class LinesGap:
    """One ally's budget lines in one year and currency against its extra spending under the scenario."""

    iso3: str
    year: int
    currency: str
    lines_m: float  # the lines' amounts added up (millions of `currency`)
    extra_m: float | None  # the ally's extra in `currency`; None where it cannot be stated in it
    line_count: int

    @property
    def gap_m(self) -> float | None:
        """What the extra leaves unexplained by the lines; negative when the lines exceed it."""
        return None if self.extra_m is None else self.extra_m - self.lines_m

    @property
    def covered_pct(self) -> float | None:
        return None if not self.extra_m else self.lines_m / self.extra_m * 100.0


def lines_against_extra(result: Result) -> list[LinesGap]:
    """Budget lines added up per ally, year and currency, set against the extra: sorted by ally, year, currency."""
    from .merge import budget_lines_against_extra

    groups: dict = {}
    for report in budget_lines_against_extra(result):
        for year, amount, extra in zip(report.years, report.amounts, report.extra):
            key = (report.line.iso3, year, report.line.currency)
            total, _, count = groups.get(key, (0.0, extra, 0))
            groups[key] = (total + amount, extra, count + 1)
    return [LinesGap(iso3, year, currency, total, extra, count) for (iso3, year, currency), (total, extra, count) in sorted(groups.items())]
