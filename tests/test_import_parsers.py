"""The importer's small parsers: numbers as text, year headers, labels, ally names, units."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.spreadsheets.reading.ally_names import ally_iso3, ally_names
from desktop.spreadsheets.reading.cell_address import cell_ref, column_letters, column_number
from desktop.spreadsheets.reading.cell_numbers import missing_marker, parse_number
from desktop.spreadsheets.reading.row_labels import classify, classify_plain, clean_label, label_kind, plain_key
from desktop.spreadsheets.reading.table_parts import LabelReader
from desktop.spreadsheets.reading.units import currency_code, detect_unit
from desktop.spreadsheets.reading.year_headers import parse_year_header

# Numbers ------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("33,600", 33_600.0), ("1 234,5", 1234.5), ("$12,345", 12_345.0), ("(1,234)", -1234.0),
    ("−5", -5.0), ("12.5%", 12.5), ("1.234.567", 1_234_567.0), ("1.234,56", 1234.56),
    ("€ 1.234,50", 1234.5), ("12.5 [note 3]", 12.5), ("7*", 7.0), ("$1,234,567,890", 1_234_567_890.0),
    ("1\u00a0234", 1234.0), (" 42 ", 42.0),
])
def test_numbers_written_as_text(text, expected):
    assert parse_number(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["", "abc", "nan", "inf", "1_000", "12-5", "1,2,3.4.5", "£", "2024e"])
def test_text_that_is_not_a_number(text):
    assert parse_number(text) is None


def test_decimal_comma_files_read_commas_as_decimals():
    assert parse_number("12,345", decimal_comma=True) == pytest.approx(12.345)
    assert parse_number("12,345", decimal_comma=False) == 12_345.0
    assert parse_number("1.234", decimal_comma=True) == 1234.0


@pytest.mark.parametrize("marker", ["..", "...", "…", "-", "–", "[x]", "[c]", "n/a", "N/A", "xxx", "#REF!", ". ."])
def test_missing_markers_are_never_numbers(marker):
    assert missing_marker(marker) == marker.strip()
    assert parse_number(marker) is None


finite = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False)


@given(finite)
def test_thousands_commas_round_trip(value):
    assert parse_number(f"{value:,.2f}") == pytest.approx(round(value, 2), abs=0.006)


@given(finite)
def test_decimal_comma_with_space_thousands_round_trips(value):
    text = f"{value:,.2f}".replace(",", " ").replace(".", ",")
    assert parse_number(text, decimal_comma=True) == pytest.approx(round(value, 2), abs=0.006)


@given(st.floats(min_value=0.01, max_value=1e9, allow_nan=False))
def test_accounting_brackets_and_currency_mean_negative_amounts(value):
    assert parse_number(f"(${value:,.2f})") == pytest.approx(-round(value, 2), abs=0.006)


@given(st.text(max_size=40))
def test_number_parser_never_raises_and_never_returns_nan(text):
    value = parse_number(text)
    assert value is None or math.isfinite(value)


# Year headers -------------------------------------------------------------


@pytest.mark.parametrize(("printed", "year", "estimate"), [
    (2014.0, 2014, False), ("2019", 2019, False), ("2023e", 2023, True), ("2024e", 2024, True),
    ("FY 2022", 2022, False), ("FY22", 2022, False), ("2024-25", 2024, False), ("2025–26", 2025, False),
    ("2029-30 [note 2]", 2029, False), ("2027-28", 2027, False), ("1999-00", 1999, False),
    ("2024 (e)", 2024, True), ("Estimates 2024-25", 2024, True), ("2025 Planned", 2025, True),
    ("2022 Expenditures", 2022, False), ("2024–25 forecast spending", 2024, True),
    ("FY 2025 Request", 2025, True), ("FY 2024 Enacted", 2024, False), ("2024 to 2025", 2024, False),
])
def test_year_headers(printed, year, estimate):
    header = parse_year_header(printed)
    assert (header.year, header.estimate) == (year, estimate)
    assert header.period == str(printed).strip() or isinstance(printed, float)


@pytest.mark.parametrize("printed", [
    "2014-2024", "Real change 2014-2024e (%)", "Share of real GDP 2014 (%)", "Year", "Country",
    2014.5, 1850.0, True, None, "2024-26",
])
def test_headers_that_are_not_one_year(printed):
    assert parse_year_header(printed) is None


@given(st.integers(1900, 2099), st.sampled_from(["-", "–", "/", "—"]), st.booleans())
def test_fiscal_years_map_to_the_year_they_start(year, dash, four_digits):
    second = str(year + 1) if four_digits else f"{(year + 1) % 100:02d}"
    assert parse_year_header(f"{year}{dash}{second}").year == year


@given(st.integers(1900, 2100), st.sampled_from(["e", " e", "E", " est.", " estimate", " forecast", " (e)", "p"]))
def test_estimate_suffixes_are_flagged(year, suffix):
    header = parse_year_header(f"{year}{suffix}")
    assert header.year == year and header.estimate


@given(st.text(max_size=60))
@settings(deadline=200)
def test_year_parser_never_raises_and_stays_in_range(text):
    header = parse_year_header(text)
    assert header is None or 1900 <= header.year <= 2100


# Labels -------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "text", "notes"), [
    ("Czechia*", "Czechia", ("*",)), ("Depreciation1", "Depreciation", ("1",)),
    ("Equipment [note 3]", "Equipment", ("[note 3]",)), ("Procurement ........", "Procurement", ()),
    ("Equipment (a)", "Equipment", ("(a)",)), ("  Army\u00a0 pay  ", "Army pay", ()),
    ("Military personnel¹", "Military personnel", ("¹",)), ("Type 26 frigates", "Type 26 frigates", ()),
])
def test_labels_lose_markers_and_leaders(raw, text, notes):
    clean = clean_label(raw)
    assert (clean.text, clean.notes) == (text, notes)


def test_currency_suffix_becomes_the_rows_currency():
    clean = clean_label("United Kingdom   (Pounds)")
    assert (clean.text, clean.currency) == ("United Kingdom", "Pounds")
    assert currency_code("Kroner", "NOR") == "NOK" and currency_code("Kroner", "DNK") == "DKK"
    assert currency_code(clean.currency, "GBR") == "GBP"


@given(st.sampled_from(["Poland", "Total", "Procurement", "NATO Total"]),
       st.sampled_from(["*", "**", " [note 2]", " (b)", "¹", " ......", "   "]))
def test_markers_never_change_what_a_label_names(label, marker):
    assert clean_label(label + marker).text == label


@given(st.text(max_size=80))
def test_label_cleaning_never_raises_or_grows(text):
    clean = clean_label(text)
    assert len(clean.text) <= len(text)


@pytest.mark.parametrize(("label", "iso3"), [
    ("United States", "USA"), ("United States of America", "USA"), ("US", "USA"), ("U.S.A.", "USA"),
    ("Türkiye", "TUR"), ("Turkey", "TUR"), ("TURKIYE", "TUR"), ("Slovakia", "SVK"),
    ("Slovak Republic", "SVK"), ("Czechia", "CZE"), ("Czech Republic", "CZE"), ("United Kingdom", "GBR"),
    ("UK", "GBR"), ("North Macedonia", "MKD"), ("the Netherlands", "NLD"), ("România", "ROU"),
    ("POL", "POL"), ("Royaume-Uni", "GBR"),
])
def test_allies_across_spellings(label, iso3):
    assert ally_iso3(label) == iso3


def test_every_ally_name_matches_itself():
    names = ally_names()
    assert {ally_iso3(name) for name in names.values()} == set(names)
    assert len(names) == 32


def test_names_and_currencies_come_from_the_dataset(dataset):
    """data/allies.csv is the one source: the reader's canonical names and fallback currencies are its own."""
    assert dict(ally_names()) == {ally.iso3: ally.name for ally in dataset.allies}
    assert ally_names()["SVK"] == "Slovak Republic" and ally_iso3("Slovakia") == "SVK"
    assert currency_code("Kroner", "NOR") == "NOK" and currency_code("Kroner", "DNK") == "DKK"
    assert currency_code("Dollars", "CAN") == dataset.ally("CAN").currency
    assert currency_code("Leva", "BGR") == "BGN"  # named outright: the lev Bulgaria used before the euro


