"""Persistent preferences over QSettings: one table of defaults, a schema version, safe geometry."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QRect, QSettings, QSize

from .recent_files import existing_recent, with_recent

SCHEMA_VERSION = 1
_VERSION_KEY = "schema_version"

DEFAULTS = {
    "window/geometry": QByteArray(),
    "window/state": QByteArray(),
    "window/burden_splitter": QByteArray(),
    "window/tab": "allies",
    "files/recent": [],
    "files/last_folder": str(Path.home()),
}


class Settings:
    """Typed access to DEFAULTS' keys; a store written by another schema version is discarded.

    With `store=None` nothing is persisted (screenshots and benchmarks must not touch the user's settings).
    """

    def __init__(self, store: QSettings | None):
        self._store = store
        self._memory: dict = {}
        if store is not None and _stored_version(store) != SCHEMA_VERSION:
            store.clear()
            store.setValue(_VERSION_KEY, SCHEMA_VERSION)

    @classmethod
    def at(cls, path) -> "Settings":
        """An INI file at `path` (tests point this at a temporary directory)."""
        return cls(QSettings(str(path), QSettings.Format.IniFormat))

    def value(self, key: str):
        default = DEFAULTS[key]
        raw = self._memory.get(key, default) if self._store is None else self._store.value(key, default)
        return _coerce(raw, default)

    def set_value(self, key: str, value) -> None:
        if key not in DEFAULTS:
            raise KeyError(key)
        if self._store is None:
            self._memory[key] = value
        else:
            self._store.setValue(key, value)

    def sync(self) -> None:
        if self._store is not None:
            self._store.sync()

    def recent_files(self) -> list[str]:
        return existing_recent(self.value("files/recent"))

    def add_recent_file(self, path) -> list[str]:
        recent = with_recent(self.value("files/recent"), path)
        self.set_value("files/recent", recent)
        self.set_value("files/last_folder", str(Path(path).resolve().parent))
        return recent


def _stored_version(store: QSettings):
    try:
        return int(store.value(_VERSION_KEY, 0))
    except (TypeError, ValueError):
        return None


def _coerce(raw, default):
    """QSettings hands back strings for lists of one item and for numbers in INI files."""
    if isinstance(default, list):
        if raw is None:
            return []
        return [raw] if isinstance(raw, str) else [str(v) for v in raw]
    if isinstance(default, QByteArray):
        return raw if isinstance(raw, QByteArray) else QByteArray()
    if isinstance(default, str):
        return raw if isinstance(raw, str) else default
    return raw


def visible_on_some_screen(frame: QRect, screens: list[QRect], margin: int = 48) -> bool:
    """True when enough of `frame`'s title bar lies on a screen for the user to grab it."""
    title_bar = QRect(frame.left(), frame.top(), frame.width(), margin)
    return any(title_bar.intersected(s).width() >= margin and title_bar.intersected(s).height() > 0 for s in screens)


def fitted_geometry(preferred: QSize, available: QRect, fraction: float = 0.9) -> QRect:
    """`preferred`, shrunk to at most `fraction` of the screen's available area, centred in it."""
    width = min(preferred.width(), int(available.width() * fraction))
    height = min(preferred.height(), int(available.height() * fraction))
    geometry = QRect(0, 0, width, height)
    geometry.moveCenter(available.center())
    return geometry
