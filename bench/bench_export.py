"""Export timing: the full hague-2035 workbook with charts, base year to 2040, median of several runs."""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

RUNS = 5


def run() -> dict:
    from desktop.core.dataset import default_dataset
    from desktop.core.presets import preset_scenario
    from desktop.core.projection import compute
    from desktop.spreadsheets.workbook.export import build_workbook, export_workbook
    from desktop.spreadsheets.workbook.saving import workbook_bytes

    dataset = default_dataset()
    result = compute(dataset, preset_scenario("hague-2035", dataset))
    times = []
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "hague-2035.xlsx"
        export_workbook(result, target)  # warm-up: first-use imports of openpyxl are not the export's cost
        for _ in range(RUNS):
            start = time.perf_counter()
            export_workbook(result, target)
            times.append(time.perf_counter() - start)
        size = target.stat().st_size
    builds, saves = [], []  # the two halves of an export: making the openpyxl workbook, and writing it as .xlsx
    for _ in range(RUNS):
        start = time.perf_counter()
        wb = build_workbook(result)
        built = time.perf_counter()
        workbook_bytes(wb)
        builds.append(built - start)
        saves.append(time.perf_counter() - built)
    return {
        "export_s_median": round(statistics.median(times), 4),
        "export_runs": RUNS,
        "export_bytes": size,
        "export_build_s_median": round(statistics.median(builds), 4),
        "export_save_s_median": round(statistics.median(saves), 4),
    }


if __name__ == "__main__":
    print(run())
