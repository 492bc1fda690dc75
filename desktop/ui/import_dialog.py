"""The import dialog: each sheet's cells with what the importer understood, the mapping to correct it, and Apply."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QGroupBox, QHBoxLayout, QHeaderView,
    QLabel, QListWidget, QListWidgetItem, QPlainTextEdit, QPushButton, QSpinBox, QSplitter, QTabBar, QTableView,
    QTabWidget, QVBoxLayout, QWidget,
)

from ..core.merge import AS_BUDGET_LINES, AS_GDP, AS_SHARE, AS_SPENDING, infer_mode
from ..spreadsheets.cell_address import column_letters
from ..spreadsheets.import_apply import SavedMapping, describe_replaced
from ..spreadsheets.import_report import ImportedTable, ImportReport, format_summary
from ..spreadsheets.importer import Mapping
from ..spreadsheets.sheet_preview import PREVIEW_ROWS, ROLE_NAMES, PreviewedImport, parse_cell_ref
from .import_preview_model import ROLE_COLOURS, ROLE_ORDER, SheetPreviewModel, cell_text
from .import_records_model import ImportRecordsModel

MODE_NAMES = {
    AS_SHARE: "Shares of GDP",
    AS_GDP: "GDP",
    AS_SPENDING: "Defence spending (turned into shares of GDP)",
    AS_BUDGET_LINES: "Budget lines",
}
SCALE_CHOICES = (("Detect", None), ("Units", 1), ("Thousands", 1_000), ("Millions", 1_000_000),
                 ("Billions", 1_000_000_000))
DETECT = "Detect"
ALL_SHEETS = "All sheets"
ALL_BLOCKS = "All blocks"
_LABEL_COLUMNS = 26
_MIN_COLUMN_WIDTH, _MAX_COLUMN_WIDTH, _SIZED_ROWS = 56, 280, 120


class ImportDialog(QDialog):
    """Shows one read of a file; asks for re-reads and applies through signals the controller answers.

    `reread_requested(Mapping)` asks for the file to be read again with a corrected
    mapping; `apply_requested(tables, mode, ally)` to merge the chosen tables.
    """

    reread_requested = Signal(object)
    apply_requested = Signal(object, str, object)

    def __init__(self, path: Path, allies: list[tuple[str, str]], currencies: list[str], parent=None):
        super().__init__(parent)
        self.setObjectName("import_dialog")
        self.setWindowTitle(f"Import {path.name}")
        self.path = path
        self._outcome: PreviewedImport | None = None
        self._requested = Mapping()  # the mapping of the read shown or asked for last
        self._blocks: list[str] = []
        self._sheets: list[str] = []
        self._building = False

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
        for column, width in enumerate((120, 150, 60, 44, 64, 80)):
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
        apply_row.addStretch(1)
        apply_row.addWidget(self.buttons)
        for label, buddy in ((apply_row.itemAt(0).widget(), self.mode_box), (apply_row.itemAt(2).widget(), self.ally_box)):
            label.setBuddy(buddy)

        layout = QVBoxLayout(self)
        layout.addWidget(self.file_label)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.changes)
        layout.addLayout(apply_row)

        self.sheet_tabs.currentChanged.connect(self._show_sheet)
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
            unit=None if unit in ("", DETECT) else unit,
            scale=self.scale_box.currentData(),
            block=self.block_box.currentData(),
        )

    def show_outcome(self, outcome: PreviewedImport, saved: SavedMapping | None = None, note: str = "",
                     positions=None, facts: list[str] | None = None) -> None:
        """A (re-)read arrived: previews, tables, figures and warnings follow; the controls show its mapping."""
        first = self._outcome is None
        self._outcome = outcome
        self._requested = outcome.mapping
        report = outcome.report
        mapping = outcome.mapping
        for table in report.tables:
            if table.block and table.block not in self._blocks:
                self._blocks.append(table.block)
        self._building = True
        if first:
            self._sheets = [preview.name for preview in outcome.previews]
            self.sheet_box.addItem(ALL_SHEETS, None)
            for name in self._sheets:
                self.sheet_box.addItem(name, name)
            for name in self._sheets:
                self.sheet_tabs.addTab(name)
            if saved is not None:
                self._select_data(self.mode_box, saved.mode)
                self._select_data(self.ally_box, saved.ally)
            elif report.tables:
                self._select_data(self.mode_box, infer_mode({"unit": report.tables[0].unit}))
        self._show_mapping(mapping)
        self._building = False

        tables, warnings = len(report.tables), len(report.warnings)
        self.file_label.setToolTip(report.file)
        self.file_label.setText(f"{Path(report.file).name} ({report.format}): {tables} table{'s' if tables != 1 else ''}, "
                                f"{warnings} warning{'s' if warnings != 1 else ''}" + (f"\n{note}" if note else ""))
        self.tables_list.clear()
        for n, table in enumerate(report.tables):
            item = QListWidgetItem(_table_title(table))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            item.setToolTip(facts[n] if facts is not None else table_facts(table))
            self.tables_list.addItem(item)
        self.records_model.set_tables(report.tables, positions)
        self.warnings_list.clear()
        for warning in report.warnings:
            item = QListWidgetItem(f"{warning.cell}: {warning.message}" if warning.cell else warning.message)
            item.setData(Qt.ItemDataRole.UserRole, warning.cell)
            self.warnings_list.addItem(item)
        self.found_tabs.setTabText(1, f"Warnings ({len(report.warnings)})")
        self.found_tabs.setTabText(0, f"Figures ({self.records_model.rowCount():,})")
        self._show_sheet(self.sheet_tabs.currentIndex(), reset=first)
        if first and report.tables:
            self.sheet_tabs.setCurrentIndex(self._sheets.index(report.tables[0].sheet)
                                            if report.tables[0].sheet in self._sheets else 0)
        self.set_status("")
        self.apply_button.setEnabled(bool(report.tables))

    def show_failure(self, message: str) -> None:
        """A re-read failed (say, a header row without years): nothing to apply until the mapping is fixed."""
        self.set_status(message, error=True)
        self.records_model.set_tables(())
        self.tables_list.clear()
        self.found_tabs.setTabText(0, "Figures (0)")
        self.apply_button.setEnabled(False)

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
        self.unit_box.setCurrentText(mapping.unit or DETECT)
        self._select_data(self.scale_box, mapping.scale)
        self.block_box.clear()
        self.block_box.addItem(ALL_BLOCKS, None)
        for block in self._blocks:
            self.block_box.addItem(block, block)
        if mapping.block and mapping.block not in self._blocks:
            self.block_box.addItem(mapping.block, mapping.block)
        self._select_data(self.block_box, mapping.block)
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
        roles = self._outcome.roles.get(preview.name, {})
        if reset or self.preview_model.sheet != preview.name:
            self.preview_model.set_preview(preview, roles)
            self._span_text_lines(preview)
        else:
            self.preview_model.set_roles(roles)
        shown = f"the first {PREVIEW_ROWS} rows and " if preview.truncated else ""
        tables = sum(1 for t in self._outcome.report.tables if t.sheet == preview.name)
        self.preview_note.setText(f"Sheet {preview.name}: {shown}{tables} table{'s' if tables != 1 else ''} read. "
                                  "Hover a cell to see what the importer made of it.")

    def _span_text_lines(self, preview) -> None:
        """Lay the sheet out as a spreadsheet would: a row holding one text (a title, a unit line, a note)
        spreads over the empty cells to its right; other columns are as wide as their text (within reason)."""
        self.preview.clearSpans()
        width = self.preview_model.columnCount()
        metrics = self.preview.fontMetrics()
        widths = [_MIN_COLUMN_WIDTH] * width
        for row, cells in enumerate(preview.rows):
            filled = [column for column, value in enumerate(cells) if value not in ("", None)]
            if len(filled) == 1 and isinstance(cells[filled[0]], str) and filled[0] < width - 1:
                self.preview.setSpan(row, filled[0], 1, width - filled[0])
            elif row < _SIZED_ROWS:
                for column in filled:
                    text = cell_text(cells[column])
                    widths[column] = max(widths[column], metrics.horizontalAdvance(text) + 14)
        for column, pixels in enumerate(widths):
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
        self.ally_box.setEnabled(self.mode_box.currentData() == AS_BUDGET_LINES)

    def apply(self) -> None:
        tables = self.checked_tables()
        if not tables:
            self.set_status("Tick at least one table to apply", error=True)
            return
        self.apply_requested.emit(tables, self.mode_box.currentData(), self.ally_box.currentData())


def _table_title(table: ImportedTable) -> str:
    heading = table.block or table.title or "(untitled table)"
    return f"{heading} — {table.header_cell}, {len(table.rows):,} rows"


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


def merge_lines(result) -> list[str]:
    """The replaced values (old → new), then the skipped records, as the dialog lists them."""
    lines = [f"Replaced {describe_replaced(entry)}" for entry in result.replaced]
    lines += [f"Added {name}" for name in result.lines_added]
    lines += [f"Skipped {cell}: {why}" for cell, why in result.skipped[:200]]
    if len(result.skipped) > 200:
        lines.append(f"… and {len(result.skipped) - 200:,} more skipped")
    return lines
