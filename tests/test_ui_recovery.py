"""Never lose work: the recovery copy follows edits, survives a crash, is offered back, and goes on save or clean close."""

import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication

from desktop.core.presets import preset_scenario
from desktop.core.recovery import left_behind, lock_path, new_copy_path, read_recovery, release_copy, write_recovery
from desktop.core.scenario_file import read_scenario, scenario_from_dict, write_scenario
from desktop.ui.app import build_window
from desktop.ui.prompts import DISCARD

from .conftest import ROOT
from .ui_fixtures import ScriptedPrompts, no_threads_or_timers_left, settings  # noqa: F401

FAST_MS = 20


class RecoveryPrompts(ScriptedPrompts):
    def __init__(self, restore: bool):
        super().__init__()
        self.restore = restore
        self.offers: list[str] = []

    def ask_restore_recovery(self, parent, description):
        self.offers.append(description)
        return self.restore


@pytest.fixture
def folder(tmp_path):
    return tmp_path / "state"


@pytest.fixture
def start(qtbot, settings, folder):
    """Start the window the way the app does, with a recovery folder and prompts that answer the restore offer."""

    def start_window(restore: bool = True, delay_ms: int = FAST_MS):
        prompts = RecoveryPrompts(restore)
        window = build_window(settings=settings, prompts=prompts, recovery_folder=folder)
        window.recovery.timer.setInterval(delay_ms)
        qtbot.addWidget(window, before_close_func=lambda w: w.document.undo_stack.setClean())
        return window, prompts

    return start_window


def _copy_file(window) -> Path:
    """The window's own copy."""
    return window.recovery.path


def _crashed_copy(scenario, file_path, folder: Path) -> Path:
    """A copy as a crashed window leaves it: written, its lock gone with its process."""
    return write_recovery(scenario, file_path, new_copy_path(folder))


def test_an_edit_is_copied_once_the_timer_fires_and_a_burst_costs_one_write(start, folder, qtbot):
    window, prompts = start(delay_ms=200)
    assert prompts.offers == [] and not _copy_file(window).exists()
    assert _copy_file(window).parent == folder
    window.panel.core_box.setValue(4.2)
    window.document.end_merge()
    assert window.recovery.timer.isActive() and not _copy_file(window).exists()
    window.panel.related_box.setValue(0.5)  # within the minute: no second timer, no earlier write
    assert window.recovery.timer.remainingTime() > 0
    qtbot.waitUntil(lambda: _copy_file(window).exists(), timeout=3000)
    assert not window.recovery.timer.isActive()
    copy = read_recovery(_copy_file(window))
    assert copy.scenario == window.document.scenario
    assert copy.scenario.target.core_pct == 4.2 and copy.scenario.target.related_pct == 0.5
    assert copy.file_path is None


def test_saving_or_undoing_to_the_saved_state_removes_the_copy(start, folder, qtbot, tmp_path):
    window, prompts = start()
    window.panel.core_box.setValue(4.2)
    qtbot.waitUntil(lambda: _copy_file(window).exists(), timeout=3000)
    window.document.undo_stack.undo()
    qtbot.waitUntil(lambda: not _copy_file(window).exists(), timeout=3000)
    window.document.undo_stack.redo()
    qtbot.waitUntil(lambda: _copy_file(window).exists(), timeout=3000)
    assert read_recovery(_copy_file(window)).file_path is None
    prompts.save_as_answer = str(tmp_path / "plan.defplan")
    assert window.files.save()
    qtbot.waitUntil(lambda: not _copy_file(window).exists(), timeout=3000)
    assert not window.recovery.timer.isActive()
    window.panel.core_box.setValue(4.4)
    qtbot.waitUntil(lambda: _copy_file(window).exists(), timeout=3000)
    qtbot.waitUntil(lambda: not window.recovery.busy, timeout=3000)
    assert read_recovery(_copy_file(window)).file_path == str((tmp_path / "plan.defplan").resolve())


def test_a_clean_close_leaves_no_copy_and_no_offer_next_time(start, folder, qtbot):
    window, prompts = start()
    window.panel.core_box.setValue(4.2)
    qtbot.waitUntil(lambda: _copy_file(window).exists(), timeout=3000)
    prompts.save_answer = DISCARD
    assert window.close()
    assert prompts.asked and not _copy_file(window).exists()
    assert list(folder.iterdir()) == []  # nor its lock file
    _, next_prompts = start()
    assert next_prompts.offers == []