def test_no_module_hard_codes_an_ally_table():
    """No "ISO3": "name" or "ISO3": "currency" pairs in the code: names and currencies are read from data/allies.csv."""
    import re

    from .conftest import ROOT

    with open(ROOT / "data" / "allies.csv", encoding="utf-8") as f:
        codes = {line.split(",")[0] for line in f.readlines()[1:]}
    pair = re.compile(r'"([A-Z]{3})"\s*:\s*"')
    tables = {}
    for path in sorted((ROOT / "desktop").rglob("*.py")):
        keys = {m.group(1) for m in pair.finditer(path.read_text(encoding="utf-8"))} & codes
        if len(keys) > 2:  # one "USA": "United States" labels the US aggregate; a table names many allies
            tables[str(path.relative_to(ROOT))] = sorted(keys)
    assert tables == {}


@pytest.mark.parametrize(("label", "kind"), [
    ("NATO Total", "aggregate"), ("NATO Europe and Canada", "aggregate"), ("Europe", "aggregate"),
    ("Western Europe", "aggregate"), ("Total", "total"), ("Subtotal", "total"),
    ("Total Current Dollars", "total"), ("Procurement", "line"), ("Canada", "ally"), ("pol", "line"),
])
def test_aggregates_and_totals_are_never_allies(label, kind):
    assert label_kind(label).kind == kind


