"""The scenario workbook and CSV: contents, Excel conventions, round trip, safety of text and of the write."""

import csv
import io
import os
import zipfile
from dataclasses import replace

import pytest

from desktop import __version__
from desktop.core.presets import PRESETS, preset_scenario
from desktop.core.projection import compute
from desktop.core.scenario import BudgetLine, Override, Scenario, Target
from desktop.spreadsheets.workbook import names
from desktop.spreadsheets.workbook.export import ExportFailure, PlannerWorkbookError, export_csv, export_workbook, read_planner_workbook
from desktop.spreadsheets.workbook.layout import plan_layout

RESULT_SHEETS = (names.SHARE, names.SPEND_USD, names.SPEND_NC, names.EXTRA, names.RELATED, names.BURDEN, names.STATUS_QUO, names.HISTORY)
HOSTILE = ("=HYPERLINK(\"http://x.invalid\",\"click\")", "+1+1", "-2+3", "@SUM(A1:A2)")


def _load(path, **kw):
    import openpyxl

    return openpyxl.load_workbook(path, **kw)


@pytest.fixture(scope="module")
def hague(dataset):
    return compute(dataset, preset_scenario("hague-2035", dataset))


@pytest.fixture(scope="module")
def hague_xlsx(hague, tmp_path_factory):
    path = tmp_path_factory.mktemp("export") / "hague.xlsx"
    export_workbook(hague, path)
    return path


def rich_scenario() -> Scenario:
    return Scenario(
        name="Rich: step, milestones, overrides",
        description="Everything a scenario can hold.",
        target=Target(core_pct=3.0, related_pct=1.0, target_year=2032, shape="step", step_year=2029, no_cuts=False, scope="europe_canada", related_baseline_pct=0.25),
        milestones={"POL": [(2027, 4.8), (2030, 5.0), (2033, 4.7), (2036, 5.2)]},
        horizon=2050,
        overrides=(Override("FRA", "gdp_usd_bn", 2030, 3900.0, "budget office"), Override("ITA", "share_gdp_pct", 2025, 2.1, "MoD")),
        budget_lines=(BudgetLine("Drones", "GBR", "GBP", ((2026, 100.0), (2027, 250.0)), "MoD"),),
        import_mappings=({"file": "budget.xlsx", "sheet": "Table 1", "columns": ["x" * 50] * 800},),
    )


@pytest.mark.parametrize("key", sorted(PRESETS))
def test_every_preset_round_trips(dataset, tmp_path, key):
    scenario = preset_scenario(key, dataset)
    export_workbook(compute(dataset, scenario), tmp_path / "out.xlsx")
    assert read_planner_workbook(tmp_path / "out.xlsx") == scenario


def test_a_scenario_with_everything_round_trips(dataset, tmp_path):
    scenario = rich_scenario()
    export_workbook(compute(dataset, scenario), tmp_path / "rich.xlsx")
    assert len(scenario.import_mappings[0]["columns"]) * 50 > 30000  # the stored JSON spans several cells
    assert read_planner_workbook(tmp_path / "rich.xlsx") == scenario


def _set(wb, name, value):
    (sheet, ref), = wb.defined_names[name].destinations
    wb[sheet][ref.replace("$", "")].value = value


def test_edits_to_the_assumptions_are_read_back(hague, hague_xlsx, tmp_path):
    wb = _load(hague_xlsx)
    _set(wb, names.CORE_TARGET, 3.0)
    _set(wb, names.PATH_SHAPE, "step")
    _set(wb, names.STEP_YEAR, 2028)
    _set(wb, names.NO_CUTS, "No")
    _set(wb, names.TARGET_SCOPE, "Europe and Canada")
    (sheet, ref), = wb.defined_names[names.MILESTONE_YEARS].destinations
    ws = wb[sheet]
    first = ws[ref.replace("$", "").split(":")[0]]
    fra = next(r for r in range(first.row, first.row + 40) if ws.cell(row=r, column=2).value == "FRA")
    ws.cell(row=fra, column=first.column).value = 2030
    (sheet, ref), = wb.defined_names[names.MILESTONE_SHARES].destinations
    ws.cell(row=fra, column=ws[ref.replace("$", "").split(":")[0]].column).value = 3.0
    wb.save(tmp_path / "edited.xlsx")

    back = read_planner_workbook(tmp_path / "edited.xlsx")
    t = hague.scenario.target
    assert back.target == replace(t, core_pct=3.0, shape="step", step_year=2028, no_cuts=False, scope="europe_canada")
    assert [(p.year, p.share_pct) for p in back.milestones["FRA"]] == [(2030, 3.0)]
    assert back.name == hague.scenario.name and back.overrides == ()


