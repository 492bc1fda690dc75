"""The compare table: per ally, share, spending and extra under scenarios A and B and the difference B − A."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont

from ..core.compare import AllyDifference
from .column_model import ColumnTableModel
from .formatting import share_text
# Translucent tints read on light and dark palettes alike; series colours 0 and 2 of the charts.
RISE_TINT = QColor(78, 121, 167, 90)
FALL_TINT = QColor(225, 87, 89, 90)
_TINY = {"share": 5e-3, "money": 0.5}  # below what the cell shows: "0.00 pp", "0"


@dataclass(frozen=True)
class Column:
    title: str
    kind: str  # text, share, money
    value: Callable[[AllyDifference], object]
    help: str  # {a} and {b} stand for the scenario names
    is_difference: bool = False


COLUMNS = (
    Column("Ally", "text", lambda d: d.name, "The NATO ally"),
    Column("Year", "text", lambda d: d.period, "The compared year as the ally's own budget year"),
    Column("% GDP A", "share", lambda d: d.share_a, "Defence spending as a share of GDP under {a}"),
    Column("% GDP B", "share", lambda d: d.share_b, "Defence spending as a share of GDP under {b}"),
    Column("% GDP B−A", "share", lambda d: d.share_diff, "{b} minus {a}, percentage points of GDP", True),
    Column("US$ m A", "money", lambda d: d.spend_a_usd_m, "Defence spending under {a}, million US dollars, current prices"),
    Column("US$ m B", "money", lambda d: d.spend_b_usd_m, "Defence spending under {b}, million US dollars, current prices"),
    Column("US$ m B−A", "money", lambda d: d.spend_diff_usd_m, "{b} minus {a}, million US dollars", True),
    Column("Extra A", "money", lambda d: d.extra_a_usd_m, "Extra over the status quo under {a}, million US dollars"),
    Column("Extra B", "money", lambda d: d.extra_b_usd_m, "Extra over the status quo under {b}, million US dollars"),
    Column("Extra B−A", "money", lambda d: d.extra_diff_usd_m, "{b} minus {a} in extra spending, million US dollars", True),
)
DIFFERENCE_COLUMNS = tuple(n for n, c in enumerate(COLUMNS) if c.is_difference)


def shows_change(kind: str, value: float) -> bool:
    return abs(value) >= _TINY[kind]


def difference_text(kind: str, value: float) -> str:
    if not shows_change(kind, value):
        return "0.00 pp" if kind == "share" else "0"
    return f"{value:+.2f} pp" if kind == "share" else f"{value:+,.0f}"


def largest_difference_first(rows: list[AllyDifference]) -> list[AllyDifference]:
    """By |extra B − A|, then |share B − A|, largest first; equal allies follow by name.

    With one ally of 31 differing, it is the first row instead of somewhere in the alphabet.
    """
    return sorted(rows, key=lambda r: (-abs(r.extra_diff_usd_m), -abs(r.share_diff), r.name))


class CompareModel(ColumnTableModel):
    MORE_ROLES = frozenset({Qt.ItemDataRole.FontRole, Qt.ItemDataRole.BackgroundRole})  # bold and tinted differences

    def __init__(self, parent=None):
        super().__init__(COLUMNS, 0, parent)
        self._rows: list[AllyDifference] = []
        self._names = ("A", "B")
        self._bold = QFont()
        self._bold.setBold(True)

    @property
    def rows(self) -> list[AllyDifference]:
        return list(self._rows)

    def set_rows(self, rows: list[AllyDifference], name_a: str, name_b: str) -> None:
        """Rows in order of the largest difference first (see `largest_difference_first`).

        Same allies in the same order: one block-wide dataChanged (the view keeps its selection); otherwise a reset.
        """
        rows = largest_difference_first(rows)
        same_allies = [r.iso3 for r in rows] == [r.iso3 for r in self._rows]
        self._names = (name_a, name_b)

        def install() -> int:
            self._rows = list(rows)
            return len(self._rows)

        self._update(same_allies, install, headers=True)

    def row_of(self, iso3: str) -> int:
        return next(n for n, r in enumerate(self._rows) if r.iso3 == iso3)

    def header_help(self, column: Column) -> str:
        return column.help.format(a=f"A ({self._names[0]})", b=f"B ({self._names[1]})")

    def cell_value(self, row: int, col: int):
        return COLUMNS[col].value(self._rows[row])

    def cell_display(self, row: int, column: Column, value) -> str:
        if column.is_difference:
            return difference_text(column.kind, value)
        return super().cell_display(row, column, value)

    def more_data(self, index, column: Column, value, role):
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.FontRole and row.differs and (column.is_difference or index.column() == 0):
            return self._bold
        if role == Qt.ItemDataRole.BackgroundRole and row.differs and column.is_difference and shows_change(column.kind, value):
            return RISE_TINT if value > 0 else FALL_TINT
        return None

    def row_filter_text(self, row: int) -> str:
        return f"{self._rows[row].name} {self._rows[row].iso3}"

    def row_key(self, row: int) -> str:
        return self._rows[row].iso3

    def cell_tooltip(self, row: int, col: int) -> str:
        return self._tooltip(self._rows[row])

    def _tooltip(self, row: AllyDifference) -> str:
        a, b = self._names
        if not row.differs:
            return f"{row.name} {row.period}: the same under {a} and {b}"
        return (
            f"{row.name} {row.period}: {share_text(row.share_b)} under {b} against {share_text(row.share_a)} under {a} "
            f"({difference_text('share', row.share_diff)}, US$ {difference_text('money', row.spend_diff_usd_m)} m)"
        )
