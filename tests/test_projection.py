"""The arithmetic against hand-computed values and the README's rules."""

import math
from dataclasses import replace

import numpy as np
import pytest

from desktop.core.presets import PRESETS, preset_scenario
from desktop.core.projection import compute
from desktop.core.scenario import Milestone, Override, Scenario, Target


def _row(result, iso3):
    return result.dataset.index(iso3)


def test_linear_path_by_hand(dataset):
    s = Scenario("t", target=Target(core_pct=3.5, related_pct=1.5, target_year=2035))
    r = compute(dataset, s)
    i = _row(r, "BEL")
    base = dataset.value("BEL", "share_gdp_pct", 2025)
    share_2030 = base + (3.5 - base) * (2030 - 2025) / (2035 - 2025)
    assert r.share_pct[i, r.year_index(2030)] == pytest.approx(share_2030, rel=1e-12)
    gdp_2030 = dataset.value("BEL", "gdp_usd_bn", 2030) * 1000
    assert r.spend_usd_m[i, r.year_index(2030)] == pytest.approx(share_2030 / 100 * gdp_2030, rel=1e-12)
    assert r.extra_usd_m[i, r.year_index(2030)] == pytest.approx((share_2030 - base) / 100 * gdp_2030, rel=1e-12)
    assert r.share_pct[i, r.year_index(2035)] == pytest.approx(3.5)
    assert r.share_pct[i, r.year_index(2040)] == pytest.approx(3.5)
    assert r.related_pct[i, r.year_index(2030)] == pytest.approx(0.75)
    assert r.related_usd_m[i, r.year_index(2030)] == pytest.approx(0.75 / 100 * gdp_2030)
    nc_2030 = dataset.value("BEL", "gdp_nc_bn", 2030) * 1000
    assert r.spend_nc_m[i, r.year_index(2030)] == pytest.approx(share_2030 / 100 * nc_2030, rel=1e-12)


def test_gdp_after_2030_grows_at_the_last_imf_rate(dataset):
    r = compute(dataset, Scenario("t", horizon=2060))
    i = _row(r, "FRA")
    g2029, g2030 = dataset.value("FRA", "gdp_usd_bn", 2029), dataset.value("FRA", "gdp_usd_bn", 2030)
    expected_2045 = g2030 * (g2030 / g2029) ** 15 * 1000
    assert r.inputs.gdp_usd_m[i, r.year_index(2045)] == pytest.approx(expected_2045, rel=1e-12)
    assert r.inputs.gdp_usd_m[i, r.year_index(2030)] == pytest.approx(g2030 * 1000)


def test_status_quo_keeps_the_base_share_and_adds_nothing(dataset):
    r = compute(dataset, preset_scenario("status-quo", dataset))
    counted = r.inputs.counted
    assert np.allclose(r.share_pct[counted], r.inputs.base_share[counted, None])
    assert np.all(r.extra_usd_m[counted] == 0)
    assert np.all(r.related_usd_m[counted] == 0)


def test_no_cuts_keeps_allies_above_the_target(dataset):
    s = Scenario("t", target=Target(core_pct=3.5, target_year=2035))
    r = compute(dataset, s)
    pol = _row(r, "POL")
    assert np.allclose(r.share_pct[pol], dataset.value("POL", "share_gdp_pct", 2025))
    cut = compute(dataset, replace(s, target=replace(s.target, no_cuts=False)))
    assert cut.share_pct[pol, cut.year_index(2035)] == pytest.approx(3.5)
    assert cut.extra_usd_m[pol, cut.year_index(2035)] < 0


def test_step_path_jumps_in_its_year(dataset):
    s = Scenario("t", target=Target(core_pct=3.0, target_year=2035, shape="step", step_year=2029))
    r = compute(dataset, s)
    i = _row(r, "ITA")
    base = dataset.value("ITA", "share_gdp_pct", 2025)
    assert r.share_pct[i, r.year_index(2028)] == pytest.approx(base)
    assert r.share_pct[i, r.year_index(2029)] == pytest.approx(3.0)


def test_uk_plan_milestones_in_fiscal_years(dataset):
    r = compute(dataset, preset_scenario("uk-plan", dataset))
    i = _row(r, "GBR")
    base = dataset.value("GBR", "share_gdp_pct", 2025)
    assert r.share_pct[i, r.year_index(2026)] == pytest.approx(base + (2.5 - base) / 2)
    assert r.share_pct[i, r.year_index(2027)] == pytest.approx(2.5)
    assert r.share_pct[i, r.year_index(2030)] == pytest.approx(2.5 + 0.5 * 3 / 7)
    assert r.share_pct[i, r.year_index(2034)] == pytest.approx(3.0)
    assert r.share_pct[i, r.year_index(2040)] == pytest.approx(3.0)
    fra = _row(r, "FRA")
    assert np.all(r.extra_usd_m[fra] == 0)


def test_iceland_is_excluded_from_targets_and_aggregates(dataset):
    r = compute(dataset, preset_scenario("hague-2035", dataset))
    isl = _row(r, "ISL")
    assert np.isnan(r.share_pct[isl]).all() and np.isnan(r.spend_usd_m[isl]).all()
    nato_gdp = r.aggregates["NATO"]["gdp_usd_m"]
    counted_gdp = np.nansum(np.where(r.inputs.counted[:, None], r.inputs.gdp_usd_m, 0), axis=0)
    assert np.allclose(nato_gdp, counted_gdp)
    assert r.inputs.counted.sum() == 31 and r.inputs.europe_canada.sum() == 30


