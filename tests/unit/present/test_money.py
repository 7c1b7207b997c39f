"""Currency decimals as ISO 4217 has them: the table in present/money.py checked against the iso4217 package
(a maintained copy of the standard's list, a test-only dependency)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from iso4217 import Currency

from inspector.present.money import currency_style, format_money

CURRENCIES = [currency for currency in Currency if currency.exponent is not None]  # XXX, XAU… have none


def test_the_standard_is_there() -> None:
    assert len(CURRENCIES) > 150


@pytest.mark.parametrize("currency", CURRENCIES, ids=lambda c: c.code)
def test_every_iso_4217_currency_has_its_minor_units(currency: Currency) -> None:
    assert currency_style(currency.code)[1] == currency.exponent


@pytest.mark.parametrize("code", ["BIF", "DJF", "GNF", "KMF", "UYI", "VUV", "XPF"])
def test_currencies_without_minor_units(code: str) -> None:
    assert format_money(Decimal("1500"), code) == f"{code}\u00a01,500"
