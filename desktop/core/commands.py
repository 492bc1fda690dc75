"""Edits to a scenario as small commands: `apply(state) -> (new_state, inverse)`, addressed by key.

The window wraps each in a ten-line QUndoCommand; the commands themselves know
nothing of Qt, so undo is tested with plain pytest.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .budget_lines import with_changes
from .dataset import Dataset
from .financing_mix import Mix
from .scenario import BudgetLine, Milestone, Scenario, Target
from .scenario_words import named_for_what_it_is

_TARGET_FIELD_LABELS = {
    "core_pct": "core target",
    "related_pct": "defence-related target",
    "target_year": "target year",
    "shape": "path shape",
    "step_year": "step year",
    "no_cuts": "no cuts",
    "scope": "scope",
    "related_baseline_pct": "defence-related baseline",
}


@dataclass(frozen=True)
class SetTargetField:
    """Set one field of the alliance-wide target (creating a 2% target if there is none)."""

    field: str
    value: object

    @property
    def label(self) -> str:
        return f"Set {_TARGET_FIELD_LABELS.get(self.field, self.field)}"

    @property
    def merge_key(self):
        return ("target", self.field)

    def apply(self, state: Scenario):
        if self.field not in _TARGET_FIELD_LABELS:
            raise ValueError(f"unknown target field {self.field!r}")
        old_target = state.target
        base = old_target or Target(core_pct=2.0)
        changes = {self.field: self.value}
        if self.field == "target_year" and base.step_year is not None and isinstance(self.value, int) and base.step_year > self.value:
            changes["step_year"] = self.value  # the step moves with an earlier target year rather than fall after it
        new_state = replace(state, target=replace(base, **changes))
        return new_state, ReplaceTarget(old_target, self.label)


@dataclass(frozen=True)
class ReplaceTarget:
    """Put back a whole target (or none): the inverse of any target edit."""

    target: Target | None
    label: str = "Set target"
    merge_key = None

    def apply(self, state: Scenario):
        return replace(state, target=self.target), ReplaceTarget(state.target, self.label)


@dataclass(frozen=True)
class SetHorizon:
    year: int
    label: str = "Set horizon"
    merge_key = ("horizon",)

    def apply(self, state: Scenario):
        return replace(state, horizon=self.year), SetHorizon(state.horizon)


@dataclass(frozen=True)
class RenameScenario:
    name: str
    label: str = "Rename scenario"
    merge_key = None

    def apply(self, state: Scenario):
        return replace(state, name=self.name), RenameScenario(state.name)


@dataclass(frozen=True)
class SetMilestone:
    """Set (or, with share None, remove) one ally's milestone in one NATO year."""

    iso3: str
    year: int
    share_pct: float | None
    label: str = "Set milestone"

    @property
    def merge_key(self):
        return ("milestone", self.iso3, self.year)

    def apply(self, state: Scenario):
        points = {p.year: p for p in state.milestones.get(self.iso3, ())}
        old = points.get(self.year)
        if self.share_pct is None:
            points.pop(self.year, None)
        else:
            # A milestone that also states an amount keeps it: only its share changes.
            points[self.year] = replace(old, share_pct=float(self.share_pct)) if old is not None else Milestone(self.year, float(self.share_pct))
        new_state = state.with_milestones(self.iso3, list(points.values()))
        return new_state, SetMilestonePoint(self.iso3, self.year, old, self.label)


@dataclass(frozen=True)
class SetMilestonePoint:
    """Put one ally's whole milestone in one NATO year (a share, an amount or both), or remove it with None."""

    iso3: str
    year: int
    point: Milestone | None
    label: str = "Set milestone"

    @property
    def merge_key(self):
        return ("milestone", self.iso3, self.year)

    def apply(self, state: Scenario):
        points = {p.year: p for p in state.milestones.get(self.iso3, ())}
        old = points.pop(self.year, None)
        if self.point is not None:
            points[self.year] = replace(self.point, year=self.year)
        return state.with_milestones(self.iso3, list(points.values())), SetMilestonePoint(self.iso3, self.year, old, self.label)


@dataclass(frozen=True)
class ReplaceScenario:
    """Swap the whole scenario (a preset chosen, an import applied): one undo step."""

    scenario: Scenario
    label: str = "Replace scenario"
    merge_key = None

    def apply(self, state: Scenario):
        return self.scenario, ReplaceScenario(state, self.label)


@dataclass(frozen=True)
class NamedEdit:
    """Any edit, after which the scenario is named and described for what it is (see `named_for_what_it_is`).

    Undo puts back the name and words the scenario had, with the edit's own inverse.
    """

    command: object
    dataset: Dataset = field(compare=False, repr=False)

    @property
    def label(self) -> str:
        return self.command.label

    @property
    def merge_key(self):
        return self.command.merge_key

    def apply(self, state: Scenario):
        new_state, inverse = self.command.apply(state)
        named = named_for_what_it_is(self.dataset, state, new_state)
        if (named.name, named.description) == (new_state.name, new_state.description):
            return new_state, inverse
        return named, _RestoreWords(inverse, state.name, state.description)


