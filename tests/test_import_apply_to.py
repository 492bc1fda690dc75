"""`defence-planner import FILE --apply-to ...`: the dialog's rules headless, on NATO's own 2024 workbook and on files built here."""

from __future__ import annotations

import json
import math

import pytest

from desktop.cli import main
from desktop.core.history import share_history
from desktop.core.scenario_file import read_scenario

NATO_2024 = "nato-2024-edition/240617-def-exp-2024-TABLES-en.xlsx"
MODES = ("auto", "shares", "gdp", "spending", "composition")


@pytest.fixture
def nato_2024(shared_data):
    path = shared_data / NATO_2024
    if not path.is_file():
        pytest.skip(f"{NATO_2024} is absent")
    return path


def apply_to(capsys, path, out, *options) -> tuple[int, dict | str, str]:
    code = main(["import", str(path), "--apply-to", "hague-2035", "-o", str(out), "--json", *options])
    captured = capsys.readouterr()
    return code, (json.loads(captured.out) if code == 0 else captured.out), captured.err


def history_outside(dataset, out, low=0.1, high=8.0) -> list[str]:
    """Every ally's history share of GDP outside low..high, as "POL 2024 41.2"."""
    history = share_history(dataset, read_scenario(out, dataset))
    return [f"{ally.iso3} {2014 + j} {v:.2f}" for i, ally in enumerate(dataset.allies)
            for j, v in enumerate(history[i]) if not math.isnan(v) and not low <= v <= high]


def test_the_default_apply_of_natos_2024_workbook_keeps_the_2025_edition(capsys, tmp_path, nato_2024, dataset):
    out = tmp_path / "nato.defplan"
    code, summary, _ = apply_to(capsys, nato_2024, out)
    assert code == 0
    assert summary["mode"] == "share" and summary["edition"] == "2024 edition"
    assert [t["indicator"] for t in summary["tables"]] == ["share_of_gdp"]  # Table 3's shares, nothing else
    assert summary["counts"]["added"] == summary["counts"]["replaced"] == 0
    assert summary["counts"]["kept_newer"] == 341
    kept = read_scenario(out, dataset)
    assert kept.overrides == ()
    assert history_outside(dataset, out) == []


def test_shares_replacing_newer_take_table_3_only(capsys, tmp_path, nato_2024, dataset):
    out = tmp_path / "nato.defplan"
    code, summary, _ = apply_to(capsys, nato_2024, out, "--as", "shares", "--replace-newer")
    assert code == 0
    assert {t["header_cell"] for t in summary["tables"]} == {"TABLE3!D8"}
    scenario = read_scenario(out, dataset)
    figures = {(o.iso3, o.year): o for o in scenario.overrides}
    assert figures[("POL", 2024)].value == pytest.approx(4.12, abs=0.005)
    assert figures[("USA", 2024)].value == pytest.approx(3.38, abs=0.005)
    assert {o.indicator for o in scenario.overrides} == {"share_gdp_pct"}
    assert figures[("POL", 2024)].imported and figures[("POL", 2024)].edition == "2024 edition"
    assert figures[("POL", 2024)].source.startswith("240617-def-exp-2024-TABLES-en.xlsx, TABLE3!N")
    assert history_outside(dataset, out) == []


@pytest.mark.parametrize("replace_newer", [False, True])
@pytest.mark.parametrize("mode", MODES)
def test_no_mode_makes_natos_history_absurd(capsys, tmp_path, nato_2024, dataset, mode, replace_newer):
    out = tmp_path / f"{mode}.defplan"
    code, summary, _ = apply_to(capsys, nato_2024, out, "--as", mode, *(["--replace-newer"] if replace_newer else []))
    assert code == 0
    measures = {t["indicator"] for t in summary["tables"]}
    assert not measures & {"per_capita", "gdp_constant", "spending_constant", "real_change"}
    assert history_outside(dataset, out) == []


def test_spending_takes_current_prices_and_says_which_table_wins(capsys, tmp_path, nato_2024, dataset):
    code, summary, _ = apply_to(capsys, nato_2024, tmp_path / "s.defplan", "--as", "spending", "--replace-newer")
    assert code == 0
    assert {t["indicator"] for t in summary["tables"]} == {"spending_current"}
    assert len(summary["conflicts"]) == 1 and summary["conflicts"][0].endswith("Table 1 (Current prices) is used")
    assert any("Table 1 (Current prices) gives this figure too" in s["reason"] for s in summary["skipped"])


def test_composition_is_applied_as_itself(capsys, tmp_path, nato_2024, dataset):
    out = tmp_path / "c.defplan"
    code, summary, _ = apply_to(capsys, nato_2024, out, "--as", "composition", "--replace-newer")
    assert code == 0
    indicators = {o.indicator for o in read_scenario(out, dataset).overrides}
    assert indicators == {"equipment_share_pct", "personnel_share_pct", "infrastructure_share_pct", "other_share_pct"}


def test_the_plain_summary_names_every_kind_of_change(capsys, tmp_path, nato_2024):
    out = tmp_path / "nato.defplan"
    assert main(["import", str(nato_2024), "--apply-to", "hague-2035", "-o", str(out)]) == 0
    text = capsys.readouterr().out
    assert "0 figures added, 0 replaced, 341 kept because newer" in text
    assert "Kept TABLE3!N" in text and "is from a newer edition" in text
    assert "Skipped TABLE3!D42: 'NATO Europe and Canada' is not an ally (aggregate)" in text


