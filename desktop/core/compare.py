"""Two computed scenarios side by side: per-ally differences in a chosen year."""

from __future__ import annotations

import math
from dataclasses import dataclass

from .projection import Result


@dataclass(frozen=True)
class AllyDifference:
    iso3: str
    name: str
    period: str
    share_a: float
    share_b: float
    spend_a_usd_m: float
    spend_b_usd_m: float
    extra_a_usd_m: float
    extra_b_usd_m: float

    @property
    def share_diff(self) -> float:
        return self.share_b - self.share_a

    @property
    def spend_diff_usd_m(self) -> float:
        return self.spend_b_usd_m - self.spend_a_usd_m

    @property
    def extra_diff_usd_m(self) -> float:
        return self.extra_b_usd_m - self.extra_a_usd_m

    @property
    def differs(self) -> bool:
        return abs(self.share_diff) > 1e-9 or abs(self.spend_diff_usd_m) > 1e-6


def compare_year(a: Result, b: Result, year: int) -> list[AllyDifference]:
    """Differences B − A for every ally with defence figures in `year` (both results must reach it)."""
    for label, r in (("first", a), ("second", b)):
        if not (r.years[0] <= year <= r.years[-1]):
            raise ValueError(f"{year} is outside the {label} scenario's years {r.years[0]}..{r.years[-1]}")
    ja, jb = a.year_index(year), b.year_index(year)
    rows = []
    for i, ally in enumerate(a.dataset.allies):
        if math.isnan(a.share_pct[i, ja]) or math.isnan(b.share_pct[i, jb]):
            continue
        rows.append(
            AllyDifference(
                ally.iso3,
                ally.name,
                ally.period_label(year),
                float(a.share_pct[i, ja]),
                float(b.share_pct[i, jb]),
                float(a.spend_usd_m[i, ja]),
                float(b.spend_usd_m[i, jb]),
                float(a.extra_usd_m[i, ja]),
                float(b.extra_usd_m[i, jb]),
            )
        )
    return rows


def common_years(a: Result, b: Result) -> range:
    return range(int(max(a.years[0], b.years[0])), int(min(a.years[-1], b.years[-1])) + 1)


def compare_csv(rows: list[AllyDifference], name_a: str, name_b: str, year: int) -> bytes:
    """The comparison as a CSV table (UTF-8 with BOM, so Excel reads the names), scenario names in the headers."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([f"Compared in {year}: A = {name_a}; B = {name_b}"])
    writer.writerow(["Ally", "ISO", "Year", "% GDP A", "% GDP B", "% GDP B-A (pp)", "US$ m A", "US$ m B", "US$ m B-A",
                     "Extra US$ m A", "Extra US$ m B", "Extra US$ m B-A"])
    for r in rows:
        writer.writerow([r.name, r.iso3, r.period, *(f"{v:.4f}" for v in (r.share_a, r.share_b, r.share_diff)),
                         *(f"{v:.1f}" for v in (r.spend_a_usd_m, r.spend_b_usd_m, r.spend_diff_usd_m,
                                                r.extra_a_usd_m, r.extra_b_usd_m, r.extra_diff_usd_m))])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
