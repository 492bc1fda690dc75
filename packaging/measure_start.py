"""Times start to rendered window (`--screenshot`) for the frozen and the unfrozen app, best of N runs.

Usage: measure_start.py FROZEN_EXE [RUNS]. Prints one line per app and exits 1 if either
fails to render, so CI shows the cause rather than a number for a crash.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def best_time(command: list[str], runs: int) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    best = float("inf")
    with tempfile.TemporaryDirectory() as tmp:
        png = Path(tmp) / "window.png"
        for _ in range(runs):
            png.unlink(missing_ok=True)
            t0 = time.perf_counter()
            done = subprocess.run(command + ["--screenshot", str(png)], env=env, capture_output=True, text=True, cwd=ROOT)
            elapsed = time.perf_counter() - t0
            if done.returncode != 0 or not png.is_file():
                last = (done.stderr.strip().splitlines() or ["no screenshot written"])[-1]
                raise RuntimeError(f"{' '.join(command)} --screenshot failed (exit {done.returncode}): {last}")
            best = min(best, elapsed)
    return best


def main(argv: list[str]) -> int:
    if not 2 <= len(argv) <= 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    runs = int(argv[2]) if len(argv) == 3 else 3
    try:
        frozen = best_time([str(Path(argv[1]).resolve())], runs)
        unfrozen = best_time([sys.executable, "-m", "desktop"], runs)
    except RuntimeError as exc:
        print(f"start time: {exc}", file=sys.stderr)
        return 1
    verdict = "no slower" if frozen <= unfrozen * 1.05 else "SLOWER"
    print(f"start to window (best of {runs}): frozen {frozen:.2f} s, unfrozen {unfrozen:.2f} s: frozen is {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
