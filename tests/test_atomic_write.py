"""Every file the planner writes: replaced whole, with the permissions a user expects, and no debris left for long."""

import os
import stat
import time

import pytest

from desktop.core.atomic_write import LEFTOVER_AFTER_S, is_temp_name, remove_leftovers, temp_name, write_atomically
from desktop.core.presets import preset_scenario
from desktop.core.projection import compute
from desktop.core.scenario_file import write_scenario
from desktop.spreadsheets.workbook.export import export_csv

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@posix_only
def test_a_new_file_follows_the_umask(tmp_path, umask_022, dataset):
    write_atomically(tmp_path / "raw.bin", b"x")
    write_scenario(preset_scenario("uk-plan", dataset), tmp_path / "plan.defplan")
    export_csv(compute(dataset, preset_scenario("uk-plan", dataset)), tmp_path / "results.csv")
    assert {_mode(tmp_path / n) for n in ("raw.bin", "plan.defplan", "results.csv")} == {0o644}
    os.umask(0o027)
    write_atomically(tmp_path / "private.bin", b"x")
    assert _mode(tmp_path / "private.bin") == 0o640


@posix_only
def test_saving_over_a_file_keeps_its_mode(tmp_path, umask_022):
    shared = tmp_path / "shared.defplan"
    shared.write_bytes(b"old")
    shared.chmod(0o664)
    private = tmp_path / "private.defplan"
    private.write_bytes(b"old")
    private.chmod(0o600)
    write_atomically(shared, b"new")
    write_atomically(private, b"new")
    assert shared.read_bytes() == private.read_bytes() == b"new"
    assert _mode(shared) == 0o664 and _mode(private) == 0o600


def test_the_write_replaces_the_file_whole_and_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "plan.defplan"
    target.write_bytes(b"old contents, longer than the new")
    write_atomically(target, b"new")
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.defplan"]


def test_a_failed_write_keeps_the_old_file_and_removes_its_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "plan.defplan"
    target.write_bytes(b"old")

    def full_disk(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OSError):
        write_atomically(target, b"new")
    assert target.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["plan.defplan"]


def test_temporary_names_are_hidden_and_distinctive():
    name = temp_name("plan.defplan")
    assert name.startswith(".plan.defplan.defence-planner-") and name.endswith(".tmp") and is_temp_name(name)
    assert not name.endswith(".defplan")
    for foreign in (".plan.defplan.a1b2c3d4.tmp", "plan.defplan.defence-planner-a1b2c3d4.tmp", ".plan.defplan.defence-planner-notours1.tmp"):
        assert not is_temp_name(foreign)


def test_the_next_save_removes_old_leftovers_of_killed_saves_and_nothing_else(tmp_path):
    old_time = time.time() - LEFTOVER_AFTER_S - 5
    old_own = tmp_path / temp_name("plan.defplan")
    old_own_other_file = tmp_path / temp_name("other.xlsx")  # any of the planner's leftovers in that folder
    fresh_own = tmp_path / temp_name("plan.defplan")  # a save that may still be running, in another window
    look_alikes = [
        tmp_path / ".plan.defplan.a1b2c3d4.tmp",  # tempfile's pattern: could be anyone's
        tmp_path / "plan.defplan.defence-planner-a1b2c3d4.tmp",  # not hidden: not ours
        tmp_path / ".plan.defplan.defence-planner-a1b2c3d4.tmp.bak",
    ]
    for path in (old_own, old_own_other_file, fresh_own, *look_alikes):
        path.write_bytes(b"partial")
    for path in (old_own, old_own_other_file, *look_alikes):
        os.utime(path, (old_time, old_time))
    folder_of_ours = tmp_path / temp_name("folder")
    folder_of_ours.mkdir()
    os.utime(folder_of_ours, (old_time, old_time))

    write_atomically(tmp_path / "plan.defplan", b"saved")

    assert not old_own.exists() and not old_own_other_file.exists()
    assert fresh_own.exists() and folder_of_ours.is_dir() and all(p.exists() for p in look_alikes)
    assert (tmp_path / "plan.defplan").read_bytes() == b"saved"


def test_leftovers_elsewhere_are_left_alone(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    leftover = elsewhere / temp_name("plan.defplan")
    leftover.write_bytes(b"partial")
    old_time = time.time() - LEFTOVER_AFTER_S - 5
    os.utime(leftover, (old_time, old_time))
    write_atomically(tmp_path / "plan.defplan", b"saved")
    assert leftover.exists()
    assert remove_leftovers(elsewhere) == [leftover] and not leftover.exists()
    assert remove_leftovers(tmp_path / "missing") == []
