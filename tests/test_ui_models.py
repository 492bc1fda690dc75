"""The window's table models: Qt's model checks, numeric sorting, filtering, tooltips, edits by callback."""

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt

from desktop.core.dataset import BASE_YEAR, SHARE
from desktop.core.presets import preset_scenario
from desktop.core.projection import compute
from desktop.core.scenario import Override, Scenario
from desktop.ui.allies_model import COLUMNS, AlliesModel
from desktop.ui.data_table import sorting_proxy
from desktop.ui.equalise_model import EqualiseModel
from desktop.ui.milestones_model import MilestonesModel
from desktop.ui.roles import COPY_ROLE, FILTER_ROLE, SORT_ROLE

from .ui_fixtures import no_threads_or_timers_left  # noqa: F401

EXTRA = next(i for i, c in enumerate(COLUMNS) if c.title(2035) == "Extra\n2035,\nUS$ m")
SHARE_T = 3
MEETS = next(i for i, c in enumerate(COLUMNS) if c.kind == "threshold")
FISCAL = len(COLUMNS) - 1


@pytest.fixture
def hague(dataset):
    return compute(dataset, preset_scenario("hague-2035", dataset))


def _row(model, iso3):
    return next(r for r in range(model.rowCount()) if model.iso3_of_row(r) == iso3)


def test_models_pass_qt_model_tester(qtmodeltester, dataset, hague):
    allies = AlliesModel(hague)
    qtmodeltester.check(allies)
    qtmodeltester.check(sorting_proxy(allies))
    qtmodeltester.check(EqualiseModel(hague))
    uk = preset_scenario("uk-plan", dataset)
    qtmodeltester.check(MilestonesModel(dataset, uk, lambda *a: None, lambda *a: None))
    qtmodeltester.check(MilestonesModel(dataset, Scenario("empty"), lambda *a: None, lambda *a: None))


def test_sorting_is_numeric_not_textual(hague):
    proxy = sorting_proxy(AlliesModel(hague))
    proxy.sort(EXTRA, Qt.SortOrder.DescendingOrder)
    values = [proxy.index(r, EXTRA).data(SORT_ROLE) for r in range(proxy.rowCount() - 2)]  # the totals stay last
    assert values == sorted(values, reverse=True)
    assert proxy.index(0, 1).data() == "USA"  # US$ 124,890 m beats Germany's 103,452 (a text sort would not)
    assert proxy.index(proxy.rowCount() - 3, 1).data() == "ISL"  # no figures sort last of the allies
    assert [proxy.index(r, 0).data() for r in (proxy.rowCount() - 2, proxy.rowCount() - 1)] == ["NATO total", "Europe + Canada"]
    proxy.sort(EXTRA, Qt.SortOrder.AscendingOrder)
    assert [proxy.index(r, 0).data() for r in (proxy.rowCount() - 2, proxy.rowCount() - 1)] == ["NATO total", "Europe + Canada"]


def test_filter_matches_name_or_iso_code(hague):
    proxy = sorting_proxy(AlliesModel(hague))
    proxy.setFilterFixedString("kingdom")
    assert [proxy.index(r, 1).data() for r in range(proxy.rowCount())] == ["GBR", "", ""]  # the totals stay
    proxy.setFilterFixedString("pol")
    assert [proxy.index(r, 1).data() for r in range(proxy.rowCount())] == ["POL", "", ""]


def test_cells_show_thresholds_fiscal_years_and_missing_figures(dataset, hague):
    model = AlliesModel(hague)
    gbr, pol, isl = _row(model, "GBR"), _row(model, "POL"), _row(model, "ISL")
    assert model.index(gbr, SHARE_T).data() == "3.50%"
    assert model.index(gbr, MEETS).data() == "3.5%"
    assert model.index(gbr, FISCAL).data() == "2035/36"
    assert model.index(pol, FISCAL).data() == "2035"
    assert model.index(isl, SHARE_T).data() == "–"
    assert model.index(isl, EXTRA).data(COPY_ROLE) == ""
    assert model.index(gbr, EXTRA).data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    assert "," not in model.index(gbr, EXTRA).data(COPY_ROLE)
    five = AlliesModel(compute(dataset, preset_scenario("us-5pct", dataset)))
    assert five.index(gbr, MEETS).data() == "5%"
    assert model.headerData(SHARE_T, Qt.Orientation.Horizontal) == "% GDP\n2035"
    assert model.headerData(MEETS, Qt.Orientation.Horizontal) == "Highest\ntarget met\nin 2035"
    assert all("US$ m" in model.headerData(c, Qt.Orientation.Horizontal) for c, col in enumerate(COLUMNS) if col.kind == "money")


