"""The briefing PDF: A4 landscape pages drawn with Qt's own PDF writer; every figure comes from a core function.

Page 1 states the scenario in words with its headline figures, sources and date; then the trajectories,
burden-sharing and gap charts (drawn as vectors), the allies table and the budget lines when there are any.
Each page's footer names the scenario, the page and the data editions. Imported only when a briefing is made.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen, QPicture, QTextDocument
from PySide6.QtWidgets import QApplication, QStyleFactory

from .. import __version__
from ..core.allies_table import MARKS, TableRow, table_rows
from ..core.atomic_write import write_atomically
from ..core.dataset import BASE_YEAR
from ..core.headlines import Headlines, headlines
from ..core.history import share_history
from ..core.merge import budget_lines_against_extra
from ..core.projection import Result
from ..core.reference_gap import pledge_gap_lines
from ..core.scenario_words import describe
from ..core.sources import editions_line, long_date
from .about import APP_NAME
from .formatting import MISSING, is_missing, money_text, share_text, threshold_text

MARGIN_MM = 10
BODY_PT, TABLE_PT, FOOTER_PT, TITLE_PT = 10.5, 8, 7.5, 15
CHART_SIZE = (1060, 600)  # the charts' own layout size in screen pixels, scaled onto the page as vectors
INK, MUTED, RULE, BAND = QColor("#1a1a1a"), QColor("#555555"), QColor("#999999"), QColor("#eef1f5")
DEFAULT_SELECTION = ("GBR", "DEU", "FRA", "POL", "USA")


@dataclass(frozen=True)
class _Column:
    title: str
    width: float  # a share of the table's width
    value: Callable[[object], str]
    right: bool = True


def _marks(row: TableRow) -> str:
    return f" {row.base_marks}" if row.base_marks else ""


def _allies_columns(year: int) -> tuple[_Column, ...]:
    def money(attr):
        return lambda r: money_text(getattr(r, attr))

    return (
        _Column("Ally", 0.13, lambda r: r.name, right=False),
        _Column("Year", 0.055, lambda r: r.period, right=False),
        _Column(f"% GDP {BASE_YEAR}", 0.07, lambda r: share_text(r.share_base_pct) + ("" if is_missing(r.share_base_pct) else _marks(r))),
        _Column(f"% GDP {year}", 0.065, lambda r: share_text(r.share_target_pct)),
        _Column(f"Highest target met {year}", 0.095,
                lambda r: MISSING if not r.has_figures else threshold_text(r.highest_met_pct) if r.highest_met_pct else "below 2%"),
        _Column(f"{BASE_YEAR},\nUS$ m", 0.075, money("spend_base_usd_m")),
        _Column(f"{year},\nUS$ m", 0.075, money("spend_target_usd_m")),
        _Column(f"Status quo\n{year}, US$ m", 0.095, money("status_quo_usd_m")),
        _Column(f"Extra\n{year}, US$ m", 0.085, money("extra_usd_m")),
        _Column(f"Cum. extra\n{BASE_YEAR}–{year},\nUS$ m", 0.115, money("cumulative_extra_usd_m")),
        _Column(f"{year}, national\ncurrency m", 0.14,
                lambda r: MISSING if is_missing(r.spend_nc_m) else f"{money_text(r.spend_nc_m)} {r.currency}"),
    )


@dataclass(frozen=True)
class _LineRow:
    ally: str
    label: str
    period: str
    amount: str
    extra: str
    share: str
    source: str


def _budget_line_rows(result: Result) -> list[_LineRow]:
    rows = []
    for report in budget_lines_against_extra(result):
        ally = result.dataset.ally(report.line.iso3)
        currency = report.line.currency
        for year, amount, extra, share in zip(report.years, report.amounts, report.extra, report.share_of_extra_pct):
            rows.append(
                _LineRow(
                    ally.name, report.line.label, ally.period_label(year), f"{amount:,.1f} {currency}",
                    MISSING if extra is None else f"{extra:,.0f} {currency}",
                    MISSING if share is None else f"{share:.1f}%",
                    report.line.source,
                )
            )
    return rows


_LINE_COLUMNS = (
    _Column("Ally", 0.12, lambda r: r.ally, right=False),
    _Column("Budget line", 0.25, lambda r: r.label, right=False),
    _Column("Year", 0.07, lambda r: r.period, right=False),
    _Column("Amount, m", 0.12, lambda r: r.amount),
    _Column("Extra under the scenario, m", 0.15, lambda r: r.extra),
    _Column("Share of the extra", 0.09, lambda r: r.share),
    _Column("Source", 0.20, lambda r: r.source, right=False),
)


def _light_palette():
    return QStyleFactory.create("Fusion").standardPalette()  # print is on white, whatever the desktop's theme


class _Pages:
    """The painter over the PDF with the page's content rectangle, fonts, and the footer every page gets."""

    def __init__(self, writer: QPdfWriter, painter: QPainter, footer_left: str, footer_right: str, total: int):
        self.writer, self.painter = writer, painter
        rect = writer.pageLayout().paintRectPixels(writer.resolution())
        self.page = QRectF(0, 0, rect.width(), rect.height())
        self.footer_height = self.mm(7)
        self.content = QRectF(self.page.left(), self.page.top(), self.page.width(), self.page.height() - self.footer_height)
        self._footer = (footer_left, footer_right)
        self.total = total
        self.number = 0

    def mm(self, millimetres: float) -> float:
        return millimetres * self.writer.resolution() / 25.4

    def font(self, points: float, bold: bool = False) -> QFont:
        font = QFont(QApplication.font())
        font.setPointSizeF(points)
        font.setBold(bold)
        return font

    def start(self) -> None:
        if self.number:
            self.writer.newPage()
        self.number += 1
        self._draw_footer()

    def _draw_footer(self) -> None:
        p = self.painter
        top = self.page.bottom() - self.footer_height + self.mm(2)
        p.setPen(QPen(RULE, 1))
        p.drawLine(self.page.left(), top, self.page.right(), top)
        p.setFont(self.font(FOOTER_PT))
        p.setPen(MUTED)
        box = QRectF(self.page.left(), top + self.mm(1), self.page.width(), self.footer_height - self.mm(3))
        left, right = self._footer
        third = box.width() / 3
        p.drawText(QRectF(box.left(), box.top(), third * 1.3, box.height()), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                   QFontMetricsF(p.font()).elidedText(left, Qt.TextElideMode.ElideRight, third * 1.3))
        p.drawText(box, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter, f"Page {self.number} of {self.total}")
        p.drawText(QRectF(box.right() - third * 1.3, box.top(), third * 1.3, box.height()),
                   Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, right)

    def heading(self, text: str, subtitle: str = "") -> float:
        """The page's title (and a muted line under it); returns the y where the page's body starts."""
        p = self.painter
        p.setPen(INK)
        p.setFont(self.font(TITLE_PT, bold=True))
        height = QFontMetricsF(p.font()).height()
        p.drawText(QRectF(self.content.left(), self.content.top(), self.content.width(), height), Qt.AlignmentFlag.AlignLeft, text)
        y = self.content.top() + height + self.mm(1)
        if subtitle:
            p.setFont(self.font(BODY_PT))
            p.setPen(MUTED)
            line = QFontMetricsF(p.font()).height()
            p.drawText(QRectF(self.content.left(), y, self.content.width(), line), Qt.AlignmentFlag.AlignLeft,
                       QFontMetricsF(p.font()).elidedText(subtitle, Qt.TextElideMode.ElideRight, self.content.width()))
            y += line
        return y + self.mm(3)

    def text_document(self, html: str, top: float) -> float:
        doc = QTextDocument()
        doc.documentLayout().setPaintDevice(self.writer)
        doc.setDefaultFont(self.font(BODY_PT))
        doc.setDocumentMargin(0)
        doc.setTextWidth(self.content.width())
        doc.setHtml(html)
        self.painter.save()
        self.painter.translate(self.content.left(), top)
        doc.drawContents(self.painter, QRectF(0, 0, self.content.width(), self.content.bottom() - top))
        self.painter.restore()
        return top + doc.size().height()

    def heading_height(self) -> float:
        return (QFontMetricsF(self.font(TITLE_PT, bold=True), self.writer).height() + self.mm(1)
                + QFontMetricsF(self.font(BODY_PT), self.writer).height() + self.mm(3))

    def table_row_height(self) -> float:
        return QFontMetricsF(self.font(TABLE_PT), self.writer).height() * 1.25

    def table_header_height(self) -> float:
        return QFontMetricsF(self.font(TABLE_PT, bold=True), self.writer).lineSpacing() * 3 + self.mm(1.5)

    def rows_per_page(self, below: float) -> int:
        """How many table rows fit under a heading and a header, leaving `below` for a key."""
        space = self.content.height() - self.heading_height() - self.table_header_height() - below
        return max(1, int(space // self.table_row_height()))

    def table(self, columns: Sequence[_Column], rows: Sequence, top: float, bold_rows=lambda row: False) -> float:
        """Header and rows from `top`; the caller gives no more rows than fit. Returns the y under the table."""
        p = self.painter
        left, width = self.content.left(), self.content.width()
        row_h = self.table_row_height()
        pad = self.mm(1.2)
        xs, x = [], left
        for column in columns:
            xs.append((x, column.width * width))
            x += column.width * width
        header_font = self.font(TABLE_PT, bold=True)
        header_h = self.table_header_height()
        p.setFont(header_font)
        p.setPen(INK)
        for (x, w), column in zip(xs, columns):
            align = (Qt.AlignmentFlag.AlignRight if column.right else Qt.AlignmentFlag.AlignLeft) | Qt.AlignmentFlag.AlignBottom | Qt.TextFlag.TextWordWrap
            p.drawText(QRectF(x + pad, top, w - 2 * pad, header_h - pad), align, column.title)
        y = top + header_h
        p.setPen(QPen(INK, 1.2))
        p.drawLine(left, y, left + width, y)
        for n, row in enumerate(rows):
            bold = bold_rows(row)
            if bold:
                p.setPen(QPen(INK, 1))
                p.drawLine(left, y, left + width, y)
            elif n % 2:
                p.fillRect(QRectF(left, y, width, row_h), BAND)
            p.setFont(self.font(TABLE_PT, bold=bold))
            p.setPen(INK)
            for (x, w), column in zip(xs, columns):
                align = (Qt.AlignmentFlag.AlignRight if column.right else Qt.AlignmentFlag.AlignLeft) | Qt.AlignmentFlag.AlignVCenter
                text = QFontMetricsF(p.font(), self.writer).elidedText(column.value(row), Qt.TextElideMode.ElideRight, w - 2 * pad)
                p.drawText(QRectF(x + pad, y, w - 2 * pad, row_h), align, text)
            y += row_h
        p.setPen(QPen(RULE, 1))
        p.drawLine(left, y, left + width, y)
        return y

    def chart(self, chart, top: float, bottom: float) -> None:
        """The chart's scene scaled into the space left on the page, as vectors, keeping its proportions."""
        space = QRectF(self.content.left(), top, self.content.width(), bottom - top)
        source = QRectF(chart.sceneRect())
        scale = min(space.width() / source.width(), space.height() / source.height())
        target = QRectF(0, 0, source.width() * scale, source.height() * scale)
        target.moveCenter(space.center())
        target.moveTop(space.top())
        chart.scene().render(self.painter, target, source, Qt.AspectRatioMode.KeepAspectRatio)


def _charts(result: Result, status_quo: Result, selected: Sequence[str]):
    """The trajectories, burden-sharing and gap charts of the result, laid out off screen on a light palette."""
    from .plots.burden import BurdenChart
    from .plots.gap import GapChart
    from .plots.trajectories import TrajectoriesChart

    trajectories, burden, gap = TrajectoriesChart(), BurdenChart(), GapChart()
    palette = _light_palette()
    for chart in (trajectories, burden, gap):
        chart.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
        chart.setPalette(palette)
        chart.apply_theme()
        chart.resize(*CHART_SIZE)
        chart.show()
    trajectories.set_selected(list(selected))
    trajectories.show_result(result, share_history(result.dataset, result.scenario))
    burden.show_result(result, status_quo)
    gap.resize(CHART_SIZE[0], 760)  # 31 bars, each label readable
    gap.set_selected(list(selected))
    gap.show_result(result)
    for _ in range(2):  # pyqtgraph settles ranges and axes while painting: paint once so the PDF gets the settled layout
        QApplication.processEvents()
        for chart in (trajectories, burden, gap):
            chart.scene().prepareForPaint()
            chart.grab()
    return trajectories, burden, gap


def _first_page_html(result: Result, figures: Headlines, today: datetime.date) -> str:
    d, s = result.dataset, result.scenario
    year = figures.year
    words = describe(d, s)
    about = f"<p style='color:#555555'>{escape(s.description)}</p>" if s.description and s.description != words else ""
    rows = (
        ("NATO", f"{share_text(figures.nato_share_pct)} of GDP", f"US$ {money_text(figures.nato_spend_usd_m)} m"),
        ("Europe + Canada", f"{share_text(figures.europe_canada_share_pct)} of GDP",
         f"extra US$ {money_text(figures.europe_canada_extra_usd_m)} m"),
        ("United States", f"{share_text(figures.us_share_pct)} of GDP", f"{share_text(figures.us_share_of_nato_pct)} of NATO spending"),
        ("Extra spending, all allies", f"US$ {money_text(figures.extra_usd_m)} m in {year}",
         f"US$ {money_text(figures.cumulative_extra_usd_m)} m in {BASE_YEAR}–{year}"),
    )
    cell = "style='padding:2px 14px 2px 0'"
    head = "".join(f"<tr><td {cell}><b>{escape(a)}</b></td><td {cell}>{escape(b)}</td><td {cell}>{escape(c)}</td></tr>" for a, b, c in rows)
    measures = "".join(
        f"<tr><td {cell}><b>{escape(m.title)}</b></td><td {cell} align='right'>{share_text(m.share_pct)} of GDP</td>"
        f"<td {cell} align='right'>{'already met' if m.already_met else 'extra US$ ' + money_text(m.extra_usd_m) + ' m'}</td>"
        f"<td {cell}>{escape(m.meaning)}</td></tr>"
        for m in figures.measures
    )
    gap_lines = pledge_gap_lines(result, year)
    gap = ("<h3>Gap to the pledge under announced national plans</h3>" + "".join(f"<p>{escape(line)}</p>" for line in gap_lines)) if gap_lines else ""
    sources = "".join(f"<li>{escape(source)}, {escape(edition)}</li>" for source, edition in d.sources())
    own = f"<li>{len(s.overrides)} figures imported or entered by the user (marked u in the tables)</li>" if s.overrides else ""
    return (
        f"<p style='font-size:{BODY_PT + 2}pt'>{escape(words)}.</p>{about}"
        f"<h3>In {year}, the target year</h3><table cellspacing='0'>{head}</table>"
        f"<h3>Equalising the US in {year} (Europe + Canada together)</h3><table cellspacing='0'>{measures}</table>"
        f"{gap}"
        "<h3>How the figures are made</h3>"
        f"<p>Each ally's share of GDP follows the scenario from its {BASE_YEAR} share. The extra is spending under the scenario "
        f"minus spending at the ally's {BASE_YEAR} share of GDP (the status quo), in current US dollars. Group shares are "
        "total spending over total GDP; Iceland, which has no armed forces, is left out as NATO does. "
        "Defence-related spending is reported apart from core spending and the extra. "
        "GDP beyond the IMF's last year grows at that year's nominal rate.</p>"
        f"<h3>Sources</h3><ul>{sources}{own}</ul>"
        f"<p style='color:#555555'>Prepared on {long_date(today)} with {APP_NAME} {escape(__version__)}.</p>"
    )


def briefing_pdf(result: Result, status_quo: Result, today: datetime.date | None = None,
                 selected: Sequence[str] = DEFAULT_SELECTION) -> tuple[bytes, int]:
    """The briefing's bytes and its number of pages. Needs a QApplication (an offscreen one will do)."""
    today = today or datetime.date.today()
    scenario = result.scenario
    year = result.target_year
    figures = headlines(result)
    allies = table_rows(result)
    lines = _budget_line_rows(result)
    trajectories, burden, gap = _charts(result, status_quo, selected)

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    # The page's dots per inch are those of a QPicture: pyqtgraph draws axes through QPictures, which Qt rescales
    # on any device of another resolution (the axes would no longer meet the data).
    writer.setResolution(QPicture().logicalDpiX())
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Landscape,
                                     QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM), QPageLayout.Unit.Millimeter))
    writer.setTitle(f"{scenario.name}: briefing")
    writer.setCreator(f"{APP_NAME} {__version__}")
    painter = QPainter(writer)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pages = _Pages(writer, painter, f"{scenario.name} · {long_date(today)}", editions_line(result.dataset), 0)

    key_h = pages.mm(9)
    rows_per_page = pages.rows_per_page(key_h)
    ally_pages = math.ceil(len(allies) / rows_per_page)
    line_pages = math.ceil(len(lines) / pages.rows_per_page(0))
    pages.total = 4 + ally_pages + line_pages

    pages.start()
    top = pages.heading(scenario.name, f"Briefing · {long_date(today)}")
    pages.text_document(_first_page_html(result, figures, today), top)

    for chart, title, note in (
        (trajectories, "Share of GDP, 2014 to " + str(int(result.years[-1])),
         "Solid: published by NATO; dashed: the scenario. Highlighted: " + ", ".join(result.dataset.ally(i).name for i in selected) + "."),
        (burden, "Burden sharing: the United States against Europe + Canada", "Dotted lines: the status quo (every ally at its 2025 share)."),
        (gap, f"Extra spending each ally needs in {year}",
         "Over the status quo, US$ bn, current prices; largest first. Highlighted: " + ", ".join(selected) + "."),
    ):
        pages.start()
        top = pages.heading(title, f"{scenario.name}. {note}")
        pages.chart(chart, top, pages.content.bottom())

    def total_row(row):
        return row.is_total

    for n in range(ally_pages):
        pages.start()
        part = f" (continued)" if n else ""
        top = pages.heading(f"Allies in {year}{part}", f"{scenario.name}. Years are NATO years shown as each ally's budget year.")
        bottom = pages.table(_allies_columns(year), allies[n * rows_per_page:(n + 1) * rows_per_page], top, total_row)
        painter.setFont(pages.font(FOOTER_PT))
        painter.setPen(MUTED)
        key = "Marks on the 2025 share: " + "; ".join(f"{k} {v}" for k, v in MARKS.items()) + \
              ". NATO total: the 31 allies with defence figures; Europe + Canada: the 30 European allies and Canada."
        painter.drawText(QRectF(pages.content.left(), bottom + pages.mm(1.5), pages.content.width(), key_h),
                         Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap, key)

    for n in range(line_pages):
        pages.start()
        top = pages.heading("Budget lines against the extra" + (" (continued)" if n else ""),
                            f"{scenario.name}. Amounts and the ally's extra spending under the scenario, in the line's currency.")
        per_page = pages.rows_per_page(0)
        pages.table(_LINE_COLUMNS, lines[n * per_page:(n + 1) * per_page], top)

    painter.end()
    for chart in (trajectories, burden, gap):
        chart.close()
        chart.deleteLater()
    buffer.close()
    return bytes(QByteArray(buffer.data())), pages.number


def write_briefing(result: Result, status_quo: Result, path, today: datetime.date | None = None,
                   selected: Sequence[str] = DEFAULT_SELECTION) -> int:
    """Write the briefing PDF to `path` (atomically); returns its number of pages."""
    data, count = briefing_pdf(result, status_quo, today, selected)
    write_atomically(path, data)
    return count
