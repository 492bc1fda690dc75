"""Render the import dialog over a generated ministry workbook (or FILE): `python tools/import_dialog_screenshot.py OUT.png [FILE]`."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SIZE = (1400, 860)


def sample_workbook(folder: Path) -> Path:
    """A ministry-style table: title and unit lines, years across, two blocks, an aggregate, a total, a footnote."""
    from openpyxl import Workbook

    workbook = Workbook()
    cover = workbook.active
    cover.title = "Cover"
    cover.append(["Defence expenditure of NATO Allies, 2021-2025"])
    sheet = workbook.create_sheet("Table 3")
    sheet.append(["Table 3: Defence expenditure of selected Allies"])
    sheet.append(["Million US dollars, current prices and exchange rates"])
    sheet.append([])
    sheet.append(["Country", "2021", "2022", "2023", "2024", "2025e"])
    sheet.append(["Current prices"])
    rows = [
        ("Belgium", 6_110, 6_860, 7_640, 8_420, 9_400),
        ("Canada", 26_450, 27_060, 28_670, 30_480, 41_000),
        ("Denmark", 5_440, 5_560, 6_990, 9_940, 11_800),
        ("France", 56_610, 53_640, 56_650, 64_270, 66_500),
        ("Germany", 56_020, 58_140, 66_830, 97_700, 107_000),
        ("Italy", 32_010, 33_490, 35_560, "..", 35_800),
        ("Netherlands", 13_720, 15_550, 19_060, 22_900, 24_600),
        ("Poland", 13_370, 16_590, 29_050, 34_970, 44_300),
        ("United Kingdom", 74_080, 75_180, 79_540, 82_110, "see note"),
        ("NATO Europe and Canada", 361_000, 362_000, 397_000, 485_000, 560_000),
        ("Total", 1_121_000, 1_185_000, 1_302_000, 1_445_000, 1_600_000),
    ]
    for row in rows:
        sheet.append(list(row))
    sheet.append([])
    sheet.append(["Constant 2021 prices"])
    sheet.append(["Belgium", 6_110, 6_440, 6_890, 7_320, 8_050])
    sheet.append(["Canada", 26_450, 25_550, 26_210, 27_100, 35_700])
    sheet.append([])
    sheet.append(["Notes: 2025 figures are estimates. '..' means not available."])
    sheet.column_dimensions["A"].width = 26
    path = folder / "nato-defence-expenditure-2025.xlsx"
    workbook.save(path)
    return path


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else "screenshots/import.png")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from desktop.ui.app import application, dispose

    app = application()
    from desktop.core.dataset import default_dataset
    from desktop.core.presets import preset_scenario
    from desktop.ui.main_window import MainWindow
    from desktop.ui.settings import Settings

    dataset = default_dataset()
    with tempfile.TemporaryDirectory() as folder:
        window = MainWindow(dataset, preset_scenario("hague-2035", dataset), Settings(None))
        window.resize(*SIZE)
        window.show()
        window.imports.import_spreadsheet(Path(argv[1]) if len(argv) > 1 else sample_workbook(Path(folder)))
        deadline = time.monotonic() + 60
        while window.imports.dialog is None and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.01)
        dialog = window.imports.dialog
        if dialog is None:
            print("import_dialog_screenshot: the import did not finish", file=sys.stderr)
            return 1
        dialog.resize(*SIZE)
        dialog.found_tabs.setCurrentIndex(1)  # the warning, its cell tinted red in the preview
        for _ in range(5):
            app.processEvents()
        saved = dialog.grab().save(str(out), "PNG")
        window.imports.shut_down()
        dispose(window)
    if not saved:
        print(f"import_dialog_screenshot: cannot write {out}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
