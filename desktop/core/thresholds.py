"""NATO's spending thresholds (2%, 3.5%, 5% of GDP) and which of them a share of GDP meets."""

from __future__ import annotations

import math

THRESHOLDS_PCT = (2.0, 3.5, 5.0)

# A ramp that ends exactly on a target can land a few ulps below it.
TOLERANCE_PCT = 1e-9


def thresholds_met(share_pct: float | None) -> tuple[float, ...]:
    """The thresholds that `share_pct` reaches, lowest first; none for a missing share."""
    if share_pct is None or math.isnan(share_pct):
        return ()
    return tuple(t for t in THRESHOLDS_PCT if share_pct >= t - TOLERANCE_PCT)


def highest_threshold_met(share_pct: float | None) -> float | None:
    met = thresholds_met(share_pct)
    return met[-1] if met else None
