"""Currency changeovers: Bulgaria in euros from the IMF's BGN figures, imports in a replaced currency, the damaged file refused."""

import csv
import shutil

import numpy as np
import pytest

from desktop.core.dataset import DatasetError, load_dataset
from desktop.core.merge import AS_BUDGET_LINES, AS_GDP, AS_SPENDING, apply_table, budget_lines_against_extra
from desktop.core.presets import preset_scenario
from desktop.core.projection import compute
from desktop.core.report import result_to_dict
from desktop.core.scenario import BudgetLine, Scenario, Target

from .conftest import ROOT

BGN_PER_EUR = 1.95583
# IMF WEO October 2025, Bulgaria, GDP in national currency (BGN bn), as published.
IMF_BGN_BN = {2025: 221.503, 2026: 238.301, 2027: 253.836}


@pytest.fixture(scope="module")
def hague(dataset):
    return compute(dataset, preset_scenario("hague-2035", dataset))


def test_bulgaria_is_in_euros_and_the_changeover_has_its_source(dataset):
    assert dataset.ally("BGR").currency == "EUR"
    (change,) = dataset.changes_of("BGR")
    assert (change.from_currency, change.to_currency, change.first_year, change.rate) == ("BGN", "EUR", 2026, BGN_PER_EUR)
    assert "2025/1408" in change.source
    assert dataset.units_per_national("BGR", "BGN") == BGN_PER_EUR
    assert dataset.units_per_national("BGR", "EUR") == 1.0
    assert dataset.units_per_national("BGR", "USD") is None
    assert dataset.units_per_national("HRV", "HRK") == 7.5345
    assert dataset.units_per_national("FRA", "BGN") is None
    assert dataset.changes_of("FRA") == ()


def test_imf_bgn_figures_are_stored_in_euros_and_say_so(dataset):
    for year, bgn in IMF_BGN_BN.items():
        assert dataset.value("BGR", "gdp_nc_bn", year) == pytest.approx(bgn / BGN_PER_EUR, rel=1e-12)
    described = dataset.source_of("BGR", "gdp_nc_bn", 2027).describe()
    assert "estimate" in described and "converted at the fixed 1.95583 BGN per EUR" in described
    assert dataset.source_of("FRA", "gdp_nc_bn", 2027).flag == ""


def test_bulgaria_2027_national_spending_is_share_times_gdp_in_euros(dataset, hague):
    i, j = dataset.index("BGR"), hague.year_index(2027)
    gdp_eur_m = 253_836.0 / 1.95583  # = 129,784.29 million EUR, worked out by hand from IMF's BGN 253.836 bn
    assert gdp_eur_m == pytest.approx(129_784.29, abs=0.01)
    share = hague.share_pct[i, j]
    assert hague.spend_nc_m[i, j] == pytest.approx(share / 100 * gdp_eur_m, rel=1e-9)
    assert hague.spend_nc_m[i, j] == pytest.approx(share / 100 * 129_784.29, rel=1e-7)
    extra_share = share - hague.inputs.base_share[i]
    assert hague.extra_nc_m[i, j] == pytest.approx(extra_share / 100 * gdp_eur_m, rel=1e-9)


def test_no_jump_in_growth_at_the_changeover(dataset, hague):
    i = dataset.index("BGR")
    inputs = hague.inputs
    gdp = inputs.gdp_nc_m[i]
    nominal = gdp[1] / gdp[0]  # 2025 -> 2026
    assert nominal == pytest.approx(IMF_BGN_BN[2026] / IMF_BGN_BN[2025], rel=1e-12)
    real_2026 = dataset.value("BGR", "real_gdp_growth_pct", 2026)
    assert inputs.deflator_index[i, 1] == pytest.approx(nominal / (1 + real_2026 / 100), rel=1e-12)
    # Beyond the IMF's years GDP grows at 2030's rate, unchanged by a currency factor either.
    assert gdp[-1] / gdp[-2] == pytest.approx(gdp[5] / gdp[4], rel=1e-12)
    spend_growth = hague.spend_nc_m[i, 1:] / hague.spend_nc_m[i, :-1]
    assert np.all((spend_growth > 1.0) & (spend_growth < 1.2))
    # Constant prices and exchange rates: 2025 equals current US dollars, later years move with real growth alone.
    const = hague.spend_const_usd_m[i]
    assert const[0] == pytest.approx(hague.spend_usd_m[i, 0], rel=1e-12)
    share_ratio = hague.share_pct[i, 1] / hague.share_pct[i, 0]
    assert const[1] / const[0] == pytest.approx(share_ratio * (1 + real_2026 / 100), rel=1e-9)


