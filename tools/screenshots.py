"""Render one PNG per window tab through the `--screenshot` contract: `python tools/screenshots.py OUT_DIR`.

`make screenshots` runs this under Xvfb, so the real xcb platform (fonts, styles) draws them.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The milestones tab is empty under the default preset; the UK plan has two.
SHOTS = (
    ("allies", "hague-2035"),
    ("trajectories", "hague-2035"),
    ("burden", "hague-2035"),
    ("gap", "hague-2035"),
    ("milestones", "uk-plan"),
    ("compare", "hague-2035"),  # the Compare Scenarios dialog: status quo against the open Hague 2035
)


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else "screenshots")
    out.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    if env.get("DISPLAY") and not env.get("QT_QPA_PLATFORM"):
        env["QT_QPA_PLATFORM"] = "xcb"
    failed = 0
    for tab, preset in SHOTS:
        path = out / f"{tab}.png"
        command = [sys.executable, "-m", "desktop", "--screenshot", str(path), "--tab", tab, "--preset", preset]
        code = subprocess.run(command, cwd=ROOT, env=env).returncode
        print(f"{'wrote' if code == 0 else 'FAILED'} {path} ({env.get('QT_QPA_PLATFORM', 'offscreen')}, {preset})")
        failed += code != 0
    # The import dialog, over a generated ministry workbook.
    path = out / "import.png"
    code = subprocess.run([sys.executable, str(ROOT / "tools" / "import_dialog_screenshot.py"), str(path)], cwd=ROOT, env=env).returncode
    print(f"{'wrote' if code == 0 else 'FAILED'} {path} ({env.get('QT_QPA_PLATFORM', 'offscreen')}, import dialog)")
    failed += code != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
