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
