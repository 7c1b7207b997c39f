"""A postal address in its country's order: the lines as the country's post writes them.

A small tested table for the countries Metrifox's customers most often have (the US city line is
"San Francisco, CA 94105"; most of Europe puts the postcode before the city; the UK and Ireland give the
postcode a line of its own; Japan starts with the postcode). Another country reads "postcode city, region".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# Address keys as APIs spell them (Metrifox's customer record: address_line1/2, city, state, zip_code, country).
_STREET = ("line1", "line_1", "address_line_1", "address_line1", "address_line_one", "address1", "street",
           "street_address", "address")
_STREET2 = ("line2", "line_2", "address_line_2", "address_line2", "address_line_two", "address2")
_CITY = ("city", "town", "locality")
_REGION = ("state", "region", "province", "county")
_POSTCODE = ("postal_code", "postcode", "zip", "zip_code")
_COUNTRY = ("country", "country_code")
KNOWN_KEYS = frozenset((*_STREET, *_STREET2, *_CITY, *_REGION, *_POSTCODE, *_COUNTRY))

# The lines after the street, per country: {city}, {region}, {postcode}; a blank part and its separator vanish.
_CITY_REGION_POSTCODE = ("{city}, {region} {postcode}",)  # US, Canada, Australia
_POSTCODE_CITY = ("{postcode} {city}", "{region}")  # most of Europe, Latin America
_BRITISH = ("{city}", "{region}", "{postcode}")
_FORMATS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("US", "USA", "CA", "AU", "PR"), _CITY_REGION_POSTCODE),
    **dict.fromkeys(
        ("DE", "AT", "CH", "FR", "BE", "NL", "LU", "DK", "SE", "NO", "FI", "IS", "PL", "CZ", "SK", "HU", "PT",
         "GR", "IL", "TR", "MX", "AR", "CL", "CO", "PE", "ZA", "EE", "LV", "LT", "SI", "HR"),
        _POSTCODE_CITY,
    ),
    **dict.fromkeys(("ES", "IT"), ("{postcode} {city} {region}",)),
    **dict.fromkeys(("GB", "UK", "IE", "NG", "GH", "KE"), _BRITISH),
    "IN": ("{city} {postcode}", "{region}"),
    "BR": ("{city} - {region}", "{postcode}"),
    "JP": ("〒{postcode}", "{region} {city}"),
    "CN": ("{region} {city}", "{postcode}"),
    "SG": ("{city} {postcode}",),
}
_NAMES = {"UNITED STATES": "US", "UNITED STATES OF AMERICA": "US", "GERMANY": "DE", "DEUTSCHLAND": "DE",
          "UNITED KINGDOM": "GB", "GREAT BRITAIN": "GB", "FRANCE": "FR", "CANADA": "CA", "AUSTRALIA": "AU",
          "NETHERLANDS": "NL", "SPAIN": "ES", "ITALY": "IT", "JAPAN": "JP", "INDIA": "IN", "NIGERIA": "NG",
          "IRELAND": "IE", "SWITZERLAND": "CH", "AUSTRIA": "AT", "BRAZIL": "BR"}
_DEFAULT = ("{postcode} {city}, {region}",)


def _first(address: Mapping[str, Any], keys: tuple[str, ...]) -> str:
    for key in keys:
        value = address.get(key)
        if value not in (None, "") and not isinstance(value, dict | list):
            return str(value).strip()
    return ""


def _fill(template: str, parts: Mapping[str, str]) -> str:
    """The template with its parts; a missing part takes its neighbouring separator with it."""
    text = template
    for name, value in parts.items():
        text = text.replace("{" + name + "}", value)
    for separator in (", ", " - ", " "):
        text = separator.join(piece for piece in text.split(separator) if piece.strip(" ,-〒"))
    return "" if not text.strip(" ,-〒") else text.strip(" ,")


def country_code(address: Mapping[str, Any]) -> str:
    country = _first(address, _COUNTRY).upper()
    return _NAMES.get(country, country)


def address_lines(address: Mapping[str, Any]) -> list[str]:
    """``["123 Main St", "Suite 100", "San Francisco, CA 94105", "US"]``; fields we do not know go last."""
    parts = {"city": _first(address, _CITY), "region": _first(address, _REGION), "postcode": _first(address, _POSTCODE)}
    formats = _FORMATS.get(country_code(address), _DEFAULT)
    lines = [_first(address, _STREET), _first(address, _STREET2), *(_fill(t, parts) for t in formats)]
    lines.append(_first(address, _COUNTRY))
    lines += [f"{k}: {v}" for k, v in address.items() if k not in KNOWN_KEYS and v not in (None, "")]
    return [line for line in lines if line]
