"""Rebuilds the embedded dataset in data/ from the published figures in ../shared/data.

A developer tool, never run by the app: the app reads only data/. Each value keeps
its source and edition so that every number on screen can name where it came from.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
OUT = ROOT / "data"

NATO_2025 = ("NATO, Defence Expenditure of NATO Countries (2014-2025)", "2025 edition (August 2025)")
IMF_WEO = ("IMF, World Economic Outlook", "October 2025")

# ISO3, NATO name, ISO 4217 currency (the ally's currency today), fiscal-year start month, region.
ALLIES = [
    ("ALB", "Albania", "ALL", 1, "Europe"),
    ("BEL", "Belgium", "EUR", 1, "Europe"),
    ("BGR", "Bulgaria", "EUR", 1, "Europe"),
    ("CAN", "Canada", "CAD", 4, "North America"),
    ("HRV", "Croatia", "EUR", 1, "Europe"),
    ("CZE", "Czechia", "CZK", 1, "Europe"),
    ("DNK", "Denmark", "DKK", 1, "Europe"),
    ("EST", "Estonia", "EUR", 1, "Europe"),
    ("FIN", "Finland", "EUR", 1, "Europe"),
    ("FRA", "France", "EUR", 1, "Europe"),
    ("DEU", "Germany", "EUR", 1, "Europe"),
    ("GRC", "Greece", "EUR", 1, "Europe"),
    ("HUN", "Hungary", "HUF", 1, "Europe"),
    ("ISL", "Iceland", "ISK", 1, "Europe"),
    ("ITA", "Italy", "EUR", 1, "Europe"),
    ("LVA", "Latvia", "EUR", 1, "Europe"),
    ("LTU", "Lithuania", "EUR", 1, "Europe"),
    ("LUX", "Luxembourg", "EUR", 1, "Europe"),
    ("MNE", "Montenegro", "EUR", 1, "Europe"),
    ("NLD", "Netherlands", "EUR", 1, "Europe"),
    ("MKD", "North Macedonia", "MKD", 1, "Europe"),
    ("NOR", "Norway", "NOK", 1, "Europe"),
    ("POL", "Poland", "PLN", 1, "Europe"),
    ("PRT", "Portugal", "EUR", 1, "Europe"),
    ("ROU", "Romania", "RON", 1, "Europe"),
    ("SVK", "Slovak Republic", "EUR", 1, "Europe"),
    ("SVN", "Slovenia", "EUR", 1, "Europe"),
    ("ESP", "Spain", "EUR", 1, "Europe"),
    ("SWE", "Sweden", "SEK", 1, "Europe"),
    ("TUR", "Türkiye", "TRY", 1, "Europe"),
    ("GBR", "United Kingdom", "GBP", 4, "Europe"),
    ("USA", "United States", "USD", 10, "North America"),
]
NAME_TO_ISO = {name: iso for iso, name, *_ in ALLIES}

# Changeovers within the planner's years (NATO history from 2014, IMF from 2022): ISO3, old
# currency, new currency, first year in the new one, old units per new unit (fixed by law), legal act.
CURRENCY_CHANGES = [
    ("HRV", "HRK", "EUR", 2023, 7.5345, "Council Regulation (EU) 2022/1208 of 12 July 2022"),
    ("BGR", "BGN", "EUR", 2026, 1.95583, "Council Decision (EU) 2025/1407 and Council Regulation (EU) 2025/1408 of 8 July 2025"),
]
# Allies whose national-currency series the IMF's October 2025 WEO still gives in the currency
# they have since replaced (../shared/data/README.md, "Currency changeover"). Croatia's it already
# gives in euros for every year.
IMF_NC_IN_FORMER_CURRENCY = {"BGR": "BGN"}

# NATO table -> indicator name in data/nato_indicators.csv
NATO_TABLES = {
    "share_of_gdp_pct.csv": "share_gdp_pct",
    "equipment_share_pct.csv": "equipment_share_pct",
    "personnel_share_pct.csv": "personnel_share_pct",
    "infrastructure_share_pct.csv": "infrastructure_share_pct",
    "other_share_pct.csv": "other_share_pct",
    "real_change_pct.csv": "real_change_pct",
    "military_personnel_thousands.csv": "military_personnel_thousands",
}
IMF_CONCEPTS = {
    "NGDPD": "gdp_usd_bn",
    "NGDP": "gdp_nc_bn",
    "NGDP_RPCH": "real_gdp_growth_pct",
    "PCPIPCH": "cpi_inflation_pct",
    "LP": "population_m",
}
# General-government fiscal series, all % of GDP (../shared/data/README.md).
IMF_FISCAL_CONCEPTS = {
    "GGXWDG_NGDP": "gross_debt_pct_gdp",
    "GGXCNL_NGDP": "net_lending_pct_gdp",
    "GGXONLB_NGDP": "primary_net_lending_pct_gdp",
    "GGR_NGDP": "revenue_pct_gdp",
    "GGX_NGDP": "expenditure_pct_gdp",
}


def build_allies() -> None:
    with open(OUT / "allies.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["iso3", "name", "currency", "fy_start_month", "region", "note"])
        for iso, name, cur, month, region in ALLIES:
            note = "no armed forces: no defence figures, excluded from targets and aggregates" if iso == "ISL" else ""
            w.writerow([iso, name, cur, month, region, note])


def build_currency_changes() -> None:
    with open(OUT / "currency_changes.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["iso3", "from_currency", "to_currency", "first_year", "rate", "source"])
        for iso, old, new, first_year, rate, source in CURRENCY_CHANGES:
            w.writerow([iso, old, new, first_year, repr(rate), source])


def _imf_national_currency(iso: str, value: float) -> tuple[float, str]:
    """An IMF national-currency figure in the ally's currency of today, with the flag saying so when converted."""
    former = IMF_NC_IN_FORMER_CURRENCY.get(iso)
    if former is None:
        return value, ""
    _, old, new, first_year, rate, _ = next(c for c in CURRENCY_CHANGES if c[0] == iso and c[1] == former)
    return value / rate, f"IMF figure in {old} converted at the fixed {rate:g} {old} per {new} ({new} from {first_year})"


