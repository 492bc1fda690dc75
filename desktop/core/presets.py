"""The built-in scenarios, each with the public source it stands for."""

from __future__ import annotations

from dataclasses import dataclass

from .dataset import BASE_YEAR, Dataset
from .scenario import Milestone, Scenario, Target


@dataclass(frozen=True)
class Preset:
    key: str
    title: str
    source_note: str

    def build(self, dataset: Dataset) -> Scenario:
        return _BUILDERS[self.key](self, dataset)


def _status_quo(p, d):
    return Scenario(name=p.title, description=p.source_note)


def _nato_2pct(p, d):
    return Scenario(name=p.title, description=p.source_note, target=Target(core_pct=2.0, target_year=BASE_YEAR + 1, shape="step", step_year=BASE_YEAR + 1))


def _uk_plan(p, d):
    return Scenario(name=p.title, description=p.source_note, milestones={"GBR": (Milestone(2027, 2.5), Milestone(2034, 3.0))})


def _hague(p, d):
    return Scenario(name=p.title, description=p.source_note, target=HAGUE_TARGET)


def _us_5pct(p, d):
    return Scenario(name=p.title, description=p.source_note, target=Target(core_pct=5.0, target_year=2030))


PLANS_NOTE = ("Allies' own announced paths (data/national_plans.csv: government statements and press reports, "
              "June 2025 round, each point with its source, date and confidence), flat after the last point; "
              "ranges at their lower end; points of low confidence left out")
HAGUE_TARGET = Target(core_pct=3.5, related_pct=1.5, target_year=2035)


def national_plans_scenario(dataset: Dataset, include_low: bool = False, others_follow_hague: bool = False) -> Scenario:
    """The national-plans preset: each ally on its announced points; the others at their 2025 share or on the Hague path."""
    from .national_plans import default_plans, plan_milestones

    note = PLANS_NOTE.replace("; points of low confidence left out", "; points of low confidence included" if include_low else "; points of low confidence left out")
    note += "; allies with no published path follow the Hague path." if others_follow_hague else "; allies with no published path keep their 2025 share."
    return Scenario(
        name=PRESETS["national-plans"].title,
        description=note,
        target=HAGUE_TARGET if others_follow_hague else None,
        milestones=plan_milestones(default_plans(dataset), include_low),
    )


def _national_plans(p, d):
    return national_plans_scenario(d)


def _equalise(p, d):
    us_share = d.value("USA", "share_gdp_pct", BASE_YEAR)
    return Scenario(
        name=p.title,
        description=f"{p.source_note} US {BASE_YEAR} share: {us_share:.2f}% of GDP.",
        target=Target(core_pct=round(us_share, 4), target_year=2030, scope="europe_canada"),
    )


PRESETS = {
    p.key: p
    for p in (
        Preset("status-quo", "Status quo", "Every ally keeps its 2025 share of GDP (NATO 2025 edition estimates)."),
        Preset("nato-2pct", "NATO 2% floor", "The 2% of GDP guideline (Wales 2014, Vilnius 2023 'at least 2%') met from 2026."),
        Preset("uk-plan", "UK plan", "UK government: 2.5% of GDP from April 2027 (FY 2027/28) and 3% by 2034; other allies at their 2025 share."),
        Preset("hague-2035", "Hague 2035", "The Hague summit declaration (June 2025): 3.5% core defence + 1.5% defence-related spending by 2035."),
        Preset("us-5pct", "5% by 2030", "A US demand that allies spend 5% of GDP on core defence, reached by 2030."),
        Preset("equalise-us", "Equalise the US", "NATO Secretary General: Europe and Canada match the US share of GDP, here by 2030."),
        Preset("national-plans", "National plans", "Each ally on its own announced path (government statements, June 2025 round); others at their 2025 share."),
    )
}


def preset_scenario(key: str, dataset: Dataset) -> Scenario:
    try:
        preset = PRESETS[key]
    except KeyError:
        raise KeyError(f"unknown preset {key!r}: choose one of {', '.join(PRESETS)}") from None
    return preset.build(dataset)


_BUILDERS = {
    "status-quo": _status_quo,
    "nato-2pct": _nato_2pct,
    "uk-plan": _uk_plan,
    "hague-2035": _hague,
    "us-5pct": _us_5pct,
    "equalise-us": _equalise,
    "national-plans": _national_plans,
}
