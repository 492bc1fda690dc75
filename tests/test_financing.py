"""Financing the uplift: status-quo debt from the IMF, implied rates, borrowed extra with its interest, debt paths."""

import json
import subprocess
import sys

import numpy as np
import pytest

from desktop.core.commands import SetFinancingMix, SetGrowthBand, SetInterestRate, financing_label
from desktop.core.financing import financing_paths, stock_and_interest
from desktop.core.financing_mix import Financing, Mix
from desktop.core.projection import compute
from desktop.core.scenario import Scenario, Target
from desktop.core.scenario_file import ScenarioFileError, scenario_from_dict, scenario_to_dict, screened_scenario_from_dict
from desktop.core.validation import FigureRefused, check_edit, mix_fault, screen_scenario

from .conftest import ROOT


@pytest.mark.parametrize("iso3, debt", [("ITA", 136.8), ("USA", 125.0), ("GBR", 103.4), ("EST", 24.4)])
def test_2025_gross_debt_is_the_imfs(dataset, iso3, debt):
    assert round(dataset.value(iso3, "gross_debt_pct_gdp", 2025), 1) == debt
    r = compute(dataset, Scenario("sq"))
    assert round(financing_paths(r).debt_status_quo_pct[dataset.index(iso3), 0], 1) == debt


def test_status_quo_debt_is_held_at_its_2030_ratio(dataset):
    r = compute(dataset, Scenario("sq", horizon=2040))
    p = financing_paths(r)
    i = dataset.index("USA")
    assert p.debt_status_quo_pct[i, r.year_index(2030)] == dataset.value("USA", "gross_debt_pct_gdp", 2030)
    assert np.all(p.debt_status_quo_pct[i, r.year_index(2030):] == dataset.value("USA", "gross_debt_pct_gdp", 2030))
    # Nothing extra, nothing borrowed: debt with the uplift is the status quo.
    assert np.array_equal(p.debt_pct, p.debt_status_quo_pct)
    assert np.nansum(p.extra_interest_usd_m) == 0


def _implied_rate_by_hand(dataset, iso3):
    rates = []
    for year in range(2025, 2031):
        interest = dataset.value(iso3, "primary_net_lending_pct_gdp", year) - dataset.value(iso3, "net_lending_pct_gdp", year)
        rates.append(interest / dataset.value(iso3, "gross_debt_pct_gdp", year) * 100)
    return sum(rates) / len(rates)


def test_debt_and_interest_by_hand_for_italy_and_estonia(dataset):
    """Italy: all borrowed at its implied rate. Estonia: 60% borrowed at a rate set to 4%, 40% from revenue."""
    financing = Financing(mixes={"EST": Mix(60.0, 40.0, 0.0)}, rates={"EST": 4.0})
    scenario = Scenario("hand", target=Target(core_pct=3.5, target_year=2030), horizon=2033, financing=financing)
    r = compute(dataset, scenario)
    p = financing_paths(r)
    for iso3, borrow_share, rate in (("ITA", 1.0, _implied_rate_by_hand(dataset, "ITA")), ("EST", 0.6, 4.0)):
        i = dataset.index(iso3)
        base = dataset.value(iso3, "share_gdp_pct", 2025)
        assert p.rate_pct[i] == pytest.approx(rate, rel=1e-12)
        stock = 0.0
        for j, year in enumerate(range(2025, 2034)):
            gdp_nc = dataset.value(iso3, "gdp_nc_bn", min(year, 2030)) * 1000
            if year > 2030:  # grown at the 2030 nominal rate
                gdp_nc *= (dataset.value(iso3, "gdp_nc_bn", 2030) / dataset.value(iso3, "gdp_nc_bn", 2029)) ** (year - 2030)
            share = base + (max(base, 3.5) - base) * min(1.0, (year - 2025) / 5)
            extra_nc = (share - base) / 100 * gdp_nc
            interest = rate / 100 * stock
            stock = stock + interest + borrow_share * extra_nc
            sq_debt = dataset.value(iso3, "gross_debt_pct_gdp", min(year, 2030))
            assert p.extra_interest_nc_m[i, j] == pytest.approx(interest, rel=1e-9, abs=1e-9)
            assert p.extra_debt_nc_m[i, j] == pytest.approx(stock, rel=1e-9, abs=1e-9)
            assert p.debt_pct[i, j] == pytest.approx(sq_debt + stock / gdp_nc * 100, rel=1e-9)
            usd_per_nc = r.inputs.gdp_usd_m[i, j] / r.inputs.gdp_nc_m[i, j]
            assert p.extra_interest_usd_m[i, j] == pytest.approx(interest * usd_per_nc, rel=1e-9, abs=1e-9)
    est = dataset.index("EST")
    assert p.funded_usd_m["revenue"][est, -1] == pytest.approx(0.4 * r.extra_usd_m[est, -1])
    assert p.rate_basis[est] == "set for this ally"


