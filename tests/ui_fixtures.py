"""Fixtures for the window tests: temporary settings, scripted prompts, and no leftover threads or timers."""

from __future__ import annotations

import threading

import pytest

from desktop.ui.prompts import DISCARD, Prompts
from desktop.ui.settings import Settings

# The offscreen platform warns about a feature it lacks whenever a window with a dock is shown.
OFFSCREEN_NOISE = "propagateSizeHints"


class ScriptedPrompts(Prompts):
    """Answers every question from attributes the test sets, and records what was asked."""

    def __init__(self):
        self.save_answer = DISCARD
        self.open_answer = None
        self.save_as_answer = None
        self.asked: list[str] = []
        self.errors: list[str] = []

    def ask_save_changes(self, parent, name):
        self.asked.append(name)
        return self.save_answer

    def open_path(self, parent, folder):
        return self.open_answer

    def save_path(self, parent, suggested, file_filter=None):
        return self.save_as_answer

    def show_error(self, parent, title, text):
        self.errors.append(text)


@pytest.fixture(autouse=True)
def no_threads_or_timers_left(qapp):
    """Like napari's leak checks: a test may not leave a thread or an active QTimer behind."""
    from PySide6.QtCore import QEvent, QThreadPool, QTimer
    from PySide6.QtWidgets import QApplication

    threads_before = set(threading.enumerate())
    yield
    QApplication.processEvents()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert QThreadPool.globalInstance().waitForDone(2000)
    stray_threads = [t for t in threading.enumerate() if t not in threads_before and t.is_alive()]
    assert stray_threads == []
    active = [t for w in QApplication.topLevelWidgets() for t in w.findChildren(QTimer) if t.isActive()]
    active += [t for t in qapp.findChildren(QTimer) if t.isActive()]
    assert active == []


@pytest.fixture
def settings(tmp_path):
    return Settings.at(tmp_path / "settings.ini")


@pytest.fixture
def prompts():
    return ScriptedPrompts()


@pytest.fixture
def make_window(qtbot, settings, prompts, dataset):
    """Build MainWindow on a preset; closed and deleted, unsaved work discarded, at teardown."""
    from desktop.core.presets import preset_scenario
    from desktop.ui.main_window import MainWindow

    def make(preset: str = "hague-2035"):
        window = MainWindow(dataset, preset_scenario(preset, dataset), settings, prompts)
        # pytest-qt closes and deletes it before fixtures tear down: discard its unsaved work first.
        qtbot.addWidget(window, before_close_func=lambda w: w.document.undo_stack.setClean())
        return window

    return make


@pytest.fixture
def window(make_window):
    return make_window()
