"""Test configuration: Qt offscreen, the shared reference data when present."""

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture
def shared_data() -> Path:
    """../shared/data beside the project; tests that need it skip when it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is absent (it is only beside developer checkouts)")
    return SHARED_DATA


@pytest.fixture(scope="session")
def dataset():
    from desktop.core.dataset import default_dataset

    return default_dataset()


@pytest.fixture
def lock_holder():
    """Starts a separate process that takes the OS lock on a file and keeps it until it is killed, like a running window.

    `hold(path)` returns the process once it holds the lock; every one still running is killed at the end.
    """
    import subprocess
    import sys

    holders = []
    script = (
        "import sys, time\n"
        "from desktop.core.file_lock import FileLock\n"
        "lock = FileLock.try_acquire(sys.argv[1])\n"
        "print('held' if lock else 'taken', flush=True)\n"
        "time.sleep(120)\n"
    )

    def hold(path):
        child = subprocess.Popen([sys.executable, "-c", script, str(path)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
        holders.append(child)
        assert child.stdout.readline().strip() == "held"
        return child

    yield hold
    for child in holders:
        child.kill()
        child.wait()
        child.stdout.close()
