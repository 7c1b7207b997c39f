"""The card-link and price-quote endpoints' data for the loopback fake (served by inspector/api/demo_offers.py,
as the demo transport serves its own): a card link per current subscription, the example customer's price
tiers for API calls, and the finance API switched on (a test sets ``account["finance_api"] = 403`` or ``404``
for a tenant whose plan has none)."""

from __future__ import annotations

from typing import Any

CARD_LINK_BASE = "https://checkout.metrifox.com/card-collection/"
EXAMPLE_PRICES = {
    "customer_key": "cust-mljp3ra6ffjm",
    "feature_key": "api_calls",
    "unit": "USD",
    "tiers": [
        {"first_unit": 1, "last_unit": 1000, "unit_price": "0"},
        {"first_unit": 1001, "last_unit": None, "unit_price": "0.003", "flat_fee": "0.50"},
    ],
}
BUSINESS_PRICES = {  # cust-nordlicht-7f3k (tests/fixtures/business.json): euros, three tiers
    "customer_key": "cust-nordlicht-7f3k",
    "feature_key": "api_calls",
    "unit": "EUR",
    "tiers": [
        {"first_unit": 1, "last_unit": 10000, "unit_price": "0"},
        {"first_unit": 10001, "last_unit": 100000, "unit_price": "0.002"},
        {"first_unit": 100001, "last_unit": None, "unit_price": "0.0015"},
    ],
}
SUBSCRIPTIONS = ("625f5cee-259b-4994-b7eb-416b9e551f2c", "sub-fleet-3", "sub-route-1", "sub-tokyo-1", "sub-carbon-1")


def add_offers(account: dict[str, Any]) -> dict[str, Any]:
    account["card_links"] = {sub_id: CARD_LINK_BASE + sub_id for sub_id in SUBSCRIPTIONS}
    account["prices"] = [dict(EXAMPLE_PRICES), dict(BUSINESS_PRICES)]
    account["finance_api"] = True
    return account
