"""Render one PNG per window tab through the `--screenshot` contract: `python tools/screenshots.py OUT_DIR`.

`make screenshots` runs this under Xvfb, so the real xcb platform (fonts, styles) draws them.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The milestones tab is empty under the default preset; the UK plan has two.
SHOTS = (
    ("allies", "hague-2035"),
    ("trajectories", "hague-2035"),
    ("burden", "hague-2035"),
    ("gap", "hague-2035"),
    ("milestones", "uk-plan"),
    ("plans", "national-plans"),
    ("budget_lines", "uk-announcements"),  # the SDR's lines against the UK's extra, and the 20% equipment line
    ("compare", "hague-2035"),  # the Compare Scenarios dialog: status quo against the open Hague 2035
)


def budget_lines_scenario(folder: Path) -> Path:
    """The UK plan with budget lines as a ministry spreadsheet would give them, saved as a .defplan."""
    sys.path.insert(0, str(ROOT))
    from dataclasses import replace

    from desktop.core.dataset import default_dataset
    from desktop.core.presets import preset_scenario
    from desktop.core.scenario import BudgetLine
    from desktop.core.scenario_file import write_scenario

    source = "mod-budget-lines-2026.xlsx"
    lines = (
        BudgetLine("Drones and autonomous systems", "GBR", "GBP", ((2026, 400.0), (2027, 900.0), (2028, 1_500.0)), source),
        BudgetLine("Integrated air and missile defence", "GBR", "GBP", ((2026, 1_000.0), (2027, 1_600.0), (2028, 2_400.0)), source),
        BudgetLine("Munitions stockpile", "DEU", "EUR", ((2027, 3_000.0), (2028, 4_500.0)), "bmvg-haushalt.xlsx"),
    )
    scenario = replace(preset_scenario("uk-plan", default_dataset()), budget_lines=lines)
    path = folder / "budget-lines.defplan"
    write_scenario(scenario, path)
    return path


SMALL_SCREEN = "1280x800"  # every view again as a 1280×800 laptop shows it, in screenshots/1280x800/


def briefing_pages(out: Path, env: dict) -> int:
    """The UK plan briefing (with budget lines) as one PNG per page, through poppler's pdftoppm."""
    with tempfile.TemporaryDirectory() as folder:
        scenario = budget_lines_scenario(Path(folder))
        pdf = Path(folder) / "briefing.pdf"
        code = subprocess.run([sys.executable, "-m", "desktop", "brief", "--scenario", str(scenario), "-o", str(pdf)], cwd=ROOT, env=env).returncode
        if code == 0:
            code = subprocess.run(["pdftoppm", "-r", "110", "-png", str(pdf), str(out / "briefing")]).returncode
    print(f"{'wrote' if code == 0 else 'FAILED'} {out}/briefing-*.png (briefing PDF pages)")
    return code != 0


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else "screenshots")
    (out / SMALL_SCREEN).mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    if env.get("DISPLAY") and not env.get("QT_QPA_PLATFORM"):
        env["QT_QPA_PLATFORM"] = "xcb"
    failed = 0
    for tab, preset in SHOTS:
        for folder, size in ((out, "1440x900"), (out / SMALL_SCREEN, SMALL_SCREEN)):
            path = folder / f"{tab}.png"
            command = [sys.executable, "-m", "desktop", "--screenshot", str(path), "--tab", tab, "--preset", preset, "--size", size]
            code = subprocess.run(command, cwd=ROOT, env=env).returncode
            print(f"{'wrote' if code == 0 else 'FAILED'} {path} ({env.get('QT_QPA_PLATFORM', 'offscreen')}, {preset}, {size})")
            failed += code != 0
    failed += briefing_pages(out, env)
    # The Gap tab's budget lines, from a scenario file holding a few.
    path = out / "gap-budget-lines.png"
    with tempfile.TemporaryDirectory() as folder:
        scenario = budget_lines_scenario(Path(folder))
        command = [sys.executable, "-m", "desktop", "--screenshot", str(path), "--tab", "gap", str(scenario)]
        code = subprocess.run(command, cwd=ROOT, env=env).returncode
    print(f"{'wrote' if code == 0 else 'FAILED'} {path} ({env.get('QT_QPA_PLATFORM', 'offscreen')}, budget lines)")
    failed += code != 0
    # The import dialog, over a generated ministry workbook.
    path = out / "import.png"
    code = subprocess.run([sys.executable, str(ROOT / "tools" / "import_dialog_screenshot.py"), str(path)], cwd=ROOT, env=env).returncode
    print(f"{'wrote' if code == 0 else 'FAILED'} {path} ({env.get('QT_QPA_PLATFORM', 'offscreen')}, import dialog)")
    failed += code != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
