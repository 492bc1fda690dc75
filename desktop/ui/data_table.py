"""The table view every tab uses: sortable through a proxy, numeric sort role, copy as TSV."""

from __future__ import annotations

from PySide6.QtCore import QSize, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from .roles import FILTER_ROLE, PINNED_ROLE, SORT_ROLE
from .table_copy import selection_as_tsv


class PinnedLastProxy(QSortFilterProxyModel):
    """Sorts and filters, but rows whose PINNED_ROLE is true (totals) stay last, in their own order, and are never filtered out."""

    def lessThan(self, left, right):
        left_pinned, right_pinned = bool(left.data(PINNED_ROLE)), bool(right.data(PINNED_ROLE))
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


class DataTable(QTableView):
    def __init__(self, model, parent=None, whole_rows: bool = True):
        super().__init__(parent)
        self.setHorizontalHeader(ColumnHeader(self))
        self.proxy = sorting_proxy(model, self)
        self.setModel(self.proxy)
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

    def copy_text(self) -> str:
        return selection_as_tsv(self)
