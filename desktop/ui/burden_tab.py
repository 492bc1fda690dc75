"""The Burden-sharing tab: US against Europe + Canada over time, and the three equalise measures."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from ..core.projection import Result
from .chart_tab import ChartTab
from .data_table import DataTable
from .equalise_model import EqualiseModel
from .plots.burden import BurdenChart


class BurdenTab(QWidget):
    def __init__(self, result: Result, parent=None):
        super().__init__(parent)
        self.chart = BurdenChart()
        self.chart_tab = ChartTab(self.chart, "Hover the charts for the figures of a year; dotted lines are the status quo; "
                                  "shaded, spending on the low and high GDP paths (the growth band, set in Financing).")
        self.model = EqualiseModel(result, self)
        self.table = DataTable(self.model, whole_rows=False)
        self.table.setObjectName("equalise_table")
        self.table.fit_columns_to_contents()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("burden_splitter")
        self.splitter.addWidget(self.chart_tab)
        self.splitter.addWidget(self.table)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        rows_height = self.table.verticalHeader().defaultSectionSize() * self.model.rowCount()
        self.table.setMinimumHeight(self.table.horizontalHeader().sizeHint().height() + rows_height + 2 * self.table.frameWidth())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

    def show_result(self, result: Result, status_quo: Result) -> None:
        self.chart.show_result(result, status_quo)
        self.model.set_result(result)
