"""The embedded dataset: the 32 allies, NATO's defence shares and the IMF's economic series."""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .plausible import PLAUSIBLE_RANGES, range_fault

BASE_YEAR = 2025
HISTORY_FIRST = 2014
IMF_FIRST = 2022
IMF_LAST = 2030

HISTORY_YEARS = tuple(range(HISTORY_FIRST, BASE_YEAR + 1))
IMF_YEARS = tuple(range(IMF_FIRST, IMF_LAST + 1))

SHARE = "share_gdp_pct"
NATO_INDICATORS = (
    SHARE,
    "equipment_share_pct",
    "personnel_share_pct",
    "infrastructure_share_pct",
    "other_share_pct",
    "real_change_pct",
    "military_personnel_thousands",
)
IMF_INDICATORS = ("gdp_usd_bn", "gdp_nc_bn", "real_gdp_growth_pct", "cpi_inflation_pct", "population_m")
# General-government fiscal series from the same WEO, % of GDP, in data/imf_fiscal.csv.
FISCAL_INDICATORS = (
    "gross_debt_pct_gdp",
    "net_lending_pct_gdp",
    "primary_net_lending_pct_gdp",
    "revenue_pct_gdp",
    "expenditure_pct_gdp",
)
FISCAL_REQUIRED = ("gross_debt_pct_gdp", "net_lending_pct_gdp", "primary_net_lending_pct_gdp")

_MONTH_SPANS = {1: "January–December", 4: "April–March", 7: "July–June", 10: "October–September"}
_FY_MONTHS = set(_MONTH_SPANS)
_REGIONS = {"Europe", "North America"}


class DatasetError(ValueError):
    """A dataset file is missing, corrupted or edited into something the planner cannot use."""


@dataclass(frozen=True)
class Ally:
    iso3: str
    name: str
    currency: str
    fy_start_month: int
    region: str
    note: str = ""

    @property
    def has_defence_figures(self) -> bool:
        return self.iso3 != "ISL"

    def period_label(self, year: int) -> str:
        """NATO's year as the ally prints it: April-March allies show their fiscal year."""
        if self.fy_start_month == 4:
            return f"{year}/{(year + 1) % 100:02d}"
        return str(year)

    def year_basis(self, year: int) -> str:
        """What NATO's `year` means for this ally, in words: 'calendar year', 'budget year 2027/28', ..."""
        if self.fy_start_month == 1:
            return "calendar year"
        months = _MONTH_SPANS[self.fy_start_month]
        if self.fy_start_month == 4:
            return f"budget year {self.period_label(year)} ({months})"
        return f"fiscal year {year} ({months})"


@dataclass(frozen=True)
class Provenance:
    source: str
    edition: str
    estimate: bool = False
    flag: str = ""

    def describe(self) -> str:
        parts = [f"{self.source}, {self.edition}"]
        if self.estimate:
            parts.append("estimate")
        if self.flag:
            parts.append(self.flag)
        return "; ".join(parts)


@dataclass(frozen=True)
class CurrencyChange:
    """An ally's move to a new currency at an irrevocably fixed rate (`rate` old units per new unit).

    The planner states every national-currency figure in the ally's currency of
    today, earlier years converted at this rate, as NATO, the IMF and Eurostat do
    once an ally has changed over.
    """

    iso3: str
    from_currency: str
    to_currency: str
    first_year: int
    rate: float
    source: str

    def describe(self) -> str:
        """'EUR from 2026, BGN before: earlier figures converted at the fixed 1.95583 BGN per EUR (source)'."""
        return (f"{self.to_currency} from {self.first_year}, {self.from_currency} before: earlier figures converted "
                f"at the fixed {self.rate:g} {self.from_currency} per {self.to_currency} ({self.source})")


