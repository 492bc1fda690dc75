"""Long work off the GUI thread: a plain function `fn(progress, cancel)` run in a pool, the latest request winning.

The worker function knows nothing of Qt (it is what the command line calls too);
this module carries its progress and outcome back to the GUI thread as signals and
shows a progress dialog with Cancel while it runs.
"""

from __future__ import annotations

import gc
import os
import sys
import threading
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

Work = Callable[[Callable[[float], None], Callable[[], bool]], object]

PROGRESS_STEPS = 1000
BACKGROUND_NICE = 5
# A quick job finishes before its progress dialog would appear: no flash.
SHOW_PROGRESS_AFTER_MS = 400


class _WhileJobsRun:
    """What holds while any background job (a BackgroundTask's or a ThreadJob's) runs; undone after the last.

    Garbage collection. A full collection walks every object of the process (the window's widgets,
    the dataset, pyqtgraph) and holds the GIL for 40–90 ms: run from a worker that allocates
    100,000 rows, it froze the window as long. gc.freeze() spares those walks, and collection
    pauses while jobs run (the worker's own million young objects would otherwise trigger walks of
    their own). The objects the jobs allocated then join the oldest generation unexamined, as those
    from before them do: the young generation's first pass over a 100,000-row read's objects
    otherwise ran on the GUI thread as collection resumed (7-14 ms), in the turn that shows the
    import dialog.

    The GIL's switch interval. A worker running Python code keeps the GIL until another thread has
    waited the interval; with the import's three threads taking turns, the GUI thread could wait
    several 5 ms intervals in a row for each of its timer ticks and repaints (stalls of 80-230 ms on
    a loaded machine, 40-70 ms with 1 ms). The interval is the process's, so the one before the
    first job comes back after the last.
    """

    SWITCH_INTERVAL_S = 0.001
    jobs = 0
    interval_before = 0.0

    @classmethod
    def enter(cls) -> None:
        if cls.jobs == 0:
            gc.freeze()
            gc.disable()
            cls.interval_before = sys.getswitchinterval()
            sys.setswitchinterval(min(cls.interval_before, cls.SWITCH_INTERVAL_S))
        cls.jobs += 1

    @classmethod
    def leave(cls) -> None:
        cls.jobs -= 1
        if cls.jobs == 0:
            gc.freeze()  # the jobs' objects join the frozen ones, so that unfreeze makes them old
            gc.unfreeze()
            gc.enable()
            sys.setswitchinterval(cls.interval_before)


def yield_cpu_to_the_gui() -> None:
    """On Linux, the calling worker thread, and the threads it starts from now on, run at a lower priority
    (nice +5 over the process's) so that the GUI thread gets a core at once when it wakes.

    The import parses two pieces of a sheet on their own threads while a third scans rows: on two
    cores the GUI thread waited its turn behind them (the window's longest stalls per import, interleaved
    runs on a loaded machine: 25-75 ms as they were, 15-26 ms niced). Linux sets a thread's nice value by
    its thread id, and new threads inherit it; elsewhere that id would name a process, so nothing is done.
    An unprivileged thread cannot raise its priority again: pool threads stay niced, for background work only.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        wanted = os.getpriority(os.PRIO_PROCESS, os.getpid()) + BACKGROUND_NICE
        thread = threading.get_native_id()
        if os.getpriority(os.PRIO_PROCESS, thread) < wanted:
            os.setpriority(os.PRIO_PROCESS, thread, wanted)
    except OSError:
        pass


class TaskCancelled(Exception):
    """Raised inside a worker to stop; any exception after a cancel request counts as a cancel."""


def one_line(error: BaseException) -> str:
    """A readable line for an error: its own message when it has one, never a traceback."""
    lines = str(error).strip().splitlines()
    return lines[0][:300] if lines else f"unexpected {type(error).__name__}"


class _Flag:
    """A cancel request: the worker polls it; setting a Python attribute is atomic under the GIL."""

    def __init__(self):
        self.set = False

    def __call__(self) -> bool:
        return self.set


class _Relay(QObject):
    """Carries one job's reports across threads; it lives in the GUI thread, so its signals arrive queued there."""

    progress = Signal(float)
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()


class _Job(QRunnable):
    def __init__(self, work: Work, relay: _Relay, flag: _Flag):
        super().__init__()
        self.setAutoDelete(False)
        self._work = work
        self._relay = relay
        self._flag = flag

    def run(self):
        relay, flag = self._relay, self._flag
        yield_cpu_to_the_gui()

        def progress(fraction: float) -> None:
            if flag.set:
                raise TaskCancelled
            relay.progress.emit(float(fraction))
            # Hand the GIL to the GUI thread between chunks so the window keeps repainting.
            time.sleep(0)

        try:
            result = self._work(progress, flag)
        except BaseException as error:  # noqa: BLE001 - reported as one line, never a traceback
            if flag.set or isinstance(error, TaskCancelled):
                relay.cancelled.emit()
            else:
                relay.failed.emit(one_line(error))
            return
        if flag.set:
            relay.cancelled.emit()
        else:
            relay.finished.emit(result)


