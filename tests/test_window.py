"""The main window as a user drives it: edits, undo, files, prompts, copy, export, palette, settings."""

import subprocess
import sys

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPalette

from desktop.core.presets import preset_scenario
from desktop.core.scenario_file import read_scenario, write_scenario
from desktop.ui.about import about_html
from desktop.ui.allies_model import COLUMNS
from desktop.ui.main_window import TABS
from desktop.ui.plots.export import png_bytes
from desktop.ui.prompts import CANCEL, DISCARD, SAVE

from .conftest import ROOT
from .ui_fixtures import OFFSCREEN_NOISE, make_window, no_threads_or_timers_left, prompts, settings, window  # noqa: F401

SHARE_T = 3


def _cell(window, iso3, column):
    model = window.allies.model
    row = next(r for r in range(model.rowCount()) if model.iso3_of_row(r) == iso3)
    return model.index(row, column).data()


def _projection(window, iso3, year):
    xs, ys = window.trajectories.curve_of(iso3, projected=True).getData()
    return float(ys[list(xs).index(year)])


def test_changing_the_target_updates_table_and_plots(window):
    panel = window.panel
    window.show_tab("trajectories")
    assert _cell(window, "DEU", SHARE_T) == "3.50%"
    panel.core_box.setValue(5.0)
    assert window.document.scenario.target.core_pct == 5.0
    assert _cell(window, "DEU", SHARE_T) == "5.00%"
    assert _projection(window, "DEU", 2035) == pytest.approx(5.0)
    window.show_tab("gap")
    assert window.gap.ranking[0][1] == pytest.approx(float(np.nanmax(window.document.result.extra_usd_m[:, 10])))
    window.show_tab("trajectories")
    panel.target_year_box.setValue(2030)
    assert window.allies.model.headerData(SHARE_T, Qt.Orientation.Horizontal) == "% GDP\n2030"
    assert _projection(window, "DEU", 2030) == pytest.approx(5.0)
    assert "In 2030" in panel.summary.text()
    panel.horizon_box.setValue(2050)
    xs, _ = window.trajectories.curve_of("DEU", projected=True).getData()
    assert xs[-1] == 2050


def test_undo_and_redo_restore_the_exact_scenario(window):
    document, panel = window.document, window.panel
    states = [document.scenario]
    edits = [
        lambda: panel.core_box.setValue(4.2),
        lambda: panel.related_box.setValue(0.5),
        lambda: panel.shape_box.activated.emit(1),
        lambda: panel.step_year_box.setValue(2029),
        lambda: panel.no_cuts_box.setChecked(False),
        lambda: panel.horizon_box.setValue(2045),
        lambda: window.milestones.set_share("GBR", 2027, 2.5),
        lambda: panel.target_group.setChecked(False),
    ]
    for edit in edits:
        edit()
        document.end_merge()
        states.append(document.scenario)
    assert len(set(map(id, states))) == len(states)
    assert document.undo_stack.count() == len(edits)
    for expected in reversed(states[:-1]):
        document.undo_stack.undo()
        assert document.scenario == expected
        assert panel.core_box.value() == pytest.approx((expected.target.core_pct if expected.target else 2.0))
    for expected in states[1:]:
        document.undo_stack.redo()
        assert document.scenario == expected


def test_a_spin_box_drag_is_one_undo_step(window):
    document, box = window.document, window.panel.core_box
    for value in (3.6, 3.7, 3.8, 3.9):
        box.setValue(value)
    assert document.undo_stack.count() == 1
    assert window.actions["undo"].text() == "&Undo Set core target"
    box.editingFinished.emit()
    box.setValue(4.0)
    assert document.undo_stack.count() == 2
    document.undo_stack.undo()
    document.undo_stack.undo()
    assert document.scenario.target.core_pct == 3.5
    assert box.value() == 3.5


def test_undo_labels_read_like_english(window):
    window.milestones.set_share("GBR", 2027, 2.5)
    assert window.actions["undo"].text() == "&Undo Set United Kingdom 2027/28 share"
    window.panel._choose_preset(window.panel.preset_box.findData("uk-plan"))
    assert window.actions["undo"].text() == "&Undo Choose preset UK plan"
    assert window.document.scenario == preset_scenario("uk-plan", window.document.dataset)


