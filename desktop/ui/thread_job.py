"""One piece of file work (a save, a recovery copy) on a plain thread, ended in the GUI thread or waited for there."""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from .workers import _WhileJobsRun


class ThreadJob(QObject):
    """Runs `work()` once on its own thread; `on_end(job)` then runs exactly once in the GUI thread.

    It runs when the worker's report arrives through the event loop, or at once from `wait()`,
    which is what closing the window and a short save need: no event loop turn in between.
    Afterwards `error` holds what `work` raised (None when it succeeded) and `result` what it returned.
    """

    _reported = Signal()

    def __init__(self, work: Callable[[], object], on_end: Callable[["ThreadJob"], None], name: str):
        super().__init__()
        self.result = None
        self.error: Exception | None = None
        self._work = work
        self._on_end = on_end
        self._ended = False
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._reported.connect(self._end)  # emitted from the worker: queued to this object's (the GUI) thread
        # A full garbage collection run from the worker would hold the GIL, and freeze the window, for tens of ms;
        # and a worker running Python would keep the GIL from the GUI thread for 5 ms at a time.
        _WhileJobsRun.enter()
        self._thread.start()

    @property
    def ended(self) -> bool:
        return self._ended

    def wait(self, timeout_s: float | None = None) -> bool:
        """Block until the work is done and end the job here; False when `timeout_s` passed first."""
        self._thread.join(timeout_s)
        if self._thread.is_alive():
            return False
        self._end()
        return True

    def _run(self) -> None:
        try:
            self.result = self._work()
        except Exception as error:  # noqa: BLE001 - handed to on_end, which reports it in one line
            self.error = error
        self._reported.emit()

    def _end(self) -> None:
        if self._ended:
            return
        self._thread.join()  # it has reported: it is returning
        self._ended = True
        _WhileJobsRun.leave()
        self._on_end(self)
