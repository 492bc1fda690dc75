"""Debt with and without the uplift for the selected allies, and the extra interest bill of the aggregates."""

from __future__ import annotations

from PySide6.QtCore import Qt

import pyqtgraph as pg

from ....core.financing import FinancingPaths
from ....core.projection import Result
from ...formatting import money_text, share_text
from ...plots.chart import Chart
from ...plots.theme import PlotColours, series_colour

AGGREGATE_LABELS = {"EUROPE_CANADA": "Europe + Canada", "USA": "United States", "NATO": "NATO total"}


class FinancingChart(Chart):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.debt = self.add_plot(0, "General-government gross debt, % of GDP: with the uplift (solid), without (dotted)", "% of GDP", "NATO year")
        self.interest = self.add_plot(1, "Extra interest bill, US$ bn a year (current prices)", "US$ bn", "NATO year")
        self.interest.setXLink(self.debt)
        self.interest.getAxis("left").setScale(0.001)
        self.debt.addLegend(offset=(10, 10))
        self.interest.addLegend(offset=(10, 10))
        self._interest_curves = {key: self.add_curve(self.interest, name=label) for key, label in AGGREGATE_LABELS.items()}
        self._debt_curves: dict[str, tuple[pg.PlotDataItem, pg.PlotDataItem]] = {}
        self._selected: list[str] = []
        self._result: Result | None = None
        self._paths: FinancingPaths | None = None
        self._legend_of: tuple | None = None  # (dataset, selected allies) the legend and pens were set for
        self.apply_theme()

    def set_selected(self, iso3s: list[str]) -> None:
        self._selected = [i for i in iso3s if i != "ISL"]
        if self._result is not None:
            self._show_debt()

    def show_paths(self, result: Result, paths: FinancingPaths) -> None:
        self._result, self._paths = result, paths
        years = result.years.astype(float)
        for key, curve in self._interest_curves.items():
            self.set_curve(curve, years, paths.aggregates[key]["extra_interest_usd_m"])
        self.steady_range(self.interest, 1, [paths.aggregates[key]["extra_interest_usd_m"] for key in self._interest_curves])
        self._show_debt()
        self.debt.setXRange(years[0], years[-1], padding=0.02)

    def _show_debt(self, restyled: bool = False) -> None:
        """New figures move the curves; the legend and pens are set again only when the allies shown (or the colours) change."""
        for iso3 in [k for k in self._debt_curves if k not in self._selected]:
            for item in self._debt_curves.pop(iso3):
                self.debt.removeItem(item)
        legend = self.debt.legend
        dataset, years = self._result.dataset, self._result.years.astype(float)
        shown = (dataset, tuple(self._selected))
        relabel = restyled or self._legend_of is None or shown[0] is not self._legend_of[0] or shown[1] != self._legend_of[1]
        if relabel:
            legend.clear()
        for position, iso3 in enumerate(self._selected):
            if iso3 not in self._debt_curves:
                self._debt_curves[iso3] = (self.add_curve(self.debt), self.add_curve(self.debt))
            with_uplift, without = self._debt_curves[iso3]
            row = dataset.index(iso3)
            self.set_curve(with_uplift, years, self._paths.debt_pct[row])
            self.set_curve(without, years, self._paths.debt_status_quo_pct[row])
            if relabel:
                colour = series_colour(position)
                with_uplift.setPen(pg.mkPen(colour, width=2.5))
                without.setPen(pg.mkPen(colour, width=1.5, style=Qt.PenStyle.DotLine))
                legend.addItem(with_uplift, dataset.ally(iso3).name)
        rows = [dataset.index(iso3) for iso3 in self._selected]
        self.steady_range(self.debt, 1, [self._paths.debt_pct[rows], self._paths.debt_status_quo_pct[rows]])
        if relabel:
            legend.setLabelTextColor(self.colours.foreground)
            self._legend_of = shown

    def restyle(self, colours: PlotColours) -> None:
        for position, curve in enumerate(self._interest_curves.values()):
            curve.setPen(pg.mkPen(series_colour(position + 6), width=2.5))
        if self._result is not None:
            self._show_debt(restyled=True)

    def readout_at(self, plot, x: float, y: float) -> str:
        if self._result is None:
            return ""
        year = int(round(x))
        result, paths = self._result, self._paths
        if not (int(result.years[0]) <= year <= int(result.years[-1])):
            return ""
        j = result.year_index(year)
        if plot is self.interest:
            parts = [f"{label} US$ {money_text(paths.aggregates[key]['extra_interest_usd_m'][j])} m" for key, label in AGGREGATE_LABELS.items()]
            return f"{year}: extra interest " + " · ".join(parts)
        dataset = result.dataset
        parts = [f"{dataset.ally(i).name} {share_text(float(paths.debt_pct[dataset.index(i), j]))} "
                 f"(without {share_text(float(paths.debt_status_quo_pct[dataset.index(i), j]))})" for i in self._selected]
        return f"{year}: gross debt " + " · ".join(parts)
