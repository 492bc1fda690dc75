"""The Financing tab: the mix editor, debt paths and the interest bill, and the growth band with its sensitivity."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from PySide6.QtCore import QEvent, Qt

from ....core.commands import SetFinancingMix, SetGrowthBand, SetInterestRate, financing_label
from ....core.financing import NOTES
from ....core.financing_mix import Mix
from ....core.growth_band import sensitivity_line
from ....core.projection import Result
from ...chart_tab import ChartTab
from ...data_table import DataTable
from ...document import ScenarioDocument
from ...steady_label import steady
from .chart import FinancingChart
from .model import FinancingModel

HINT = "Hover the charts for the figures of a year. Debt lines are for the allies selected in the Allies tab."


class FinancingTab(QWidget):
    def __init__(self, document: ScenarioDocument, selected: list[str], parent=None):
        super().__init__(parent)
        self._document = document
        result = document.result
        self._pending: Result | None = None
        self._model = FinancingModel(result, self.set_mix, self.set_rate, self)
        self.table = DataTable(self._model)
        self.table.setObjectName("financing_table")
        self.table.fit_columns_to_contents()
        self.chart = FinancingChart()
        self.chart.set_selected(selected)
        self.chart_tab = ChartTab(self.chart, HINT)

        self.band_box = QDoubleSpinBox(self)
        self.band_box.setObjectName("growth_band_box")
        self.band_box.setRange(0.0, 5.0)
        self.band_box.setDecimals(1)
        self.band_box.setSingleStep(0.5)
        self.band_box.setSuffix(" points of nominal growth")
        self.band_box.setValue(result.scenario.growth_band_pts)
        self.band_box.setMinimumWidth(self.band_box.fontMetrics().horizontalAdvance("5.0 points of nominal growth") + 40)
        self.band_box.valueChanged.connect(self._set_band)
        self.band_box.editingFinished.connect(document.end_merge)
        self.reset_button = QPushButton("Use &default mix and rate", self)
        self.reset_button.setToolTip("The selected allies follow the default row again")
        self.reset_button.clicked.connect(self.reset_selected)
        self.summary = QLabel(self)
        self.summary.setObjectName("financing_summary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        notes = QLabel("Assumptions: " + " ".join(NOTES), self)
        notes.setWordWrap(True)
        notes.setObjectName("financing_notes")

        form = QFormLayout()
        form.addRow("Growth &band:", self.band_box)
        top = QHBoxLayout()
        top.addLayout(form)
        top.addWidget(self.reset_button)
        top.addStretch(1)
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addLayout(top)
        lower_layout.addWidget(steady(self.summary))
        lower_layout.addWidget(self.table, 1)
        lower_layout.addWidget(notes)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.chart_tab)
        self.splitter.addWidget(lower)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

    def show_result(self, result: Result) -> None:
        """The table follows while the tab is shown, and catches up when it is next shown (or read); the window
        calls `draw` for the chart and the sensitivity (two more computes) when the tab is shown."""
        self._pending = result
        if not self.isHidden():
            self._catch_up()
        if self.band_box.value() != result.scenario.growth_band_pts:  # a control: it follows at once, shown or not
            blocked = self.band_box.blockSignals(True)
            self.band_box.setValue(result.scenario.growth_band_pts)
            self.band_box.blockSignals(blocked)

    @property
    def model(self) -> FinancingModel:
        self._catch_up()
        return self._model

    def event(self, event):
        if event.type() == QEvent.Type.ShowToParent:  # made the current page
            self._catch_up()
        return super().event(event)

    def _catch_up(self) -> None:
        if self._pending is None:
            return
        result, self._pending = self._pending, None
        self._model.set_result(result)

    def draw(self) -> None:
        result = self._document.result
        paths = self.model.paths
        self.chart.show_paths(result, paths)
        j = result.year_index(result.target_year)
        ec, nato = paths.aggregates["EUROPE_CANADA"], paths.aggregates["NATO"]
        self.summary.setText(
            f"In {result.target_year} the extra interest bill is US$ {ec['extra_interest_usd_m'][j] / 1000:,.1f} bn for Europe + Canada "
            f"and US$ {nato['extra_interest_usd_m'][j] / 1000:,.1f} bn for NATO; Europe + Canada's gross debt is "
            f"{ec['debt_pct_gdp'][j]:.1f}% of GDP ({ec['debt_pct_gdp_status_quo'][j]:.1f}% without the uplift). "
            + sensitivity_line(result)
        )

    def set_selected(self, iso3s: list[str]) -> None:
        self.chart.set_selected(iso3s)

    def set_mix(self, iso3: str | None, mix: Mix | None) -> None:
        label = financing_label(self._document.dataset, iso3, "financing mix")
        self._document.execute(SetFinancingMix(iso3, mix, label), label)

    def set_rate(self, iso3: str | None, rate: float | None) -> None:
        label = financing_label(self._document.dataset, iso3, "interest rate")
        self._document.execute(SetInterestRate(iso3, rate, label), label)

    def _set_band(self, points: float) -> None:
        self._document.execute(SetGrowthBand(points))

    def reset_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        keys = [self.model.key_of_row(self.table.proxy.mapToSource(self.table.proxy.index(r, 0)).row()) for r in rows]
        commands = [c for iso3 in keys if iso3 is not None for c in (SetFinancingMix(iso3, None), SetInterestRate(iso3, None))]
        if commands:
            self._document.execute_all(commands, f"Use the default financing for {len(commands) // 2} allies")
