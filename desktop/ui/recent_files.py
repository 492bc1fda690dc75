"""The recent-files list: absolute paths, newest first, no duplicates, no missing files, at most ten."""

from __future__ import annotations

import os
from pathlib import Path

MAX_RECENT = 10


def _normal(path) -> str:
    return os.path.normcase(str(Path(path).expanduser().resolve()))


def existing_recent(paths, exists=os.path.exists) -> list[str]:
    """The stored list cleaned up: absolute, de-duplicated, files that still exist, at most MAX_RECENT."""
    kept: list[str] = []
    seen = set()
    for path in paths:
        if not isinstance(path, str) or not path:
            continue
        absolute = str(Path(path).expanduser().resolve())
        key = _normal(absolute)
        if key in seen or not exists(absolute):
            continue
        seen.add(key)
        kept.append(absolute)
    return kept[:MAX_RECENT]


def with_recent(paths, path, exists=os.path.exists) -> list[str]:
    """`path` moved (or added) to the front of the list."""
    return existing_recent([str(path), *paths], exists)
