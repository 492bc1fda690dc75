"""Two scenarios' share-of-GDP trajectories on one plot: scenario A solid, scenario B dashed, in different colours."""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QPen

import pyqtgraph as pg

from ...core.projection import Result
from ...core.thresholds import THRESHOLDS_PCT
from ..formatting import share_text, threshold_text
from .chart import Chart
from .theme import THRESHOLD_COLOURS, PlotColours, series_colour

AGGREGATES = {"NATO": "NATO", "EUROPE_CANADA": "Europe and Canada"}


def share_series(result: Result, key: str) -> np.ndarray:
    """Share of GDP over the result's years for an ally (ISO code) or an aggregate (a key of AGGREGATES)."""
    if key in AGGREGATES:
        return result.aggregates[key]["share_gdp_pct"]
    return result.share_pct[result.dataset.index(key)]


def pens_of(position: int) -> tuple[QPen, QPen]:
    """Scenario A solid and B dashed, each in its own palette colour, so two close lines stay apart.

    The first plotted line pair takes palette colours 1 and 2, the next 3 and 4, and so on.
    """
    return (pg.mkPen(series_colour(2 * position), width=2.5, style=Qt.PenStyle.SolidLine),
            pg.mkPen(series_colour(2 * position + 1), width=2.5, style=Qt.PenStyle.DashLine))


class CompareChart(Chart):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.plot = self.add_plot(0, "", "% of GDP", "NATO year")
        self.plot.addLegend(offset=(10, 10))
        self.plot.getViewBox().setDefaultPadding(0.08)  # room above the 5% line for its label
        self._a: Result | None = None
        self._b: Result | None = None
        self._keys: list[str] = []
        self._curves: dict[str, tuple[pg.PlotDataItem, pg.PlotDataItem]] = {}
        self._thresholds = [
            pg.InfiniteLine(pos=t, angle=0, movable=False, label=threshold_text(t), labelOpts={"position": 0.99, "anchors": [(1, 1), (1, 1)]})
            for t in THRESHOLDS_PCT
        ]
        for line in self._thresholds:
            self.plot.addItem(line)
        self._year_line = pg.InfiniteLine(angle=90, movable=False, label="", labelOpts={"position": 0.04, "anchors": [(1, 1), (1, 1)]})
        self.plot.addItem(self._year_line, ignoreBounds=True)
        self.apply_theme()

    def curves_of(self, key: str) -> tuple[pg.PlotDataItem, pg.PlotDataItem] | None:
        """The (A, B) lines drawn for an ally or aggregate, or None when it is not shown."""
        return self._curves.get(key)

    def legend_labels(self) -> list[str]:
        return [label.text for _, label in self.plot.legend.items]

    def show_results(self, a: Result, b: Result, keys: list[str], year: int) -> None:
        self._a, self._b, self._keys = a, b, list(keys)
        for item in [i for pair in self._curves.values() for i in pair]:
            self.plot.removeItem(item)
        self._curves.clear()
        self.plot.legend.clear()
        names = (f"A: {a.scenario.name}", f"B: {b.scenario.name}")
        self.plot.setTitle("Defence spending, % of GDP — A solid, B dashed", color=self.colours.foreground)
        for position, key in enumerate(self._keys):
            label = AGGREGATES.get(key) or a.dataset.ally(key).name
            pair = []
            for result, name, pen in zip((a, b), names, pens_of(position)):
                item = self.plot.plot(result.years.astype(float), share_series(result, key), connect="finite")
                item.setPen(pen)
                self.plot.legend.addItem(item, f"{label}, {name}")
                pair.append(item)
            self._curves[key] = (pair[0], pair[1])
        self.plot.legend.setLabelTextColor(self.colours.foreground)
        self._year_line.setPos(year)
        self._year_line.label.setFormat(str(year))
        self.plot.setXRange(int(a.years[0]), int(max(a.years[-1], b.years[-1])), padding=0.02)

    def restyle(self, colours: PlotColours) -> None:
        for value, line in zip(THRESHOLDS_PCT, self._thresholds):
            line.setPen(pg.mkPen(THRESHOLD_COLOURS[value], width=1.5, style=Qt.PenStyle.DashDotLine))
            line.label.setColor(THRESHOLD_COLOURS[value])
        self._year_line.setPen(pg.mkPen(colours.foreground, width=1, style=Qt.PenStyle.DotLine))
        self._year_line.label.setColor(colours.foreground)

    def readout_at(self, plot, x: float, y: float) -> str:
        if self._a is None:
            return ""
        year = int(round(x))
        parts = []
        for key in self._keys:
            values = []
            for tag, result in (("A", self._a), ("B", self._b)):
                if result.years[0] <= year <= result.years[-1]:
                    value = float(share_series(result, key)[result.year_index(year)])
                    if not math.isnan(value):
                        values.append(f"{tag} {share_text(value)}")
            if values:
                parts.append(f"{AGGREGATES.get(key) or self._a.dataset.ally(key).name} " + ", ".join(values))
        return f"{year}: " + " · ".join(parts) if parts else ""
