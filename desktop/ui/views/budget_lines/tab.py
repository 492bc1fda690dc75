"""The Budget lines tab: type, edit, duplicate and delete lines; see one ally's headroom and composition year by year."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStyledItemDelegate,
    QVBoxLayout,
    QWidget,
)

from ....core.budget_lines import CATEGORY_TITLES, PROFILE_TITLES, plan_budget_lines, resolved
from ....core.commands import InsertBudgetLine, RemoveBudgetLine, SetBudgetLineField, budget_line_label
from ....core.composition import composition
from ....core.dataset import BASE_YEAR
from ....core.scenario import BudgetLine
from ...chart_tab import ChartTab
from ...data_table import DataTable
from ...steady_label import steady
from ...table_mirror import source_data
from ...document import ScenarioDocument
from .charts import LinesChart
from .headroom_model import HeadroomModel, headroom_rows
from .lines_model import ALLY, CATEGORY, PROFILE, LinesModel

CHART_HINT = "Hover a year for the lines, the extra and the shares of spending."
EXPLANATION = (
    "A line is funded from the ally's extra spending over the status quo, in the order listed; past the extra it is "
    "unfunded. A line marked “in baseline” is already in the status-quo budget and takes nothing from the extra. "
    "Defence-related lines (the 1.5%) are set against defence-related spending. Double-click a cell (or F2) to edit it."
)
NEW_LINE_YEARS = 5  # a new line runs over five budget years from next year, evenly


class ChoiceDelegate(QStyledItemDelegate):
    """A combo box over (key, title) pairs; the model reads and writes the key."""

    def __init__(self, choices, parent=None):
        super().__init__(parent)
        self._choices = list(choices)

    def createEditor(self, parent, option, index):
        box = QComboBox(parent)
        for key, title in self._choices:
            box.addItem(title, key)
        return box

    def setEditorData(self, editor, index):
        editor.setCurrentIndex(max(0, editor.findData(source_data(index, Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor, model, index):
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class BudgetLinesTab(QWidget):
    def __init__(self, document: ScenarioDocument, parent=None):
        super().__init__(parent)
        self._document = document
        dataset = document.dataset
        self._stale = True
        self.model = LinesModel(dataset, self.set_field, self)
        self.table = DataTable(self.model, self)
        self.table.setObjectName("budget_lines_editor")
        self.table.setEditTriggers(DataTable.EditTrigger.DoubleClicked | DataTable.EditTrigger.EditKeyPressed
                                   | DataTable.EditTrigger.AnyKeyPressed)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        allies = [(a.iso3, a.name) for a in dataset.allies if a.has_defence_figures]
        self._delegates = [ChoiceDelegate(allies, self), ChoiceDelegate(CATEGORY_TITLES.items(), self), ChoiceDelegate(PROFILE_TITLES.items(), self)]
        for column, delegate in zip((ALLY, CATEGORY, PROFILE), self._delegates):
            self.table.setItemDelegateForColumn(column, delegate)

        self.ally_box = QComboBox(self)
        for iso3, name in allies:
            self.ally_box.addItem(name, iso3)
        self.ally_box.setCurrentIndex(self.ally_box.findData("GBR"))
        self.add_button = QPushButton("&Add line", self)
        self.duplicate_button = QPushButton("D&uplicate", self)
        self.delete_button = QPushButton("&Delete", self)
        self.add_button.clicked.connect(self.add_line)
        self.duplicate_button.clicked.connect(self.duplicate_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.ally_box.currentIndexChanged.connect(self._show_ally)
        self.table.selectionModel().selectionChanged.connect(self._follow_selection)

        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.headroom_model = HeadroomModel(self)
        self.headroom_table = DataTable(self.headroom_model, self, whole_rows=False)
        self.headroom_table.setObjectName("headroom_table")
        self.headroom_table.setSortingEnabled(False)
        self.headroom_table.fit_columns_to_contents()
        self.chart = LinesChart()
        self.chart_tab = ChartTab(self.chart, CHART_HINT)

        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.duplicate_button)
        buttons.addWidget(self.delete_button)
        buttons.addSpacing(24)
        ally_label = QLabel("Al&ly shown:", self)
        ally_label.setBuddy(self.ally_box)
        buttons.addWidget(ally_label)
        buttons.addWidget(self.ally_box)
        buttons.addStretch(1)
        explanation = QLabel(EXPLANATION, self)
        explanation.setWordWrap(True)
        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(buttons)
        top_layout.addWidget(explanation)
        top_layout.addWidget(self.table, 1)
        middle = QWidget(self)
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        self.title.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        middle_layout.addWidget(steady(self.title))
        middle_layout.addWidget(self.headroom_table)
        middle.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)  # the lines table and chart share the rest
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        for part in (top, middle, self.chart_tab):
            self.splitter.addWidget(part)
        self.splitter.setSizes([300, 260, 320])  # at 1440×900: six lines, every headroom row, and the charts
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self._plan = None
        self._headroom_shape: tuple | None = None  # (rows, columns, font) the headroom table was last sized for
        self._enable_buttons()

    # -- following the document -----------------------------------------------------------------

    def show_result(self, result) -> None:
        """The tab follows the result while it is shown, and catches up when it is next shown."""
        self._stale = True
        if not self.isHidden():
            self._refresh()

    def event(self, event):
        if event.type() == QEvent.Type.ShowToParent and self._stale:
            self._refresh()
        return super().event(event)

    def _refresh(self) -> None:
        self._stale = False
        result = self._document.result
        self._plan = plan_budget_lines(result)
        self.model.set_plan(self._plan, result.scenario.budget_lines)
        self._show_ally()
        self._enable_buttons()
        table = self.headroom_table  # every row in view: the figures are few, the chart takes what is left
        shape = (self.headroom_model.rowCount(), self.headroom_model.columnCount(), table.font().key())
        if shape != self._headroom_shape:  # the header's height measures every title: only when the table changed shape
            self._headroom_shape = shape
            table.setFixedHeight(table.horizontalHeader().sizeHint().height() + shape[0] * table.verticalHeader().defaultSectionSize()
                                 + table.horizontalScrollBar().sizeHint().height() + 2 * table.frameWidth())

    def _show_ally(self, *_) -> None:
        if self._plan is None:
            return
        result = self._document.result
        iso3 = self.ally_box.currentData()
        ally = result.dataset.ally(iso3)
        shares = composition(result, self._plan, (iso3,))  # the ally shown: the others' are not drawn
        rows = headroom_rows(result, self._plan.allies[iso3], shares[iso3])
        self.headroom_model.set_rows(rows, [ally.period_label(int(y)) for y in result.years])
        count = len(self._plan.lines_of(iso3))
        self.title.setText(f"<b>{ally.name}</b> ({count} line{'s' if count != 1 else ''}): extra, lines and headroom year by year; "
                           "in red, lines past the extra and an equipment share under NATO's 20%.")
        self.chart.show_ally(result, self._plan, shares, iso3)

    def _follow_selection(self, *_) -> None:
        rows = self._selected_lines()
        if rows:
            iso3 = self._document.scenario.budget_lines[rows[0]].iso3
            position = self.ally_box.findData(iso3)
            if position >= 0 and position != self.ally_box.currentIndex():
                self.ally_box.setCurrentIndex(position)
        self._enable_buttons()

    def _enable_buttons(self) -> None:
        chosen = bool(self.table.selectionModel().hasSelection())
        self.duplicate_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    def _selected_lines(self) -> list[int]:
        """The scenario indexes of the selected lines, in order."""
        rows = {self.table.proxy.mapToSource(i).row() for i in self.table.selectionModel().selectedRows()}
        return sorted(self.model.line_index(r) for r in rows)

    # -- edits ---------------------------------------------------------------------------------

    def set_field(self, index: int, field: str, value) -> None:
        line = self._document.scenario.budget_lines[index]
        text = budget_line_label(line, field)
        self._document.execute(SetBudgetLineField(index, field, value, text), text)

    def add_line(self) -> None:
        """A new equipment line for the ally shown: £100 m over five years from next year, evenly; edit it in the table."""
        iso3 = self.ally_box.currentData()
        ally = self._document.dataset.ally(iso3)
        taken = {line.label for line in self._document.scenario.budget_lines}
        label = next(f"New line {n}" for n in range(1, len(taken) + 2) if f"New line {n}" not in taken)
        first = BASE_YEAR + 1
        line = resolved(BudgetLine(label, iso3, ally.currency, (), "Typed in", profile="even", first_year=first,
                                   last_year=first + NEW_LINE_YEARS - 1, total_m=100.0))
        index = len(self._document.scenario.budget_lines)
        self._document.execute(InsertBudgetLine(index, line, f"Add budget line {label}"), f"Add budget line {label} for {ally.name}")

    def duplicate_selected(self) -> None:
        lines = self._document.scenario.budget_lines
        chosen = self._selected_lines()
        commands = [InsertBudgetLine(len(lines) + n, replace(lines[i], label=f"{lines[i].label} (copy)")) for n, i in enumerate(chosen)]
        if commands:
            self._document.execute_all(commands, f"Duplicate budget line {lines[chosen[0]].label}" if len(chosen) == 1
                                       else f"Duplicate {len(chosen)} budget lines")

    def delete_selected(self) -> None:
        lines = self._document.scenario.budget_lines
        chosen = self._selected_lines()
        commands = [RemoveBudgetLine(i) for i in reversed(chosen)]  # from the end, so the indexes stay right
        if commands:
            self._document.execute_all(commands, f"Delete budget line {lines[chosen[0]].label}" if len(chosen) == 1
                                       else f"Delete {len(chosen)} budget lines")
