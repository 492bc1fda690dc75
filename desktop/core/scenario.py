"""A scenario as an immutable value: the target, per-ally milestones, horizon and user figures."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from .dataset import BASE_YEAR
from .financing_mix import DEFAULT_GROWTH_BAND_PTS, Financing

MAX_HORIZON = 2060
DEFAULT_HORIZON = 2040
PATH_SHAPES = ("linear", "step")
SCOPES = ("all", "europe_canada")


@dataclass(frozen=True)
class Target:
    """An alliance-wide target: core share C and defence-related share R (% of GDP) by year T."""

    core_pct: float
    related_pct: float = 0.0
    target_year: int = 2035
    shape: str = "linear"
    step_year: int | None = None
    no_cuts: bool = True
    scope: str = "all"
    related_baseline_pct: float = 0.0
    extra: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))  # unknown file keys, kept

    def __post_init__(self):
        if not isinstance(self.extra, MappingProxyType):
            object.__setattr__(self, "extra", MappingProxyType(dict(self.extra)))
        if self.shape not in PATH_SHAPES:
            raise ValueError(f"path shape must be one of {', '.join(PATH_SHAPES)}, not {self.shape!r}")
        if self.scope not in SCOPES:
            raise ValueError(f"scope must be one of {', '.join(SCOPES)}, not {self.scope!r}")
        if not (BASE_YEAR < self.target_year <= MAX_HORIZON):
            raise ValueError(f"target year must be between {BASE_YEAR + 1} and {MAX_HORIZON}, not {self.target_year}")
        if self.step_year is not None and not (BASE_YEAR < self.step_year <= self.target_year):
            raise ValueError(f"step year must be after {BASE_YEAR} and no later than the target year {self.target_year}, not {self.step_year}")
        for name in ("core_pct", "related_pct", "related_baseline_pct"):
            v = getattr(self, name)
            if not (0.0 <= v <= 100.0):
                raise ValueError(f"{name} must be a share of GDP between 0 and 100, not {v}")

    @property
    def jump_year(self) -> int:
        return self.step_year if self.step_year is not None else self.target_year


NATO_DEFINITION = "nato"
NATIONAL_DEFINITION = "national"  # a government's own budget: applied as growth over its base-year amount
DEFINITIONS = (NATO_DEFINITION, NATIONAL_DEFINITION)
FOLLOWS = ("share", "amount")


@dataclass(frozen=True)
class Milestone:
    """A point an ally commits to in NATO year `year`: a share of GDP, an amount of money, or both.

    An amount (millions of `currency`, the ally's own or US dollars) becomes a share of that
    year's projected GDP. One counted in a national definition (a government's own budget,
    not NATO's) is applied as growth over the same definition's base-year amount,
    `national_base_m`. With both given, the path follows `follows`.
    """

    year: int
    share_pct: float | None = None
    amount_m: float | None = None
    currency: str = ""
    definition: str = NATO_DEFINITION
    national_base_m: float | None = None
    follows: str = "share"
    source: str = ""
    confidence: str = ""

    @property
    def is_plain_share(self) -> bool:
        """Only a share, with nothing else to keep: a file writes it as a [year, share] pair."""
        return self == Milestone(self.year, self.share_pct)

    @property
    def follows_amount(self) -> bool:
        return self.amount_m is not None and (self.share_pct is None or self.follows == "amount")


@dataclass(frozen=True)
class Override:
    """A figure the user entered or imported, replacing the dataset's for one ally and year.

    An imported figure keeps the edition of the file it came from ("2024 edition"), or "" when the file names none.
    """

    iso3: str
    indicator: str
    year: int
    value: float
    source: str
    extra: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))  # unknown file keys, kept
    imported: bool = False
    edition: str = ""

    def __post_init__(self):
        if not isinstance(self.extra, MappingProxyType):
            object.__setattr__(self, "extra", MappingProxyType(dict(self.extra)))


# What a budget line is for. All but the last count toward the 3.5% core; "defence_related" is the 1.5%.
LINE_CATEGORIES = (
    "equipment",
    "personnel",
    "infrastructure",
    "research_development",
    "operations_maintenance",
    "ukraine_partners",
    "defence_related",
)
DEFAULT_LINE_CATEGORY = "equipment"  # lines from older files and imports without a category column
# How an envelope is spread over its years; "explicit" gives the amount of each year, "quantity" prices
# a number of items a year at the unit cost.
LINE_PROFILES = ("even", "front_loaded", "back_loaded", "explicit", "quantity")


@dataclass(frozen=True)
class BudgetLine:
    """A line of a national budget (e.g. drones) reported against the extra spending.

    `amounts` are always the line's yearly amounts (millions of `currency`); for a profiled line
    core.budget_lines derives them from `total_m`, the years and the profile (or the quantity and
    unit cost). `unit_cost` is in units of `currency` per item, `quantity` in items a year.
    """

    label: str
    iso3: str
    currency: str
    amounts: tuple  # ((year, amount_in_millions), ...)
    source: str = ""
    extra: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))  # unknown file keys, kept
    category: str = DEFAULT_LINE_CATEGORY
    profile: str = "explicit"
    first_year: int | None = None  # None: the first year of `amounts`
    last_year: int | None = None
    total_m: float | None = None  # the envelope of a profiled line; None: the sum of `amounts`
    unit_cost: float | None = None
    quantity: float | None = None
    in_baseline: bool = False  # already in the baseline budget: does not count against the extra

    def __post_init__(self):
        if not isinstance(self.extra, MappingProxyType):
            object.__setattr__(self, "extra", MappingProxyType(dict(self.extra)))
        if self.profile == "explicit" and self.amounts:  # its years and envelope are those of its amounts
            years = [y for y, _ in self.amounts]
            object.__setattr__(self, "first_year", min(years))
            object.__setattr__(self, "last_year", max(years))
            object.__setattr__(self, "total_m", math.fsum(a for _, a in self.amounts))


def _freeze_milestones(milestones) -> MappingProxyType:
    """Milestones sorted by year, one per year; their values pass the validation gate on every route in."""
    frozen = {}
    for iso3, points in dict(milestones or {}).items():
        pts = tuple(sorted((p if isinstance(p, Milestone) else Milestone(int(p[0]), float(p[1])) for p in points), key=lambda m: m.year))
        years = [p.year for p in pts]
        if len(set(years)) != len(years):
            raise ValueError(f"{iso3}: two milestones in the same year")
        if pts:
            frozen[iso3] = pts
    return MappingProxyType(dict(sorted(frozen.items())))


@dataclass(frozen=True)
class Scenario:
    name: str
    target: Target | None = None
    milestones: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))
    horizon: int = DEFAULT_HORIZON
    description: str = ""
    overrides: tuple[Override, ...] = ()
    budget_lines: tuple[BudgetLine, ...] = ()
    import_mappings: tuple = ()  # dicts, as the importer's Mapping.to_dict() gives them
    extra: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))  # unknown file keys, kept
    financing: Financing = field(default_factory=Financing)
    growth_band_pts: float = DEFAULT_GROWTH_BAND_PTS  # points of nominal GDP growth either side of the central path

    def __post_init__(self):
        if not (BASE_YEAR < self.horizon <= MAX_HORIZON):
            raise ValueError(f"horizon must be between {BASE_YEAR + 1} and {MAX_HORIZON}, not {self.horizon}")
        if not isinstance(self.milestones, MappingProxyType) or any(
            not isinstance(p, Milestone) for pts in self.milestones.values() for p in pts
        ):
            object.__setattr__(self, "milestones", _freeze_milestones(self.milestones))
        if not isinstance(self.extra, MappingProxyType):
            object.__setattr__(self, "extra", MappingProxyType(dict(self.extra)))

    def with_milestones(self, iso3: str, points) -> "Scenario":
        merged = dict(self.milestones)
        merged[iso3] = tuple(points)
        return replace(self, milestones=_freeze_milestones(merged))

    @property
    def years(self) -> range:
        return range(BASE_YEAR, self.horizon + 1)
