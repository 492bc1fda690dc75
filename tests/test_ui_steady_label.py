"""Summary lines that change on every edit lay out the window again only when they need more room."""

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QLabel, QTableView, QVBoxLayout, QWidget

from desktop.core.commands import SetTargetField
from desktop.ui.steady_label import steady

from .ui_fixtures import OFFSCREEN_NOISE, make_window, no_threads_or_timers_left, prompts, settings, window  # noqa: F401

SHORT = "Europe + Canada spend 3.5%."
LONG = " ".join(["Europe + Canada spend 3.5% of GDP on core defence in 2035, US$ 1,234 bn more than today."] * 6)


class LayoutRequests(QObject):
    """Counts the layout requests each watched widget receives."""

    def __init__(self, *widgets):
        super().__init__()
        self.counts = {widget: 0 for widget in widgets}
        QApplication.instance().installEventFilter(self)

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.LayoutRequest and watched in self.counts:
            self.counts[watched] += 1
        return False

    def close(self):
        QApplication.instance().removeEventFilter(self)


@pytest.fixture
def page(qtbot):
    page = QWidget()
    qtbot.addWidget(page)
    label = QLabel(SHORT)
    label.setWordWrap(True)
    table = QTableView()
    layout = QVBoxLayout(page)
    layout.addWidget(steady(label))
    layout.addWidget(table, 1)
    page.resize(400, 400)
    page.show()
    qtbot.waitExposed(page)
    QApplication.processEvents()
    return page, label, table


def test_a_new_text_of_the_same_height_leaves_the_page_alone(page):
    page, label, table = page
    top = table.y()
    watch = LayoutRequests(page)
    try:
        for n in range(5):
            label.setText(f"Europe + Canada spend {n}.5%.")
            QApplication.processEvents()
    finally:
        watch.close()
    assert watch.counts[page] == 0
    assert table.y() == top
    assert label.text() == "Europe + Canada spend 4.5%."


def test_a_longer_text_gets_its_room_and_keeps_it_until_a_resize(page):
    page, label, table = page
    top = table.y()
    label.setText(LONG)
    QApplication.processEvents()
    QApplication.processEvents()
    assert label.height() >= label.heightForWidth(label.width()) > 3 * label.fontMetrics().height()
    assert table.y() > top  # every line of it shows
    grown = table.y()
    label.setText(SHORT)
    QApplication.processEvents()
    assert table.y() == grown  # the table does not jump back up as the text shrinks
    page.resize(401, 400)
    QApplication.processEvents()
    assert table.y() == top  # a resize fits it to the text again


def test_hiding_the_label_hides_its_room(page):
    page, label, table = page
    label.hide()
    QApplication.processEvents()
    assert not label.parentWidget().isVisible()
    label.show()
    QApplication.processEvents()
    assert label.isVisible()


@pytest.mark.parametrize("tab", ["allies", "plans", "financing", "budget_lines", "burden", "gap"])
def test_target_edits_do_not_lay_out_the_tab_again(window, tab):
    window.resize(1440, 900)
    window.show()
    window.show_tab(tab)
    page = window.tabs.currentWidget()

    def edit(n):
        window.document.execute(SetTargetField("core_pct", 3.0 + n / 10))
        window.document.end_merge()
        QApplication.processEvents()

    for n in range(8):  # the tab's first show settles over a few turns of the event loop
        edit(n)
    watch = LayoutRequests(page, window.panel)
    try:
        for n in range(8, 20):
            edit(n)
    finally:
        watch.close()
    assert watch.counts == {page: 0, window.panel: 0}
