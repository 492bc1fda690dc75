"""The Allies table: one row per ally, figures for the base year and the target year from a Result."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from ..core.dataset import BASE_YEAR, SHARE
from ..core.projection import Result
from ..core.sources import figure_source, gdp_source_year
from ..core.thresholds import THRESHOLDS_PCT, highest_threshold_met, thresholds_met
from .formatting import MISSING, copy_text, is_missing, money_text, share_text, sort_key, threshold_text
from .roles import COPY_ROLE, FILTER_ROLE, KEY_ROLE, SORT_ROLE

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True)
class Column:
    title: Callable[[int], str]  # target year -> header text
    value: Callable[[Result, int, int], object]  # (result, row, target-year column) -> raw value
    kind: str  # text, share, money, national, threshold
    help: str
    sources: Callable[[int], tuple] = lambda year: ()  # target year -> ((indicator, year), ...)
    projected: bool = False


def _spend_sources(year):
    return ((SHARE, BASE_YEAR), ("gdp_usd_bn", gdp_source_year(year)))


COLUMNS = (
    Column(lambda t: "Ally", lambda r, i, c: r.dataset.allies[i].name, "text", "The NATO ally"),
    Column(lambda t: "ISO", lambda r, i, c: r.dataset.allies[i].iso3, "text", "ISO 3166 three-letter code"),
    Column(
        lambda t: f"% GDP\n{BASE_YEAR}",
        lambda r, i, c: r.share_pct[i, 0],
        "share",
        f"Defence spending as a share of GDP in {BASE_YEAR} (NATO)",
        lambda t: ((SHARE, BASE_YEAR),),
    ),
    Column(
        lambda t: f"% GDP\n{t}",
        lambda r, i, c: r.share_pct[i, c],
        "share",
        "Share of GDP the scenario reaches in the target year",
        lambda t: ((SHARE, BASE_YEAR),),
        projected=True,
    ),
    Column(
        lambda t: f"Meets\nin {t}",
        lambda r, i, c: highest_threshold_met(float(r.share_pct[i, c])),
        "threshold",
        "The highest of NATO's thresholds (" + ", ".join(threshold_text(t) for t in THRESHOLDS_PCT) + ") met in the target year",
        lambda t: ((SHARE, BASE_YEAR),),
        projected=True,
    ),
    Column(
        lambda t: f"US$ m\n{BASE_YEAR}",
        lambda r, i, c: r.spend_usd_m[i, 0],
        "money",
        f"Defence spending in {BASE_YEAR}, million US dollars, current prices",
        lambda t: _spend_sources(BASE_YEAR),
    ),
    Column(
        lambda t: f"US$ m\n{t}",
        lambda r, i, c: r.spend_usd_m[i, c],
        "money",
        "Defence spending in the target year under the scenario, million US dollars, current prices",
        _spend_sources,
        projected=True,
    ),
    Column(
        lambda t: f"Status quo\n{t}",
        lambda r, i, c: r.status_quo_usd_m[i, c],
        "money",
        f"Spending in the target year if the ally kept its {BASE_YEAR} share of GDP, million US dollars",
        _spend_sources,
        projected=True,
    ),
    Column(
        lambda t: f"Extra\n{t}",
        lambda r, i, c: r.extra_usd_m[i, c],
        "money",
        "Extra spending over the status quo in the target year, million US dollars",
        _spend_sources,
        projected=True,
    ),
    Column(
        lambda t: f"Cum. extra\n{BASE_YEAR}–{t}",
        lambda r, i, c: r.cumulative_extra_usd_m[i, c],
        "money",
        "Extra spending over the status quo summed from the base year to the target year, million US dollars",
        _spend_sources,
        projected=True,
    ),
    Column(
        lambda t: f"Nat. cur. m\n{t}",
        lambda r, i, c: r.spend_nc_m[i, c],
        "national",
        "Defence spending in the target year, million units of national currency, current prices",
        lambda t: ((SHARE, BASE_YEAR), ("gdp_nc_bn", gdp_source_year(t))),
        projected=True,
    ),
    Column(
        lambda t: "Fiscal\nyear",
        lambda r, i, c: r.dataset.allies[i].period_label(r.target_year),
        "text",
        "The target year as the ally's own budget year (April–March allies show e.g. 2035/36)",
    ),
)


class AlliesModel(QAbstractTableModel):
    def __init__(self, result: Result, parent=None):
        super().__init__(parent)
        self._result = result
        self._rows = len(result.dataset.allies)
        self._columns = len(COLUMNS)
        self._values: dict = {}  # (row, column) -> raw value; views ask for each cell many times

    @property
    def result(self) -> Result:
        return self._result

    def set_result(self, result: Result) -> None:
        """Same allies, new figures: one block-wide dataChanged plus the headers (they name the target year)."""
        if result.dataset is not self._result.dataset:
            self.beginResetModel()
            self._result = result
            self._values.clear()
            self._rows = len(result.dataset.allies)
            self.endResetModel()
            return
        self._result = result
        self._values.clear()
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(self._rows - 1, self._columns - 1))
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self._columns - 1)

    def iso3_of_row(self, row: int) -> str:
        return self._result.dataset.allies[row].iso3

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else self._columns

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or not (0 <= section < self._columns):
            return None
        column = COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.title(self._result.target_year)
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.help
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
        row, col = index.row(), index.column()
        column = COLUMNS[col]
        result = self._result
        value = self._value(row, col)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(column, row, value)
        if role == Qt.ItemDataRole.EditRole:
            return None if is_missing(value) else value
        if role == SORT_ROLE:
            return value if column.kind == "text" else sort_key(value)
        if role == COPY_ROLE:
            return copy_text(value if column.kind != "threshold" else self._display(column, row, value))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column.kind != "text" else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(column, row)
        if role == FILTER_ROLE:
            ally = result.dataset.allies[row]
            return f"{ally.name} {ally.iso3}"
        if role == KEY_ROLE:
            return result.dataset.allies[row].iso3
        return None

    def _value(self, row: int, col: int):
        key = (row, col)
        if key not in self._values:
            result = self._result
            value = COLUMNS[col].value(result, row, result.year_index(result.target_year))
            self._values[key] = float(value) if hasattr(value, "dtype") else value
        return self._values[key]

    def _display(self, column: Column, row: int, value) -> str:
        ally = self._result.dataset.allies[row]
        if column.kind == "share":
            return share_text(value)
        if column.kind == "money":
            return money_text(value)
        if column.kind == "national":
            return MISSING if is_missing(value) else f"{money_text(value)} {ally.currency}"
        if column.kind == "threshold":
            if not ally.has_defence_figures:
                return MISSING
            return threshold_text(value) if value is not None else "below 2%"
        return str(value)

    def _tooltip(self, column: Column, row: int) -> str:
        result = self._result
        ally = result.dataset.allies[row]
        if not ally.has_defence_figures:
            return f"{ally.name}: {ally.note}"
        year = result.target_year
        lines = [f"{ally.name}: {column.help}"]
        if column.kind == "text":
            lines.append(f"Currency {ally.currency}; region {ally.region}")
            if ally.fy_start_month != 1:
                lines.append(f"Budget year starts in month {ally.fy_start_month}: NATO year {year} is {ally.period_label(year)}")
        if column.kind == "threshold":
            share = float(result.share_pct[row, result.year_index(year)])
            met = thresholds_met(share)
            lines.append(", ".join(f"{threshold_text(t)} {'met' if t in met else 'not met'}" for t in THRESHOLDS_PCT))
        if column.projected:
            lines.append(f"Projected under “{result.scenario.name}” ({ally.period_label(year)})")
        lines += [figure_source(result.dataset, result.scenario, ally.iso3, ind, y) for ind, y in column.sources(year)]
        return "\n".join(lines)

