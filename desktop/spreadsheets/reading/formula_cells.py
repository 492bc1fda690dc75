"""Formula cells saved without their results (files written by scripts), found by parsing an .xlsx's sheet XML."""

import zipfile
from pathlib import Path

from desktop.spreadsheets.reading.worksheet_parts import local_name, sheet_members

_MAX_CELLS = 1000
_CHUNK = 1 << 20


def uncomputed_formulas(path: Path, sheets: list[str]) -> dict[str, list[str]]:
    """For each named sheet, the cells (A1 style) whose formula has no saved result."""
    with zipfile.ZipFile(path) as archive:
        members = sheet_members(archive)
        found = {}
        for sheet in sheets:
            member = members.get(sheet)
            if member is not None and member in archive.namelist():
                cells = _scan(archive, member)
                if cells:
                    found[sheet] = cells
        return found


def _scan(archive: zipfile.ZipFile, member: str) -> list[str]:
    """Cells holding an <f> but no <v> value nor <is> inline string, in sheet order."""
    if not _has_formulas(archive, member):
        return []
    from defusedxml.ElementTree import iterparse

    cells: list[str] = []
    rows = None
    with archive.open(member) as part:
        for event, element in iterparse(part, events=("start", "end")):
            tag = local_name(element.tag)
            if event == "start":
                if tag == "sheetData":
                    rows = element
                continue
            if tag == "row" and rows is not None:
                rows.clear()  # rows read so far are done with: keep memory flat on big sheets
            elif tag == "c" and _uncomputed(element):
                cells.append(element.get("r"))
                if len(cells) >= _MAX_CELLS:
                    break
    return cells


def _has_formulas(archive: zipfile.ZipFile, member: str) -> bool:
    """Most sheets hold no formula at all: a byte search spares them the XML parse."""
    tail = b""
    with archive.open(member) as part:
        while chunk := part.read(_CHUNK):
            if b"<f" in tail + chunk[:2] or b"<f" in chunk or b":f>" in chunk or b":f " in chunk:
                return True
            tail = chunk[-1:]
    return False


def _uncomputed(cell) -> bool:
    children = {local_name(child.tag): child for child in cell}
    value = children.get("v")
    has_result = "is" in children or (value is not None and bool(value.text))
    return "f" in children and not has_result and bool(cell.get("r"))
