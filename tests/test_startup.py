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


IMPORT_SCRIPT = """
import sys, threading
from importlib.abc import MetaPathFinder

class Where(MetaPathFinder):
    on_gui_thread = []
    def find_spec(self, name, path, target=None):
        if name.startswith(("desktop.spreadsheets", "desktop.ui.import_")) and threading.current_thread() is threading.main_thread():
            self.on_gui_thread.append(name)
        return None

from desktop.ui.app import application, build_window
from desktop.ui.settings import Settings
app = application()
window = build_window(settings=Settings(None))
window.show()
app.processEvents()
already = sorted(m for m in sys.modules if m.startswith(("desktop.spreadsheets", "desktop.ui.import_")))
sys.meta_path.insert(0, Where())
window.imports.import_spreadsheet(sys.argv[1])
while window.imports.dialog is None:
    app.processEvents()
print("RESULT", already, Where.on_gui_thread, window.imports.dialog.records_model.rowCount())
window.imports.shut_down()
"""


def test_the_first_import_loads_the_spreadsheet_modules_off_the_gui_thread(tmp_path):
    """Loading them took the window some 100 ms on the first import of a session."""
    path = tmp_path / "spending.csv"
    path.write_text("Country,2023,2024\nNorway,1.5,1.6\nPoland,3.9,4.1\n")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", IMPORT_SCRIPT, str(path)], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    line = next(l for l in done.stdout.splitlines() if l.startswith("RESULT"))
    assert line == "RESULT ['desktop.ui.import_controller'] [] 4", line