class BackgroundTask(QObject):
    """One kind of background work (an import, an export): starting it again supersedes the running one.

    Only the latest job reports: `finished(result)`, `failed(message)` or `cancelled()`;
    a superseded job is told to stop and its outcome is dropped.
    """

    progress = Signal(float)
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    running_changed = Signal(bool)

    def __init__(self, parent_widget: QWidget | None = None, *, show_progress: bool = True,
                 show_after_ms: int = SHOW_PROGRESS_AFTER_MS):
        super().__init__(parent_widget)
        self._widget = parent_widget
        self._show_progress = show_progress
        self._show_after_ms = show_after_ms
        self._pool = QThreadPool(self)
        self._jobs: dict[_Relay, _Job] = {}
        self._current: tuple[_Relay, _Flag] | None = None
        self._dialog: QProgressDialog | None = None

    @property
    def is_running(self) -> bool:
        return self._current is not None

    @property
    def progress_dialog(self) -> QProgressDialog | None:
        return self._dialog

    def start(self, work: Work, label: str = "Working…", done: Callable[[object], None] | None = None,
              failed: Callable[[str], None] | None = None) -> None:
        """Run `work` in the pool; a job still running is cancelled and will not report.

        `done(result)` and `failed(message)`, when given, are called for this job
        after the `finished` and `failed` signals.
        """
        self._supersede()
        relay, flag = _Relay(), _Flag()
        job = _Job(work, relay, flag)
        self._jobs[relay] = job
        self._current = (relay, flag)
        relay.progress.connect(lambda fraction, r=relay: self._on_progress(r, fraction))
        relay.finished.connect(lambda result, r=relay: self._on_end(r, self.finished, result, then=done))
        relay.failed.connect(lambda message, r=relay: self._on_end(r, self.failed, message, then=failed))
        relay.cancelled.connect(lambda r=relay: self._on_end(r, self.cancelled))
        if self._show_progress:
            self._open_dialog(label)
        self.running_changed.emit(True)
        _WhileJobsRun.enter()
        self._pool.start(job)

    def cancel(self) -> None:
        """Ask the running job to stop; `cancelled` follows once it has."""
        if self._current is not None:
            self._current[1].set = True

    def shut_down(self, wait_ms: int = 10_000) -> bool:
        """Cancel everything and wait for the workers, dropping their reports (the window is closing)."""
        self._supersede()
        self._close_dialog()
        done = self._pool.waitForDone(wait_ms)
        for relay in list(self._jobs):
            self._release(relay)
        if self._current is not None:
            self._current = None
            self.running_changed.emit(False)
        return done

    def wait(self, wait_ms: int = 30_000) -> bool:
        """Block until the pool is idle (tests and benchmarks); queued reports arrive at the next event loop turn."""
        return self._pool.waitForDone(wait_ms)

    # -- reports from the workers ----------------------------------------------------

    def _supersede(self) -> None:
        if self._current is not None:
            self._current[1].set = True
            self._current = None

    def _on_progress(self, relay: _Relay, fraction: float) -> None:
        if self._current is None or relay is not self._current[0]:
            return
        if self._dialog is not None:
            self._dialog.setValue(min(int(fraction * PROGRESS_STEPS), PROGRESS_STEPS - 1))
        self.progress.emit(fraction)

    def _on_end(self, relay: _Relay, signal, *payload, then=None) -> None:
        latest = self._current is not None and relay is self._current[0]
        cancelled = latest and self._current[1].set
        self._release(relay)
        if not latest:
            return
        self._current = None
        if cancelled:
            # The result was on its way when Cancel was pressed: the user's word wins.
            signal, payload, then = self.cancelled, (), None
        self._close_dialog()
        self.running_changed.emit(False)
        signal.emit(*payload)
        if then is not None:
            then(*payload)

    def _release(self, relay: _Relay) -> None:
        if self._jobs.pop(relay, None) is not None:
            relay.deleteLater()
            _WhileJobsRun.leave()

    # -- the progress dialog -----------------------------------------------------

    def _open_dialog(self, label: str) -> None:
        self._close_dialog()
        dialog = QProgressDialog(label, "Cancel", 0, PROGRESS_STEPS, self._widget)
        dialog.setObjectName("progress_dialog")
        dialog.setWindowTitle("Please wait")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(self._show_after_ms)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self.cancel)
        dialog.setValue(0)
        self._dialog = dialog

    def _close_dialog(self) -> None:
        dialog, self._dialog = self._dialog, None
        if dialog is not None:
            dialog.canceled.disconnect(self.cancel)
            dialog.reset()
            dialog.hide()
            dialog.deleteLater()