def test_compute_json_states_the_currency_and_its_changes(hague):
    data = result_to_dict(hague)
    bgr = data["allies"]["BGR"]
    assert bgr["currency"] == "EUR"
    assert bgr["currency_changes"] == [{"from_currency": "BGN", "to_currency": "EUR", "first_year": 2026, "rate": BGN_PER_EUR,
                                        "source": bgr["currency_changes"][0]["source"]}]
    assert data["allies"]["FRA"]["currency_changes"] == []
    assert data["allies"]["GBR"]["currency"] == "GBP"
    assert "currency_changes" in data["units"]["spend_nc_m"]
    j = data["years"].index(2027)
    assert bgr["spend_nc_m"][j] == pytest.approx(bgr["share_gdp_pct"][j] / 100 * 253_836.0 / BGN_PER_EUR, rel=1e-6)


def _lines_table(unit, *records):
    return {"sheet": "Budget", "title": "Bulgaria defence budget", "block": None, "unit": unit, "scale": 1_000_000,
            "header_cell": "B2", "records": list(records), "iso3": "BGR"}


def _line(year, value, label="Air defence"):
    return {"label": label, "iso3": None, "kind": "line", "year": year, "period": str(year), "value": value,
            "estimate": False, "cell": f"C{year - 2020}", "notes": []}


def test_a_euro_budget_for_bulgaria_is_set_against_its_extra(dataset):
    s = preset_scenario("hague-2035", dataset)
    new, merged = apply_table(dataset, s, _lines_table("EUR", _line(2026, 300.0), _line(2027, 450.0)), AS_BUDGET_LINES, "bg.xlsx")
    assert merged.lines_added == ("Air defence",) and merged.notes == ()
    (line,) = new.budget_lines
    assert (line.iso3, line.currency, line.amounts) == ("BGR", "EUR", ((2026, 300.0), (2027, 450.0)))
    result = compute(dataset, new)
    (report,) = budget_lines_against_extra(result)
    i = dataset.index("BGR")
    assert report.extra == (pytest.approx(result.extra_nc_m[i, 1]), pytest.approx(result.extra_nc_m[i, 2]))
    assert report.share_of_extra_pct[1] == pytest.approx(450.0 / result.extra_nc_m[i, 2] * 100)


def test_bgn_lines_convert_at_the_fixed_rate_before_and_after_2026(dataset):
    """The rate is irrevocable, so a 2025 budget's BGN forecast for 2027 converts exactly, as does its 2025 figure."""
    s = preset_scenario("hague-2035", dataset)
    new, merged = apply_table(dataset, s, _lines_table("BGN", _line(2025, 195.583), _line(2027, 391.166)), AS_BUDGET_LINES, "bg.xlsx")
    (line,) = new.budget_lines
    assert line.currency == "EUR"
    assert line.amounts == (pytest.approx((2025, 100.0)), pytest.approx((2027, 200.0)))
    assert len(merged.notes) == 1 and "BGN amounts converted to EUR at the fixed 1.95583 BGN per EUR" in merged.notes[0]
    again, unchanged = apply_table(dataset, new, _lines_table("BGN", _line(2025, 195.583), _line(2027, 391.166)), AS_BUDGET_LINES, "bg.xlsx")
    assert unchanged.unchanged == ("Air defence",) and again is new