def test_switching_the_target_off_reads_back_as_no_target(hague_xlsx, tmp_path):
    wb = _load(hague_xlsx)
    _set(wb, names.TARGET_APPLIES, "No")
    wb.save(tmp_path / "off.xlsx")
    assert read_planner_workbook(tmp_path / "off.xlsx").target is None


def test_an_edited_input_that_is_not_a_number_is_reported(hague_xlsx, tmp_path):
    wb = _load(hague_xlsx)
    _set(wb, names.CORE_TARGET, "three and a half")
    wb.save(tmp_path / "bad.xlsx")
    with pytest.raises(PlannerWorkbookError, match=r"bad\.xlsx: Assumptions!B\d+ \(core target\) must be a number"):
        read_planner_workbook(tmp_path / "bad.xlsx")


def test_a_workbook_the_planner_did_not_write_is_refused(tmp_path):
    import openpyxl

    openpyxl.Workbook().save(tmp_path / "other.xlsx")
    with pytest.raises(PlannerWorkbookError, match="was not exported by the Defence Spending Planner"):
        read_planner_workbook(tmp_path / "other.xlsx")
    (tmp_path / "text.xlsx").write_text("not a zip")
    with pytest.raises(PlannerWorkbookError, match="is not an .xlsx workbook"):
        read_planner_workbook(tmp_path / "text.xlsx")


def test_sheets_names_and_hidden_scenario(hague_xlsx):
    wb = _load(hague_xlsx)
    assert wb.sheetnames[:3] == [names.README, names.ASSUMPTIONS, names.CHARTS]
    assert set(RESULT_SHEETS) <= set(wb.sheetnames) and names.DATA in wb.sheetnames
    assert wb[names.SCENARIO_JSON].sheet_state == "hidden"
    for name in (names.CORE_TARGET, names.RELATED_TARGET, names.TARGET_YEAR, names.PATH_SHAPE, names.NO_CUTS, names.BASE_SHARES,
                 names.MILESTONE_YEARS, names.MILESTONE_SHARES, names.GDP_USD, names.GDP_NC, names.POPULATION):
        (sheet, _), = wb.defined_names[name].destinations
        assert sheet == names.ASSUMPTIONS
    (_, ref), = wb.defined_names[names.CORE_TARGET].destinations
    cell = wb[names.ASSUMPTIONS][ref.replace("$", "")]
    assert cell.value == 3.5 and cell.number_format == '0.00"%"' and cell.fill.fgColor.rgb.endswith("FFF2CC")


def test_result_sheets_are_formulas_and_history_is_values(hague_xlsx):
    wb = _load(hague_xlsx)
    for sheet in (names.SHARE, names.SPEND_USD, names.SPEND_NC, names.EXTRA, names.RELATED, names.BURDEN):
        assert wb[sheet]["F5" if sheet != names.BURDEN else "C6"].data_type == "f", sheet
    assert wb[names.SHARE]["F5"].value.count(names.CORE_TARGET) == 1
    for sheet in (names.STATUS_QUO, names.HISTORY):
        assert isinstance(wb[sheet]["F5"].value, float)
        assert "VALUES" in wb[sheet]["A2"].value


def assert_prints_readably(ws):
    """One page wide at 70% or more, or split over pages at that scale with the headers repeated."""
    from desktop.spreadsheets.workbook.style import MIN_PRINT_SCALE_PCT, print_scale_pct

    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4), ws.title
    if ws.sheet_properties.pageSetUpPr.fitToPage:
        assert ws.page_setup.fitToWidth == 1 and print_scale_pct(ws) >= MIN_PRINT_SCALE_PCT, ws.title
    else:
        assert ws.page_setup.scale >= MIN_PRINT_SCALE_PCT and ws.print_title_cols, ws.title


