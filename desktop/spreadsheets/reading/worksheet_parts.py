"""Where each worksheet of an .xlsx lives inside its zip, from workbook.xml and its relationships."""

import posixpath
import zipfile

_RELATIONSHIP_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


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
