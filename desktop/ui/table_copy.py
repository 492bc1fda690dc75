"""A table view's selection as tab-separated text that pastes into Excel as a block."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from .roles import COPY_ROLE
from .table_mirror import source_data


def _clean(text: str) -> str:
    return text.replace("\t", " ").replace("\r", " ").replace("\n", " ")


def selection_as_tsv(view: QTableView) -> str:
    """Selected cells in on-screen order (sorted, moved and hidden columns respected).

    When whole rows are selected the column headers come first, so the paste is self-describing.
    """
    model = view.model()
    selection = view.selectionModel()
    if model is None or selection is None:
        return ""
    indexes = [i for i in selection.selectedIndexes() if not view.isColumnHidden(i.column())]
    if not indexes:
        return ""
    header = view.horizontalHeader()
    rows = sorted({i.row() for i in indexes})
    columns = sorted({i.column() for i in indexes}, key=header.visualIndex)
    cells = {(i.row(), i.column()): i for i in indexes}
    lines = []
    if all(selection.isRowSelected(r, view.rootIndex()) for r in rows):
        lines.append("\t".join(_clean(str(model.headerData(c, Qt.Orientation.Horizontal) or "")) for c in columns))
    for r in rows:
        values = []
        for c in columns:
            index = cells.get((r, c))
            text = source_data(index, COPY_ROLE) if index is not None else ""
            values.append(_clean(str(text if text is not None else index.data() or "")))
        lines.append("\t".join(values))
    return "\r\n".join(lines) + "\r\n"
