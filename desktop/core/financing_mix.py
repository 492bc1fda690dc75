"""How allies pay for their extra spending: the mix of sources and the interest rates, as immutable values."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from types import MappingProxyType

SOURCES = ("borrow", "revenue", "reprioritise")
SOURCE_LABELS = {"borrow": "Borrowing", "revenue": "Higher revenue", "reprioritise": "Reprioritised spending"}
DEFAULT_GROWTH_BAND_PTS = 1.0


@dataclass(frozen=True)
class Mix:
    """Shares (%) of an ally's extra spending paid by borrowing, higher revenue and reprioritised spending.

    The validation gate holds each share in 0..100 and their sum at 100.
    """

    borrow_pct: float = 100.0
    revenue_pct: float = 0.0
    reprioritise_pct: float = 0.0

    def share(self, source: str) -> float:
        return getattr(self, f"{source}_pct")

    def with_share(self, source: str, value: float) -> "Mix":
        """The mix with `source` at `value`, borrowing taking up the difference (what is not otherwise paid for is borrowed)."""
        if source == "borrow":
            raise ValueError("borrowing is what the other sources leave: set revenue or reprioritised spending instead")
        changed = replace(self, **{f"{source}_pct": float(value)})
        return replace(changed, borrow_pct=100.0 - changed.revenue_pct - changed.reprioritise_pct)

    def as_dict(self) -> dict:
        return {f"{s}_pct": self.share(s) for s in SOURCES}


ALL_BORROWED = Mix()


def _frozen(mapping) -> MappingProxyType:
    return mapping if isinstance(mapping, MappingProxyType) else MappingProxyType(dict(sorted(dict(mapping or {}).items())))


@dataclass(frozen=True)
class Financing:
    """The default mix, each ally's own mix where it has one, and the interest rates.

    A rate of None means the ally's implied effective rate from the IMF's WEO
    (net interest paid over gross debt); `default_rate_pct` applies to every
    ally without a rate of its own.
    """

    default_mix: Mix = ALL_BORROWED
    mixes: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))
    default_rate_pct: float | None = None
    rates: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self):
        object.__setattr__(self, "mixes", _frozen(self.mixes))
        object.__setattr__(self, "rates", _frozen(self.rates))

    def mix_of(self, iso3: str) -> Mix:
        return self.mixes.get(iso3, self.default_mix)

    def rate_of(self, iso3: str) -> float | None:
        """The rate the user set for the ally (or for all), or None for the implied rate."""
        return self.rates.get(iso3, self.default_rate_pct)

    def with_mix(self, iso3: str | None, mix: Mix | None) -> "Financing":
        """None as `iso3` sets the default mix; None as `mix` returns the ally to the default."""
        if iso3 is None:
            return replace(self, default_mix=mix or ALL_BORROWED)
        mixes = dict(self.mixes)
        if mix is None:
            mixes.pop(iso3, None)
        else:
            mixes[iso3] = mix
        return replace(self, mixes=_frozen(mixes))

    def with_rate(self, iso3: str | None, rate_pct: float | None) -> "Financing":
        if iso3 is None:
            return replace(self, default_rate_pct=rate_pct)
        rates = dict(self.rates)
        if rate_pct is None:
            rates.pop(iso3, None)
        else:
            rates[iso3] = float(rate_pct)
        return replace(self, rates=_frozen(rates))
