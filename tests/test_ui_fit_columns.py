"""DataTable.fit_columns_to_contents gives the widths QHeaderView's ResizeToContents gives, measuring less often."""

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QHeaderView

from desktop.ui.data_table import DataTable


class Figures(QAbstractTableModel):
    def __init__(self, rows):
        super().__init__()
        self.rows = [list(r) for r in rows]
        self.bold = set()
        self.boxed = set()

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else 3

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            return self.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.CheckStateRole and (index.row(), index.column()) in self.boxed:
            return Qt.CheckState.Checked
        if role == Qt.ItemDataRole.FontRole and (index.row(), index.column()) in self.bold:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return ("Ally", "US$ m", "% of GDP")[section]
        return None

    def set(self, row, column, text):
        self.rows[row][column] = text
        self.dataChanged.emit(self.index(row, column), self.index(row, column))


def _widths(table):
    return [table.columnWidth(c) for c in range(2)]  # the last column stretches in both


def test_the_columns_follow_their_widest_text_as_resize_to_contents_does(qtbot):
    model = Figures([("France", "1,234", "3.50%"), ("Germany", "56,789", "3.10%"), ("Italy", "12", "2.00%")])
    fitted, reference = DataTable(model), DataTable(model)
    for table in (fitted, reference):
        qtbot.addWidget(table)
        table.resize(600, 300)
        table.show()
    fitted.fit_columns_to_contents()
    reference.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    QApplication.processEvents()
    assert _widths(fitted) == _widths(reference)
    for row, column, text in [(1, 1, "1,056,789"), (1, 1, "6"), (0, 0, "The United Kingdom of Great Britain"), (0, 0, "UK"),
                              (2, 1, "99")]:
        model.set(row, column, text)
        QApplication.processEvents()
        assert _widths(fitted) == _widths(reference), (row, column, text)
    model.bold.add((2, 1))
    model.set(2, 1, "99,999")
    QApplication.processEvents()
    assert _widths(fitted) == _widths(reference)
    model.beginResetModel()
    model.rows = [["Canada", "123,456,789", "1.40%"]]
    model.endResetModel()
    QApplication.processEvents()
    assert _widths(fitted) == _widths(reference)
    assert fitted.horizontalHeader().sectionResizeMode(0) == QHeaderView.ResizeMode.Fixed  # not dragged, as before


def test_a_figure_of_the_same_width_is_not_measured_again(qtbot, monkeypatch):
    model = Figures([("France", "1,234", "3.50%"), ("Germany", "5,678", "3.10%")])
    table = DataTable(model)
    qtbot.addWidget(table)
    table.fit_columns_to_contents()
    measured = []
    monkeypatch.setattr(table, "resizeColumnToContents", lambda column: measured.append(column))
    model.set(0, 1, "4,321")  # the same digits' width
    assert measured == []
    model.set(0, 1, "44,321")
    assert measured == [1]


def test_a_column_with_a_check_box_is_measured_by_qt_whenever_it_changes(qtbot):
    model = Figures([("France", "1,234", "3.50%"), ("Germany", "56,789", "3.10%")])
    model.boxed.add((0, 1))
    fitted, reference = DataTable(model), DataTable(model)
    for table in (fitted, reference):
        qtbot.addWidget(table)
    fitted.fit_columns_to_contents()
    reference.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    QApplication.processEvents()
    assert _widths(fitted) == _widths(reference)
    model.set(0, 1, "12,345,678")  # the boxed cell outgrows the plain one: only Qt's measure knows by how much
    QApplication.processEvents()
    assert _widths(fitted) == _widths(reference)