def test_the_table_ends_in_nato_and_europe_canada_totals_and_marks_its_figures(dataset, hague):
    model = AlliesModel(hague)
    nato, europe = model.rowCount() - 2, model.rowCount() - 1
    assert (model.index(nato, 0).data(), model.index(europe, 0).data()) == ("NATO total", "Europe + Canada")
    t = hague.year_index(2035)
    assert model.index(nato, EXTRA).data(Qt.ItemDataRole.EditRole) == pytest.approx(float(hague.aggregates["NATO"]["extra_usd_m"][t]))
    assert model.index(europe, SHARE_T).data() == f"{hague.aggregates['EUROPE_CANADA']['share_gdp_pct'][t]:.2f}%"
    assert model.index(nato, 0).data(Qt.ItemDataRole.FontRole).bold()
    assert model.index(_row(model, "DEU"), 2).data().endswith(" ec")  # a NATO estimate, carried forward from 2024
    assert model.index(_row(model, "FRA"), 2).data().endswith(" e")
    entered = AlliesModel(compute(dataset, Scenario("mine", overrides=(Override("FRA", SHARE, BASE_YEAR, 2.1, "MoD"),))))
    assert entered.index(_row(entered, "FRA"), 2).data() == "2.10% u"


def test_bulgaria_shows_euros_and_its_tooltip_tells_the_changeover(hague):
    model = AlliesModel(hague)
    national = next(i for i, c in enumerate(COLUMNS) if c.kind == "national")
    bgr, fra = _row(model, "BGR"), _row(model, "FRA")
    assert model.index(bgr, national).data().endswith(" EUR")
    tip = model.index(bgr, national).data(Qt.ItemDataRole.ToolTipRole)
    assert "EUR from 2026, BGN before" in tip and "1.95583 BGN per EUR" in tip and "2025/1408" in tip
    assert "BGN" in model.index(bgr, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "BGN" not in model.index(fra, national).data(Qt.ItemDataRole.ToolTipRole)


def test_tooltips_name_source_edition_and_user_entries(dataset, hague):
    model = AlliesModel(hague)
    gbr = _row(model, "GBR")
    provenance = dataset.source_of("GBR", SHARE, BASE_YEAR)
    tip = model.index(gbr, 2).data(Qt.ItemDataRole.ToolTipRole)
    assert provenance.source in tip and provenance.edition in tip
    spend_t = next(i for i, c in enumerate(COLUMNS) if c.title(2035) == "2035,\nUS$ m")
    assert "IMF" in model.index(gbr, spend_t).data(Qt.ItemDataRole.ToolTipRole)
    assert "Projected under “Hague 2035”" in model.index(gbr, spend_t).data(Qt.ItemDataRole.ToolTipRole)
    entered = compute(dataset, Scenario("mine", overrides=(Override("GBR", SHARE, BASE_YEAR, 2.6, "MoD"),)))
    assert "user-entered (MoD)" in AlliesModel(entered).index(gbr, 2).data(Qt.ItemDataRole.ToolTipRole)
    assert "no armed forces" in model.index(_row(model, "ISL"), 3).data(Qt.ItemDataRole.ToolTipRole)


def test_new_result_is_one_data_change_not_a_reset(qtbot, dataset, hague):
    """One dataChanged over the columns that moved (from the target share to the fiscal year), never the names."""
    model = AlliesModel(hague)
    resets = []
    model.modelReset.connect(lambda: resets.append(1))
    with qtbot.waitSignal(model.dataChanged) as changed:
        model.set_result(compute(dataset, preset_scenario("us-5pct", dataset)))
    top_left, bottom_right, roles = changed.args
    assert (top_left.row(), top_left.column()) == (0, SHARE_T)
    assert (bottom_right.row(), bottom_right.column()) == (model.rowCount() - 1, model.columnCount() - 1)
    assert SORT_ROLE in roles and FILTER_ROLE not in roles  # the proxy re-sorts by figures, never re-filters names
    assert resets == []
    assert model.headerData(SHARE_T, Qt.Orientation.Horizontal) == "% GDP\n2030"


def test_same_year_edit_leaves_fiscal_year_and_base_columns_out(qtbot, dataset, hague):
    model = AlliesModel(hague)
    higher = replace(hague.scenario, target=replace(hague.scenario.target, core_pct=hague.scenario.target.core_pct + 0.5))
    with qtbot.waitSignal(model.dataChanged) as changed:
        model.set_result(compute(dataset, higher))
    top_left, bottom_right, _ = changed.args
    assert (top_left.column(), bottom_right.column()) == (SHARE_T, len(COLUMNS) - 2)


def test_milestone_edits_go_to_callbacks(dataset):
    shares, moves = [], []
    model = MilestonesModel(dataset, preset_scenario("uk-plan", dataset), lambda *a: shares.append(a), lambda *a: moves.append(a))
    assert [model.index(r, 1).data() for r in range(2)] == ["2027/28", "2034/35"]
    assert model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable == Qt.ItemFlag.NoItemFlags
    assert model.setData(model.index(0, 2), 2.7)
    assert shares == [("GBR", 2027, 2.7)]
    assert model.setData(model.index(0, 2), 140.0)  # the document's gate refuses it, with a message
    assert shares[-1] == ("GBR", 2027, 140.0)
    assert not model.setData(model.index(0, 1), 2027.5)
    assert not model.setData(model.index(0, 1), 2034)  # already has a milestone in 2034
    assert model.setData(model.index(0, 1), 2028)
    assert moves == [("GBR", 2027, 2028)]


def _with_budget_lines(dataset, preset: str = "hague-2035"):
    from dataclasses import replace

    from desktop.core.scenario import BudgetLine

    lines = (
        BudgetLine("Drones", "GBR", "GBP", ((2027, 100.0), (2030, 400.0), (2060, 9.0)), "mod-lines.xlsx"),
        BudgetLine("Tanks", "DEU", "USD", ((2030, 1000.0),)),
        BudgetLine("Ships", "POL", "EUR", ((2030, 5.0),)),
        BudgetLine("Radars", "LTU", "EUR", ((2030, 5.0),)),  # Lithuania is above the path: no extra to share
    )
    return replace(preset_scenario(preset, dataset), budget_lines=lines)


def test_budget_lines_show_amount_extra_and_share_of_the_extra(dataset, qtbot, qtmodeltester):
    from desktop.ui.budget_lines_model import AMOUNT, EXTRA as LINE_EXTRA, SHARE_OF_EXTRA, YEAR, BudgetLinesModel

    result = compute(dataset, _with_budget_lines(dataset))
    model = BudgetLinesModel(result)
    qtmodeltester.check(model)
    rows = [tuple(model.index(r, c).data() for c in range(model.columnCount())) for r in range(model.rowCount())]
    assert [row[:3] for row in rows] == [("Drones", "United Kingdom", "2027/28"), ("Drones", "United Kingdom", "2030/31"),
                                         ("Tanks", "Germany", "2030"), ("Ships", "Poland", "2030"),
                                         ("Radars", "Lithuania", "2030")]  # 2060 is past the horizon
    gbr, deu, y2030 = dataset.index("GBR"), dataset.index("DEU"), result.year_index(2030)
    uk_extra = float(result.extra_nc_m[gbr, y2030])
    assert model.index(1, AMOUNT).data() == "400" and model.index(1, 4).data() == "GBP"
    assert model.index(1, LINE_EXTRA).data(Qt.ItemDataRole.EditRole) == pytest.approx(uk_extra)
    assert model.index(1, SHARE_OF_EXTRA).data() == f"{400 / uk_extra * 100:.2f}%"
    assert model.index(2, LINE_EXTRA).data(Qt.ItemDataRole.EditRole) == pytest.approx(float(result.extra_usd_m[deu, y2030]))
    assert model.index(3, SHARE_OF_EXTRA).data() == "–"
    assert "not in EUR" in model.index(3, SHARE_OF_EXTRA).data(Qt.ItemDataRole.ToolTipRole)
    assert (model.index(4, LINE_EXTRA).data(), model.index(4, SHARE_OF_EXTRA).data()) == ("0", "–")
    assert "no extra spending in 2030" in model.index(4, SHARE_OF_EXTRA).data(Qt.ItemDataRole.ToolTipRole)
    assert "mod-lines.xlsx" in model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(0, YEAR).data(SORT_ROLE) == 2027.0 and model.index(0, YEAR).data(COPY_ROLE) == "2027/28"

    resets = []
    model.modelReset.connect(lambda: resets.append(1))
    with qtbot.waitSignal(model.dataChanged):
        model.set_result(compute(dataset, _with_budget_lines(dataset, "us-5pct")))
    assert resets == [] and model.index(1, SHARE_OF_EXTRA).data() != f"{400 / uk_extra * 100:.2f}%"
    model.set_result(compute(dataset, preset_scenario("hague-2035", dataset)))
    assert resets == [1] and model.rowCount() == 0
    qtmodeltester.check(model)


def test_a_measure_already_met_says_so_instead_of_a_negative_extra(dataset, hague):
    model = EqualiseModel(hague)
    t = hague.year_index(2035)
    for row, key in enumerate(("share_parity", "absolute_parity", "per_capita_parity")):
        extra = float(hague.equalise[f"{key}_extra_usd_m"][t])
        shown = model.index(row, 2).data()
        assert (shown == "already met") == (extra <= 0)
        if extra > 0:
            assert shown == f"{extra:,.0f}"
    assert "already met" in [model.index(r, 2).data() for r in range(3)]  # Hague's 3.5% beats at least one measure
