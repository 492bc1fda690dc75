"""Import speed and memory on a generated 100,000 rows x 12 columns .xlsx, against bare calamine, openpyxl and
LibreOffice; the whole `import --json` process on it, and the whole summary import of a generated 1,000,000-row CSV."""

from __future__ import annotations

import compileall
import random
import shutil
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
CSV_1M_FILE = CACHED_FILE.with_name("import_1m_v1.csv")
CSV_ROWS = 1_000_000
WHOLE_RUNS = 5

# The command line in-process, then this process's own peak (VmHWM): a child's ru_maxrss would carry its parent's.
_CLI_PEAK_SCRIPT = """
import os, sys
sys.path.insert(0, {root!r})
from desktop.cli import main
with open(os.devnull, "w") as sys.stdout:
    code = main({args!r})
peak_kb = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(code, peak_kb, file=sys.stderr)
"""
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


def csv_1m_file() -> Path:
    """A million budget lines and two years (15 MB), written once and kept in the temp folder."""
    if CSV_1M_FILE.exists():
        return CSV_1M_FILE
    CSV_1M_FILE.parent.mkdir(parents=True, exist_ok=True)
    partial = CSV_1M_FILE.with_suffix(".partial")
    with partial.open("w") as handle:
        handle.write("Line,2024,2025\n")
        handle.writelines(f"L{n},{n % 997},{n % 991}\n" for n in range(CSV_ROWS))
    partial.replace(CSV_1M_FILE)
    return CSV_1M_FILE


def _whole_process(args: list[str], stdout=subprocess.DEVNULL) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "desktop", *args], cwd=ROOT, check=True, stdout=stdout)
    return time.perf_counter() - start


def _cli_peak_mb(args: list[str]) -> float:
    script = _CLI_PEAK_SCRIPT.format(root=str(ROOT), args=args)
    output = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True).stderr
    code, peak_kb = output.split()[-2:]
    assert code == "0", output
    return int(peak_kb) / 1024


def _libreoffice_vs_import(path: Path) -> dict:
    """LibreOffice headless converting the workbook to CSV against the importer, whole processes, interleaved."""
    soffice = shutil.which("soffice")
    if soffice is None:
        return {}
    with tempfile.TemporaryDirectory() as folder:
        profile = Path(folder, "profile").as_uri()
        convert = [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "csv", "--outdir", folder, str(path)]

        def libreoffice() -> float:
            start = time.perf_counter()
            subprocess.run(convert, check=True, capture_output=True, timeout=600)
            seconds = time.perf_counter() - start
            assert Path(folder, path.stem + ".csv").stat().st_size > 0
            return seconds

        libreoffice()  # the first start writes the profile
        ours, theirs = [], []
        for _ in range(3):
            ours.append(_whole_process(["import", str(path)]))
            theirs.append(libreoffice())
    return {
        "libreoffice_csv_100k_s_median": round(statistics.median(theirs), 3),
        "import_vs_libreoffice_speedup": round(statistics.median(theirs) / statistics.median(ours), 2),
    }


def _whole_imports(path: Path) -> dict:
    """`import FILE --json > out` on the workbook and the summary import of the million-row CSV, whole processes."""
    big_csv = csv_1m_file()
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder, "out.json")
        json_runs = []
        for _ in range(WHOLE_RUNS):
            with out.open("w") as handle:
                json_runs.append(_whole_process(["import", str(path), "--json"], stdout=handle))
        json_mb = out.stat().st_size / 1e6
    csv_runs = [_whole_process(["import", str(big_csv)]) for _ in range(WHOLE_RUNS)]
    return {
        "import_json_100k_s_median": round(statistics.median(json_runs), 3),
        "import_json_100k_output_mb": round(json_mb, 1),
        "import_csv_1m_s_median": round(statistics.median(csv_runs), 3),
        "import_csv_1m_peak_mb": round(_cli_peak_mb(["import", str(big_csv)]), 1),
    }


def run() -> dict:
    sys.path.insert(0, str(ROOT))
    # Bytecode as an installed app has it (pip and PyInstaller compile at install), also where PYTHONDONTWRITEBYTECODE
    # is set: the whole-process figures would otherwise include compiling the planner's modules (about 0.04 s a run).
    compileall.compile_dir(ROOT / "desktop", quiet=1)
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
        **_whole_imports(path),
        **_libreoffice_vs_import(path),
    }


if __name__ == "__main__":
    print(run())