@dataclass(frozen=True, eq=False)
class Dataset:
    """Figures as aligned arrays (allies × years) plus the provenance of every value.

    Arrays hold NaN where no figure is published. `indicators[name]` spans
    HISTORY_YEARS for NATO indicators and IMF_YEARS for IMF ones.
    """

    allies: tuple[Ally, ...]
    indicators: dict
    provenance: dict
    currency_changes: tuple[CurrencyChange, ...] = ()

    def __post_init__(self):
        object.__setattr__(self, "_rows", {ally.iso3: i for i, ally in enumerate(self.allies)})

    def index(self, iso3: str) -> int:
        return self._rows[iso3]

    def ally(self, iso3: str) -> Ally:
        return self.allies[self.index(iso3)]

    def years_of(self, indicator: str) -> tuple[int, ...]:
        return HISTORY_YEARS if indicator in NATO_INDICATORS else IMF_YEARS

    def value(self, iso3: str, indicator: str, year: int) -> float | None:
        years = self.years_of(indicator)
        if year not in years:
            return None
        v = float(self.indicators[indicator][self.index(iso3), years.index(year)])
        return None if math.isnan(v) else v

    def source_of(self, iso3: str, indicator: str, year: int) -> Provenance | None:
        return self.provenance.get((iso3, indicator, year))

    def changes_of(self, iso3: str) -> tuple[CurrencyChange, ...]:
        """The ally's currency changeovers, oldest first."""
        return tuple(c for c in self.currency_changes if c.iso3 == iso3)

    def currencies_of(self, iso3: str) -> list[str]:
        """The ally's currency and those it replaced, newest first: amounts in any of them can be used."""
        return [self.ally(iso3).currency, *(c.from_currency for c in reversed(self.changes_of(iso3)))]

    def units_per_national(self, iso3: str, currency: str) -> float | None:
        """How many units of `currency` one unit of the ally's currency is worth, fixed by law.

        1.0 for the ally's own currency, the conversion rate for a currency it has
        replaced (chained through every later change), None for any other currency.
        """
        factor = 1.0
        wanted = self.ally(iso3).currency
        for change in reversed(self.changes_of(iso3)):
            if currency == wanted:
                return factor
            factor *= change.rate  # the loader checked that each change ends where the next one starts
            wanted = change.from_currency
        return factor if currency == wanted else None

    def sources(self) -> list[tuple[str, str]]:
        """Every distinct (source, edition) in the dataset, for About boxes and read-me sheets."""
        return sorted({(p.source, p.edition) for p in self.provenance.values()})


def default_data_dir() -> Path:
    """data/ beside the package, or inside a frozen bundle."""
    import sys

    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "data"
    return Path(__file__).resolve().parents[2] / "data"


def _read_rows(path: Path, columns: list[str]) -> list:
    """All data rows of a CSV (from line 2), after checking its header and row widths."""
    try:
        f = open(path, encoding="utf-8", newline="")
    except OSError as exc:
        raise DatasetError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    with f:
        try:
            reader = csv.reader(f)
            header = next(reader, None)
            if header != columns:
                raise DatasetError(f"{path}: row 1: expected columns {','.join(columns)}, found {','.join(header or [])}")
            rows = list(reader)
        except UnicodeDecodeError:
            raise DatasetError(f"{path}: is not UTF-8 text; rebuild it with tools/build_dataset.py") from None
        except csv.Error as exc:
            raise DatasetError(f"{path}: malformed CSV ({exc})") from None
    width = len(columns)
    for line_no, row in enumerate(rows, start=2):
        if len(row) != width:
            raise DatasetError(f"{path}: row {line_no}: expected {width} fields, found {len(row)}")
    return rows


def _load_allies(path: Path) -> tuple[Ally, ...]:
    allies = []
    seen = set()
    for line_no, (iso3, name, currency, month, region, note) in enumerate(_read_rows(
        path, ["iso3", "name", "currency", "fy_start_month", "region", "note"]
    ), start=2):
        where = f"{path}: row {line_no}"
        if len(iso3) != 3 or not iso3.isalpha() or not iso3.isupper():
            raise DatasetError(f"{where}: iso3 {iso3!r} is not a three-letter ISO code")
        if iso3 in seen:
            raise DatasetError(f"{where}: ally {iso3} is listed twice")
        if len(currency) != 3 or not currency.isupper():
            raise DatasetError(f"{where}: currency {currency!r} is not an ISO 4217 code")
        if not month.isdigit() or int(month) not in _FY_MONTHS:
            raise DatasetError(f"{where}: fy_start_month {month!r} must be 1, 4, 7 or 10")
        if region not in _REGIONS:
            raise DatasetError(f"{where}: region {region!r} must be Europe or North America")
        seen.add(iso3)
        allies.append(Ally(iso3, name, currency, int(month), region, note))
    if not allies:
        raise DatasetError(f"{path}: holds no allies")
    return tuple(allies)


