"""The Gap tab: each ally's extra spending as bars, and the imported budget lines measured against it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QLabel, QVBoxLayout, QWidget

from ..core.projection import Result
from .budget_lines_model import BudgetLinesModel
from .chart_tab import ChartTab
from .data_table import DataTable
from .plots.gap import GapChart

CHART_HINT = "Hover a bar for the ally and its extra spending; the selected allies are highlighted."
NO_LINES = ("<b>Budget lines</b>: none yet. To see how far a budget line (drones, air defence…) goes towards an "
            "ally's extra spending, use File ▸ Import Spreadsheet… and apply its table as “Budget lines”.")
VISIBLE_ROWS = 6  # more rows scroll: the chart keeps most of the tab


class GapTab(QWidget):
    def __init__(self, chart: GapChart, result: Result, parent=None):
        super().__init__(parent)
        self.chart_tab = ChartTab(chart, CHART_HINT)
        self.lines_model = BudgetLinesModel(result, self)
        self.lines_table = DataTable(self.lines_model)
        self.lines_table.setObjectName("budget_lines_table")
        self.lines_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.lines_table.horizontalHeader().setStretchLastSection(False)  # the share stays beside its figures
        self.lines_title = QLabel(self)
        self.lines_title.setObjectName("budget_lines_title")
        self.lines_title.setWordWrap(True)
        self.lines_title.setTextFormat(Qt.TextFormat.RichText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.chart_tab, 1)
        layout.addWidget(self.lines_title)
        layout.addWidget(self.lines_table)
        self.lines_model.modelReset.connect(self._fit_lines)
        self._fit_lines()

    def show_result(self, result: Result) -> None:
        """The table follows every result; the chart is drawn by the window when the tab is shown."""
        self.lines_model.set_result(result)

    def _fit_lines(self) -> None:
        rows = self.lines_model.rowCount()
        count = self.lines_model.line_count()
        if not rows:
            self.lines_title.setText(NO_LINES)
            self.lines_table.hide()
            return
        self.lines_title.setText(f"<b>Budget lines</b> ({count} line{'s' if count != 1 else ''}) against each "
                                 "ally's extra spending over the status quo, in the line's currency. "
                                 "Hover a cell for its source.")
        table = self.lines_table
        shown = min(rows, VISIBLE_ROWS)
        table.setFixedHeight(table.horizontalHeader().sizeHint().height() + shown * table.verticalHeader().defaultSectionSize()
                             + 2 * table.frameWidth())
        table.show()
