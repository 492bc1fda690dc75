"""Opening a scenario from whatever the user points at: a .defplan, or a workbook the planner exported.

A spreadsheet that is neither is not refused as "not JSON": it is named as a
spreadsheet, so the window can send it to the import dialog instead.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from ..core.dataset import Dataset
from ..core.scenario import Scenario
from ..core.scenario_file import ScenarioFileError, read_scenario, reading
from .workbook import names as workbook_names
from .reading.file_formats import detect_format
from .reading.import_errors import UnreadableContent

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xlsb", ".xls", ".ods", ".csv", ".tsv", ".txt"}


class SpreadsheetNotScenario(ScenarioFileError):
    """The file is a spreadsheet but not one the planner exported: it should be imported, not opened."""


def _head(path: Path) -> bytes:
    with reading(path), path.open("rb") as handle:
        return handle.read(8)


def _is_planner_workbook(path: Path) -> bool:
    """True when the workbook carries the planner's hidden scenario sheet (checked in the zip, without parsing)."""
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/workbook.xml")
        if info.file_size > 5_000_000:
            return False
        return workbook_names.SCENARIO_JSON.encode("utf-8") in archive.read(info)


def open_scenario(path, dataset: Dataset | None = None) -> Scenario:
    """Read a .defplan or a planner workbook; any other spreadsheet raises SpreadsheetNotScenario."""
    path = Path(path)
    head = _head(path)
    is_workbook = head.startswith(_ZIP_MAGIC) or head.startswith(_OLE_MAGIC)
    if not is_workbook and path.suffix.lower() in _SPREADSHEET_SUFFIXES:
        # An empty or mislabelled "spreadsheet": the importer names what it really is.
        raise SpreadsheetNotScenario(f"{path.name}: is not a planner scenario: import it to see what it holds")
    if not is_workbook:
        return read_scenario(path, dataset)
    from .workbook.reader import PlannerWorkbookError, read_planner_workbook

    try:
        detect_format(path)  # refuses zip bombs, entity tricks and damaged archives before anything parses
        planner = head.startswith(_ZIP_MAGIC) and _is_planner_workbook(path)
    except UnreadableContent as exc:
        raise ScenarioFileError(f"{path.name}: {exc}") from None
    except (KeyError, zipfile.BadZipFile, OSError):
        planner = False
    if not planner:
        raise SpreadsheetNotScenario(
            f"{path.name}: is a spreadsheet, not a planner scenario: import it "
            "(File ▸ Import spreadsheet…, or `defence-planner import`)"
        )
    try:
        return read_planner_workbook(path, dataset)
    except PlannerWorkbookError as exc:
        raise ScenarioFileError(str(exc)) from None
