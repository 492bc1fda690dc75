"""Plot colours taken from the widget palette, so charts follow light and dark mode."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QGraphicsItem

import pyqtgraph as pg

# Tableau 10: distinguishable on light and dark backgrounds.
SERIES_COLOURS = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac")
THRESHOLD_COLOURS = {2.0: "#59a14f", 3.5: "#f28e2b", 5.0: "#e15759"}


@dataclass(frozen=True)
class PlotColours:
    background: QColor
    foreground: QColor
    muted: QColor
    grid_alpha: float

    @property
    def is_dark(self) -> bool:
        return self.background.lightness() < 128


def colours_from(palette: QPalette) -> PlotColours:
    background = palette.color(QPalette.ColorRole.Base)
    foreground = palette.color(QPalette.ColorRole.Text)
    muted = QColor(foreground)
    muted.setAlpha(60)
    return PlotColours(background, foreground, muted, 0.25 if background.lightness() < 128 else 0.15)


def series_colour(position: int) -> QColor:
    return QColor(SERIES_COLOURS[position % len(SERIES_COLOURS)])


def style_plot(plot: pg.PlotItem, colours: PlotColours) -> None:
    """Axes, labels and grid in the palette's text colour."""
    for name in ("left", "bottom", "right", "top"):
        axis = plot.getAxis(name)
        axis.setPen(pg.mkPen(colours.foreground))
        axis.setTextPen(pg.mkPen(colours.foreground))
    plot.showGrid(x=True, y=True, alpha=colours.grid_alpha)
    plot.titleLabel.setText(plot.titleLabel.text, color=colours.foreground)
    if plot.legend is not None:
        plot.legend.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)  # see Chart.add_plot
        plot.legend.setLabelTextColor(colours.foreground)
        for _, label in plot.legend.items:
            label.setText(label.text, color=colours.foreground)
        background = QColor(colours.background)
        background.setAlpha(200)
        plot.legend.setBrush(pg.mkBrush(background))
        plot.legend.setPen(pg.mkPen(colours.muted))
