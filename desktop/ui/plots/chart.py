"""The base of every chart: a pyqtgraph layout that re-themes itself when the palette changes."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QGraphicsItem

import numpy as np

import pyqtgraph as pg

from .axis import GridAxis
from .theme import PlotColours, colours_from, style_plot


STEADY_FILL = 0.75  # the least share of a steady range the figures must span, or it is fitted again
STEADY_ROOM = 0.1  # more room, as a share of the figures' span, on a side the figures outgrew


class Chart(pg.GraphicsLayoutWidget):
    """Subclasses add PlotItems to `self.ci` and restyle their own items in `restyle`."""

    hovered = Signal(str)  # a one-line readout of the values under the mouse, "" when it leaves

    def __init__(self, parent=None):
        super().__init__(parent)
        self.plots: list[pg.PlotItem] = []
        self._steady: dict[tuple, tuple] = {}  # (id(plot), axis): the range steady_range last set
        self.colours: PlotColours = colours_from(self.palette())
        self.scene().sigMouseMoved.connect(self._on_mouse_moved)

    def add_plot(self, row: int, title: str, left: str, bottom: str, col: int = 0) -> pg.PlotItem:
        plot = self.ci.addPlot(row=row, col=col, title=title, axisItems={name: GridAxis(name) for name in ("left", "bottom", "right", "top")})
        plot.hideAxis("right")  # given axes are shown; these two were hidden, yet follow every change of range
        plot.hideAxis("top")
        plot.setLabel("left", left)
        plot.setLabel("bottom", bottom)
        plot.setMenuEnabled(False)
        plot.hideButtons()
        plot.getViewBox().setMouseEnabled(x=False, y=False)
        for name in ("left", "bottom", "right", "top"):
            # An axis replays all its tick labels whenever anything in the plot repaints; cached, it is
            # drawn again only when its ticks change (pyqtgraph calls update() then).
            plot.getAxis(name).setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
            plot.getAxis(name).label.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        # The title and legend lie over the lines: every edit repaints them, and laying their rich text out
        # again took a tenth of a chart's repaint. Cached, they are blitted until their own text changes.
        plot.titleLabel.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.plots.append(plot)
        return plot

    def add_curve(self, plot: pg.PlotItem, *args, **kwargs) -> pg.PlotDataItem:
        """A line in `plot`. These charts neither zoom nor pan, so pyqtgraph's guard against lines far outside
        the view is off: it made every line recompute itself whenever the y range moved."""
        return plot.plot(*args, dynamicRangeLimit=None, **kwargs)

    @staticmethod
    def set_curve(curve: pg.PlotDataItem, x, y) -> None:
        """New figures for a line. The same figures again (a status-quo path, when only the target moved) leave it
        as drawn: setData would make pyqtgraph bound, path and range the line anew, and repaint it."""
        if curve.xData is not None and np.array_equal(curve.xData, x) and np.array_equal(curve.yData, y, equal_nan=True):
            return
        curve.setData(x, y)

    def steady_range(self, plot: pg.PlotItem, axis: int, arrays, padding: float | None = None) -> None:
        """Fit `plot`'s x (`axis` 0) or y (1) range to the figures in `arrays` (and the numbers among them, such as
        a zero every bar starts from), as pyqtgraph's auto-range does, but keep the range it has while every
        figure lies inside it and they fill at least STEADY_FILL of it. A new range redrew the axis, its ticks
        and grid and re-bounded every line: a quarter of an edit on the Financing tab. The chart also holds still
        while a spin box is held down. When figures leave the range on one side, that side gets STEADY_ROOM of
        the span more room, so that a series that keeps growing is not fitted again at every step."""
        parts = [np.ravel(np.asarray(a, dtype=float)) for a in arrays]
        values = np.concatenate(parts) if parts else np.zeros(0)
        values = values[np.isfinite(values)]
        if values.size == 0:
            return
        low, high = float(values.min()), float(values.max())
        view = plot.getViewBox()
        before = self._steady.get((id(plot), axis))
        current = tuple(view.viewRange()[axis])
        held = before is not None and np.allclose(before, current)
        span = high - low
        if held and current[0] <= low and high <= current[1] and span >= STEADY_FILL * (current[1] - current[0]):
            return
        if span <= 0:
            span = abs(high) or 1.0
        pad = (view.suggestPadding(axis) if padding is None else padding) * span
        start, end = low - pad, high + pad
        if held:
            if low < current[0]:
                start -= STEADY_ROOM * span
            if high > current[1]:
                end += STEADY_ROOM * span
        view.setRange(**{"xRange" if axis == 0 else "yRange": (start, end)}, padding=0)
        self._steady[(id(plot), axis)] = tuple(view.viewRange()[axis])

    def apply_theme(self) -> None:
        """Subclasses call this once their items exist; later palette changes call it again."""
        self._themed = True
        self.colours = colours_from(self.palette())
        self.setBackground(self.colours.background)
        for plot in self.plots:
            style_plot(plot, self.colours)
            for name in ("left", "bottom"):
                axis = plot.getAxis(name)
                axis.setLabel(axis.labelText, units=axis.labelUnits or None, color=self.colours.foreground.name())
        self.restyle(self.colours)

    def set_title(self, plot: pg.PlotItem, text: str) -> None:
        """Titles are HTML that pyqtgraph lays out again on every set: an edit that keeps the title leaves it alone."""
        if plot.titleLabel.text != text or not plot.titleLabel.isVisible():
            plot.setTitle(text, color=self.colours.foreground)

    def restyle(self, colours: PlotColours) -> None:
        """Re-colour the subclass's own items."""

    def readout_at(self, plot: pg.PlotItem, x: float, y: float) -> str:
        """The hover text for view coordinates (x, y) in `plot`."""
        return ""

    def changeEvent(self, event):
        # Qt sends palette changes while the base class is still being built: theme only once built.
        if event.type() == QEvent.Type.PaletteChange and getattr(self, "_themed", False):
            self.apply_theme()
        super().changeEvent(event)

    def _on_mouse_moved(self, scene_pos) -> None:
        for plot in self.plots:
            if plot.sceneBoundingRect().contains(scene_pos):
                point = plot.getViewBox().mapSceneToView(scene_pos)
                self.hovered.emit(self.readout_at(plot, point.x(), point.y()))
                return
        self.hovered.emit("")
