"""Exporting a computed scenario: the live Excel model (.xlsx) and the results table (.csv).

The CSV is long format, one row per ally with defence figures and year, columns
ally, iso3, group, year, period (the ally's own label, e.g. 2027/28 for April–March
fiscal years), currency, share_gdp_pct, spend_usd_m, spend_nc_m, status_quo_usd_m,
extra_usd_m, related_pct, related_usd_m; UTF-8 with a byte-order mark, numbers rounded
to 6 decimals (a dollar of a million, a millionth of a point; no 601.7738999999999),
no rows for Iceland (no armed forces, no figures). The workbook keeps full precision.

The workbook stores the scenario file's JSON on a hidden sheet; `read_planner_workbook`
(re-exported here) restores it and applies the edits made to the Assumptions inputs.
"""

from __future__ import annotations

import errno
import json
from pathlib import Path

from ...core.projection import Result
from ...core.atomic_write import write_atomically
from ...core.scenario_file import scenario_to_dict
from . import names
from .reader import PlannerWorkbookError, read_planner_workbook  # noqa: F401  (public API)

_SHEET_ORDER = (
    names.README,
    names.ASSUMPTIONS,
    names.CHARTS,
    names.SHARE,
    names.SPEND_USD,
    names.SPEND_NC,
    names.EXTRA,
    names.RELATED,
    names.BURDEN,
    names.FINANCING,
    names.GAP_TO_REFERENCE,
    names.STATUS_QUO,
    names.HISTORY,
    names.DATA,
)
_JSON_CHUNK = 30000  # below Excel's 32,767-character cell limit


class ExportFailure(Exception):
    """An export that could not be written; the text names the file and the reason in one line."""


def _why(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "its folder does not exist"
    if isinstance(exc, IsADirectoryError):
        return "it is a folder"
    if isinstance(exc, PermissionError):
        return "it is open in another program or the folder is not writable"
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno == errno.EROFS:
        return "the disk is read-only"
    return exc.strerror or str(exc)


def _write(path, payload: bytes) -> None:
    path = Path(path)
    try:
        write_atomically(path, payload)
    except OSError as exc:
        raise ExportFailure(f"{path}: cannot be written: {_why(exc)}") from None


def _write_scenario_json(wb, result: Result) -> None:
    ws = wb.create_sheet(names.SCENARIO_JSON)
    ws.sheet_state = "hidden"
    text = json.dumps(scenario_to_dict(result.scenario), ensure_ascii=False, allow_nan=False)
    ws.cell(row=1, column=1, value=names.JSON_MARKER)
    for k in range(0, max(len(text), 1), _JSON_CHUNK):
        cell = ws.cell(row=2 + k // _JSON_CHUNK, column=1)
        cell.value = text[k : k + _JSON_CHUNK]
        cell.data_type = "s"  # a chunk may begin with '=' and must never turn into a formula


def build_workbook(result: Result, progress=None, reference=None):
    """The scenario as an openpyxl Workbook; progress(fraction) is called as sheets are done.

    `reference` (a Scenario, the Hague 2035 preset when None) is what the gap sheet measures this scenario against.
    """
    from openpyxl import Workbook

    from ... import __version__
    from .data_table import write_data_sheet
    from .financing_sheet import write_financing
    from .charts import write_charts
    from .inputs import write_assumptions
    from .layout import plan_layout
    from .plans import build_gap, follows_announced_points, write_gap, write_national_plans
    from .readme import write_readme
    from .budget_sheets import write_budget_lines, write_composition
    from .results import (
        write_burden,
        write_budget_gap,
        write_extra,
        write_history,
        write_related,
        write_share,
        write_spending,
        write_status_quo,
    )
    from .style import register_styles

    scenario = result.scenario
    wb = Workbook()
    wb.remove(wb.active)
    register_styles(wb)
    plans = follows_announced_points(scenario)
    for title in (_SHEET_ORDER + ((names.BUDGET_LINES, names.GAP) if scenario.budget_lines else ()) + (names.COMPOSITION,)
                  + ((names.NATIONAL_PLANS,) if plans else ())):
        wb.create_sheet(title)
    layout = plan_layout(result.dataset.allies, result.years, max((len(p) for p in scenario.milestones.values()), default=0))
    steps = [
        lambda: write_readme(wb, result),
        lambda: write_assumptions(wb, result, layout),
        lambda: write_share(wb, result, layout),
        lambda: write_spending(wb, result, layout, "usd"),
        lambda: write_spending(wb, result, layout, "nc"),
        lambda: write_status_quo(wb, result, layout),
        lambda: write_extra(wb, result, layout),
        lambda: write_related(wb, result, layout),
        lambda: write_burden(wb, result, layout),
        lambda: write_history(wb, result, layout),
        lambda: write_data_sheet(wb, result, layout),
        lambda: write_charts(wb, result, layout),
        lambda: write_financing(wb, result, layout),  # its inputs go below everything else on Assumptions
        lambda: _write_scenario_json(wb, result),
    ]
    if scenario.budget_lines:
        steps += [lambda: write_budget_lines(wb, result, layout), lambda: write_budget_gap(wb, result)]
    steps.append(lambda: write_composition(wb, result, layout))
    steps.append(lambda: write_gap(wb, build_gap(result, reference), layout))
    if plans:
        steps.append(lambda: write_national_plans(wb, result))
    for k, step in enumerate(steps, start=1):
        step()
        if progress is not None:
            progress(k / (len(steps) + 1))
    wb.properties.title = scenario.name
    wb.properties.creator = f"Defence Spending Planner {__version__}"
    wb.properties.keywords = "defence-planner-scenario"
    wb.active = 0
    return wb


def export_workbook(result: Result, path, progress=None, reference=None) -> None:
    """Write the scenario workbook to `path` (.xlsx) atomically; raises ExportFailure with a one-line reason.

    `reference`: the Scenario the gap sheet compares with (the Hague 2035 preset when None).
    """
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ExportFailure(f"{path}: the planner writes .xlsx workbooks (without macros); choose a name ending in .xlsx")
    if not path.parent.is_dir():
        raise ExportFailure(f"{path}: cannot be written: its folder does not exist")
    from .saving import workbook_bytes

    _write(path, workbook_bytes(build_workbook(result, progress, reference)))
    if progress is not None:
        progress(1.0)


def export_csv(result: Result, path) -> None:
    """Write the long-format results table (see the module docstring) to `path` atomically."""
    from .data_table import csv_bytes

    path = Path(path)
    if not path.parent.is_dir():
        raise ExportFailure(f"{path}: cannot be written: its folder does not exist")
    _write(path, csv_bytes(result))
