"""The 32 NATO allies, the names spreadsheets call them by, and their currencies."""

import re
import unicodedata

ALLY_NAMES: dict[str, str] = {
    "ALB": "Albania", "BEL": "Belgium", "BGR": "Bulgaria", "CAN": "Canada",
    "HRV": "Croatia", "CZE": "Czechia", "DNK": "Denmark", "EST": "Estonia",
    "FIN": "Finland", "FRA": "France", "DEU": "Germany", "GRC": "Greece",
    "HUN": "Hungary", "ISL": "Iceland", "ITA": "Italy", "LVA": "Latvia",
    "LTU": "Lithuania", "LUX": "Luxembourg", "MNE": "Montenegro", "NLD": "Netherlands",
    "MKD": "North Macedonia", "NOR": "Norway", "POL": "Poland", "PRT": "Portugal",
    "ROU": "Romania", "SVK": "Slovakia", "SVN": "Slovenia", "ESP": "Spain",
    "SWE": "Sweden", "TUR": "Türkiye", "GBR": "United Kingdom", "USA": "United States",
}

# The currency each ally reports in today; used when a label only says "Kroner".
ALLY_CURRENCY: dict[str, str] = {
    "ALB": "ALL", "BEL": "EUR", "BGR": "BGN", "CAN": "CAD", "HRV": "EUR", "CZE": "CZK",
    "DNK": "DKK", "EST": "EUR", "FIN": "EUR", "FRA": "EUR", "DEU": "EUR", "GRC": "EUR",
    "HUN": "HUF", "ISL": "ISK", "ITA": "EUR", "LVA": "EUR", "LTU": "EUR", "LUX": "EUR",
    "MNE": "EUR", "NLD": "EUR", "MKD": "MKD", "NOR": "NOK", "POL": "PLN", "PRT": "EUR",
    "ROU": "RON", "SVK": "EUR", "SVN": "EUR", "ESP": "EUR", "SWE": "SEK", "TUR": "TRY",
    "GBR": "GBP", "USA": "USD",
}

_ALIASES: dict[str, tuple[str, ...]] = {
    "ALB": ("Republic of Albania", "Shqiperia", "Shqipëria"),
    "BEL": ("Kingdom of Belgium", "Belgique", "België", "Belgie"),
    "BGR": ("Republic of Bulgaria",),
    "CAN": (),
    "HRV": ("Republic of Croatia", "Hrvatska"),
    "CZE": ("Czech Republic", "Czech Rep", "Czech Rep.", "Cesko", "Česko", "Česká republika"),
    "DNK": ("Kingdom of Denmark", "Danmark"),
    "EST": ("Republic of Estonia", "Eesti"),
    "FIN": ("Republic of Finland", "Suomi"),
    "FRA": ("French Republic",),
    "DEU": ("Federal Republic of Germany", "Deutschland"),
    "GRC": ("Hellenic Republic", "Hellas"),
    "HUN": ("Magyarország", "Magyarorszag"),
    "ISL": ("Ísland",),
    "ITA": ("Italian Republic", "Italia"),
    "LVA": ("Republic of Latvia", "Latvija"),
    "LTU": ("Republic of Lithuania", "Lietuva"),
    "LUX": ("Grand Duchy of Luxembourg",),
    "MNE": ("Crna Gora",),
    "NLD": ("The Netherlands", "Netherlands (the)", "Kingdom of the Netherlands", "Holland", "Nederland"),
    "MKD": ("Republic of North Macedonia", "Macedonia", "Macedonia, FYR", "FYR Macedonia", "FYROM",
            "Former Yugoslav Republic of Macedonia", "The former Yugoslav Republic of Macedonia",
            "N. Macedonia"),
    "NOR": ("Kingdom of Norway", "Norge"),
    "POL": ("Republic of Poland", "Polska"),
    "PRT": ("Portuguese Republic",),
    "ROU": ("România",),
    "SVK": ("Slovak Republic", "Slovak Rep", "Slovak Rep.", "Slovensko"),
    "SVN": ("Republic of Slovenia", "Slovenija"),
    "ESP": ("Kingdom of Spain", "España"),
    "SWE": ("Kingdom of Sweden", "Sverige"),
    "TUR": ("Turkey", "Turkiye", "Republic of Türkiye", "Republic of Turkey", "Türkiye, Republic of"),
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
    text = re.sub(r"[^0-9a-z]+", " ", text).strip()
    return text.removeprefix("the ")


def _alias_table() -> dict[str, str]:
    table = {}
    for iso3, name in ALLY_NAMES.items():
        for alias in (name, *_ALIASES[iso3], *_FRENCH_NAMES[iso3]):
            table[normalise_name(alias)] = iso3
    return table


_BY_NAME = _alias_table()


def known_name_keys() -> frozenset[str]:
    """Every ally name and alias as normalise_name gives it."""
    return frozenset(_BY_NAME)


def ally_iso3(label: str, key: str | None = None) -> str | None:
    """The ISO3 code of the ally a label names, or None; upper-case ISO3 codes count too.

    key is normalise_name(label) when the caller has it already.
    """
    if len(label) == 3 and label in ALLY_NAMES:
        return label
    return _BY_NAME.get(normalise_name(label) if key is None else key)
