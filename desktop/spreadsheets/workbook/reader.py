"""Reading the planner's own scenario workbook back: the stored scenario with the Assumptions edits applied.

The hidden sheet holds the scenario file's JSON as exported. The Assumptions inputs
win over it: the target block, the per-ally milestones (years, stated shares, amounts with
their currency, definition, base-year amount, what the path follows, source and
confidence; workbooks from before amounts have only years and shares), and the 2025 shares, GDP and
population figures (an edited figure becomes a user-entered override). Inputs left as
exported restore exactly the stored scenario.
"""

from __future__ import annotations

import json
import math
from dataclasses import replace
from pathlib import Path

from ...core.dataset import BASE_YEAR, IMF_LAST, SHARE, Dataset
from ...core.projection import build_inputs
from ...core.scenario import Milestone, Override, Scenario, Target
from ...core.scenario_file import ScenarioFileError, scenario_from_dict
from ...core.financing_mix import Mix
from ...core.validation import figure_fault, growth_band_fault, milestone_fault, mix_fault, rate_fault
from . import names


class PlannerWorkbookError(Exception):
    """A workbook the planner cannot read back as a scenario; the text names the file and the fault."""


def _close(a: float, b: float) -> bool:
    # Excel and LibreOffice store 15-17 significant digits; anything closer than this is the exported value.
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b)) + 1e-12


class _Book:
    """The workbook's defined names resolved to cells, with errors naming the input."""

    def __init__(self, wb, path: Path, dataset: Dataset):
        self.wb = wb
        self.path = path
        self.dataset = dataset

    def fail(self, message: str) -> PlannerWorkbookError:
        return PlannerWorkbookError(f"{self.path}: {message}")

    def cells(self, name: str):
        """Rows of cells of a defined name, or None when the name is gone (then the stored scenario stands)."""
        defined = self.wb.defined_names.get(name)
        if defined is None:
            return None
        try:
            (sheet, ref), = defined.destinations
            cells = self.wb[sheet][ref.replace("$", "")]
        except (ValueError, KeyError):
            raise self.fail(f"the defined name {name} no longer points at cells on the {names.ASSUMPTIONS} sheet") from None
        if not isinstance(cells, tuple):
            return ((cells,),)
        return cells if isinstance(cells[0], tuple) else (cells,)

    def value(self, name: str):
        rows = self.cells(name)
        return None if rows is None else rows[0][0].value

    def number(self, cell, what: str, integer: bool = False):
        v = cell.value
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
            raise self.fail(f"{cell.parent.title}!{cell.coordinate} ({what}) must be a number, not {v!r}")
        if integer:
            if v != int(v):
                raise self.fail(f"{cell.parent.title}!{cell.coordinate} ({what}) must be a whole year, not {v!r}")
            return int(v)
        return float(v)

    def figure(self, cell, iso3: str, indicator: str, year: int, value: float, source: str) -> Override:
        """An edited input as an override, once the validation gate lets it in."""
        fault = figure_fault(self.dataset, iso3, indicator, year, value)
        if fault:
            raise self.fail(f"{cell.parent.title}!{cell.coordinate} ({iso3} {year}): {fault}: correct it in Excel and open the workbook again")
        return Override(iso3, indicator, year, value, source)


def _stored_scenario(wb, path: Path) -> Scenario:
    if names.SCENARIO_JSON not in wb.sheetnames:
        raise PlannerWorkbookError(f"{path}: was not exported by the Defence Spending Planner (it has no '{names.SCENARIO_JSON}' sheet)")
    ws = wb[names.SCENARIO_JSON]
    if ws.cell(row=1, column=1).value != names.JSON_MARKER:
        raise PlannerWorkbookError(f"{path}: the '{names.SCENARIO_JSON}' sheet has been changed and no longer holds a scenario")
    chunks = []
    for (cell,) in ws.iter_rows(min_row=2, min_col=1, max_col=1):
        if cell.value is None:
            break
        chunks.append(str(cell.value))
    try:
        data = json.loads("".join(chunks))
        return scenario_from_dict(data, f"{path}: sheet '{names.SCENARIO_JSON}'")
    except json.JSONDecodeError as exc:
        raise PlannerWorkbookError(f"{path}: the stored scenario is damaged ({exc})") from None
    except ScenarioFileError as exc:
        raise PlannerWorkbookError(str(exc)) from None


def _yes(book: _Book, name: str, label: str) -> bool:
    v = book.value(name)
    if isinstance(v, bool):
        return v
    text = str(v).strip().lower() if v is not None else ""
    if text in ("yes", "true", "1"):
        return True
    if text in ("no", "false", "0"):
        return False
    raise book.fail(f"{names.ASSUMPTIONS}: {label} must be Yes or No, not {v!r}")


def _kept(new: float, old: float | None) -> float:
    return old if old is not None and _close(new, old) else new