def test_new_after_saving_clears_the_copy(start, folder, qtbot):
    window, prompts = start()
    window.panel.core_box.setValue(4.2)
    qtbot.waitUntil(lambda: _copy_file(window).exists(), timeout=3000)
    prompts.save_answer = DISCARD
    assert window.files.new_scenario()
    qtbot.waitUntil(lambda: not _copy_file(window).exists(), timeout=3000)


def test_the_timer_does_not_outlive_the_window(start, folder):
    window, prompts = start(delay_ms=60_000)
    window.panel.core_box.setValue(4.2)
    timer = window.recovery.timer
    assert timer.isActive()
    prompts.save_answer = DISCARD
    assert window.close()
    assert not timer.isActive() and not _copy_file(window).exists()
    # The autouse check then finds no active timer once the window is deleted.


def test_restoring_after_a_crash_gives_the_exact_scenario_as_unsaved_work(start, folder, dataset, tmp_path, qtbot):
    saved = tmp_path / "plan.defplan"
    write_scenario(preset_scenario("uk-plan", dataset), saved)
    edited = preset_scenario("uk-plan", dataset).with_milestones("DEU", [(2030, 3.0)])
    left = _crashed_copy(edited, str(saved.resolve()), folder)
    window, prompts = start(restore=True)
    assert len(prompts.offers) == 1 and "UK plan" in prompts.offers[0] and str(saved.resolve()) in prompts.offers[0]
    document = window.document
    assert document.scenario == edited
    assert document.is_modified and window.isWindowModified()
    assert document.path == saved.resolve()
    assert "plan.defplan" in window.windowTitle()
    assert document.undo_stack.count() == 0
    # Still protected until saved: now as this process's copy, the crashed one's gone once that is written.
    qtbot.waitUntil(lambda: not left.exists(), timeout=3000)
    assert read_recovery(_copy_file(window)).scenario == edited
    assert window.files.save()  # to its original file, without asking where
    window.files.wait_for_save()
    assert read_scenario(saved) == edited and not document.is_modified
    qtbot.waitUntil(lambda: not _copy_file(window).exists(), timeout=3000)


def test_declining_the_offer_drops_that_copy_and_offers_the_next(start, folder, dataset):
    older = _crashed_copy(preset_scenario("us-5pct", dataset), None, folder)
    os.utime(older, (1_600_000_000, 1_600_000_000))
    newer = _crashed_copy(preset_scenario("uk-plan", dataset), None, folder)
    window, prompts = start(restore=False)
    assert len(prompts.offers) == 2 and "UK plan" in prompts.offers[0] and "never saved" in prompts.offers[1]
    assert window.document.scenario == preset_scenario("hague-2035", dataset)
    assert not window.document.is_modified and not older.exists() and not newer.exists()


def test_another_running_window_keeps_its_copy_and_is_not_offered_it(start, folder, dataset, lock_holder, qtbot):
    folder.mkdir()
    live = new_copy_path(folder)
    other_window = lock_holder(lock_path(live))
    write_recovery(preset_scenario("us-5pct", dataset), None, live)
    window, prompts = start(restore=False)
    assert prompts.offers == [] and live.exists()
    window.panel.core_box.setValue(4.2)
    qtbot.waitUntil(lambda: _copy_file(window).exists(), timeout=3000)
    assert _copy_file(window) != live and read_recovery(live).scenario == preset_scenario("us-5pct", dataset)
    prompts.save_answer = DISCARD
    assert window.close()  # a clean close removes this window's copy only
    assert not _copy_file(window).exists() and live.exists()
    other_window.kill()  # that window crashes: its copy is offered to the next one
    other_window.wait()
    _, next_prompts = start(restore=False)
    assert len(next_prompts.offers) == 1 and not live.exists()


def test_a_copy_is_offered_by_one_window_at_a_time(start, folder, dataset):
    left = _crashed_copy(preset_scenario("us-5pct", dataset), None, folder)
    (claimed,) = left_behind(folder).copies  # a window starting at the same moment is offering it
    window, prompts = start(restore=True)
    assert prompts.offers == [] and left.exists()
    release_copy(claimed)  # that window closed without restoring or declining it (the offer was not made)
    window2, prompts2 = start(restore=True)
    assert len(prompts2.offers) == 1 and window2.document.scenario == preset_scenario("us-5pct", dataset)


