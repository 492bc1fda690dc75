"""The Charts sheet: native Excel charts over the live result cells."""

from __future__ import annotations

from ...core.projection import Result
from . import names
from .layout import RESULT_HEADER_ROW, RESULT_TOP, Layout
from .results import burden_rows, extra_report_col
from .style import SheetWriter, print_landscape

_CM_PER_ROW = 0.53  # Excel's default row height (15 pt)


def _line(ws, row: int, first: int, last: int, title: str, color: str, dash: str | None = None, width_pt: float = 2.25):
    from openpyxl.chart import Reference, Series

    series = Series(Reference(ws, min_col=first, max_col=last, min_row=row, max_row=row), title=title)
    series.graphicalProperties.line.solidFill = color
    series.graphicalProperties.line.width = int(width_pt * 12700)
    if dash:
        series.graphicalProperties.line.dashStyle = dash
    series.smooth = False
    return series


def _font(size: int):
    """Axis text at `size` hundredths of a point."""
    from openpyxl.chart.text import RichText
    from openpyxl.drawing.text import CharacterProperties, Paragraph, ParagraphProperties

    props = CharacterProperties(sz=size)
    return RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=props), endParaRPr=props)])


def _show_axes(chart) -> None:
    # openpyxl 3.1 marks axes as deleted unless told otherwise; Excel then draws none.
    chart.x_axis.delete = False
    chart.y_axis.delete = False


def _share_chart(wb, result: Result, layout: Layout):
    from openpyxl.chart import LineChart, Reference

    ws = wb[names.BURDEN]
    rows = burden_rows()
    first, last = 3, 2 + len(layout.years)
    chart = LineChart()
    chart.title = "Core defence spending against the targets, % of GDP"
    chart.y_axis.title = "% of GDP"
    chart.y_axis.numFmt = '0.0"%"'
    chart.x_axis.title = "NATO year"
    for key, title, color, dash in (
        ("share_NATO", "NATO", "1F4E79", None),
        ("share_EUROPE_CANADA", "Europe + Canada", "2E75B6", None),
        ("share_USA", "United States", "C55A11", None),
        ("core_target", "Core target", "C00000", "dash"),
        ("guideline", "2% guideline", "7F7F7F", "sysDot"),
    ):
        if key == "core_target" and result.scenario.target is None:
            continue
        chart.series.append(_line(ws, rows[key], first, last, title, color, dash))
    chart.set_categories(Reference(ws, min_col=first, max_col=last, min_row=RESULT_HEADER_ROW, max_row=RESULT_HEADER_ROW))
    chart.legend.position = "b"
    chart.width, chart.height = 26, 12
    _show_axes(chart)
    return chart


def _extra_chart(wb, result: Result, layout: Layout):
    from openpyxl.chart import BarChart, Reference, Series

    ws = wb[names.EXTRA]
    col = extra_report_col(layout)
    chart = BarChart()
    chart.type = "bar"
    chart.title = f"Extra core spending by ally, US$ m ({result.target_year})"
    series = Series(Reference(ws, min_col=col, max_col=col, min_row=RESULT_TOP, max_row=layout.result_bottom), title="Extra over the status quo")
    series.graphicalProperties.solidFill = "2E75B6"
    chart.series.append(series)
    chart.set_categories(Reference(ws, min_col=1, max_col=1, min_row=RESULT_TOP, max_row=layout.result_bottom))
    chart.y_axis.numFmt = "#,##0"
    chart.y_axis.title = "US$ million"
    chart.x_axis.scaling.orientation = "maxMin"  # first ally at the top, as in the tables
    chart.y_axis.crosses = "max"  # keeps the value axis at the bottom once the categories run top-down
    chart.x_axis.tickLblSkip = 1  # every ally named, not every other one
    chart.x_axis.txPr = _font(800)
    chart.legend = None
    chart.gapWidth = 40
    chart.width, chart.height = 26, 15
    _show_axes(chart)
    return chart


def _split_chart(wb, layout: Layout):
    from openpyxl.chart import BarChart, Reference, Series

    ws = wb[names.BURDEN]
    rows = burden_rows()
    first, last = 3, 2 + len(layout.years)
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.title = "Core spending: United States vs Europe + Canada, US$ m"
    for key, title, color in (("spend_USA", "United States", "C55A11"), ("spend_EUROPE_CANADA", "Europe + Canada", "2E75B6")):
        series = Series(Reference(ws, min_col=first, max_col=last, min_row=rows[key], max_row=rows[key]), title=title)
        series.graphicalProperties.solidFill = color
        chart.series.append(series)
    chart.set_categories(Reference(ws, min_col=first, max_col=last, min_row=RESULT_HEADER_ROW, max_row=RESULT_HEADER_ROW))
    chart.y_axis.numFmt = "#,##0"
    chart.y_axis.title = "US$ million"
    chart.x_axis.title = "NATO year"
    chart.legend.position = "b"
    chart.width, chart.height = 26, 12
    _show_axes(chart)
    return chart


def write_charts(wb, result: Result, layout: Layout) -> None:
    ws = wb[names.CHARTS]
    sw = SheetWriter(ws)
    sw.text(1, 1, f"Charts: {result.scenario.name}", "dp title", fit=False)
    sw.text(2, 1, "The charts follow the result sheets, so they change with the Assumptions.", "dp note", fit=False)
    from openpyxl.worksheet.pagebreak import Break

    row = 4
    for chart in (_share_chart(wb, result, layout), _extra_chart(wb, result, layout), _split_chart(wb, layout)):
        ws.add_chart(chart, f"A{row}")
        row += int(chart.height / _CM_PER_ROW) + 2
        ws.row_breaks.append(Break(id=row - 1))  # one chart per printed page
    print_landscape(ws)
