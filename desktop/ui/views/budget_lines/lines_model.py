"""The scenario's budget lines as an editable table, one row per line: what it is for, its envelope over years, what it buys."""

from __future__ import annotations

import math
import re
from typing import Callable, NamedTuple

from PySide6.QtCore import Qt

from ....core.budget_lines import CATEGORY_TITLES, PROFILE_TITLES, BudgetPlan, LinePlan
from ....core.dataset import Dataset
from ...column_model import TEXT, ColumnTableModel
from ...formatting import MISSING, money_text

_YEAR = "year"  # a NATO year shown as the ally's budget year
_FLAG = "flag"  # a check box


class LineColumn(NamedTuple):
    field: str  # the BudgetLine field an edit sets; "" for a column that is only read
    title: str
    kind: str = TEXT
    help: str = ""


COLUMNS = (
    LineColumn("label", "Budget line", TEXT, "What the line is called; double-click (or F2) to edit any white cell"),
    LineColumn("iso3", "Ally", TEXT, "Whose budget the line is in"),
    LineColumn("category", "Category", TEXT, "What the line is for: all but defence-related count toward the 3.5% core"),
    LineColumn("total_m", "Amount m", "money", "The envelope over all its years, millions of the line's currency"),
    LineColumn("currency", "Currency", TEXT, "The ally's currency or USD"),
    LineColumn("first_year", "First year", _YEAR, "The first budget year (NATO year, shown as the ally's own)"),
    LineColumn("last_year", "Last year", _YEAR, "The last budget year"),
    LineColumn("profile", "Profile", TEXT, "How the envelope is spread over its years"),
    LineColumn("unit_cost", "Unit cost", "money", "Cost of one item, in the line's currency (not millions)"),
    LineColumn("quantity", "Quantity a year", "money", "Items bought each year; with a unit cost it prices the line"),
    LineColumn("in_baseline", "In baseline", _FLAG, "Already in the baseline budget: does not count against the extra"),
    LineColumn("", "Funding", TEXT, "Whether the extra covers the line in each of its years, lines funded in the order listed"),
    LineColumn("source", "Source", TEXT, "Where the line comes from"),
)
FIELDS = [c.field for c in COLUMNS]
LABEL, ALLY, CATEGORY, AMOUNT, CURRENCY, FIRST, LAST, PROFILE, UNIT_COST, QUANTITY, IN_BASELINE, FUNDING, SOURCE = range(len(COLUMNS))
_OPTIONAL = {"unit_cost", "quantity"}


def funding_text(plan: LinePlan, dataset: Dataset) -> str:
    """'In baseline', 'Funded', or 'Unfunded in 2025/26, 2026/27 (1,200 m)'."""
    if plan.line.in_baseline:
        return "In baseline"
    if not plan.years:
        return "Outside the scenario's years"
    if not plan.unfunded:
        return "Funded"
    ally = dataset.ally(plan.line.iso3)
    years = [ally.period_label(y) for y, u in zip(plan.years, plan.unfunded_m) if u > 0]
    return f"Unfunded in {', '.join(years)} ({money_text(sum(plan.unfunded_m))} m)"


def parsed(field: str, value):
    """The value typed into a cell as the line's field wants it; ValueError for text that is not one."""
    if field in ("label", "source"):
        return str(value).strip()
    if field == "currency":
        return str(value).strip().upper()
    if field in ("first_year", "last_year"):
        match = re.match(r"\s*(\d{4})", str(value))  # "2027" or "2027/28"
        if not match:
            raise ValueError(f"{value!r} is not a year")
        return int(match.group(1))
    if field in ("total_m", "unit_cost", "quantity"):
        text = str(value).replace(",", "").strip() if not isinstance(value, (int, float)) else value
        if field in _OPTIONAL and text == "":
            return None
        number = float(text)
        if not math.isfinite(number):
            raise ValueError(f"{value!r} is not a finite number")
        return number
    return value


