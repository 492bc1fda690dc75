"""View ▸ Compare Scenarios: any two of the open scenario, the presets and .defplan files, side by side in one year."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ..core.compare import common_years, compare_csv, compare_year
from ..core.presets import PRESETS, preset_scenario
from ..core.projection import Result, compute
from ..core.scenario import Scenario
from ..core.scenario_file import ScenarioFileError
from .chart_tab import ChartTab
from .compare_model import CompareModel, difference_text
from .data_table import DataTable
from .document import ScenarioDocument
from .formatting import share_text
from .plots.compare import AGGREGATES, CompareChart, share_series
from .file_controller import file_stem
from .prompts import CSV_FILTER, PNG_FILTER, Prompts
from .roles import KEY_ROLE
from .settings import Settings, fitted_geometry

OPEN = "open"  # the window's document, followed as it is edited
SELECTED = "selected"  # plot the allies selected in the table
DEFAULT_A, DEFAULT_B = "preset:status-quo", OPEN
CHART_HINT = "Hover for the values of a year. Select allies in the table to plot them."


class CompareDialog(QDialog):
    """Choices are keys: "open", "preset:<key>" or "file:<absolute path>"; results are computed once per choice."""

    def __init__(self, document: ScenarioDocument, prompts: Prompts, settings: Settings, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("compare_dialog")
        self.setWindowTitle("Compare Scenarios")
        self._document = document
        self._prompts = prompts
        self._settings = settings
        self._files: dict[str, Scenario] = {}
        self._computed: dict[str, Result] = {}
        self._stale = False  # the open scenario changed while the dialog was hidden

        self.a_box, self.b_box = QComboBox(self), QComboBox(self)
        self.a_browse, self.b_browse = QPushButton("Browse…", self), QPushButton("Browse…", self)
        for box in (self.a_box, self.b_box):
            box.addItem(self._open_title(), OPEN)
            for key, preset in PRESETS.items():
                box.addItem(preset.title, f"preset:{key}")
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.a_box.setCurrentIndex(self.a_box.findData(DEFAULT_A))
        self.b_box.setCurrentIndex(self.b_box.findData(DEFAULT_B))
        self.year_box = QSpinBox(self)
        self.plot_box = QComboBox(self)
        for key, title in AGGREGATES.items():
            self.plot_box.addItem(title, key)
        self.plot_box.addItem("Allies selected in the table", SELECTED)
        self.differing_only = QCheckBox("Only allies that &differ", self)
        self.differing_only.setToolTip("Hide the allies whose figures are the same under A and B in the chosen year")
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.model = CompareModel(self)
        self.table = DataTable(self.model, self)
        self.table.setObjectName("compare_table")
        self.chart = CompareChart()
        chart_page = ChartTab(self.chart, CHART_HINT)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(chart_page)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([440, 360])

        choices = QGridLayout()
        for row, (text, box, browse) in enumerate((("Scenario &A (solid):", self.a_box, self.a_browse), ("Scenario &B (dashed):", self.b_box, self.b_browse))):
            label = QLabel(text, self)
            label.setBuddy(box)
            choices.addWidget(label, row, 0)
            choices.addWidget(box, row, 1)
            choices.addWidget(browse, row, 2)
        year_label = QLabel("&Year:", self)
        year_label.setBuddy(self.year_box)
        plot_label = QLabel("&Plot:", self)
        plot_label.setBuddy(self.plot_box)
        choices.addWidget(year_label, 0, 4)
        choices.addWidget(self.year_box, 0, 5)
        choices.addWidget(plot_label, 1, 4)
        choices.addWidget(self.plot_box, 1, 5)
        choices.addWidget(self.differing_only, 0, 7)
        choices.setColumnStretch(3, 1)
        choices.setColumnStretch(8, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        self.export_table_button = QPushButton("Export &Table…", self)
        self.export_table_button.setToolTip("The table as a CSV file")
        self.export_table_button.clicked.connect(lambda: self.export_table())
        self.export_chart_button = QPushButton("Export C&hart…", self)
        self.export_chart_button.setToolTip("The chart as a PNG image, titled with both scenarios' names")
        self.export_chart_button.clicked.connect(lambda: self.export_chart())
        layout = QVBoxLayout(self)
        layout.addLayout(choices)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.export_table_button)
        bottom.addWidget(self.export_chart_button)
        bottom.addStretch(1)
        bottom.addWidget(buttons)
        layout.addLayout(bottom)
        screen = (parent.screen() if parent is not None else None) or QGuiApplication.primaryScreen()
        self.resize(fitted_geometry(QSize(1200, 860), screen.availableGeometry()).size() if screen else QSize(1200, 860))

        self.year_box.setRange(0, 9999)  # refresh narrows it to the years both scenarios reach
        self.year_box.setValue(self.result_b().target_year)
        self.refresh()
        self.table.horizontalHeader().setStretchLastSection(False)  # a stretched B−A column would tint half the row
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)

        self.a_box.currentIndexChanged.connect(self.refresh)
        self.b_box.currentIndexChanged.connect(self.refresh)
        self.year_box.valueChanged.connect(self.refresh)
        self.differing_only.toggled.connect(self.refresh)
        self.plot_box.currentIndexChanged.connect(self._draw_chart)
        self.a_browse.clicked.connect(lambda: self.browse(self.a_box))
        self.b_browse.clicked.connect(lambda: self.browse(self.b_box))
        self.table.selectionModel().selectionChanged.connect(self._follow_selection)
        document.result_changed.connect(self._follow_document)

    # -- choosing ------------------------------------------------------------------

    def choose(self, box: QComboBox, key: str) -> None:
        """Select a choice ("open", "preset:<key>", "file:<path>") in the A or B box."""
        box.setCurrentIndex(box.findData(key))

    def browse(self, box: QComboBox) -> bool:
        """Ask for a .defplan file or planner workbook, read it and choose it in `box`; one that cannot be read is reported."""
        path = self._prompts.open_path(self, self._settings.value("files/last_folder"))
        return path is not None and self.add_file(path, box)

    def add_file(self, path, box: QComboBox) -> bool:
        from ..spreadsheets.scenario_sources import open_scenario

        path = str(Path(path).resolve())
        try:
            scenario = open_scenario(path, self._document.dataset)
        except ScenarioFileError as exc:
            self._prompts.show_error(self, "Cannot compare scenario", str(exc))
            return False
        key = f"file:{path}"
        self._files[path] = scenario
        self._computed.pop(key, None)
        for each in (self.a_box, self.b_box):
            if each.findData(key) < 0:
                each.addItem(f"{scenario.name} ({Path(path).name})", key)
            each.setItemData(each.findData(key), path, Qt.ItemDataRole.ToolTipRole)
        self.choose(box, key)
        self.refresh()
        return True

    def result_a(self) -> Result:
        return self._result_of(self.a_box.currentData())

    def result_b(self) -> Result:
        return self._result_of(self.b_box.currentData())

    def _result_of(self, key: str) -> Result:
        if key == OPEN:
            return self._document.result
        if key not in self._computed:
            kind, _, name = key.partition(":")
            dataset = self._document.dataset
            scenario = preset_scenario(name, dataset) if kind == "preset" else self._files[name]
            self._computed[key] = compute(dataset, scenario)
        return self._computed[key]

    def _open_title(self) -> str:
        return f"Open scenario: {self._document.scenario.name}"

    # -- exporting ------------------------------------------------------------------

    def _export_path(self, suffix: str, file_filter: str) -> Path | None:
        a, b = self.result_a().scenario.name, self.result_b().scenario.name
        suggested = Path(self._settings.value("files/last_folder")) / f"{file_stem(f'{a} vs {b} {self.year()}')}{suffix}"
        path = self._prompts.save_path(self, suggested, file_filter)
        if path is None:
            return None
        path = Path(path)
        return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)

    def export_table(self) -> bool:
        """The rows as shown (all allies, or only those that differ), largest difference first."""
        from ..core.atomic_write import write_atomically

        path = self._export_path(".csv", CSV_FILTER)
        if path is None:
            return False
        a, b = self.result_a().scenario.name, self.result_b().scenario.name
        return self._write(path, lambda: write_atomically(path, compare_csv(self.model.rows, a, b, self.year())))

    def export_chart(self) -> bool:
        import datetime

        from ..core.sources import source_line
        from .plots.export import export_png

        path = self._export_path(".png", PNG_FILTER)
        if path is None:
            return False
        a, b = self.result_a().scenario, self.result_b().scenario
        title = f"A: {a.name} (solid) · B: {b.name} (dashed)"
        subtitle = f"A: {a.description} · B: {b.description}"
        source = source_line(self._document.dataset, datetime.date.today())
        return self._write(path, lambda: export_png(self.chart, path, title, subtitle, source))

    def _write(self, path: Path, write) -> bool:
        try:
            write()
        except OSError as exc:
            self._prompts.show_error(self, "Cannot export", f"{path}: {exc.strerror or exc}")
            return False
        self._settings.set_value("files/last_folder", str(path.resolve().parent))
        return True

    # -- showing ---------------------------------------------------------------------

    def refresh(self, *_) -> None:
        self._stale = False
        a, b = self.result_a(), self.result_b()
        years = common_years(a, b)
        year = min(max(self.year_box.value(), years.start), years.stop - 1)
        self.year_box.blockSignals(True)
        self.year_box.setRange(years.start, years.stop - 1)
        self.year_box.setValue(year)
        self.year_box.blockSignals(False)
        rows = compare_year(a, b, year)
        shown = [r for r in rows if r.differs] if self.differing_only.isChecked() else rows
        selected = self._selected_keys()
        self.model.set_rows(shown, a.scenario.name, b.scenario.name)
        self._select_keys(selected)  # a new order resets the model: the plotted allies stay selected
        self.summary.setText(self._summary(a, b, year, sum(r.differs for r in rows), len(rows)))
        self._draw_chart()

    def year(self) -> int:
        return self.year_box.value()

    def plotted_keys(self) -> list[str]:
        choice = self.plot_box.currentData()
        return [choice] if choice != SELECTED else self._selected_keys()

    def _selected_keys(self) -> list[str]:
        selection = self.table.selectionModel()
        if selection is None:
            return []
        rows = sorted({i.row() for i in selection.selectedRows()})
        return [self.table.proxy.index(r, 0).data(KEY_ROLE) for r in rows]

    def _select_keys(self, keys: list[str]) -> None:
        if not keys or self._selected_keys() == keys:
            return
        proxy, selection = self.table.proxy, QItemSelection()
        for r in range(proxy.rowCount()):
            if proxy.index(r, 0).data(KEY_ROLE) in keys:
                selection.select(proxy.index(r, 0), proxy.index(r, proxy.columnCount() - 1))
        self.table.selectionModel().blockSignals(True)
        self.table.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.table.selectionModel().blockSignals(False)
        self.table.viewport().update()

    def _draw_chart(self, *_) -> None:
        self.chart.show_results(self.result_a(), self.result_b(), self.plotted_keys(), self.year())

    def _summary(self, a: Result, b: Result, year: int, differing: int, allies: int) -> str:
        parts = []
        for key, title in AGGREGATES.items():
            share_a = float(share_series(a, key)[a.year_index(year)])
            share_b = float(share_series(b, key)[b.year_index(year)])
            spend = float(a.aggregates[key]["spend_usd_m"][a.year_index(year)]), float(b.aggregates[key]["spend_usd_m"][b.year_index(year)])
            parts.append(
                f"{title} {share_text(share_a)} under A, {share_text(share_b)} under B "
                f"({difference_text('share', share_b - share_a)}, US$ {difference_text('money', spend[1] - spend[0])} m)"
            )
        return (
            f"<b>{year}</b>: " + " · ".join(parts)
            + f"<br>{differing} of {allies} allies differ between A ({escape(a.scenario.name)}) and B ({escape(b.scenario.name)}):"
            " B − A is tinted blue where B spends more, red where it spends less; the largest differences come first."
        )

    def _follow_selection(self, *_) -> None:
        if self.table.selectionModel().hasSelection() and self.plot_box.currentData() != SELECTED:
            self.plot_box.setCurrentIndex(self.plot_box.findData(SELECTED))  # redraws through currentIndexChanged
        elif self.plot_box.currentData() == SELECTED:
            self._draw_chart()

    def _follow_document(self, *_) -> None:
        for box in (self.a_box, self.b_box):
            box.setItemText(box.findData(OPEN), self._open_title())
        if OPEN not in (self.a_box.currentData(), self.b_box.currentData()):
            return
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True  # a closed dialog costs an edit nothing; it catches up when shown

    def showEvent(self, event):
        if self._stale:
            self._stale = False
            self.refresh()
        super().showEvent(event)