def test_every_sheet_prints_readably_and_budget_lines_have_a_gap_sheet(tmp_path, dataset):
    from dataclasses import replace

    from openpyxl import load_workbook

    from desktop.core.scenario import BudgetLine
    from desktop.spreadsheets.workbook.export import export_workbook

    lines = (BudgetLine("Drones", "GBR", "GBP", ((2026, 400.0), (2027, 900.0))), BudgetLine("Air defence", "GBR", "GBP", ((2027, 1600.0),)))
    result = compute(dataset, replace(preset_scenario("uk-plan", dataset), budget_lines=lines))
    path = tmp_path / "lines.xlsx"
    export_workbook(result, path)
    wb = load_workbook(path)
    for ws in wb.worksheets:
        if ws.sheet_state == "visible":
            assert_prints_readably(ws)
    assert not wb[names.ASSUMPTIONS].sheet_properties.pageSetUpPr.fitToPage  # far too wide for one page at 70%
    assert wb[names.BURDEN].print_title_rows and wb[names.BURDEN].print_title_cols
    header = [c.value for c in wb[names.BUDGET_LINES][5]]
    years_col = header.index("Budget years") + 1
    drones = wb[names.BUDGET_LINES].cell(row=6, column=years_col).value
    assert drones.startswith("=IF(") and '"/"&RIGHT(' in drones  # budget years, 2026/27–2027/28, live over the line's years
    gap = list(wb[names.GAP].iter_rows(min_row=5, values_only=True))
    assert [r[:5] for r in gap] == [("United Kingdom", "2026/27", "GBP", 1, 400.0), ("United Kingdom", "2027/28", "GBP", 2, 2500.0)]
    extra_2027 = float(result.extra_nc_m[dataset.index("GBR"), result.year_index(2027)])
    assert gap[1][5] == pytest.approx(extra_2027) and gap[1][6] == pytest.approx(extra_2027 - 2500.0)
    assert names.GAP in " ".join(str(c.value) for row in wb[names.README].iter_rows() for c in row)


def test_excel_conventions(hague_xlsx):
    wb = _load(hague_xlsx)
    for sheet in RESULT_SHEETS:
        ws = wb[sheet]
        assert ws.freeze_panes in ("C5", "B5"), sheet
        assert ws.page_setup.orientation == "landscape"
        assert_prints_readably(ws)
    assert wb[names.SHARE]["F5"].number_format == '0.00"%"'
    assert wb[names.SPEND_USD]["F5"].number_format == "#,##0"
    data = wb[names.DATA]
    assert list(data.tables) == ["ScenarioResults"] and data.freeze_panes == "C2"
    header = [c.value for c in data[1]]
    period = header.index("Period")
    gbr = [r for r in data.iter_rows(min_row=2, values_only=True) if r[1] == "GBR"]
    assert [r[period] for r in gbr[:3]] == ["2025/26", "2026/27", "2027/28"]
    assert not any(r[1] == "ISL" for r in data.iter_rows(min_row=2, values_only=True))
    with zipfile.ZipFile(hague_xlsx) as z:
        assert len([n for n in z.namelist() if n.startswith("xl/charts/chart")]) == 3


def test_columns_fit_their_numbers(hague, hague_xlsx):
    """Width in characters at least the formatted value, so Excel never shows ###."""
    wb = _load(hague_xlsx)
    ws = wb[names.SPEND_NC]
    widest = max(len(f"{v:,.0f}") for v in hague.spend_nc_m[~(hague.spend_nc_m != hague.spend_nc_m)])
    for col in range(6, 6 + len(hague.years)):
        assert ws.column_dimensions[ws.cell(row=4, column=col).column_letter].width >= widest


def test_read_me_names_the_scenario_version_and_sources(hague, hague_xlsx):
    ws = _load(hague_xlsx)[names.README]
    text = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)
    assert hague.scenario.name in text and __version__ in text
    for source, edition in hague.dataset.sources():
        assert f"{source}, {edition}" in text
    assert "3.5% of GDP in 2035" in text and "1.5%" in text