@dataclass(frozen=True)
class _RestoreWords:
    """An edit's inverse that also gives the scenario back its earlier name and description."""

    inverse: object
    name: str
    description: str
    merge_key = None

    @property
    def label(self) -> str:
        return getattr(self.inverse, "label", "Edit")

    def apply(self, state: Scenario):
        restored, redo = self.inverse.apply(state)
        return replace(restored, name=self.name, description=self.description), _RestoreWords(redo, state.name, state.description)


@dataclass(frozen=True)
class SetFinancingMix:
    """Set one ally's financing mix (iso3 None: the default for all); mix None returns the ally to the default."""

    iso3: str | None
    mix: Mix | None
    label: str = "Set financing mix"

    @property
    def merge_key(self):
        return ("financing_mix", self.iso3)

    def apply(self, state: Scenario):
        f = state.financing
        old = f.default_mix if self.iso3 is None else f.mixes.get(self.iso3)
        return replace(state, financing=f.with_mix(self.iso3, self.mix)), SetFinancingMix(self.iso3, old, self.label)


@dataclass(frozen=True)
class SetInterestRate:
    """Set one ally's interest rate, % a year (iso3 None: for all allies); rate None returns to the implied rate."""

    iso3: str | None
    rate_pct: float | None
    label: str = "Set interest rate"

    @property
    def merge_key(self):
        return ("interest_rate", self.iso3)

    def apply(self, state: Scenario):
        f = state.financing
        old = f.default_rate_pct if self.iso3 is None else f.rates.get(self.iso3)
        return replace(state, financing=f.with_rate(self.iso3, self.rate_pct)), SetInterestRate(self.iso3, old, self.label)


@dataclass(frozen=True)
class SetGrowthBand:
    points: float
    label: str = "Set growth band"
    merge_key = ("growth_band",)

    def apply(self, state: Scenario):
        return replace(state, growth_band_pts=float(self.points)), SetGrowthBand(state.growth_band_pts, self.label)


def financing_label(dataset: Dataset, iso3: str | None, what: str) -> str:
    """'Set United Kingdom financing mix', 'Set interest rate for all allies'."""
    if iso3 is None:
        return f"Set default {what}" if what == "financing mix" else f"Set {what} for all allies"
    try:
        return f"Set {dataset.ally(iso3).name} {what}"
    except KeyError:
        return f"Set {iso3} {what}"


def milestone_label(dataset: Dataset, iso3: str, year: int) -> str:
    """'Set United Kingdom 2027/28 share': the words an Undo menu item should read."""
    try:
        ally = dataset.ally(iso3)
    except KeyError:
        return f"Set {iso3} {year} share"
    return f"Set {ally.name} {ally.period_label(year)} share"


@dataclass(frozen=True)
class InsertBudgetLine:
    """Put a budget line at `index` of the scenario's lines (added, duplicated, or a deletion undone)."""

    index: int
    line: BudgetLine
    label: str = "Add budget line"
    merge_key = None

    def apply(self, state: Scenario):
        lines = list(state.budget_lines)
        lines.insert(self.index, self.line)
        return replace(state, budget_lines=tuple(lines)), RemoveBudgetLine(self.index, self.label)


@dataclass(frozen=True)
class RemoveBudgetLine:
    index: int
    label: str = "Delete budget line"
    merge_key = None

    def apply(self, state: Scenario):
        lines = list(state.budget_lines)
        old = lines.pop(self.index)
        return replace(state, budget_lines=tuple(lines)), InsertBudgetLine(self.index, old, self.label)


@dataclass(frozen=True)
class ReplaceBudgetLine:
    index: int
    line: BudgetLine
    label: str = "Edit budget line"
    merge_key = None

    def apply(self, state: Scenario):
        lines = list(state.budget_lines)
        old, lines[self.index] = lines[self.index], self.line
        return replace(state, budget_lines=tuple(lines)), ReplaceBudgetLine(self.index, old, self.label)


@dataclass(frozen=True)
class SetBudgetLineField:
    """Set one field of the line at `index` (category, years, envelope, profile, unit cost…); its amounts follow."""

    index: int
    field: str
    value: object
    label: str = "Edit budget line"
    merge_key = None

    def apply(self, state: Scenario):
        if self.field not in BUDGET_LINE_FIELDS:
            raise ValueError(f"unknown budget line field {self.field!r}")
        old = state.budget_lines[self.index]
        new = with_changes(old, **{self.field: self.value})
        return ReplaceBudgetLine(self.index, new, self.label).apply(state)


BUDGET_LINE_FIELDS = {
    "label": "name",
    "iso3": "ally",
    "currency": "currency",
    "category": "category",
    "total_m": "amount",
    "first_year": "first year",
    "last_year": "last year",
    "profile": "profile",
    "unit_cost": "unit cost",
    "quantity": "quantity",
    "in_baseline": "in baseline",
    "source": "source",
    "amounts": "amounts",
}


def budget_line_label(line: BudgetLine, field: str) -> str:
    """'Set Drones unit cost': the words an Undo menu item should read."""
    return f"Set {line.label} {BUDGET_LINE_FIELDS.get(field, field)}"