class LinesModel(ColumnTableModel):
    """Edits do not change the model: they go to `set_field(index, field, value)` and come back through `set_plan`."""

    MORE_ROLES = frozenset({Qt.ItemDataRole.CheckStateRole})  # the in-baseline box

    def __init__(self, dataset: Dataset, set_field: Callable, parent=None):
        super().__init__(COLUMNS, 0, parent)
        self._dataset = dataset
        self._set_field = set_field
        self._plans: list[LinePlan] = []

    def set_plan(self, plan: BudgetPlan, lines) -> None:
        """`lines` are the scenario's budget lines; each row is one of them, with its plan where the ally has one."""
        by_index = {p.index: p for p in plan.lines}
        plans = [by_index.get(n) or LinePlan(line, n, (), (), (), (), (), ()) for n, line in enumerate(lines)]

        def install() -> int:
            self._plans = plans
            return len(plans)

        self._update(len(plans) == len(self._plans), install)

    def line_index(self, row: int) -> int:
        return self._plans[row].index

    def plan_of(self, row: int) -> LinePlan:
        return self._plans[row]

    def is_editable(self, index) -> bool:
        return bool(COLUMNS[index.column()].field) and index.column() != IN_BASELINE

    def flags(self, index):
        flags = super().flags(index)
        if index.isValid() and index.column() == IN_BASELINE:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def cell_value(self, row: int, column: int):
        plan = self._plans[row]
        if column == FUNDING:
            return funding_text(plan, self._dataset)
        return getattr(plan.line, FIELDS[column])

    def cell_display(self, row: int, column, value) -> str:
        line = self._plans[row].line
        if column.field == "iso3":
            try:
                return self._dataset.ally(value).name
            except KeyError:
                return str(value)
        if column.field == "category":
            return CATEGORY_TITLES.get(value, str(value))
        if column.field == "profile":
            return PROFILE_TITLES.get(value, str(value))
        if column.kind == _YEAR:
            return MISSING if value is None else self._dataset.ally(line.iso3).period_label(value)
        if column.kind == _FLAG:
            return ""
        if column.field == "total_m" and value is not None and abs(value) < 100:
            return f"{value:,.1f}"
        return super().cell_display(row, column, value)

    def cell_tooltip(self, row: int, column: int) -> str:
        plan = self._plans[row]
        line = plan.line
        ally = self._dataset.ally(line.iso3)
        if column == FUNDING or column == AMOUNT:
            years = "; ".join(f"{ally.period_label(y)}: {money_text(a)} m" + (f" ({money_text(u)} m unfunded)" if u > 0 else "")
                              for y, a, u in zip(plan.years, plan.amounts, plan.unfunded_m))
            return f"{line.label}, millions of {line.currency} a year. {years or 'No year within the scenario.'}"
        if column in (UNIT_COST, QUANTITY) and line.unit_cost:
            bought = ", ".join(f"{ally.period_label(y)}: {money_text(u)}" for y, u in zip(plan.years, plan.units) if u is not None)
            spare = ", ".join(f"{ally.period_label(y)}: {money_text(u)}" for y, u in zip(plan.years, plan.headroom_units) if u is not None)
            return f"Items the line buys: {bought or MISSING}.\nItems the headroom left would buy: {spare or MISSING}."
        return f"{line.label} ({ally.name}). {('From ' + line.source) if line.source else 'Typed in'}"

    def more_data(self, index, column, value, role):
        if role == Qt.ItemDataRole.CheckStateRole and column.kind == _FLAG:
            return Qt.CheckState.Checked if value else Qt.CheckState.Unchecked
        return None

    def row_filter_text(self, row: int) -> str:
        line = self._plans[row].line
        return f"{line.label} {line.iso3} {line.category}"

    def row_key(self, row: int) -> int:
        return self._plans[row].index

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole):
        if not index.isValid():
            return False
        column = COLUMNS[index.column()]
        line_index = self._plans[index.row()].index
        if index.column() == IN_BASELINE and role == Qt.ItemDataRole.CheckStateRole:
            checked = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) else value
            self._set_field(line_index, "in_baseline", bool(checked))
            return True
        if role != Qt.ItemDataRole.EditRole or not self.is_editable(index):
            return False
        try:
            new = parsed(column.field, value)
        except (TypeError, ValueError):
            return False
        if new != getattr(self._plans[index.row()].line, column.field):
            self._set_field(line_index, column.field, new)
        return True
