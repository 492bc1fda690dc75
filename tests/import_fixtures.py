"""Spreadsheets shaped like the ones ministries publish, written by the import tests into a temp folder."""

from pathlib import Path


def _workbook():
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    return workbook


def uk_accessible_table(folder: Path) -> Path:
    """A GOV.UK-style accessible workbook: cover and notes sheets, [note N], [x], fiscal years, header on row 4."""
    workbook = _workbook()
    cover = workbook.create_sheet("Cover")
    cover.append(["MOD departmental resources: 2024"])
    cover.append(["This workbook holds the tables of the statistical release published in 2024-25."])
    cover.append(["Contact: analysis@example.gov.uk"])
    notes = workbook.create_sheet("Notes")
    notes.append(["Note number", "Note text"])
    notes.append(["[note 1]", "Figures are in cash terms."])
    notes.append(["[note 2]", "2029-30 figures are plans."])
    notes.append(["[note 3]", "Equipment includes support costs."])
    table = workbook.create_sheet("Table_1")
    table.append(["Table 1: Defence spending by category, 2021-22 to 2029-30 [note 1]"])
    table.append(["This worksheet contains one table. Some cells refer to notes which can be found on the notes worksheet."])
    table.append(["Units: £ million"])
    table.append(["Category", "2021-22", "2022-23", "2023-24", "2024-25", "2029-30 [note 2]"])
    table.append(["Personnel", 11_200.5, 11_450.25, "11,900", 12_300, 13_000])
    table.append(["Equipment [note 3]", 9_100, 9_800, 10_400, "[x]", 12_500])
    table.append(["Infrastructure", 4_100, "[c]", 4_300, 4_450, 4_900])
    table.append(["Total", 24_400.5, 25_250.25, 26_600, 16_750, 30_400])
    return _save(workbook, folder / "mod-departmental-resources.xlsx")


def canadian_plan(folder: Path) -> Path:
    """A departmental-plan table: en-dash fiscal years, expenditures versus planned spending, dollars as text."""
    workbook = _workbook()
    sheet = workbook.create_sheet("Planned spending")
    sheet.append(["Budgetary planning summary for core responsibilities and internal services (dollars)"])
    sheet.append([])
    sheet.append(["Core responsibilities and internal services", "2022–23 expenditures",
                  "2023–24 expenditures", "2024–25 forecast spending", "2025–26 planned spending",
                  "2026–27 planned spending"])
    sheet.append(["Operations", "$1,234,567,890", "$1,300,000,000", "$1,410,000,000", "$1,500,000,000",
                  "$1,550,000,000"])
    sheet.append(["Ready Forces", "$12,345,678,901", "$12,900,000,000", "$13,500,000,000",
                  "$14,250,000,000", "$14,800,000,000"])
    sheet.append(["Internal Services", "$456,789,012", "$470,000,000", "$480,000,000", "$495,000,000",
                  "$505,000,000"])
    sheet.append(["Total", "$14,037,035,803", "$14,670,000,000", "$15,390,000,000", "$16,245,000,000",
                  "$16,855,000,000"])
    return _save(workbook, folder / "dnd-departmental-plan.xlsx")


def semicolon_csv(folder: Path) -> Path:
    """A European export: semicolons, cp1252 accents, decimal commas, spaces for thousands, '..' for missing."""
    text = (
        "Dépenses de défense des Alliés;;;\r\n"
        "En millions d'euros;;;\r\n"
        "Pays;2022;2023;2024e\r\n"
        "Allemagne;55 637,4;63 782,1;90 585,8\r\n"
        "Pologne*;14 520,3;25 114,9;35 000,0\r\n"
        "Royaume-Uni;..;73 110,5;76 940,25\r\n"
        "Total;70 157,7;162 007,5;202 526,05\r\n"
    )
    path = folder / "dépenses.csv"
    path.write_bytes(text.encode("cp1252"))
    return path


def us_budget_table(folder: Path) -> Path:
    """A budget-justification table: FY headers, dot leaders, three blocks, a total row, negatives."""
    workbook = _workbook()
    sheet = workbook.create_sheet("Summary")
    sheet.append(["Department of Defense: Budget Summary"])
    sheet.append(["(Dollars in Millions)"])
    sheet.append([])
    sheet.append(["Appropriation", "FY 2022", "FY 2023", "FY 2024 Enacted", "FY 2025 Request"])
    sheet.append(["Budget Authority"])
    sheet.append(["Military Personnel ........", 167_388, 172_996, 178_900, 185_200])
    sheet.append(["Operation and Maintenance ........", 293_571, 310_000, 327_000, 339_900])
    sheet.append(["Procurement ........", 144_915, 162_154, 170_200, 167_500])
    sheet.append(["Total Current Dollars ........", 605_874, 645_150, 676_100, 692_600])
    sheet.append([])
    sheet.append(["Outlays"])
    sheet.append(["Military Personnel ........", 160_100, 170_500, 176_300, 183_000])
    sheet.append(["Procurement ........", 140_200, 150_600, 161_000, 166_000])
    sheet.append(["Total ........", 300_300, 321_100, 337_300, 349_000])
    sheet.append([])
    sheet.append(["Change from prior year"])
    sheet.append(["Military Personnel ........", "(1,234)", 5_608, 5_904, 6_300])
    sheet.append(["Procurement ........", -4_300.5, 17_239, 8_046, "(2,700)"])
    sheet.append([])
    sheet.append(["Note: Numbers may not add due to rounding."])
    return _save(workbook, folder / "dod-budget-summary.xlsx")