def test_copies_not_offered_after_a_restore_stay_for_the_next_start(start, folder, dataset, qtbot):
    older = _crashed_copy(preset_scenario("us-5pct", dataset), None, folder)
    os.utime(older, (1_600_000_000, 1_600_000_000))
    newer = _crashed_copy(preset_scenario("uk-plan", dataset), None, folder)
    window, prompts = start(restore=True)
    assert len(prompts.offers) == 1 and window.document.scenario == preset_scenario("uk-plan", dataset)
    qtbot.waitUntil(lambda: not newer.exists(), timeout=3000)
    assert older.exists()
    (left,) = left_behind(folder).copies  # released, not held by this window: the next start offers it
    assert left.path == older
    release_copy(left)


def test_a_damaged_copy_is_set_aside_and_reported(start, folder):
    folder.mkdir()
    damaged = new_copy_path(folder)
    damaged.write_text('{"scenario": {"format"', encoding="utf-8")
    window, prompts = start()
    assert prompts.offers == [] and not damaged.exists()
    aside = damaged.with_name(damaged.name + ".damaged")
    assert aside.read_text(encoding="utf-8") == '{"scenario": {"format"'
    assert str(aside) in window.statusBar().currentMessage()


def test_a_copy_that_cannot_be_written_is_reported_in_the_status_bar(start, folder, qtbot):
    window, _ = start()
    folder.write_text("a file where the folder should be")
    window.panel.core_box.setValue(4.2)
    qtbot.waitUntil(lambda: "Cannot write the recovery copy" in window.statusBar().currentMessage(), timeout=3000)
    qtbot.waitUntil(lambda: not window.recovery.busy, timeout=3000)
    window.recovery.discard()  # cannot remove a copy inside a file either: reported, not raised
    assert "recovery copy" in window.statusBar().currentMessage()


def test_the_copy_is_written_off_the_gui_thread(start, folder, qtbot, monkeypatch):
    import desktop.ui.recovery_writer as recovery_writer

    release, writers = threading.Event(), []
    real = recovery_writer.write_recovery

    def slow_write(*args):
        writers.append(threading.current_thread())
        assert release.wait(10)
        return real(*args)

    monkeypatch.setattr(recovery_writer, "write_recovery", slow_write)
    window, _ = start(delay_ms=60_000)
    window.panel.core_box.setValue(4.2)
    window.recovery.write_now()  # returns while the write waits for `release`
    assert window.recovery.busy
    qtbot.waitUntil(lambda: len(writers) == 1, timeout=3000)
    assert writers[0] is not threading.main_thread()
    window.document.undo_stack.undo()  # back to clean while the write runs: the copy goes after it, not before
    release.set()
    qtbot.waitUntil(lambda: not window.recovery.busy, timeout=3000)
    assert not _copy_file(window).exists()


def test_a_real_crash_leaves_a_copy_the_next_start_restores(start, folder, dataset):
    """A separate process edits, lets the copy be written, then is killed: nothing closes cleanly."""
    if os.name != "posix":
        pytest.skip("SIGKILL is POSIX")
    crash = (
        "import json, os, signal, sys\n"
        "os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        "from desktop.ui.app import application, build_window\n"
        "from desktop.ui.settings import Settings\n"
        "from desktop.core.scenario_file import scenario_to_dict\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = application()\n"
        f"w = build_window(settings=Settings(None), recovery_folder={str(folder)!r})\n"
        "w.recovery.timer.setInterval(10)\n"
        "w.panel.core_box.setValue(4.7)\n"
        "w.milestones.set_share('GBR', 2027, 2.5)\n"
        "while w.recovery.timer.isActive() or w.recovery.busy:\n"
        "    QApplication.processEvents()\n"
        "print(json.dumps(scenario_to_dict(w.document.scenario)), flush=True)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    run = subprocess.run([sys.executable, "-c", crash], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == -signal.SIGKILL, run.stderr[-1000:]
    expected = scenario_from_dict(json.loads(run.stdout.strip().splitlines()[-1]))
    assert expected.target.core_pct == 4.7
    window, prompts = start(restore=True)
    assert len(prompts.offers) == 1
    assert window.document.scenario == expected and window.document.is_modified


def test_a_file_open_event_opens_the_file_in_the_window(start, dataset, tmp_path, qapp):
    path = tmp_path / "double-clicked.defplan"
    write_scenario(preset_scenario("nato-2pct", dataset), path)
    window, _ = start()
    QApplication.sendEvent(qapp, QFileOpenEvent(str(path)))
    assert window.document.path == path.resolve()
    assert window.document.scenario == preset_scenario("nato-2pct", dataset)
