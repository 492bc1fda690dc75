"""Comparing two scenarios, and the crash-recovery copy."""

import pytest

from desktop.core.compare import common_years, compare_year
from desktop.core.presets import preset_scenario
from desktop.core.projection import compute
from desktop.core.recovery import clear_recovery, read_recovery, write_recovery


def test_compare_gives_per_ally_differences(dataset):
    a = compute(dataset, preset_scenario("status-quo", dataset))
    b = compute(dataset, preset_scenario("hague-2035", dataset))
    rows = {r.iso3: r for r in compare_year(a, b, 2035)}
    assert "ISL" not in rows and len(rows) == 31
    bel = rows["BEL"]
    i = dataset.index("BEL")
    assert bel.share_diff == pytest.approx(3.5 - dataset.value("BEL", "share_gdp_pct", 2025))
    assert bel.extra_diff_usd_m == pytest.approx(b.extra_usd_m[i, b.year_index(2035)])
    assert not rows["POL"].differs and bel.differs
    assert rows["GBR"].period == "2035/36"
    assert list(common_years(a, b))[-1] == 2040
    with pytest.raises(ValueError, match="outside"):
        compare_year(a, b, 2050)


def test_recovery_copy_round_trips_and_clears(dataset, tmp_path):
    s = preset_scenario("uk-plan", dataset)
    write_recovery(s, "/home/a/plan.defplan", tmp_path)
    copy = read_recovery(tmp_path)
    assert copy.scenario == s and copy.file_path == "/home/a/plan.defplan"
    clear_recovery(tmp_path)
    assert read_recovery(tmp_path) is None


def test_a_damaged_recovery_copy_is_ignored(tmp_path):
    (tmp_path / "recovery.defplan.json").write_text("{half")
    assert read_recovery(tmp_path) is None