def build_nato() -> None:
    rows = []
    for filename, indicator in NATO_TABLES.items():
        with open(SHARED / "nato-2025-edition" / filename, encoding="utf-8") as f:
            reader = csv.reader(f)
            header = next(reader)
            for line in reader:
                iso = NAME_TO_ISO.get(line[0])
                if iso is None:
                    continue  # NATO aggregates are recomputed by the core, not stored
                for label, cell in zip(header[1:], line[1:]):
                    year = int(label.rstrip("e"))
                    estimate = label.endswith("e")
                    if cell == "":
                        if indicator == "share_gdp_pct" and iso == "DEU" and year == 2025:
                            prior = next(r for r in rows if r[0] == iso and r[1] == indicator and r[2] == 2024)
                            rows.append([iso, indicator, year, prior[3], 1, "carried forward: 2025 budget not adopted when NATO published", *NATO_2025])
                        continue
                    rows.append([iso, indicator, year, repr(round(float(cell), 10)), int(estimate), "", *NATO_2025])
    with open(OUT / "nato_indicators.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["iso3", "indicator", "year", "value", "estimate", "flag", "source", "edition"])
        w.writerows(rows)


def build_imf() -> None:
    _write_imf("weo_oct2025_nato32_long.csv", IMF_CONCEPTS, "imf_weo.csv")


def build_imf_fiscal() -> None:
    _write_imf("weo_oct2025_nato32_fiscal_long.csv", IMF_FISCAL_CONCEPTS, "imf_fiscal.csv")


def _write_imf(source_file: str, concepts: dict, out_file: str) -> None:
    rows = []
    with open(SHARED / "imf-weo-2025-10" / source_file, encoding="utf-8") as f:
        for rec in csv.DictReader(f):
            indicator = concepts.get(rec["concept"])
            if indicator is None or rec["value"] == "":
                continue
            year = int(float(rec["year"]))
            forecast = year > int(float(rec["lastactualdate"]))
            value, flag = float(rec["value"]), ""
            if indicator == "gdp_nc_bn":
                value, flag = _imf_national_currency(rec["ref_area"], value)
            rows.append([rec["ref_area"], indicator, year, repr(value), int(forecast), flag, *IMF_WEO])
    rows.sort(key=lambda r: (r[0], r[1], r[2]))
    with open(OUT / out_file, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["iso3", "indicator", "year", "value", "estimate", "flag", "source", "edition"])
        w.writerows(rows)


PLAN_COLUMNS = ["iso3", "year", "kind", "value", "currency", "definition", "what_is_counted", "year_basis",
                "source", "source_date", "confidence", "note"]


def build_national_plans() -> None:
    """Allies' announced points: shares as % of GDP, cash as millions of the named currency, definitions spelled out."""
    with open(SHARED / "national-plans-2025" / "announced_paths.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    with open(OUT / "national_plans.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(PLAN_COLUMNS)
        for r in rows:
            if r["kind"] == "share_pct":
                kind, value, currency = "share_pct", r["value"], ""
            else:
                currency, scale = r["unit"].split()
                assert scale == "bn", r["unit"]
                kind, value = "amount_m", repr(round(float(r["value"]) * 1000.0, 6))
            definition = "national" if r["what_is_counted"].lower().startswith("national") else "nato"
            w.writerow([r["iso3"], r["year"], kind, value, currency, definition, r["what_is_counted"], r["year_basis"],
                        r["source"], r["source_date"], r["confidence"], r["note"]])


def main() -> int:
    if not SHARED.is_dir():
        print(f"build_dataset: {SHARED} not found: it holds the published figures", file=sys.stderr)
        return 2
    OUT.mkdir(exist_ok=True)
    build_allies()
    build_currency_changes()
    build_nato()
    build_imf()
    build_imf_fiscal()
    build_national_plans()
    return 0


if __name__ == "__main__":
    sys.exit(main())
