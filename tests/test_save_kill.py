"""Killing the process in the middle of saving never corrupts the file that was there before."""

import os
import random
import signal
import subprocess
import sys
import time

import pytest

from desktop.core.scenario_file import EXTENSION, read_scenario, write_scenario

from .conftest import ROOT

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")

ROUNDS = 8
LINES = 4000  # about 2 MB of JSON per save, so a kill often lands inside the write

# Saves generation 1, 2, 3, ... to the same file as fast as it can. Budget lines name the parity of their
# generation, so a file mixing two consecutive saves would show up even if it parsed.
WRITER = f"""
import dataclasses, sys
from desktop.core.scenario import BudgetLine, Scenario
from desktop.core.scenario_file import write_scenario

path, first = sys.argv[1], int(sys.argv[2])
big = [
    Scenario(name="-", budget_lines=tuple(BudgetLine(f"line {{n}} {{parity}}", "GBR", "GBP", tuple((y, float(n + y)) for y in range(2026, 2041))) for n in range({LINES})))
    for parity in ("even", "odd")
]
generation = first
while True:
    write_scenario(dataclasses.replace(big[generation % 2], name=f"generation {{generation}}"), path)
    print(generation, flush=True)
    generation += 1
"""


def _generation(path) -> int:
    scenario = read_scenario(path)
    generation = int(scenario.name.split()[-1])
    assert len(scenario.budget_lines) in (0, LINES)
    assert all(line.label.endswith(("even", "odd")[generation % 2]) for line in scenario.budget_lines)
    return generation


def _temp_files(folder, name):
    return sorted(p.name for p in folder.iterdir() if p.name != name)


def _wait_for_a_temp_file(folder, name, known, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if set(_temp_files(folder, name)) - known:
            return
    raise AssertionError("the writer never created a temporary file")


def test_a_save_killed_at_random_moments_leaves_the_old_or_the_new_file(tmp_path):
    from desktop.core.scenario import Scenario

    target = tmp_path / f"plan{EXTENSION}"
    write_scenario(Scenario(name="generation 0"), target)
    rng = random.Random(20250624)
    leftovers: set[str] = set()
    killed_inside_a_write = 0
    for round_ in range(ROUNDS):
        before = _generation(target)
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(target), str(before + 1)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        # The first line says a save has completed: the interpreter is up and saving in a loop.
        assert writer.stdout.readline().strip() == str(before + 1), writer.stderr.read()
        if round_ % 2:
            _wait_for_a_temp_file(tmp_path, target.name, leftovers)  # aim inside the write itself
        else:
            time.sleep(rng.uniform(0.0, 0.25))
        writer.send_signal(signal.SIGKILL)
        completed = [int(line) for line in writer.communicate(timeout=30)[0].split()]
        assert writer.returncode == -signal.SIGKILL
        last_reported = completed[-1] if completed else before + 1
        after = _generation(target)  # parses: the old file or a complete new one
        assert after > before
        assert after in (last_reported, last_reported + 1)  # the killed save finished its rename or left the file alone
        new_leftovers = set(_temp_files(tmp_path, target.name)) - leftovers
        assert len(new_leftovers) <= 1, new_leftovers  # at most the killed save's own temporary file
        assert all(n.startswith(f".{target.name}.") and n.endswith(".tmp") for n in new_leftovers)
        leftovers |= new_leftovers
        killed_inside_a_write += len(new_leftovers)
    assert killed_inside_a_write > 0  # the test did hit the moment it is about

    # Leftover temporary files never stand in for the target: hidden, not *.defplan, and the next save
    # and open ignore them.
    assert not any(n.endswith(EXTENSION) for n in leftovers)
    write_scenario(Scenario(name="generation 999"), target)
    assert _generation(target) == 999
    assert set(_temp_files(tmp_path, target.name)) == leftovers
