"""The exported workbook is a live model: LibreOffice recalculates it to compute()'s numbers, also after an edit."""

import math
import shutil
import subprocess
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pytest

from desktop.core.presets import preset_scenario
from desktop.core.projection import compute
from desktop.core.reference_gap import first_years_reaching, gap_to_reference, reference_on_same_years
from desktop.core.scenario import Override, Scenario, Target
from desktop.spreadsheets.workbook import names
from desktop.spreadsheets.workbook.export import export_workbook, read_planner_workbook
from desktop.spreadsheets.workbook.results import burden_rows

from .test_export_plans import cash_scenario, slot_cell

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; .ci/run installs libreoffice-calc-nogui")

TOLERANCE = 1e-9
EDITED_CORE, EDITED_YEAR = 4.25, 2033
EDITED_GDP = ("DEU", 2030, 6_100_000.0)  # US$ million, against the IMF's ~5.4 trillion
EDITED_AMOUNT = ("FRA", 0, 70_000.0)  # national-plans: France's 2027 budget, EUR million, against the announced 64,000


def step_scenario() -> Scenario:
    return Scenario(
        name="Step to 3% in 2029, cuts allowed",
        target=Target(core_pct=3.0, related_pct=1.0, target_year=2032, shape="step", step_year=2029, no_cuts=False, related_baseline_pct=0.5),
        milestones={"POL": [(2027, 4.8), (2030, 5.0), (2033, 4.7), (2036, 5.2)], "DEU": [(2029, 3.5)]},
        horizon=2045,
        overrides=(Override("FRA", "gdp_usd_bn", 2030, 3900.0, "test figure"),),
    )


def scenarios(dataset) -> dict:
    hague = preset_scenario("hague-2035", dataset)
    return {
        "hague-2035": hague,
        "uk-plan": preset_scenario("uk-plan", dataset),
        "equalise-us": preset_scenario("equalise-us", dataset),
        "status-quo": preset_scenario("status-quo", dataset),
        "step": step_scenario(),
        "short-horizon": replace(hague, horizon=2028),
        "national-plans": preset_scenario("national-plans", dataset),
        "cash": cash_scenario(),
        "cash-short": replace(cash_scenario(), horizon=2027),  # amounts past a workbook that ends before the IMF's last year
    }


