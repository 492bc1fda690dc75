"""The desktop window (PySide6 + pyqtgraph): a thin view over desktop.core."""

import os

# pyqtgraph binds to the first Qt it finds unless told; PySide6 is the one we ship.
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
