"""The briefing PDF: `defence-planner brief` and File ▸ Export Briefing, checked with poppler's pdfinfo and pdftotext."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from desktop.core.scenario import BudgetLine, Target
from desktop.core.scenario_file import write_scenario
from desktop.core.presets import preset_scenario

from .ui_fixtures import make_window, no_threads_or_timers_left, settings, window  # noqa: F401
from .ui_spreadsheet_fixtures import prompts  # noqa: F401

ROOT = Path(__file__).resolve().parents[1]
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None, reason="poppler-utils absent")


def _brief(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "desktop", "brief", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def _pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def _text(path: Path, page: int | None = None) -> str:
    pages = [] if page is None else ["-f", str(page), "-l", str(page)]
    return subprocess.run(["pdftotext", "-layout", *pages, str(path), "-"], capture_output=True, text=True, check=True).stdout


@needs_poppler
def test_brief_of_an_edited_preset_names_it_and_has_its_figures(tmp_path, dataset):
    hague = preset_scenario("hague-2035", dataset)
    lines = (BudgetLine("Drones and autonomous systems", "GBR", "GBP", ((2026, 400.0), (2027, 900.0)), "mod.xlsx"),)
    edited = replace(hague, name="Hague 2035 (edited)", target=replace(hague.target, core_pct=3.0, target_year=2032), budget_lines=lines)
    plan = tmp_path / "edited.defplan"
    write_scenario(edited, plan)
    out = tmp_path / "brief.pdf"
    run = _brief("--scenario", str(plan), "-o", str(out))
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == f"wrote {out} (6 pages)"
    assert out.read_bytes().startswith(b"%PDF-")
    assert _pages(out) == 6  # words and figures, three charts, the allies, the budget lines
    first = _text(out, 1)
    assert "Hague 2035 (edited)" in first
    assert "3.0% core + 1.5% defence-related by 2032, linear, no cuts" in first
    assert "In 2032, the target year" in first and "Per-capita parity" in first
    assert "NATO, Defence Expenditure of NATO Countries (2014-2025), 2025 edition (August 2025)" in first
    assert "IMF, World Economic Outlook, October 2025" in first
    allies = _text(out, 5)
    for ally in dataset.allies:
        assert ally.name in allies
    assert "NATO total" in allies and "Europe + Canada" in allies and "2.00% ec" in allies
    assert "Drones and autonomous systems" in _text(out, 6) and "2027/28" in _text(out, 6)
    for page in range(1, 7):
        footer = _text(out, page)
        assert f"Page {page} of 6" in footer and "NATO 2025 edition" in footer and "Hague 2035 (edited)" in footer


@needs_poppler
def test_brief_of_a_preset_without_budget_lines_has_five_pages(tmp_path):
    out = tmp_path / "hague.pdf"
    run = _brief("--preset", "hague-2035", "-o", str(out))
    assert run.returncode == 0, run.stderr
    assert _pages(out) == 5
    assert "Extra spending each ally needs in 2035" in _text(out, 4)


def test_brief_refuses_bad_input_in_one_line(tmp_path):
    bad = tmp_path / "bad.defplan"
    bad.write_text("{", encoding="utf-8")
    for args, expected in (
        (("--preset", "nope", "-o", str(tmp_path / "a.pdf")), "unknown preset 'nope'"),
        (("--preset", "hague-2035", "-o", str(tmp_path / "a.txt")), "the output must end in .pdf"),
        (("--preset", "hague-2035", "-o", str(tmp_path / "none" / "a.pdf")), "no folder"),
        (("--scenario", str(bad), "-o", str(tmp_path / "a.pdf")), "the scenario file is damaged (not valid JSON at line 1)"),
        (("--preset", "hague-2035"), "required: -o/--output"),
    ):
        run = _brief(*args)
        assert run.returncode == 2, (args, run.stderr)
        assert len(run.stderr.strip().splitlines()) == 1 and expected in run.stderr, run.stderr
    assert not (tmp_path / "a.pdf").exists()


@needs_poppler
def test_export_briefing_from_the_window_uses_the_scenario_name(window, prompts, tmp_path):
    window.panel.core_box.setValue(3.0)
    window.actions["export_briefing"].trigger()  # cancelled
    assert prompts.suggested[-1].name == "Hague 2035 (edited).pdf"
    prompts.save_as_answer = str(tmp_path / "for the minister")
    window.actions["export_briefing"].trigger()
    out = tmp_path / "for the minister.pdf"
    assert prompts.exported == ["Exported the briefing for the minister.pdf"]
    assert _pages(out) == 5
    first = _text(out, 1)
    assert "Hague 2035 (edited)" in first and "3.0% core + 1.5% defence-related by 2035" in first
    assert "3.5% core" not in first
