"""Golden outputs: each preset's computed table against committed expectations.

A change to the data or the arithmetic shows here as a diff of named figures.
Regenerate deliberately with `UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py`
and review the diff of tests/golden/ before committing it.
"""

import json
import math
import os
from pathlib import Path

import pytest

from desktop.core.presets import PRESETS, preset_scenario
from desktop.core.projection import compute
from desktop.core.report import result_to_dict

GOLDEN = Path(__file__).parent / "golden"
KEPT_SERIES = ("share_gdp_pct", "spend_usd_m", "extra_usd_m", "related_usd_m", "spend_nc_m", "cumulative_extra_usd_m")


LINE_SERIES = ("headroom_nc_m", "headroom_usd_m", "equipment_share_pct")  # kept for presets with budget lines


def _golden_view(data: dict) -> dict:
    kept = KEPT_SERIES + (LINE_SERIES if data["budget_lines"] else ())
    view = {
        "years": data["years"],
        "allies": {iso: {k: entry[k] for k in ("currency", "periods", *kept)} for iso, entry in data["allies"].items()},
        "aggregates": data["aggregates"],
        "us_share_of_nato_pct": data["us_share_of_nato_pct"],
        "equalise": data["equalise"],
    }
    if data["budget_lines"]:
        view["budget_lines"] = data["budget_lines"]
    return view


def _differences(expected, actual, path="") -> list[str]:
    if isinstance(expected, dict):
        keys = set(expected) | set(actual)
        return [d for k in sorted(keys, key=str) for d in _differences(expected.get(k), actual.get(k), f"{path}.{k}")]
    if isinstance(expected, list) and isinstance(actual, list) and len(expected) == len(actual):
        return [d for i, (e, a) in enumerate(zip(expected, actual)) for d in _differences(e, a, f"{path}[{i}]")]
    if isinstance(expected, float) and isinstance(actual, (int, float)):
        return [] if math.isclose(expected, actual, rel_tol=1e-9, abs_tol=1e-6) else [f"{path}: expected {expected}, got {actual}"]
    return [] if expected == actual else [f"{path}: expected {expected!r}, got {actual!r}"]


@pytest.mark.parametrize("preset", list(PRESETS))  # every preset: a new one without its golden file fails
def test_preset_matches_its_golden_table(dataset, preset):
    actual = _golden_view(result_to_dict(compute(dataset, preset_scenario(preset, dataset))))
    path = GOLDEN / f"compute_{preset}.json"
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(json.dumps(actual, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    expected = json.loads(path.read_text(encoding="utf-8"))
    differences = _differences(expected, actual)
    assert differences == [], f"{len(differences)} figures differ, first: {differences[:5]}"


def test_golden_tables_hold_the_published_headlines():
    """The committed expectations themselves carry NATO's published 2025 shares, so they cannot drift silently."""
    hague = json.loads((GOLDEN / "compute_hague-2035.json").read_text(encoding="utf-8"))
    assert round(hague["allies"]["POL"]["share_gdp_pct"][0], 2) == 4.48
    assert round(hague["allies"]["USA"]["share_gdp_pct"][0], 2) == 3.22
    assert round(hague["allies"]["GBR"]["share_gdp_pct"][0], 2) == 2.40
    assert hague["allies"]["GBR"]["share_gdp_pct"][hague["years"].index(2035)] == 3.5


def test_golden_tables_of_status_quo_and_the_5pct_demand_say_what_the_presets_mean():
    status_quo = json.loads((GOLDEN / "compute_status-quo.json").read_text(encoding="utf-8"))
    us_5pct = json.loads((GOLDEN / "compute_us-5pct.json").read_text(encoding="utf-8"))
    y2030 = us_5pct["years"].index(2030)
    with_figures = [iso for iso, ally in status_quo["allies"].items() if ally["share_gdp_pct"][0] is not None]
    assert len(with_figures) == 31  # Iceland has no armed forces
    for iso in with_figures:
        shares = status_quo["allies"][iso]["share_gdp_pct"]
        assert shares == [shares[0]] * len(shares) and not any(status_quo["allies"][iso]["extra_usd_m"])
        assert us_5pct["allies"][iso]["share_gdp_pct"][y2030:] == [5.0] * (len(shares) - y2030)
    assert us_5pct["aggregates"]["NATO"]["share_gdp_pct"][y2030] == 5.0
