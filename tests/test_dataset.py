"""The embedded dataset: headline figures, flags, validation of damaged files."""

import csv
import math
import shutil
import subprocess
import sys

import pytest

from desktop.core.dataset import BASE_YEAR, DatasetError, load_dataset

from .conftest import ROOT


def test_holds_all_32_allies_with_their_metadata(dataset):
    assert len(dataset.allies) == 32
    gbr = dataset.ally("GBR")
    assert (gbr.currency, gbr.fy_start_month, gbr.region) == ("GBP", 4, "Europe")
    assert dataset.ally("CAN").fy_start_month == 4
    assert dataset.ally("USA").fy_start_month == 10
    assert dataset.ally("TUR").name == "Türkiye"
    assert gbr.period_label(2027) == "2027/28"
    assert dataset.ally("FRA").period_label(2027) == "2027"


@pytest.mark.parametrize(
    "iso3,share", [("POL", 4.48), ("LTU", 4.00), ("LVA", 3.73), ("USA", 3.22), ("GBR", 2.40)]
)
def test_nato_2025_headline_shares(dataset, iso3, share):
    assert round(dataset.value(iso3, "share_gdp_pct", 2025), 2) == share
    prov = dataset.source_of(iso3, "share_gdp_pct", 2025)
    assert prov.estimate and "2025 edition" in prov.edition


def test_germany_2025_is_carried_forward_from_2024(dataset):
    assert dataset.value("DEU", "share_gdp_pct", 2025) == dataset.value("DEU", "share_gdp_pct", 2024)
    assert round(dataset.value("DEU", "share_gdp_pct", 2025), 2) == 2.00
    assert dataset.source_of("DEU", "share_gdp_pct", 2025).flag.startswith("carried forward")


def test_iceland_has_gdp_but_no_defence_figures(dataset):
    isl = dataset.ally("ISL")
    assert not isl.has_defence_figures and "no armed forces" in isl.note
    assert dataset.value("ISL", "share_gdp_pct", 2025) is None
    assert dataset.value("ISL", "gdp_usd_bn", 2025) > 0
    assert dataset.value("ISL", "population_m", 2025) > 0


def test_imf_series_carry_source_and_forecast_flag(dataset):
    assert dataset.value("USA", "gdp_usd_bn", 2030) > dataset.value("USA", "gdp_usd_bn", 2024)
    actual = dataset.source_of("USA", "gdp_usd_bn", 2024)
    forecast = dataset.source_of("USA", "gdp_usd_bn", 2025)
    assert actual.source.startswith("IMF") and actual.edition == "October 2025"
    assert not actual.estimate and forecast.estimate


def test_equipment_share_and_personnel_where_published(dataset):
    assert dataset.value("POL", "equipment_share_pct", BASE_YEAR) > 0
    assert dataset.value("DEU", "equipment_share_pct", BASE_YEAR) is None
    assert dataset.value("USA", "military_personnel_thousands", BASE_YEAR) is None
    assert dataset.value("DEU", "military_personnel_thousands", BASE_YEAR) > 100


def _copy_data(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    return target


def _rewrite(path, edit):
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    edit(rows)
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def test_a_non_numeric_value_names_file_row_and_fault(tmp_path):
    data = _copy_data(tmp_path)

    def corrupt(rows):
        rows[10][3] = "two point four"

    _rewrite(data / "nato_indicators.csv", corrupt)
    with pytest.raises(DatasetError) as err:
        load_dataset(data)
    message = str(err.value)
    assert "nato_indicators.csv" in message and "row 11" in message and "'two point four' is not a number" in message


def test_an_unknown_ally_and_a_missing_column_are_refused(tmp_path):
    data = _copy_data(tmp_path)
    _rewrite(data / "imf_weo.csv", lambda rows: rows[5].__setitem__(0, "XXX"))
    with pytest.raises(DatasetError, match=r"imf_weo.csv: row 6: unknown ally 'XXX'"):
        load_dataset(data)
    _rewrite(data / "imf_weo.csv", lambda rows: rows[5].__setitem__(0, "ALB"))
    _rewrite(data / "allies.csv", lambda rows: rows[3].pop())
    with pytest.raises(DatasetError, match=r"allies.csv: row 4: expected 6 fields, found 5"):
        load_dataset(data)


def test_a_missing_base_share_and_a_missing_file_are_refused(tmp_path):
    data = _copy_data(tmp_path)

    def drop_poland_2025(rows):
        rows[:] = [r for r in rows if r[:3] != ["POL", "share_gdp_pct", "2025"]]

    _rewrite(data / "nato_indicators.csv", drop_poland_2025)
    with pytest.raises(DatasetError, match="Poland has no 2025 defence share"):
        load_dataset(data)
    (data / "imf_weo.csv").unlink()
    with pytest.raises(DatasetError, match="imf_weo.csv: cannot be read"):
        load_dataset(data)


def test_non_finite_and_binary_content_are_refused(tmp_path):
    data = _copy_data(tmp_path)
    _rewrite(data / "imf_weo.csv", lambda rows: rows[2].__setitem__(3, "nan"))
    with pytest.raises(DatasetError, match="row 3: value 'nan' is not a finite number"):
        load_dataset(data)
    (data / "allies.csv").write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(DatasetError, match="allies.csv"):
        load_dataset(data)


def test_committed_dataset_matches_the_published_figures(shared_data, tmp_path):
    """tools/build_dataset.py regenerates data/ byte for byte from ../shared/data."""
    before = {p.name: p.read_bytes() for p in (ROOT / "data").glob("*.csv")}
    subprocess.run([sys.executable, str(ROOT / "tools" / "build_dataset.py")], check=True)
    after = {p.name: p.read_bytes() for p in (ROOT / "data").glob("*.csv")}
    assert before == after


def test_every_value_has_a_source(dataset):
    for name, array in dataset.indicators.items():
        years = dataset.years_of(name)
        for i, ally in enumerate(dataset.allies):
            for j, year in enumerate(years):
                if not math.isnan(array[i, j]):
                    assert dataset.source_of(ally.iso3, name, year) is not None


def test_implausible_duplicate_and_missing_rows_name_the_right_file_and_row(tmp_path):
    data = _copy_data(tmp_path)
    _rewrite(data / "nato_indicators.csv", lambda rows: rows[1].__setitem__(3, "-448"))
    with pytest.raises(DatasetError, match=r"nato_indicators.csv: row 2: share_gdp_pct -448 is outside the plausible range \(0..100\)"):
        load_dataset(data)
    _rewrite(data / "nato_indicators.csv", lambda rows: rows[1].__setitem__(3, "1.33"))
    _rewrite(data / "nato_indicators.csv", lambda rows: rows.append(list(rows[5])))
    with pytest.raises(DatasetError, match=r"row 2594: .* is already given in row 6"):
        load_dataset(data)
    _rewrite(data / "nato_indicators.csv", lambda rows: rows.pop())

    def drop_france_gdp_2027(rows):
        rows[:] = [r for r in rows if r[:3] != ["FRA", "gdp_usd_bn", "2027"]]

    _rewrite(data / "imf_weo.csv", drop_france_gdp_2027)
    with pytest.raises(DatasetError, match=r"imf_weo.csv: no gdp_usd_bn for France \(FRA\) in 2027"):
        load_dataset(data)
