"""The main window: tabs over one scenario document, the scenario dock, menus and window settings."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QApplication, QDockWidget, QMainWindow, QMenu, QScrollArea, QTabWidget, QWidget

from ..core.dataset import Dataset
from ..core.history import share_history
from ..core.projection import Result
from ..core.scenario import Scenario
from .about import APP_NAME, show_about
from .allies_tab import AlliesTab
from .data_table import DataTable
from .document import ScenarioDocument
from .drop_handler import DropHandler
from .export_controller import ExportController
from .file_controller import FileController, file_stem
from .import_controller import ImportController
from .prompts import PNG_FILTER, Prompts
from .scenario_panel import ScenarioPanel
from .settings import Settings, fitted_geometry, visible_on_some_screen

if TYPE_CHECKING:
    from .burden_tab import BurdenTab
    from .compare_view import CompareDialog
    from .gap_tab import GapTab
    from .milestones_tab import MilestonesTab
    from .plots.chart import Chart
    from .plots.gap import GapChart
    from .plots.trajectories import TrajectoriesChart
    from .recovery_writer import RecoveryWriter
    from .views.plans.tab import PlansTab
    from .views.budget_lines.tab import BudgetLinesTab
    from .views.financing.tab import FinancingTab

TABS = {
    "allies": "&Allies",
    "trajectories": "&Trajectories",
    "burden": "&Burden sharing",
    "gap": "&Gap",
    "milestones": "&Milestones",
    "plans": "&Plans vs pledge",
    "budget_lines": "Budget &lines",
    "financing": "&Financing",
}
CHART_TABS = ("trajectories", "burden", "gap", "plans", "financing")
DEFAULT_SELECTION = ("GBR", "DEU", "FRA", "POL", "USA")
DEFAULT_SIZE = (1440, 900)


class MainWindow(QMainWindow):
    def __init__(self, dataset: Dataset, scenario: Scenario, settings: Settings, prompts: Prompts | None = None):
        super().__init__()
        self.setObjectName("main_window")
        self.settings = settings
        self.document = ScenarioDocument(dataset, scenario, self)
        prompts = prompts or Prompts()
        self.imports = ImportController(self.document, settings, prompts, self)
        self.files = FileController(self.document, settings, prompts, self, self.imports.import_spreadsheet)
        self.exports = ExportController(self.document, settings, prompts, self)
        self.drops = DropHandler(self, self.files.open_scenario)
        self.recovery: RecoveryWriter | None = None  # the app attaches one; tests and screenshots go without
        self.compare_dialog: CompareDialog | None = None
        self._burden_splitter_state = None  # restored into the Burden-sharing tab when it is built

        self.allies = AlliesTab(self.document.result)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self._pages: dict[str, QWidget] = {"allies": self.allies}
        # Not on screen at start: built, and their modules imported, when first shown or asked for. No chart is on
        # the first screen, so pyqtgraph itself loads only when one is (a third of start-up).
        self._builders = {"trajectories": self._build_trajectories, "burden": self._build_burden, "gap": self._build_gap, "milestones": self._build_milestones,
                          "plans": self._build_plans, "budget_lines": self._build_budget_lines, "financing": self._build_financing}
        for name in TABS:
            page = self._pages.get(name, QWidget())  # a lazy tab holds an empty placeholder until `_page` builds it
            page.setObjectName(f"{name}_tab")
            self.tabs.addTab(page, TABS[name].replace("&", ""))
        self.setCentralWidget(self.tabs)

        self.panel = ScenarioPanel(self.document)
        scroll = QScrollArea()
        scroll.setWidget(self.panel)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.dock = QDockWidget("Scenario", self)
        self.dock.setObjectName("scenario_dock")
        self.dock.setWidget(scroll)
        self.dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.dock)

        self._stale_charts: set[str] = set(CHART_TABS)
        self.actions: dict[str, QAction] = {}
        self.menus: dict[str, QMenu] = {}
        self._build_menus()
        self.statusBar()

        self.document.result_changed.connect(self._show_result)
        self.document.file_state_changed.connect(self._show_file_state)
        self.files.recent_changed.connect(self._fill_recent_menu)
        self.files.message.connect(lambda text: self.statusBar().showMessage(text, 5000))
        self.imports.message.connect(lambda text: self.statusBar().showMessage(text, 5000))
        self.exports.message.connect(lambda text: self.statusBar().showMessage(text, 5000))
        self.document.edit_refused.connect(lambda text: self.statusBar().showMessage(text, 10000))
        self.allies.selection_changed.connect(self._follow_selection)
        self.tabs.currentChanged.connect(self._build_current_page)
        self.tabs.currentChanged.connect(self._enable_export)
        self.tabs.currentChanged.connect(self._draw_current_chart)

        # The tabs were built on the document's result: nothing to show again, and charts draw when first shown.
        self.allies.select_allies(DEFAULT_SELECTION)
        self._show_file_state()
        self._fill_recent_menu(self.files.recent_files())
        self._restore_settings()

    # -- menus ---------------------------------------------------------------

    def _action(self, key: str, text: str, slot=None, shortcut=None, tip: str = "") -> QAction:
        action = QAction(text, self)
        action.setObjectName(f"action_{key}")
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        if slot is not None:
            action.triggered.connect(slot)
        self.actions[key] = action
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = self.menus["file"] = bar.addMenu("&File")
        file_menu.addAction(self._action("new", "&New", self.files.new_scenario, QKeySequence.StandardKey.New, "Start from the Hague 2035 preset"))
        file_menu.addAction(self._action("open", "&Open…", lambda: self.files.open_scenario(), QKeySequence.StandardKey.Open))
        self.menus["recent"] = file_menu.addMenu("Open &Recent")
        file_menu.addSeparator()
        file_menu.addAction(self._action("save", "&Save", self.files.save, QKeySequence.StandardKey.Save))
        file_menu.addAction(self._action("save_as", "Save &As…", self.files.save_as, QKeySequence.StandardKey.SaveAs))
        # Spreadsheet import and workbook export join this section, before the chart export.
        self.actions["data_section"] = file_menu.addSeparator()
        file_menu.addAction(self._action("import_spreadsheet", "&Import Spreadsheet…", lambda: self.imports.import_spreadsheet(), "Ctrl+I", "Read figures or budget lines from a ministry spreadsheet"))
        file_menu.addAction(self._action("export_workbook", "Export &Workbook…", self.exports.export_workbook, "Ctrl+Shift+E", "The scenario as a live Excel model"))
        file_menu.addAction(self._action("export_csv", "Export CS&V…", self.exports.export_csv, None, "The results table, one row per ally and year"))
        file_menu.addAction(self._action("export_briefing", "Export &Briefing…", lambda: self.exports.export_briefing(self.allies.selected_allies()),
                                         "Ctrl+Shift+B", "A PDF to send: the scenario in words and figures, its charts and tables"))
        file_menu.addAction(self._action("export_chart", "&Export Chart as PNG…", self.export_chart, "Ctrl+E"))
        file_menu.addSeparator()
        file_menu.addAction(self._action("quit", "&Quit", self.close, "Ctrl+Q"))

        edit_menu = self.menus["edit"] = bar.addMenu("&Edit")
        undo = self.document.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.document.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        self.actions["undo"], self.actions["redo"] = undo, redo
        edit_menu.addAction(undo)
        edit_menu.addAction(redo)
        edit_menu.addSeparator()
        edit_menu.addAction(self._action("copy", "&Copy", self.copy_selection, QKeySequence.StandardKey.Copy, "Copy the selected cells as tab-separated text"))
        edit_menu.addAction(self._action("filter", "&Find Ally…", self.focus_filter, QKeySequence.StandardKey.Find))

        view_menu = self.menus["view"] = bar.addMenu("&View")
        for n, (name, title) in enumerate(TABS.items(), start=1):
            view_menu.addAction(self._action(f"tab_{name}", title, lambda _=False, i=n - 1: self.tabs.setCurrentIndex(i), f"Ctrl+{n}"))
        view_menu.addSeparator()
        panel = self.dock.toggleViewAction()
        panel.setText("Scenario &Panel")
        panel.setShortcut(QKeySequence("Ctrl+0"))
        self.actions["panel"] = panel
        view_menu.addAction(panel)
        view_menu.addAction(self._action("focus_panel", "&Go to Scenario Panel", self.focus_panel, "F6"))
        view_menu.addSeparator()
        view_menu.addAction(self._action("compare", "&Compare Scenarios…", self.show_compare, "Ctrl+Shift+C", "Two scenarios side by side in a chosen year"))

        help_menu = self.menus["help"] = bar.addMenu("&Help")
        help_menu.addAction(self._action("about", f"&About {APP_NAME}", lambda: show_about(self, self.document.dataset)))

    def _fill_recent_menu(self, paths: list[str]) -> None:
        menu = self.menus["recent"]
        menu.clear()
        for n, path in enumerate(paths, start=1):
            action = menu.addAction(f"&{n % 10} {Path(path).name}")
            action.setToolTip(path)
            action.setStatusTip(path)
            action.triggered.connect(lambda _=False, p=path: self.files.open_scenario(p))
        menu.setEnabled(bool(paths))

    # -- the lazily built tabs ----------------------------------------------------

    def _build_trajectories(self) -> QWidget:
        from .chart_tab import ChartTab
        from .plots.trajectories import TrajectoriesChart

        chart = TrajectoriesChart()
        chart.set_selected(self.allies.selected_allies())
        return ChartTab(chart, "Hover for the values of a year. Solid: published by NATO; dashed: the scenario; diamonds: milestones.")

    def _build_burden(self) -> BurdenTab:
        from .burden_tab import BurdenTab

        burden = BurdenTab(self.document.result)
        if self._burden_splitter_state is not None and not self._burden_splitter_state.isEmpty():
            burden.splitter.restoreState(self._burden_splitter_state)
        return burden

    def _build_gap(self) -> GapTab:
        from .gap_tab import GapTab
        from .plots.gap import GapChart

        chart = GapChart()
        chart.set_selected(self.allies.selected_allies())
        return GapTab(chart, self.document.result)

    def _build_milestones(self) -> MilestonesTab:
        from .milestones_tab import MilestonesTab

        return MilestonesTab(self.document)

    def _build_plans(self) -> PlansTab:
        from .views.plans.tab import PlansTab

        return PlansTab(self.document)

    def _build_budget_lines(self) -> BudgetLinesTab:
        from .views.budget_lines.tab import BudgetLinesTab

        return BudgetLinesTab(self.document)

    def _build_financing(self) -> FinancingTab:
        from .views.financing.tab import FinancingTab

        return FinancingTab(self.document, self.allies.selected_allies())

    def _page(self, name: str) -> QWidget:
        """The tab's page, built in place of its placeholder the first time it is needed."""
        page = self._pages.get(name)
        if page is None:
            page = self._pages[name] = self._builders[name]()
            page.setObjectName(f"{name}_tab")
            index = list(TABS).index(name)
            placeholder = self.tabs.widget(index)
            current = self.tabs.currentIndex()
            # The swap briefly moves the current tab; the window's handlers see only the tab the user chose.
            was_blocked = self.tabs.blockSignals(True)
            self.tabs.removeTab(index)
            self.tabs.insertTab(index, page, TABS[name].replace("&", ""))
            self.tabs.setCurrentIndex(current)
            self.tabs.blockSignals(was_blocked)
            placeholder.deleteLater()
        return page

    def _built_page(self, name: str) -> QWidget | None:
        """The tab's page if it exists yet; None for one not built (it will be built on the current document)."""
        return self._pages.get(name)

    def _build_current_page(self, *_) -> None:
        self._page(self.current_tab_name())

    @property
    def trajectories(self) -> TrajectoriesChart:
        return self._page("trajectories").chart

    @property
    def burden(self) -> BurdenTab:
        return self._page("burden")

    @property
    def gap_tab(self) -> GapTab:
        return self._page("gap")

    @property
    def gap(self) -> GapChart:
        return self.gap_tab.chart_tab.chart

    @property
    def milestones(self) -> MilestonesTab:
        return self._page("milestones")

    @property
    def plans(self) -> PlansTab:
        return self._page("plans")

    @property
    def budget_lines(self) -> BudgetLinesTab:
        return self._page("budget_lines")

    @property
    def financing(self) -> FinancingTab:
        return self._page("financing")

    # -- showing the document --------------------------------------------------

    def _show_result(self, result: Result) -> None:
        """Tables follow at once; charts are redrawn when visible, so an edit only pays for what is on screen."""
        self.allies.show_result(result)
        gap_tab = self._built_page("gap")
        if gap_tab is not None:
            gap_tab.show_result(result)
        milestones = self._built_page("milestones")
        if milestones is not None:
            milestones.show_scenario(result.scenario)
        budget_lines = self._built_page("budget_lines")
        if budget_lines is not None:
            budget_lines.show_result(result)
        financing = self._built_page("financing")
        if financing is not None:
            financing.show_result(result)
        self._stale_charts = set(CHART_TABS)
        self._draw_current_chart()

    def _draw_current_chart(self, *_):
        name = self.current_tab_name()
        if name not in self._stale_charts:
            return
        self._stale_charts.discard(name)
        result = self.document.result
        if name == "trajectories":
            self.trajectories.show_result(result, share_history(self.document.dataset, result.scenario))
        elif name == "burden":
            self.burden.show_result(result, self.document.status_quo)
        elif name == "plans":
            self.plans.show_result(result)
        elif name == "financing":
            self.financing.draw()
        else:
            self.gap.show_result(result)

    def _show_file_state(self) -> None:
        self.setWindowTitle(f"{self.files.display_name()}[*] — {APP_NAME}")
        self.setWindowModified(self.document.is_modified)

    def _follow_selection(self, iso3s: list[str]) -> None:
        trajectories = self._built_page("trajectories")
        if trajectories is not None:
            trajectories.chart.set_selected(iso3s)
        gap_tab = self._built_page("gap")
        if gap_tab is not None:
            gap_tab.chart_tab.chart.set_selected(iso3s)
        financing = self._built_page("financing")
        if financing is not None:
            financing.set_selected(iso3s)

    # -- actions -----------------------------------------------------------------

    def current_tab_name(self) -> str:
        return list(TABS)[self.tabs.currentIndex()]

    def show_tab(self, name: str) -> None:
        self.tabs.setCurrentIndex(list(TABS).index(name))

    def current_chart(self) -> Chart | None:
        name = self.current_tab_name()
        if name == "trajectories":
            return self.trajectories
        if name == "burden":
            return self.burden.chart
        if name == "gap":
            return self.gap
        if name == "plans":
            return self.plans.chart
        if name == "budget_lines":
            return self.budget_lines.chart
        if name == "financing":
            return self.financing.chart
        return None

    def export_chart(self) -> bool:
        chart = self.current_chart()
        if chart is None:
            return False
        folder = Path(self.settings.value("files/last_folder"))
        suggested = folder / f"{file_stem(f'{self.document.scenario.name} - {self.current_tab_name()}')}.png"
        path = self.files.prompts.save_path(self, suggested, PNG_FILTER)
        if path is None:
            return False
        path = Path(path) if Path(path).suffix.lower() == ".png" else Path(path + ".png")
        from .plots.export import export_png  # pyqtgraph's exporters load only when a chart is exported

        import datetime

        from ..core.sources import source_line

        scenario = self.document.scenario
        try:
            export_png(chart, path, scenario.name, scenario.description, source_line(self.document.dataset, datetime.date.today()))
        except OSError as exc:
            self.files.prompts.show_error(self, "Cannot export chart", f"{path}: {exc.strerror or exc}")
            return False
        self.statusBar().showMessage(f"Exported {path}", 5000)
        return True

    def _enable_export(self, *_):
        self.actions["export_chart"].setEnabled(self.current_chart() is not None)

    def focused_table(self) -> DataTable | None:
        widget = QApplication.focusWidget()
        if isinstance(widget, DataTable):
            return widget
        name = self.current_tab_name()
        if name == "allies":
            return self.allies.table
        if name == "burden":
            return self.burden.table
        if name == "gap":
            return self.gap_tab.lines_table
        if name == "milestones":
            return self.milestones.table
        if name == "plans":
            return self.plans.table
        if name == "budget_lines":
            return self.budget_lines.table
        if name == "financing":
            return self.financing.table
        return None

    def copy_selection(self) -> str:
        table = self.focused_table()
        text = table.copy_text() if table is not None else ""
        if text:
            QGuiApplication.clipboard().setText(text)
        return text

    def focus_filter(self) -> None:
        self.show_tab("allies")
        self.allies.filter_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.allies.filter_box.selectAll()

    def focus_panel(self) -> None:
        self.dock.show()
        self.panel.preset_box.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def show_compare(self) -> CompareDialog:
        if self.compare_dialog is None:
            from .compare_view import CompareDialog

            self.compare_dialog = CompareDialog(self.document, self.files.prompts, self.settings, self)
        if self.compare_dialog.isVisible():
            self.compare_dialog.raise_()
            self.compare_dialog.activateWindow()
        else:
            self.compare_dialog.show()
        return self.compare_dialog

    # -- settings and closing ------------------------------------------------------

    def _restore_settings(self) -> None:
        geometry = self.settings.value("window/geometry")
        screens = [s.availableGeometry() for s in QGuiApplication.screens()]
        restored = not geometry.isEmpty() and self.restoreGeometry(geometry)
        if not (restored and visible_on_some_screen(self.frameGeometry(), screens)):
            primary = QGuiApplication.primaryScreen()
            if primary is None:
                self.resize(*DEFAULT_SIZE)
            else:  # inside the available area, 1280×800 screens included: at most 90% of it
                self.setGeometry(fitted_geometry(QSize(*DEFAULT_SIZE), primary.availableGeometry()))
        state = self.settings.value("window/state")
        if not state.isEmpty():
            self.restoreState(state)
        self._burden_splitter_state = self.settings.value("window/burden_splitter")
        tab = self.settings.value("window/tab")
        self.show_tab(tab if tab in TABS else "allies")
        self._enable_export()

    def save_settings(self) -> None:
        self.settings.set_value("window/geometry", self.saveGeometry())
        self.settings.set_value("window/state", self.saveState())
        burden = self._built_page("burden")
        if burden is not None:  # a tab never built keeps the layout it was given
            self.settings.set_value("window/burden_splitter", burden.splitter.saveState())
        self.settings.set_value("window/tab", self.current_tab_name())
        self.settings.sync()

    def closeEvent(self, event):
        if not self.files.may_discard_changes():
            event.ignore()
            return
        if self.recovery is not None:
            self.recovery.discard()
            self.recovery.shut_down()
        self.imports.shut_down()
        self.exports.shut_down()
        self.save_settings()
        event.accept()
