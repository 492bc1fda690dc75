"""The Gap tab: each ally's extra spending as bars, and the imported budget lines measured against it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QHeaderView, QLabel, QVBoxLayout, QWidget

from ..core.projection import Result
from .budget_lines_model import BudgetLinesModel
from .chart_tab import ChartTab
from .data_table import DataTable
from .plots.gap import GapChart
from .steady_label import steady

CHART_HINT = "Hover a bar for the ally and its extra spending; the selected allies are highlighted."
NO_LINES = ("<b>Budget lines</b>: none yet. To see how far a budget line (drones, air defence…) goes towards an "
            "ally's extra spending, type it in the Budget lines tab (Ctrl+6), or use File ▸ Import Spreadsheet… and apply "
            "its table as “Budget lines”.")
VISIBLE_ROWS = 6  # more rows scroll: the chart keeps most of the tab
FITTED_ROWS = 100
MAX_ROWS = 1_000  # beyond this a table is no longer read; 100,000 imported amounts would take seconds to list


class GapTab(QWidget):
    def __init__(self, chart: GapChart, result: Result, parent=None):
        super().__init__(parent)
        self.chart_tab = ChartTab(chart, CHART_HINT)
        self._result = result
        self._stale = True
        self.lines_model = BudgetLinesModel(None, self, limit=MAX_ROWS)
        self.lines_table = DataTable(self.lines_model)
        self.lines_table.setObjectName("budget_lines_table")
        self.lines_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.lines_table.horizontalHeader().setStretchLastSection(False)  # the share stays beside its figures
        # Columns fit their first rows (and the ones on screen), not all thousand: measuring each cell took a second.
        self.lines_table.horizontalHeader().setResizeContentsPrecision(FITTED_ROWS)
        self.lines_title = QLabel(self)
        self.lines_title.setObjectName("budget_lines_title")
        self.lines_title.setWordWrap(True)
        self.lines_title.setTextFormat(Qt.TextFormat.RichText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.chart_tab, 1)
        layout.addWidget(steady(self.lines_title))
        layout.addWidget(self.lines_table)
        self._fit_lines()

    def show_result(self, result: Result) -> None:
        """The table follows the result while the tab is shown, and catches up when it is next shown.

        The chart is drawn by the window when the tab is shown.
        """
        self._result = result
        self._stale = True
        if not self.isHidden():
            self._refresh_lines()

    def event(self, event):
        # ShowToParent: the tab widget made this its current page, whether or not the window is on screen yet.
        if event.type() == QEvent.Type.ShowToParent and self._stale:
            self._refresh_lines()
        return super().event(event)

    def _refresh_lines(self) -> None:
        self._stale = False
        self.lines_model.set_result(self._result)
        self._fit_lines()

    def _fit_lines(self) -> None:
        rows = self.lines_model.rowCount()
        count = self.lines_model.line_count()
        if not rows:
            self.lines_title.setText(NO_LINES)
            self.lines_table.hide()
            return
        total = self.lines_model.total_rows()
        more = f" The first {rows:,} of {total:,} rows are listed; {total - rows:,} more are not shown." if total > rows else ""
        self.lines_title.setText(f"<b>Budget lines</b> ({count:,} line{'s' if count != 1 else ''}) against each "
                                 "ally's extra spending over the status quo, in the line's currency. "
                                 f"Hover a cell for its source.{more}")
        table = self.lines_table
        shown = min(rows, VISIBLE_ROWS)
        table.setFixedHeight(table.horizontalHeader().sizeHint().height() + shown * table.verticalHeader().defaultSectionSize()
                             + 2 * table.frameWidth())
        table.show()
