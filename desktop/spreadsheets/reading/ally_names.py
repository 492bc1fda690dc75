"""The names spreadsheets call the allies by; canonical names and currencies come from data/allies.csv."""

import re
import unicodedata
from collections.abc import Mapping
from functools import cache
from types import MappingProxyType

from desktop.core.dataset import default_allies


@cache
def ally_names() -> Mapping[str, str]:
    """ISO3 -> the ally's name in data/allies.csv (NATO's spelling)."""
    return MappingProxyType({ally.iso3: ally.name for ally in default_allies()})


def ally_currency(iso3: str) -> str | None:
    """The currency the ally reports in today (data/allies.csv); used when a label only says "Kroner"."""
    for ally in default_allies():
        if ally.iso3 == iso3:
            return ally.currency
    return None


_ALIASES: dict[str, tuple[str, ...]] = {
    "ALB": ("Republic of Albania", "Shqiperia", "Shqipëria"),
    "BEL": ("Kingdom of Belgium", "Belgique", "België", "Belgie"),
    "BGR": ("Republic of Bulgaria", "България", "Република България", "Balgariya"),
    "CAN": (),
    "HRV": ("Republic of Croatia", "Hrvatska"),
    "CZE": ("Czech Republic", "Czech Rep", "Czech Rep.", "Cesko", "Česko", "Česká republika"),
    "DNK": ("Kingdom of Denmark", "Danmark"),
    "EST": ("Republic of Estonia", "Eesti"),
    "FIN": ("Republic of Finland", "Suomi"),
    "FRA": ("French Republic",),
    "DEU": ("Federal Republic of Germany", "Deutschland"),
    "GRC": ("Hellenic Republic", "Hellas", "Ελλάδα", "Ελληνική Δημοκρατία", "Ellada"),
    "HUN": ("Magyarország", "Magyarorszag"),
    "ISL": ("Ísland",),
    "ITA": ("Italian Republic", "Italia"),
    "LVA": ("Republic of Latvia", "Latvija"),
    "LTU": ("Republic of Lithuania", "Lietuva"),
    "LUX": ("Grand Duchy of Luxembourg",),
    "MNE": ("Crna Gora", "Црна Гора"),
    "NLD": ("The Netherlands", "Netherlands (the)", "Kingdom of the Netherlands", "Holland", "Nederland"),
    "MKD": ("Republic of North Macedonia", "Macedonia", "Macedonia, FYR", "FYR Macedonia", "FYROM",
            "Former Yugoslav Republic of Macedonia", "The former Yugoslav Republic of Macedonia",
            "N. Macedonia", "Северна Македонија", "Severna Makedonija"),
    "NOR": ("Kingdom of Norway", "Norge"),
    "POL": ("Republic of Poland", "Polska"),
    "PRT": ("Portuguese Republic",),
    "ROU": ("România",),
    "SVK": ("Slovakia", "Slovak Republic", "Slovak Rep", "Slovak Rep.", "Slovensko"),
    "SVN": ("Republic of Slovenia", "Slovenija"),
    "ESP": ("Kingdom of Spain", "España"),
    "SWE": ("Kingdom of Sweden", "Sverige"),
    "TUR": ("Turkey", "Turkiye", "Republic of Türkiye", "Türkiye Cumhuriyeti", "Republic of Turkey", "Türkiye, Republic of"),
    "GBR": ("UK", "U.K.", "Great Britain", "Britain",
            "United Kingdom of Great Britain and Northern Ireland", "United Kingdom (UK)"),
    "USA": ("US", "U.S.", "USA", "U.S.A.", "United States of America", "United States (US)",
            "America"),
}


# NATO publishes in French too; its tables use these names.
_FRENCH_NAMES: dict[str, tuple[str, ...]] = {
    "ALB": ("Albanie",),
    "BEL": ("Belgique",),
    "BGR": ("Bulgarie",),
    "CAN": ("Canada",),
    "HRV": ("Croatie",),
    "CZE": ("Tchéquie", "République tchèque"),
    "DNK": ("Danemark",),
    "EST": ("Estonie",),
    "FIN": ("Finlande",),
    "FRA": ("France",),
    "DEU": ("Allemagne",),
    "GRC": ("Grèce",),
    "HUN": ("Hongrie",),
    "ISL": ("Islande",),
    "ITA": ("Italie",),
    "LVA": ("Lettonie",),
    "LTU": ("Lituanie",),
    "LUX": ("Luxembourg",),
    "MNE": ("Monténégro",),
    "NLD": ("Pays-Bas",),
    "MKD": ("Macédoine du Nord",),
    "NOR": ("Norvège",),
    "POL": ("Pologne",),
    "PRT": ("Portugal",),
    "ROU": ("Roumanie",),
    "SVK": ("Slovaquie", "République slovaque"),
    "SVN": ("Slovénie",),
    "ESP": ("Espagne",),
    "SWE": ("Suède",),
    "TUR": ("Turquie",),
    "GBR": ("Royaume-Uni",),
    "USA": ("États-Unis", "Etats-Unis d'Amérique"),
}


_PLAIN = re.compile(r"[A-Za-z0-9 ]+")


def normalise_name(text: str) -> str:
    """Fold case, accents, punctuation and spacing so that spellings compare equal."""
    if _PLAIN.fullmatch(text):
        # Most labels are plain words: skip the accent and punctuation passes.
        return " ".join(text.casefold().split()).removeprefix("the ")
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
        text = text.replace("ı", "i")
    text = text.casefold().replace("&", " and ")
    text = re.sub(r"[.'’`]", "", text)
    text = re.sub(r"[\W_]+", " ", text).strip()  # letters of any script stay: Cyrillic and Greek names too
    return text.removeprefix("the ")


@cache
def _by_name() -> dict[str, str]:
    """normalise_name of every name and alias -> ISO3; built on first use, from data/allies.csv and the aliases here."""
    table = {}
    for iso3, name in ally_names().items():
        for alias in (name, *_ALIASES.get(iso3, ()), *_FRENCH_NAMES.get(iso3, ())):
            key = normalise_name(alias)
            if not key:
                raise ValueError(f"the alias {alias!r} of {iso3} has no letters to match on")
            table[key] = iso3
    return table


@cache
def known_name_keys() -> frozenset[str]:
    """Every ally name and alias as normalise_name gives it."""
    return frozenset(_by_name())


def ally_iso3(label: str, key: str | None = None) -> str | None:
    """The ISO3 code of the ally a label names, or None; upper-case ISO3 codes count too.

    key is normalise_name(label) when the caller has it already.
    """
    if len(label) == 3 and label in ally_names():
        return label
    key = normalise_name(label) if key is None else key
    return _by_name().get(key) if key else None
