"""The built-in scenarios, each with the public source it stands for."""

from __future__ import annotations

from dataclasses import dataclass

from dataclasses import replace

from .budget_lines import resolved
from .dataset import BASE_YEAR, Dataset
from .scenario import BudgetLine, Milestone, Scenario, Target


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


SDR_2025 = ("Strategic Defence Review 2025, 'Making Britain Safer: secure at home, strong abroad' "
            "(HM Government, 2 June 2025) and the Prime Minister's statement on it, June 2025")
MOD_UKRAINE_2025 = ("Ministry of Defence, announcement for the Ukraine Defence Contact Group, 4 June 2025: "
                    "£350 m of the £4.5 bn military support to Ukraine in 2025/26 for 100,000 drones (target up tenfold from 10,000), "
                    "and a further £247 m to train Ukraine's forces this year")
IN_2025_BUDGET = "; marked in baseline: paid from 2025/26 funds, which NATO's 2025 estimate already counts"
PARLIAMENT = (2025, 2029)  # "this Parliament": FY 2025/26 to FY 2029/30


def _envelope(label: str, category: str, total_m: float, source: str) -> BudgetLine:
    first, last = PARLIAMENT
    return resolved(BudgetLine(label, "GBR", "GBP", (), source, category=category, profile="even", first_year=first,
                               last_year=last, total_m=total_m))


def uk_announcement_lines() -> tuple[BudgetLine, ...]:
    """The SDR's and June 2025 statements' published lines, each with its source; every figure is editable."""
    drone_cost = 350e6 / 100_000  # £3,500 a drone: the £350 m package over the 100,000 drones it buys
    return (
        _envelope("Drones and autonomous systems (more than £4 bn this Parliament)", "equipment", 4_000.0, SDR_2025),
        _envelope("Laser (directed-energy) weapons development (£1 bn this Parliament)", "research_development", 1_000.0, SDR_2025),
        _envelope("Munitions (£6 bn this Parliament)", "equipment", 6_000.0, SDR_2025),
        _envelope("Sovereign warhead programme (£15 bn this Parliament)", "equipment", 15_000.0, SDR_2025),
        _envelope("Forces housing (£1.5 bn this Parliament)", "infrastructure", 1_500.0, SDR_2025),
        resolved(BudgetLine("Military training of Ukraine's forces (almost £250 m; period not given, one year taken)", "GBR", "GBP", (),
                            MOD_UKRAINE_2025 + IN_2025_BUDGET, category="ukraine_partners", profile="even", first_year=2025,
                            last_year=2025, total_m=247.0, in_baseline=True)),
        resolved(BudgetLine("Drones for Ukraine (100,000 a year, up from 10,000)", "GBR", "GBP", (),
                            MOD_UKRAINE_2025 + f"; unit cost £{drone_cost:,.0f} derived from the two figures" + IN_2025_BUDGET,
                            category="ukraine_partners", profile="quantity", first_year=2025, last_year=2025, unit_cost=drone_cost,
                            quantity=100_000.0, in_baseline=True)),
    )


def _uk_announcements(p, d):
    return replace(_uk_plan(p, d), budget_lines=uk_announcement_lines())


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
    variants = [words for on, words in ((include_low, "low-confidence points included"), (others_follow_hague, "others on the Hague path")) if on]
    title = PRESETS["national-plans"].title
    return Scenario(
        name=f"{title} ({'; '.join(variants)})" if variants else title,  # a variant is not an edit of the preset
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
        Preset("uk-announcements", "UK plan and announcements",
               "UK plan (2.5% of GDP in FY 2027/28, 3% by 2034) with the published lines of the Strategic Defence Review "
               "and the June 2025 statements: drones, lasers, munitions, warheads, housing and support to Ukraine."),
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
    "uk-announcements": _uk_announcements,
    "hague-2035": _hague,
    "us-5pct": _us_5pct,
    "equalise-us": _equalise,
    "national-plans": _national_plans,
}
