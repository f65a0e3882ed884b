"""Exports for the accounting department: the CSV opens in Dutch Excel, the .xlsx reads back cell by cell."""

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from loket.fund import exports, reports

COLUMNS = [("label", "Budget"), ("spent_cents", "Besteed"), ("persons_shown", "Personen")]
ROWS = [
    {"label": "Ontwikkelbudget Alkmaar – één", "spent_cents": 123_456, "persons_shown": reports.suppress(4)},
    {"label": "=HYPERLINK(\"http://example.com\")", "spent_cents": 5, "persons_shown": reports.suppress(12)},
    {"label": "Leeg", "spent_cents": None, "persons_shown": 0},
]


def test_csv_is_semicolon_separated_with_decimal_commas_and_cents_for_booking():
    text = exports.rows_to_csv(COLUMNS, ROWS)
    assert text.startswith("\ufeff") and "\r\n" in text
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == ["Budget", "Besteed (euro)", "Besteed (cent)", "Personen"]
    assert rows[1] == ["Ontwikkelbudget Alkmaar – één", "1234,56", "123456", "< 10"]
    assert rows[2][1:] == ["0,05", "5", "12"]
    assert rows[3] == ["Leeg", "", "", "0"]


def test_csv_text_that_would_be_a_formula_stays_text():
    rows = list(csv.reader(io.StringIO(exports.rows_to_csv(COLUMNS, ROWS).lstrip("\ufeff")), delimiter=";"))
    assert rows[2][0] == "'=HYPERLINK(\"http://example.com\")"


def test_xlsx_reads_back_with_euros_cents_and_suppressed_counts():
    workbook = load_workbook(io.BytesIO(exports.rows_to_xlsx(COLUMNS, ROWS, "Besteding per budget: 2026/1")))
    sheet = workbook.active
    assert sheet.title == "Besteding per budget 20261"
    assert [cell.value for cell in sheet[1]] == ["Budget", "Besteed (euro)", "Besteed (cent)", "Personen"]
    assert sheet["A2"].value == "Ontwikkelbudget Alkmaar – één"
    assert Decimal(str(sheet["B2"].value)) == Decimal("1234.56") and sheet["B2"].number_format == "#,##0.00"
    assert sheet["C2"].value == 123456 and sheet["D2"].value == "< 10"
    assert sheet["D3"].value == 12 and sheet["A3"].data_type == "s" and sheet["A3"].value.startswith("=HYPERLINK")
    assert sheet["B4"].value is None and sheet["A1"].font.bold


@pytest.mark.django_db
def test_a_spending_report_exports_with_its_own_columns():
    columns = reports.spending_columns("provider")
    rows = [reports.finish({**reports.empty_row(None, "Totaal"), "granted_cents": 50_000, "persons": 3})]
    sheet = load_workbook(io.BytesIO(exports.rows_to_xlsx(columns, rows, "Opleiders"))).active
    assert sheet["A1"].value == "Opleider" and sheet["B1"].value == "Toegekend (euro)"
    assert sheet["B2"].value == 500 and sheet["C2"].value == 50_000 and sheet.cell(2, sheet.max_column).value == "< 10"
