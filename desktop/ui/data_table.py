"""The table view every tab uses: sortable through a proxy, numeric sort role, copy as TSV.

The view paints from a `TableMirror` of its model (a C++ copy of the painted roles), so a repaint costs no
Python per cell; tooltips, editors and copying read the model itself through `source_data`.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, QSortFilterProxyModel, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStyledItemDelegate, QTableView, QToolTip

from .roles import FILTER_ROLE, PINNED_ROLE, SORT_ROLE
from .table_copy import selection_as_tsv
from .table_mirror import CELL_ROLES, TableMirror, source_data


_R = Qt.ItemDataRole
_DISPLAY, _FONT, _CHECK, _DECORATION = (CELL_ROLES.index(r) for r in (_R.DisplayRole, _R.FontRole, _R.CheckStateRole, _R.DecorationRole))


class PinnedLastProxy(QSortFilterProxyModel):
    """Sorts and filters, but rows whose PINNED_ROLE is true (totals) stay last, in their own order, and are never filtered out."""

    def lessThan(self, left, right):
        # PINNED_ROLE is a row's: the mirror holds it on column 0
        left_pinned, right_pinned = bool(left.siblingAtColumn(0).data(PINNED_ROLE)), bool(right.siblingAtColumn(0).data(PINNED_ROLE))
        if not (left_pinned or right_pinned):
            return super().lessThan(left, right)
        if left_pinned and right_pinned:  # in model order both ways
            return (left.row() < right.row()) == (self.sortOrder() == Qt.SortOrder.AscendingOrder)
        return right_pinned == (self.sortOrder() == Qt.SortOrder.AscendingOrder)

    def filterAcceptsRow(self, source_row, source_parent):
        if self.sourceModel().index(source_row, 0, source_parent).data(PINNED_ROLE):
            return True
        return super().filterAcceptsRow(source_row, source_parent)


def sorting_proxy(source, parent=None) -> QSortFilterProxyModel:
    proxy = PinnedLastProxy(parent)
    proxy.setSourceModel(source)
    proxy.setSortRole(SORT_ROLE)
    proxy.setFilterRole(FILTER_ROLE)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    proxy.setDynamicSortFilter(True)
    return proxy


class ColumnHeader(QHeaderView):
    """A horizontal header whose two-line titles ("US$ m" over "2035") keep columns as narrow as their figures.

    Qt widens every section by the header's full height to leave room for the sort arrow, so a two-line
    header would make each column a line-height wider than it needs; the arrow is one line high.
    """

    def __init__(self, parent=None):
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setSectionsClickable(True)  # QTableView's own header is clickable; one made by hand is not

    def sectionSizeFromContents(self, logical_index: int) -> QSize:
        size = super().sectionSizeFromContents(logical_index)
        if self.isSortIndicatorShown() and self.model() is not None:
            title = str(self.model().headerData(logical_index, self.orientation()) or "")
            extra_lines = title.count("\n")
            if extra_lines:
                size.setWidth(size.width() - extra_lines * self.fontMetrics().lineSpacing())
        return size


class SourceDelegate(QStyledItemDelegate):
    """Editors open on, and write to, the model itself: the mirror the view paints from holds no EditRole."""

    def createEditor(self, parent, option, index):
        return super().createEditor(parent, option, _source_index(index))

    def setEditorData(self, editor, index):
        super().setEditorData(editor, _source_index(index))

    def setModelData(self, editor, model, index):
        index = _source_index(index)
        super().setModelData(editor, index.model(), index)


def _source_index(index):
    model = index.model()
    while isinstance(model, QSortFilterProxyModel):
        index = model.mapToSource(index)
        model = index.model()
    return model.source_index(index) if isinstance(model, TableMirror) else index


class DataTable(QTableView):
    def __init__(self, model, parent=None, whole_rows: bool = True):
        super().__init__(parent)
        self.setHorizontalHeader(ColumnHeader(self))
        self.source_model = model
        self.mirror = TableMirror(model, self)
        self.mirror.live = self._live
        self._proxy = sorting_proxy(self.mirror, self)
        self.setModel(self._proxy)
        self.setItemDelegate(SourceDelegate(self))
        self.setSortingEnabled(True)
        self.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        if whole_rows:
            self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setTabKeyNavigation(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(True)

    def fit_columns_to_contents(self) -> None:
        """Each column as wide as its widest cell and title, as QHeaderView's ResizeToContents makes it, but
        measured again only when the widest text in a column changes. ResizeToContents measured every cell of
        every column on each dataChanged: a sixth of an edit on the Financing tab, where the figures keep their
        widths. Columns keep ResizeToContents' manners: the user does not drag them."""
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self._text_widths: list[list[int]] = []  # per column, per mirror row, the advance of the cell's text
        self._metrics: dict = {}
        mirror = self.mirror
        for signal in (mirror.modelReset, mirror.layoutChanged, mirror.rowsInserted, mirror.rowsRemoved, mirror.columnsInserted,
                       mirror.columnsRemoved, mirror.headerDataChanged):
            signal.connect(self._fit_all)
        mirror.dataChanged.connect(self._fit_changed)
        self._fit_all()

    def _cell_width(self, values: tuple) -> int:
        if values[_CHECK] is not None or values[_DECORATION] is not None:
            return -1  # a box or an icon: Qt measures the column itself
        font = values[_FONT]
        key = None if font is None else font.key()
        metrics = self._metrics.get(key)
        if metrics is None:
            metrics = self._metrics[key] = QFontMetrics(self.font() if font is None else font)
        text = values[_DISPLAY]
        return 0 if text is None else metrics.horizontalAdvance(str(text))

    def _fit_all(self, *_) -> None:
        cells = self.mirror.cells
        self._text_widths = [[self._cell_width(row[column]) for row in cells] for column in range(self.mirror.columnCount())]
        self.resizeColumnsToContents()

    def _fit_changed(self, top_left, bottom_right, roles=()) -> None:
        if not top_left.isValid() or len(self._text_widths) != self.mirror.columnCount():
            self._fit_all()
            return
        cells = self.mirror.cells
        for column in range(top_left.column(), bottom_right.column() + 1):
            widths = self._text_widths[column]
            if len(widths) != len(cells):
                self._fit_all()
                return
            before = max(widths, default=0)
            for row in range(top_left.row(), bottom_right.row() + 1):
                widths[row] = self._cell_width(cells[row][column])
            if max(widths, default=0) != before or min(widths, default=0) < 0:  # a box or an icon: always Qt's measure
                self.resizeColumnToContents(column)

    def changeEvent(self, event):
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange) and hasattr(self, "_text_widths"):
            self._metrics = {}
            self._fit_all()

    def _live(self) -> bool:
        """Whether the mirror must follow its model at once: not while the table is hidden in a window on screen
        (a tab not shown); it catches up when shown or read."""
        return self.isVisible() or not self.window().isVisible()

    @property
    def proxy(self) -> QSortFilterProxyModel:
        """The sorting proxy, over a mirror brought level with the model first."""
        self.mirror.catch_up()
        return self._proxy

    def selectionModel(self):
        self.mirror.catch_up()
        return super().selectionModel()

    def source_row(self, view_row: int) -> int:
        """The model's row shown at `view_row`."""
        return self.proxy.mapToSource(self._proxy.index(view_row, 0)).row()

    def showEvent(self, event):
        self.mirror.catch_up()
        super().showEvent(event)

    def viewportEvent(self, event):
        if event.type() == QEvent.Type.ToolTip:
            index = self.indexAt(event.pos())
            text = source_data(index, Qt.ItemDataRole.ToolTipRole) if index.isValid() else None
            if text:
                QToolTip.showText(event.globalPos(), str(text), self.viewport(), self.visualRect(index))
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def copy_text(self) -> str:
        self.mirror.catch_up()
        return selection_as_tsv(self)