def semicolon_csv(folder):
    path = folder / "parlament-2024.csv"
    path.write_text("Verteidigungsausgaben in % des BIP (share of GDP, %)\n"
                    "Land;2022;2023;2024\nPoland;2,4;3,9;4,2\nLatvia;2,1;2,4;3,2\nGermany;1,4;1,6;2,1\n",
                    encoding="utf-8")
    return path


def ministry_workbook(folder):
    """A ministry's file: spending of allies in US$ m (current and constant prices), then its own budget lines in £m."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Allies"
    sheet.append(["Defence expenditure of selected allies"])
    sheet.append(["US dollars, millions"])
    sheet.append(["Country", 2022, 2023, 2024])
    sheet.append(["Current prices"])
    sheet.append(["United Kingdom", 68_000, 73_000, 81_000])
    sheet.append(["France", 53_000, 56_000, 64_000])
    sheet.append(["Constant 2015 prices"])
    sheet.append(["United Kingdom", 60_000, 62_000, 66_000])
    lines = workbook.create_sheet("Budget")
    lines.append(["Defence budget by line"])
    lines.append(["£ million"])
    lines.append(["Line", 2026, 2027])
    lines.append(["Equipment", 20_000, 21_000])
    lines.append(["Personnel", 12_000, 12_500])
    lines.append(["Total", 32_000, 40_000])
    path = folder / "mod-budget-2024.xlsx"
    workbook.save(path)
    return path


@pytest.mark.parametrize("mode", (*MODES, "lines"))
def test_a_ministry_workbook_and_a_semicolon_csv_stay_plausible_in_every_mode(capsys, tmp_path, dataset, mode):
    for path in (ministry_workbook(tmp_path), semicolon_csv(tmp_path)):
        out = tmp_path / f"{path.stem}-{mode}.defplan"
        code, summary, err = apply_to(capsys, path, out, "--as", mode)
        if code == 2:
            assert err.count("\n") == 1 and "no table in the file can be applied" in err
            assert not out.exists()
            continue
        assert code == 0
        assert history_outside(dataset, out) == []


def test_the_semicolon_csv_applies_its_shares_with_decimal_commas(capsys, tmp_path, dataset):
    out = tmp_path / "csv.defplan"
    code, summary, _ = apply_to(capsys, semicolon_csv(tmp_path), out)
    assert code == 0 and summary["mode"] == "share" and summary["edition"] == ""
    figures = {(o.iso3, o.year): o.value for o in read_scenario(out, dataset).overrides}
    assert figures[("POL", 2024)] == pytest.approx(4.2) and figures[("DEU", 2022)] == pytest.approx(1.4)


def test_budget_lines_go_to_the_ally_whose_currency_they_are_in(capsys, tmp_path, dataset):
    out = tmp_path / "lines.defplan"
    code, summary, _ = apply_to(capsys, ministry_workbook(tmp_path), out, "--as", "lines")
    assert code == 0 and summary["ally"] == "GBR"
    lines = read_scenario(out, dataset).budget_lines
    assert [(line.label, line.iso3, line.currency) for line in lines] == [("Equipment", "GBR", "GBP"), ("Personnel", "GBR", "GBP")]


def test_implausible_figures_are_refused_or_held_with_their_cell(capsys, tmp_path, dataset):
    path = tmp_path / "odd.csv"
    path.write_text("Defence expenditure as % of GDP\nCountry,2022,2023\nPoland,120,2.4\nLatvia,20,2.2\n")
    out = tmp_path / "odd.defplan"
    code, summary, _ = apply_to(capsys, path, out)
    assert code == 0
    assert any(s["cell"] == "odd!B3" and "outside the plausible range" in s["reason"] for s in summary["skipped"])
    assert [h["cell"] for h in summary["held"]] == ["odd!B4"]
    assert {(o.iso3, o.year) for o in read_scenario(out, dataset).overrides} == {("POL", 2023), ("LVA", 2023)}


def test_gdp_of_zero_is_refused(capsys, tmp_path, dataset):
    path = tmp_path / "gdp.csv"
    path.write_text("GDP, current prices\nUS dollars, billions\nCountry,2024,2025\nPoland,0,900\n")
    code, summary, _ = apply_to(capsys, path, tmp_path / "gdp.defplan", "--as", "gdp")
    assert code == 0
    assert any(s["cell"] == "gdp!B4" and "gdp_usd_bn 0 is outside" in s["reason"] for s in summary["skipped"])
    assert summary["counts"]["replaced"] == 1


def test_bad_files_and_bad_options_exit_2_in_one_line(capsys, tmp_path):
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"not a workbook at all")
    for argv in (["import", str(junk), "--apply-to", "hague-2035", "-o", str(tmp_path / "x.defplan")],
                 ["import", str(semicolon_csv(tmp_path)), "--apply-to", "hague-2035"],
                 ["import", str(semicolon_csv(tmp_path)), "--as", "shares"],
                 ["import", str(semicolon_csv(tmp_path)), "--apply-to", "no-such-preset", "-o", str(tmp_path / "y.defplan")]):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith("defence-planner: ")
    assert not (tmp_path / "x.defplan").exists()


def test_compute_reads_the_scenario_written(tmp_path, capsys):
    out = tmp_path / "csv.defplan"
    assert main(["import", str(semicolon_csv(tmp_path)), "--apply-to", "status-quo", "-o", str(out)]) == 0
    capsys.readouterr()
    assert main(["compute", "--scenario", str(out), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["allies"]["POL"]["history_share_gdp_pct"][result["history_years"].index(2024)] == pytest.approx(4.2)