def _target(book: _Book, stored: Target | None) -> Target | None:
    if book.cells(names.TARGET_APPLIES) is None:
        return stored
    if not _yes(book, names.TARGET_APPLIES, "Alliance-wide target applies"):
        return None
    cell = lambda name: book.cells(name)[0][0]  # noqa: E731
    old = stored or Target(core_pct=0.0)
    shape = str(book.value(names.PATH_SHAPE) or "").strip().lower()
    scope_label = str(book.value(names.TARGET_SCOPE) or "").strip().lower()
    scopes = {label.lower(): key for key, label in names.SCOPE_LABELS.items()}
    if scope_label not in scopes:
        raise book.fail(f"{names.ASSUMPTIONS}: 'Target applies to' must be one of {', '.join(names.SCOPE_LABELS.values())}, not {book.value(names.TARGET_SCOPE)!r}")
    step = None if book.value(names.STEP_YEAR) in (None, "") else book.number(cell(names.STEP_YEAR), "step year", integer=True)
    try:
        return Target(
            core_pct=_kept(book.number(cell(names.CORE_TARGET), "core target"), stored and old.core_pct),
            related_pct=_kept(book.number(cell(names.RELATED_TARGET), "defence-related target"), stored and old.related_pct),
            target_year=book.number(cell(names.TARGET_YEAR), "target year", integer=True),
            shape=shape,
            step_year=step,
            no_cuts=_yes(book, names.NO_CUTS, "No cuts"),
            scope=scopes[scope_label],
            related_baseline_pct=_kept(book.number(cell(names.RELATED_BASELINE), "defence-related baseline"), stored and old.related_baseline_pct),
        )
    except ValueError as exc:
        raise book.fail(f"{names.ASSUMPTIONS}: {exc}") from None


_MILESTONE_NUMBERS = (("amount_m", names.MILESTONE_AMOUNTS, "amount"), ("national_base_m", names.MILESTONE_BASES, f"national {BASE_YEAR} amount"))
_MILESTONE_TEXTS = (
    ("currency", names.MILESTONE_CURRENCIES, str.upper),
    ("definition", names.MILESTONE_DEFINITIONS, str.lower),
    ("follows", names.MILESTONE_FOLLOWS, str.lower),
    ("source", names.MILESTONE_SOURCES, None),
    ("confidence", names.MILESTONE_CONFIDENCE, None),
)


def _blank(cell) -> bool:
    return cell is None or cell.value is None or (isinstance(cell.value, str) and not cell.value.strip())


def _milestone(book: _Book, iso3: str, m: int, y, s, extra: dict, stored: dict) -> Milestone:
    """One slot's cells as a Milestone, once the validation gate lets it in; blank text cells take Milestone's defaults."""
    what = f"{iso3} milestone {m}"
    year = book.number(y, f"{what} year", integer=True)
    old = stored.get(year)  # the exported milestone of that year: its exact figures survive a spreadsheet's rounding
    fields = {"share_pct": None if _blank(s) else _kept(book.number(s, f"{what} share"), old and old.share_pct)}
    for field, _name, label in _MILESTONE_NUMBERS:
        cell = extra.get(field)
        fields[field] = None if _blank(cell) else _kept(book.number(cell, f"{what} {label}"), old and getattr(old, field))
    for field, _name, normal in _MILESTONE_TEXTS:
        cell = extra.get(field)
        if not _blank(cell):
            text = str(cell.value).strip()
            fields[field] = normal(text) if normal else text
    point = Milestone(year, **fields)
    fault = milestone_fault(book.dataset, iso3, point)
    if fault:
        amount_cell = extra.get("amount_m")
        share_fault = point.share_pct is not None and milestone_fault(book.dataset, iso3, Milestone(year, point.share_pct))
        cell = s if share_fault or point.amount_m is None or amount_cell is None else amount_cell
        raise book.fail(f"{cell.parent.title}!{cell.coordinate} ({what}): {fault}: correct it in Excel and open the workbook again")
    return point


def _milestones(book: _Book, stored: Scenario) -> dict:
    codes, years, shares = (book.cells(n) for n in (names.ALLY_CODES, names.MILESTONE_YEARS, names.MILESTONE_SHARES))
    if codes is None or years is None or shares is None:
        return dict(stored.milestones)
    # Workbooks from before amounts were exported have none of these ranges: their milestones are shares only.
    extras = {field: book.cells(name) for field, name, *_ in _MILESTONE_NUMBERS + _MILESTONE_TEXTS}
    result = dict(stored.milestones)
    for r, ((code,), year_row, share_row) in enumerate(zip(codes, years, shares)):
        iso3 = code.value
        old = {p.year: p for p in stored.milestones.get(iso3, ())}
        points = []
        for m, (y, s) in enumerate(zip(year_row, share_row)):
            extra = {field: rows[r][m] for field, rows in extras.items() if rows is not None}
            if _blank(y) and _blank(s) and _blank(extra.get("amount_m")):
                continue
            points.append(_milestone(book, iso3, m + 1, y, s, extra, old))
        if points:
            result[iso3] = points
        else:
            result.pop(iso3, None)
    return result


