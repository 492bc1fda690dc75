"""Comparing two scenarios, and the crash-recovery copy."""

import os
import time

import pytest

from desktop.core.compare import common_years, compare_year
from desktop.core.presets import preset_scenario
from desktop.core.projection import compute
from desktop.core.file_lock import FileLock
from desktop.core.recovery import (
    LEGACY_NAME,
    RecoveryCopyDamaged,
    discard_copy,
    left_behind,
    lock_path,
    new_copy_path,
    own_copy,
    read_recovery,
    release_copy,
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


def test_recovery_copy_round_trips_under_a_name_of_its_own(dataset, tmp_path):
    s = preset_scenario("uk-plan", dataset)
    path = write_recovery(s, "/home/a/plan.defplan", new_copy_path(tmp_path))
    assert path.parent == tmp_path and path.name.startswith("recovery-") and path.suffix == ".json"
    assert new_copy_path(tmp_path) != new_copy_path(tmp_path)
    assert lock_path(path) == path.with_suffix(".lock")
    copy = read_recovery(path)
    assert copy.scenario == s and copy.file_path == "/home/a/plan.defplan" and copy.path == path and copy.claim is None
    remove_recovery(path)
    assert not path.exists()
    remove_recovery(path)  # already gone: nothing to do


def test_a_lock_is_exclusive_until_released_even_within_one_process(tmp_path):
    first = FileLock.try_acquire(tmp_path / "a.lock")
    assert first is not None and first.held
    assert FileLock.try_acquire(tmp_path / "a.lock") is None
    first.release(remove=False)
    assert not first.held and (tmp_path / "a.lock").exists()
    second = FileLock.try_acquire(tmp_path / "a.lock")
    assert second is not None
    second.release()
    second.release()  # twice: nothing more happens
    assert not (tmp_path / "a.lock").exists()


def test_a_copy_whose_lock_a_live_process_holds_is_not_offered_until_that_process_dies(dataset, tmp_path, lock_holder):
    live = write_recovery(preset_scenario("uk-plan", dataset), None, new_copy_path(tmp_path))
    ended = write_recovery(preset_scenario("us-5pct", dataset), "/a/b.defplan", new_copy_path(tmp_path))
    window = lock_holder(lock_path(live))
    found = left_behind(tmp_path)
    assert [c.path for c in found.copies] == [ended] and found.set_aside == []
    release_copy(found.copies[0])
    window.kill()
    window.wait()  # the operating system drops its lock: no clean shut-down needed
    found = left_behind(tmp_path)
    assert {c.path for c in found.copies} == {live, ended}
    for copy in found.copies:
        release_copy(copy)


def test_a_claimed_copy_is_offered_to_one_window_only(dataset, tmp_path):
    copy_path = write_recovery(preset_scenario("uk-plan", dataset), None, new_copy_path(tmp_path))
    first = left_behind(tmp_path)
    assert [c.path for c in first.copies] == [copy_path]
    assert left_behind(tmp_path).copies == []  # another window looking meanwhile
    discard_copy(first.copies[0])
    assert not copy_path.exists() and not lock_path(copy_path).exists()
    assert left_behind(tmp_path).copies == []


def test_a_released_copy_is_offered_again(dataset, tmp_path):
    copy_path = write_recovery(preset_scenario("uk-plan", dataset), None, new_copy_path(tmp_path))
    (copy,) = left_behind(tmp_path).copies
    release_copy(copy)
    (again,) = left_behind(tmp_path).copies
    assert again.path == copy_path
    release_copy(again)


def test_a_window_s_own_copy_is_never_offered_to_it(dataset, tmp_path):
    own = new_copy_path(tmp_path)
    claim = own_copy(own)
    write_recovery(preset_scenario("uk-plan", dataset), None, own)
    assert left_behind(tmp_path).copies == []
    claim.release(remove=False)
    (copy,) = left_behind(tmp_path).copies
    assert copy.path == own
    release_copy(copy)


def test_copies_of_older_versions_without_a_lock_are_offered(dataset, tmp_path):
    older = write_recovery(preset_scenario("uk-plan", dataset), None, tmp_path / "recovery-4242.json")
    legacy = write_recovery(preset_scenario("us-5pct", dataset), None, tmp_path / LEGACY_NAME)
    os.utime(older, (time.time() - 100, time.time() - 100))
    found = left_behind(tmp_path)
    assert [c.path for c in found.copies] == [legacy, older]
    for copy in found.copies:
        discard_copy(copy)
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_lock_files_left_without_a_copy_are_removed_unless_held(tmp_path, lock_holder):
    held = new_copy_path(tmp_path)
    lock_holder(lock_path(held))
    orphan = lock_path(new_copy_path(tmp_path))
    orphan.touch()
    foreign = tmp_path / "something-else.lock"
    foreign.touch()
    assert left_behind(tmp_path).copies == []
    assert not orphan.exists() and lock_path(held).exists() and foreign.exists()


def test_a_damaged_copy_no_one_owns_is_set_aside_not_deleted(dataset, tmp_path):
    damaged = new_copy_path(tmp_path)
    damaged.write_text("{half")
    write_recovery(preset_scenario("uk-plan", dataset), None, new_copy_path(tmp_path))
    found = left_behind(tmp_path)
    assert len(found.copies) == 1
    assert found.set_aside == [damaged.with_name(damaged.name + ".damaged")]
    assert not damaged.exists() and not lock_path(damaged).exists() and found.set_aside[0].read_text() == "{half"
    with pytest.raises(RecoveryCopyDamaged):
        read_recovery(found.set_aside[0])
    release_copy(found.copies[0])
    again = left_behind(tmp_path)
    assert len(again.copies) == 1 and again.set_aside == []
    release_copy(again.copies[0])
