"""The small core modules the window reads: thresholds, history, sources, gap ranking, status quo (no Qt)."""

import math

import numpy as np
import pytest

from desktop.core.dataset import BASE_YEAR, HISTORY_YEARS, IMF_LAST, SHARE
from desktop.core.gap import gap_ranking
from desktop.core.history import share_history
from desktop.core.presets import preset_scenario
from desktop.core.projection import compute
from desktop.core.scenario import Milestone, Override, Scenario, Target
from desktop.core.sources import figure_source, gdp_source_year
from desktop.core.status_quo import status_quo_of
from desktop.core.thresholds import THRESHOLDS_PCT, highest_threshold_met, thresholds_met


@pytest.mark.parametrize(
    "share, met",
    [(1.99, ()), (2.0, (2.0,)), (3.5 - 1e-12, (2.0, 3.5)), (4.99, (2.0, 3.5)), (5.0, THRESHOLDS_PCT), (None, ()), (math.nan, ())],
)
def test_thresholds_met(share, met):
    assert thresholds_met(share) == met
    assert highest_threshold_met(share) == (met[-1] if met else None)


def test_history_applies_share_overrides_and_blanks_iceland(dataset):
    scenario = Scenario("x", overrides=(Override("GBR", SHARE, 2020, 9.5, "my notes"),))
    history = share_history(dataset, scenario)
    assert history.shape == (len(dataset.allies), len(HISTORY_YEARS))
    assert history[dataset.index("GBR"), HISTORY_YEARS.index(2020)] == 9.5
    assert np.isnan(history[dataset.index("ISL")]).all()
    assert dataset.indicators[SHARE][dataset.index("GBR"), HISTORY_YEARS.index(2020)] != 9.5


def test_figure_source_names_edition_estimate_and_user_entries(dataset):
    plain = Scenario("x")
    text = figure_source(dataset, plain, "GBR", SHARE, BASE_YEAR)
    provenance = dataset.source_of("GBR", SHARE, BASE_YEAR)
    assert provenance.edition in text and provenance.source in text
    assert ("estimate" in text) == provenance.estimate
    flagged = [(iso3, y) for (iso3, ind, y), p in dataset.provenance.items() if ind == SHARE and p.flag]
    iso3, year = flagged[0]
    assert "carried forward" in figure_source(dataset, plain, iso3, SHARE, year)
    entered = Scenario("x", overrides=(Override("GBR", SHARE, BASE_YEAR, 2.6, "MoD budget"),))
    assert figure_source(dataset, entered, "GBR", SHARE, BASE_YEAR).endswith("user-entered (MoD budget)")
    assert gdp_source_year(IMF_LAST + 5) == IMF_LAST


def test_gap_ranking_is_sorted_and_skips_allies_without_figures(dataset):
    result = compute(dataset, preset_scenario("hague-2035", dataset))
    ranking = gap_ranking(result, 2035)
    extras = [extra for _, extra in ranking]
    assert extras == sorted(extras, reverse=True)
    assert "ISL" not in {iso3 for iso3, _ in ranking}
    assert len(ranking) == len(dataset.allies) - 1
    top_iso3, top_extra = ranking[0]
    assert top_extra == result.extra_usd_m[dataset.index(top_iso3), result.year_index(2035)]


def test_status_quo_keeps_horizon_and_figures_but_drops_target_and_milestones():
    scenario = Scenario(
        "mine", target=Target(3.0), milestones={"GBR": [Milestone(2027, 2.5)]}, horizon=2050,
        overrides=(Override("GBR", SHARE, 2025, 2.4, "s"),),
    )
    baseline = status_quo_of(scenario)
    assert baseline.target is None and dict(baseline.milestones) == {}
    assert baseline.horizon == 2050 and baseline.overrides == scenario.overrides
