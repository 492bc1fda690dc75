"""The workbook's Financing sheet: LibreOffice recalculates its formulas to the planner's numbers, and edits come back."""

import shutil
from dataclasses import replace

import numpy as np
import pytest

from desktop.core.financing import financing_paths
from desktop.core.financing_mix import Financing, Mix
from desktop.core.growth_band import growth_band
from desktop.core.presets import preset_scenario
from desktop.core.projection import compute
from desktop.core.scenario import Scenario, Target
from desktop.spreadsheets.workbook import names
from desktop.spreadsheets.workbook.export import PlannerWorkbookError, export_workbook, read_planner_workbook
from desktop.spreadsheets.workbook.financing_sheet import block_rows
from desktop.spreadsheets.workbook.layout import plan_layout

from .test_export_recalc import edit_cells, soffice_convert

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
TOLERANCE = 1e-9


def scenarios(dataset) -> dict:
    hague = preset_scenario("hague-2035", dataset)
    mixed = Financing(default_mix=Mix(70.0, 20.0, 10.0), mixes={"ITA": Mix(40.0, 60.0, 0.0)}, rates={"ITA": 5.5}, default_rate_pct=None)
    return {
        "hague": replace(hague, financing=mixed, growth_band_pts=1.5),
        "uk-plan": preset_scenario("uk-plan", dataset),
        "cuts": Scenario("cuts", target=Target(core_pct=1.5, target_year=2030, no_cuts=False), horizon=2045, growth_band_pts=0.0,
                         financing=Financing(default_rate_pct=4.0)),
        "short": replace(hague, horizon=2028),
    }


@pytest.fixture(scope="module")
def recalculated(dataset, tmp_path_factory):
    src, out = tmp_path_factory.mktemp("fin-exports"), tmp_path_factory.mktemp("fin-recalculated")
    results = {}
    for name, scenario in scenarios(dataset).items():
        results[name] = compute(dataset, scenario)
        export_workbook(results[name], src / f"{name}.xlsx")
    edit_cells(src / "hague.xlsx", {names.GROWTH_BAND: 2.5}, src / "edited-band.xlsx")
    results["edited-band"] = compute(dataset, replace(results["hague"].scenario, growth_band_pts=2.5))
    soffice_convert(sorted(src.glob("*.xlsx")), out, tmp_path_factory.mktemp("fin-lo-profile"))
    return {name: (r, out / f"{name}.xlsx", src / f"{name}.xlsx") for name, r in results.items()}


def _close(actual, expected, scale) -> bool:
    return actual is not None and abs(actual - expected) <= TOLERANCE * max(abs(expected), abs(scale), 1.0)


@pytest.mark.parametrize("name", ["hague", "uk-plan", "cuts", "short", "edited-band"])
def test_the_financing_sheet_recalculates_to_the_planner(recalculated, dataset, name):
    import openpyxl

    result, path, _ = recalculated[name]
    paths, band = financing_paths(result), growth_band(result)
    ws = openpyxl.load_workbook(path, data_only=True)[names.FINANCING]
    layout = plan_layout(dataset.allies, result.years, max((len(p) for p in result.scenario.milestones.values()), default=0))
    rows = block_rows(layout)
    expected = {
        "stock": (paths.extra_debt_nc_m, result.spend_nc_m),
        "interest_usd": (paths.extra_interest_usd_m, result.spend_usd_m),
        "debt": (paths.debt_pct, paths.debt_pct),
        "spend_low": (band.low.spend_usd_m, result.spend_usd_m),
        "spend_high": (band.high.spend_usd_m, result.spend_usd_m),
        "extra_low": (band.low.extra_usd_m, result.spend_usd_m),
        "extra_high": (band.high.extra_usd_m, result.spend_usd_m),
    }
    mismatches = []
    for key, (series, scale) in expected.items():
        top = rows[key][1]
        for k, i in enumerate(layout.counted):
            for j in range(len(result.years)):
                actual = ws.cell(row=top + k, column=6 + j).value
                if not _close(actual, float(series[i, j]), float(scale[i, j])):
                    mismatches.append((key, dataset.allies[i].iso3, int(result.years[j]), actual, float(series[i, j])))
    ec_row = rows["interest_usd"][1] + len(layout.counted) + 2
    assert ws.cell(row=ec_row, column=1).value == "Europe + Canada"
    for j in range(len(result.years)):
        actual = ws.cell(row=ec_row, column=6 + j).value
        if not _close(actual, float(paths.aggregates["EUROPE_CANADA"]["extra_interest_usd_m"][j]), 1e6):
            mismatches.append(("EC interest", j, actual))
    assert mismatches == []


@pytest.mark.parametrize("name", ["hague", "cuts", "short"])
def test_no_financing_formula_is_left_blank_or_in_error(recalculated, name):
    import openpyxl

    _, path, source = recalculated[name]
    formulas, values = openpyxl.load_workbook(source)[names.FINANCING], openpyxl.load_workbook(path, data_only=True)[names.FINANCING]
    bad = [c.coordinate for row in formulas.iter_rows() for c in row
           if c.data_type == "f" and (values[c.coordinate].value is None or str(values[c.coordinate].value).startswith(("#", "Err:")))]
    assert bad == []


def test_the_exported_workbook_reads_back_with_its_financing(recalculated):
    result, path, _ = recalculated["hague"]
    assert read_planner_workbook(path) == result.scenario
    result, path, _ = recalculated["edited-band"]
    assert read_planner_workbook(path).growth_band_pts == 2.5


def _mix_row(wb, iso3):
    (sheet, ref), = wb.defined_names[names.FIN_BORROW].destinations
    ws = wb[sheet]
    first = ws[ref.replace("$", "").split(":")[0]].row
    return ws, next(r for r in range(first, first + 40) if ws.cell(row=r, column=2).value == iso3)


def test_edited_mix_and_rate_come_back_through_the_gate(dataset, tmp_path):
    import openpyxl

    result = compute(dataset, preset_scenario("hague-2035", dataset))
    export_workbook(result, tmp_path / "plan.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "plan.xlsx")
    ws, row = _mix_row(wb, "SWE")
    ws.cell(row=row, column=6).value = 40
    ws.cell(row=row, column=7).value = 60
    ws.cell(row=row, column=9).value = 3.75
    wb.save(tmp_path / "edited.xlsx")
    back = read_planner_workbook(tmp_path / "edited.xlsx")
    assert back.financing.mix_of("SWE") == Mix(40.0, 60.0, 0.0)
    assert back.financing.rates == {"SWE": 3.75}
    assert back.financing.mix_of("GBR") == Mix()
    ws.cell(row=row, column=7).value = 50  # 40 + 50 + 0: not 100
    wb.save(tmp_path / "bad.xlsx")
    with pytest.raises(PlannerWorkbookError, match="add up to 90%"):
        read_planner_workbook(tmp_path / "bad.xlsx")
    ws.cell(row=row, column=7).value = 60
    ws.cell(row=row, column=9).value = 80
    wb.save(tmp_path / "bad-rate.xlsx")
    with pytest.raises(PlannerWorkbookError, match="outside 0..60%"):
        read_planner_workbook(tmp_path / "bad-rate.xlsx")
    assert np.isfinite(financing_paths(compute(dataset, back)).debt_pct).all()
