"""`make bench`: speed and memory figures as medians, written to bench/results.json.

The core figures are measured here; each feature's own bench module (bench_*.py
beside this file, each with `run() -> dict`) adds its keys when it exists.
"""

from __future__ import annotations

import importlib.util
import json
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))


def _median_s(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def bench_core() -> dict:
    from desktop.core.dataset import default_dataset, load_dataset
    from desktop.core.presets import preset_scenario
    from desktop.core.projection import compute

    dataset = default_dataset()
    scenario = replace(preset_scenario("hague-2035", dataset), horizon=2060, milestones={"GBR": [(2027, 2.5), (2034, 3.0)]})
    compute(dataset, scenario)
    recompute = statistics.median(_median_s(lambda: compute(dataset, scenario), 50) for _ in range(9))
    load = _median_s(load_dataset, 15)

    def process(args):
        return lambda: subprocess.run([sys.executable, *args], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)

    cli = _median_s(process(["-m", "desktop", "compute", "--preset", "hague-2035", "--json"]), 7)
    bare = _median_s(process(["-c", "import numpy"]), 7)
    return {
        "recompute_ms_median": round(recompute * 1000, 4),
        "dataset_load_ms_median": round(load * 1000, 3),
        "cli_compute_s_median": round(cli, 4),
        "bare_numpy_import_s_median": round(bare, 4),
        "cli_compute_vs_bare_numpy_ratio": round(cli / bare, 3),
    }


def bundle_sizes() -> dict:
    """The onedir bundle and its archive (MB, as packaging/ci_bundle.sh counts them), when `make bundle` has built them."""
    onedir = ROOT / "dist" / "defence-planner"
    if not onedir.is_dir():
        return {}
    mib = 1024 * 1024
    sizes = {"bundle_onedir_mb": round(sum(f.stat().st_size for f in onedir.rglob("*") if f.is_file() and not f.is_symlink()) / mib, 1)}
    archives = sorted((ROOT / "dist").glob("defence-planner-*.tar.gz"), key=lambda f: f.stat().st_mtime)
    if archives:
        sizes["bundle_archive_mb"] = round(archives[-1].stat().st_size / mib, 1)
    return sizes


def _feature_benches():
    for path in sorted(HERE.glob("bench_*.py")):
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        yield path.stem, module.run


def main() -> int:
    out = HERE / "results.json"
    results = json.loads(out.read_text()) if out.exists() else {}
    results.update(bench_core())
    results.update(bundle_sizes())
    print(json.dumps(results, indent=2), flush=True)
    failures = []
    for name, run in _feature_benches():
        try:
            results.update(run())
        except Exception as exc:  # a broken feature bench must not hide the others' figures
            failures.append(f"{name}: {exc}")
    results["machine"] = {"python": platform.python_version(), "cpus": __import__("os").cpu_count(), "platform": platform.platform()}
    results["measured_at"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    out.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    print(json.dumps(results, indent=2, sort_keys=True))
    for f in failures:
        print(f"bench failed: {f}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
