"""How long the planner keeps someone waiting where the tests only check that it does not hang.

Refusing a bad file (in process and through the command line), cancelling a million-row import, and the window
handing a slow save or recovery copy to a worker: the tests assert the behaviour, these figures the time.
`run() -> dict` is what bench/run.py merges into bench/results.json; `python bench/bench_waits.py` prints it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# A save and a recovery copy whose writes are held back until measured; the window must not wait for them.
_HELD_WRITES = """
import json, os, sys, threading, time
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from desktop.core.presets import preset_scenario
from desktop.core.dataset import default_dataset
from desktop.core.scenario_file import write_scenario
from desktop.ui import file_controller, recovery_writer
from desktop.ui.app import application, build_window, dispose
from desktop.ui.settings import Settings

folder = sys.argv[1]
plan = os.path.join(folder, "plan.defplan")
write_scenario(preset_scenario("uk-plan", default_dataset()), plan)
release = threading.Event()
real_save, real_copy = file_controller.write_scenario, recovery_writer.write_recovery
file_controller.write_scenario = lambda *a: (release.wait(30), real_save(*a))
recovery_writer.write_recovery = lambda *a: (release.wait(30), real_copy(*a))
app = application()
window = build_window(open_file=plan, settings=Settings(None), recovery_folder=os.path.join(folder, "state"))
window.panel.core_box.setValue(4.2)
began = time.perf_counter()
window.recovery.write_now()
copy_s = time.perf_counter() - began
began = time.perf_counter()
window.files.save()
save_s = time.perf_counter() - began
release.set()
window.files.wait_for_save()
window.recovery.shut_down()
dispose(window)
print("RESULT", json.dumps({"copy_s": copy_s, "save_s": save_s}))
"""


def _bad_files(folder: Path) -> list[Path]:
    from tests.test_import_bad_files import BAD_FILES

    paths = []
    for name, (make, _) in sorted(BAD_FILES.items()):
        made = make(folder / name)
        paths.append(made if isinstance(made, Path) else folder / name)
    return paths


def _refusals(paths: list[Path]) -> tuple[float, float]:
    from desktop.spreadsheets.reading.importer import ImportFailure, import_file

    in_process, cli = [], []
    for path in paths:
        began = time.perf_counter()
        try:
            import_file(path)
        except ImportFailure:
            pass
        in_process.append(time.perf_counter() - began)
        began = time.perf_counter()
        subprocess.run([sys.executable, "-m", "desktop", "import", str(path), "--json"], cwd=ROOT, capture_output=True, timeout=120)
        cli.append(time.perf_counter() - began)
    return max(in_process), max(cli)


def _cancel_s(folder: Path) -> float:
    from desktop.spreadsheets.reading.importer import ImportCancelled, import_file

    path = folder / "million.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("Line;2023;2024\n")
        handle.writelines(f"Line {n};{n % 997},5;{n % 991},25\n" for n in range(1_000_000))
    seen: list[float] = []
    began = time.perf_counter()
    try:
        import_file(path, progress=seen.append, cancel=lambda: bool(seen) and seen[-1] > 0.25)
    except ImportCancelled:
        pass
    return time.perf_counter() - began


def _held_writes(folder: Path) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", _HELD_WRITES, str(folder)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True)
    line = next(line for line in done.stdout.splitlines() if line.startswith("RESULT "))
    return json.loads(line.removeprefix("RESULT "))


def run() -> dict:
    with tempfile.TemporaryDirectory(prefix="defence-planner-bench-") as tmp:
        folder = Path(tmp)
        import_max, cli_max = _refusals(_bad_files(folder))
        cancel = _cancel_s(folder)
        held = _held_writes(folder)
    return {
        "bad_file_import_s_max": round(import_max, 3),
        "bad_file_cli_s_max": round(cli_max, 3),
        "import_1m_cancel_at_25pct_s": round(cancel, 3),
        "save_with_held_write_returns_ms": round(held["save_s"] * 1000, 1),
        "recovery_copy_with_held_write_returns_ms": round(held["copy_s"] * 1000, 1),
    }


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
