"""Cell styles, number formats and the cell writer that keeps imported text from becoming a formula."""

from __future__ import annotations

SHARE_FORMAT = '0.00"%"'
MONEY_FORMAT = "#,##0"
YEAR_FORMAT = "0"
FRACTION_FORMAT = "0.000"
DECIMAL_FORMAT = "#,##0.000"

# Text starting with these is read as a formula (or DDE) by spreadsheet programs.
_FORMULA_LEADS = ("=", "+", "-", "@")

_INPUT_FILL = "FFF2CC"
_VALUE_FILL = "EDEDED"
_HEADER_FILL = "DCE6F1"
_INPUT_FONT = "1F4E9A"
_NOTE_FONT = "595959"

_NUMBER_FORMATS = {"share": SHARE_FORMAT, "money": MONEY_FORMAT, "year": YEAR_FORMAT, "fraction": FRACTION_FORMAT, "decimal": DECIMAL_FORMAT, "text": "General"}


def register_styles(wb) -> None:
    """Add the workbook's named styles once, so each cell takes a style by name (fast, and tidy in Excel's style list)."""
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side

    thin = Side(style="thin", color="BFBFBF")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    styles = [
        NamedStyle("dp title", font=Font(bold=True, size=14)),
        NamedStyle("dp note", font=Font(italic=True, color=_NOTE_FONT)),
        NamedStyle("dp section", font=Font(bold=True, size=12)),
        NamedStyle(
            "dp header",
            font=Font(bold=True),
            fill=PatternFill("solid", fgColor=_HEADER_FILL),
            border=Border(bottom=Side(style="thin", color="808080")),
            alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
        ),
        NamedStyle("dp label", font=Font()),
        NamedStyle("dp wrap", alignment=Alignment(wrap_text=True, vertical="top")),
    ]
    for kind, fmt in _NUMBER_FORMATS.items():
        styles.append(
            NamedStyle(f"dp input {kind}", number_format=fmt, font=Font(color=_INPUT_FONT, bold=True), fill=PatternFill("solid", fgColor=_INPUT_FILL), border=box)
        )
        styles.append(NamedStyle(f"dp calc {kind}", number_format=fmt))
        styles.append(NamedStyle(f"dp value {kind}", number_format=fmt, font=Font(italic=True), fill=PatternFill("solid", fgColor=_VALUE_FILL)))
        styles.append(NamedStyle(f"dp total {kind}", number_format=fmt, font=Font(bold=True), border=Border(top=Side(style="thin", color="808080"))))
    for style in styles:
        wb.add_named_style(style)


def shown_width(value, kind: str) -> int:
    """How many characters a value takes on screen in its number format."""
    if value is None:
        return 0
    if isinstance(value, str):
        return len(value)
    if kind == "share":
        return len(f"{value:.2f}%")
    if kind == "money":
        return len(f"{value:,.0f}")
    if kind == "fraction":
        return len(f"{value:.3f}")
    if kind == "decimal":
        return len(f"{value:,.3f}")
    return len(str(value))


class SheetWriter:
    """Writes cells of one worksheet and remembers the widest content of each column.

    A cell is made with its named style's style array directly: `cell.style = name` would look the name
    up in a list of every named style and copy the array for each of the workbook's ~30,000 cells.
    """

    def __init__(self, ws):
        from openpyxl.cell.cell import Cell

        self.ws = ws
        self._new_cell = Cell
        self._widths: dict[int, int] = {}
        self._cells = ws._cells  # openpyxl keeps a worksheet's cells in a dict by (row, column)
        self._styles = {style.name: style.as_tuple() for style in ws.parent._named_styles}

    def _cell(self, row: int, col: int, style: str):
        cell = self._cells.get((row, col))
        if cell is None:
            cell = self._new_cell(self.ws, row=row, column=col, style_array=self._styles[style])  # the array is copied
            self._cells[(row, col)] = cell
            if row > self.ws._current_row:
                self.ws._current_row = row
        else:
            cell.style = style
        return cell

    def put(self, row: int, col: int, value, style: str, shown=None, kind: str = "text"):
        """Write a number, bool or formula; `shown` is the value a formula will display (for column widths)."""
        cell = self._cell(row, col, style)
        if value is not None:
            cell.value = value
        if shown is None and isinstance(value, str):
            return cell  # a formula's text says nothing about what it displays
        self._note_width(col, shown if shown is not None else value, kind)
        return cell

    def text(self, row: int, col: int, text: str, style: str = "dp label", fit: bool = True):
        """Write text that may come from an imported file: it stays text even when it looks like a formula."""
        cell = self._cell(row, col, style)
        cell.value = text
        cell.data_type = "s"
        if text.startswith(_FORMULA_LEADS):
            cell.quotePrefix = True  # after the named style, which would reset it
        if fit:
            self._note_width(col, text, "text")
        return cell

    def _note_width(self, col: int, value, kind: str) -> None:
        if isinstance(value, bool):
            value = "FALSE"
        width = shown_width(value, kind)
        if width > self._widths.get(col, 0):
            self._widths[col] = width

    def fit_columns(self, minimum: int = 6, maximum: int = 60) -> None:
        """Widen columns to their content plus room for a larger figure after an edit, so nothing shows ###."""
        from openpyxl.utils import get_column_letter

        for col, width in self._widths.items():
            self.ws.column_dimensions[get_column_letter(col)].width = max(minimum, min(maximum, width * 1.15 + 3))


# A4 landscape less half-inch side margins, in pixels at 96 dpi, and Excel's pixels per character of column width.
PRINTABLE_WIDTH_PX = 1026
_PX_PER_CHAR, _CELL_PADDING_PX = 7, 5
MIN_PRINT_SCALE_PCT = 70  # below this a page is too small to read: the sheet is split over pages instead
SPLIT_PRINT_SCALE_PCT = 80


def printed_width_px(ws) -> int:
    """The sheet's used columns' width at 100% (Excel's default 8.43 characters where none is set)."""
    from openpyxl.utils import get_column_letter

    total = 0
    for col in range(1, (ws.max_column or 1) + 1):
        dimension = ws.column_dimensions.get(get_column_letter(col))
        if dimension is not None and dimension.hidden:
            continue
        width = dimension.width if dimension is not None and dimension.width else 8.43
        total += int(width * _PX_PER_CHAR + _CELL_PADDING_PX)
    return total


def print_scale_pct(ws) -> int:
    """The scale at which the sheet's width fits one A4 landscape page."""
    return int(PRINTABLE_WIDTH_PX * 100 / max(1, printed_width_px(ws)))


def print_landscape(ws, title_rows: str | None = None, title_cols: str | None = None) -> None:
    """Landscape A4 that reads on paper: one page wide when that keeps 70% scale or more; otherwise at 80%,
    split over pages across and down with the header rows and label columns repeated on each."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    if print_scale_pct(ws) >= MIN_PRINT_SCALE_PCT:
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    else:
        ws.sheet_properties.pageSetUpPr.fitToPage = False
        ws.page_setup.scale = SPLIT_PRINT_SCALE_PCT
        ws.page_setup.pageOrder = "overThenDown"  # a block of years for every ally, then the next block
    if title_rows:
        ws.print_title_rows = title_rows
    if title_cols:
        ws.print_title_cols = title_cols