def test_milestones_tab_adds_moves_and_removes_with_undo(window):
    window.show_tab("trajectories")
    tab = window.milestones
    tab.ally_box.setCurrentIndex(tab.ally_box.findData("GBR"))
    tab.year_box.setValue(2027)
    tab.share_box.setValue(2.5)
    tab.add_button.click()
    assert [(p.year, p.share_pct) for p in window.document.scenario.milestones["GBR"]] == [(2027, 2.5)]
    assert _projection(window, "GBR", 2027) == pytest.approx(2.5)
    tab.move("GBR", 2027, 2028)
    assert [p.year for p in window.document.scenario.milestones["GBR"]] == [2028]
    window.document.undo_stack.undo()
    assert [p.year for p in window.document.scenario.milestones["GBR"]] == [2027]
    tab.table.selectRow(0)
    tab.remove_button.click()
    assert "GBR" not in window.document.scenario.milestones


def test_save_and_open_round_trip(make_window, prompts, tmp_path):
    first = make_window()
    first.panel.core_box.setValue(4.25)
    first.milestones.set_share("GBR", 2027, 2.5)
    prompts.save_as_answer = str(tmp_path / "plan")
    assert first.files.save()
    saved = tmp_path / "plan.defplan"
    assert read_scenario(saved) == first.document.scenario
    assert not first.isWindowModified()
    assert first.windowTitle().startswith("plan.defplan[*]")

    second = make_window("status-quo")
    prompts.open_answer = str(saved)
    assert second.files.open_scenario()
    assert second.document.scenario == first.document.scenario
    assert second.document.path == saved.resolve()
    assert second.panel.core_box.value() == 4.25
    assert second.menus["recent"].actions()[0].statusTip() == str(saved.resolve())
    assert second.document.undo_stack.count() == 0


def test_unsaved_work_marks_the_title_and_prompts_before_it_is_lost(window, prompts, tmp_path):
    assert not window.isWindowModified()
    window.panel.core_box.setValue(4.0)
    assert window.isWindowModified() and "[*]" in window.windowTitle()

    prompts.save_answer = CANCEL
    assert not window.files.new_scenario()
    assert not window.close()
    assert window.document.scenario.target.core_pct == 4.0
    assert len(prompts.asked) == 2

    prompts.save_answer = SAVE
    prompts.save_as_answer = str(tmp_path / "kept.defplan")
    assert window.files.new_scenario()
    assert read_scenario(tmp_path / "kept.defplan").target.core_pct == 4.0
    assert window.document.scenario.target.core_pct == 3.5 and window.document.path is None

    window.panel.core_box.setValue(4.5)
    prompts.save_answer = DISCARD
    assert window.files.new_scenario()
    assert not window.isWindowModified()
    window.document.undo_stack.undo()  # nothing to undo after New
    assert window.document.scenario.target.core_pct == 3.5


def test_a_broken_file_is_reported_and_nothing_changes(window, prompts, tmp_path):
    bad = tmp_path / "broken.defplan"
    bad.write_text("{not json", encoding="utf-8")
    before = window.document.scenario
    assert not window.files.open_scenario(str(bad))
    assert "the scenario file is damaged (not valid JSON at line 1)" in prompts.errors[0]
    assert window.document.scenario is before


def test_recent_files_are_absolute_unique_existing_and_capped(window, prompts, tmp_path, settings):
    paths = []
    for n in range(12):
        path = tmp_path / f"s{n}.defplan"
        write_scenario(preset_scenario("status-quo", window.document.dataset), path)
        paths.append(path)
        assert window.files.open_scenario(str(path))
    assert window.files.open_scenario(str(paths[5]))
    paths[11].unlink()
    recent = settings.recent_files()
    assert recent[0] == str(paths[5].resolve())
    assert str(paths[11].resolve()) not in recent
    assert len(recent) == len(set(recent)) <= 10


def test_copy_selection_is_tab_separated_with_headers(window):
    window.show_tab("allies")
    window.allies.select_allies(["GBR"])
    text = window.copy_selection()
    header, row = text.rstrip("\r\n").split("\r\n")
    assert header.split("\t")[:3] == ["Ally", "ISO", "% GDP 2025"]
    cells = row.split("\t")
    assert cells[:2] == ["United Kingdom", "GBR"] and len(cells) == len(COLUMNS)
    assert float(cells[SHARE_T]) == pytest.approx(3.5)
    assert QGuiApplication.clipboard().text() == text


