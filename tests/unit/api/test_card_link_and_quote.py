"""The card-link and price-quote calls over real HTTP: the main host (as metrifox-sdk 1.3.1 calls both), the
query sent, the answer read leniently, the finance API's absence as one sentence, a link that carries the key
never handed on."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest

from inspector.api import errors
from inspector.api.checkout import CARRIES_KEY, NO_LINK, NO_SUBSCRIPTION, card_collection_url
from inspector.api.pricing import NOT_PRICED, quantity_price
from tests.support.clients import MakeClient
from tests.support.fake_metrifox import EXAMPLE_SUBSCRIPTION, TEST_API_KEY, FakeMetrifox
from tests.support.offers import CARD_LINK_BASE

KEY = "cust-mljp3ra6ffjm"


def _query(fake: FakeMetrifox) -> tuple[str, dict[str, list[str]]]:
    url = urlsplit(fake.requests[-1].raw_path)
    return url.path, parse_qs(url.query)


def test_the_card_link_is_asked_of_the_main_host_with_the_subscription(
    make_client: MakeClient, fake: FakeMetrifox
) -> None:
    link = card_collection_url(make_client(meter_url=fake.meter_url), f" {EXAMPLE_SUBSCRIPTION} ")
    assert link == CARD_LINK_BASE + EXAMPLE_SUBSCRIPTION
    assert _query(fake) == (
        "/api/v1/checkout/generate-card-collection-url",
        {"subscription_id": [EXAMPLE_SUBSCRIPTION]},
    )
    assert fake.requests[-1].headers["x-api-key"] == TEST_API_KEY  # the key in its header, nowhere else
    assert TEST_API_KEY not in fake.requests[-1].raw_path


@pytest.mark.parametrize("form", [TEST_API_KEY, TEST_API_KEY.upper(), TEST_API_KEY.replace("_", "%5F")])
def test_a_link_that_carries_the_key_is_refused(make_client: MakeClient, fake: FakeMetrifox, form: str) -> None:
    fake.account["card_links"][EXAMPLE_SUBSCRIPTION] = f"https://checkout.metrifox.com/card?k={form}"
    with pytest.raises(errors.BadResponse) as caught:
        card_collection_url(make_client(), EXAMPLE_SUBSCRIPTION)
    assert caught.value.message == CARRIES_KEY
    assert TEST_API_KEY.lower() not in str(caught.value).lower()


def test_card_link_failures_are_one_sentence(make_client: MakeClient, fake: FakeMetrifox) -> None:
    with pytest.raises(errors.NotFound) as caught:
        card_collection_url(make_client(), "sub-nobody")
    assert caught.value.message == NO_SUBSCRIPTION
    fake.fail("body", body=b'{"statusCode": 200, "data": {}}', where="card-collection")
    with pytest.raises(errors.BadResponse) as empty:
        card_collection_url(make_client(), EXAMPLE_SUBSCRIPTION)
    assert empty.value.message == NO_LINK
    fake.fail("body", body=b'{"statusCode": 200, "data": "https://checkout.metrifox.com/c/1"}', where="card-collection")
    assert card_collection_url(make_client(), EXAMPLE_SUBSCRIPTION) == "https://checkout.metrifox.com/c/1"
    fake.fail("invalid_json", where="card-collection")
    with pytest.raises(errors.BadResponse):
        card_collection_url(make_client(), EXAMPLE_SUBSCRIPTION)


def test_a_quote_is_asked_of_the_main_host_and_read_with_its_tiers(
    make_client: MakeClient, fake: FakeMetrifox
) -> None:
    answer = quantity_price(make_client(meter_url=fake.meter_url), KEY, "api_calls", "5000")
    assert _query(fake) == (
        "/api/v1/usage/quantity-price",  # the main API, not the meter service
        {"customer_key": [KEY], "feature_key": ["api_calls"], "quantity": ["5000"]},
    )
    assert (answer.price, answer.unit) == (Decimal("12.500"), "USD")
    assert [(t.units_consumed, t.first_unit, t.last_unit, t.tier_price) for t in answer.applied_tiers] == [
        (Decimal(1000), Decimal(1), Decimal(1000), Decimal(0)),
        (Decimal(4000), Decimal(1001), None, Decimal("12.500")),
    ]


@pytest.mark.parametrize("status", [403, 404])
def test_a_plan_without_the_finance_api_is_one_sentence(
    make_client: MakeClient, fake: FakeMetrifox, status: int
) -> None:
    fake.account["finance_api"] = status
    with pytest.raises(errors.FinanceApiUnavailable) as caught:
        quantity_price(make_client(), KEY, "api_calls", 5)
    assert caught.value.message == errors.FinanceApiUnavailable.default_message
    assert caught.value.status_code == status
    assert not caught.value.key_problem  # not "Set API key…": the key is fine, the plan lacks the feature


def test_other_quote_failures_keep_their_own_sentence(make_client: MakeClient, fake: FakeMetrifox) -> None:
    fake.fail("html", status=403, where="quantity-price")  # a proxy's page: the request never reached Metrifox
    with pytest.raises(errors.ProxyRefused):
        quantity_price(make_client(), KEY, "api_calls", 5)
    with pytest.raises(errors.InvalidRequest) as unpriced:
        quantity_price(make_client(), KEY, "gossip", 5)
    assert unpriced.value.message == NOT_PRICED
    fake.fail("status", status=401, where="quantity-price")
    with pytest.raises(errors.Unauthorized):
        quantity_price(make_client(), KEY, "api_calls", 5)
    asked = len(fake.requests)
    for quantity in ("0", "1e3", "５", 1_000_000_001):
        with pytest.raises(errors.InvalidRequest):
            quantity_price(make_client(), KEY, "api_calls", quantity)
    assert len(fake.requests) == asked  # nothing that breaks the quantity rule is sent