def test_a_bgn_line_saved_before_the_changeover_is_compared_in_bgn(dataset):
    s = Scenario("saved in 2025", target=Target(core_pct=3.5, target_year=2035),
                 budget_lines=(BudgetLine("Frigates", "BGR", "BGN", ((2027, 500.0),), "plan.xlsx"),))
    result = compute(dataset, s)
    (report,) = budget_lines_against_extra(result)
    extra_bgn = result.extra_nc_m[dataset.index("BGR"), result.year_index(2027)] * BGN_PER_EUR
    assert report.extra == (pytest.approx(extra_bgn),)
    assert report.share_of_extra_pct == (pytest.approx(500.0 / extra_bgn * 100),)


def test_spending_and_gdp_tables_in_leva_convert_and_other_currencies_are_refused(dataset):
    """NATO's older tables give Bulgaria in leva ("Bulgaria (Leva)"): the share is the same whichever currency."""
    s = Scenario("s")
    spending = {"sheet": "TABLE1", "title": "t", "block": None, "unit": "BGN", "scale": 1_000_000, "header_cell": "D8",
                "records": [{"label": "Bulgaria", "iso3": "BGR", "kind": "ally", "year": 2024, "period": "2024", "value": 4056.8,
                             "estimate": False, "cell": "TABLE1!N12", "notes": []}]}
    new, merged = apply_table(dataset, s, spending, AS_SPENDING, "nato.xlsx")
    bgn_gdp_2024 = 202.861e9
    assert new.overrides[0].value == pytest.approx(4056.8e6 / bgn_gdp_2024 * 100, rel=1e-9)
    assert any("converted to EUR at the fixed 1.95583" in n for n in merged.notes)
    gdp = dict(spending, unit="BGN", scale=1_000_000_000, records=[dict(spending["records"][0], year=2027, value=253.836)])
    new, _ = apply_table(dataset, s, gdp, AS_GDP, "imf.xlsx")
    assert new.overrides[0].value == pytest.approx(253.836 / BGN_PER_EUR, rel=1e-12)
    pounds = dict(spending, unit="GBP")
    unchanged, merged = apply_table(dataset, s, pounds, AS_SPENDING, "x.xlsx")
    assert unchanged is s and "US dollars or EUR or BGN" in merged.skipped[0][1]


def _data_copy(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    return target


def _edit_changes(data, edit):
    path = data / "currency_changes.csv"
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    edit(rows)
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


@pytest.mark.parametrize(("edit", "fault"), [
    (lambda rows: rows[2].__setitem__(4, "about two"), r"currency_changes.csv: row 3: rate 'about two' is not a number"),
    (lambda rows: rows[2].__setitem__(4, "-1.95583"), r"row 3: rate '-1.95583' must be a positive number of BGN per EUR"),
    (lambda rows: rows[2].__setitem__(0, "XXX"), r"row 3: unknown ally 'XXX'"),
    (lambda rows: rows[2].__setitem__(3, "26"), r"row 3: first_year '26' is not a year"),
    (lambda rows: rows[2].__setitem__(5, ""), r"row 3: the source of the change \(the legal act\) is required"),
    (lambda rows: rows[2].__setitem__(2, "USD"), r"currency_changes.csv: BGR's last change is to USD, but allies.csv gives its currency as EUR"),
    (lambda rows: rows.append(["BGR", "BGN", "EUR", "2024", "1.95583", "x"]), r"row 4: BGR's changes must follow one another"),
    (lambda rows: rows[0].__setitem__(4, "per_eur"), r"currency_changes.csv: row 1: expected columns"),
])
def test_a_damaged_changes_file_is_refused_with_its_row_and_fault(tmp_path, edit, fault):
    data = _data_copy(tmp_path)
    _edit_changes(data, edit)
    with pytest.raises(DatasetError, match=fault):
        load_dataset(data)


def test_a_missing_changes_file_is_refused(tmp_path):
    data = _data_copy(tmp_path)
    (data / "currency_changes.csv").unlink()
    with pytest.raises(DatasetError, match="currency_changes.csv: cannot be read"):
        load_dataset(data)
