"""Metrifox's other shapes read by the models: plain subscriptions with top-level entitlements (the JS SDK),
Kaminari-style search pages, both access answers, event timestamps in ms and in s."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from inspector.api.account import EventPage, OneAccessAnswer
from inspector.api.models import CustomerPage
from inspector.api.parsing import parse_body, parse_customer_details, parse_step_by_step
from tests.support.leaves import shape


def test_plain_subscriptions_are_products_with_their_subscription() -> None:
    for parse in (parse_customer_details, parse_step_by_step):
        customer = parse(shape("details_js")).customer
        product = customer.subscriptions[0]
        assert product.plain
        assert (product.product_key, product.product_name) == ("product_forms", "Forms")
        assert product.subscription is not None
        assert (product.subscription.id, product.subscription.plan_name) == ("sub-js-0001", "Growth")
        assert [e.name for e in customer.entitlements] == ["Forms created", "Seats"]
        assert customer.entitlements[1].quota == "unlimited"


def test_product_groups_are_not_taken_for_plain_subscriptions() -> None:
    product = parse_customer_details(shape("details_sdk")).customer.subscriptions[0]
    assert not product.plain
    assert product.subscription is not None
    assert product.subscription.id == "sub-sdk-0001"


def test_search_pages_with_limit_value() -> None:
    meta = parse_body(CustomerPage, shape("search_js")).meta
    assert (meta.page_size, meta.first_page, meta.last_page, meta.out_of_range) == (20, True, False, False)
    assert meta.has_next


def test_event_timestamps_in_milliseconds_and_seconds() -> None:
    in_ms = parse_body(EventPage, shape("events_ms")).items[0].timestamp
    in_s = parse_body(EventPage, shape("events_s")).items[0].timestamp
    assert in_ms == datetime(2024, 5, 5, 15, 16, 40, tzinfo=UTC)
    assert in_s == datetime(2025, 11, 24, 16, 0, tzinfo=UTC)


def test_the_js_access_shape() -> None:
    answer = parse_body(OneAccessAnswer, shape("access_js")).data
    assert answer.next_reset_at == datetime(2026, 12, 13, 13, 1, 17, 434000, tzinfo=UTC)
    assert (answer.quota, answer.included_usage, answer.carryover_quantity) == (Decimal(100), Decimal(100), Decimal(5))
    sdk = parse_body(OneAccessAnswer, shape("access_sdk")).data
    assert sdk.promotional_mode == "trial_boost"


def test_the_demo_serves_each_shape() -> None:
    from inspector.api.demo import demo_client

    with demo_client() as client:
        groups = client.customer_details("cust-mljp3ra6ffjm").customer.subscriptions
        plain = client.customer_details("cust-quill-forms").customer
        events = client.usage_events("cust-quill-forms").items
        sdk_access = client.check_access("cust-quill-forms", "form_credits")
        js_access = client.check_access("cust-quill-forms", "feature_forms")
    assert not groups[0].plain
    assert plain.subscriptions[0].plain
    assert plain.entitlements
    assert all(isinstance(e.timestamp, datetime) and e.timestamp.year == 2024 for e in events)  # sent in ms
    assert sdk_access.promotional_mode == "trial_boost"
    assert js_access.quota == Decimal(100)
    assert js_access.required_quantity == Decimal(1)
