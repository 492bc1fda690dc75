"""Background tasks: results come back on the GUI thread, the latest request wins, errors are one line."""

from __future__ import annotations

import sys
import threading

import pytest

from PySide6.QtCore import QThread

from desktop.ui.workers import BackgroundTask, one_line

from .ui_fixtures import no_threads_or_timers_left  # noqa: F401


def _task(qtbot):
    task = BackgroundTask(None, show_progress=False)
    reports = []
    task.finished.connect(lambda result: reports.append(("finished", result)))
    task.failed.connect(lambda message: reports.append(("failed", message)))
    task.cancelled.connect(lambda: reports.append(("cancelled", None)))
    return task, reports


def test_the_result_arrives_on_the_gui_thread_with_progress(qtbot):
    task, reports = _task(qtbot)
    fractions, threads = [], []
    task.progress.connect(fractions.append)
    task.finished.connect(lambda _: threads.append(QThread.currentThread()))

    def work(progress, cancel):
        for k in range(1, 5):
            progress(k / 4)
        return threading.get_ident() != threading.main_thread().ident  # current_thread() would leave a dummy Thread

    with qtbot.waitSignal(task.finished, timeout=5000):
        task.start(work)
    assert reports == [("finished", True)]
    assert fractions == [0.25, 0.5, 0.75, 1.0]
    assert threads == [QThread.currentThread()]
    assert not task.is_running
    task.shut_down()


def test_the_latest_request_wins(qtbot):
    task, reports = _task(qtbot)
    release = threading.Event()
    first_stopped = threading.Event()

    def slow(progress, cancel):
        release.wait(5)
        progress(0.5)  # raises: this job has been superseded
        return "first"

    def stopped(progress, cancel):
        try:
            return slow(progress, cancel)
        finally:
            first_stopped.set()

    task.start(stopped)
    with qtbot.waitSignal(task.finished, timeout=5000):
        task.start(lambda progress, cancel: "second")
        release.set()
    assert first_stopped.wait(5)
    assert task.wait(5000)
    qtbot.wait(20)
    assert reports == [("finished", "second")]
    task.shut_down()


def test_an_error_is_one_readable_line(qtbot):
    task, reports = _task(qtbot)

    def broken(progress, cancel):
        raise ValueError("row 4 holds no years\n  Traceback (most recent call last): ...")

    with qtbot.waitSignal(task.failed, timeout=5000):
        task.start(broken)
    assert reports == [("failed", "row 4 holds no years")]
    assert one_line(KeyError()) == "unexpected KeyError"
    task.shut_down()


def test_cancel_reports_cancelled_and_drops_the_result(qtbot):
    task, reports = _task(qtbot)
    started = threading.Event()

    def waits_for_cancel(progress, cancel):
        started.set()
        while not cancel():
            threading.Event().wait(0.005)
        return "too late"

    task.start(waits_for_cancel)
    assert started.wait(5)
    with qtbot.waitSignal(task.cancelled, timeout=5000):
        task.cancel()
    assert reports == [("cancelled", None)]
    task.shut_down()


def test_shut_down_waits_for_the_worker_and_drops_its_report(qtbot):
    task, reports = _task(qtbot)
    task.start(lambda progress, cancel: threading.Event().wait(0.05) or "done")
    assert task.shut_down()
    qtbot.wait(20)
    assert reports == [] and not task.is_running


def test_threads_switch_every_millisecond_while_a_job_runs(qtbot):
    """The GUI thread waits at most about a millisecond for the GIL at each turn; the interval comes back after."""
    import sys

    before = sys.getswitchinterval()
    task, reports = _task(qtbot)
    release = threading.Event()
    seen = []

    def work(progress, cancel):
        seen.append(sys.getswitchinterval())
        release.wait(5)
        return "done"

    task.start(work)
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert seen == [0.001] and sys.getswitchinterval() == 0.001
    with qtbot.waitSignal(task.finished, timeout=5000):
        release.set()
    assert sys.getswitchinterval() == before
    task.shut_down()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="thread priorities are set on Linux only")
def test_workers_and_the_threads_they_start_yield_the_cpu_to_the_gui_thread(qtbot):
    import os

    from desktop.ui.workers import BACKGROUND_NICE

    def nice() -> int:
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    gui = nice()
    task, reports = _task(qtbot)

    def work(progress, cancel):
        import _thread

        seen, done = [nice()], threading.Event()
        # A plain thread: threading.Thread would leave a dummy Thread for the pool's own thread behind.
        _thread.start_new_thread(lambda: (seen.append(nice()), done.set()), ())
        done.wait(5)
        return seen

    with qtbot.waitSignal(task.finished, timeout=5000):
        task.start(work)
    assert reports == [("finished", [gui + BACKGROUND_NICE] * 2)]
    assert nice() == gui
    task.shut_down()


def test_collection_resumes_after_the_last_job_with_its_objects_old(qtbot):
    """What the job made is old when collection resumes: the young generation's first pass over it does not
    land on the GUI thread (a 100,000-row read's objects took it 7-14 ms)."""
    import gc

    task, reports = _task(qtbot)

    def work(progress, cancel):
        return [[n] for n in range(50_000)]

    with qtbot.waitSignal(task.finished, timeout=5000):
        task.start(work)
    made = reports[0][1]
    assert len(made) == 50_000
    assert gc.isenabled() and gc.get_freeze_count() == 0
    assert any(thing is made for thing in gc.get_objects(generation=2))
    task.shut_down()
