"""Start the window: `run(preset, screenshot, tab, open_file)` is what `defence-planner` calls with no command."""

from __future__ import annotations

import os
import sys
from pathlib import Path

SCREENSHOT_SIZE = (1440, 900)
COMPARE_SHOT = "compare"  # `--tab compare` shows the Compare Scenarios dialog over the window
ORGANISATION = "Defence Spending Planner"
APPLICATION = "Defence Spending Planner"


def resources_dir() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    return Path(bundle) / "resources" if bundle else Path(__file__).resolve().parents[2] / "resources"


def application():
    """The QApplication, created once; PySide6 is imported before pyqtgraph so pyqtgraph binds to it."""
    os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setOrganizationName(ORGANISATION)
        app.setApplicationName(APPLICATION)
        app.setApplicationDisplayName(APPLICATION)
        app.setDesktopFileName("defence-planner")  # Wayland and the taskbar match the window to the installed .desktop file
        icon = resources_dir() / "icon.png"
        if icon.exists():
            app.setWindowIcon(QIcon(str(icon)))
    return app


def build_window(preset: str | None = None, open_file=None, settings=None, prompts=None, recovery_folder=None):
    """The main window on the embedded dataset; raises KeyError for an unknown preset.

    With a `recovery_folder` the window keeps a crash-recovery copy there and first offers to restore the one a
    crashed session left.
    """
    from PySide6.QtWidgets import QApplication

    from ..core.dataset import default_dataset
    from ..core.presets import preset_scenario
    from .file_controller import DEFAULT_PRESET
    from .file_open_filter import FileOpenFilter
    from .main_window import MainWindow
    from .settings import Settings

    dataset = default_dataset()
    scenario = preset_scenario(preset or DEFAULT_PRESET, dataset)
    if settings is None:
        from PySide6.QtCore import QSettings

        settings = Settings(QSettings())
    window = MainWindow(dataset, scenario, settings, prompts)
    QApplication.instance().installEventFilter(FileOpenFilter(window))
    if recovery_folder is not None:
        from .recovery_writer import RecoveryWriter, offer_recovery

        window.recovery = RecoveryWriter(window.document, recovery_folder, parent=window)
        window.recovery.failed.connect(lambda text: window.statusBar().showMessage(text, 10000))
        offer_recovery(window.recovery, window.files.prompts, window)
    if open_file:
        window.files.open_scenario(open_file)
    return window


def save_screenshot(window, path, tab: str | None) -> int:
    from PySide6.QtWidgets import QApplication

    from .main_window import TABS

    if tab is not None and tab not in TABS and tab != COMPARE_SHOT:
        print(f"defence-planner: unknown tab {tab!r}: choose one of {', '.join(TABS)}, {COMPARE_SHOT}", file=sys.stderr)
        return 2
    if tab in TABS:
        window.show_tab(tab)
    window.resize(*SCREENSHOT_SIZE)
    window.show()
    QApplication.processEvents()
    shown = window.show_compare() if tab == COMPARE_SHOT else window
    QApplication.processEvents()
    image = shown.grab()
    if not image.save(str(path), "PNG"):
        print(f"defence-planner: cannot write {path}", file=sys.stderr)
        return 1
    return 0


def run(preset: str | None = None, screenshot=None, tab: str | None = None, open_file=None) -> int:
    if screenshot and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = application()
    from .settings import Settings

    try:
        if screenshot:
            window = build_window(preset, open_file, Settings(None))
        else:
            from ..core.recovery import recovery_dir

            window = build_window(preset, open_file, recovery_folder=recovery_dir())
    except KeyError as exc:
        print(f"defence-planner: {exc.args[0]}", file=sys.stderr)
        return 2
    if screenshot:
        code = save_screenshot(window, screenshot, tab)
        dispose(window)
        return code
    window.show()
    code = app.exec()
    dispose(window)
    return code


def dispose(window) -> None:
    """Destroy the window's C++ side now, while the QApplication still exists.

    Left to interpreter shutdown, PySide6 and pyqtgraph tear down in an arbitrary order and
    the process can crash on exit after having done its work.
    """
    from PySide6.QtCore import QCoreApplication, QEvent

    window.hide()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
