"""Applying an import to a scenario: figures replaced with their source, nothing lost unreported."""

import pytest

from desktop.core.merge import AS_BUDGET_LINES, AS_GDP, AS_SHARE, AS_SPENDING, MergeError, apply_table, budget_lines_against_extra
from desktop.core.presets import preset_scenario
from desktop.core.projection import compute
from desktop.core.scenario import Scenario, Target


def rec(label, iso3, year, value, kind="ally", cell="TABLE3!M25"):
    return {"label": label, "iso3": iso3, "kind": kind, "year": year, "period": str(year), "value": value, "estimate": False, "cell": cell, "notes": []}


def table(unit, scale, *records, **extra):
    return {"sheet": "TABLE3", "title": "t", "block": None, "unit": unit, "scale": scale, "header_cell": "D8", "records": list(records), **extra}


def test_shares_replace_the_base_and_report_the_old_value(dataset):
    s = preset_scenario("hague-2035", dataset)
    t = table("percent", 1, rec("Poland", "POL", 2025, 4.7), rec("NATO Total", None, 2025, 2.8, kind="aggregate"))
    new, merged = apply_table(dataset, s, t, source_file="mod.xlsx")
    assert merged.replaced[0][:3] == ("POL", "share_gdp_pct", 2025)
    assert merged.replaced[0][3] == pytest.approx(4.4805, abs=1e-3)
    assert "NATO 2025 edition" in merged.replaced[0][4] or "2025 edition" in merged.replaced[0][4]
    assert merged.skipped and "aggregate" in merged.skipped[0][1]
    assert compute(dataset, new).share_pct[dataset.index("POL"), 0] == pytest.approx(4.7)
    assert new.overrides[0].source == "mod.xlsx, TABLE3!M25"


def test_reapplying_replaces_the_users_own_figure_and_says_so(dataset):
    s = Scenario("x")
    once, _ = apply_table(dataset, s, table("percent", 1, rec("Poland", "POL", 2025, 4.7)), source_file="a.xlsx")
    twice, merged = apply_table(dataset, once, table("percent", 1, rec("Poland", "POL", 2025, 4.9)), source_file="b.xlsx")
    assert len(twice.overrides) == 1 and twice.overrides[0].value == 4.9
    assert merged.replaced[0][3:5] == (4.7, "a.xlsx, TABLE3!M25")


def test_fractions_are_turned_into_percent_with_a_note(dataset):
    new, merged = apply_table(dataset, Scenario("x"), table("fraction", 1, rec("Latvia", "LVA", 2024, 0.0315)))
    assert new.overrides[0].value == pytest.approx(3.15)
    assert "fraction" in merged.notes[0]


def test_spending_in_national_currency_becomes_a_share_of_imf_gdp(dataset):
    gdp_bn = dataset.value("GBR", "gdp_nc_bn", 2025)
    t = table("GBP", 1e6, rec("United Kingdom", "GBR", 2025, 0.025 * gdp_bn * 1000))
    new, merged = apply_table(dataset, Scenario("x"), t, mode=AS_SPENDING)
    assert new.overrides[0].indicator == "share_gdp_pct"
    assert new.overrides[0].value == pytest.approx(2.5)
    t_eur = table("EUR", 1e6, rec("United Kingdom", "GBR", 2025, 1000.0))
    _, merged = apply_table(dataset, Scenario("x"), t_eur, mode=AS_SPENDING)
    assert "cannot be used for United Kingdom" in merged.skipped[0][1]


def test_gdp_in_billions_and_iceland(dataset):
    t = table("USD", 1e9, rec("Iceland", "ISL", 2026, 40.0), rec("France", "FRA", 2026, 3500.0))
    new, merged = apply_table(dataset, Scenario("x"), t, mode=AS_GDP)
    assert {(o.iso3, o.indicator) for o in new.overrides} == {("ISL", "gdp_usd_bn"), ("FRA", "gdp_usd_bn")}
    assert len(merged.replaced) == 2