def test_selecting_allies_selects_their_lines(window):
    window.show_tab("trajectories")
    window.allies.select_allies(["ITA", "ESP"])
    assert window.trajectories.selected == ["ITA", "ESP"]
    assert window.trajectories.curve_of("ITA", projected=False).opts["pen"].widthF() > 2
    assert window.trajectories.curve_of("GBR", projected=False) is None
    assert len(window.trajectories.plot.legend.items) == 2


def test_export_chart_writes_a_png_and_is_off_for_tables(window, prompts, tmp_path):
    window.show_tab("allies")
    assert not window.actions["export_chart"].isEnabled()
    window.show_tab("burden")
    assert window.actions["export_chart"].isEnabled()
    prompts.save_as_answer = str(tmp_path / "chart")
    assert window.export_chart()
    image = QImage(str(tmp_path / "chart.png"))
    assert not image.isNull() and image.width() >= 1600
    assert png_bytes(window.gap).startswith(b"\x89PNG")
    from desktop.ui.plots.export import chart_image

    bare = chart_image(window.burden.chart)
    assert image.height() > bare.height() + 60  # a title band above, a source line below
    background = image.pixelColor(2, 2)

    def inked(top, bottom):
        return any(image.pixelColor(x, y) != background for y in range(top, bottom, 2) for x in range(0, 600, 2))

    assert inked(0, 40) and inked(image.height() - 30, image.height())


def test_plots_follow_a_dark_palette(window):
    dark = QPalette()
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#eeeeee"))
    window.setPalette(dark)
    for chart in (window.trajectories, window.burden.chart, window.gap):
        assert chart.colours.is_dark
        assert chart.backgroundBrush().color().lightness() < 60
    window.setPalette(QPalette())
    assert not window.trajectories.colours.is_dark


def test_actions_are_reachable_from_the_keyboard(window):
    for key in ("new", "open", "save", "save_as", "undo", "redo", "copy", "export_chart", "quit", "filter", "panel", "focus_panel"):
        assert not window.actions[key].shortcut().isEmpty(), key
    for n, name in enumerate(TABS, start=1):
        assert window.actions[f"tab_{name}"].shortcut().toString() == f"Ctrl+{n}"
    for menu in window.menus.values():
        for action in menu.actions():
            assert action.isSeparator() or "&" in action.text(), action.text()


def test_hover_reads_out_values_and_milestones_are_drawn(make_window):
    window = make_window("uk-plan")
    window.show_tab("trajectories")
    text = window.trajectories.readout_at(window.trajectories.plot, 2027.2, 0)
    assert text.startswith("2027 (projected, UK plan)") and "United Kingdom 2.50%" in text
    assert "United Kingdom 2.40%" in window.trajectories.readout_at(window.trajectories.plot, 2025, 0)
    points = window.trajectories._milestones.data
    assert sorted((p["x"], p["y"]) for p in points) == [(2027, 2.5), (2034, 3.0)]
    window.panel._choose_preset(window.panel.preset_box.findData("hague-2035"))
    window.show_tab("gap")
    top_iso3 = window.gap.ranking[0][0]
    assert window.gap.readout_at(window.gap.plot, 0, len(window.gap.ranking) - 1).startswith(window.document.dataset.ally(top_iso3).name)


def test_about_names_the_data_sources(window):
    html = about_html(window.document.dataset)
    for source, edition in window.document.dataset.sources():
        assert source in html and edition in html


@pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)
def test_settings_restore_geometry_but_not_off_screen(make_window, qtbot):
    first = make_window()
    first.show()
    first.resize(760, 560)
    first.show_tab("gap")
    first.close()
    second = make_window()
    assert second.size().width() == 760 and second.current_tab_name() == "gap"
    second.show()
    second.move(QPoint(30000, 30000))
    second.close()
    third = make_window()
    third.show()
    screen = QGuiApplication.primaryScreen().availableGeometry()
    assert screen.intersects(third.frameGeometry())
    third.close()