def soffice_convert(files, outdir: Path, profile: Path, to: str = "xlsx") -> None:
    cmd = [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", to, "--outdir", str(outdir), *map(str, files)]
    subprocess.run(cmd, check=True, capture_output=True, timeout=240)


def edit_cells(path: Path, edits: dict, out: Path) -> None:
    """Change named input cells with openpyxl, as an analyst would in Excel."""
    import openpyxl

    wb = openpyxl.load_workbook(path)
    for name, value in edits.items():
        (sheet, ref), = wb.defined_names[name].destinations
        wb[sheet][ref.replace("$", "")].value = value
    wb.save(out)


def gdp_cell(path: Path, iso3: str, year: int) -> tuple[str, str]:
    import openpyxl

    wb = openpyxl.load_workbook(path)
    (sheet, ref), = wb.defined_names[names.GDP_USD].destinations
    first_row = wb[sheet][ref.replace("$", "").split(":")[0]].row
    ws = wb[sheet]
    row = next(r for r in range(first_row, first_row + 40) if ws.cell(row=r, column=2).value == iso3)
    return sheet, f"{ws.cell(row=row, column=6 + year - 2025).column_letter}{row}"


@dataclass(frozen=True)
class Case:
    result: object  # what compute gives for the workbook's inputs
    path: Path  # the export as LibreOffice recalculated it
    source: Path  # the export as written
    status_quo_usd_m: np.ndarray  # the status quo as exported: fixed values, so an edited GDP leaves it alone

    @property
    def extra_usd_m(self):
        return self.result.spend_usd_m - self.status_quo_usd_m

    def aggregate_extra(self, agg: str):
        mask = {"NATO": self.result.inputs.counted, "EUROPE_CANADA": self.result.inputs.europe_canada, "USA": self.result.inputs.usa}[agg]
        return self.result.aggregates[agg]["spend_usd_m"] - self.status_quo_usd_m[mask].sum(axis=0)


@pytest.fixture(scope="module")
def recalculated(dataset, tmp_path_factory):
    """name -> Case: the expected result beside the export and its LibreOffice recalculation."""
    import openpyxl

    src = tmp_path_factory.mktemp("exports")
    out = tmp_path_factory.mktemp("recalculated")
    expected = {}
    for name, scenario in scenarios(dataset).items():
        expected[name] = compute(dataset, scenario)
        export_workbook(expected[name], src / f"{name}.xlsx")

    hague = scenarios(dataset)["hague-2035"]
    edit_cells(src / "hague-2035.xlsx", {names.CORE_TARGET: EDITED_CORE, names.TARGET_YEAR: EDITED_YEAR}, src / "edited-target.xlsx")
    expected["edited-target"] = compute(dataset, replace(hague, target=replace(hague.target, core_pct=EDITED_CORE, target_year=EDITED_YEAR)))

    iso3, year, value = EDITED_GDP
    sheet, ref = gdp_cell(src / "hague-2035.xlsx", iso3, year)
    wb = openpyxl.load_workbook(src / "hague-2035.xlsx")
    wb[sheet][ref].value = value
    wb.save(src / "edited-gdp.xlsx")
    edited = replace(hague, overrides=(Override(iso3, "gdp_usd_bn", year, value / 1000.0, "edited"),))
    expected["edited-gdp"] = compute(dataset, edited)

    plans = scenarios(dataset)["national-plans"]
    iso3, slot, amount = EDITED_AMOUNT
    wb = openpyxl.load_workbook(src / "national-plans.xlsx")
    slot_cell(wb, names.MILESTONE_AMOUNTS, iso3, slot).value = amount
    wb.save(src / "edited-amount.xlsx")
    points = list(plans.milestones[iso3])
    points[slot] = replace(points[slot], amount_m=amount)
    expected["edited-amount"] = compute(dataset, plans.with_milestones(iso3, points))

    soffice_convert(sorted(src.glob("*.xlsx")), out, tmp_path_factory.mktemp("lo-profile"))
    exported_status_quo = {name: r.status_quo_usd_m for name, r in expected.items()}
    exported_status_quo["edited-target"] = exported_status_quo["edited-gdp"] = expected["hague-2035"].status_quo_usd_m
    return {name: Case(r, out / f"{name}.xlsx", src / f"{name}.xlsx", exported_status_quo[name]) for name, r in expected.items()}


def _close(actual, expected, scale) -> bool:
    return actual is not None and abs(actual - expected) <= TOLERANCE * max(abs(expected), abs(scale), 1e-300)


def _data_rows(path):
    import openpyxl

    ws = openpyxl.load_workbook(path, data_only=True)[names.DATA]
    rows = ws.iter_rows(values_only=True)
    header = next(rows)
    return [dict(zip(header, r)) for r in rows]


ALL = ["hague-2035", "uk-plan", "equalise-us", "status-quo", "step", "short-horizon", "edited-target", "edited-gdp",
       "national-plans", "cash", "cash-short", "edited-amount"]


@pytest.mark.parametrize("name", ALL)
def test_every_ally_and_year_recalculates_to_compute(recalculated, dataset, name):
    case = recalculated[name]
    result = case.result
    rows = _data_rows(case.path)
    counted = [a for a in dataset.allies if a.has_defence_figures]
    assert len(rows) == len(counted) * len(result.years)
    columns = {
        "Core share (% of GDP)": result.share_pct,
        "Spending (US$ m)": result.spend_usd_m,
        "Spending (national currency m)": result.spend_nc_m,
        "Extra over status quo (US$ m)": case.extra_usd_m,
        "Defence-related share (% of GDP)": result.related_pct,
        "Defence-related (US$ m)": result.related_usd_m,
    }
    mismatches = []
    for row in rows:
        i, j = dataset.index(row["ISO3"]), result.year_index(row["Year"])
        for title, expected in columns.items():
            # A difference (extra) is held to the size of the spending it is the difference of.
            scale = result.spend_usd_m[i, j] if title.startswith("Extra") else expected[i, j]
            if not _close(row[title], float(expected[i, j]), scale):
                mismatches.append((row["ISO3"], row["Year"], title, row[title], float(expected[i, j])))
    assert mismatches == []


@pytest.mark.parametrize("name", ALL)
def test_burden_sharing_recalculates_to_compute(recalculated, name):
    import openpyxl

    case = recalculated[name]
    result = case.result
    ws = openpyxl.load_workbook(case.path, data_only=True)[names.BURDEN]
    rows = burden_rows()
    kinds = (("spend", "spend_usd_m"), ("gdp", "gdp_usd_m"), ("share", "share_gdp_pct"), ("related", "related_usd_m"))
    expected = {f"{kind}_{agg}": result.aggregates[agg][key] for agg in ("NATO", "EUROPE_CANADA", "USA") for kind, key in kinds}
    expected.update({f"extra_{agg}": case.aggregate_extra(agg) for agg in ("NATO", "EUROPE_CANADA", "USA")})
    expected.update({f"pop_{agg}": result.aggregates[agg]["population_m"] for agg in ("EUROPE_CANADA", "USA")})
    expected["us_share_of_nato"] = result.us_share_of_nato
    expected.update(result.equalise)
    ec_spend = result.aggregates["EUROPE_CANADA"]["spend_usd_m"]
    mismatches = []
    for key, series in expected.items():
        for j in range(len(result.years)):
            actual = ws.cell(row=rows[key], column=3 + j).value
            scale = ec_spend[j] if "extra" in key else series[j]
            if not _close(actual, float(series[j]), scale):
                mismatches.append((key, int(result.years[j]), actual, float(series[j])))
    assert mismatches == []


@pytest.mark.parametrize("name", ALL)
def test_no_formula_is_left_blank_or_in_error(recalculated, name):
    import openpyxl

    case = recalculated[name]
    formulas = openpyxl.load_workbook(case.source)
    values = openpyxl.load_workbook(case.path, data_only=True)
    bad = []
    for ws in formulas:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type != "f":
                    continue
                v = values[ws.title][cell.coordinate].value
                if v is None or (isinstance(v, str) and (v.startswith("#") or v.startswith("Err:"))):
                    bad.append((ws.title, cell.coordinate, v))
    assert bad == []


def test_changing_the_core_target_cell_moves_every_dependent_number(recalculated):
    before = recalculated["hague-2035"].result
    rows = _data_rows(recalculated["edited-target"].path)
    gbr_2033 = next(r for r in rows if r["ISO3"] == "GBR" and r["Year"] == EDITED_YEAR)
    assert gbr_2033["Core share (% of GDP)"] == pytest.approx(EDITED_CORE, rel=1e-12)
    i, j = before.dataset.index("GBR"), before.year_index(EDITED_YEAR)
    assert not math.isclose(gbr_2033["Spending (US$ m)"], before.spend_usd_m[i, j], rel_tol=1e-3)
    moved = sum(1 for r in rows if not math.isclose(r["Extra over status quo (US$ m)"], before.extra_usd_m[before.dataset.index(r["ISO3"]), before.year_index(r["Year"])], rel_tol=1e-6, abs_tol=1e-6))
    assert moved > len(rows) // 2


def test_the_planner_reads_the_edited_and_recalculated_workbook_back(recalculated):
    edited = recalculated["edited-target"]
    assert read_planner_workbook(edited.path) == edited.result.scenario
    gdp = recalculated["edited-gdp"]
    back = read_planner_workbook(gdp.path)
    iso3, year, value = EDITED_GDP
    assert [(o.iso3, o.indicator, o.year, o.value) for o in back.overrides] == [(iso3, "gdp_usd_bn", year, pytest.approx(value / 1000.0))]
    assert replace(back, overrides=()) == replace(gdp.result.scenario, overrides=())


@pytest.mark.parametrize("name", ["hague-2035", "step", "uk-plan", "national-plans", "cash", "edited-amount"])
def test_libreoffice_round_trip_restores_the_scenario(recalculated, name):
    case = recalculated[name]
    assert read_planner_workbook(case.path) == case.result.scenario


@pytest.mark.parametrize("name", ["national-plans", "cash", "step", "edited-amount"])
def test_the_gap_to_the_hague_path_recalculates_to_the_core_gap(recalculated, dataset, name):
    import openpyxl

    case = recalculated[name]
    result = case.result
    gap = gap_to_reference(result, reference_on_same_years(dataset, result.scenario, preset_scenario("hague-2035", dataset)))
    ws = openpyxl.load_workbook(case.path, data_only=True)[names.GAP_TO_REFERENCE]
    counted = [i for i, a in enumerate(dataset.allies) if a.has_defence_figures]
    n = len(result.years)
    mismatches = []
    for k, i in enumerate(counted):
        row = 5 + k
        assert ws.cell(row=row, column=2).value == dataset.allies[i].iso3
        for j in range(n):
            actual = ws.cell(row=row, column=6 + j).value
            if not _close(actual, float(gap.usd_m[i, j]), result.spend_usd_m[i, j]):
                mismatches.append((dataset.allies[i].iso3, int(result.years[j]), actual, float(gap.usd_m[i, j])))
        last = f"not by {int(result.years[-1])}"
        expected = [*first_years_reaching(result, i).values(), *first_years_reaching(gap.reference, i).values()]
        actual = [ws.cell(row=row, column=6 + n + 1 + c).value for c in range(6)]
        if actual != [last if y is None else y for y in expected]:
            mismatches.append((dataset.allies[i].iso3, "first years", actual, expected))
    layout_rows = {"NATO": 5 + len(counted) + 1, "EUROPE_CANADA": 5 + len(counted) + 2, "USA": 5 + len(counted) + 3}
    for agg, row in layout_rows.items():
        for j in range(n):
            actual = ws.cell(row=row, column=6 + j).value
            if not _close(actual, float(gap.aggregates_usd_m[agg][j]), result.aggregates[agg]["spend_usd_m"][j]):
                mismatches.append((agg, int(result.years[j]), actual, float(gap.aggregates_usd_m[agg][j])))
    assert mismatches == []


def test_an_edited_amount_moves_the_path_and_reads_back(recalculated):
    before, after = recalculated["national-plans"].result, recalculated["edited-amount"]
    iso3, slot, amount = EDITED_AMOUNT
    i = before.dataset.index(iso3)
    year = before.scenario.milestones[iso3][slot].year
    rows = _data_rows(after.path)
    edited = next(r for r in rows if r["ISO3"] == iso3 and r["Year"] == year)
    assert edited["Core share (% of GDP)"] == pytest.approx(after.result.share_pct[i, after.result.year_index(year)], rel=1e-12)
    assert edited["Core share (% of GDP)"] > before.share_pct[i, before.year_index(year)] + 0.1
    assert read_planner_workbook(after.path).milestones[iso3][slot].amount_m == amount


def test_printed_workbook_shows_no_hashes(recalculated, tmp_path):
    """Columns are wide enough: LibreOffice prints ### where a number does not fit."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    soffice_convert([recalculated["step"].source], tmp_path, tmp_path / "profile", to="pdf")
    text = subprocess.run(["pdftotext", str(tmp_path / "step.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    assert "Core defence spending, % of GDP" in text
    assert "###" not in text
