"""Fixtures for the spreadsheet tests of the window: prompts that answer import and export questions, waits."""

from __future__ import annotations

from pathlib import Path

import pytest

from .ui_fixtures import ScriptedPrompts


class SpreadsheetPrompts(ScriptedPrompts):
    """Also answers the import file question and the "export finished" message, and records folders opened."""

    def __init__(self):
        super().__init__()
        self.import_answer = None
        self.open_folder_answer = False
        self.suggested: list[Path] = []
        self.exported: list[str] = []
        self.opened_folders: list[Path] = []

    def import_path(self, parent, folder):
        return self.import_answer

    def save_path(self, parent, suggested, file_filter=None):
        self.suggested.append(Path(suggested))
        return self.save_as_answer

    def show_exported(self, parent, text, folder):
        self.exported.append(text)
        return self.open_folder_answer

    def open_folder(self, folder):
        self.opened_folders.append(Path(folder))


@pytest.fixture
def prompts():
    return SpreadsheetPrompts()


def wait_idle(qtbot, task, timeout: int = 20_000) -> None:
    """Wait until a background task has reported (its reports are queued to the GUI thread)."""
    qtbot.waitUntil(lambda: not task.is_running, timeout=timeout)


def open_import(qtbot, window, path):
    """Import `path` through the window and return the dialog once the first read is shown."""
    assert window.imports.import_spreadsheet(path)
    qtbot.waitUntil(lambda: window.imports.dialog is not None, timeout=20_000)
    return window.imports.dialog


def ministry_workbook(folder: Path, name: str = "defence-budget-2024.xlsx") -> Path:
    """A ministry-style sheet: title, unit line, years across on row 4, allies, an aggregate, a total,
    a text cell where a figure belongs, then a second block in constant prices."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Spending"
    sheet.append(["Defence expenditure of selected allies"])
    sheet.append(["US dollars, millions"])
    sheet.append([])
    sheet.append(["Country", 2022, 2023, 2024])
    sheet.append(["Current prices"])
    sheet.append(["United Kingdom", 68_000, 73_000, 81_000])
    sheet.append(["Germany", 58_000, "see below", 90_000])
    sheet.append(["France", 53_000, 56_000, 64_000])
    sheet.append(["NATO Europe", 300_000, 330_000, 380_000])
    sheet.append(["Total", 479_000, 459_000, 615_000])
    sheet.append([])
    sheet.append(["Constant 2015 prices"])
    sheet.append(["United Kingdom", 60_000, 62_000, 66_000])
    sheet.append(["Germany", 50_000, 55_000, 72_000])
    path = folder / name
    workbook.save(path)
    return path


def two_sheet_workbook(folder: Path, name: str = "allies-2024.xlsx") -> Path:
    """Spending in US dollars in two blocks on one sheet, shares of GDP in percent on another."""
    from openpyxl import Workbook

    workbook = Workbook()
    spending = workbook.active
    spending.title = "Spending"
    spending.append(["Defence expenditure"])
    spending.append(["US dollars, millions"])
    spending.append(["Country", 2022, 2023, 2024])
    spending.append(["Current prices"])
    spending.append(["United Kingdom", 68_000, 73_000, 81_000])
    spending.append(["France", 53_000, 56_000, 64_000])
    spending.append(["Constant 2015 prices"])
    spending.append(["United Kingdom", 60_000, 62_000, 66_000])
    spending.append(["France", 50_000, 51_000, 55_000])
    shares = workbook.create_sheet("Shares")
    shares.append(["Defence expenditure as a share of GDP (%)"])
    shares.append([])
    shares.append([])
    shares.append(["Country", 2022, 2023, "2024e"])
    shares.append(["Poland", 2.2, 3.8, 4.12])
    shares.append(["Latvia", 2.1, 2.3, 3.15])
    path = folder / name
    workbook.save(path)
    return path
