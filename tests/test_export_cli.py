"""`defence-planner export` as scripts call it: files written, exit codes, one-line errors."""

import subprocess
import sys

import pytest

from desktop.spreadsheets.workbook.export import read_planner_workbook

from .conftest import ROOT


def run(*args):
    return subprocess.run([sys.executable, "-m", "desktop", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_export_writes_a_workbook_the_planner_reads_back(dataset, tmp_path):
    from desktop.core.presets import preset_scenario

    out = run("export", "--preset", "hague-2035", "-o", str(tmp_path / "hague.xlsx"))
    assert out.returncode == 0, out.stderr
    assert read_planner_workbook(tmp_path / "hague.xlsx") == preset_scenario("hague-2035", dataset)


def test_export_writes_the_csv_table(tmp_path):
    out = run("export", "--preset", "uk-plan", "-o", str(tmp_path / "uk.csv"))
    assert out.returncode == 0, out.stderr
    lines = (tmp_path / "uk.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("ally,iso3,group,year,period,") and any(",GBR," in line and ",2027/28," in line for line in lines)


@pytest.mark.parametrize("target, words", [("out.txt", "must end in .xlsx or .csv"), ("no/such/dir/out.xlsx", "its folder does not exist"), ("no/such/dir/out.csv", "its folder does not exist")])
def test_bad_outputs_exit_2_with_one_line(tmp_path, target, words):
    out = run("export", "--preset", "hague-2035", "-o", str(tmp_path / target))
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1 and words in out.stderr and str(tmp_path / target) in out.stderr
    assert out.stdout == "" and not (tmp_path / target).exists()


def test_export_measures_the_gap_against_a_chosen_reference(tmp_path):
    import openpyxl

    from desktop.spreadsheets.workbook import names

    out = run("export", "--preset", "national-plans", "--reference", "uk-plan", "-o", str(tmp_path / "plans.xlsx"))
    assert out.returncode == 0, out.stderr
    assert openpyxl.load_workbook(tmp_path / "plans.xlsx")[names.GAP_TO_REFERENCE]["A1"].value.startswith("Gap to UK plan")
    out = run("export", "--preset", "national-plans", "--reference", "uk-plan", "-o", str(tmp_path / "plans.csv"))
    assert out.returncode == 2 and out.stderr.count("\n") == 1 and "export to .xlsx" in out.stderr
    assert not (tmp_path / "plans.csv").exists()
