"""Work around PySide6/shiboken6 6.12.0 dropping references to None and True.

Two leaks, measured on CPython 3.11: every Python-side `Signal.emit()` loses a reference to
True, and every Python slot or override returning None to C++ (a C++-emitted signal, a
virtual such as QUndoCommand.redo) loses one to None. These singletons start with a few
hundred to a few thousand references, so after that many calls (pyqtgraph emits and
repaints on every mouse move) the interpreter aborts with "deallocating None" or
"deallocating True or False". When a probe shows either leak, None, True and False get a
reserve of references they can never use up, which is what CPython 3.12 does for every
build (immortal objects). Remove once PySide6 is fixed.
"""

from __future__ import annotations

import ctypes
import sys

_RESERVE = 1 << 40
_state = {"checked": False, "applied": False}


def _leaks() -> bool:
    from PySide6.QtCore import QObject, Signal

    class _Probe(QObject):
        fired = Signal()

    probe = _Probe()
    probe.objectNameChanged.connect(lambda name: None)
    true_before, none_before = sys.getrefcount(True), sys.getrefcount(None)
    for n in range(4):
        probe.fired.emit()
        probe.setObjectName(str(n))
    return sys.getrefcount(True) < true_before or sys.getrefcount(None) < none_before


def apply_fix() -> bool:
    """True if the reserve was added (now or on an earlier call)."""
    if _state["checked"]:
        return _state["applied"]
    _state["checked"] = True
    release_cpython_before_immortals = (
        sys.implementation.name == "cpython" and sys.version_info < (3, 12) and not hasattr(sys, "gettotalrefcount")
    )
    if release_cpython_before_immortals and _leaks():
        for singleton in (None, True, False):
            ctypes.c_ssize_t.from_address(id(singleton)).value += _RESERVE
        _state["applied"] = True
    return _state["applied"]