def _load_currency_changes(path: Path, allies) -> tuple[CurrencyChange, ...]:
    """Changeovers, checked against the allies: each chain of changes ends in the ally's currency of today."""
    by_iso3 = {a.iso3: a for a in allies}
    changes: list[CurrencyChange] = []
    for line_no, (iso3, old, new, first_year, rate, source) in enumerate(_read_rows(
        path, ["iso3", "from_currency", "to_currency", "first_year", "rate", "source"]
    ), start=2):
        where = f"{path}: row {line_no}"
        ally = by_iso3.get(iso3)
        if ally is None:
            raise DatasetError(f"{where}: unknown ally {iso3!r}")
        for code in (old, new):
            if len(code) != 3 or not code.isalpha() or not code.isupper():
                raise DatasetError(f"{where}: currency {code!r} is not an ISO 4217 code")
        if old == new:
            raise DatasetError(f"{where}: {iso3} changes from {old} to the same currency")
        if not first_year.isdigit() or not 1999 <= int(first_year) <= 2100:
            raise DatasetError(f"{where}: first_year {first_year!r} is not a year between 1999 and 2100")
        try:
            value = float(rate)
        except ValueError:
            raise DatasetError(f"{where}: rate {rate!r} is not a number") from None
        if not math.isfinite(value) or value <= 0:
            raise DatasetError(f"{where}: rate {rate!r} must be a positive number of {old} per {new}")
        if not source:
            raise DatasetError(f"{where}: the source of the change (the legal act) is required")
        earlier = [c for c in changes if c.iso3 == iso3]
        if earlier and (earlier[-1].to_currency != old or earlier[-1].first_year >= int(first_year)):
            raise DatasetError(f"{where}: {iso3}'s changes must follow one another in time, each from the currency the last one adopted")
        changes.append(CurrencyChange(iso3, old, new, int(first_year), value, source))
    for iso3 in {c.iso3 for c in changes}:
        last = [c for c in changes if c.iso3 == iso3][-1]
        if last.to_currency != by_iso3[iso3].currency:
            raise DatasetError(f"{path}: {iso3}'s last change is to {last.to_currency}, but allies.csv gives its currency as {by_iso3[iso3].currency}")
    return tuple(changes)


def _load_series(path: Path, allies, known: tuple[str, ...], years_of, arrays: dict, provenance: dict) -> None:
    index = {a.iso3: i for i, a in enumerate(allies)}
    year_index = {ind: {y: j for j, y in enumerate(years_of(ind))} for ind in known}
    interned: dict = {}
    seen_at: dict = {}
    rows = _read_rows(path, ["iso3", "indicator", "year", "value", "estimate", "flag", "source", "edition"])
    for line_no, (iso3, indicator, year, value, estimate, flag, source, edition) in enumerate(rows, start=2):
        row_index = index.get(iso3)
        columns = year_index.get(indicator)
        try:
            y = int(year)
            v = float(value)
        except ValueError:
            y = v = None
        column = columns.get(y) if columns is not None else None
        prov = interned.get((source, edition, estimate, flag))
        low, high, _ = PLAUSIBLE_RANGES[indicator] if indicator in PLAUSIBLE_RANGES else (0.0, 0.0, False)
        if row_index is None or column is None or v is None or prov is None or not (low < v <= high):
            fault = _series_fault(iso3, indicator, year, value, estimate, source, edition, row_index, columns, years_of)
            if fault:
                raise DatasetError(f"{path}: row {line_no}: {fault}")
            prov = interned[(source, edition, estimate, flag)] = Provenance(source, edition, estimate == "1", flag)
        key = (iso3, indicator, y)
        if key in provenance:
            first = seen_at[key]
            raise DatasetError(f"{path}: row {line_no}: {iso3} {indicator} {y} is already given in row {first}")
        seen_at[key] = line_no
        provenance[key] = prov
        arrays[indicator][row_index, column] = v


