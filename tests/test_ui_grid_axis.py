"""The grid drawn as a tiled strip lands on the same pixels as pyqtgraph's own line-by-line grid."""

import numpy as np
import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter

import pyqtgraph as pg

from desktop.ui.plots.axis import GridAxis


def _plot(qtbot, axis_items):
    widget = pg.GraphicsLayoutWidget()
    qtbot.addWidget(widget)
    plot = widget.addPlot(axisItems=axis_items)
    plot.showGrid(x=True, y=True, alpha=0.25)
    plot.plot([2013.0, 2020.3, 2040.0], [0.4, 3.7, 5.2])
    for name in ("left", "bottom"):
        plot.getAxis(name).setPen(pg.mkPen("#202020"))
    widget.setBackground("w")
    widget.resize(803, 517)
    widget.show()
    qtbot.waitExposed(widget)
    plot.setXRange(2013.3, 2040.7, padding=0)
    plot.setYRange(0.17, 5.31, padding=0)
    return widget


def _rendered(widget, scale: float, ratio: float) -> np.ndarray:
    size = widget.size()
    image = QImage(round(size.width() * scale * ratio), round(size.height() * scale * ratio), QImage.Format.Format_ARGB32)
    image.setDevicePixelRatio(ratio)
    image.fill(QColor("white"))
    painter = QPainter(image)
    widget.scene().render(painter, QRectF(0, 0, size.width() * scale, size.height() * scale), QRectF(widget.rect()),
                          Qt.AspectRatioMode.IgnoreAspectRatio)
    painter.end()
    bits = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    return bits[:, : image.width() * 4].reshape(image.height(), image.width(), 4).astype(int)


@pytest.mark.parametrize(("scale", "ratio"), [(1.0, 1.0), (1.5, 1.0), (1.0, 2.0), (1.37, 1.0)])
def test_the_grid_is_drawn_on_the_same_pixels_as_pyqtgraphs(qtbot, scale, ratio):
    ours = _plot(qtbot, {"left": GridAxis("left"), "bottom": GridAxis("bottom")})
    theirs = _plot(qtbot, {"left": pg.AxisItem("left"), "bottom": pg.AxisItem("bottom")})
    mine, reference = _rendered(ours, scale, ratio), _rendered(theirs, scale, ratio)
    assert mine.shape == reference.shape
    faint = np.abs(reference - 255).max(axis=2) > 0  # the grid is there to compare, not a blank image
    assert faint.sum() > 1000
    difference = np.abs(mine - reference).max(axis=2)
    # Blending a faint line once into a strip, then onto the plot, may round a channel by one.
    assert difference.max() <= 2
    assert (difference > 0).sum() < 0.001 * difference.size


def test_the_same_fixed_ticks_leave_the_axis_as_drawn(qtbot):
    widget = _plot(qtbot, {"left": GridAxis("left"), "bottom": GridAxis("bottom")})
    axis = widget.ci.getItem(0, 0).getAxis("left")
    axis.set_major_ticks([(1.0, "one"), (2.0, "two")])
    widget.grab()
    assert axis.picture is not None
    axis.set_major_ticks([(1.0, "one"), (2.0, "two")])
    assert axis.picture is not None
    axis.set_major_ticks([(1.0, "one"), (3.0, "three")])
    assert axis.picture is None
