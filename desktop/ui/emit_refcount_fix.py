"""Work around PySide6 6.12.0 losing a reference to True on every Python-side `Signal.emit()`.

On CPython 3.11, True starts with a few hundred references; after that many emits
(pyqtgraph emits on every mouse move) the interpreter aborts with
"bool_dealloc: deallocating True or False". We detect the bug with one probe emit and, only
if it is present, give True a reserve of references so it can never reach zero, which is
what CPython 3.12 does for every build (immortal objects). Remove once PySide6 is fixed.
"""

from __future__ import annotations

import ctypes
import sys

_RESERVE = 1 << 40
_state = {"checked": False, "applied": False}


def _emit_loses_true() -> bool:
    from PySide6.QtCore import QObject, Signal

    class _Probe(QObject):
        fired = Signal()

    probe = _Probe()
    before = sys.getrefcount(True)
    probe.fired.emit()
    return sys.getrefcount(True) < before


def apply_fix() -> bool:
    """True if the reserve was added (now or on an earlier call)."""
    if _state["checked"]:
        return _state["applied"]
    _state["checked"] = True
    release_cpython_before_immortals = (
        sys.implementation.name == "cpython" and sys.version_info < (3, 12) and not hasattr(sys, "gettotalrefcount")
    )
    if release_cpython_before_immortals and _emit_loses_true():
        ctypes.c_ssize_t.from_address(id(True)).value += _RESERVE
        _state["applied"] = True
    return _state["applied"]
