"""Merging imported spreadsheet figures into a scenario, reporting everything added or replaced.

Takes the importer's tables as plain dicts (`ImportReport.to_dict()["tables"]`) so
the core never depends on the spreadsheet layer.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .dataset import SHARE, Dataset
from .editions import is_newer
from .measures import COMPOSITION, EXACT_MODE, SHARE_UNITS, misfit_reason
from .budget_lines import category_from_text, resolved
from .plausible import as_finite
from .scenario import DEFAULT_LINE_CATEGORY, BudgetLine, Override, Scenario
from .validation import ally_fault, budget_amount_fault, clean_text, figure_fault, line_currency_fault, merge_duplicate_amounts, quoted

AS_SHARE = "share"
AS_GDP = "gdp"
AS_SPENDING = "spending"
AS_BUDGET_LINES = "budget_lines"
AS_COMPOSITION = "composition"
MODES = (AS_SHARE, AS_GDP, AS_SPENDING, AS_BUDGET_LINES, AS_COMPOSITION)
UNUSUAL_SHARE_PCT = 15.0  # no ally has spent this much of its GDP on defence since NATO's tables began


@dataclass(frozen=True)
class MergeResult:
    """What an import changed: every figure added, every figure replaced (with its old value), every record skipped."""

    added: tuple = ()
    replaced: tuple = ()  # (iso3, indicator, year, old value, old source, new value)
    skipped: tuple = ()  # (cell, reason)
    lines_added: tuple = ()
    notes: tuple = ()
    unchanged: tuple = ()  # keys of figures (or labels of budget lines) the scenario already held, source and all
    kept_newer: tuple = ()  # (cell, iso3, indicator, year, the newer edition kept)
    held: tuple = ()  # (cell, reason): plausible but unusual figures, not applied until confirmed
    lines_uncategorised: int = 0  # new budget lines that named no category and were given the default

    @property
    def changed(self) -> bool:
        return bool(self.added or self.replaced or self.lines_added)

    def summary(self) -> str:
        parts = [f"{len(self.added)} figures added", f"{len(self.replaced)} replaced"]
        if self.kept_newer:
            parts.append(f"{len(self.kept_newer)} kept because newer")
        if self.unchanged:
            parts.append(f"{len(self.unchanged)} unchanged")
        if self.lines_added:
            parts.append(f"{len(self.lines_added)} budget lines added")
            if self.lines_uncategorised:
                parts.append(f"category of {self.lines_uncategorised}: {DEFAULT_LINE_CATEGORY} (default; change it in Budget lines)")
        if self.held:
            parts.append(f"{len(self.held)} unusual figures held for confirmation")
        if self.skipped:
            parts.append(f"{len(self.skipped)} records skipped")
        return ", ".join(parts)

    def __add__(self, other: "MergeResult") -> "MergeResult":
        return MergeResult(*(getattr(self, name) + getattr(other, name) for name in _RESULT_FIELDS))


_RESULT_FIELDS = ("added", "replaced", "skipped", "lines_added", "notes", "unchanged", "kept_newer", "held", "lines_uncategorised")


class MergeError(ValueError):
    """The table cannot be applied in the chosen way; the message says why and what to choose instead."""


NO_LINE_OWNER = "Choose whose budget lines these are: the rows name no ally"


def infer_mode(table: dict) -> str:
    measure = table.get("indicator")
    if measure in EXACT_MODE:
        return EXACT_MODE[measure]
    unit = table.get("unit")
    if unit in SHARE_UNITS:
        return AS_SHARE
    return AS_SPENDING


def _value_in(record: dict, table: dict) -> float | None:
    v = as_finite(record.get("value"))
    return None if v is None else v * float(table.get("scale") or 1)


def _current(dataset: Dataset, scenario: Scenario, iso3: str, indicator: str, year: int):
    for o in reversed(scenario.overrides):
        if (o.iso3, o.indicator, o.year) == (iso3, indicator, year):
            return o.value, o.source
    value = dataset.value(iso3, indicator, year)
    prov = dataset.source_of(iso3, indicator, year)
    return value, (prov.describe() if prov else "")


def current_edition(dataset: Dataset, scenario: Scenario, iso3: str, indicator: str, year: int) -> str:
    """The edition the figure now in force comes from: an imported figure's file edition, else the dataset's ('' if none)."""
    for o in reversed(scenario.overrides):
        if (o.iso3, o.indicator, o.year) == (iso3, indicator, year):
            return o.edition if o.imported else ""
    prov = dataset.source_of(iso3, indicator, year)
    return f"{prov.source}, {prov.edition}" if prov else ""


def _source(table: dict, source_file: str, record: dict) -> str:
    """Where a figure came from: "file.xlsx, TABLE3!N32", marked "(2024e)" when the file calls it an estimate."""
    sheet = table.get("sheet") or ""
    where = f"{source_file}, {record.get('cell') or sheet}" if source_file else str(record.get("cell") or sheet)
    where = clean_text(where)
    if record.get("estimate"):
        period = str(record.get("period") or record.get("year") or "")
        where += f" ({period if period.casefold().endswith('e') else period + 'e'})"
    return where


def apply_table(dataset: Dataset, scenario: Scenario, table: dict, mode: str | None = None, source_file: str = "",
                replace_newer: bool = False, confirm_unusual: bool = False) -> tuple[Scenario, MergeResult]:
    """Apply one imported table: as shares of GDP, GDP, spending (turned into shares), budget lines or composition.

    table["indicator"] names what the table measures (core.measures); a table whose measure
    does not fit the way asked for is refused. table["edition"] names the file's edition: a
    figure from a newer edition is kept unless `replace_newer`. Every figure passes the
    validation gate; a share of GDP above UNUSUAL_SHARE_PCT is held unless `confirm_unusual`.
    table["records"] may be any iterable of record dicts; it is gone through once.
    """
    mode = mode or infer_mode(table)
    if mode not in MODES:
        raise MergeError(f"unknown way to apply a table: {mode!r} (choose {', '.join(MODES)})")
    unit = table.get("unit")
    measure = table.get("indicator") or ""
    reason = misfit_reason(measure, unit, mode)
    if reason:
        raise MergeError(reason)
    if mode == AS_BUDGET_LINES:
        return _apply_budget_lines(dataset, scenario, table, source_file)
    edition = str(table.get("edition") or "")
    index = {(o.iso3, o.indicator, o.year): n for n, o in enumerate(scenario.overrides)}
    overrides = list(scenario.overrides)
    added, replaced, skipped, notes, unchanged, kept_newer, held = [], [], [], [], [], [], []
    first_cell: dict = {}  # key -> the cell this table already gave it from
    converted: set = set()
    known = {a.iso3: a for a in dataset.allies}
    for rec in table.get("records", []):
        cell = rec.get("cell") or ""
        iso3, year = rec.get("iso3"), rec.get("year")
        if rec.get("kind") != "ally" or iso3 not in known:
            skipped.append((cell, f"{quoted(rec.get('label'))} is not an ally ({rec.get('kind')})"))
            continue
        value = _value_in(rec, table)
        if value is None or not isinstance(year, int):
            skipped.append((cell, "no value"))
            continue
        ally = known[iso3]
        if mode in (AS_SHARE, AS_COMPOSITION):
            indicator = COMPOSITION.get(measure, SHARE) if mode == AS_COMPOSITION else SHARE
            if unit == "fraction":
                value *= 100.0
                notes.append(f"{cell}: fraction read as {value:.4g}%")
        else:
            row_unit = rec.get("unit") or unit  # a table in "national currency" names each row's currency
            in_usd = row_unit == "USD"
            per_unit = 1.0 if in_usd else dataset.units_per_national(iso3, row_unit) if row_unit else None
            if per_unit is None:
                skipped.append((cell, f"amounts in {row_unit or 'an unknown currency'} cannot be used for {ally.name} "
                                      f"(US dollars or {' or '.join(dataset.currencies_of(iso3))})"))
                continue
            if per_unit != 1.0:
                value /= per_unit
                converted.add((iso3, row_unit))
            if mode == AS_GDP:
                indicator = "gdp_usd_bn" if in_usd else "gdp_nc_bn"
                value /= 1e9
            else:
                gdp_bn = _current(dataset, scenario, iso3, "gdp_usd_bn" if in_usd else "gdp_nc_bn", year)[0]
                if gdp_bn is None:
                    skipped.append((cell, f"no GDP for {ally.name} in {year} to turn spending into a share"))
                    continue
                indicator = SHARE
                notes.append(f"{cell}: {value / 1e6:,.1f} m {'USD' if in_usd else ally.currency} is {value / (gdp_bn * 1e9) * 100:.3f}% of IMF GDP")
                value = value / (gdp_bn * 1e9) * 100.0
        fault = figure_fault(dataset, iso3, indicator, year, value)
        if fault:
            skipped.append((cell, fault))
            continue
        if indicator == SHARE and value > UNUSUAL_SHARE_PCT and not confirm_unusual:
            held.append((cell, f"{ally.name} {year}: {value:.2f}% of GDP is above {UNUSUAL_SHARE_PCT:g}%: confirm to apply it"))
            continue
        key = (iso3, indicator, year)
        if key in first_cell:
            skipped.append((cell, f"a second figure for {ally.name} {indicator} {year}: the first, at {first_cell[key] or 'an earlier row'}, is kept"))
            continue
        first_cell[key] = cell
        if not replace_newer and is_newer(newer := current_edition(dataset, scenario, iso3, indicator, year), edition):
            kept_newer.append((cell, iso3, indicator, year, newer))
            continue
        new = Override(iso3, indicator, year, value, _source(table, source_file, rec), imported=True, edition=edition)
        if key in index and overrides[index[key]] == new:
            unchanged.append(key)
            continue
        old_value, old_source = _current(dataset, scenario, iso3, indicator, year)
        if key in index:
            overrides[index[key]] = new
        else:
            index[key] = len(overrides)
            overrides.append(new)
        if old_value is None:
            added.append(key)
        else:
            replaced.append((iso3, indicator, year, old_value, old_source, value))
    notes += [conversion_note(dataset, iso3, currency) for iso3, currency in sorted(converted)]
    result = MergeResult(tuple(added), tuple(replaced), tuple(skipped), (), tuple(notes), tuple(unchanged),
                         tuple(kept_newer), tuple(held))
    if not result.changed:
        return scenario, result
    return replace(scenario, overrides=tuple(overrides)), result


def conversion_note(dataset: Dataset, iso3: str, currency: str) -> str:
    """'Bulgaria: BGN amounts converted to EUR at the fixed 1.95583 BGN per EUR (legal act)'."""
    ally = dataset.ally(iso3)
    change = next(c for c in dataset.changes_of(iso3) if c.from_currency == currency)
    rate = dataset.units_per_national(iso3, currency)
    return (f"{ally.name}: {currency} amounts converted to {ally.currency} at the fixed {rate:g} {currency} per "
            f"{ally.currency} ({ally.currency} since {change.first_year}; {change.source})")


def _apply_budget_lines(dataset: Dataset, scenario: Scenario, table: dict, source_file: str):
    unit = table.get("unit")
    scale = float(table.get("scale") or 1) / 1e6
    grouped: dict = {}
    categories: dict = {}  # (label, iso3) -> category, from a record that names one
    skipped, notes = [], []
    default_iso3 = table.get("iso3")
    for rec in table.get("records", []):
        cell = rec.get("cell") or ""
        if rec.get("kind") in ("total", "aggregate"):
            skipped.append((cell, f"{quoted(rec.get('label'))} is a {rec.get('kind')}, not a budget line"))
            continue
        value = _value_in(rec, table)
        if value is None or not isinstance(rec.get("year"), int):
            skipped.append((cell, "no value"))
            continue
        iso3 = rec.get("iso3") if rec.get("kind") == "ally" else default_iso3
        if iso3 is None:
            raise MergeError(NO_LINE_OWNER)
        fault = ally_fault(dataset, iso3) or line_currency_fault(dataset, iso3, unit) or budget_amount_fault(rec["year"], value / 1e6)
        if fault:
            skipped.append((cell, fault))
            continue
        key = (clean_text(str(rec.get("label") or "")), iso3)
        grouped.setdefault(key, []).append((rec["year"], value / 1e6))
        category = category_from_text(rec.get("category"))
        if category is not None:
            categories.setdefault(key, category)
    existing = {(b.label, b.iso3): b for b in scenario.budget_lines}
    lines = list(scenario.budget_lines)
    added, replaced, unchanged = [], [], []
    known = {a.iso3 for a in dataset.allies}
    converted: set = set()
    defaulted = 0
    for (label, iso3), amounts in grouped.items():
        amounts, summed = merge_duplicate_amounts(amounts)
        if summed:
            notes.append(f"{quoted(label)}: two or more amounts for {', '.join(map(str, summed))} were summed")
        currency = unit
        per_unit = dataset.units_per_national(iso3, unit) if iso3 in known else None
        if per_unit is not None and per_unit != 1.0:
            # A currency the ally has replaced: the rate is fixed by law, so the amounts convert exactly.
            currency = dataset.ally(iso3).currency
            amounts = tuple((year, amount / per_unit) for year, amount in amounts)
            converted.add((iso3, unit))
        old = existing.get((label, iso3))
        category = categories.get((label, iso3))
        if old is not None:  # what the analyst said of the line (category, unit cost, baseline) is kept
            line = resolved(replace(old, currency=currency, amounts=amounts, source=clean_text(source_file), profile="explicit",
                                    category=category or old.category))
        else:
            line = resolved(BudgetLine(label, iso3, currency, amounts, clean_text(source_file), category=category or DEFAULT_LINE_CATEGORY))
            if category is None:
                defaulted += 1
        if old == line:
            unchanged.append(label)
        elif old is not None:
            lines[lines.index(old)] = line
            replaced.append((iso3, f"budget line {label}", None, old.amounts, old.source, line.amounts))
        else:
            lines.append(line)
            added.append(line.label)
    notes += [conversion_note(dataset, iso3, currency) for iso3, currency in sorted(converted)]
    result = MergeResult((), tuple(replaced), tuple(skipped), tuple(added), tuple(notes), tuple(unchanged), lines_uncategorised=defaulted)
    if not result.changed:
        return scenario, result
    return replace(scenario, budget_lines=tuple(lines)), result


@dataclass(frozen=True)
class BudgetLineReport:
    """One budget line against its ally's extra spending, year by year (millions, line currency)."""

    line: BudgetLine
    years: tuple
    amounts: tuple
    extra: tuple  # the ally's extra spending in the line's currency, or None where unknown
    share_of_extra_pct: tuple = field(default=())


def budget_lines_against_extra(result) -> list[BudgetLineReport]:
    """Report each budget line against the scenario's extra spending for that ally."""
    reports = []
    first, last = int(result.years[0]), int(result.years[-1])
    for line in result.scenario.budget_lines:
        try:
            i = result.dataset.index(line.iso3)
        except KeyError:
            continue
        # A line in a currency the ally has since replaced (a scenario saved before the changeover)
        # is set against the extra converted at the fixed rate.
        per_unit = result.dataset.units_per_national(line.iso3, line.currency)
        series = result.extra_usd_m[i] if line.currency == "USD" else result.extra_nc_m[i] * per_unit if per_unit else None
        row_years, row_amounts, row_extra, row_share = [], [], [], []
        for y, amount in sorted(dict(line.amounts).items()):
            if not first <= y <= last:
                continue
            extra = None if series is None else float(series[y - first])
            row_years.append(y)
            row_amounts.append(amount)
            row_extra.append(extra)
            row_share.append(None if not extra else amount / extra * 100.0)
        reports.append(BudgetLineReport(line, tuple(row_years), tuple(row_amounts), tuple(row_extra), tuple(row_share)))
    return reports