def test_bulgaria_is_in_euros_in_the_workbook_and_the_read_me_says_why(hague, hague_xlsx):
    wb = _load(hague_xlsx)
    text = "\n".join(str(c.value) for row in wb[names.README].iter_rows() for c in row if c.value is not None)
    assert "Bulgaria: EUR from 2026, BGN before" in text and "1.95583 BGN per EUR" in text
    sheet = wb[names.SPEND_NC]
    assert "1.95583 BGN per EUR (Bulgaria, EUR from 2026)" in sheet["A2"].value
    row = next(r for r in sheet.iter_rows(min_row=5) if r[1].value == "BGR")
    assert row[3].value == "EUR"
    layout = plan_layout(hague.dataset.allies, hague.years, 0)
    i, j = hague.dataset.index("BGR"), hague.year_index(2027)
    gdp = wb[names.ASSUMPTIONS].cell(row=layout.gdp_nc_row(i), column=layout.year_col(j))
    assert wb[names.ASSUMPTIONS].cell(row=layout.gdp_nc_row(i), column=2).value == "BGR"
    assert gdp.value == pytest.approx(253_836.0 / 1.95583, rel=1e-12)  # IMF's BGN 253.836 bn, in million EUR


def test_text_from_imported_files_never_becomes_a_formula(dataset, tmp_path):
    scenario = Scenario(
        name=HOSTILE[0],
        description=HOSTILE[1],
        target=Target(core_pct=3.5),
        overrides=(Override("FRA", "gdp_usd_bn", 2030, 3900.0, HOSTILE[2]),),
        budget_lines=(BudgetLine(HOSTILE[3], "GBR", "GBP", ((2026, 1.0),), HOSTILE[0]),),
    )
    path = tmp_path / "hostile.xlsx"
    export_workbook(compute(dataset, scenario), path)
    wb = _load(path)
    found = set()
    for ws in wb:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value in HOSTILE or (isinstance(cell.value, str) and any(h in cell.value for h in HOSTILE) and cell.data_type == "f"):
                    assert cell.data_type == "s", (ws.title, cell.coordinate, cell.value)
                    assert cell.quotePrefix, (ws.title, cell.coordinate)
                    found.add(cell.value)
    assert found == set(HOSTILE)
    with zipfile.ZipFile(path) as z:
        xml = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/worksheets/"))
    assert "HYPERLINK" not in "".join(part.split("</f>")[0] for part in xml.split("<f>")[1:])
    assert read_planner_workbook(path) == scenario


def test_progress_reaches_one(hague, tmp_path):
    seen = []
    export_workbook(hague, tmp_path / "p.xlsx", progress=seen.append)
    assert seen == sorted(seen) and seen[-1] == 1.0 and len(seen) > 5


def test_a_failed_write_keeps_the_previous_file(hague, hague_xlsx, tmp_path, monkeypatch):
    import desktop.core.atomic_write as atomic_write

    target = tmp_path / "model.xlsx"
    target.write_bytes(hague_xlsx.read_bytes())
    before = target.read_bytes()

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic_write.os, "fsync", disk_full)
    with pytest.raises(ExportFailure) as failure:
        export_workbook(hague, target)
    assert str(failure.value) == f"{target}: cannot be written: the disk is full"
    assert target.read_bytes() == before
    assert os.listdir(tmp_path) == ["model.xlsx"]


def test_a_failure_while_building_keeps_the_previous_file(hague, tmp_path):
    target = tmp_path / "model.xlsx"
    target.write_bytes(b"previous")

    def cancel(fraction):
        if fraction > 0.5:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        export_workbook(hague, target, progress=cancel)
    assert target.read_bytes() == b"previous" and os.listdir(tmp_path) == ["model.xlsx"]