def _series_fault(iso3, indicator, year, value, estimate, source, edition, row_index, columns, years_of) -> str:
    """Why a row was refused (checked only off the fast path), or '' when it is fine."""
    if row_index is None:
        return f"unknown ally {iso3!r}"
    if columns is None:
        return f"unknown indicator {indicator!r}"
    try:
        y = int(year)
    except ValueError:
        return f"year {year!r} is not a year"
    if y not in columns:
        years = years_of(indicator)
        return f"year {y} is outside {years[0]}..{years[-1]}"
    try:
        v = float(value)
    except ValueError:
        return f"value {value!r} is not a number"
    if not math.isfinite(v):
        return f"value {value!r} is not a finite number"
    fault = range_fault(indicator, v)
    if fault:
        return fault
    if estimate not in ("0", "1"):
        return f"estimate must be 0 or 1, found {estimate!r}"
    if not source or not edition:
        return "source and edition are required"
    return ""


def _check_required(allies, arrays, nato_path: Path, imf_path: Path) -> None:
    share = arrays[SHARE]
    for i, ally in enumerate(allies):
        if ally.has_defence_figures and math.isnan(share[i, HISTORY_YEARS.index(BASE_YEAR)]):
            raise DatasetError(f"{nato_path}: {ally.name} has no {BASE_YEAR} defence share (add a row {ally.iso3},{SHARE},{BASE_YEAR},...)")
    for indicator in ("gdp_usd_bn", "gdp_nc_bn", "real_gdp_growth_pct", "population_m"):
        for i, ally in enumerate(allies):
            missing = [str(y) for y, v in zip(IMF_YEARS, arrays[indicator][i]) if math.isnan(v)]
            if missing:
                raise DatasetError(f"{imf_path}: no {indicator} for {ally.name} ({ally.iso3}) in {', '.join(missing)}: every year {IMF_FIRST}..{IMF_LAST} is needed")


def _check_fiscal(allies, arrays, path: Path) -> None:
    """Debt and the two balances (whose difference is net interest) are needed for every ally from B to IMF_LAST."""
    first = IMF_YEARS.index(BASE_YEAR)
    for indicator in FISCAL_REQUIRED:
        for i, ally in enumerate(allies):
            missing = [str(y) for y, v in zip(IMF_YEARS[first:], arrays[indicator][i, first:]) if math.isnan(v)]
            if missing:
                raise DatasetError(f"{path}: no {indicator} for {ally.name} ({ally.iso3}) in {', '.join(missing)}: every year {BASE_YEAR}..{IMF_LAST} is needed")


def load_dataset(data_dir: Path | None = None) -> Dataset:
    """Read and validate data/; any problem raises DatasetError naming file, row and fault."""
    data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
    allies = _load_allies(data_dir / "allies.csv")
    n = len(allies)
    arrays = {name: np.full((n, len(HISTORY_YEARS)), np.nan) for name in NATO_INDICATORS}
    arrays.update({name: np.full((n, len(IMF_YEARS)), np.nan) for name in IMF_INDICATORS + FISCAL_INDICATORS})
    provenance: dict = {}
    years_of = lambda ind: HISTORY_YEARS if ind in NATO_INDICATORS else IMF_YEARS  # noqa: E731
    _load_series(data_dir / "nato_indicators.csv", allies, NATO_INDICATORS, years_of, arrays, provenance)
    _load_series(data_dir / "imf_weo.csv", allies, IMF_INDICATORS, years_of, arrays, provenance)
    _load_series(data_dir / "imf_fiscal.csv", allies, FISCAL_INDICATORS, years_of, arrays, provenance)
    _check_required(allies, arrays, data_dir / "nato_indicators.csv", data_dir / "imf_weo.csv")
    _check_fiscal(allies, arrays, data_dir / "imf_fiscal.csv")
    changes = _load_currency_changes(data_dir / "currency_changes.csv", allies)
    for a in arrays.values():
        a.flags.writeable = False
    return Dataset(allies, arrays, provenance, changes)


_default: Dataset | None = None
_default_allies: tuple[Ally, ...] | None = None


def default_allies() -> tuple[Ally, ...]:
    """The embedded allies alone (names, currencies), for readers that need no figures."""
    global _default_allies
    if _default_allies is None:
        _default_allies = _default.allies if _default is not None else _load_allies(default_data_dir() / "allies.csv")
    return _default_allies


def default_dataset() -> Dataset:
    """The embedded dataset, loaded once per process."""
    global _default
    if _default is None:
        _default = load_dataset()
    return _default
