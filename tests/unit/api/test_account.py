"""The rest of the account over real HTTP: invoices, usage and its configuration, wallets, allocations,
usage events and the access check — with every guarantee customer_details has, on both hosts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from inspector.api import errors
from inspector.api.account import InvoicePage
from inspector.api.client import MetrifoxClient
from tests.support.clients import MakeClient
from tests.support.fake_metrifox import EXAMPLE_SUBSCRIPTION, FakeMetrifox

CUSTOMER = "cust-mljp3ra6ffjm"


@pytest.fixture
def client(fake: FakeMetrifox, make_client: MakeClient) -> MetrifoxClient:
    return make_client(meter_url=fake.meter_url)


def test_invoices_with_money_as_decimal_and_dates_aware(client: MetrifoxClient) -> None:
    page = client.billing_history(EXAMPLE_SUBSCRIPTION)
    overdue, paid = page.items
    assert (overdue.invoice_number, overdue.balance_due, overdue.currency) == ("INV-0003", Decimal("21.0"), "USD")
    assert overdue.due_date == datetime(2026, 11, 15, tzinfo=UTC)
    assert paid.currency == "USD"
    assert paid.amount_paid == Decimal("21.00")  # an object's code, digits kept


def test_usage_pools_and_summary(client: MetrifoxClient) -> None:
    api_calls, seats = client.entitlements_usage(EXAMPLE_SUBSCRIPTION).items
    included = api_calls.pools()["included_pool"]
    assert (included.used, included.amount) == (Decimal("7500"), Decimal("10000"))
    assert included.next_reset_at == datetime(2026, 12, 12, tzinfo=UTC)
    assert seats.unlimited is True
    assert seats.pools() == {}
    (config,) = client.entitlements_summary(EXAMPLE_SUBSCRIPTION).items
    settings = (config.included_allowance, config.usage_limit, config.carryover_enabled)
    assert settings == (Decimal(10000), Decimal(12000), True)


def test_wallets_allocations_and_one_allocation(client: MetrifoxClient) -> None:
    (wallet,) = client.wallets(CUSTOMER).items
    assert (wallet.balance, wallet.low_balance_threshold) == (Decimal("1250.5"), Decimal("2000"))
    page = client.credit_allocations(wallet.id or "")
    assert [a.order_number for a in page.items] == ["ORD-0001", "ORD-0002", "ORD-0003"]
    assert page.meta.total_count == 3
    assert page.next_page is None
    one = client.credit_allocation("alloc-2")
    assert one.consumed == Decimal("500")
    assert [t.quantity for t in one.transactions] == [Decimal("5")] * 3


def test_usage_events_page_by_page_with_epoch_times(client: MetrifoxClient, fake: FakeMetrifox) -> None:
    first = client.usage_events(CUSTOMER, per_page=50)
    assert len(first.items) == 50
    assert first.next_page == 2
    assert first.meta.total_count == 120
    assert first.items[0].timestamp == datetime.fromtimestamp(1_764_000_000, UTC)
    last = client.usage_events(CUSTOMER, page=3, per_page=50)
    assert len(last.items) == 20
    assert last.next_page is None
    filtered = client.usage_events(CUSTOMER, "ai_credits", per_page=100)
    assert {e.feature_key for e in filtered.items} == {"ai_credits"}
    assert len(filtered.items) == 40
    assert fake.requests[-1].raw_path.startswith("/meter/usage/events?")


def test_the_access_check_answers_yes_and_no(client: MetrifoxClient) -> None:
    yes = client.check_access(CUSTOMER, "api_calls", 3)
    answer = (yes.can_access, yes.balance, yes.used_quantity, yes.message)
    assert answer == (True, Decimal(2500), Decimal(7500), "Access granted")
    assert yes.requested_quantity == 3
    no = client.check_access(CUSTOMER, "exports")
    assert no.can_access is False
    assert no.message == "Usage limit reached"
    with pytest.raises(errors.NotFound, match="no such feature"):
        client.check_access(CUSTOMER, "teleportation")


def test_data_as_an_object_holding_the_list_and_unknown_fields_kept() -> None:
    page = InvoicePage.model_validate(
        {"data": {"invoices": [{"invoice_id": "i", "total_amount": "1e2", "brand_new": {"x": 1}}]}, "meta": None}
    )
    assert page.items[0].total_amount == Decimal("1e2")
    assert page.items[0].extra_fields() == {"brand_new": {"x": 1}}
    assert page.meta.next_page is None


# ---- the guarantees of customer_details, for these calls too ------------------------------------
@pytest.mark.parametrize("hostile", ["../../customers/cust-x/details", "a/b", "x?y=1#z", " spaced id "])
def test_ids_from_answers_are_one_path_segment(client: MetrifoxClient, fake: FakeMetrifox, hostile: str) -> None:
    assert client.billing_history(hostile).items == []  # an ID the server does not know: no invoices
    path = fake.requests[-1].raw_path
    assert path.startswith("/api/v1/subscriptions/")
    assert path.endswith("/billing-history")
    assert path.count("/") == 5  # exactly one segment between, however the ID was spelled


def test_one_endpoint_failing_leaves_the_others(client: MetrifoxClient, fake: FakeMetrifox) -> None:
    fake.fail("status", status=500, times=5, where="billing-history")
    with pytest.raises(errors.ServerError):
        client.billing_history(EXAMPLE_SUBSCRIPTION)
    assert client.entitlements_usage(EXAMPLE_SUBSCRIPTION).items
    assert client.customer_details(CUSTOMER).customer.customer_key == CUSTOMER


def test_retries_and_the_deadline_hold_on_the_meter_host(
    fake: FakeMetrifox, make_client: MakeClient
) -> None:
    fake.fail("status", status=503, where="usage/events")  # once: retried
    client = make_client(meter_url=fake.meter_url, timeout=2.0, total_timeout=0.6)
    assert client.usage_events(CUSTOMER).items
    fake.fail("trickle_body", seconds=0.02, times=3, where="usage/access")
    with pytest.raises(errors.TimedOut):
        client.check_access(CUSTOMER, "api_calls")


@pytest.mark.parametrize("where", ["usage/events", "credit_systems/v2/wallets"])
def test_the_key_goes_to_the_two_bases_only_even_across_a_redirect(
    fake: FakeMetrifox, make_client: MakeClient, where: str
) -> None:
    with FakeMetrifox() as elsewhere:
        fake.fail("redirect", status=302, location=f"{elsewhere.base_url}steal", where=where)
        client = make_client(meter_url=fake.meter_url)
        ask: Callable[[str], object] = client.usage_events if where == "usage/events" else client.wallets
        with pytest.raises(errors.BadResponse, match="unexpected address"):
            ask(CUSTOMER)
        assert elsewhere.requests == []  # the redirect was not followed: the other server saw nothing
    bases = {r.raw_path.split("/")[1] for r in fake.requests}
    assert bases <= {"api", "meter"}


def test_a_meter_url_must_be_https_or_loopback(fake: FakeMetrifox) -> None:
    with pytest.raises(errors.InvalidBaseUrl):
        MetrifoxClient("mfx_key_123456", fake.base_url, meter_url="http://api-meter.example.com/")
    client = MetrifoxClient("mfx_key_123456", fake.base_url, meter_url="https://api-meter.metrifox.com")
    assert client.meter_url == "https://api-meter.metrifox.com/"
    assert "mfx_key_123456" not in repr(client)
    client.close()
