"""Share of GDP per ally over time: published history solid, the scenario's projection dashed."""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import Qt

import pyqtgraph as pg

from ...core.dataset import BASE_YEAR, HISTORY_YEARS, SHARE
from ...core.projection import Result
from ...core.thresholds import THRESHOLDS_PCT
from ..formatting import share_text, threshold_text
from .chart import Chart
from .theme import THRESHOLD_COLOURS, PlotColours, series_colour

_HISTORY_X = np.array(HISTORY_YEARS, dtype=float)


def _joined(years: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every ally's line in one array pair, separated by NaN so `connect="finite"` breaks between them."""
    n = len(rows)
    xs = np.concatenate([np.tile(years, (n, 1)), np.full((n, 1), np.nan)], axis=1).ravel()
    ys = np.concatenate([rows, np.full((n, 1), np.nan)], axis=1).ravel()
    return xs, ys


class TrajectoriesChart(Chart):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.plot = self.add_plot(0, "Defence spending, % of GDP", "% of GDP", "NATO year")
        self.plot.addLegend(offset=(10, 10))
        self._result: Result | None = None
        self._history: np.ndarray | None = None
        self._selected: list[str] = []
        self._highlighted: dict[str, tuple[pg.PlotDataItem, pg.PlotDataItem]] = {}
        self._legend_of: tuple | None = None  # (dataset, selected allies) the legend and pens were set for
        self._history_shown = False  # the highlighted history lines hold self._history
        self._milestones_of: tuple | None = None  # (milestones, selected allies) the diamonds were drawn for
        # Unselected allies are faint context: one item per kind keeps 32 allies cheap to draw.
        self._context_history = self.add_curve(self.plot)
        self._context_projection = self.add_curve(self.plot)
        self._thresholds = [
            pg.InfiniteLine(pos=t, angle=0, movable=False, label=threshold_text(t), labelOpts={"position": 0.99, "anchors": [(1, 1), (1, 1)]})
            for t in THRESHOLDS_PCT
        ]
        for line in self._thresholds:
            self.plot.addItem(line)  # counted in the y range, so every threshold stays in view
        self._target_line = pg.InfiniteLine(angle=90, movable=False, label="target", labelOpts={"position": 0.97, "anchors": [(1, 0), (1, 0)]})
        self.plot.addItem(self._target_line, ignoreBounds=True)
        self._hover_line = pg.InfiniteLine(angle=90, movable=False)
        self._hover_line.setVisible(False)
        self.plot.addItem(self._hover_line, ignoreBounds=True)
        self._milestones = pg.ScatterPlotItem(symbol="d", size=11)
        self.plot.addItem(self._milestones)
        self.apply_theme()

    @property
    def selected(self) -> list[str]:
        return list(self._selected)

    def curve_of(self, iso3: str, projected: bool) -> pg.PlotDataItem | None:
        """The highlighted line of a selected ally; unselected allies share the faint context lines."""
        pair = self._highlighted.get(iso3)
        return None if pair is None else pair[1 if projected else 0]

    def show_result(self, result: Result, history: np.ndarray) -> None:
        self._result = result
        if self._history is None or not np.array_equal(self._history, history, equal_nan=True):
            self._history = history
            self._history_shown = False
            self._context_history.setData(*_joined(_HISTORY_X, history), connect="finite")
        self._context_projection.setData(*_joined(result.years.astype(float), result.share_pct), connect="finite")
        target_year = result.target_year
        self._target_line.setPos(target_year)
        self._target_line.label.setFormat(f"target {target_year}")
        self.set_title(self.plot, f"Defence spending, % of GDP: {result.scenario.name}")
        self.plot.setXRange(HISTORY_YEARS[0], int(result.years[-1]), padding=0.02)
        self._show_highlighted()

    def set_selected(self, iso3s: list[str]) -> None:
        self._selected = list(iso3s)
        if self._result is not None:
            self._show_highlighted()

    def restyle(self, colours: PlotColours) -> None:
        for value, line in zip(THRESHOLDS_PCT, self._thresholds):
            line.setPen(pg.mkPen(THRESHOLD_COLOURS[value], width=1.5, style=Qt.PenStyle.DashDotLine))
            line.label.setColor(THRESHOLD_COLOURS[value])
        self._target_line.setPen(pg.mkPen(colours.foreground, width=1, style=Qt.PenStyle.DotLine))
        self._legend_of = self._milestones_of = None  # pens, legend and diamonds take the new colours
        self._target_line.label.setColor(colours.foreground)
        self._hover_line.setPen(pg.mkPen(colours.muted, width=1))
        self._context_history.setPen(pg.mkPen(colours.muted, width=1))
        self._context_projection.setPen(pg.mkPen(colours.muted, width=1, style=Qt.PenStyle.DashLine))
        if self._result is not None:
            self._show_highlighted()

    def _show_highlighted(self) -> None:
        """Selected allies in colour, on top and in the legend; one pair of lines each.

        An edit moves the projected lines only: the legend, pens and history lines are set again when the allies
        shown, the history or the colours change."""
        dataset, result = self._result.dataset, self._result
        for iso3 in [k for k in self._highlighted if k not in self._selected]:
            for item in self._highlighted.pop(iso3):
                self.plot.removeItem(item)
        legend = self.plot.legend
        shown = (dataset, tuple(self._selected))
        relabel = self._legend_of is None or shown[0] is not self._legend_of[0] or shown[1] != self._legend_of[1]
        if relabel:
            legend.clear()
        years = result.years.astype(float)
        for position, iso3 in enumerate(self._selected):
            if iso3 not in self._highlighted:  # a newly selected ally: `shown` changed, so relabel is set
                self._highlighted[iso3] = (self.add_curve(self.plot), self.add_curve(self.plot))
            history, projection = self._highlighted[iso3]
            row = dataset.index(iso3)
            if relabel or not self._history_shown:
                history.setData(_HISTORY_X, self._history[row], connect="finite")
            projection.setData(years, result.share_pct[row], connect="finite")
            if relabel:
                colour = series_colour(position)
                history.setPen(pg.mkPen(colour, width=2.5))
                projection.setPen(pg.mkPen(colour, width=2.5, style=Qt.PenStyle.DashLine))
                history.setZValue(10)
                projection.setZValue(10)
                legend.addItem(history, dataset.ally(iso3).name)
        if relabel:
            legend.setLabelTextColor(self.colours.foreground)
            self._legend_of = shown
        self._history_shown = True
        self._show_milestones({iso3: n for n, iso3 in enumerate(self._selected)})

    def _show_milestones(self, order: dict) -> None:
        drawn_for = (self._result.scenario.milestones, tuple(order))
        if drawn_for == self._milestones_of:
            return
        self._milestones_of = drawn_for
        spots = []
        for iso3, points in self._result.scenario.milestones.items():
            position = order.get(iso3)
            colour = series_colour(position) if position is not None else self.colours.muted
            for p in points:
                spots.append({"pos": (p.year, p.share_pct), "brush": pg.mkBrush(colour), "pen": pg.mkPen(self.colours.foreground)})
        self._milestones.setData(spots)
        self._milestones.setZValue(20)

    def readout_at(self, plot, x: float, y: float) -> str:
        if self._result is None:
            return ""
        year = int(round(x))
        result = self._result
        if not (HISTORY_YEARS[0] <= year <= int(result.years[-1])):
            self._hover_line.setVisible(False)
            return ""
        self._hover_line.setPos(year)
        self._hover_line.setVisible(True)
        dataset = result.dataset
        shown = self._selected or [a.iso3 for a in dataset.allies]
        parts = []
        entered = {o.iso3: o for o in result.scenario.overrides if o.indicator == SHARE and o.year == year}
        for iso3 in shown:
            row = dataset.index(iso3)
            value = self._history[row, HISTORY_YEARS.index(year)] if year <= BASE_YEAR else result.share_pct[row, result.year_index(year)]
            if not math.isnan(value):
                own = entered.get(iso3) if year <= BASE_YEAR else None
                mark = "" if own is None else f" ({'imported from ' if own.imported else 'user-entered, '}{own.source})"
                parts.append(f"{dataset.ally(iso3).name} {share_text(float(value))}{mark}")
        if year > BASE_YEAR:
            kind = f"projected, {result.scenario.name}"
        else:
            kind = "published" if not any(iso3 in entered for iso3 in shown) else "history"
        return f"{year} ({kind}): " + " · ".join(parts)
