"""The import dialog: each sheet's cells with what the importer understood, the mapping to correct it, and Apply."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from PySide6.QtCore import QRectF, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QFontMetrics, QFontMetricsF
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QGroupBox, QHBoxLayout, QHeaderView,
    QCheckBox, QLabel, QListWidget, QListWidgetItem, QPlainTextEdit, QPushButton, QSpinBox, QSplitter, QTabBar, QTableView,
    QTabWidget, QVBoxLayout, QWidget,
)

from ..core.merge import AS_BUDGET_LINES, AS_COMPOSITION, AS_GDP, AS_SHARE, AS_SPENDING, UNUSUAL_SHARE_PCT
from ..spreadsheets.reading.cell_address import column_letters
from ..spreadsheets.import_apply import SavedMapping, chosen_tables, table_key
from ..spreadsheets.import_plan import (
    default_mode, figure_keys, file_edition, find_conflicts, older_than_yours, preselected, suggested_ally, table_label,
    unit_words,
)
from ..spreadsheets.reading.import_report import ImportedTable, ImportReport, format_summary
from ..spreadsheets.reading.importer import Mapping
from ..spreadsheets.reading.sheet_preview import PREVIEW_ROWS, ROLE_NAMES, PreviewedImport, parse_cell_ref
from .import_preview_model import (
    ROLE_COLOURS, ROLE_ORDER, SIZED_ROWS, PreviewLayout, SheetPreviewModel, preview_layout,
)
from .import_records_model import COLUMN_WIDTHS, ImportRecordsModel, figure_positions

MODE_NAMES = {
    AS_SHARE: "Shares of GDP",
    AS_GDP: "GDP",
    AS_SPENDING: "Defence spending (turned into shares of GDP)",
    AS_BUDGET_LINES: "Budget lines",
    AS_COMPOSITION: "Budget composition (equipment, personnel, infrastructure, other)",
}
SCALE_CHOICES = (("Detect", None), ("Units", 1), ("Thousands", 1_000), ("Millions", 1_000_000),
                 ("Billions", 1_000_000_000))
DETECT = "Detect"
_SCALE_NAMES = {scale: text.casefold() for text, scale in SCALE_CHOICES if scale}
ALL_SHEETS = "All sheets"
ALL_BLOCKS = "All blocks"
CANCELLED = "Cancelled: showing the previous read"
_LABEL_COLUMNS = 26
_MIN_COLUMN_WIDTH, _MAX_COLUMN_WIDTH = 56, 280
_WIDE_OPEN = QRectF(0, 0, 1 << 24, 1 << 24)
_TOP_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop


class ReadFacts(NamedTuple):
    """What the dialog shows of a read that takes a pass over every row or cell: worked out once, off the GUI thread."""

    positions: list  # each table's figure positions (import_records_model.figure_positions)
    facts: list[str]  # each table's facts line (unit, years, rows), as the command line prints it
    titles: list[str]  # each table as the tables list names it
    units: list[str]  # each table's unit in a few words (import_plan.unit_words)
    edition: str  # the file's edition (import_plan.file_edition)
    mode: str  # the way of applying offered first (import_plan.default_mode)
    layouts: dict[str, PreviewLayout]  # each previewed sheet's layout, by name


def read_facts(outcome: PreviewedImport) -> ReadFacts:
    """The facts of a read the dialog shows; a plain function, run by the worker that read the file."""
    tables = outcome.report.tables
    return ReadFacts([figure_positions(table) for table in tables], [table_facts(table) for table in tables],
                     [_table_title(table) for table in tables], [unit_words(table) for table in tables],
                     file_edition(outcome.report), default_mode(tables) if tables else "",
                     {preview.name: preview_layout(preview) for preview in outcome.previews})


class ImportDialog(QDialog):
    """Shows one read of a file; asks for re-reads and applies through signals the controller answers.

    `reread_requested(Mapping)` asks for the file to be read again with a corrected
    mapping; `apply_requested(tables, mode, ally, options)` to merge the chosen tables, where
    options holds the file's edition, replace_newer, confirm_unusual and conflict_choices.
    """

    reread_requested = Signal(object)
    apply_requested = Signal(object, str, object, object)

    def __init__(self, path: Path, allies: list[tuple[str, str]], currencies: list[str], parent=None,
                 dataset=None, scenario=None):
        super().__init__(parent)
        self.dataset = dataset
        self.scenario = scenario  # the scenario the import would change, for "older than yours" counts
        self._conflict_choices: dict[tuple[int, int], int] = {}  # by indexes into the ticked tables
        self.setObjectName("import_dialog")
        self.setWindowTitle(f"Import {path.name}")
        self.path = path
        self._outcome: PreviewedImport | None = None
        self._requested = Mapping()  # the mapping of the read shown or asked for last
        self._shown = Mapping()  # the mapping of the read (or failed read) on screen
        self._failed = False
        self._sheets: list[str] = []
        self._hand_ticks: dict[tuple, bool] = {}  # tables ticked or unticked by hand (or as saved), by table key
        self._building = False
        self._edition = ""
        self._layouts: dict[str, PreviewLayout] = {}
        self._keys: dict[tuple[int, str], tuple[ImportedTable, dict]] = {}  # figure_keys by table and way of applying

        self.file_label = QLabel()
        self.file_label.setWordWrap(True)
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        # Preview of the sheets -------------------------------------------------
        self.sheet_tabs = QTabBar()
        self.sheet_tabs.setObjectName("sheet_tabs")
        self.sheet_tabs.setDocumentMode(True)
        self.sheet_tabs.setExpanding(False)
        self.preview_model = SheetPreviewModel(self)
        self.preview = QTableView()
        self.preview.setObjectName("sheet_preview")
        self.preview.setModel(self.preview_model)
        self.preview.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.preview.verticalHeader().setDefaultSectionSize(22)
        self.preview.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.preview_note = QLabel()
        self.preview_note.setWordWrap(True)
        preview_box = QWidget()
        preview_layout = QVBoxLayout(preview_box)
        preview_layout.setContentsMargins(0, 0, 0, 0)
        preview_layout.addWidget(self.sheet_tabs)
        preview_layout.addWidget(self.preview, 1)
        preview_layout.addWidget(_legend())
        preview_layout.addWidget(self.preview_note)

        # The mapping -----------------------------------------------------------
        self.sheet_box = QComboBox()
        self.header_box = QSpinBox()
        self.header_box.setRange(0, 1_048_576)
        self.header_box.setSpecialValueText(DETECT)
        self.header_box.setKeyboardTracking(False)
        self.label_box = QComboBox()
        self.label_box.addItem(DETECT, None)
        for column in range(_LABEL_COLUMNS):
            self.label_box.addItem(column_letters(column), column_letters(column))
        self.unit_box = QComboBox()
        self.unit_box.setEditable(True)
        self.unit_box.addItem(DETECT)
        self.unit_box.addItems(currencies + ["percent", "fraction", "persons"])
        self.unit_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.scale_box = QComboBox()
        for text, scale in SCALE_CHOICES:
            self.scale_box.addItem(text, scale)
        self.block_box = QComboBox()
        self.detect_button = QPushButton("&Detect Again")
        self.detect_button.setToolTip("Forget the corrections and let the importer find the layout")
        mapping_box = QGroupBox("How to read the file")
        form = QFormLayout(mapping_box)
        form.addRow("&Sheet:", self.sheet_box)
        form.addRow("&Header row:", self.header_box)
        form.addRow("&Label column:", self.label_box)
        form.addRow("&Unit:", self.unit_box)
        form.addRow("Sc&ale:", self.scale_box)
        form.addRow("&Block:", self.block_box)
        form.addRow("", self.detect_button)

        # What it found ---------------------------------------------------------
        self.tables_list = QListWidget()
        self.tables_list.setObjectName("tables_list")
        self.tables_list.setToolTip("Tick the tables to apply")
        self.records_model = ImportRecordsModel(self)
        self.records = QTableView()
        self.records.setObjectName("records")
        self.records.setModel(self.records_model)
        self.records.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.records.verticalHeader().hide()
        self.records.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.records.verticalHeader().setDefaultSectionSize(22)
        self.records.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate(COLUMN_WIDTHS):
            self.records.setColumnWidth(column, width)
        self.warnings_list = QListWidget()
        self.warnings_list.setObjectName("warnings")
        self.warnings_list.setWordWrap(True)
        self.found_tabs = QTabWidget()
        self.found_tabs.addTab(self.records, "Figures")
        self.found_tabs.addTab(self.warnings_list, "Warnings")
        found = QWidget()
        found_layout = QVBoxLayout(found)
        found_layout.setContentsMargins(0, 0, 0, 0)
        found_layout.addWidget(mapping_box)
        found_layout.addWidget(QLabel("Tables found (tick those to apply):"))
        found_layout.addWidget(self.tables_list, 1)
        found_layout.addWidget(self.found_tabs, 3)

        self.splitter = QSplitter()
        self.splitter.addWidget(preview_box)
        self.splitter.addWidget(found)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([760, 500])

        # Applying --------------------------------------------------------------
        self.mode_box = QComboBox()
        for mode, text in MODE_NAMES.items():
            self.mode_box.addItem(text, mode)
        self.ally_box = QComboBox()
        self.ally_box.addItem("Ally named in each row", None)
        for iso3, name in allies:
            self.ally_box.addItem(f"{name} ({iso3})", iso3)
        self.ally_box.setToolTip("Whose budget these lines are, when the rows do not name an ally")
        self.replace_newer_box = QCheckBox("Replace figures from &newer editions")
        self.replace_newer_box.setObjectName("replace_newer")
        self.replace_newer_box.setToolTip("By default an import keeps a figure that comes from a newer edition than the file's")
        self.confirm_unusual_box = QCheckBox(f"Apply shares above {UNUSUAL_SHARE_PCT:g}% of &GDP")
        self.confirm_unusual_box.setObjectName("confirm_unusual")
        self.confirm_unusual_box.setToolTip("Such shares are held back until you confirm them: no ally spends that much")
        self.review = QLabel()
        self.review.setObjectName("import_review")
        self.review.setWordWrap(True)
        self.conflicts_list = QListWidget()
        self.conflicts_list.setObjectName("conflicts")
        self.conflicts_list.setToolTip("Double-click a conflict to take the figures from the other table")
        self.conflicts_list.setMaximumHeight(70)
        self.conflicts_list.hide()
        self.status = QLabel()
        self.status.setObjectName("import_status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.changes = QPlainTextEdit()
        self.changes.setObjectName("import_changes")
        self.changes.setReadOnly(True)
        self.changes.setMaximumHeight(110)
        self.changes.hide()
        self.buttons = QDialogButtonBox()
        self.apply_button = self.buttons.addButton("&Apply", QDialogButtonBox.ButtonRole.ApplyRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.apply_button.setDefault(True)
        apply_row = QHBoxLayout()
        apply_row.addWidget(QLabel("Apply &as:"))
        apply_row.addWidget(self.mode_box)
        apply_row.addWidget(QLabel("Budget lines of:"))
        apply_row.addWidget(self.ally_box)
        apply_row.addWidget(self.replace_newer_box)
        apply_row.addWidget(self.confirm_unusual_box)
        apply_row.addStretch(1)
        apply_row.addWidget(self.buttons)
        for label, buddy in ((apply_row.itemAt(0).widget(), self.mode_box), (apply_row.itemAt(2).widget(), self.ally_box)):
            label.setBuddy(buddy)

        layout = QVBoxLayout(self)
        layout.addWidget(self.file_label)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.review)
        layout.addWidget(self.conflicts_list)
        layout.addWidget(self.status)
        layout.addWidget(self.changes)
        layout.addLayout(apply_row)

        self.sheet_tabs.currentChanged.connect(self._show_sheet)
        self.tables_list.itemChanged.connect(self._tick_changed)
        self.conflicts_list.itemActivated.connect(self._swap_conflict)
        self.replace_newer_box.toggled.connect(self._review_choice)
        self.warnings_list.itemActivated.connect(self._show_warning_cell)
        self.warnings_list.itemClicked.connect(self._show_warning_cell)
        self.records.clicked.connect(self._show_record_cell)
        for box in (self.sheet_box, self.label_box, self.scale_box, self.block_box):
            box.activated.connect(self._mapping_edited)
        self.unit_box.activated.connect(self._mapping_edited)
        self.unit_box.lineEdit().editingFinished.connect(self._unit_typed)
        self.header_box.valueChanged.connect(self._mapping_edited)
        self.detect_button.clicked.connect(self.detect_again)
        self.mode_box.currentIndexChanged.connect(self._mode_changed)
        self.apply_button.clicked.connect(self.apply)
        self.close_button.clicked.connect(self.reject)
        self.resize(1280, 800)
        self._mode_changed()

    # -- showing a read ------------------------------------------------------------

    @property
    def outcome(self) -> PreviewedImport | None:
        return self._outcome

    @property
    def mapping(self) -> Mapping:
        """The mapping the controls describe now."""
        unit = self.unit_box.currentText().strip()
        return Mapping(
            sheet=self.sheet_box.currentData(),
            header_row=self.header_box.value() or None,
            label_column=self.label_box.currentData(),
            unit=None if unit == "" or unit.startswith(DETECT) else unit,
            scale=self.scale_box.currentData(),
            block=self.block_box.currentData(),
        )

    def show_outcome(self, outcome: PreviewedImport, saved: SavedMapping | None = None, note: str = "",
                     facts: ReadFacts | None = None) -> None:
        """A (re-)read arrived: previews, tables, figures and warnings follow; the controls show its mapping.

        `facts` (from read_facts, worked out by the worker that read the file) spares the GUI thread
        a pass over every row.
        """
        first = self._outcome is None
        facts = facts if facts is not None else read_facts(outcome)
        self._outcome = outcome
        self._layouts = facts.layouts
        self._keys.clear()
        self._requested = self._shown = outcome.mapping
        self._failed = False
        report = outcome.report
        self._building = True
        if first:
            self._sheets = [preview.name for preview in outcome.previews]
            self.sheet_box.addItem(ALL_SHEETS, None)
            for name in self._sheets:
                self.sheet_box.addItem(name, name)
            with QSignalBlocker(self.sheet_tabs):  # the sheet of the read is shown once, below
                for name in self._sheets:
                    self.sheet_tabs.addTab(name)
            # A hidden tab bar lays its tabs out without telling the layout, which keeps the height it had
            # without tabs (none) until the bar is shown: the dialog was laid out and painted twice.
            self.sheet_tabs.updateGeometry()
            if saved is not None:
                self._select_data(self.mode_box, saved.mode)
                self._select_data(self.ally_box, saved.ally)
            elif report.tables:
                self._select_data(self.mode_box, facts.mode)
            note = self._take_saved_choice(saved, report.tables, note)
        self._show_detected(report.tables, facts.units)
        self._show_mapping(outcome.mapping)
        self._blocks_from(report.tables, outcome.mapping.block)
        self._building = False

        self._set_heading(len(report.tables), len(report.warnings), note)
        self._building = True
        self.tables_list.clear()
        for title, unit, line in zip(facts.titles, facts.units, facts.facts):
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, unit)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setToolTip(line)
            self.tables_list.addItem(item)
        self._building = False
        self._edition = facts.edition
        self._tick_tables()
        self.records_model.set_tables(report.tables, facts.positions)
        self.warnings_list.clear()
        for warning in report.warnings:
            item = QListWidgetItem(f"{warning.cell}: {warning.message}" if warning.cell else warning.message)
            item.setData(Qt.ItemDataRole.UserRole, warning.cell)
            self.warnings_list.addItem(item)
        self.found_tabs.setTabText(1, f"Warnings ({len(report.warnings)})")
        self.found_tabs.setTabText(0, f"Figures ({self.records_model.rowCount():,})")
        self._show_read_sheet(self._read_sheet(), reset=first)
        self.set_status("" if self.checked_tables() or not report.tables else self._nothing_fits())
        self.apply_button.setEnabled(bool(report.tables))

    def _read_sheet(self) -> str | None:
        """The sheet the read is about: the one asked for, else the first table's."""
        tables = self._outcome.report.tables
        return self._outcome.mapping.sheet or (tables[0].sheet if tables else None)

    def show_failure(self, message: str) -> None:
        """A re-read failed (say, a header row without years): nothing to apply until the mapping is fixed."""
        self._shown = self._requested
        self._failed = True
        self._set_heading(0, 0, "")
        self.set_status(message, error=True)
        self._keys.clear()
        self.records_model.set_tables(())
        self.tables_list.clear()
        self.warnings_list.clear()
        self.found_tabs.setTabText(0, "Figures (0)")
        self.found_tabs.setTabText(1, "Warnings (0)")
        self.apply_button.setEnabled(False)
        self._show_read_sheet(self._shown.sheet, reset=False)

    def show_cancelled(self) -> None:
        """A re-read was cancelled: the controls go back to the read on screen, so that asking again works."""
        self._requested = self._shown
        self._building = True
        self._show_mapping(self._shown)
        self._building = False
        self.set_status(CANCELLED)

    def _set_heading(self, tables: int, warnings: int, note: str) -> None:
        report = self._outcome.report
        self.file_label.setToolTip(report.file)
        self.file_label.setText(f"{Path(report.file).name} ({report.format}): {tables} table{'s' if tables != 1 else ''}, "
                                f"{warnings} warning{'s' if warnings != 1 else ''}" + (f"\n{note}" if note else ""))

    def _show_read_sheet(self, sheet: str | None, reset: bool) -> None:
        """Show the preview of the sheet the read is about (the one asked for, else the first table's)."""
        index = self._sheets.index(sheet) if sheet in self._sheets else self.sheet_tabs.currentIndex()
        if index != self.sheet_tabs.currentIndex():
            self.sheet_tabs.setCurrentIndex(index)  # _show_sheet follows through currentChanged
        else:
            self._show_sheet(index, reset=reset)

    # -- which tables are ticked ------------------------------------------------------

    def _take_saved_choice(self, saved: SavedMapping | None, tables, note: str) -> str:
        """Tick the tables chosen last time (they count as ticked by hand); say so when none is found."""
        if saved is None or not saved.tables:
            return note
        chosen = chosen_tables(list(tables), saved.tables)
        if not any(chosen):
            return (note + "\n" if note else "") + "None of the tables chosen last time is in this file: " \
                "the tables that fit the way to apply are ticked."
        self._hand_ticks = {_key(table): tick for table, tick in zip(tables, chosen)}
        return note

    def _tick_tables(self) -> None:
        """Tick what was chosen by hand (or saved); the other tables are ticked when their unit fits the mode."""
        if self._outcome is None:
            return
        mode = self.mode_box.currentData()
        tables = self._outcome.report.tables
        self._building = True
        for n, (table, fits) in enumerate(zip(tables, preselected(tables, mode))):
            tick = self._hand_ticks.get(_key(table), fits)
            self.tables_list.item(n).setCheckState(Qt.CheckState.Checked if tick else Qt.CheckState.Unchecked)
        self._building = False
        self._review_choice()

    def _review_choice(self, *_) -> None:
        """Say before Apply what the ticked tables would do: the file's edition, figures kept as newer, conflicts."""
        if self._outcome is None:
            return
        tables = self.checked_tables()
        mode = self.mode_box.currentData()
        conflicts = find_conflicts(tables, mode, self._conflict_choices, self._figure_keys)
        parts = []
        if self._edition:
            parts.append(f"The file is NATO's {self._edition}." if "edition" in self._edition else self._edition)
        if self.dataset is not None and self.scenario is not None and self._edition:
            older = older_than_yours(self.dataset, self.scenario, tables, mode, self._edition, self._figure_keys)
            if older:
                verb = "replaced (you chose to)" if self.replace_newer_box.isChecked() else "kept"
                parts.append(f"{older:,} figures are older than yours: {verb}.")
        if conflicts:
            parts.append(f"{len(conflicts)} conflict{'s' if len(conflicts) != 1 else ''}: two tables give the same "
                         "figures; double-click one to take them from the other table.")
        self.review.setText(" ".join(parts))
        self.review.setVisible(bool(parts))
        self.conflicts_list.clear()
        for c in conflicts:
            item = QListWidgetItem(c.describe(tables))
            item.setData(Qt.ItemDataRole.UserRole, (c.first, c.second, c.winner))
            self.conflicts_list.addItem(item)
        self.conflicts_list.setVisible(bool(conflicts))

    def _figure_keys(self, table: ImportedTable, mode: str) -> dict:
        """figure_keys, remembered for this read: ticks change often, the tables do not."""
        key = (id(table), mode)
        if key not in self._keys:
            self._keys[key] = (table, figure_keys(table, mode))  # the table is kept with its keys: its id stays its own
        return self._keys[key][1]

    def _swap_conflict(self, item: QListWidgetItem) -> None:
        first, second, winner = item.data(Qt.ItemDataRole.UserRole)
        self.choose_conflict(first, second, second if winner == first else first)

    def choose_conflict(self, first: int, second: int, winner: int) -> None:
        """Take the figures two ticked tables both give from `winner` (indexes into the ticked tables)."""
        self._conflict_choices[(first, second)] = winner
        self._review_choice()

    def apply_options(self) -> dict:
        return {"edition": self._edition, "replace_newer": self.replace_newer_box.isChecked(),
                "confirm_unusual": self.confirm_unusual_box.isChecked(),
                "conflict_choices": dict(self._conflict_choices)}

    def _tick_changed(self, item: QListWidgetItem) -> None:
        if self._building or self._outcome is None:
            return
        n = self.tables_list.row(item)
        tables = self._outcome.report.tables
        if 0 <= n < len(tables):
            self._hand_ticks[_key(tables[n])] = item.checkState() == Qt.CheckState.Checked
            self._conflict_choices.clear()  # indexes into the ticked tables no longer mean the same tables
            self._review_choice()

    def _nothing_fits(self) -> str:
        return (f"No table found measures what “{self.mode_box.currentText()}” takes: "
                "choose another way to apply, or tick the tables to apply")

    def chosen_keys(self) -> list[dict]:
        """The ticked tables as the saved mapping keeps them."""
        return [table_key(table) for table in self.checked_tables()]

    def show_merge(self, summary: str, lines: list[str]) -> None:
        self.set_status(summary)
        self.changes.setPlainText("\n".join(lines))
        self.changes.setVisible(bool(lines))
        self.close_button.setDefault(True)

    def set_status(self, text: str, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #c0392b; font-weight: bold" if error else "")
        self.status.setProperty("error", error)

    def checked_tables(self) -> list[ImportedTable]:
        if self._outcome is None:
            return []
        tables = self._outcome.report.tables
        return [table for n, table in enumerate(tables)
                if n < self.tables_list.count() and self.tables_list.item(n).checkState() == Qt.CheckState.Checked]

    def _show_mapping(self, mapping: Mapping) -> None:
        self._select_data(self.sheet_box, mapping.sheet)
        self.header_box.setValue(mapping.header_row or 0)
        self._select_data(self.label_box, mapping.label_column.upper() if mapping.label_column else None)
        self.unit_box.setCurrentText(mapping.unit or self.unit_box.itemText(0))
        self.unit_box.lineEdit().setCursorPosition(0)  # "Detect (found: …" reads from its start
        self._select_data(self.scale_box, mapping.scale)
        self._select_data(self.block_box, mapping.block)

    def _show_detected(self, tables, units: list[str]) -> None:
        """The Detect choices name what was detected: "Detect (found: US$ millions, %)"; `units` are the tables' unit_words."""
        units = list(dict.fromkeys(units))
        shown = ", ".join(units[:3]) + (" …" if len(units) > 3 else "")
        self.unit_box.setItemText(0, f"{DETECT} (found: {shown})" if units else DETECT)
        self.unit_box.setToolTip("Units detected: " + ", ".join(units) if units else "")
        scales = list(dict.fromkeys(_SCALE_NAMES.get(table.scale, f"x{table.scale:g}") for table in tables))
        self.scale_box.setItemText(0, f"{DETECT} (found: {', '.join(scales[:3])})" if scales else DETECT)

    def _blocks_from(self, tables, chosen: str | None) -> None:
        """The Block list holds the blocks of this read's tables (and the block asked for)."""
        blocks = list(dict.fromkeys(table.block for table in tables if table.block))
        if chosen and chosen not in blocks:
            blocks.append(chosen)
        self.block_box.clear()
        self.block_box.addItem(ALL_BLOCKS, None)
        for block in blocks:
            self.block_box.addItem(block, block)
        self._select_data(self.block_box, chosen)
        self.block_box.setEnabled(self.block_box.count() > 1)

    @staticmethod
    def _select_data(box: QComboBox, data) -> None:
        index = box.findData(data)
        if index >= 0:
            box.setCurrentIndex(index)

    def _show_sheet(self, index: int, reset: bool = True) -> None:
        if self._outcome is None or not (0 <= index < len(self._outcome.previews)):
            return
        preview = self._outcome.previews[index]
        roles = {} if self._failed else self._outcome.roles.get(preview.name, {})
        if reset or self.preview_model.sheet != preview.name:
            self.preview_model.set_preview(preview, roles)
            self._span_text_lines(self._layouts.get(preview.name) or preview_layout(preview))
        else:
            self.preview_model.set_roles(roles)
        shown = f"the first {PREVIEW_ROWS} rows and " if preview.truncated else ""
        tables = 0 if self._failed else sum(1 for t in self._outcome.report.tables if t.sheet == preview.name)
        self.preview_note.setText(f"Sheet {preview.name}: {shown}{tables} table{'s' if tables != 1 else ''} read. "
                                  "Hover a cell to see what the importer made of it.")

    def _span_text_lines(self, layout: PreviewLayout) -> None:
        """Lay the sheet out as a spreadsheet would: a row holding one text (a title, a unit line, a note)
        spreads over the empty cells to its right; other columns are as wide as their text (within reason)."""
        self.preview.clearSpans()
        width = self.preview_model.columnCount()
        sized = {column: list(texts) for column, texts in layout.sized.items()}
        for row, column, text in layout.lone_texts:
            if column < width - 1:
                self.preview.setSpan(row, column, 1, width - column)
            elif row < SIZED_ROWS:
                sized.setdefault(column, []).append(text)
        metrics = self.preview.fontMetrics()
        exact = QFontMetricsF(self.preview.font(), self.preview)
        for column in range(width):
            pixels = max(_MIN_COLUMN_WIDTH, _widest(metrics, exact, sized.get(column, ())) + 14)
            self.preview.setColumnWidth(column, min(pixels, _MAX_COLUMN_WIDTH))

    # -- going to cells -------------------------------------------------------------

    def show_cell(self, reference: str | None) -> bool:
        """Select a cell ("'Table 1'!B4") in the preview; False (with a note) when it is not previewed."""
        where = parse_cell_ref(reference) if reference else None
        if where is None:
            return False
        sheet, row, column = where
        if sheet is not None and sheet in self._sheets:
            self.sheet_tabs.setCurrentIndex(self._sheets.index(sheet))
        index = self.preview_model.index_of_cell(row, column)
        if not index.isValid():
            self.set_status(f"{reference} lies beyond the first {PREVIEW_ROWS} rows shown in the preview")
            return False
        self.preview.setCurrentIndex(index)
        self.preview.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        return True

    def _show_warning_cell(self, item: QListWidgetItem) -> None:
        self.show_cell(item.data(Qt.ItemDataRole.UserRole))

    def _show_record_cell(self, index) -> None:
        if index.isValid():
            self.show_cell(self.records_model.cell_of_row(index.row()))

    # -- corrections and applying ------------------------------------------------------

    def _mapping_edited(self, *_) -> None:
        if self._building or self._outcome is None:
            return
        try:
            mapping = self.mapping
        except ValueError as error:
            self.set_status(str(error), error=True)
            return
        if mapping != self._requested:
            self._requested = mapping
            self.reread_requested.emit(mapping)

    def _unit_typed(self) -> None:
        self._mapping_edited()

    def detect_again(self) -> None:
        if self._outcome is not None and self._requested != Mapping():
            self._requested = Mapping()
            self.reread_requested.emit(Mapping())

    def _mode_changed(self, *_) -> None:
        lines = self.mode_box.currentData() == AS_BUDGET_LINES
        self.ally_box.setEnabled(lines)
        self._conflict_choices.clear()
        if lines and self.dataset is not None and self._outcome is not None and self.ally_box.currentData() is None:
            suggested = suggested_ally(self._outcome.report.tables, self.dataset)
            if suggested is not None:
                self._select_data(self.ally_box, suggested)
        if self._outcome is not None and (self._building or self._hand_ticks):
            self._review_choice()
        if self._outcome is not None and not (self._building or self._failed or self._hand_ticks):
            self._tick_tables()
            self.set_status("" if self.checked_tables() else self._nothing_fits())

    def apply(self) -> None:
        tables = self.checked_tables()
        if not tables:
            self.set_status("Tick at least one table to apply", error=True)
            return
        self.apply_requested.emit(tables, self.mode_box.currentData(), self.ally_box.currentData(),
                                  self.apply_options())


def _key(table: ImportedTable) -> tuple:
    return tuple(table_key(table).values())


def _table_title(table: ImportedTable) -> str:
    """"Table 3 (Share of real GDP (%)) · defence expenditure as % of GDP · % · 2014–2024e — TABLE3!D8, 33 rows"."""
    return f"{table_label(table)} — {table.header_cell}, {len(table.rows):,} rows"


def _widest(metrics: QFontMetrics, exact: QFontMetricsF, texts) -> int:
    """The widest text's horizontalAdvance; plain ASCII texts are laid out as the lines of one text, one call
    for them all (the widest line's width, rounded, is the advance of the widest: a column of a thousand
    numbers is one call into Qt, not a thousand)."""
    plain = "\n".join(text for text in texts if _plain(text))
    widest = int(exact.boundingRect(_WIDE_OPEN, _TOP_LEFT, plain).width() + 0.5) if plain else 0
    return max([widest, *(metrics.horizontalAdvance(text) for text in texts if not _plain(text))])


def _plain(text: str) -> bool:
    """Printable ASCII without spaces at its ends: laid out as a line, it is as wide as its advance."""
    return text.isascii() and text.isprintable() and text == text.strip()


def table_facts(table: ImportedTable) -> str:
    """The facts line the command line prints for this table (unit, years, rows, values)."""
    lines = format_summary(ImportReport("", "", (table,), ())).splitlines()
    return lines[-1].strip() if len(lines) > 1 else ""


def _legend() -> QWidget:
    legend = QWidget()
    layout = QHBoxLayout(legend)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(4)
    for role in ROLE_ORDER:
        colour = ROLE_COLOURS[role]
        swatch = QLabel(ROLE_NAMES[role])
        swatch.setStyleSheet(f"background-color: rgba({colour.red()}, {colour.green()}, {colour.blue()}, "
                             f"{colour.alpha()}); padding: 1px 4px; border-radius: 3px")
        layout.addWidget(swatch)
    layout.addStretch(1)
    return legend