def test_a_target_open_elsewhere_gives_a_plain_message(hague, tmp_path, monkeypatch):
    import desktop.core.atomic_write as atomic_write

    def locked(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(atomic_write.os, "replace", locked)
    with pytest.raises(ExportFailure) as failure:
        export_workbook(hague, tmp_path / "open.xlsx")
    message = str(failure.value)
    assert message == f"{tmp_path / 'open.xlsx'}: cannot be written: it is open in another program or the folder is not writable"
    assert "\n" not in message and os.listdir(tmp_path) == []


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a non-root POSIX user for a read-only folder")
def test_a_read_only_folder_gives_a_plain_message(hague, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(ExportFailure, match="not writable"):
            export_workbook(hague, folder / "x.xlsx")
    finally:
        folder.chmod(0o700)


@pytest.mark.parametrize("name, reason", [("missing/x.xlsx", "its folder does not exist"), ("x.xlsm", "choose a name ending in .xlsx")])
def test_bad_targets_are_refused_in_one_line(hague, tmp_path, name, reason):
    with pytest.raises(ExportFailure) as failure:
        export_workbook(hague, tmp_path / name)
    assert str(failure.value).startswith(str(tmp_path / name)) and reason in str(failure.value)


def test_csv_is_the_long_table_without_floating_point_noise(hague, tmp_path):
    path = tmp_path / "hague.csv"
    export_csv(hague, path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    counted = [a for a in hague.dataset.allies if a.has_defence_figures]
    assert len(rows) == len(counted) * len(hague.years)
    assert list(rows[0]) == ["ally", "iso3", "group", "year", "period", "currency", "share_gdp_pct", "spend_usd_m", "spend_nc_m",
                             "status_quo_usd_m", "extra_usd_m", "related_pct", "related_usd_m"]
    d = hague.dataset
    for row in rows:
        i, j = d.index(row["iso3"]), hague.year_index(int(row["year"]))
        assert float(row["spend_usd_m"]) == round(float(hague.spend_usd_m[i, j]), 6)
        assert float(row["extra_usd_m"]) == round(float(hague.extra_usd_m[i, j]), 6)
        assert float(row["share_gdp_pct"]) == round(float(hague.share_pct[i, j]), 6)
        for key in ("share_gdp_pct", "spend_usd_m", "spend_nc_m", "status_quo_usd_m", "extra_usd_m", "related_pct", "related_usd_m"):
            digits = row[key].partition(".")[2]
            assert len(digits) <= 6 and "e" not in row[key], (key, row[key])
        assert row["period"] == d.allies[i].period_label(int(row["year"]))
    assert {r["iso3"] for r in rows} == {a.iso3 for a in counted}
    assert next(r for r in rows if r["iso3"] == "TUR")["ally"] == "Türkiye"


def test_csv_numbers_are_rounded_to_six_decimals_in_their_shortest_form():
    from desktop.spreadsheets.workbook.data_table import csv_cell

    assert csv_cell(601.7738999999999) == "601.7739"
    assert csv_cell(0.15000000000000002) == "0.15"
    assert csv_cell(1234567.1234567) == "1234567.123457"
    assert csv_cell(-0.0000001) == "0.0"
    assert csv_cell(float("nan")) == "" and csv_cell(2035) == 2035 and csv_cell("GBR") == "GBR"


def test_only_the_csv_rounds_the_workbooks_data_keeps_full_precision(hague, tmp_path):
    from desktop.spreadsheets.workbook.data_table import table_rows

    export_csv(hague, tmp_path / "hague.csv")
    rows = list(csv.DictReader(io.StringIO((tmp_path / "hague.csv").read_text(encoding="utf-8-sig"))))
    full = [values for _, _, values in table_rows(hague)]  # what the Data sheet shows beside its formulas
    noisy = [(values, row) for values, row in zip(full, rows) if values["spend_usd_m"] != round(values["spend_usd_m"], 6)]
    assert noisy
    for values, row in noisy:
        assert float(row["spend_usd_m"]) == round(values["spend_usd_m"], 6) != values["spend_usd_m"]


def test_csv_into_a_missing_folder_fails_plainly(hague, tmp_path):
    with pytest.raises(ExportFailure, match="its folder does not exist"):
        export_csv(hague, tmp_path / "nope" / "x.csv")
