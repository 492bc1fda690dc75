"""Saving the workbook: openpyxl's writer, with the worksheets' cells serialised as plain text.

Without lxml, openpyxl builds an ElementTree element for every cell and serialises it through
et_xmlfile's pure-Python namespace-aware writer: about 30 µs a cell, most of an export's time.
The cells written here (numbers, booleans, text, formulas) have a fixed shape, so their XML is
formatted directly; it is the same XML openpyxl writes, attribute for attribute. Any other cell
(array formulas, rich text, dates, hyperlinks, comments) and the rest of the package go through
openpyxl unchanged. With lxml installed, openpyxl's own writer is fast and is used as it is.
"""

from __future__ import annotations

import io
from zipfile import ZIP_DEFLATED, ZipFile



def _escaped(text: str) -> str:
    """Text as ElementTree escapes it inside an element."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def workbook_bytes(wb) -> bytes:
    """The workbook as .xlsx bytes, as `wb.save` would write them."""
    import datetime

    from openpyxl import LXML
    from openpyxl.writer.excel import ExcelWriter

    buffer = io.BytesIO()
    if LXML:
        wb.save(buffer)
        return buffer.getvalue()
    archive = ZipFile(buffer, "w", ZIP_DEFLATED, allowZip64=True)
    wb.properties.modified = datetime.datetime.now(tz=datetime.timezone.utc).replace(tzinfo=None)  # as save_workbook does
    _writer_class(ExcelWriter)(wb, archive).save()
    return buffer.getvalue()


def _writer_class(ExcelWriter):
    from openpyxl.cell._writer import write_cell
    from openpyxl.comments.comment_sheet import CommentRecord
    from openpyxl.compat import safe_string
    from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet._writer import WorksheetWriter

    style_ids = {}  # a style array's bytes -> its index in the workbook's cell styles (cell.style_id hashes a tuple twice)

    class SheetXmlWriter(WorksheetWriter):
        def write_rows(self):
            xf = self.xf.send(True)
            raw = getattr(xf, "_file", None)  # et_xmlfile's text sink, inside the open sheetData element
            with xf.element("sheetData"):
                for row_idx, row in self.rows():
                    attrs = {"r": f"{row_idx}"}
                    attrs.update(self.ws.row_dimensions.get(row_idx, {}))
                    with xf.element("row", attrs):
                        texts = []  # a row's cells go out in one write
                        for cell in row:
                            if cell._comment is not None:
                                self.ws._comments.append(CommentRecord.from_cell(cell))
                            styled = cell.has_style
                            if cell._value is None and not styled and not cell._comment:
                                continue
                            text = None if raw is None else _cell_xml(cell, styled)
                            if text is None:
                                if texts:
                                    raw("".join(texts))
                                    texts = []
                                write_cell(xf, self.ws, cell, styled)
                            else:
                                texts.append(text)
                        if texts:
                            raw("".join(texts))
            self.xf.send(None)

    def _cell_xml(cell, styled) -> str | None:
        """The cell's <c> element as openpyxl's etree_write_cell writes it; None for a cell it must write itself."""
        value, kind = cell._value, cell.data_type
        if cell._hyperlink is not None or kind == "d":
            return None
        start = f'<c r="{get_column_letter(cell.column)}{cell.row}"'
        if styled:
            key = cell._style.tobytes()
            style_id = style_ids.get(key)
            if style_id is None:
                style_id = style_ids[key] = cell.style_id
            start += f' s="{style_id}"'
        if kind == "s":
            start += ' t="inlineStr"'
        elif kind != "f":
            start += f' t="{kind}"'
        if value is None or value == "":
            return start + " />"
        if kind == "f":
            if not isinstance(value, str):
                return None  # an ArrayFormula or DataTableFormula
            return f"{start}><f>{_escaped(value[1:])}</f><v /></c>"
        if kind == "s":
            if not isinstance(value, str):
                return None  # rich text
            stripped = value.strip()
            space = ' xml:space="preserve"' if stripped and stripped != value else ""
            return f"{start}><is><t{space}>{_escaped(value)}</t></is></c>"
        number = safe_string(value)
        return f"{start}><v>{_escaped(number)}</v></c>" if number else f"{start}><v /></c>"

    class Writer(ExcelWriter):
        def write_worksheet(self, ws):
            # ExcelWriter.write_worksheet with SheetXmlWriter, into memory rather than a temporary file.
            ws._drawing = SpreadsheetDrawing()
            ws._drawing.charts = ws._charts
            ws._drawing.images = ws._images
            writer = SheetXmlWriter(ws, out=io.BytesIO())
            writer.write()
            ws._rels = writer._rels
            self._archive.writestr(ws.path[1:], writer.read())
            self.manifest.append(ws)

    return Writer
