"""Start-up loads what the first screen needs: no chart library until a chart is shown or the app warms it up."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SCRIPT = """
import sys
from desktop.ui.app import application, build_window, warm_up_charts
from desktop.ui.settings import Settings
app = application()
window = build_window(settings=Settings(None))
window.show()
app.processEvents()
first = sorted(m for m in ("pyqtgraph", "openpyxl", "python_calamine", "desktop.ui.plots.chart") if m in sys.modules)
warm_up_charts()
warmed = "pyqtgraph" in sys.modules
window.show_tab("trajectories")
app.processEvents()
drawn = len(window.trajectories.plot.listDataItems()) > 0
print("RESULT", first, warmed, drawn)
"""


def test_the_first_screen_loads_no_chart_or_spreadsheet_library_and_the_warm_up_does():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    line = next(l for l in done.stdout.splitlines() if l.startswith("RESULT"))
    assert line == "RESULT [] True True"