def sipri_sheet(folder: Path) -> Path:
    """A SIPRI-style sheet: notes above a header on row 6, region rows, '...' and 'xxx', shares as fractions."""
    workbook = _workbook()
    sheet = workbook.create_sheet("Share of GDP")
    sheet.append(["Military expenditure by country as percentage of gross domestic product, 2019-2023"])
    sheet.append(["Countries are grouped by region and subregion."])
    sheet.append(["Figures in blue are SIPRI estimates."])
    sheet.append(['". ." = data unavailable. "xxx" = country did not exist or was not independent.'])
    sheet.append([])
    sheet.append(["Country", "Notes", 2019, 2020, 2021, 2022, 2023])
    sheet.append(["Europe"])
    sheet.append(["Poland", None, 0.0198, 0.0223, 0.0219, 0.0222, 0.0383])
    sheet.append(["Türkiye", "§", 0.0185, 0.0240, 0.0160, 0.0137, 0.0152])
    sheet.append(["Kosovo", None, "xxx", "xxx", 0.0076, 0.0081, ". ."])
    sheet.append(["Ukraine", "¶", 0.0342, 0.0411, 0.0323, "...", 0.3690])
    sheet.append(["Americas"])
    sheet.append(["United States of America", None, 0.0342, 0.0365, 0.0345, 0.0330, 0.0336])
    sheet.append(["Canada", None, 0.0129, 0.0141, 0.0127, 0.0120, 0.0133])
    return _save(workbook, folder / "sipri-milex-share.xlsx")


LONG_SHARES = (
    ("Poland", 2022, 2.42), ("Poland", 2023, 3.83), ("Poland", "2024e", 4.12),
    ("Germany", 2022, 1.49), ("Germany", 2023, 1.52), ("Germany", "2024e", 2.12),
    ("United Kingdom", 2022, 2.29), ("United Kingdom", 2023, ".."), ("United Kingdom", "2024e", 2.33),
    ("NATO Total", 2022, 2.51), ("NATO Total", 2023, 2.61), ("NATO Total", "2024e", 2.71),
)


def long_shares(folder: Path) -> Path:
    """A long table of shares of GDP: Country | Year | Value, '2024e' years, '..' for missing, a note below."""
    workbook = _workbook()
    sheet = workbook.create_sheet("Shares")
    sheet.append(["Defence expenditure as a share of GDP (%)"])
    sheet.append([])
    sheet.append([None, "Country", "Year", "Value"])
    for country, year, value in LONG_SHARES:
        sheet.append([None, country, year, value])
    sheet.append([])
    sheet.append(["Note: 2024 figures are estimates."])
    return _save(workbook, folder / "long-shares.xlsx")


def wide_shares(folder: Path) -> Path:
    """The same figures as long_shares, years across."""
    workbook = _workbook()
    sheet = workbook.create_sheet("Shares")
    sheet.append(["Defence expenditure as a share of GDP (%)"])
    sheet.append([])
    years = list(dict.fromkeys(year for _, year, _ in LONG_SHARES))
    sheet.append([None, "Country", *years])
    values: dict[str, list] = {}
    for country, _, value in LONG_SHARES:
        values.setdefault(country, []).append(value)
    for country, row in values.items():
        sheet.append([None, country, *row])
    return _save(workbook, folder / "wide-shares.xlsx")


def long_budget_lines(folder: Path) -> Path:
    """Ally | Year | Category | Amount in EUR millions, fiscal years, a total category and a notes column."""
    workbook = _workbook()
    sheet = workbook.create_sheet("Lines")
    sheet.append(["Equipment and personnel spending by ally"])
    sheet.append(["EUR million"])
    sheet.append(["Ally", "Fiscal year", "Category", "Amount", "Notes"])
    sheet.append(["France", "2023-24", "Equipment", 15_100.5, None])
    sheet.append(["France", "2023-24", "Personnel", 21_300, None])
    sheet.append(["France", "2023-24", "Total", 36_400.5, None])
    sheet.append(["France", "2024-25", "Equipment", "16,250", "estimate"])
    sheet.append(["Deutschland", "2023-24", "Equipment", 19_900, None])
    sheet.append(["Deutschland", "2023-24", "Personnel", "[x]", None])
    return _save(workbook, folder / "long-budget-lines.xlsx")


def long_csv(folder: Path) -> Path:
    """A tidy export: Country,Year,Spending (USD m),Share of GDP (%)."""
    text = (
        "Country,Year,Spending (USD m),Share of GDP (%)\n"
        "Poland,2023,\"29,100\",3.83\n"
        "Poland,2024,\"34,970\",4.12\n"
        "Türkiye,2023,\"15,800\",1.54\n"
        "Türkiye,2024,\"17,000\",2.09\n"
    )
    path = folder / "tidy.csv"
    path.write_text(text, encoding="utf-8")
    return path


def years_down(folder: Path) -> Path:
    """Years going down and allies across: Year | Poland | Canada, in CAD and PLN millions."""
    workbook = _workbook()
    sheet = workbook.create_sheet("By year")
    sheet.append(["Defence spending, national currency, millions"])
    sheet.append(["Year", "Poland", "Canada"])
    sheet.append([2022, 58_000, 35_300])
    sheet.append([2023, 95_000, 37_200])
    sheet.append(["2024e", 118_000, None])
    return _save(workbook, folder / "years-down.xlsx")


def _save(workbook, path: Path) -> Path:
    workbook.save(path)
    return path
