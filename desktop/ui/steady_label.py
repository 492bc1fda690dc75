"""A word-wrapped label whose new text lays out the window again only when it needs another height.

QLabel.setText always calls updateGeometry(), which invalidates every layout up to the window: a
summary line that changes on each edit then re-lays out and repaints the whole tab (half the time of
an edit on the Financing and Plans tabs). `steady(label)` puts the label in a box with no layout of its
own: the label's layout request stops at the box, which asks its parents for room only when the
new text needs more height than it has. It keeps the room it has while the text needs less, so that
the tables and charts beneath do not jump up and down as a figure in the text wraps and unwraps;
a resize of the window fits it to the text again.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize
from PySide6.QtWidgets import QLabel, QWidget


class SteadyBox(QWidget):
    def __init__(self, label: QLabel, parent: QWidget | None = None):
        super().__init__(parent)
        self.label = label
        label.setParent(self)
        label.installEventFilter(self)  # the label's own show and hide still move the layout
        self.setSizePolicy(label.sizePolicy())
        self._placed = False  # laid out once: until then it asks for the height the text needs

    def _needed(self, width: int) -> int:
        label = self.label
        return label.heightForWidth(width) if label.hasHeightForWidth() else label.sizeHint().height()

    def sizeHint(self) -> QSize:
        return self.label.sizeHint()

    def minimumSizeHint(self) -> QSize:
        return self.label.minimumSizeHint()

    def hasHeightForWidth(self) -> bool:
        return self.label.hasHeightForWidth()

    def heightForWidth(self, width: int) -> int:
        needed = self.label.heightForWidth(width)
        return max(needed, self.height()) if self._placed and width == self.width() else needed

    def resizeEvent(self, event) -> None:
        self.label.setGeometry(self.rect())
        self._placed = True
        super().resizeEvent(event)

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:  # the label's text or font changed
            if self._needed(self.width()) > self.height():
                self.updateGeometry()
            return True
        return super().event(event)

    def eventFilter(self, watched, event) -> bool:
        kind = event.type()
        if watched is self.label and kind in (QEvent.Type.ShowToParent, QEvent.Type.HideToParent):
            self.setVisible(kind == QEvent.Type.ShowToParent)
        return False


def steady(label: QLabel) -> SteadyBox:
    """The box to put in a layout in place of `label`."""
    return SteadyBox(label)