def test_wrong_mode_for_the_unit_is_refused_plainly(dataset):
    with pytest.raises(MergeError, match="apply it as spending or GDP"):
        apply_table(dataset, Scenario("x"), table("USD", 1e6), mode=AS_SHARE)
    with pytest.raises(MergeError, match="apply it as shares"):
        apply_table(dataset, Scenario("x"), table("percent", 1), mode=AS_GDP)


def test_budget_lines_are_reported_against_the_extra(dataset):
    t = table(
        "GBP",
        1e6,
        rec("Drones", None, 2030, 500.0, kind="line", cell="B5"),
        rec("Drones", None, 2031, 600.0, kind="line", cell="C5"),
        rec("Total", None, 2030, 900.0, kind="total", cell="B9"),
        iso3="GBR",
    )
    s = preset_scenario("uk-plan", dataset)
    new, merged = apply_table(dataset, s, t, mode=AS_BUDGET_LINES, source_file="mod.xlsx")
    assert merged.lines_added == ("Drones",) and "total" in merged.skipped[0][1]
    reports = budget_lines_against_extra(compute(dataset, new))
    (report,) = reports
    assert report.years == (2030, 2031) and report.amounts == (500.0, 600.0)
    r = compute(dataset, new)
    extra_2030 = r.extra_nc_m[dataset.index("GBR"), r.year_index(2030)]
    assert report.extra[0] == pytest.approx(extra_2030)
    assert report.share_of_extra_pct[0] == pytest.approx(500.0 / extra_2030 * 100)


def test_budget_lines_without_a_unit_are_refused(dataset):
    with pytest.raises(MergeError, match="set the table's unit"):
        apply_table(dataset, Scenario("x", target=Target(3.0)), table(None, 1), mode=AS_BUDGET_LINES)


def test_applying_the_same_table_twice_changes_nothing_the_second_time(dataset):
    t = table("percent", 1, rec("Poland", "POL", 2024, 4.7), rec("Latvia", "LVA", 2024, 3.2))
    once, first = apply_table(dataset, Scenario("x"), t, source_file="a.xlsx")
    assert first.changed and len(first.replaced) == 2
    twice, second = apply_table(dataset, once, t, source_file="a.xlsx")
    assert twice is once and not second.changed
    assert second.unchanged == (("POL", "share_gdp_pct", 2024), ("LVA", "share_gdp_pct", 2024))
    assert second.summary() == "0 figures added, 0 replaced, 2 unchanged"
    # The same value from another file is a change of source: replaced, not unchanged.
    _, third = apply_table(dataset, once, t, source_file="b.xlsx")
    assert third.changed and not third.unchanged


def test_budget_lines_applied_twice_are_unchanged(dataset):
    t = table("GBP", 1e6, rec("Drones", None, 2030, 500.0, kind="line", cell="B5"), iso3="GBR")
    once, _ = apply_table(dataset, Scenario("x"), t, mode=AS_BUDGET_LINES, source_file="mod.xlsx")
    twice, merged = apply_table(dataset, once, t, mode=AS_BUDGET_LINES, source_file="mod.xlsx")
    assert twice is once and merged.unchanged == ("Drones",) and not merged.changed


def test_an_estimate_keeps_its_mark_in_the_source(dataset):
    estimate = {**rec("Poland", "POL", 2024, 4.12, cell="TABLE3!N32"), "period": "2024e", "estimate": True}
    new, _ = apply_table(dataset, Scenario("x"), table("percent", 1, estimate), source_file="file.xlsx")
    assert new.overrides[0].source == "file.xlsx, TABLE3!N32 (2024e)"


def test_budget_lines_that_name_no_ally_are_refused_not_skipped(dataset):
    t = table("GBP", 1e6, *(rec(f"Line {n}", None, 2030, 1.0, kind="line", cell=f"B{n}") for n in range(5)))
    with pytest.raises(MergeError, match="^Choose whose budget lines these are"):
        apply_table(dataset, Scenario("x"), t, mode=AS_BUDGET_LINES)
