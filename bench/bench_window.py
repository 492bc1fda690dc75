"""Window benchmarks: start-up against a bare QMainWindow + PlotWidget, edit-to-plot latency, memory.

`run() -> dict` is what bench/run.py merges into bench/results.json; `python bench/bench_window.py`
prints it. Every measurement runs in a fresh offscreen subprocess.
"""

from __future__ import annotations

import compileall
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = 5
EDITS = 30

_BARE = """
import os, sys, time
os.environ["PYQTGRAPH_QT_LIB"] = "PySide6"
from PySide6.QtWidgets import QApplication, QMainWindow
import pyqtgraph as pg
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setCentralWidget(pg.PlotWidget())
window.resize(1440, 900)
window.show()
app.processEvents()
"""

_WINDOW = """
import sys
from desktop.ui.app import application, build_window
from desktop.ui.settings import Settings
app = application()
window = build_window(settings=Settings(None))
window.resize(1440, 900)
window.show()
app.processEvents()
"""

_REPORT = """
rss_kb = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmRSS:"))
print("RESULT", rss_kb)
"""

_EDITS = """
import json, statistics, time
from desktop.core.commands import SetTargetField
from desktop.ui.main_window import TABS
by_tab = {}
for tab in TABS:
    window.show_tab(tab)
    app.processEvents()
    timings = []
    for n in range(%d):
        start = time.perf_counter()
        window.document.execute(SetTargetField("core_pct", 3.0 + (n %% 20) / 10))
        window.document.end_merge()
        app.processEvents()
        timings.append((time.perf_counter() - start) * 1000)
    by_tab[tab] = timings
print("EDITS", json.dumps(by_tab))
""" % EDITS


def _child(code: str) -> tuple[float, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True)
    return time.perf_counter() - start, done.stdout


def _rss_mb(stdout: str) -> float:
    line = next(l for l in stdout.splitlines() if l.startswith("RESULT"))
    return int(line.split()[1]) / 1024


def run() -> dict:
    # Bytecode as an installed app has it (pip and PyInstaller compile at install): pyqtgraph and numpy, on the
    # bare side, come compiled; the planner's own modules must be too, also where PYTHONDONTWRITEBYTECODE is set.
    compileall.compile_dir(ROOT / "desktop", quiet=1)
    _child(_WINDOW)  # warm the file cache so neither side pays for the first read
    bare, window, rss = [], [], []
    for _ in range(RUNS):
        seconds, _ = _child(_BARE + _REPORT)
        bare.append(seconds)
        seconds, out = _child(_WINDOW + _REPORT)
        window.append(seconds)
        rss.append(_rss_mb(out))
    _, out = _child(_WINDOW + _EDITS)
    edits = json.loads(next(l for l in out.splitlines() if l.startswith("EDITS"))[len("EDITS "):])
    return {
        "startup_s_median": round(statistics.median(window), 3),
        "startup_bare_s_median": round(statistics.median(bare), 3),
        "startup_vs_bare_ratio": round(statistics.median(window) / statistics.median(bare), 2),
        # The slowest tab's median: an edit is only as quick as the view it is made in.
        "edit_to_plot_ms_median": round(max(statistics.median(timings) for timings in edits.values()), 2),
        "edit_to_plot_ms_by_tab": {tab: round(statistics.median(timings), 2) for tab, timings in edits.items()},
        "rss_mb_after_start": round(statistics.median(rss), 1),
    }


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
