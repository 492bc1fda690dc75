"""The shortfall against the reference in one year: each ally as a horizontal bar, largest shortfall on top."""

from __future__ import annotations

import numpy as np

import pyqtgraph as pg

from ....core.reference_gap import ReferenceGap, shortfall_ranking
from ...formatting import money_text
from ...plots.chart import Chart
from ...plots.theme import PlotColours, series_colour


class ShortfallChart(Chart):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.plot = self.add_plot(0, "", "", "US$ bn")
        self.plot.getAxis("bottom").setScale(0.001)
        self.plot.showGrid(x=True, y=False)
        self._bars = pg.BarGraphItem(x0=[0], y=[0], height=[0.7], width=[0])
        self.plot.addItem(self._bars)
        self._zero = pg.InfiniteLine(pos=0, angle=90)
        self.plot.addItem(self._zero)
        self._ranking: list[tuple[str, float]] = []
        self._gap: ReferenceGap | None = None
        self._year = 0
        self.apply_theme()

    @property
    def ranking(self) -> list[tuple[str, float]]:
        return list(self._ranking)

    def show_gap(self, gap: ReferenceGap, year: int) -> None:
        self._gap, self._year = gap, year
        self._ranking = shortfall_ranking(gap, year)
        self.set_title(self.plot, f"Shortfall against {gap.name}, {year}")  # short: a long title widens the plot past its pane
        n = len(self._ranking)
        self.plot.getAxis("left").set_major_ticks([(n - 1 - rank, iso3) for rank, (iso3, _) in enumerate(self._ranking)])
        self._draw_bars()

    def restyle(self, colours: PlotColours) -> None:
        self._zero.setPen(pg.mkPen(colours.foreground, width=1))
        if self._gap is not None:
            self.plot.setTitle(self.plot.titleLabel.text, color=colours.foreground)
            self._draw_bars()

    def _draw_bars(self) -> None:
        n = len(self._ranking)
        values = np.array([v for _, v in self._ranking], dtype=float)
        short, ahead = series_colour(2), series_colour(4)  # red short of the reference, green ahead
        brushes = [pg.mkBrush(short if v > 0 else ahead) for v in values]
        self._bars.setOpts(x0=np.minimum(values, 0.0), y=np.arange(n - 1, -1, -1, dtype=float), height=0.7,
                           width=np.abs(values), brushes=brushes, pen=pg.mkPen(None))
        if n:
            self.steady_range(self.plot, 0, [values, 0.0], padding=0.03)
        self.plot.setYRange(-0.6, n - 0.4, padding=0)

    def readout_at(self, plot, x: float, y: float) -> str:
        rank = len(self._ranking) - 1 - int(round(y))
        if self._gap is None or not (0 <= rank < len(self._ranking)):
            return ""
        iso3, value = self._ranking[rank]
        ally = self._gap.scenario.dataset.ally(iso3)
        words = f"short of {self._gap.name} by US$ {money_text(value)} m" if value > 0 else f"ahead of {self._gap.name} by US$ {money_text(-value)} m"
        return f"{ally.name} ({iso3}) in {ally.period_label(self._year)}: {words}"
