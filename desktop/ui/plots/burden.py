"""Burden sharing over time: US against Europe + Canada spending, and the US share of the NATO total."""

from __future__ import annotations

from PySide6.QtCore import Qt

import pyqtgraph as pg

from ...core.growth_band import growth_band
from ...core.projection import Result
from ..formatting import money_text, share_text
from .chart import Chart
from .theme import PlotColours, series_colour

_US, _EC = 0, 1


class BurdenChart(Chart):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.spending = self.add_plot(0, "Defence spending, US$ bn (current prices)", "US$ bn", "NATO year")
        self.us_share = self.add_plot(1, "US share of NATO defence spending", "%", "NATO year")
        self.us_share.setXLink(self.spending)
        self.spending.getAxis("left").setScale(0.001)
        self.spending.addLegend(offset=(10, 10))
        self.us_share.addLegend(offset=(10, -10))  # bottom left: the share starts high on the left
        self._curves = {
            "us": self.add_curve(self.spending, name="United States"),
            "ec": self.add_curve(self.spending, name="Europe + Canada"),
            "us_sq": self.add_curve(self.spending, name="United States, status quo"),
            "ec_sq": self.add_curve(self.spending, name="Europe + Canada, status quo"),
            "share": self.add_curve(self.us_share, name="Scenario"),
            "share_sq": self.add_curve(self.us_share, name="Status quo"),
        }
        # The growth band: spending on the low and high GDP paths, shaded between.
        self._band_edges = {key: (pg.PlotDataItem(dynamicRangeLimit=None), pg.PlotDataItem(dynamicRangeLimit=None)) for key in ("USA", "EUROPE_CANADA")}
        self._bands = {key: pg.FillBetweenItem(*edges) for key, edges in self._band_edges.items()}
        for band in self._bands.values():
            band.setZValue(-10)
            self.spending.addItem(band)
        self._band_points = 0.0
        self._result: Result | None = None
        self._status_quo: Result | None = None
        self.apply_theme()

    def show_result(self, result: Result, status_quo: Result) -> None:
        self._result, self._status_quo = result, status_quo
        years = result.years.astype(float)
        agg, sq = result.aggregates, status_quo.aggregates
        self.set_curve(self._curves["us"], years, agg["USA"]["spend_usd_m"])
        self.set_curve(self._curves["ec"], years, agg["EUROPE_CANADA"]["spend_usd_m"])
        self.set_curve(self._curves["us_sq"], years, sq["USA"]["spend_usd_m"])
        self.set_curve(self._curves["ec_sq"], years, sq["EUROPE_CANADA"]["spend_usd_m"])
        self.set_curve(self._curves["share"], years, result.us_share_of_nato)
        self.set_curve(self._curves["share_sq"], years, status_quo.us_share_of_nato)
        band = growth_band(result)
        self._band_points = band.points
        for key, (low, high) in self._band_edges.items():
            self.set_curve(low, years, band.low.aggregates[key]["spend_usd_m"])
            self.set_curve(high, years, band.high.aggregates[key]["spend_usd_m"])
        self.steady_range(self.spending, 1, [curve.yData for key, curve in self._curves.items() if key not in ("share", "share_sq")]
                          + [edge.yData for edges in self._band_edges.values() for edge in edges])
        self.steady_range(self.us_share, 1, [self._curves["share"].yData, self._curves["share_sq"].yData])
        self.spending.setXRange(years[0], years[-1], padding=0.02)
        self.set_title(self.spending, f"Defence spending, US$ bn (current prices): {result.scenario.name}")

    def restyle(self, colours: PlotColours) -> None:
        us, ec = series_colour(_US), series_colour(_EC)
        self._curves["us"].setPen(pg.mkPen(us, width=2.5))
        self._curves["ec"].setPen(pg.mkPen(ec, width=2.5))
        self._curves["us_sq"].setPen(pg.mkPen(us, width=1.5, style=Qt.PenStyle.DotLine))
        self._curves["ec_sq"].setPen(pg.mkPen(ec, width=1.5, style=Qt.PenStyle.DotLine))
        self._curves["share"].setPen(pg.mkPen(us, width=2.5))
        self._curves["share_sq"].setPen(pg.mkPen(us, width=1.5, style=Qt.PenStyle.DotLine))
        for key, colour in (("USA", us), ("EUROPE_CANADA", ec)):
            shade = pg.mkColor(colour)
            shade.setAlpha(50)
            self._bands[key].setBrush(pg.mkBrush(shade))
            self._bands[key].setPen(pg.mkPen(None))

    def band_of(self, aggregate: str) -> tuple:
        """The low and high spending paths (US$ m) shaded around the aggregate's line."""
        low, high = self._band_edges[aggregate]
        return low.getData()[1], high.getData()[1]

    def readout_at(self, plot, x: float, y: float) -> str:
        if self._result is None:
            return ""
        year = int(round(x))
        result, sq = self._result, self._status_quo
        if not (int(result.years[0]) <= year <= int(result.years[-1])):
            return ""
        i = result.year_index(year)
        agg = result.aggregates
        return (
            f"{year}: United States US$ {money_text(agg['USA']['spend_usd_m'][i])} m · "
            f"Europe + Canada US$ {money_text(agg['EUROPE_CANADA']['spend_usd_m'][i])} m "
            f"(growth band ±{self._band_points:g} pt: US$ {money_text(self.band_of('EUROPE_CANADA')[0][i])}–"
            f"{money_text(self.band_of('EUROPE_CANADA')[1][i])} m) · "
            f"US share of NATO {share_text(float(result.us_share_of_nato[i]))} "
            f"(status quo {share_text(float(sq.us_share_of_nato[i]))})"
        )
