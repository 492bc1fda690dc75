"""The Milestones tab: add, edit and remove the per-ally milestones shown on the trajectories."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..core.commands import SetMilestone, SetMilestonePoint, milestone_label
from ..core.dataset import BASE_YEAR
from ..core.scenario import MAX_HORIZON, Milestone, Scenario
from .data_table import DataTable
from .document import ScenarioDocument
from .milestones_model import MilestonesModel


class MilestonesTab(QWidget):
    def __init__(self, document: ScenarioDocument, parent=None):
        super().__init__(parent)
        self._document = document
        dataset = document.dataset
        self.model = MilestonesModel(dataset, document.scenario, self.set_share, self.move, self,
                                     set_amount=self.set_amount, resolved=document.result.milestones)
        self.table = DataTable(self.model, self)
        self.table.setObjectName("milestones_table")
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.fit_columns_to_contents()
        self.empty_hint = QLabel("No milestones yet: add one above, or choose the “UK plan” preset.", self)

        self.ally_box = QComboBox(self)
        for ally in dataset.allies:
            if ally.has_defence_figures:
                self.ally_box.addItem(ally.name, ally.iso3)
        self.ally_box.setCurrentIndex(self.ally_box.findData("GBR"))
        self.year_box = QSpinBox(self)
        self.year_box.setRange(BASE_YEAR + 1, MAX_HORIZON)
        self.year_box.setValue(BASE_YEAR + 2)
        self.period_label = QLabel(self)
        self.share_box = QDoubleSpinBox(self)
        self.share_box.setRange(0.0, 100.0)
        self.share_box.setDecimals(2)
        self.share_box.setSingleStep(0.1)
        self.share_box.setSuffix(" % of GDP")
        self.share_box.setValue(2.5)
        self.kind_box = QComboBox(self)
        self.kind_box.addItem("Share of GDP", "share")
        self.kind_box.addItem("Amount of money", "amount")
        self.amount_box = QDoubleSpinBox(self)
        self.amount_box.setRange(0.0, 1e9)
        self.amount_box.setDecimals(0)
        self.amount_box.setSingleStep(1000.0)
        self.amount_box.setSuffix(" million")
        self.amount_box.setGroupSeparatorShown(True)
        self.amount_box.setValue(10_000.0)
        self.currency_box = QComboBox(self)
        self.add_button = QPushButton("&Add milestone", self)
        self.remove_button = QPushButton("&Remove selected", self)
        self.add_button.clicked.connect(self.add_from_form)
        self.remove_button.clicked.connect(self.remove_selected)
        self.ally_box.currentIndexChanged.connect(self._show_period)
        self.year_box.valueChanged.connect(self._show_period)
        self.table.selectionModel().selectionChanged.connect(self._enable_remove)

        form = QFormLayout()
        form.addRow("A&lly:", self.ally_box)
        year_row = QHBoxLayout()
        year_row.addWidget(self.year_box)
        year_row.addWidget(self.period_label, 1)
        year_label = QLabel("NATO &year:", self)
        year_label.setBuddy(self.year_box)
        form.addRow(year_label, year_row)
        form.addRow("&Kind:", self.kind_box)
        form.addRow("S&hare:", self.share_box)
        amount_row = QHBoxLayout()
        amount_row.addWidget(self.amount_box, 1)
        amount_row.addWidget(self.currency_box)
        amount_label = QLabel("A&mount:", self)
        amount_label.setBuddy(self.amount_box)
        form.addRow(amount_label, amount_row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        form.addRow(buttons)
        explanation = QLabel(
            "A milestone fixes one ally's share of GDP in one NATO year. The ally's path runs straight from its "
            f"{BASE_YEAR} share through each milestone and stays flat after the last, overriding the alliance-wide target. "
            "An amount of money becomes a share of that year's projected GDP (IMF, then its last growth rate). "
            "Edit the year, share or amount in the table by double-clicking (or F2); hover a row for its source.",
            self,
        )
        explanation.setWordWrap(True)
        top = QHBoxLayout()
        top.addLayout(form)
        top.addWidget(explanation, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.empty_hint)
        layout.addWidget(self.table, 1)
        self.kind_box.currentIndexChanged.connect(self._show_kind)
        self._show_period()
        self._show_kind()
        self._enable_remove()

    def show_scenario(self, scenario: Scenario) -> None:
        self.model.set_scenario(scenario, self._document.result.milestones)
        self._enable_remove()

    def set_share(self, iso3: str, year: int, share: float | None) -> None:
        label = milestone_label(self._document.dataset, iso3, year)
        if share is None:
            label = label.replace("Set", "Remove", 1)
        self._document.execute(SetMilestone(iso3, year, share, label), label)

    def set_amount(self, iso3: str, year: int, amount_m: float) -> None:
        point = next(p for p in self._document.scenario.milestones[iso3] if p.year == year)
        ally = self._document.dataset.ally(iso3)
        label = f"Set {ally.name} {ally.period_label(year)} amount"
        self._document.execute(SetMilestonePoint(iso3, year, replace(point, amount_m=float(amount_m)), label), label)

    def move(self, iso3: str, old_year: int, new_year: int) -> None:
        point = next(p for p in self._document.scenario.milestones[iso3] if p.year == old_year)
        ally = self._document.dataset.ally(iso3)
        text = f"Move {ally.name} milestone from {ally.period_label(old_year)} to {ally.period_label(new_year)}"
        self._document.execute_all([SetMilestonePoint(iso3, old_year, None), SetMilestonePoint(iso3, new_year, point)], text)

    def add_from_form(self) -> None:
        iso3, year = self.ally_box.currentData(), self.year_box.value()
        if self.kind_box.currentData() == "share":
            self.set_share(iso3, year, self.share_box.value())
            return
        ally = self._document.dataset.ally(iso3)
        label = f"Set {ally.name} {ally.period_label(year)} amount"
        point = Milestone(year, amount_m=self.amount_box.value(), currency=self.currency_box.currentText(), follows="amount")
        self._document.execute(SetMilestonePoint(iso3, year, point, label), label)

    def _show_kind(self, *_):
        amount = self.kind_box.currentData() == "amount"
        self.share_box.setEnabled(not amount)
        self.amount_box.setEnabled(amount)
        self.currency_box.setEnabled(amount)

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        keys = [self.model.key_of_row(self.table.proxy.mapToSource(self.table.proxy.index(r, 0)).row()) for r in rows]
        if len(keys) == 1:
            self.set_share(keys[0][0], keys[0][1], None)
        elif keys:
            self._document.execute_all([SetMilestone(iso3, year, None) for iso3, year in keys], f"Remove {len(keys)} milestones")

    def _show_period(self, *_):
        ally = self._document.dataset.ally(self.ally_box.currentData())
        currency = self.currency_box.currentText()
        self.currency_box.clear()
        self.currency_box.addItems(list(dict.fromkeys([ally.currency, "USD"])))
        if self.currency_box.findText(currency) >= 0:
            self.currency_box.setCurrentText(currency)
        year = self.year_box.value()
        label = ally.period_label(year)
        self.period_label.setText(ally.year_basis(year))

    def _enable_remove(self, *_):
        self.empty_hint.setVisible(self.model.rowCount() == 0)
        self.remove_button.setEnabled(self.table.selectionModel().hasSelection())
