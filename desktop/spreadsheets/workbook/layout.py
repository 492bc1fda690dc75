"""Where every block of the scenario workbook sits, decided once so that sheets can refer to each other."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ...core.dataset import Ally
from . import names

FIRST_YEAR_COL = 6  # columns A..E hold ally, ISO3, group, currency and year basis on every per-ally sheet
RESULT_HEADER_ROW = 4
RESULT_TOP = 5
MIN_MILESTONE_SLOTS = 3

# Columns of the Assumptions sheet's ally table, after the five label columns.
BASE_SHARE_COL = 6
IN_SCOPE_COL = 7
MILESTONE_COUNT_COL = 8
PATH_START_YEAR_COL = 9

SCALAR_TOP = 6  # first scalar input row on the Assumptions sheet

# The ally table's per-milestone blocks (one column per milestone slot each), after the path start share:
# the share the path goes through (calculated) first, so that it follows the path start share in one range.
MILESTONE_BLOCKS = ("path_share", "share", "amount", "currency", "definition", "national_base", "follows",
                    "gdp", "amount_share", "source", "confidence")


@lru_cache(maxsize=None)  # called for nearly every cell and formula reference of an export
def col_letter(col: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(col)


def group_of(ally: Ally) -> str:
    if not ally.has_defence_figures:
        return names.GROUP_NOT_COUNTED
    return names.GROUP_USA if ally.iso3 == "USA" else names.GROUP_EUROPE_CANADA


_FY_NAMES = {1: "Jan–Dec", 4: "Apr–Mar", 7: "Jul–Jun", 10: "Oct–Sep"}


def year_basis(ally: Ally) -> str:
    """How the ally's years read: April–March allies report NATO year 2027 as their FY 2027/28."""
    months = _FY_NAMES.get(ally.fy_start_month, "")
    if ally.fy_start_month == 4:
        return f"FY {months}"
    return months


@dataclass(frozen=True)
class Layout:
    """Rows and columns of the workbook's blocks for one scenario's allies, years and milestones."""

    allies: tuple[Ally, ...]
    years: tuple[int, ...]
    counted: tuple[int, ...]  # dataset indices of the allies with defence figures, in dataset order
    milestone_slots: int
    scalar_rows: dict  # defined name -> row on Assumptions (value in column B)
    years_header_row: int
    progress_row: int
    related_path_row: int
    ally_header_row: int
    gdp_usd_header_row: int
    gdp_nc_header_row: int
    population_header_row: int

    @property
    def last_year_col(self) -> int:
        return FIRST_YEAR_COL + len(self.years) - 1

    def year_col(self, j: int) -> int:
        return FIRST_YEAR_COL + j

    def year_letter(self, j: int) -> str:
        return col_letter(FIRST_YEAR_COL + j)

    def ally_row(self, i: int) -> int:
        """Row of dataset ally i in the Assumptions ally table."""
        return self.ally_header_row + 1 + i

    def gdp_usd_row(self, i: int) -> int:
        return self.gdp_usd_header_row + 1 + i

    def gdp_nc_row(self, i: int) -> int:
        return self.gdp_nc_header_row + 1 + i

    def population_row(self, i: int) -> int:
        return self.population_header_row + 1 + i

    @property
    def milestone_year_cols(self) -> tuple[int, int]:
        first = PATH_START_YEAR_COL + 1
        return first, first + self.milestone_slots - 1

    @property
    def path_start_share_col(self) -> int:
        return self.milestone_year_cols[1] + 1

    def milestone_cols(self, block: str) -> tuple[int, int]:
        """First and last column of one of MILESTONE_BLOCKS in the Assumptions ally table."""
        first = self.path_start_share_col + 1 + MILESTONE_BLOCKS.index(block) * self.milestone_slots
        return first, first + self.milestone_slots - 1

    @property
    def milestone_share_cols(self) -> tuple[int, int]:
        """The shares the milestones state (inputs); the path follows milestone_cols("path_share")."""
        return self.milestone_cols("share")

    @property
    def note_col(self) -> int:
        return self.milestone_cols(MILESTONE_BLOCKS[-1])[1] + 1

    @property
    def result_bottom(self) -> int:
        """Last ally row on the per-ally result sheets (one row per counted ally from RESULT_TOP)."""
        return RESULT_TOP + len(self.counted) - 1


SCALAR_ORDER = (
    names.TARGET_APPLIES,
    names.CORE_TARGET,
    names.RELATED_TARGET,
    names.RELATED_BASELINE,
    names.TARGET_YEAR,
    names.PATH_SHAPE,
    names.STEP_YEAR,
    names.NO_CUTS,
    names.TARGET_SCOPE,
    names.JUMP_YEAR,
    names.REPORT_YEAR,
    names.BASE_YEAR,
    names.LAST_YEAR,
)


def plan_layout(allies, years, milestone_count: int) -> Layout:
    n = len(allies)
    scalar_rows = {name: SCALAR_TOP + k for k, name in enumerate(SCALAR_ORDER)}
    years_header = SCALAR_TOP + len(SCALAR_ORDER) + 2
    ally_header = years_header + 5
    gdp_usd_header = ally_header + n + 3
    gdp_nc_header = gdp_usd_header + n + 3
    population_header = gdp_nc_header + n + 3
    return Layout(
        allies=tuple(allies),
        years=tuple(int(y) for y in years),
        counted=tuple(i for i, a in enumerate(allies) if a.has_defence_figures),
        milestone_slots=max(MIN_MILESTONE_SLOTS, milestone_count),
        scalar_rows=scalar_rows,
        years_header_row=years_header,
        progress_row=years_header + 1,
        related_path_row=years_header + 2,
        ally_header_row=ally_header,
        gdp_usd_header_row=gdp_usd_header,
        gdp_nc_header_row=gdp_nc_header,
        population_header_row=population_header,
    )
