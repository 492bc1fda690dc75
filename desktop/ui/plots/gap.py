"""The gap: extra spending each ally needs in the target year, as sorted horizontal bars."""

from __future__ import annotations

import numpy as np

import pyqtgraph as pg

from ...core.gap import gap_ranking
from ...core.projection import Result
from ..formatting import money_text
from .chart import Chart
from .theme import PlotColours, series_colour


class GapChart(Chart):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.plot = self.add_plot(0, "", "", "US$ bn")
        self.plot.getAxis("bottom").setScale(0.001)
        self.plot.showGrid(x=True, y=False)
        self._bars = pg.BarGraphItem(x0=[0], y=[0], height=[0.7], width=[0])
        self.plot.addItem(self._bars)
        self._ranking: list[tuple[str, float]] = []
        self._result: Result | None = None
        self._selected: set[str] = set()
        self.apply_theme()

    @property
    def ranking(self) -> list[tuple[str, float]]:
        return list(self._ranking)

    def show_result(self, result: Result) -> None:
        self._result = result
        year = result.target_year
        self._ranking = gap_ranking(result, year)
        self.set_title(self.plot, f"Extra defence spending over the status quo in {year}, {result.scenario.name}")
        n = len(self._ranking)
        self.plot.getAxis("left").set_major_ticks([(n - 1 - rank, iso3) for rank, (iso3, _) in enumerate(self._ranking)])
        self.plot.setYRange(-0.6, n - 0.4, padding=0)
        self._draw_bars()

    def set_selected(self, iso3s) -> None:
        self._selected = set(iso3s)
        if self._result is not None:
            self._draw_bars()

    def restyle(self, colours: PlotColours) -> None:
        if self._result is not None:
            self.plot.setTitle(self.plot.titleLabel.text, color=colours.foreground)
            self._draw_bars()

    def _draw_bars(self) -> None:
        n = len(self._ranking)
        extras = np.array([extra for _, extra in self._ranking], dtype=float)
        base, highlight = series_colour(0), series_colour(1)
        brushes = [pg.mkBrush(highlight if iso3 in self._selected else base) for iso3, _ in self._ranking]
        self._bars.setOpts(x0=np.zeros(n), y=np.arange(n - 1, -1, -1, dtype=float), height=0.7, width=extras, brushes=brushes, pen=pg.mkPen(None))
        if n and extras.any():
            # The bars' own span, straight from the figures: autoRange would move the y range too, and redraw its axis.
            self.steady_range(self.plot, 0, [extras, 0.0], padding=0.02)
        else:
            self.plot.getViewBox().autoRange(items=[self._bars], padding=0.02)
        self.plot.setYRange(-0.6, n - 0.4, padding=0)

    def readout_at(self, plot, x: float, y: float) -> str:
        rank = len(self._ranking) - 1 - int(round(y))
        if not (0 <= rank < len(self._ranking)):
            return ""
        iso3, extra = self._ranking[rank]
        ally = self._result.dataset.ally(iso3)
        return f"{ally.name} ({iso3}): US$ {money_text(extra)} m extra in {ally.period_label(self._result.target_year)}, rank {rank + 1} of {len(self._ranking)}"
