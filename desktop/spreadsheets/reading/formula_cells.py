"""Formula cells saved without their results (files written by scripts), found by peeking into an .xlsx's XML."""

import html
import posixpath
import re
import zipfile
from pathlib import Path

_CHUNK = 1 << 20
_MAX_CELLS = 1000
_SHEET = re.compile(rb'<sheet\b[^>]*?\bname="([^"]*)"[^>]*?\br:id="([^"]*)"', re.S)
_SHEET_ID_FIRST = re.compile(rb'<sheet\b[^>]*?\br:id="([^"]*)"[^>]*?\bname="([^"]*)"', re.S)
_RELATIONSHIP = re.compile(rb'<Relationship\b[^>]*?\bId="([^"]*)"[^>]*?\bTarget="([^"]*)"', re.S)
_RELATIONSHIP_TARGET_FIRST = re.compile(rb'<Relationship\b[^>]*?\bTarget="([^"]*)"[^>]*?\bId="([^"]*)"', re.S)
_CELL = re.compile(rb'<c\b([^>]*)>(.*?)</c>', re.S)
_REFERENCE = re.compile(rb'\br="([A-Z]+[0-9]+)"')
_VALUE = re.compile(rb"<v>[^<]+</v>|<is>")


def uncomputed_formulas(path: Path, sheets: list[str]) -> dict[str, list[str]]:
    """For each named sheet, the cells (A1 style) whose formula has no saved result."""
    with zipfile.ZipFile(path) as archive:
        members = _sheet_members(archive)
        found = {}
        for sheet in sheets:
            member = members.get(sheet)
            if member is not None and member in archive.namelist():
                cells = _scan(archive, member)
                if cells:
                    found[sheet] = cells
        return found


def _sheet_members(archive: zipfile.ZipFile) -> dict[str, str]:
    workbook = archive.read("xl/workbook.xml")
    relationships = archive.read("xl/_rels/workbook.xml.rels")
    targets = {rid: target for rid, target in _RELATIONSHIP.findall(relationships)}
    targets.update({rid: target for target, rid in _RELATIONSHIP_TARGET_FIRST.findall(relationships)})
    sheets = {rid: name for name, rid in _SHEET.findall(workbook)}
    sheets.update({rid: name for rid, name in _SHEET_ID_FIRST.findall(workbook)})
    members = {}
    for rid, name in sheets.items():
        target = targets.get(rid)
        if target is None:
            continue
        target = target.decode("utf-8", "replace")
        member = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        members[html.unescape(name.decode("utf-8", "replace"))] = member
    return members


def _scan(archive: zipfile.ZipFile, member: str) -> list[str]:
    cells: list[str] = []
    leftover = b""
    with archive.open(member) as part:
        while len(cells) < _MAX_CELLS:
            chunk = part.read(_CHUNK)
            data = leftover + chunk
            end = len(data) if not chunk else data.rfind(b"</row>") + len(b"</row>")
            if end < len(b"</row>") and chunk:
                leftover = data
                continue
            complete, leftover = data[:end], data[end:]
            if b"<f" in complete:
                cells.extend(_formula_cells(complete))
            if not chunk:
                break
    return cells[:_MAX_CELLS]


def _formula_cells(xml: bytes) -> list[str]:
    found = []
    for match in _CELL.finditer(xml):
        inner = match.group(2)
        if b"<f" in inner and not _VALUE.search(inner):
            reference = _REFERENCE.search(match.group(1))
            if reference is not None:
                found.append(reference.group(1).decode("ascii"))
    return found
