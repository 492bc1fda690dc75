"""Property tests of the path rules over random targets and milestones."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.dataset import BASE_YEAR
from desktop.core.projection import compute
from desktop.core.scenario import Milestone, Scenario, Target

targets = st.builds(
    Target,
    core_pct=st.floats(0, 10, allow_nan=False),
    related_pct=st.floats(0, 3, allow_nan=False),
    target_year=st.integers(BASE_YEAR + 1, 2060),
    shape=st.sampled_from(["linear", "step"]),
    no_cuts=st.just(True),
    scope=st.sampled_from(["all", "europe_canada"]),
)


@settings(max_examples=60, deadline=None)
@given(target=targets, horizon=st.integers(BASE_YEAR + 1, 2060))
def test_no_cuts_never_goes_below_the_base_share(dataset, target, horizon):
    r = compute(dataset, Scenario("p", target=target, horizon=horizon))
    counted = r.inputs.counted
    assert np.all(r.share_pct[counted] >= r.inputs.base_share[counted, None] - 1e-12)
    assert np.all(r.extra_usd_m[counted] >= -1e-6)


@settings(max_examples=60, deadline=None)
@given(target=targets)
def test_aggregates_equal_the_sums_of_their_members(dataset, target):
    r = compute(dataset, Scenario("p", target=target))
    ec, us, nato = (r.aggregates[k] for k in ("EUROPE_CANADA", "USA", "NATO"))
    for key in ("spend_usd_m", "extra_usd_m", "related_usd_m", "gdp_usd_m"):
        assert np.allclose(ec[key] + us[key], nato[key], rtol=1e-12)
    members = r.inputs.europe_canada
    assert np.allclose(ec["spend_usd_m"], r.spend_usd_m[members].sum(axis=0), rtol=1e-12)
    assert np.allclose(ec["extra_usd_m"], r.extra_usd_m[members].sum(axis=0), rtol=1e-9, atol=1e-6)


milestone_lists = st.lists(
    st.tuples(st.integers(BASE_YEAR + 1, 2060), st.floats(0, 10, allow_nan=False)), min_size=1, max_size=5, unique_by=lambda p: p[0]
)


@settings(max_examples=80, deadline=None)
@given(points=milestone_lists, iso3=st.sampled_from(["GBR", "CAN", "POL", "USA", "EST"]), target=st.none() | targets)
def test_a_milestone_path_passes_through_its_milestones(dataset, points, iso3, target):
    s = Scenario("p", target=target, horizon=2060, milestones={iso3: [Milestone(y, v) for y, v in points]})
    r = compute(dataset, s)
    i = dataset.index(iso3)
    for year, share in points:
        assert abs(r.share_pct[i, r.year_index(year)] - share) < 1e-9
    last_year, last_share = max(points)
    assert np.allclose(r.share_pct[i, r.year_index(last_year):], last_share)
