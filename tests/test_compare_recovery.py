"""Comparing two scenarios, and the crash-recovery copy."""

import os
import subprocess
import sys

import pytest

from desktop.core.compare import common_years, compare_year
from desktop.core.presets import preset_scenario
from desktop.core.projection import compute
from desktop.core.recovery import (
    RecoveryCopyDamaged,
    left_behind,
    process_running,
    read_recovery,
    recovery_path,
    remove_recovery,
    write_recovery,
)


def test_compare_gives_per_ally_differences(dataset):
    a = compute(dataset, preset_scenario("status-quo", dataset))
    b = compute(dataset, preset_scenario("hague-2035", dataset))
    rows = {r.iso3: r for r in compare_year(a, b, 2035)}
    assert "ISL" not in rows and len(rows) == 31
    bel = rows["BEL"]
    i = dataset.index("BEL")
    assert bel.share_diff == pytest.approx(3.5 - dataset.value("BEL", "share_gdp_pct", 2025))
    assert bel.extra_diff_usd_m == pytest.approx(b.extra_usd_m[i, b.year_index(2035)])
    assert not rows["POL"].differs and bel.differs
    assert rows["GBR"].period == "2035/36"
    assert list(common_years(a, b))[-1] == 2040
    with pytest.raises(ValueError, match="outside"):
        compare_year(a, b, 2050)


def _ended_pid() -> int:
    """The pid of a process that has ended (and been reaped)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_recovery_copy_round_trips_and_is_named_for_its_process(dataset, tmp_path):
    s = preset_scenario("uk-plan", dataset)
    path = write_recovery(s, "/home/a/plan.defplan", tmp_path, pid=4242)
    assert path == tmp_path / "recovery-4242.json" == recovery_path(tmp_path, 4242)
    copy = read_recovery(path)
    assert copy.scenario == s and copy.file_path == "/home/a/plan.defplan" and copy.pid == 4242 and copy.path == path
    assert recovery_path(tmp_path).name == f"recovery-{os.getpid()}.json"
    remove_recovery(path)
    assert not path.exists()
    remove_recovery(path)  # already gone: nothing to do


def test_only_copies_of_ended_processes_are_left_behind(dataset, tmp_path):
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        live = write_recovery(preset_scenario("uk-plan", dataset), None, tmp_path, pid=sleeper.pid)
        ended = write_recovery(preset_scenario("us-5pct", dataset), "/a/b.defplan", tmp_path, pid=_ended_pid())
        found = left_behind(tmp_path)
        assert [c.path for c in found.copies] == [ended] and found.set_aside == []
        assert process_running(sleeper.pid) and process_running(os.getpid())
    finally:
        sleeper.kill()
        sleeper.wait()
    assert not process_running(sleeper.pid)
    assert {c.path for c in left_behind(tmp_path).copies} == {live, ended}


def test_a_process_we_may_not_signal_counts_as_running(monkeypatch):
    def denied(pid, sig):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "kill", denied)
    assert process_running(1)


def test_a_damaged_copy_of_an_ended_process_is_set_aside_not_deleted(dataset, tmp_path):
    pid = _ended_pid()
    damaged = tmp_path / f"recovery-{pid}.json"
    damaged.write_text("{half")
    write_recovery(preset_scenario("uk-plan", dataset), None, tmp_path, pid=_ended_pid())
    found = left_behind(tmp_path)
    assert len(found.copies) == 1
    assert found.set_aside == [tmp_path / f"recovery-{pid}.json.damaged"]
    assert not damaged.exists() and found.set_aside[0].read_text() == "{half"
    with pytest.raises(RecoveryCopyDamaged):
        read_recovery(found.set_aside[0])
    assert len(left_behind(tmp_path).copies) == 1 and left_behind(tmp_path).set_aside == []
