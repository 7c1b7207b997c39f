"""Addresses in their country's order (present/address.py), one line in --print."""

from __future__ import annotations

import pytest

from inspector.present.address import address_lines
from inspector.present.facts import postal_address

STREET = {"address_line1": "123 Main St", "address_line2": "Suite 100"}


@pytest.mark.parametrize(
    ("place", "lines"),
    [
        ({"city": "San Francisco", "state": "CA", "zip_code": "94105", "country": "US"},
         ["San Francisco, CA 94105", "US"]),
        ({"city": "Toronto", "state": "ON", "zip_code": "M5V 2T6", "country": "CA"}, ["Toronto, ON M5V 2T6", "CA"]),
        ({"city": "Hamburg", "state": "HH", "zip_code": "20457", "country": "DE"}, ["20457 Hamburg", "HH", "DE"]),
        ({"city": "Paris", "zip_code": "75001", "country": "France"}, ["75001 Paris", "France"]),
        ({"city": "Milano", "state": "MI", "zip_code": "20121", "country": "IT"}, ["20121 Milano MI", "IT"]),
        ({"city": "London", "zip_code": "SW1A 2AA", "country": "GB"}, ["London", "SW1A 2AA", "GB"]),
        ({"city": "Lagos", "state": "Lagos", "country": "NG"}, ["Lagos", "Lagos", "NG"]),
        ({"city": "Chiyoda", "state": "Tokyo", "zip_code": "100-0001", "country": "JP"},
         ["〒100-0001", "Tokyo Chiyoda", "JP"]),
        ({"city": "Springfield", "zip_code": "62701", "country": "US"}, ["Springfield, 62701", "US"]),
        ({"city": "Atlantis", "zip_code": "00001", "state": "Deep", "country": "ZZ"}, ["00001 Atlantis, Deep", "ZZ"]),
    ],
)
def test_lines_in_the_country_order(place: dict[str, str], lines: list[str]) -> None:
    assert address_lines({**STREET, **place}) == ["123 Main St", "Suite 100", *lines]


def test_the_us_address_on_one_line_as_print_writes_it() -> None:
    address = {**STREET, "city": "San Francisco", "state": "CA", "zip_code": "94105", "country": "US"}
    assert postal_address(address).replace("\n", ", ") == "123 Main St, Suite 100, San Francisco, CA 94105, US"


def test_unknown_fields_go_last() -> None:
    assert address_lines({"city": "Bonn", "zip_code": "53111", "country": "DE", "floor": "3"})[-1] == "floor: 3"
