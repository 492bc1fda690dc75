"""The scenario dock: preset picker and the alliance-wide target's fields; every change is an undoable command."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..core.commands import RenameScenario, ReplaceTarget, SetHorizon, SetTargetField
from ..core.dataset import BASE_YEAR
from ..core.presets import PRESETS, preset_scenario
from ..core.projection import Result
from ..core.scenario import MAX_HORIZON, Target
from .document import ScenarioDocument
from .formatting import money_text, share_text
from .steady_label import steady

_SHAPES = (("linear", "Straight line to the target year"), ("step", "Step up in one year"))
_SCOPES = (("all", "All allies"), ("europe_canada", "Europe + Canada only"))
_SAME_AS_TARGET = BASE_YEAR - 1  # the step-year box's "same as target year" value
_DISPLAY_DEFAULT = Target(core_pct=2.0)


def _share_box(parent, maximum: float) -> QDoubleSpinBox:
    box = QDoubleSpinBox(parent)
    box.setRange(0.0, maximum)
    box.setDecimals(2)
    box.setSingleStep(0.1)
    box.setSuffix(" % of GDP")
    box.setAccelerated(True)
    return box


def _year_box(parent, minimum: int) -> QSpinBox:
    box = QSpinBox(parent)
    box.setRange(minimum, MAX_HORIZON)
    box.setAccelerated(True)
    return box


class ScenarioPanel(QWidget):
    def __init__(self, document: ScenarioDocument, parent=None):
        super().__init__(parent)
        self._document = document
        self.preset_box = QComboBox(self)
        self.preset_box.setPlaceholderText("Custom scenario")
        for key, preset in PRESETS.items():
            self.preset_box.addItem(preset.title, key)
            self.preset_box.setItemData(self.preset_box.count() - 1, preset.source_note, Qt.ItemDataRole.ToolTipRole)
        self.preset_box.activated.connect(self._choose_preset)
        self.name_box = QLineEdit(self)
        self.name_box.setObjectName("scenario_name")
        self.name_box.setToolTip("The scenario's name, used in titles, file names, charts and exports")
        self.name_box.editingFinished.connect(self._rename)
        self.description = QLabel(self)
        self.description.setWordWrap(True)

        self.target_group = QGroupBox("Alliance-wide &target", self)
        self.target_group.setCheckable(True)
        self.target_group.toggled.connect(self._toggle_target)
        self.core_box = _share_box(self, 20.0)
        self.related_box = _share_box(self, 10.0)
        self.target_year_box = _year_box(self, BASE_YEAR + 1)
        self.shape_box = QComboBox(self)
        for key, text in _SHAPES:
            self.shape_box.addItem(text, key)
        self.step_year_box = _year_box(self, _SAME_AS_TARGET)
        self.step_year_box.setSpecialValueText("target year")
        self.no_cuts_box = QCheckBox("&No cuts: allies above the path keep their share", self)
        self.scope_box = QComboBox(self)
        for key, text in _SCOPES:
            self.scope_box.addItem(text, key)
        target_form = QFormLayout(self.target_group)
        target_form.addRow("&Core defence:", self.core_box)
        target_form.addRow("Defence-&related:", self.related_box)
        target_form.addRow("Target &year:", self.target_year_box)
        target_form.addRow("Path &shape:", self.shape_box)
        target_form.addRow("Ste&p in year:", self.step_year_box)
        target_form.addRow("Applies &to:", self.scope_box)
        target_form.addRow(self.no_cuts_box)

        self.horizon_box = _year_box(self, BASE_YEAR + 1)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setObjectName("scenario_summary")

        form = QFormLayout()
        form.addRow("&Preset:", self.preset_box)
        form.addRow("Na&me:", self.name_box)
        form.addRow(steady(self.description))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.target_group)
        horizon_form = QFormLayout()
        horizon_form.addRow("Project &until:", self.horizon_box)
        layout.addLayout(horizon_form)
        layout.addWidget(steady(self.summary))
        layout.addStretch(1)

        self.core_box.valueChanged.connect(lambda v: self._set("core_pct", round(v, 4)))
        self.related_box.valueChanged.connect(lambda v: self._set("related_pct", round(v, 4)))
        self.target_year_box.valueChanged.connect(lambda v: self._set("target_year", v))
        self.shape_box.activated.connect(lambda i: self._set("shape", self.shape_box.itemData(i)))
        self.step_year_box.valueChanged.connect(lambda v: self._set("step_year", None if v == _SAME_AS_TARGET else v))
        self.scope_box.activated.connect(lambda i: self._set("scope", self.scope_box.itemData(i)))
        self.no_cuts_box.toggled.connect(lambda on: self._set("no_cuts", on))
        self.horizon_box.valueChanged.connect(self._set_horizon)
        for box in (self.core_box, self.related_box, self.target_year_box, self.step_year_box, self.horizon_box):
            box.editingFinished.connect(document.end_merge)
        document.result_changed.connect(self.show_result)
        document.edit_refused.connect(lambda _: self.show_result(document.result))  # controls go back to what holds
        self.show_result(document.result)

    def show_result(self, result: Result) -> None:
        """Mirror the scenario in the controls without issuing commands."""
        scenario = result.scenario
        target = scenario.target
        shown = target or _DISPLAY_DEFAULT
        widgets = (self.preset_box, self.target_group, self.core_box, self.related_box, self.target_year_box, self.shape_box,
                   self.step_year_box, self.no_cuts_box, self.scope_box, self.horizon_box)
        blockers = [QSignalBlocker(w) for w in widgets]
        self.preset_box.setCurrentIndex(next((n for n, p in enumerate(PRESETS.values()) if p.title == scenario.name), -1))
        if not self.name_box.hasFocus() or self.name_box.text().strip() == scenario.name:
            self.name_box.setText(scenario.name)
        self.description.setText(scenario.description or scenario.name)
        self.target_group.setChecked(target is not None)
        # A spin box repaints on every setValue, even to the value it shows: set only what moved.
        for box, value in ((self.core_box, shown.core_pct), (self.related_box, shown.related_pct),
                           (self.target_year_box, shown.target_year),
                           (self.step_year_box, _SAME_AS_TARGET if shown.step_year is None else shown.step_year),
                           (self.horizon_box, scenario.horizon)):
            if box.value() != value:
                box.setValue(value)
        self.shape_box.setCurrentIndex(self.shape_box.findData(shown.shape))
        self.step_year_box.setEnabled(shown.shape == "step")
        self.no_cuts_box.setChecked(shown.no_cuts)
        self.scope_box.setCurrentIndex(self.scope_box.findData(shown.scope))
        for blocker in blockers:
            blocker.unblock()
        self.summary.setText(_summary(result))

    def _rename(self) -> None:
        name = " ".join(self.name_box.text().split())
        if not name:
            self.name_box.setText(self._document.scenario.name)  # a scenario always has a name
        elif name != self._document.scenario.name:
            self._document.execute(RenameScenario(name), f"Rename scenario to {name}")

    def _set(self, field: str, value) -> None:
        target = self._document.scenario.target
        if target is not None and getattr(target, field) == value:
            return
        self._document.execute(SetTargetField(field, value))

    def _set_horizon(self, year: int) -> None:
        if year != self._document.scenario.horizon:
            self._document.execute(SetHorizon(year))

    def _toggle_target(self, on: bool) -> None:
        if on:
            self._document.execute(SetTargetField("core_pct", round(self.core_box.value(), 4)), "Add alliance-wide target")
        else:
            self._document.execute(ReplaceTarget(None, "Remove alliance-wide target"))

    def _choose_preset(self, index: int) -> None:
        key = self.preset_box.itemData(index)
        scenario = preset_scenario(key, self._document.dataset)
        if scenario != self._document.scenario:
            self._document.replace_scenario(scenario, f"Choose preset {PRESETS[key].title}")


def _summary(result: Result) -> str:
    year = result.target_year
    i = result.year_index(year)
    nato = result.aggregates["NATO"]
    europe = result.aggregates["EUROPE_CANADA"]
    return (
        f"<b>In {year}</b><br>"
        f"NATO: {share_text(float(nato['share_gdp_pct'][i]))} of GDP, US$ {money_text(nato['spend_usd_m'][i])} m<br>"
        f"Extra over the status quo: US$ {money_text(nato['extra_usd_m'][i])} m<br>"
        f"Europe + Canada: {share_text(float(europe['share_gdp_pct'][i]))} of GDP<br>"
        f"US share of NATO spending: {share_text(float(result.us_share_of_nato[i]))}"
    )