def test_aggregates_and_us_share_by_hand(dataset):
    r = compute(dataset, preset_scenario("hague-2035", dataset))
    j = r.year_index(2035)
    us = _row(r, "USA")
    ec_spend = sum(r.spend_usd_m[i, j] for i, a in enumerate(dataset.allies) if a.iso3 not in ("USA", "ISL"))
    assert r.aggregates["EUROPE_CANADA"]["spend_usd_m"][j] == pytest.approx(ec_spend, rel=1e-12)
    assert r.aggregates["USA"]["spend_usd_m"][j] == pytest.approx(r.spend_usd_m[us, j])
    assert r.us_share_of_nato[j] == pytest.approx(100 * r.spend_usd_m[us, j] / (ec_spend + r.spend_usd_m[us, j]))
    # 2025 NATO share recomputed from IMF GDP is close to NATO's own 2.76
    assert r.aggregates["NATO"]["share_gdp_pct"][0] == pytest.approx(2.76, abs=0.05)


def test_equalise_measures_by_hand(dataset):
    r = compute(dataset, preset_scenario("status-quo", dataset))
    j = r.year_index(2030)
    ec, us = r.aggregates["EUROPE_CANADA"], r.aggregates["USA"]
    us_share = dataset.value("USA", "share_gdp_pct", 2025)
    eq = {k: v[j] for k, v in r.equalise.items()}
    assert eq["share_parity_pct"] == pytest.approx(us_share)
    assert eq["share_parity_extra_usd_m"] == pytest.approx(us_share / 100 * ec["gdp_usd_m"][j] - ec["spend_usd_m"][j])
    assert eq["absolute_parity_pct"] == pytest.approx(100 * us["spend_usd_m"][j] / ec["gdp_usd_m"][j])
    assert eq["absolute_parity_extra_usd_m"] == pytest.approx(us["spend_usd_m"][j] - ec["spend_usd_m"][j])
    us_pc = us["spend_usd_m"][j] / us["population_m"][j]
    assert eq["per_capita_parity_extra_usd_m"] == pytest.approx(us_pc * ec["population_m"][j] - ec["spend_usd_m"][j])
    assert eq["per_capita_parity_pct"] > eq["absolute_parity_pct"] > eq["share_parity_pct"]


def test_equalise_preset_leaves_the_us_alone_and_closes_share_parity(dataset):
    r = compute(dataset, preset_scenario("equalise-us", dataset))
    us = _row(r, "USA")
    assert np.all(r.extra_usd_m[us] == 0)
    j = r.year_index(2030)
    for i, a in enumerate(dataset.allies):
        if r.inputs.europe_canada[i]:
            assert r.share_pct[i, j] >= dataset.value("USA", "share_gdp_pct", 2025) - 1e-4


def test_constant_prices_deflate_by_the_implied_gdp_deflator_at_the_2025_exchange_rate(dataset):
    """Germany under the status quo, worked by hand from the IMF figures as the README's Methodology states it."""
    r = compute(dataset, preset_scenario("status-quo", dataset))
    i = _row(r, "DEU")

    def imf(indicator, year):
        return dataset.value("DEU", indicator, year)

    share = dataset.value("DEU", "share_gdp_pct", 2025)
    fx_2025 = imf("gdp_nc_bn", 2025) / imf("gdp_usd_bn", 2025)  # euros per dollar
    # Deflator = nominal growth / real growth, compounded from 2025.
    deflator_2030 = math.prod(
        (imf("gdp_nc_bn", y) / imf("gdp_nc_bn", y - 1)) / (1 + imf("real_gdp_growth_pct", y) / 100) for y in range(2026, 2031)
    )
    spend_nc_2030 = share / 100 * imf("gdp_nc_bn", 2030) * 1000  # EUR m
    expected_2030 = spend_nc_2030 / deflator_2030 / fx_2025
    # 2.0037% of 5,184.8 bn EUR (2030) = 103.9 bn EUR; / deflator 1.1084 / 0.8853 EUR per USD = 105.9 bn USD.
    assert expected_2030 == pytest.approx(105_872.7, abs=0.1)
    assert r.spend_const_usd_m[i, r.year_index(2030)] == pytest.approx(expected_2030, rel=1e-9)
    assert r.spend_const_usd_m[i, 0] == pytest.approx(r.spend_usd_m[i, 0], rel=1e-12)  # 2025 prices in 2025
    # After the IMF's last year nominal and real growth go on at their 2030 rates: at a constant share, spending
    # in constant prices grows with real GDP alone.
    real_2030 = imf("real_gdp_growth_pct", 2030)
    assert r.spend_const_usd_m[i, r.year_index(2035)] == pytest.approx(expected_2030 * (1 + real_2030 / 100) ** 5, rel=1e-9)


def test_overrides_replace_the_base_share(dataset):
    s = Scenario("t", overrides=(Override("GBR", "share_gdp_pct", 2025, 2.5, "ministry.xlsx"),))
    r = compute(dataset, s)
    assert r.share_pct[_row(r, "GBR"), 0] == pytest.approx(2.5)


def test_cumulative_extra_sums_the_yearly_extra(dataset):
    r = compute(dataset, preset_scenario("us-5pct", dataset))
    i = _row(r, "ESP")
    assert r.cumulative_extra_usd_m[i, -1] == pytest.approx(r.extra_usd_m[i].sum())


@pytest.mark.parametrize("key", list(PRESETS))
def test_every_preset_computes_finite_numbers_for_the_31(dataset, key):
    r = compute(dataset, preset_scenario(key, dataset))
    counted = r.inputs.counted
    assert np.isfinite(r.spend_usd_m[counted]).all()
    assert np.isfinite(r.equalise["per_capita_parity_pct"]).all()
    assert PRESETS[key].source_note