def test_net_creditors_fall_back_to_europe_and_canadas_implied_rate(dataset):
    p = financing_paths(compute(dataset, Scenario("sq")))
    nor = dataset.index("NOR")
    assert p.implied_rate_pct[nor] < 0  # Norway receives more interest than it pays
    assert p.rate_pct[nor] == p.europe_canada_rate_pct
    assert 1.0 < p.europe_canada_rate_pct < 4.0
    assert p.rate_basis[nor].startswith("implied (Europe + Canada")


def test_aggregates_sum_interest_and_weight_debt_by_gdp(dataset):
    r = compute(dataset, Scenario("t", target=Target(core_pct=3.5)))
    p = financing_paths(r)
    ec = p.aggregates["EUROPE_CANADA"]
    members = r.inputs.europe_canada
    assert np.allclose(ec["extra_interest_usd_m"], np.nansum(p.extra_interest_usd_m[members], axis=0))
    gdp = r.inputs.gdp_usd_m[members]
    assert np.allclose(ec["debt_pct_gdp"], (p.debt_pct[members] * gdp).sum(axis=0) / gdp.sum(axis=0))
    nato = p.aggregates["NATO"]
    assert np.allclose(nato["extra_interest_usd_m"], ec["extra_interest_usd_m"] + p.aggregates["USA"]["extra_interest_usd_m"])


def test_stock_and_interest_follow_the_recurrence():
    borrowed = np.array([[100.0, 50.0, 0.0, 10.0]])
    stock, interest = stock_and_interest(borrowed, np.array([10.0]))
    assert np.allclose(interest, [[0.0, 10.0, 16.0, 17.6]])
    assert np.allclose(stock, [[100.0, 160.0, 176.0, 203.6]])


def test_a_mix_must_be_shares_adding_up_to_100():
    assert mix_fault(Mix(50.0, 30.0, 20.0)) == ""
    assert "add up to 99.9%" in mix_fault(Mix(33.3, 33.3, 33.3))
    assert "between 0 and 100" in mix_fault(Mix(120.0, -20.0, 0.0))
    assert "not a finite number" in mix_fault(Mix(float("nan"), 0.0, 100.0))
    assert Mix().with_share("revenue", 30.0) == Mix(70.0, 30.0, 0.0)


def test_the_gate_refuses_bad_mixes_rates_and_bands(dataset):
    before = Scenario("s")
    with pytest.raises(FigureRefused, match="add up to 90%"):
        check_edit(dataset, before, SetFinancingMix("GBR", Mix(50.0, 40.0, 0.0)).apply(before)[0])
    with pytest.raises(FigureRefused, match="outside 0..60%"):
        check_edit(dataset, before, SetInterestRate("ITA", -1.0).apply(before)[0])
    with pytest.raises(FigureRefused, match="no armed forces"):
        check_edit(dataset, before, SetInterestRate("ISL", 3.0).apply(before)[0])
    with pytest.raises(FigureRefused, match="outside 0..5 points"):
        check_edit(dataset, before, SetGrowthBand(6.0).apply(before)[0])
    check_edit(dataset, before, SetInterestRate(None, 4.5).apply(before)[0])
    bad = Scenario("s", financing=Financing(mixes={"GBR": Mix(10.0, 0.0, 0.0), "XXX": Mix()}, rates={"ITA": float("inf")}), growth_band_pts=9.0)
    screened, refused = screen_scenario(dataset, bad)
    assert screened.financing == Financing() and screened.growth_band_pts == 1.0
    assert sorted(r.where for r in refused) == ["financing.mixes.GBR", "financing.mixes.XXX", "financing.rates.ITA", "growth_band_pts"]


