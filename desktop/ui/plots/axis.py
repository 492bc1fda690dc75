"""An axis whose grid is painted as one stretched strip, so a change of range redraws it in a blit.

Qt's raster engine blends a semi-transparent one-pixel line pixel by pixel: pyqtgraph's grid (some sixty
faint lines across the plot) took 5-10 ms to draw every time the ticks moved. Here the lines are drawn
once into a strip one device pixel deep, then stretched across the plot in a single image blit. The
strip is laid out in device pixels, with the same pens, so each line lands on the pixel it did before.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QLineF, QPointF, QRectF
from PySide6.QtGui import QImage, QPainter, QPicture, QTransform

import pyqtgraph as pg


class GridAxis(pg.AxisItem):
    def __init__(self, orientation: str, **kwargs):
        super().__init__(orientation, **kwargs)
        self._grid_lines: list = []  # (pen, p1, p2) in item coordinates, drawn under the picture
        self._major_ticks: list | None = None

    def set_major_ticks(self, ticks: list[tuple[float, str]]) -> None:
        """Fixed (value, label) ticks; the same ones again leave the axis as drawn (setTicks would redraw it)."""
        if ticks != self._major_ticks:
            self._major_ticks = list(ticks)
            self.setTicks([ticks, []])

    def drawPicture(self, p, axisSpec, tickSpecs, textSpecs):
        if self.grid is False:
            self._grid_lines = []
            super().drawPicture(p, axisSpec, tickSpecs, textSpecs)
            return
        self._grid_lines = tickSpecs
        super().drawPicture(p, axisSpec, [], textSpecs)

    def paint(self, p, opt, widget):
        if self.picture is None:
            picture = QPicture()
            painter = QPainter(picture)
            try:
                if self.style["tickFont"]:
                    painter.setFont(self.style["tickFont"])
                self._grid_lines = []
                specs = self.generateDrawSpecs(painter)
                if specs is not None:
                    self.drawPicture(painter, *specs)
            finally:
                painter.end()
            self.picture = picture
        if self._grid_lines:
            self._paint_grid(p)
        self.picture.play(p)

    def _paint_grid(self, p: QPainter) -> None:
        transform = p.combinedTransform()  # logical to device pixels, the screen's pixel ratio included
        if transform.m12() or transform.m21() or not transform.isAffine():
            for pen, p1, p2 in self._grid_lines:  # rotated or sheared: no strip lines up with the pixels
                p.setPen(pen)
                p.drawLine(p1, p2)
            return
        vertical = self.orientation in ("top", "bottom")  # the lines run across the axis
        lines = [(pen, transform.map(QPointF(p1)), transform.map(QPointF(p2))) for pen, p1, p2 in self._grid_lines]
        along = [(a.x(), b.x()) if vertical else (a.y(), b.y()) for _, a, b in lines]
        across = [c for _, a, b in lines for c in ((a.y(), b.y()) if vertical else (a.x(), b.x()))]
        start = math.floor(min(min(pair) for pair in along)) - 1
        length = math.ceil(max(max(pair) for pair in along)) + 2 - start
        first, last = math.floor(min(across)), math.floor(max(across))
        if length <= 0 or last < first:
            return
        strip = QImage(length, 1, QImage.Format.Format_ARGB32_Premultiplied) if vertical else QImage(1, length, QImage.Format.Format_ARGB32_Premultiplied)
        strip.fill(0)
        painter = QPainter(strip)
        for (pen, _, _), (position, _) in zip(lines, along):
            painter.setPen(pen)
            offset = position - start
            painter.drawLine(QLineF(offset, 0, offset, 1) if vertical else QLineF(0, offset, 1, offset))
        painter.end()
        # An aliased line lights the pixels from floor(start) to floor(end), both included, hence the + 1.
        target = QRectF(start, first, length, last - first + 1) if vertical else QRectF(first, start, last - first + 1, length)
        p.save()
        p.setWorldTransform(transform.inverted()[0] * p.worldTransform())  # now one unit is one device pixel
        p.drawImage(target, strip)
        p.restore()
