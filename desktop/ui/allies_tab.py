"""The Allies tab: a filter box over the sortable allies table; its row selection drives the charts."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelection, QItemSelectionModel, Signal
from PySide6.QtWidgets import QHeaderView, QLabel, QLineEdit, QHBoxLayout, QVBoxLayout, QWidget

from ..core.allies_table import MARKS
from ..core.projection import Result
from .allies_model import AlliesModel
from .data_table import DataTable
from .roles import KEY_ROLE, PINNED_ROLE


class AlliesTab(QWidget):
    selection_changed = Signal(list)  # ISO codes, in table order

    def __init__(self, result: Result, parent=None):
        super().__init__(parent)
        self._pending: Result | None = None
        self._model = AlliesModel(result, self)
        self.table = DataTable(self._model, self)
        self.table.setObjectName("allies_table")
        self.filter_box = QLineEdit(self)
        self.filter_box.setPlaceholderText("Filter by name or ISO code")
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.textChanged.connect(self.table.proxy.setFilterFixedString)
        label = QLabel("&Filter:", self)
        label.setBuddy(self.filter_box)
        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.filter_box, 1)
        hint = QLabel("Select allies (Ctrl/Shift+click) to follow them in Trajectories and Gap. Hover a cell for its source. "
                      "Marks: " + ", ".join(f"{k} {v}" for k, v in MARKS.items()) + ".", self)
        hint.setWordWrap(True)
        row.addWidget(hint, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.table)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.table.selectionModel().selectionChanged.connect(self._emit_selection)

    def show_result(self, result: Result) -> None:
        """The table follows the result while the tab is shown, and catches up when it is next shown (or read)."""
        self._pending = result
        if not self.isHidden():
            self._catch_up()

    def _catch_up(self) -> None:
        if self._pending is not None:
            result, self._pending = self._pending, None
            self.model.set_result(result)

    @property
    def model(self) -> AlliesModel:
        self._catch_up()
        return self._model

    def event(self, event):
        # ShowToParent: the tab widget made this its current page, whether or not the window is on screen yet.
        if event.type() == QEvent.Type.ShowToParent:
            self._catch_up()
        return super().event(event)

    def selected_allies(self) -> list[str]:
        """ISO codes of the selected allies (a selected total row is not an ally)."""
        self._catch_up()
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        proxy = self.table.proxy
        return [proxy.index(r, 0).data(KEY_ROLE) for r in rows if not proxy.index(r, 0).data(PINNED_ROLE)]

    def select_allies(self, iso3s) -> None:
        self._catch_up()
        wanted = set(iso3s)
        selection = QItemSelection()
        proxy = self.table.proxy
        for row in range(proxy.rowCount()):
            index = proxy.index(row, 0)
            if index.data(KEY_ROLE) in wanted:
                selection.select(index, proxy.index(row, proxy.columnCount() - 1))
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.table.selectionModel().select(selection, flags)

    def _emit_selection(self, *_):
        self.selection_changed.emit(self.selected_allies())
