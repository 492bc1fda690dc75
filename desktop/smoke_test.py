"""`defence-planner --smoke-test`: proves an installed (or frozen) app works end to end.

It renders the main window offscreen, computes every preset, exports a workbook, reads
it back both ways, and prints the library versions. The first failing step ends the
test with one line naming the step, so a CI log or a user's bug report says what broke.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from . import __version__

EXPORTED_PRESET = "hague-2035"
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class SmokeFailure(Exception):
    """A step ran but its result is wrong; the message says how."""


def _main_window(work: Path) -> str:
    from .ui.app import run

    png = work / "window.png"
    status = run(preset=None, screenshot=str(png), tab=None, open_file=None)
    if status != 0:
        raise SmokeFailure(f"the window exited with status {status}")
    if not png.is_file() or png.stat().st_size < 1000 or png.read_bytes()[:8] != _PNG_SIGNATURE:
        raise SmokeFailure(f"no PNG screenshot of the window was written to {png}")
    return f"rendered offscreen ({png.stat().st_size // 1024} KB PNG)"


def _presets(work: Path) -> str:
    import numpy as np

    from .core.dataset import default_dataset
    from .core.presets import PRESETS, preset_scenario
    from .core.projection import compute

    dataset = default_dataset()
    for key in PRESETS:
        result = compute(dataset, preset_scenario(key, dataset))
        if not np.isfinite(result.spend_usd_m[result.inputs.counted]).all():
            raise SmokeFailure(f"preset {key} gives a spending figure that is not a number")
    return f"{len(PRESETS)} presets, {len(dataset.allies)} allies"


def _export(work: Path) -> str:
    from .core.dataset import default_dataset
    from .core.presets import preset_scenario
    from .core.projection import compute
    from .spreadsheets.workbook.export import export_workbook

    dataset = default_dataset()
    path = work / f"{EXPORTED_PRESET}.xlsx"
    export_workbook(compute(dataset, preset_scenario(EXPORTED_PRESET, dataset)), path)
    if not path.is_file() or path.stat().st_size == 0:
        raise SmokeFailure(f"export_workbook wrote nothing to {path}")
    return f"{path.name}, {path.stat().st_size // 1024} KB"


def _read_back(work: Path) -> str:
    import numpy as np

    from .core.dataset import default_dataset
    from .core.presets import preset_scenario
    from .core.projection import compute
    from .spreadsheets.workbook.export import read_planner_workbook

    dataset = default_dataset()
    original = compute(dataset, preset_scenario(EXPORTED_PRESET, dataset))
    again = compute(dataset, read_planner_workbook(work / f"{EXPORTED_PRESET}.xlsx"))
    if original.spend_usd_m.shape != again.spend_usd_m.shape or not np.allclose(
        original.spend_usd_m, again.spend_usd_m, rtol=1e-9, equal_nan=True
    ):
        raise SmokeFailure("the scenario read back from the exported workbook computes different spending")
    return "scenario round-trips"


def _import(work: Path) -> str:
    import json

    from .spreadsheets.reading.importer import import_file

    report = import_file(str(work / f"{EXPORTED_PRESET}.xlsx"))
    summary = report.to_dict()
    if not summary:
        raise SmokeFailure("the importer reports nothing in the exported workbook")
    json.dumps(summary, allow_nan=False)
    return "the importer reads the exported workbook"


def versions() -> dict[str, str]:
    """The versions a bug report needs; a library that will not import shows as 'missing'."""
    import importlib
    import platform
    from importlib import metadata

    found = {
        "defence-planner": __version__,
        "Python": platform.python_version(),
        "platform": f"{platform.system()} {platform.machine()}" + (" (frozen)" if getattr(sys, "frozen", False) else ""),
    }
    for label, module_name, attribute in (
        ("PySide6", "PySide6", "__version__"),
        ("Qt", "PySide6.QtCore", "qVersion"),
        ("pyqtgraph", "pyqtgraph", "__version__"),
        ("numpy", "numpy", "__version__"),
        ("openpyxl", "openpyxl", "__version__"),
        ("python-calamine", "python_calamine", None),  # no __version__: its package metadata has it
    ):
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            found[label] = "missing"
            continue
        value = getattr(module, attribute, None) if attribute else None
        if callable(value):
            value = value()
        if value is None:
            try:
                value = metadata.version(label)
            except metadata.PackageNotFoundError:
                value = "unknown"
        found[label] = str(value)
    return found


def _versions(work: Path) -> str:
    found = versions()
    missing = [name for name, value in found.items() if value == "missing"]
    print("  " + ", ".join(f"{name} {value}" for name, value in found.items()))
    if missing:
        raise SmokeFailure(f"cannot import {', '.join(missing)}")
    return "all libraries import"


STEPS = (
    ("main window", _main_window),
    ("compute presets", _presets),
    ("export workbook", _export),
    ("read workbook back", _read_back),
    ("import workbook", _import),
    ("versions", _versions),
)


def _one_line(exc: BaseException) -> str:
    if isinstance(exc, ImportError) and exc.name:
        where = "this build" if getattr(sys, "frozen", False) else "this installation"
        return f"module {exc.name} is missing from {where}"
    text = " ".join(str(exc).split()) or "(no message)"
    return text if isinstance(exc, SmokeFailure) else f"{type(exc).__name__}: {text}"


def run_smoke_test(steps=STEPS) -> int:
    """Runs the steps in order; 0 when all pass, else 1 after one line naming the failed step."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="defence-planner-smoke-") as tmp:
        work = Path(tmp)
        for name, step in steps:
            t0 = time.perf_counter()
            try:
                detail = step(work)
            except Exception as exc:
                print(f"smoke test FAILED at step '{name}': {_one_line(exc)}", file=sys.stderr, flush=True)
                return 1
            print(f"ok  {name}: {detail} ({time.perf_counter() - t0:.2f} s)", flush=True)
    print(f"smoke test passed in {time.perf_counter() - started:.1f} s", flush=True)
    return 0
