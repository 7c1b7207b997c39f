"""A customer as one row of --print-many: spreadsheet-safe CSV cells, exact amounts, JSON Lines in ASCII."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from inspector.present.rows import CustomerRow, csv_cells, failed_row, json_line, plain_amount, spreadsheet_safe


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_a_cell_a_spreadsheet_would_run_gets_a_quote(text: str) -> None:
    assert spreadsheet_safe(text) == "'" + text


def test_plain_cells_stay_as_they_are() -> None:
    assert spreadsheet_safe("Acme = good") == "Acme = good"
    assert spreadsheet_safe("") == ""


def test_amounts_in_the_currency_s_decimals_with_its_code() -> None:
    assert plain_amount(Decimal("21"), "USD") == "21.00 USD"
    assert plain_amount(Decimal("1200"), "JPY") == "1200 JPY"
    assert plain_amount(Decimal("0.125"), "BHD") == "0.125 BHD"
    assert plain_amount(Decimal("5"), "") == "5.00"


def test_every_column_of_a_row() -> None:
    row = CustomerRow(
        key="cust-a",
        name="Acme \u202eLtd",
        products=(("Fleet", "active"), ("=Evil", "past due")),
        next_bill=date(2026, 12, 12),
        overdue=(("EUR", Decimal("5")), ("USD", Decimal("21"))),
        things_to_check=3,
    )
    assert csv_cells(row) == [
        "cust-a",
        "Acme [U+202E]Ltd",
        "Fleet: active; =Evil: past due",
        "2026-12-12",
        "5.00 EUR; 21.00 USD",
        "3",
        "",
    ]
    document = json.loads(json_line(row))
    assert document["overdue"] == [{"amount": "5.00", "currency": "EUR"}, {"amount": "21.00", "currency": "USD"}]
    assert json_line(row).isascii()
    assert document["name"] == "Acme \u202eLtd"  # the data as sent; escaped, it cannot act on a terminal


def test_a_failed_row_carries_only_the_key_and_why() -> None:
    row = failed_row("-cust", "No customer with this key was found. Check the key for typos.")
    assert row.failed
    assert csv_cells(row) == ["'-cust", "", "", "", "", "", row.error]
    assert json.loads(json_line(row))["things_to_check"] is None
