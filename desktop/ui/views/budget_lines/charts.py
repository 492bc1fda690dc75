"""One ally's budget lines stacked against its extra year by year, and its spending composition against NATO's 20% guideline."""

from __future__ import annotations

import numpy as np

import pyqtgraph as pg

from ....core.budget_lines import BudgetPlan
from ....core.composition import COMPONENT_TITLES, COMPONENTS, EQUIPMENT_GUIDELINE_PCT, Composition
from ....core.projection import Result
from ...formatting import money_text, share_text
from ...plots.chart import Chart
from ...plots.theme import PlotColours, series_colour

BAR_WIDTH = 0.7
UNFUNDED_ALPHA = 90  # the part of a line past the extra: the line's colour, faded


def short_label(label: str, limit: int = 32) -> str:
    """A legend entry: the line's name without its bracketed detail, cut to `limit` characters."""
    name = label.split(" (")[0]
    return name if len(name) <= limit else name[: limit - 1] + "…"


class LinesChart(Chart):
    """Top: each core line a stacked bar segment per year (faded where unfunded), the extra as a stepped line.
    Bottom: equipment and the other components as shares of total spending, with NATO's 20% line."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.lines_plot = self.add_plot(0, "", "", "NATO year")
        self.shares_plot = self.add_plot(0, "", "% of defence spending", "NATO year", col=1)  # side by side: the tables are above
        self.lines_plot.addLegend(offset=(5, 5), colCount=3, labelTextSize="7pt", verSpacing=-6)
        self.shares_plot.addLegend(offset=(-5, 5), colCount=4, labelTextSize="7pt", verSpacing=-6)
        self.guideline = pg.InfiniteLine(pos=EQUIPMENT_GUIDELINE_PCT, angle=0, movable=False,
                                         label=f"NATO guideline {EQUIPMENT_GUIDELINE_PCT:g}% equipment",
                                         labelOpts={"position": 0.15, "anchors": [(0, 1), (0, 1)]})
        self.shares_plot.addItem(self.guideline)
        self.bars: list[pg.BarGraphItem] = []
        self.extra_curve: pg.PlotDataItem | None = None
        self.share_curves: dict[str, pg.PlotDataItem] = {}
        self._result: Result | None = None
        self._iso3 = ""
        self._segments: list[tuple[str, np.ndarray, np.ndarray]] = []  # (label, funded, unfunded) per line
        self._extra = np.zeros(0)
        self._shares: Composition | None = None
        self._layout: tuple | None = None  # (ally, line labels, share components, years) the items are drawn for
        self.apply_theme()

    def show_ally(self, result: Result, plan: BudgetPlan, shares: dict, iso3: str) -> None:
        """Draw one ally's lines and shares. The same ally with the same lines (every edit of a figure) moves the
        items already drawn; another ally or another set of lines builds them afresh, legends included."""
        self._result, self._iso3 = result, iso3
        ally = result.dataset.ally(iso3)
        years = result.years.astype(float)
        headroom = plan.allies[iso3]
        self._extra = headroom.extra_nc
        self._segments = []
        for p in plan.lines_of(iso3):
            if not p.counts or p.line.category == "defence_related":
                continue
            funded, unfunded = np.zeros(len(years)), np.zeros(len(years))
            for y, amount_nc, gap, amount in zip(p.years, p.amounts_nc, p.unfunded_m, p.amounts):
                k = result.year_index(y)
                share_unfunded = gap / amount if amount else 0.0
                unfunded[k] = amount_nc * share_unfunded
                funded[k] = amount_nc - unfunded[k]
            self._segments.append((p.line.label, funded, unfunded))
        self._shares = shares[iso3]
        share_values = {c: self._shares.pct[c] for c in COMPONENTS if not np.all(np.isnan(self._shares.pct[c]))}
        layout = (iso3, tuple(label for label, _, _ in self._segments), tuple(share_values), len(years))
        moved = layout == self._layout
        if moved:
            self._move_items(years, share_values)
        else:
            self._build_items(years, share_values)
            self._layout = layout
        self.set_title(self.lines_plot, f"Lines against the extra, {ally.currency} m (faded: unfunded)")
        base = self._shares.base_pct["equipment"]
        note = f"2025e equipment {share_text(base)}" if base is not None else "no 2025e equipment share"
        self.set_title(self.shares_plot, f"Shares of spending after the lines ({note})")
        self.shares_plot.setYRange(0, max(60.0, float(np.nanmax([np.nanmax(v) for v in self._shares.pct.values()] + [0]))), padding=0.02)
        if not moved:  # new items, or new years: fit both axes to them
            self.lines_plot.getViewBox().autoRange(padding=0.05)
        # the same items with new figures: the years stay; the amounts hold their range while they fit it
        tops = [bottom + heights for bottom, heights in self._stacks(years)]
        self.steady_range(self.lines_plot, 1, [self._extra, 0.0, *tops], padding=0.05)

    def _stacks(self, years):
        """(bottom, heights) of each bar segment in drawing order: a line's funded part, then its unfunded part."""
        bottom = np.zeros(len(years))
        for _, funded, unfunded in self._segments:
            for heights in (funded, unfunded):
                yield bottom, heights
                bottom = bottom + heights

    def _move_items(self, years, share_values: dict) -> None:
        for bar, (bottom, heights) in zip(self.bars, self._stacks(years)):
            bar.setOpts(x=years, y0=bottom, height=heights)
        self.set_curve(self.extra_curve, years, self._extra)
        for component, values in share_values.items():
            self.set_curve(self.share_curves[component], years, values)

    def _build_items(self, years, share_values: dict) -> None:
        self.lines_plot.clear()
        self.shares_plot.clear()
        for plot in (self.lines_plot, self.shares_plot):
            if plot.legend is not None:
                plot.legend.clear()
        self.shares_plot.addItem(self.guideline)
        self.bars = []
        stacks = self._stacks(years)
        for position, (label, _, _) in enumerate(self._segments):
            colour = series_colour(position)
            faded = pg.mkColor(colour)
            faded.setAlpha(UNFUNDED_ALPHA)
            for brush, name in ((colour, label), (faded, None)):
                bottom, heights = next(stacks)
                bar = pg.BarGraphItem(x=years, y0=bottom, height=heights, width=BAR_WIDTH, brush=brush, pen=pg.mkPen(None),
                                      name=None if name is None else short_label(name))
                self.lines_plot.addItem(bar)
                self.bars.append(bar)
        self.extra_curve = self.add_curve(self.lines_plot, years, self._extra, stepMode=None, name="Extra over the status quo",
                                          pen=pg.mkPen(self.colours.foreground, width=2), symbol="o", symbolSize=5,
                                          symbolBrush=self.colours.foreground)
        self.share_curves = {}
        for component, values in share_values.items():
            n = COMPONENTS.index(component)
            pen = pg.mkPen(series_colour(n), width=3 if component == "equipment" else 1.5)
            self.share_curves[component] = self.add_curve(self.shares_plot, years, values, pen=pen, name=COMPONENT_TITLES[component])
        self.apply_theme()

    def restyle(self, colours: PlotColours) -> None:
        self.guideline.setPen(pg.mkPen("#e15759", width=1.5, style=pg.QtCore.Qt.PenStyle.DashLine))
        self.guideline.label.setColor(colours.foreground)

    def readout_at(self, plot, x: float, y: float) -> str:
        if self._result is None:
            return ""
        year = int(round(x))
        try:
            k = self._result.year_index(year)
        except IndexError:
            return ""
        ally = self._result.dataset.ally(self._iso3)
        period = ally.period_label(year)
        if plot is self.lines_plot:
            parts = [f"{label}: {money_text(f[k] + u[k])}" + (f" ({money_text(u[k])} unfunded)" if u[k] > 0 else "")
                     for label, f, u in self._segments if f[k] + u[k]]
            return f"{ally.name} {period}, {ally.currency} m: extra {money_text(self._extra[k])}; " + ("; ".join(parts) or "no lines")
        if self._shares is None:
            return ""
        shares = ", ".join(f"{COMPONENT_TITLES[c]} {share_text(self._shares.pct[c][k])}" for c in COMPONENTS)
        return f"{ally.name} {period}: {shares}; unallocated {share_text(self._shares.unallocated_pct[k])}"
