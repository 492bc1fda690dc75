"""Allies' announced national paths (data/national_plans.csv): points with their source, and the milestones they make."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from .dataset import BASE_YEAR, HISTORY_FIRST, Dataset, DatasetError, default_data_dir
from .plausible import as_finite, range_fault
from .scenario import DEFINITIONS, MAX_HORIZON, NATIONAL_DEFINITION, Milestone

PLANS_FILE = "national_plans.csv"
COLUMNS = ["iso3", "year", "kind", "value", "currency", "definition", "what_is_counted", "year_basis",
           "source", "source_date", "confidence", "note"]
SHARE_POINT, AMOUNT_POINT = "share_pct", "amount_m"
CONFIDENCE = ("official", "reported", "low")
LOW = "low"


@dataclass(frozen=True)
class PlanPoint:
    """One announced point: a share of GDP or an amount (millions of `currency`) in NATO year `year`."""

    iso3: str
    year: int
    kind: str
    value: float
    currency: str
    definition: str
    what_is_counted: str
    year_basis: str
    source: str
    source_date: str
    confidence: str
    note: str

    @property
    def is_share(self) -> bool:
        return self.kind == SHARE_POINT

    def provenance(self) -> str:
        """'Source (2025-06-23; reported)': what a tooltip, a workbook cell or a JSON field cites."""
        return f"{self.source} ({self.source_date}; {self.confidence})"


def _point_fault(row: dict, dataset: Dataset) -> str:
    iso3 = row["iso3"]
    try:
        ally = dataset.ally(iso3)
    except KeyError:
        return f"unknown ally {iso3!r}"
    if not ally.has_defence_figures:
        return f"{ally.name} has no armed forces, so no defence plan"
    if not row["year"].isdigit() or not HISTORY_FIRST <= int(row["year"]) <= MAX_HORIZON:
        return f"year {row['year']!r} is not a year in {HISTORY_FIRST}..{MAX_HORIZON}"
    try:
        value = float(row["value"])
    except ValueError:
        return f"value {row['value']!r} is not a number"
    if row["kind"] == SHARE_POINT:
        fault = range_fault("share_gdp_pct", value)
        if fault:
            return fault
        if row["currency"]:
            return "a share of GDP has no currency"
    elif row["kind"] == AMOUNT_POINT:
        if as_finite(value) is None or value <= 0:
            return f"amount {row['value']!r} must be a positive number of millions"
        if row["currency"] != "USD" and dataset.units_per_national(iso3, row["currency"]) != 1.0:
            return f"an amount must be in USD or {ally.currency}, not {row['currency']!r}"
    else:
        return f"kind {row['kind']!r} must be {SHARE_POINT} or {AMOUNT_POINT}"
    if row["definition"] not in DEFINITIONS:
        return f"definition {row['definition']!r} must be one of {', '.join(DEFINITIONS)}"
    if row["confidence"] not in CONFIDENCE:
        return f"confidence {row['confidence']!r} must be one of {', '.join(CONFIDENCE)}"
    if not row["source"] or not row["source_date"]:
        return "source and source_date are required"
    return ""


def load_plans(dataset: Dataset, data_dir: Path | None = None) -> tuple[PlanPoint, ...]:
    """Read and validate the announced points; a damaged file raises DatasetError with its row and fault."""
    path = (Path(data_dir) if data_dir is not None else default_data_dir()) / PLANS_FILE
    try:
        with open(path, encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            if reader.fieldnames != COLUMNS:
                raise DatasetError(f"{path}: row 1: expected columns {','.join(COLUMNS)}, found {','.join(reader.fieldnames or [])}")
            rows = list(reader)
    except OSError as exc:
        raise DatasetError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise DatasetError(f"{path}: is not a readable UTF-8 CSV ({exc})") from None
    points, seen = [], {}
    for line_no, row in enumerate(rows, start=2):
        if None in row or any(v is None for v in row.values()):
            raise DatasetError(f"{path}: row {line_no}: expected {len(COLUMNS)} fields")
        fault = _point_fault(row, dataset)
        if fault:
            raise DatasetError(f"{path}: row {line_no}: {fault}")
        key = (row["iso3"], int(row["year"]), row["kind"])
        if key in seen:
            raise DatasetError(f"{path}: row {line_no}: {key[0]} {key[1]} {key[2]} is already given in row {seen[key]}")
        seen[key] = line_no
        points.append(PlanPoint(row["iso3"], int(row["year"]), row["kind"], float(row["value"]), row["currency"], row["definition"],
                                row["what_is_counted"], row["year_basis"], row["source"], row["source_date"], row["confidence"], row["note"]))
    return tuple(points)


_default: tuple[PlanPoint, ...] | None = None


def default_plans(dataset: Dataset) -> tuple[PlanPoint, ...]:
    """The embedded announced points, loaded once per process."""
    global _default
    if _default is None:
        _default = load_plans(dataset)
    return _default


def national_base(plans, iso3: str) -> PlanPoint | None:
    """The ally's base-year amount in a national definition, against which its later national amounts are growth."""
    return next((p for p in plans if p.iso3 == iso3 and p.year == BASE_YEAR and p.kind == AMOUNT_POINT
                 and p.definition == NATIONAL_DEFINITION), None)


def applied_points(plans, include_low: bool = False) -> tuple[PlanPoint, ...]:
    """The points a plan scenario follows: after the base year, and of low confidence only when asked for."""
    return tuple(p for p in plans if p.year > BASE_YEAR and (include_low or p.confidence != LOW))


def plan_milestones(plans, include_low: bool = False) -> dict:
    """Each ally's applied points as milestones: a share and an amount for one year become one milestone."""
    by_year: dict = {}
    for p in applied_points(plans, include_low):
        by_year.setdefault((p.iso3, p.year), []).append(p)
    milestones: dict = {}
    for (iso3, year), points in sorted(by_year.items()):
        share = next((p for p in points if p.is_share), None)
        amount = next((p for p in points if not p.is_share), None)
        base = national_base(plans, iso3) if amount is not None and amount.definition == NATIONAL_DEFINITION else None
        cited = share or amount
        milestones.setdefault(iso3, []).append(Milestone(
            year,
            share_pct=share.value if share else None,
            amount_m=amount.value if amount else None,
            currency=amount.currency if amount else "",
            definition=amount.definition if amount else "nato",
            national_base_m=base.value if base else None,
            follows="share" if share else "amount",
            source=f"{cited.source} ({cited.source_date})" + (f"; amount: {amount.source} ({amount.source_date})" if share and amount else ""),
            confidence=cited.confidence,
        ))
    return milestones


def point_text(point: PlanPoint, period: str) -> str:
    """'3.5% in 2029', '€153 bn in 2029 (national definition)': one announced point in words."""
    from .milestone_amounts import money_text

    what = f"{point.value:g}%" if point.is_share else money_text(point.value, point.currency)
    if point.definition == NATIONAL_DEFINITION:
        what += " (national definition)"
    if point.confidence == LOW:
        what += " (low confidence)"
    return f"{what} in {period}"


def plan_summary(plans, dataset: Dataset, iso3: str) -> str:
    """The ally's announced points in one line, or '' when it published no path."""
    ally = dataset.ally(iso3)
    return "; ".join(point_text(p, ally.period_label(p.year)) for p in plans if p.iso3 == iso3)