# Units and addresses ------------------------------------------------------


@pytest.mark.parametrize(("text", "unit", "scale"), [
    ("Million US dollars", "USD", 1_000_000), ("Figures are in US $m", "USD", 1_000_000),
    ("£ million", "GBP", 1_000_000), ("Dollars in Millions", "USD", 1_000_000), ("£000s", "GBP", 1_000),
    ("EUR bn", "EUR", 1_000_000_000), ("Thousands", None, 1_000), ("Share of real GDP (%)", "percent", None),
    ("Million national currency units", "national currency", 1_000_000), ("Based on 2015 prices", None, None),
])
def test_units_and_scales_from_unit_lines(text, unit, scale):
    guess = detect_unit(text)
    assert (guess.unit, guess.scale) == (unit, scale)


@given(st.integers(0, 16_383))
def test_column_letters_round_trip(column):
    assert column_number(column_letters(column)) == column


def test_cell_references_quote_sheet_names_with_spaces():
    assert cell_ref("TABLE3", 25, 12) == "TABLE3!M25"
    assert cell_ref("Share of GDP", 8, 2) == "'Share of GDP'!C8"


_PLAIN_CHARS = "abeglnotuALNOPTUS0123 \né*-٣"


@settings(max_examples=400)
@given(st.lists(st.text(_PLAIN_CHARS, min_size=1, max_size=12), min_size=1, max_size=6))
def test_labels_read_in_bulk_read_as_they_would_one_by_one(labels):
    """The bulk path ("L17", "Budget line 17", "Germany1" is not plain) gives what cleaning and classifying give."""
    one_by_one = []
    for raw in labels:
        clean = clean_label(raw)
        one_by_one.append((clean.text, *classify(clean.text)[::-1], clean.notes, clean.currency))
        if plain_key(raw) is not None:
            assert (clean.text, clean.notes, clean.currency) == (raw, (), None)
            assert classify(raw, plain_key(raw)) == classify(raw)
    if all(plain_key(raw) is not None and not raw.casefold().startswith("the ") for raw in labels):
        assert classify_plain(labels) is not None, "plain labels missed the bulk path"
    columns = LabelReader().columns(labels)
    if columns is not None:
        assert list(zip(*columns)) == one_by_one


@pytest.mark.parametrize(("label", "plain"), [
    ("L17", True), ("A400M", True), ("Budget line 17", True), ("POL", True), ("Germany1", False),
    ("Line12", False), ("Line 12a", True), ("Total 2024", True), (" L1", False), ("L  1", False),
])
def test_which_labels_need_no_cleaning(label, plain):
    assert (plain_key(label) is not None) == plain
