"""Published shares of GDP for the history years, with the scenario's user-entered figures applied."""

from __future__ import annotations

import numpy as np

from .dataset import HISTORY_YEARS, SHARE, Dataset
from .scenario import Scenario


def share_history(dataset: Dataset, scenario: Scenario) -> np.ndarray:
    """Allies × HISTORY_YEARS; NaN where nothing is published (Iceland, gaps)."""
    history = np.array(dataset.indicators[SHARE], dtype=float)
    for o in scenario.overrides:
        if o.indicator != SHARE or o.year not in HISTORY_YEARS:
            continue
        try:
            row = dataset.index(o.iso3)
        except KeyError:
            continue
        history[row, HISTORY_YEARS.index(o.year)] = o.value
    for i, ally in enumerate(dataset.allies):
        if not ally.has_defence_figures:
            history[i] = np.nan
    return history
