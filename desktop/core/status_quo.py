"""The status quo that a scenario is measured against: same horizon and figures, no target or milestones."""

from __future__ import annotations

from dataclasses import replace

from .scenario import Scenario


def status_quo_of(scenario: Scenario) -> Scenario:
    return replace(scenario, name="Status quo", target=None, milestones={}, budget_lines=())
