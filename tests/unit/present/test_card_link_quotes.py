"""When a card link is worth sending, what of Metrifox's link may be offered, and a price quote in words."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import unquote

import pytest

from inspector.api.models import CustomerDetails
from inspector.api.pricing import QuantityPrice
from inspector.present.card_link import card_link_choices, card_link_needs, need_for_node, need_for_path
from inspector.present.links import card_link_offer
from inspector.present.mail import mailto
from inspector.present.nodes import NodeKind
from inspector.present.quotes import feature_of, quote_feature, quote_words
from inspector.present.tree import build_tree
from tests.support.fake_metrifox import EXAMPLE, FIXTURES

LINK = "https://checkout.metrifox.com/card-collection/sub-1"


def _business(change: dict[str, Any] | None = None) -> CustomerDetails:
    doc = json.loads((FIXTURES / "business.json").read_bytes())
    if change is not None:
        doc["data"]["subscriptions"][0]["payment_method"].update(change)
    return CustomerDetails.model_validate_json(json.dumps(doc))


def test_a_card_link_is_worth_sending_without_a_card_or_with_one_that_expires_before_the_bill() -> None:
    # Fleet Tracker's Visa lasts until 08/2028; the Route Planner trial has no card; Tokyo's Amex outlasts its
    # bill; Legacy Sync is cancelled and Carbon Ledger's status is not a live one: no link for those.
    assert [(n.subscription_id, n.reason) for n in card_link_needs(_business())] == [
        ("sub-route-1", "No card is on file for Route Planner (Route Planner Plus)."),
    ]
    expiring = card_link_needs(_business({"exp_month": 11, "exp_year": 26}))[0]
    assert (expiring.subscription_id, expiring.reason) == (
        "sub-fleet-3",
        "The Visa •••• 4242 expires 11/2026, before the next bill on Dec 12, 2026.",
    )
    assert card_link_needs(_business({"exp_month": 12, "exp_year": 2026})) == card_link_needs(_business())
    assert [sub_id for sub_id, _plan in card_link_choices(_business())] == ["sub-fleet-3", "sub-route-1", "sub-tokyo-1"]


def test_the_need_follows_the_row_and_the_thing_to_check() -> None:
    details = _business({"exp_month": 11, "exp_year": 2026})
    root = build_tree(details)
    fleet = root.children[0]
    rows = {n.kind: n for n in fleet.walk_built()}
    for kind in (NodeKind.PRODUCT, NodeKind.SUBSCRIPTION, NodeKind.PAYMENT_METHOD):
        need = need_for_node(rows[kind])
        assert need is not None
        assert need.subscription_id == "sub-fleet-3"
    assert need_for_node(rows[NodeKind.ITEM]) is None  # an item is not where a card is sent from
    assert need_for_path(details, "$.data.subscriptions[0].payment_method") == need_for_node(fleet)
    assert need_for_path(details, "$.data.subscriptions[2].subscription") is None  # Tokyo's card lasts
    assert need_for_path(details, "$.data.subscriptions[99]") is None
    assert need_for_path(details, "$.data") is None


@pytest.mark.parametrize(
    ("link", "offered"),
    [
        (LINK, True),
        ("https://pay.checkout.metrifox.com:443/c/1?x=y#z", True),
        ("http://checkout.metrifox.com/c/1", False),
        ("https://checkout.metrifox.com.evil.io/c/1", False),
        ("https://evil.io\\@checkout.metrifox.com/c", False),
        ("https://checkout.metrifox.com\\evil.io/c", False),
        ("https://checkout.metrifox.com%2F.evil.io/", False),
        ("javascript:alert(1)", False),
        ("", False),
        (None, False),
    ],
)
def test_only_a_secure_metrifox_link_is_offered(link: str | None, offered: bool) -> None:
    offer = card_link_offer(link)
    assert (offer.url is not None) is offered
    assert offer.url in (None, link)


def test_the_card_email_is_in_the_customer_language() -> None:
    mail = unquote(mailto("a@b.de", "Nordlicht", LINK, "card", language="de", company="Acme"))
    assert "Ihr Acme-Link, um Ihre Zahlungskarte hinzuzufügen oder zu aktualisieren" in mail
    assert LINK in mail
    assert "add or update your payment card" in unquote(mailto("a@b.io", "X", LINK, "card"))


def _answer(**data: Any) -> QuantityPrice:
    return QuantityPrice.model_validate(data)


TIERS = [
    {"units_consumed": "1000", "first_unit": 1, "last_unit": 1000, "tier_price": "0"},
    {"units_consumed": 4000, "first_unit": 1001, "last_unit": None, "tier_price": "12.00"},
]


def test_a_quote_in_words_with_its_tiers() -> None:
    words = quote_words(_answer(price="12.5", unit="USD", applied_tiers=TIERS), 5000, "API calls", "EUR")
    assert words.sentence == "5,000 API calls would cost $12.50 on the customer's plan."
    # 12.00 / 4,000 is exactly $0.003 each: said with the digits it has, not rounded to the currency's two
    assert words.tiers == "First 1,000 free, then 4,000 at $0.003 each. The tiers add up to $12.00, not $12.50."


def test_quote_money_follows_the_currency_and_its_decimals() -> None:
    tier = [{"units_consumed": 3, "first_unit": 1, "last_unit": None, "unit_price": "2", "tier_price": "6"}]
    assert quote_words(_answer(price=6, applied_tiers=tier), 3, "Scans", "JPY").sentence == (
        "3 Scans would cost ¥6 on the customer's plan."  # the customer's currency, no decimals (ISO 4217)
    )
    in_credits = quote_words(_answer(price="6", unit="credits", applied_tiers=tier), 3, "Routes", "EUR")
    assert in_credits.sentence == "3 Routes would cost 6 credits on the customer's plan."
    assert in_credits.tiers == "All 3 at 2 credits each."
    assert quote_words(_answer(price="0", currency="KWD"), 10, "Seats", None).sentence == (
        "10 Seats would cost nothing (KWD\u00a00.000) on the customer's plan."
    )


def test_a_quote_never_says_a_price_for_another_quantity() -> None:
    assert quote_words(_answer(price="1", quantity="7", unit="USD"), 5, "Seats", None).sentence == (
        "Metrifox priced 7, not 5: $1.00 for 7 Seats."
    )
    assert quote_words(_answer(price="lots", unit="USD"), 5, "Seats", None).sentence == (
        "Metrifox answered without a price for 5 Seats (it sent “lots”)."
    )


def test_a_tier_price_that_does_not_divide_exactly_is_said_as_its_total() -> None:
    tier = [{"units_consumed": 3, "first_unit": 1, "last_unit": 3, "tier_price": "1.00"}]
    assert quote_words(_answer(price="1", unit="USD", applied_tiers=tier), 3, "X", None).tiers == "All 3 for $1.00."
    assert quote_words(_answer(price="1", unit="USD", applied_tiers=[{}]), 3, "X", None).tiers == ""


def test_a_quote_is_offered_on_a_usage_feature_in_its_currency() -> None:
    details = _business()
    root = build_tree(details)
    entitlement = next(n for n in root.walk_built() if n.kind is NodeKind.ENTITLEMENT)
    feature = quote_feature(entitlement)
    assert feature is not None
    assert (feature.key, feature.name, feature.currency) == ("vehicles", "Tracked vehicles", "EUR")
    assert quote_feature(root) is None
    assert feature_of(details, "api_calls") == ("API calls", "EUR")
    assert feature_of(details, "unknown") == ("unknown", "EUR")
    example = CustomerDetails.model_validate_json(EXAMPLE.read_bytes())
    assert feature_of(example, "api_calls") == ("api_calls", "USD")
