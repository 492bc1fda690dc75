"""A scenario in words, generated from its parameters, and the name an edited preset takes."""

from __future__ import annotations

from dataclasses import replace

from .dataset import BASE_YEAR, Dataset
from .presets import PRESETS, preset_scenario
from .scenario import NATIONAL_DEFINITION, Milestone, Scenario, Target

EDITED_SUFFIX = " (edited)"
_SHORT_NAMES = {"GBR": "UK", "USA": "US"}  # how briefings write these two; every other ally by its NATO name


def _pct(value: float) -> str:
    """'3.0%', '3.5%', '2.25%': at least one decimal, no trailing noise."""
    text = f"{value:.2f}".rstrip("0")
    return text + "0%" if text.endswith(".") else text + "%"


def _ally_name(dataset: Dataset, iso3: str) -> str:
    try:
        return _SHORT_NAMES.get(iso3) or dataset.ally(iso3).name
    except KeyError:
        return iso3


def target_words(target: Target) -> str:
    """'3.0% core + 1.5% defence-related by 2035, linear, no cuts' (and the scope when not all allies)."""
    core = f"{_pct(target.core_pct)} core"
    if target.related_pct:
        core += f" + {_pct(target.related_pct)} defence-related"
    parts = [f"{core} by {target.target_year}"]
    if target.shape == "step":
        parts.append(f"step in {target.jump_year}")
    else:
        parts.append("linear")
    parts.append("no cuts" if target.no_cuts else "cuts allowed")
    if target.scope == "europe_canada":
        parts.append("Europe + Canada only")
    if target.related_baseline_pct:
        parts.append(f"defence-related baseline {_pct(target.related_baseline_pct)}")
    return ", ".join(parts)


def _milestone_words(dataset: Dataset, iso3: str, point: Milestone) -> str:
    try:
        period = dataset.ally(iso3).period_label(point.year)
    except KeyError:
        period = str(point.year)
    if point.follows_amount:
        what = f"{point.amount_m:,.0f} m {point.currency}".rstrip()
        if point.definition == NATIONAL_DEFINITION:
            what += " (national definition)"
    else:
        what = _pct(point.share_pct)
    return f"{what} in {period}"


def milestones_words(dataset: Dataset, scenario: Scenario) -> list[str]:
    """'UK milestones 2.5% in 2027/28, 3.0% in 2034/35', one item per ally."""
    out = []
    for iso3, points in scenario.milestones.items():
        noun = "milestone" if len(points) == 1 else "milestones"
        out.append(f"{_ally_name(dataset, iso3)} {noun} " + ", ".join(_milestone_words(dataset, iso3, p) for p in points))
    return out


def describe(dataset: Dataset, scenario: Scenario) -> str:
    """The scenario's parameters in one line, e.g. '3.0% core by 2032, linear, no cuts; UK milestone 2.8% in 2029/30'."""
    parts = []
    if scenario.target is not None:
        parts.append(target_words(scenario.target))
    parts += milestones_words(dataset, scenario)
    if not parts:
        parts.append(f"every ally keeps its {BASE_YEAR} share of GDP")
    elif scenario.target is None:
        parts.append(f"other allies keep their {BASE_YEAR} share of GDP")
    if scenario.overrides:
        n = len(scenario.overrides)
        parts.append(f"{n} imported or user-entered figure{'s' if n != 1 else ''}")
    return "; ".join(parts)


def _figures(scenario: Scenario) -> tuple:
    """What makes the scenario's figures what they are (its name, words, horizon and budget lines do not)."""
    return scenario.target, tuple(scenario.milestones.items()), scenario.overrides


def preset_origin(name: str):
    """The preset a scenario name stands for, 'Hague 2035' or 'Hague 2035 (edited)', or None."""
    base = name[: -len(EDITED_SUFFIX)] if name.endswith(EDITED_SUFFIX) else name
    return next((p for p in PRESETS.values() if p.title == base), None)


def named_for_what_it_is(dataset: Dataset, before: Scenario, after: Scenario) -> Scenario:
    """`after`, an edit of `before`, named and described for what it now is.

    An edited preset becomes the user's own scenario, 'Hague 2035 (edited)', until they name it; edited back to
    the preset's figures it is the preset again. Any scenario whose figures changed is described from its
    parameters. A change of name (a rename, another preset chosen) and an edit that leaves the figures alone
    (the horizon, budget lines) keep the name and words given.
    """
    if after.name != before.name or _figures(after) == _figures(before):
        return after
    preset = preset_origin(after.name)
    if preset is not None:
        original = preset_scenario(preset.key, dataset)
        if _figures(after) == _figures(original):
            return replace(after, name=original.name, description=original.description)
        return replace(after, name=preset.title + EDITED_SUFFIX, description=describe(dataset, after))
    return replace(after, description=describe(dataset, after))