def _edited_figures(book: _Book, dataset: Dataset, stored: Scenario) -> list[Override]:
    """Overrides for the 2025 shares, GDP and population inputs that differ from what was exported."""
    inputs = build_inputs(dataset, stored)
    source = f"edited in {book.path.name}"
    edits = []
    shares = book.cells(names.BASE_SHARES)
    for (cell,) in shares or ():
        iso3 = cell.parent.cell(row=cell.row, column=2).value
        try:
            i = dataset.index(iso3)
        except KeyError:
            continue
        if not dataset.allies[i].has_defence_figures:
            continue
        v = book.number(cell, f"{iso3} {BASE_YEAR} share")
        if not _close(v, float(inputs.base_share[i])):
            edits.append(book.figure(cell, iso3, SHARE, BASE_YEAR, v, source))
    series = ((names.GDP_USD, "gdp_usd_bn", inputs.gdp_usd_m, 1000.0), (names.GDP_NC, "gdp_nc_bn", inputs.gdp_nc_m, 1000.0), (names.POPULATION, "population_m", inputs.population_m, 1.0))
    for name, indicator, exported, per_unit in series:
        for row in book.cells(name) or ():
            iso3 = row[0].parent.cell(row=row[0].row, column=2).value
            try:
                i = dataset.index(iso3)
            except KeyError:
                continue
            for j, cell in enumerate(row[: IMF_LAST - BASE_YEAR + 1]):
                v = book.number(cell, f"{iso3} {indicator} {BASE_YEAR + j}")
                if not _close(v, float(exported[i, j])):
                    edits.append(book.figure(cell, iso3, indicator, BASE_YEAR + j, v / per_unit, source))
    return edits


def _financing(book: _Book, stored: Scenario) -> tuple:
    """The financing and growth band with the Assumptions edits: a changed mix or rate becomes the ally's own."""
    from ...core.financing import financing_paths
    from ...core.projection import compute

    financing, band = stored.financing, stored.growth_band_pts
    band_cells = book.cells(names.GROWTH_BAND)
    if band_cells is not None:
        cell = band_cells[0][0]
        value = book.number(cell, "growth band")
        if not _close(value, band):
            fault = growth_band_fault(value)
            if fault:
                raise book.fail(f"{cell.parent.title}!{cell.coordinate}: {fault}: correct it in Excel and open the workbook again")
            band = value
    columns = [book.cells(n) for n in (names.FIN_BORROW, names.FIN_REVENUE, names.FIN_REPRIORITISE, names.FIN_RATE)]
    if any(c is None for c in columns):
        return financing, band
    exported = financing_paths(compute(book.dataset, stored))
    for (borrow,), (revenue,), (reprioritise,), (rate,) in zip(*columns):
        iso3 = borrow.parent.cell(row=borrow.row, column=2).value
        try:
            i = book.dataset.index(iso3)
        except KeyError:
            continue
        if not book.dataset.allies[i].has_defence_figures:
            continue
        where = f"{borrow.parent.title}!{borrow.coordinate}:{rate.coordinate} ({iso3} financing)"
        numbers = [book.number(c, f"{iso3} financing") for c in (borrow, revenue, reprioritise)]
        old = stored.financing.mix_of(iso3)
        mix = Mix(*(_kept(v, old.share(s)) for v, s in zip(numbers, ("borrow", "revenue", "reprioritise"))))
        if mix != old:
            fault = mix_fault(mix)
            if fault:
                raise book.fail(f"{where}: {fault}: correct it in Excel and open the workbook again")
            financing = financing.with_mix(iso3, mix)
        value = book.number(rate, f"{iso3} interest rate")
        if not _close(value, float(exported.rate_pct[i])):
            fault = rate_fault(value)
            if fault:
                raise book.fail(f"{where}: {fault}: correct it in Excel and open the workbook again")
            financing = financing.with_rate(iso3, value)
    return financing, band


def read_planner_workbook(path, dataset: Dataset | None = None) -> Scenario:
    """The scenario a planner workbook holds, with the edits made to its Assumptions inputs."""
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    from ...core.dataset import default_dataset

    path = Path(path)
    try:
        wb = load_workbook(path, data_only=True)
    except FileNotFoundError:
        raise PlannerWorkbookError(f"{path}: no such file") from None
    except OSError as exc:
        raise PlannerWorkbookError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    except (BadZipFile, InvalidFileException, KeyError, ValueError):
        raise PlannerWorkbookError(f"{path}: is not an .xlsx workbook") from None
    stored = _stored_scenario(wb, path)
    dataset = dataset or default_dataset()
    book = _Book(wb, path, dataset)
    edits = _edited_figures(book, dataset, stored)
    edited = {(o.iso3, o.indicator, o.year) for o in edits}
    overrides = tuple(o for o in stored.overrides if (o.iso3, o.indicator, o.year) not in edited) + tuple(edits)
    try:
        financing, band = _financing(book, stored)
        return replace(stored, target=_target(book, stored.target), milestones=_milestones(book, stored), overrides=overrides,
                       financing=financing, growth_band_pts=band)
    except ValueError as exc:
        raise book.fail(f"{names.ASSUMPTIONS}: {exc}") from None
