"""The Plans vs pledge tab: a headline, the shortfall ranking and the table, against a chosen reference."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QHBoxLayout, QHeaderView, QLabel, QPushButton, QSpinBox, QSplitter, QVBoxLayout, QWidget,
)

from ....core.dataset import BASE_YEAR
from ....core.national_plans import default_plans
from ....core.presets import PRESETS, national_plans_scenario, preset_scenario
from ....core.projection import Result
from ....core.reference_gap import gap_rows, gap_to_reference, headline, reference_on_same_years
from ...chart_tab import ChartTab
from ...data_table import DataTable
from ...steady_label import steady
from .chart import ShortfallChart
from .model import PlansModel

DEFAULT_REFERENCE = "hague-2035"
HINT = "Hover a bar for the ally's shortfall; red bars fall short of the reference, green ones are ahead of it."


class PlansTab(QWidget):
    """Follows the document's result; the reference and year are the tab's own view settings, not scenario edits."""

    def __init__(self, document, parent=None):
        super().__init__(parent)
        self._document = document
        dataset = document.dataset
        self.plans = default_plans(dataset)
        self._reference_cache: tuple | None = None  # (key, horizon, Result)
        self._year: int | None = None  # None: follow the scenario's target year

        self.headline = QLabel(self)
        self.headline.setObjectName("plans_headline")
        self.headline.setWordWrap(True)
        self.headline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.headline.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.headline.setFont(font)

        self.reference_box = QComboBox(self)
        for key, preset in PRESETS.items():
            self.reference_box.addItem(preset.title, key)
        self.reference_box.setCurrentIndex(self.reference_box.findData(DEFAULT_REFERENCE))
        self.year_box = QSpinBox(self)
        self.year_box.setRange(BASE_YEAR + 1, document.scenario.horizon)
        self.low_box = QCheckBox("Include &low-confidence points", self)
        self.low_box.setToolTip("Points reported only once (e.g. Lithuania's 6%, Norway's undated 3.5%) are shown but not followed unless ticked")
        self.hague_box = QCheckBox("Allies without a plan follow the &Hague path", self)
        self.hague_box.setToolTip("Otherwise allies that published no path keep their 2025 share")
        self.use_plans = QPushButton("&Use announced plans", self)
        self.use_plans.setToolTip("Make the scenario each ally's own announced path (one undo step)")

        controls = QHBoxLayout()
        against = QLabel("&Against:", self)
        against.setBuddy(self.reference_box)
        year = QLabel("In &year:", self)
        year.setBuddy(self.year_box)
        for widget in (against, self.reference_box, year, self.year_box):
            controls.addWidget(widget)
        controls.addSpacing(16)
        for widget in (self.use_plans, self.low_box, self.hague_box):
            controls.addWidget(widget)
        controls.addStretch(1)

        self.chart = ShortfallChart()
        self.chart.setMinimumSize(280, 300)  # a plot's own minimum would clip it in a narrow splitter pane
        self.chart_tab = ChartTab(self.chart, HINT)
        self.model = PlansModel(dataset, self.plans, self)
        self.table = DataTable(self.model)
        self.table.setObjectName("plans_table")
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.chart_tab)
        self.splitter.addWidget(self.table)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([400, 600])
        self.splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.addWidget(steady(self.headline))
        layout.addLayout(controls)
        layout.addWidget(self.splitter, 1)

        self.reference_box.currentIndexChanged.connect(lambda _: self.show_result(self._document.result))
        self.year_box.valueChanged.connect(self._choose_year)
        self.use_plans.clicked.connect(self.apply_plans)
        self.low_box.toggled.connect(self._switch_changed)
        self.hague_box.toggled.connect(self._switch_changed)
        self.show_result(document.result)
        self.table.resizeColumnsToContents()

    @property
    def reference_key(self) -> str:
        return self.reference_box.currentData()

    def year(self, result: Result) -> int:
        return min(self._year or result.target_year, int(result.years[-1]))

    def _reference(self, result: Result) -> Result:
        key, horizon = self.reference_key, result.scenario.horizon
        if self._reference_cache is None or self._reference_cache[:2] != (key, horizon):
            reference = preset_scenario(key, result.dataset)
            self._reference_cache = (key, horizon, reference_on_same_years(result.dataset, result.scenario, reference))
        return self._reference_cache[2]

    def show_result(self, result: Result) -> None:
        gap = gap_to_reference(result, self._reference(result))
        year = self.year(result)
        blocker = self.year_box.blockSignals(True)
        # setMaximum lays the whole tab out again, even to the same maximum: only when the horizon moved.
        if self.year_box.maximum() != int(result.years[-1]):
            self.year_box.setMaximum(int(result.years[-1]))
        if self.year_box.value() != year:
            self.year_box.setValue(year)
        self.year_box.blockSignals(blocker)
        self.headline.setText(headline(gap, year))
        self.chart.show_gap(gap, year)
        self.model.set_rows(gap_rows(gap, year), year, gap.name)

    def _choose_year(self, year: int) -> None:
        self._year = year
        self.show_result(self._document.result)

    def _switch_changed(self, *_) -> None:
        if self._document.scenario.name.startswith(PRESETS["national-plans"].title):
            self.apply_plans()

    def apply_plans(self) -> None:
        scenario = national_plans_scenario(self._document.dataset, self.low_box.isChecked(), self.hague_box.isChecked())
        if scenario != self._document.scenario:
            self._document.replace_scenario(scenario, "Use announced national plans")
