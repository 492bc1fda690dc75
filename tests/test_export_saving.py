"""The workbook's fast save and cell writer: the same file openpyxl's own save and `cell.style = name` give."""

import datetime
import io
import re
import zipfile

import pytest

from desktop.core.presets import preset_scenario
from desktop.core.projection import compute
from desktop.spreadsheets.workbook.export import build_workbook
from desktop.spreadsheets.workbook.saving import workbook_bytes
from desktop.spreadsheets.workbook.style import SheetWriter, register_styles

STYLES = ("dp title", "dp header", "dp input share", "dp calc money", "dp value year", "dp total text", "dp note")


def _parts(payload: bytes) -> dict:
    """Every part of an .xlsx, the creation and save times blanked (the two workbooks are made a moment apart)."""
    with zipfile.ZipFile(io.BytesIO(payload)) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    parts["docProps/core.xml"] = re.sub(rb"<dcterms:(created|modified)[^<]*<", rb"<dcterms:\1<", parts["docProps/core.xml"])
    return parts


def _same_file(make_workbook) -> None:
    stock = io.BytesIO()
    make_workbook().save(stock)
    expected, actual = _parts(stock.getvalue()), _parts(workbook_bytes(make_workbook()))
    assert list(actual) == list(expected)
    differing = [name for name in expected if actual[name] != expected[name]]
    assert differing == []


def _every_kind_of_cell():
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.worksheet.formula import ArrayFormula

    wb = Workbook()
    register_styles(wb)
    ws = wb.active
    sw = SheetWriter(ws)
    sw.text(1, 1, "Ally & partner <NATO> > 2%", "dp header")
    sw.text(1, 2, "  leading and trailing spaces  ", "dp note")
    sw.text(1, 3, "=HYPERLINK(\"http://x.invalid\")", "dp input text")  # stays text, with a quote prefix
    sw.text(1, 4, "", "dp label")
    sw.text(1, 5, "Zürich – Kraków", "dp wrap")
    sw.put(2, 1, 1.0 / 3.0, "dp calc share", kind="share")
    sw.put(2, 2, 1234567, "dp calc money", kind="money")
    sw.put(2, 3, True, "dp calc text")
    sw.put(2, 4, None, "dp total text")  # styled, empty
    sw.put(2, 5, float("nan"), "dp value share")
    sw.put(2, 6, -0.0, "dp value money")
    sw.put(3, 1, '=IF(A2<1,"a&b",B2>2)', "dp calc money", shown=1.0)
    sw.put(3, 2, ArrayFormula("B3", "=MIN(IF(A2:F2>0,A2:F2))"), "dp calc year", shown=2030)
    cell = sw.put(3, 3, "=A2*2", "dp calc share", shown=0.7)
    cell.number_format = '0.00"%";-0.00"%";""'
    ws["D4"] = datetime.date(2030, 1, 1)
    ws["E4"] = "linked"
    ws["E4"].hyperlink = "https://www.nato.int/"
    ws["F4"] = "noted"
    ws["F4"].comment = Comment("a comment", "planner")
    ws["A6"] = "#N/A"  # an error code
    ws.row_dimensions[8].height = 30  # a styled row without cells
    wb.create_sheet("Empty")
    return wb


def test_every_kind_of_cell_saves_as_openpyxl_saves_it():
    _same_file(_every_kind_of_cell)


def test_the_scenario_workbook_saves_as_openpyxl_saves_it(dataset):
    result = compute(dataset, preset_scenario("uk-announcements", dataset))  # budget lines: every sheet there is
    _same_file(lambda: build_workbook(result))


@pytest.mark.parametrize("style", STYLES)
def test_sheet_writer_cells_carry_their_named_style(style):
    from openpyxl import Workbook

    wb = Workbook()
    register_styles(wb)
    ws = wb.active
    sw = SheetWriter(ws)
    written = sw.put(1, 1, 2.5, style)
    sw.put(2, 1, 1.0, "dp title")
    overwritten = sw.put(2, 1, 2.5, style)
    by_name = ws.cell(row=3, column=1, value=2.5)
    by_name.style = style
    for cell in (written, overwritten):
        assert (cell.style, cell.number_format) == (style, by_name.number_format)
        assert cell.style_id == by_name.style_id  # the same font, fill, border, alignment and protection
    hostile = sw.text(4, 1, "=text, not a formula", style)
    assert (hostile.value, hostile.data_type, hostile.style, hostile.quotePrefix) == ("=text, not a formula", "s", style, True)
    assert ws.max_row == 4
