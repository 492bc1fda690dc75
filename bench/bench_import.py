"""Import speed and memory on a generated 100,000 rows x 12 columns .xlsx, against bare calamine and openpyxl."""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROWS = 100_000
YEARS = [*range(2014, 2024), "2024e"]
CACHED_FILE = Path(tempfile.gettempdir()) / "defence-planner-bench" / "import_100k_v1.xlsx"
SHEET = "Lines"

_PEAK_SCRIPT = """
import resource, sys
sys.path.insert(0, {root!r})
from desktop.spreadsheets.reading.importer import import_file
report = import_file({path!r})
assert sum(len(table.rows) for table in report.tables) == {rows}
# VmHWM is this process's own peak; ru_maxrss would also keep the peak of the parent
# it was forked from (Linux carries it across exec), inflating the figure by the bench's size.
try:
    peak_kb = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
except (OSError, StopIteration):
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(peak_kb)
"""


def bench_file() -> Path:
    """The 100k-row workbook, written once with openpyxl (write-only) and kept in the temp folder."""
    if CACHED_FILE.exists():
        return CACHED_FILE
    from openpyxl import Workbook

    CACHED_FILE.parent.mkdir(parents=True, exist_ok=True)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET)
    sheet.append(["Defence budget lines, generated for the import benchmark"])
    sheet.append(["£ million"])
    sheet.append([])
    sheet.append(["Line", *YEARS])
    rng = random.Random(2024)
    for number in range(1, ROWS + 1):
        sheet.append([f"Budget line {number}", *(round(rng.uniform(0, 5000), 3) for _ in YEARS)])
    partial = CACHED_FILE.with_suffix(".partial.xlsx")
    workbook.save(partial)
    partial.replace(CACHED_FILE)
    return CACHED_FILE


def _median(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _import(path: Path) -> None:
    from desktop.spreadsheets.reading.importer import import_file

    report = import_file(path)
    assert sum(len(table.rows) for table in report.tables) == ROWS


def _bare_calamine(path: Path) -> None:
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(SHEET).to_python()
    assert len(rows) >= ROWS


def _openpyxl_read_only(path: Path) -> None:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    rows = sum(1 for _ in workbook[SHEET].iter_rows(values_only=True))
    workbook.close()
    assert rows >= ROWS


def _peak_mb(path: Path) -> float:
    """Peak resident memory (MB) of a fresh process that imports the file."""
    script = _PEAK_SCRIPT.format(root=str(ROOT), path=str(path), rows=ROWS)
    output = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True).stdout
    return int(output.strip().splitlines()[-1]) / 1024


def run() -> dict:
    sys.path.insert(0, str(ROOT))
    path = bench_file()
    _import(path)
    # Interleave the two readers so that machine noise hits both alike.
    imports, bares = [], []
    for _ in range(5):
        imports.append(_median(lambda: _import(path), 1))
        bares.append(_median(lambda: _bare_calamine(path), 1))
    import_s = statistics.median(imports)
    bare_s = statistics.median(bares)
    openpyxl_s = _median(lambda: _openpyxl_read_only(path), 1)
    peak = statistics.median(_peak_mb(path) for _ in range(3))
    return {
        "import_100k_s_median": round(import_s, 3),
        "import_vs_calamine_ratio": round(import_s / bare_s, 3),
        "import_vs_openpyxl_speedup": round(openpyxl_s / import_s, 2),
        "import_100k_peak_mb": round(peak, 1),
    }


if __name__ == "__main__":
    print(run())
