"""A chart with a one-line hover readout beneath it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from .plots.chart import Chart
from .steady_label import steady


class ChartTab(QWidget):
    def __init__(self, chart: Chart, hint: str, parent=None):
        super().__init__(parent)
        self.chart = chart
        chart.setParent(self)
        self.readout = QLabel(hint, self)
        self.readout.setWordWrap(True)
        self.readout.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._hint = hint
        chart.hovered.connect(lambda text: self.readout.setText(text or self._hint))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(chart, 1)
        layout.addWidget(steady(self.readout))
