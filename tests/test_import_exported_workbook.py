"""The planner's own exported workbook read back by the importer: each sheet's unit as its heading states it."""

from __future__ import annotations

import pytest

from desktop.spreadsheets.reading.importer import import_file
from desktop.spreadsheets.reading.units import detect_unit


@pytest.fixture(scope="module")
def exported(dataset, tmp_path_factory):
    from desktop.core.presets import preset_scenario
    from desktop.core.projection import compute
    from desktop.spreadsheets.workbook.export import export_workbook

    path = tmp_path_factory.mktemp("export") / "hague.xlsx"
    export_workbook(compute(dataset, preset_scenario("hague-2035", dataset)), path)
    return {(table.sheet, table.block): table for table in import_file(path).tables}


def _unit(tables, sheet, block=None):
    table = tables[(sheet, block)]
    return table.unit, table.scale


def test_the_exported_sheets_come_back_in_their_units(exported):
    population = next(key for key in exported if key[1] and key[1].startswith("Population, millions"))
    assert _unit(exported, *population) == ("persons", 1_000_000)
    gdp = next(key for key in exported if key[1] and key[1].startswith("GDP, million US dollars"))
    assert _unit(exported, *gdp) == ("USD", 1_000_000)
    assert _unit(exported, "Status quo") == ("USD", 1_000_000)  # "share of GDP" in the title is not the unit
    assert _unit(exported, "History") == ("percent", 1)
    assert not any(table.block == "Period" for table in exported.values())  # a period column holds no figures


@pytest.mark.parametrize("text, unit, scale", [
    ("Status quo: spending if every ally keeps its 2025 share of GDP, million US dollars", "USD", 1_000_000),
    ("Population, millions", "persons", 1_000_000),
    ("Share of real GDP (%)", "percent", None),
    ("GDP per capita (thousand US dollars)", "USD", 1_000),
])
def test_unit_lines(text, unit, scale):
    guess = detect_unit(text)
    assert (guess.unit, guess.scale) == (unit, scale)
    assert not guess.weak
