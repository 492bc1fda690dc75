"""Where each worksheet of an .xlsx lives inside its zip, and a piece of a worksheet's XML as a package of its own.

A piece (the head of a sheet's rows, or a run of them cut at a </row>) goes into a small stored zip
with the workbook's other small parts, closed with CLOSE_PIECE, so that calamine reads it as a sheet.
"""

import io
import posixpath
import zipfile

_RELATIONSHIP_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
SHEET_DATA = b"<sheetData>"
ROW_END = b"</row>"
CLOSE_PIECE = b"</sheetData></worksheet>"
_SHEET_PARTS = ("xl/worksheets/", "xl/chartsheets/", "xl/dialogsheets/", "xl/macrosheets/")


def sheet_members(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> zip member; a name listed twice, or without a target, is left out."""
    from defusedxml.ElementTree import fromstring

    workbook = fromstring(archive.read("xl/workbook.xml"))
    relationships = fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {element.get("Id"): element.get("Target", "") for element in relationships.iter()
               if local_name(element.tag) == "Relationship"}
    members: dict[str, str] = {}
    repeated = set()
    for element in workbook.iter():
        if local_name(element.tag) != "sheet":
            continue
        name, target = element.get("name"), targets.get(element.get(_RELATIONSHIP_ID))
        if name is None or not target:
            continue
        if name in members:
            repeated.add(name)
        absolute = target.startswith("/")
        members[name] = target.lstrip("/") if absolute else posixpath.normpath(posixpath.join("xl", target))
    return {name: member for name, member in members.items() if name not in repeated}


def local_name(tag: str) -> str:
    return tag.rpartition("}")[2]


def shared_part(name: str) -> bool:
    """Parts a piece's package carries: the workbook's small XML parts, not other sheets or media."""
    return name.endswith((".xml", ".rels")) and not name.startswith(_SHEET_PARTS)


def piece_package(shared: list[tuple[str, bytes]], part: str, pieces: tuple) -> io.BytesIO:
    """A stored zip of the `shared` parts and the sheet `part` written from `pieces` (bytes-like, in order)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, data in shared:
            archive.writestr(name, data)
        with archive.open(part, "w", force_zip64=True) as member:
            for piece in pieces:
                member.write(piece)
    buffer.seek(0)  # handed over as it is: a getvalue() copy would add a whole piece to the peak
    return buffer
