"""Growth risk: low and high GDP paths around the central one, and properties of debt and the band."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.dataset import BASE_YEAR
from desktop.core.financing import financing_paths
from desktop.core.financing_mix import Financing
from desktop.core.growth_band import extra_per_point_usd_m, growth_band, sensitivity_line, shifted_inputs
from desktop.core.projection import compute
from desktop.core.report import result_to_dict
from desktop.core.scenario import Scenario, Target

targets = st.builds(
    Target,
    core_pct=st.floats(0, 10, allow_nan=False),
    target_year=st.integers(BASE_YEAR + 1, 2060),
    shape=st.sampled_from(["linear", "step"]),
    no_cuts=st.just(True),
    scope=st.sampled_from(["all", "europe_canada"]),
)


def test_low_and_high_shift_nominal_growth_by_the_points_from_2026(dataset):
    r = compute(dataset, Scenario("b", target=Target(core_pct=3.5), horizon=2040))
    central = r.inputs.gdp_nc_m
    low = shifted_inputs(r.inputs, -1.5)
    assert np.array_equal(low.gdp_nc_m[:, 0], central[:, 0])
    growth = central[:, 1:] / central[:, :-1]
    assert np.allclose(low.gdp_nc_m[:, 1:] / low.gdp_nc_m[:, :-1], growth - 0.015, rtol=1e-12)
    # US-dollar GDP moves by the same factor: exchange rates stay as central.
    assert np.allclose(low.gdp_usd_m / low.gdp_nc_m, r.inputs.gdp_usd_m / central, rtol=1e-12)


@settings(max_examples=40, deadline=None)
@given(target=targets, horizon=st.integers(BASE_YEAR + 1, 2060), rate=st.floats(0, 60, allow_nan=False))
def test_all_borrowed_never_lowers_debt(dataset, target, horizon, rate):
    r = compute(dataset, Scenario("p", target=target, horizon=horizon, financing=Financing(default_rate_pct=rate)))
    p = financing_paths(r)
    assert np.all(p.debt_pct >= p.debt_status_quo_pct - 1e-9)
    assert np.all(np.nan_to_num(p.extra_interest_usd_m) >= 0)


@settings(max_examples=25, deadline=None)
@given(target=targets, horizon=st.integers(BASE_YEAR + 1, 2060))
def test_a_band_of_zero_points_is_the_central_path(dataset, target, horizon):
    r = compute(dataset, Scenario("p", target=target, horizon=horizon))
    flat = compute(dataset, r.scenario, shifted_inputs(r.inputs, 0.0))
    for key in ("spend_usd_m", "extra_usd_m", "spend_nc_m"):
        assert np.array_equal(getattr(flat, key), getattr(r, key), equal_nan=True)
    band = growth_band(r, 0.0)
    assert band.low is r and band.high is r


@settings(max_examples=40, deadline=None)
@given(target=targets, horizon=st.integers(BASE_YEAR + 1, 2060), points=st.floats(0, 5, allow_nan=False))
def test_low_is_at_most_central_and_high_at_least_wherever_extra_is_not_negative(dataset, target, horizon, points):
    r = compute(dataset, Scenario("p", target=target, horizon=horizon, growth_band_pts=points))
    band = growth_band(r)
    counted = r.inputs.counted
    tol = 1e-6
    for key in ("extra_usd_m", "spend_usd_m"):
        low, mid, high = (getattr(x, key)[counted] for x in (band.low, band.central, band.high))
        assert np.all(mid >= -tol)
        assert np.all(low <= mid + tol) and np.all(mid <= high + tol)
    for name in ("NATO", "EUROPE_CANADA", "USA"):
        agg = lambda x: x.aggregates[name]["extra_usd_m"]  # noqa: E731
        assert np.all(agg(band.low) <= agg(band.central) + tol) and np.all(agg(band.central) <= agg(band.high) + tol)


def test_the_json_band_brackets_the_central_figures_and_zero_collapses_it(dataset):
    s = Scenario("b", target=Target(core_pct=3.5), horizon=2040)
    d = result_to_dict(compute(dataset, s))
    ec = d["aggregates"]["EUROPE_CANADA"]
    j = d["years"].index(2035)
    assert ec["extra_usd_m_low"][j] < ec["extra_usd_m"][j] < ec["extra_usd_m_high"][j]
    flat = result_to_dict(compute(dataset, Scenario("b", target=Target(core_pct=3.5), horizon=2040, growth_band_pts=0.0)))
    for entry in (flat["allies"]["DEU"], flat["aggregates"]["NATO"]):
        assert entry["extra_usd_m_low"] == entry["extra_usd_m"] == entry["extra_usd_m_high"]
        assert entry["spend_usd_m_low"] == entry["spend_usd_m"] == entry["spend_usd_m_high"]


def test_the_sensitivity_line_gives_the_2035_move_per_point(dataset):
    r = compute(dataset, Scenario("b", target=Target(core_pct=3.5), horizon=2040))
    per_point = extra_per_point_usd_m(r)
    one = growth_band(r, 1.0)
    j = r.year_index(2035)
    low, high = (x.aggregates["EUROPE_CANADA"]["extra_usd_m"][j] for x in (one.low, one.high))
    assert per_point == pytest.approx((high - low) / 2)
    assert per_point > 0
    assert f"US$ {per_point / 1000:,.1f} bn" in sensitivity_line(r)
    assert "Europe + Canada's 2035 extra" in sensitivity_line(r)
