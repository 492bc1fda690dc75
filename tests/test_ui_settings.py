"""Settings: one table of defaults, a schema version, recent files, and no off-screen windows."""

from PySide6.QtCore import QRect, QSettings

from desktop.ui.recent_files import MAX_RECENT, existing_recent, with_recent
from desktop.ui.settings import DEFAULTS, SCHEMA_VERSION, Settings, visible_on_some_screen

from .ui_fixtures import no_threads_or_timers_left  # noqa: F401


def test_defaults_come_from_one_table(tmp_path):
    settings = Settings.at(tmp_path / "s.ini")
    for key, default in DEFAULTS.items():
        assert settings.value(key) == default


def test_a_store_from_another_schema_version_is_discarded(tmp_path):
    path = tmp_path / "s.ini"
    old = QSettings(str(path), QSettings.Format.IniFormat)
    old.setValue("schema_version", SCHEMA_VERSION + 1)
    old.setValue("window/tab", "gap")
    old.sync()
    settings = Settings.at(path)
    assert settings.value("window/tab") == DEFAULTS["window/tab"]
    settings.set_value("window/tab", "burden")
    settings.sync()
    assert Settings.at(path).value("window/tab") == "burden"


def test_recent_files_absolute_unique_existing_newest_first(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    files = [tmp_path / f"{n}.defplan" for n in range(MAX_RECENT + 3)]
    for f in files:
        f.write_text("{}")
    recent: list[str] = []
    for f in files:
        recent = with_recent(recent, f)
    recent = with_recent(recent, "3.defplan")  # relative, already listed
    assert recent[0] == str(files[3])
    assert len(recent) == MAX_RECENT and len(set(recent)) == MAX_RECENT
    files[12].unlink()
    assert str(files[12]) not in existing_recent(recent)
    assert existing_recent(["", None, 5, str(files[0])]) == [str(files[0])]


def test_recent_list_survives_a_single_entry_round_trip(tmp_path):
    target = tmp_path / "only.defplan"
    target.write_text("{}")
    settings = Settings.at(tmp_path / "s.ini")
    settings.add_recent_file(target)
    settings.sync()
    reread = Settings.at(tmp_path / "s.ini")
    assert reread.recent_files() == [str(target.resolve())]
    assert reread.value("files/last_folder") == str(tmp_path.resolve())


def test_off_screen_positions_are_not_visible():
    screens = [QRect(0, 0, 1920, 1080), QRect(1920, 0, 1280, 1024)]
    assert visible_on_some_screen(QRect(100, 100, 800, 600), screens)
    assert visible_on_some_screen(QRect(2500, 900, 800, 600), screens)
    assert not visible_on_some_screen(QRect(5000, 100, 800, 600), screens)
    assert not visible_on_some_screen(QRect(100, -700, 800, 600), screens)
    assert not visible_on_some_screen(QRect(-790, 100, 800, 600), screens)


def test_in_memory_settings_touch_no_file(tmp_path):
    settings = Settings(None)
    settings.set_value("window/tab", "gap")
    assert settings.value("window/tab") == "gap"
    assert list(tmp_path.iterdir()) == []


def test_a_fresh_window_takes_at_most_nine_tenths_of_a_small_screen():
    from PySide6.QtCore import QSize

    from desktop.ui.settings import fitted_geometry

    small = QRect(0, 0, 1280, 800 - 32)  # a 1280×800 screen with a panel
    geometry = fitted_geometry(QSize(1440, 900), small)
    assert small.contains(geometry)
    assert (geometry.width(), geometry.height()) == (1152, 691)
    assert fitted_geometry(QSize(1440, 900), QRect(0, 0, 2560, 1440)).size() == QSize(1440, 900)
