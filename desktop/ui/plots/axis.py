"""An axis whose grid is painted as one tiled strip, so a change of range redraws it in a blit.

Qt's raster engine blends a semi-transparent one-pixel line pixel by pixel: pyqtgraph's grid (some sixty
faint lines across the plot) took 5-10 ms to draw every time the ticks moved. Here the lines are drawn
once into a strip one device pixel deep, then tiled across the plot. The strip is laid out in device
pixels with the same pens, so each line lights the pixels it did before: the chart is pixel-identical.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QLineF, QRectF
from PySide6.QtGui import QImage, QPainter, QPicture, QPixmap, QTransform

import pyqtgraph as pg

STRIP_DEPTH = 64  # pixel rows (or columns) drawn into the strip before it is tiled


class GridAxis(pg.AxisItem):
    def __init__(self, orientation: str, **kwargs):
        self._grid_lines: list = []  # (pen, p1, p2) in item coordinates, painted under the picture
        self._major_ticks: list | None = None
        self._label_html: str | None = None  # set before the base class, which shows its label
        super().__init__(orientation, **kwargs)

    def set_major_ticks(self, ticks: list[tuple[float, str]]) -> None:
        """Fixed (value, label) ticks; the same ones again leave the axis as drawn (setTicks would redraw it)."""
        if ticks != self._major_ticks:
            self._major_ticks = list(ticks)
            self.setTicks([ticks, []])

    def _updateLabel(self):
        # pyqtgraph lays the label's HTML out again on every change of range; the ticks still need redrawing.
        html = self.labelString()
        if html != self._label_html:
            self._label_html = html
            super()._updateLabel()
        else:
            self.picture = None
            self.update()

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
        transform = p.combinedTransform()  # item to device pixels, the screen's pixel ratio included
        sx, sy = transform.m11(), transform.m22()
        if transform.m12() or transform.m21() or not transform.isAffine() or sx <= 0 or sy <= 0:
            for pen, p1, p2 in self._grid_lines:  # turned or flipped: no strip lines up with the pixels
                p.setPen(pen)
                p.drawLine(p1, p2)
            return
        dx, dy = transform.dx(), transform.dy()
        vertical = self.orientation in ("top", "bottom")  # the lines run across the axis, down the plot
        if vertical:
            positions = [p1.x() * sx + dx for _, p1, _ in self._grid_lines]
            ends = [c * sy + dy for _, p1, p2 in self._grid_lines for c in (p1.y(), p2.y())]
        else:
            positions = [p1.y() * sy + dy for _, p1, _ in self._grid_lines]
            ends = [c * sx + dx for _, p1, p2 in self._grid_lines for c in (p1.x(), p2.x())]
        start = math.floor(min(positions)) - 1
        length = math.ceil(max(positions)) + 2 - start
        # An aliased line lights the pixels from floor(one end) to floor(the other), both included.
        first, last = math.floor(min(ends)), math.floor(max(ends))
        across = last - first + 1
        # A strip a few dozen pixels deep: drawTiledPixmap then blits a few dozen tiles, not one per pixel row.
        depth = max(1, min(across, STRIP_DEPTH))
        size = (length, depth) if vertical else (depth, length)
        strip = QImage(*size, QImage.Format.Format_ARGB32_Premultiplied)
        strip.fill(0)
        painter = QPainter(strip)
        by_pen: dict[int, tuple] = {}  # one pen per tick level: draw each level's lines in one call
        for (pen, _, _), position in zip(self._grid_lines, positions):
            offset = position - start
            line = QLineF(offset, 0, offset, depth) if vertical else QLineF(0, offset, depth, offset)
            by_pen.setdefault(id(pen), (pen, []))[1].append(line)
        for pen, lines in by_pen.values():
            painter.setPen(pen)
            painter.drawLines(lines)
        painter.end()
        target = QRectF(start, first, length, across) if vertical else QRectF(first, start, across, length)
        p.save()
        p.setWorldTransform(QTransform() if transform == p.worldTransform() else transform.inverted()[0] * p.worldTransform())
        p.drawTiledPixmap(target, QPixmap.fromImage(strip))  # one device unit is one pixel now
        p.restore()
