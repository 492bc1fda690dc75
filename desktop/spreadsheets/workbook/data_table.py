"""The tidy results table, one row per ally and year: the CSV export and the workbook's Data sheet."""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass

from ...core.projection import Result
from . import names
from .layout import RESULT_TOP, Layout, col_letter, group_of
from .results import related_usd_top
from .style import SheetWriter, print_landscape


@dataclass(frozen=True)
class Column:
    key: str  # CSV header
    title: str  # Data sheet header
    kind: str  # number format kind
    sheet: str | None = None  # the wide sheet a Data cell refers to, for live columns


COLUMNS = (
    Column("ally", "Ally", "text"),
    Column("iso3", "ISO3", "text"),
    Column("group", "Group", "text"),
    Column("year", "Year", "year"),
    Column("period", "Period", "text"),
    Column("currency", "Currency", "text"),
    Column("share_gdp_pct", "Core share (% of GDP)", "share", names.SHARE),
    Column("spend_usd_m", "Spending (US$ m)", "money", names.SPEND_USD),
    Column("spend_nc_m", "Spending (national currency m)", "money", names.SPEND_NC),
    Column("status_quo_usd_m", "Status quo (US$ m)", "money", names.STATUS_QUO),
    Column("extra_usd_m", "Extra over status quo (US$ m)", "money", names.EXTRA),
    Column("related_pct", "Defence-related share (% of GDP)", "share", names.RELATED),
    Column("related_usd_m", "Defence-related (US$ m)", "money", names.RELATED),
)

_SERIES = {
    "share_gdp_pct": "share_pct",
    "spend_usd_m": "spend_usd_m",
    "spend_nc_m": "spend_nc_m",
    "status_quo_usd_m": "status_quo_usd_m",
    "extra_usd_m": "extra_usd_m",
    "related_pct": "related_pct",
    "related_usd_m": "related_usd_m",
}


def table_rows(result: Result):
    """(ally index, year index, {column key: value}) for every ally with defence figures and every year."""
    for i, ally in enumerate(result.dataset.allies):
        if not ally.has_defence_figures:
            continue
        for j, year in enumerate(int(y) for y in result.years):
            row = {"ally": ally.name, "iso3": ally.iso3, "group": group_of(ally), "year": year, "period": ally.period_label(year), "currency": ally.currency}
            for key, attr in _SERIES.items():
                row[key] = float(getattr(result, attr)[i, j])
            yield i, j, row


CSV_DECIMALS = 6  # money in millions to the dollar, shares to a millionth of a point


def csv_cell(value) -> object:
    """A CSV cell: a float rounded to CSV_DECIMALS in its shortest form (601.7739, not 601.7738999999999), blank for NaN."""
    if not isinstance(value, float):
        return value
    if math.isnan(value):
        return ""
    return repr(round(value, CSV_DECIMALS) + 0.0)  # + 0.0 turns -0.0 into 0.0


def csv_bytes(result: Result) -> bytes:
    """UTF-8 with a byte-order mark, so Excel shows accented ally names right; numbers without floating-point noise."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.key for c in COLUMNS])
    for _, _, row in table_rows(result):
        writer.writerow([csv_cell(row[c.key]) for c in COLUMNS])
    return out.getvalue().encode("utf-8-sig")


def write_data_sheet(wb, result: Result, layout: Layout) -> None:
    """The table as an Excel table whose numbers are references to the wide sheets, so it recalculates too."""
    from openpyxl.worksheet.table import Table, TableStyleInfo

    ws = wb[names.DATA]
    sw = SheetWriter(ws)
    for c, column in enumerate(COLUMNS, start=1):
        sw.text(1, c, column.title, "dp header")
    result_row = {i: RESULT_TOP + k for k, i in enumerate(layout.counted)}
    related_top = related_usd_top(layout)
    row = 1
    for i, j, values in table_rows(result):
        row += 1
        letter = layout.year_letter(j)
        for c, column in enumerate(COLUMNS, start=1):
            value = values[column.key]
            if column.sheet is None:
                if column.kind == "text":
                    sw.text(row, c, value)
                else:
                    sw.put(row, c, value, f"dp calc {column.kind}", kind=column.kind)
                continue
            source_row = result_row[i]
            if column.key == "related_usd_m":
                source_row = related_top + (source_row - RESULT_TOP)
            sw.put(row, c, f"='{column.sheet}'!{letter}{source_row}", f"dp calc {column.kind}", shown=value, kind=column.kind)
    table = Table(displayName="ScenarioResults", ref=f"A1:{col_letter(len(COLUMNS))}{row}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    ws.add_table(table)
    sw.fit_columns()
    ws.freeze_panes = "C2"
    print_landscape(ws, title_rows="1:1", title_cols="A:B")
