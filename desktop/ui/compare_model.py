"""The compare table: per ally, share, spending and extra under scenarios A and B and the difference B − A."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from ..core.compare import AllyDifference
from .formatting import copy_text, money_text, share_text, sort_key
from .roles import COPY_ROLE, FILTER_ROLE, KEY_ROLE, SORT_ROLE

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
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


class CompareModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[AllyDifference] = []
        self._names = ("A", "B")
        self._columns = len(COLUMNS)
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
        if not same_allies:
            self.beginResetModel()
            self._rows = list(rows)
            self.endResetModel()
            return
        self._rows = list(rows)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, self._columns - 1))
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self._columns - 1)

    def row_of(self, iso3: str) -> int:
        return next(n for n, r in enumerate(self._rows) if r.iso3 == iso3)

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else self._columns

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or not (0 <= section < self._columns):
            return None
        column = COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.help.format(a=f"A ({self._names[0]})", b=f"B ({self._names[1]})")
        if role == Qt.ItemDataRole.TextAlignmentRole and column.kind != "text":
            return _RIGHT
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = COLUMNS[index.column()]
        value = column.value(row)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(column, value)
        if role == Qt.ItemDataRole.EditRole:
            return value
        if role == SORT_ROLE:
            return value if column.kind == "text" else sort_key(value)
        if role == COPY_ROLE:
            return copy_text(value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column.kind != "text" else None
        if role == Qt.ItemDataRole.FontRole and row.differs and (column.is_difference or index.column() == 0):
            return self._bold
        if role == Qt.ItemDataRole.BackgroundRole and row.differs and column.is_difference and shows_change(column.kind, value):
            return RISE_TINT if value > 0 else FALL_TINT
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row)
        if role == FILTER_ROLE:
            return f"{row.name} {row.iso3}"
        if role == KEY_ROLE:
            return row.iso3
        return None

    def _display(self, column: Column, value) -> str:
        if column.is_difference:
            return difference_text(column.kind, value)
        if column.kind == "share":
            return share_text(value)
        if column.kind == "money":
            return money_text(value)
        return str(value)

    def _tooltip(self, row: AllyDifference) -> str:
        a, b = self._names
        if not row.differs:
            return f"{row.name} {row.period}: the same under {a} and {b}"
        return (
            f"{row.name} {row.period}: {share_text(row.share_b)} under {b} against {share_text(row.share_a)} under {a} "
            f"({difference_text('share', row.share_diff)}, US$ {difference_text('money', row.spend_diff_usd_m)} m)"
        )