def test_screenshot_contract_and_lean_start(tmp_path):
    shot = tmp_path / "gap.png"
    code = subprocess.run([sys.executable, "-m", "desktop", "--screenshot", str(shot), "--tab", "gap"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert code.returncode == 0, code.stderr
    assert code.stderr == ""  # not even the offscreen platform's propagateSizeHints() complaint
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1440, 900)
    bad = subprocess.run([sys.executable, "-m", "desktop", "--screenshot", str(shot), "--tab", "nope"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "unknown tab" in bad.stderr
    probe = (
        "import os,sys; os.environ['QT_QPA_PLATFORM']='offscreen';"
        "from desktop.ui.app import application, build_window; from desktop.ui.settings import Settings;"
        "app=application(); w=build_window(settings=Settings(None));"
        "print(sorted(m for m in ('openpyxl','python_calamine','desktop.spreadsheets','desktop.ui.briefing') if m in sys.modules))"
    )
    loaded = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert loaded.stdout.strip().splitlines()[-1] == "[]"


def _screenshot(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "desktop", "--screenshot", *args], cwd=ROOT, capture_output=True, text=True, timeout=60)


def test_a_screenshot_of_a_bad_file_or_to_a_bad_path_fails_with_one_line(tmp_path):
    """No one can answer a dialog in screenshot mode: it must neither hang on one nor exit 0 without the file."""
    shot = str(tmp_path / "o.png")
    bad = tmp_path / "bad.defplan"
    bad.write_text("{not json", encoding="utf-8")
    for args, names in (
        ((shot, str(bad)), "bad.defplan: the scenario file is damaged (not valid JSON at line 1)"),
        ((shot, str(tmp_path / "absent.defplan")), "absent.defplan: no such file"),
        ((str(tmp_path / "no-such-folder" / "o.png"),), "cannot write"),
        ((str(tmp_path),), "it is a folder"),
    ):
        run = _screenshot(*args)
        assert run.returncode == 2, run.stderr
        assert run.stderr.startswith("defence-planner: ") and names in run.stderr, run.stderr
        assert len(run.stderr.strip().splitlines()) == 1, run.stderr
    assert not (tmp_path / "o.png").exists()


def test_a_screenshot_opens_a_planner_workbook_given_as_the_file(tmp_path, dataset):
    from desktop.core.projection import compute
    from desktop.spreadsheets.workbook.export import export_workbook

    export_workbook(compute(dataset, preset_scenario("uk-plan", dataset)), tmp_path / "uk.xlsx")
    run = _screenshot(str(tmp_path / "o.png"), str(tmp_path / "uk.xlsx"))
    assert run.returncode == 0 and run.stderr == "", run.stderr
    assert not QImage(str(tmp_path / "o.png")).isNull()


def test_only_the_offscreen_noise_is_kept_from_stderr():
    probe = (
        "import os; os.environ['QT_QPA_PLATFORM']='offscreen'\n"
        "from desktop.ui.app import OFFSCREEN_NOISE, quieten_offscreen_noise\n"
        "from PySide6.QtCore import qWarning\n"
        "quieten_offscreen_noise()\n"
        "qWarning(OFFSCREEN_NOISE)\n"
        "qWarning('a warning that matters')\n"
    )
    run = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stderr.strip() == "a warning that matters"


def test_python_side_emits_do_not_exhaust_true():
    """PySide6 6.12.0 drops a reference to True per emit and aborts; the pinned Qt must survive many thousands."""
    probe = (
        "import desktop.ui\n"
        "from PySide6.QtCore import QObject, Signal\n"
        "class A(QObject):\n    s = Signal(object)\n"
        "a = A()\n"
        "for i in range(20000): a.s.emit(i)\n"
        "print('ok')\n"
    )
    run = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0 and run.stdout.strip() == "ok", run.stderr[-500:]


@pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)
def test_the_allies_table_fits_a_1440_wide_window_without_scrolling(window):
    window.resize(1440, 900)
    window.show()
    QGuiApplication.processEvents()
    table = window.allies.table
    header = table.horizontalHeader()
    assert sum(header.sectionSize(c) for c in range(header.count())) <= table.viewport().width()
    assert table.horizontalScrollBar().maximum() == 0
    assert header.sectionSize(2) < 2 * table.sizeHintForColumn(2)  # a two-line title does not double a column
    window.close()


def test_the_gap_tab_says_how_to_add_budget_lines_until_there_are_some(window):
    from dataclasses import replace

    from desktop.core.scenario import BudgetLine

    gap = window.gap_tab
    window.show_tab("gap")
    assert gap.lines_table.isHidden()
    assert "File ▸ Import Spreadsheet…" in gap.lines_title.text() and "Budget lines" in gap.lines_title.text()
    lines = (BudgetLine("Drones", "GBR", "GBP", ((2027, 100.0), (2030, 400.0))),)
    window.document.replace_scenario(replace(window.document.scenario, budget_lines=lines), "Add lines")
    assert not gap.lines_table.isHidden() and gap.lines_model.rowCount() == 2
    assert "1 line)" in gap.lines_title.text()
    gap.lines_table.selectAll()
    assert window.copy_selection().splitlines()[1].startswith("Drones\tUnited Kingdom\t2027/28\t100\tGBP\t")
    window.document.undo_stack.undo()
    assert gap.lines_table.isHidden() and "none yet" in gap.lines_title.text()


def test_the_budget_lines_are_listed_only_while_the_gap_tab_is_shown_and_at_most_a_thousand_rows(window, monkeypatch):
    from dataclasses import replace

    import desktop.ui.budget_lines_model as budget_lines_model
    from desktop.core.commands import SetTargetField
    from desktop.core.scenario import BudgetLine

    built = []
    real = budget_lines_model.budget_line_rows
    monkeypatch.setattr(budget_lines_model, "budget_line_rows", lambda *args: built.append(1) or real(*args))
    gap = window.gap_tab
    lines = tuple(BudgetLine(f"Line {n}", "GBR", "GBP", tuple((y, 10.0 + n) for y in range(2026, 2036))) for n in range(300))
    window.show_tab("allies")
    window.document.replace_scenario(replace(window.document.scenario, budget_lines=lines), "Import 3,000 amounts")
    window.document.execute(SetTargetField("core_pct", 4.0))
    assert built == []  # edits elsewhere do not list 3,000 rows nobody sees
    window.show_tab("gap")
    assert built == [1]
    assert gap.lines_model.rowCount() == 1_000 and gap.lines_model.total_rows() == 3_000
    assert "300 lines" in gap.lines_title.text() and "first 1,000 of 3,000 rows" in gap.lines_title.text()
    assert "2,000 more" in gap.lines_title.text()
    window.document.execute(SetTargetField("core_pct", 4.2))  # shown: the table follows at once
    assert built == [1, 1]
    window.show_tab("allies")
    window.document.undo_stack.undo()
    window.show_tab("gap")
    assert built == [1, 1, 1]


def test_chart_file_name_from_a_scenario_name_is_safe(window, prompts, tmp_path, monkeypatch):
    from desktop.core.commands import RenameScenario

    window.document.execute(RenameScenario("Poland: 4% / UK 2.5%"))
    window.show_tab("gap")
    offered = []
    monkeypatch.setattr(prompts, "save_path", lambda parent, suggested, file_filter=None: offered.append(suggested))
    assert not window.export_chart()
    assert offered[0].name == "Poland- 4% - UK 2.5% - gap.png"


def test_a_new_window_opens_inside_the_available_area_and_renames_an_edited_preset(window):
    available = QGuiApplication.primaryScreen().availableGeometry()
    assert available.contains(window.geometry())
    assert window.width() <= 0.9 * available.width() and window.height() <= 0.9 * available.height()
    window.panel.core_box.setValue(3.0)
    window.document.end_merge()
    window.panel.target_year_box.setValue(2032)
    scenario = window.document.scenario
    assert scenario.name == "Hague 2035 (edited)"
    assert scenario.description == "3.0% core + 1.5% defence-related by 2032, linear, no cuts"
    assert window.panel.name_box.text() == "Hague 2035 (edited)"
    assert "Hague 2035 (edited)" in window.windowTitle()
    window.panel.name_box.setText("Minister's case")
    window.panel.name_box.editingFinished.emit()
    assert window.document.scenario.name == "Minister's case"
    assert window.document.undo_stack.undoText() == "Rename scenario to Minister's case"
    window.document.undo_stack.undo()
    assert window.panel.name_box.text() == "Hague 2035 (edited)"
    window.document.undo_stack.undo()
    window.document.undo_stack.undo()
    assert window.document.scenario.name == "Hague 2035" and "3.5%" in window.document.scenario.description
