"""Save writes off the GUI thread: the window goes on while a large scenario is written, and turns saved only once it is."""

import dataclasses
import threading

import pytest

import desktop.core.scenario_file as scenario_file
import desktop.ui.file_controller as file_controller
from desktop.core.scenario import BudgetLine
from desktop.core.scenario_file import read_scenario
from desktop.ui.prompts import CANCEL

from .ui_fixtures import make_window, no_threads_or_timers_left, prompts, settings, window  # noqa: F401


@pytest.fixture
def held_write(monkeypatch):
    """Saves block in the worker until the test releases them, as a 100k-line scenario's write would."""
    release = threading.Event()
    started = threading.Event()
    real = file_controller.write_scenario

    def slow_write(scenario, path):
        started.set()
        assert release.wait(10)
        real(scenario, path)

    monkeypatch.setattr(file_controller, "write_scenario", slow_write)
    yield release, started
    release.set()


def test_a_slow_save_leaves_the_window_free_and_marks_saved_only_once_written(window, prompts, tmp_path, held_write, qtbot):
    release, started = held_write
    window.panel.core_box.setValue(4.25)
    prompts.save_as_answer = str(tmp_path / "big.defplan")
    assert window.files.save()  # returns after the grace wait, with the write still held
    assert started.is_set() and window.files.is_saving
    assert window.isWindowModified() and not (tmp_path / "big.defplan").exists()
    assert "Saving" in window.statusBar().currentMessage()
    release.set()
    qtbot.waitUntil(lambda: not window.isWindowModified(), timeout=5000)
    assert read_scenario(tmp_path / "big.defplan").target.core_pct == 4.25
    assert window.document.path == (tmp_path / "big.defplan").resolve()


def test_an_edit_made_while_saving_stays_unsaved(window, prompts, tmp_path, held_write, qtbot):
    release, _ = held_write
    window.panel.core_box.setValue(4.25)
    window.document.end_merge()
    prompts.save_as_answer = str(tmp_path / "plan.defplan")
    assert window.files.save()
    window.panel.core_box.setValue(4.5)
    release.set()
    qtbot.waitUntil(lambda: not window.files.is_saving, timeout=5000)
    assert read_scenario(tmp_path / "plan.defplan").target.core_pct == 4.25
    assert window.document.is_modified and window.isWindowModified()
    assert window.document.path == (tmp_path / "plan.defplan").resolve()


def test_closing_waits_for_the_save_being_written(window, prompts, tmp_path, held_write):
    release, _ = held_write
    window.panel.core_box.setValue(4.25)
    prompts.save_as_answer = str(tmp_path / "plan.defplan")
    assert window.files.save()
    prompts.save_answer = CANCEL  # were the work still unsaved at close, the question would keep the window open
    threading.Timer(0.3, release.set).start()
    assert window.close()
    assert prompts.asked == []
    assert read_scenario(tmp_path / "plan.defplan").target.core_pct == 4.25


def test_a_failed_save_says_why_in_one_line_and_keeps_the_work_unsaved(window, prompts, tmp_path):
    window.panel.core_box.setValue(4.25)
    prompts.save_as_answer = str(tmp_path / "no such folder" / "plan.defplan")
    assert not window.files.save()
    assert len(prompts.errors) == 1 and "\n" not in prompts.errors[0] and "no such folder" in prompts.errors[0]
    assert window.document.is_modified and window.isWindowModified() and window.document.path is None


def test_a_scenario_over_the_file_limit_is_refused_with_the_reason(window, prompts, tmp_path, monkeypatch):
    monkeypatch.setattr(scenario_file, "MAX_FILE_BYTES", 20_000)
    lines = tuple(BudgetLine(f"Line {n}", "GBR", "GBP", tuple((y, 1.5) for y in range(2026, 2036)), "big.xlsx") for n in range(300))
    window.document.replace_scenario(dataclasses.replace(window.document.scenario, budget_lines=lines), "Import")
    prompts.save_as_answer = str(tmp_path / "plan.defplan")
    assert not window.files.save()
    assert len(prompts.errors) == 1 and "too large to save" in prompts.errors[0]
    assert window.document.is_modified and not (tmp_path / "plan.defplan").exists()


def test_a_small_save_is_done_when_save_returns(window, prompts, tmp_path):
    window.panel.core_box.setValue(4.25)
    prompts.save_as_answer = str(tmp_path / "plan.defplan")
    assert window.files.save()
    assert not window.files.is_saving and not window.isWindowModified()
    assert read_scenario(tmp_path / "plan.defplan").target.core_pct == 4.25
