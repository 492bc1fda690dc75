"""Start the window: `run(preset, screenshot, tab, open_file)` is what `defence-planner` calls with no command."""

from __future__ import annotations

import os
import sys
from pathlib import Path

SCREENSHOT_SIZE = (1440, 900)
COMPARE_SHOT = "compare"  # `--tab compare` shows the Compare Scenarios dialog over the window
# The offscreen platform says this whenever a window with a dock is shown: true, harmless, and on every screenshot.
OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints()"
WARM_UP_AFTER_MS = 700  # after the first frame, while the user reads the Allies table
ORGANISATION = "Defence Spending Planner"
APPLICATION = "Defence Spending Planner"


def resources_dir() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    return Path(bundle) / "resources" if bundle else Path(__file__).resolve().parents[2] / "resources"


def application():
    """The QApplication, created once; PySide6 is imported before pyqtgraph so pyqtgraph binds to it."""
    os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
    # Qt's raster engine hands each large fill and blit (a cached axis, the legend's box, the grid) to a thread
    # pool and waits for it: on these charts the hand-off cost more than the blit, half of a chart's repaint on
    # two cores (py-spy: QLatch::waitInternal and QThreadPool::start). Painted on the GUI thread, an edit on the
    # Financing tab took 17.6-20.8 ms against 20.8-22.6 with the pool. Read once, when Qt first wants the pool.
    os.environ.setdefault("QT_NO_GUI_THREADPOOL", "1")
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

    With a `recovery_folder` the window keeps its crash-recovery copy there and first offers to restore the ones
    crashed sessions left (never the live copy of another running window).
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
        window.recovery.message.connect(lambda text: window.statusBar().showMessage(text, 10000))
        offer_recovery(window.recovery, window.files.prompts, window)
    if open_file:
        window.files.open_scenario(open_file)
    return window


def screenshot_path_problem(path) -> str | None:
    """Why a PNG cannot be written at `path`, checked before the window is built; None when it looks writable."""
    path = Path(path)
    folder = path.parent
    if path.is_dir():
        return f"cannot write {path}: it is a folder"
    if not folder.is_dir():
        return f"cannot write {path}: no folder {folder}"
    if not os.access(folder, os.W_OK):
        return f"cannot write {path}: the folder is not writable"
    return None


def save_screenshot(window, path, tab: str | None, size: tuple[int, int] = SCREENSHOT_SIZE) -> int:
    from PySide6.QtWidgets import QApplication

    from .main_window import TABS

    if tab is not None and tab not in TABS and tab != COMPARE_SHOT:
        print(f"defence-planner: unknown tab {tab!r}: choose one of {', '.join(TABS)}, {COMPARE_SHOT}", file=sys.stderr)
        return 2
    if tab in TABS:
        window.show_tab(tab)
    window.resize(*size)
    window.show()
    QApplication.processEvents()
    shown = window.show_compare() if tab == COMPARE_SHOT else window
    if shown is not window:  # the offscreen screen is small: size the dialog as on the screen being shown
        shown.resize(min(1200, size[0] - 80), min(860, size[1] - 40))
    QApplication.processEvents()
    from ..core.atomic_write import write_atomically
    from .plots.export import image_png

    try:
        write_atomically(path, image_png(shown.grab().toImage()))
    except OSError as exc:
        print(f"defence-planner: cannot write {path}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    return 0


_message_filter = None  # kept referenced: Qt holds only a pointer to the installed handler


def quieten_offscreen_noise() -> None:
    """Drop OFFSCREEN_NOISE from Qt's messages; every other message goes on as Qt would print it."""
    global _message_filter
    from PySide6.QtCore import qFormatLogMessage, qInstallMessageHandler

    if _message_filter is not None:
        return

    def message_filter(mode, context, message):
        if message == OFFSCREEN_NOISE:
            return
        if previous is not None:
            previous(mode, context, message)
        else:
            sys.stderr.write(qFormatLogMessage(mode, context, message) + "\n")
            sys.stderr.flush()

    _message_filter = message_filter
    previous = qInstallMessageHandler(message_filter)


def run(preset: str | None = None, screenshot=None, tab: str | None = None, open_file=None, size=None) -> int:
    """The window until it closes, or with `screenshot` one PNG of it; 2 for a bad preset, tab, file or PNG path."""
    if screenshot:
        problem = screenshot_path_problem(screenshot)
        if problem is not None:
            print(f"defence-planner: {problem}", file=sys.stderr)
            return 2
        if not os.environ.get("QT_QPA_PLATFORM"):
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
    quieten_offscreen_noise()
    app = application()
    from .prompts import ConsolePrompts
    from .settings import Settings

    try:
        if screenshot:
            prompts = ConsolePrompts()
            window = build_window(preset, open_file, Settings(None), prompts)
        else:
            from ..core.recovery import recovery_dir

            window = build_window(preset, open_file, recovery_folder=recovery_dir())
    except KeyError as exc:
        print(f"defence-planner: {exc.args[0]}", file=sys.stderr)
        return 2
    if screenshot:
        code = 2 if prompts.errors else save_screenshot(window, screenshot, tab, size or SCREENSHOT_SIZE)
        dispose(window)
        return code
    window.show()
    from PySide6.QtCore import QTimer

    # The first screen has no chart, so pyqtgraph is not loaded for it; load it once the window has been on
    # screen a moment, so the first chart tab opens at once.
    QTimer.singleShot(WARM_UP_AFTER_MS, window, warm_up_charts)
    code = app.exec()
    dispose(window)
    return code


def warm_up_charts() -> None:
    """Import the chart modules (pyqtgraph and numpy's share of it) ahead of the first chart tab."""
    from .plots import trajectories  # noqa: F401  (pulls in pyqtgraph and the chart base)


def dispose(window) -> None:
    """Destroy the window's C++ side now, while the QApplication still exists.

    Left to interpreter shutdown, PySide6 and pyqtgraph tear down in an arbitrary order and
    the process can crash on exit after having done its work.
    """
    from PySide6.QtCore import QCoreApplication, QEvent

    window.imports.shut_down()  # a spreadsheet given on the command line may still be being read
    window.exports.shut_down()
    window.files.wait_for_save()
    if window.recovery is not None:
        window.recovery.shut_down()
    window.hide()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