def test_financing_edits_undo_and_read_like_english(dataset):
    s0 = Scenario("s")
    s1, undo_mix = SetFinancingMix("SWE", Mix(40.0, 60.0, 0.0)).apply(s0)
    s2, undo_rate = SetInterestRate(None, 3.0).apply(s1)
    s3, undo_band = SetGrowthBand(2.0).apply(s2)
    assert s3.financing.mix_of("SWE") == Mix(40.0, 60.0, 0.0) and s3.financing.mix_of("GBR") == Mix()
    assert s3.financing.rate_of("ITA") == 3.0 and s3.growth_band_pts == 2.0
    assert undo_mix.apply(undo_rate.apply(undo_band.apply(s3)[0])[0])[0] == s0
    assert financing_label(dataset, "SWE", "financing mix") == "Set Sweden financing mix"
    assert financing_label(dataset, None, "financing mix") == "Set default financing mix"
    assert financing_label(dataset, None, "interest rate") == "Set interest rate for all allies"


def test_financing_and_band_round_trip_through_a_file_and_older_files_open(dataset):
    s = Scenario("f", financing=Financing(default_mix=Mix(50.0, 25.0, 25.0), mixes={"GBR": Mix(0.0, 0.0, 100.0)},
                                          default_rate_pct=3.25, rates={"ITA": 4.0}), growth_band_pts=2.5)
    data = json.loads(json.dumps(scenario_to_dict(s)))
    assert scenario_from_dict(data, dataset=dataset) == s
    for key in ("financing", "growth_band_pts"):
        data.pop(key)
    old = scenario_from_dict(data, dataset=dataset)
    assert old.financing == Financing() and old.growth_band_pts == 1.0
    data["financing"] = {"mixes": {"GBR": {"borrow_pct": 50}}}
    restored, refused = screened_scenario_from_dict(data, dataset=dataset)
    assert restored.financing.mix_of("GBR") == Mix() and "add up to 50%" in refused[0].reason
    data["financing"] = {"rates": {"ITA": "high"}}
    with pytest.raises(ScenarioFileError, match="financing.rates"):
        scenario_from_dict(data, dataset=dataset)


def test_compute_json_carries_debt_interest_mix_and_band(tmp_path):
    out = subprocess.run([sys.executable, "-m", "desktop", "compute", "--preset", "hague-2035", "--json", "--growth-band", "2"],
                         cwd=ROOT, capture_output=True, text=True, check=True)
    d = json.loads(out.stdout)
    n = len(d["years"])
    for entry in (d["allies"]["GBR"], d["aggregates"]["EUROPE_CANADA"], d["aggregates"]["NATO"]):
        for key in ("debt_pct_gdp", "debt_pct_gdp_status_quo", "extra_interest_usd_m", "extra_usd_m_low",
                    "extra_usd_m_high", "spend_usd_m_low", "spend_usd_m_high"):
            assert len(entry[key]) == n, key
        assert entry["financing"]["borrow_pct"] == 100.0
    gbr = d["allies"]["GBR"]
    assert gbr["debt_pct_gdp_status_quo"][0] == pytest.approx(103.361)
    assert gbr["financing"]["interest_rate_basis"] == "implied"
    j = d["years"].index(2035)
    assert gbr["extra_usd_m_low"][j] < gbr["extra_usd_m"][j] < gbr["extra_usd_m_high"][j]
    assert d["growth_band"]["points"] == 2.0 and "2035 extra by US$" in d["growth_band"]["sensitivity"]
    assert any("held at its 2030 ratio" in note for note in d["financing_notes"])
    bad = subprocess.run([sys.executable, "-m", "desktop", "compute", "--preset", "hague-2035", "--growth-band", "-1"],
                         cwd=ROOT, capture_output=True, text=True)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "outside 0..5 points" in bad.stderr


def test_fiscal_overrides_move_the_status_quo_debt(dataset):
    from desktop.core.scenario import Override

    s = Scenario("o", overrides=(Override("EST", "gross_debt_pct_gdp", 2026, 40.0, "user"),))
    p = financing_paths(compute(dataset, s))
    assert p.debt_status_quo_pct[dataset.index("EST"), 1] == 40.0
