"""The API client against a real HTTP server on loopback: parsing, encoding, retries, every fault."""

from __future__ import annotations

import logging
import threading
import time
from datetime import datetime
from decimal import Decimal
from typing import Any

import pytest

from inspector.api import errors
from inspector.api.cancel import CancelToken
from inspector.api.client import MetrifoxClient
from inspector.api.customer_key import clean_customer_key, path_segment
from inspector.api.demo import DEMO_CUSTOMER_KEY, demo_client
from inspector.api.retry import RetryPolicy
from tests.support.clients import MakeClient
from tests.support.fake_metrifox import TEST_API_KEY, FakeMetrifox, large_customer

EXAMPLE_KEY = "cust-mljp3ra6ffjm"


def test_example_payload_parses_with_money_as_decimal(make_client: MakeClient, fake: FakeMetrifox) -> None:
    details = make_client().customer_details(EXAMPLE_KEY)
    customer = details.customer
    assert customer.display_name == "Uppender Lala"
    product = customer.subscriptions[0]
    sub = product.subscription
    assert sub is not None
    assert sub.next_billing_amount == Decimal("21")
    assert sub.upcoming_invoice is not None
    assert sub.upcoming_invoice.amount == Decimal("21.0")
    assert sub.subscription_items[1].unit_price is None
    assert sub.starts_at is not None
    assert isinstance(sub.starts_at, datetime)
    assert sub.starts_at.tzinfo is not None
    assert sub.next_billing_date == "Mar 12, 2026"  # preformatted text kept as text
    assert len(product.subscriptions_history) == 2
    assert details.raw_json == fake.customers[EXAMPLE_KEY]


def test_request_carries_key_header_and_user_agent(make_client: MakeClient, fake: FakeMetrifox) -> None:
    make_client().customer_details(EXAMPLE_KEY)
    seen = fake.requests[-1]
    assert seen.raw_path == f"/api/v1/customers/{EXAMPLE_KEY}/details"
    assert seen.headers["x-api-key"] == TEST_API_KEY
    assert seen.headers["user-agent"].startswith("metrifox-inspector/")


def test_business_fixture_wallets_both_places_and_jpy(make_client: MakeClient) -> None:
    customer = make_client().customer_details("cust-nordlicht-7f3k").customer
    assert customer.wallets[0].balance == Decimal("310.75")
    assert customer.subscriptions[0].wallets[0].balance == Decimal("1250")
    tokyo = customer.subscriptions[2].subscription
    assert tokyo is not None
    assert tokyo.upcoming_invoice is not None
    assert tokyo.upcoming_invoice.currency.decimal_places == 0  # type: ignore[union-attr]
    assert customer.subscriptions[0].payment_method.last_four == "4242"  # type: ignore[union-attr]


def test_sparse_fixture_nulls_become_empty(make_client: MakeClient) -> None:
    customer = make_client().customer_details("cust-sparse-01").customer
    empty = customer.subscriptions[0]
    assert empty.subscription is None
    assert empty.entitlements == []
    assert empty.wallets == []
    assert empty.subscriptions_history == []
    bare = customer.subscriptions[1].subscription
    assert bare is not None
    assert bare.subscription_items == []


def test_drifted_fixture_keeps_unknown_fields_and_reads_strings(make_client: MakeClient) -> None:
    customer = make_client().customer_details("cust-drifted-42").customer
    assert customer.extra_fields()["health_score"] == 87
    sub = customer.subscriptions[0].subscription
    assert sub is not None
    assert sub.next_billing_amount == Decimal("99.90")
    assert sub.plan_version == "3"
    assert sub.can_update_quantities is True
    assert sub.renews_at == "soon"  # unreadable date kept as the text that came
    assert sub.extra_fields()["seat_policy"] == {"min": 1, "max": "50"}
    assert sub.subscription_items[0].quantity == Decimal("4")
    assert sub.upcoming_invoice is not None
    assert sub.upcoming_invoice.amount == Decimal("21.05")


def test_large_fixture_parses(fake: FakeMetrifox, make_client: MakeClient) -> None:
    fake.customers["cust-large-0001"] = large_customer()
    customer = make_client().customer_details("cust-large-0001").customer
    assert len(customer.subscriptions) == 150
    assert all(len(p.subscriptions_history) == 40 for p in customer.subscriptions)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ('  "cust-mljp3ra6ffjm"\n', "cust-mljp3ra6ffjm"),
        ("\tcust-mljp3ra6ffjm  ", "cust-mljp3ra6ffjm"),
        ("“cust-mljp3ra6ffjm”", "cust-mljp3ra6ffjm"),
        ("'cust-mljp3ra6ffjm'", "cust-mljp3ra6ffjm"),
    ],
)
def test_pasted_keys_are_cleaned(typed: str, expected: str, make_client: MakeClient) -> None:
    assert clean_customer_key(typed) == expected
    assert make_client().customer_details(typed).customer.customer_key == expected


@pytest.mark.parametrize("typed", ["", "   ", '""', "\n\n", "a\nb"])
def test_empty_or_broken_customer_key_is_refused_before_any_request(
    typed: str, make_client: MakeClient, fake: FakeMetrifox
) -> None:
    with pytest.raises(errors.InvalidCustomerKey):
        make_client().customer_details(typed)
    assert fake.requests == []


@pytest.mark.parametrize(
    ("key", "segment"),
    [
        ("../../customers", "..%2F..%2Fcustomers"),
        ("..", "%2E%2E"),
        (".", "%2E"),
        ("a/b", "a%2Fb"),
        ("a?b=c", "a%3Fb%3Dc"),
        ("a#frag", "a%23frag"),
        ("has space", "has%20space"),
        ("ünï", "%C3%BCn%C3%AF"),
    ],
)
def test_customer_key_is_exactly_one_path_segment(
    key: str, segment: str, make_client: MakeClient, fake: FakeMetrifox
) -> None:
    assert path_segment(key) == segment
    with pytest.raises(errors.NotFound):
        make_client().customer_details(key)
    assert fake.requests[-1].raw_path == f"/api/v1/customers/{segment}/details"


def test_key_with_slash_reaches_the_customer_it_names(fake: FakeMetrifox, make_client: MakeClient) -> None:
    fake.customers["team/a?b#c"] = fake.customers[EXAMPLE_KEY]
    assert make_client().customer_details("team/a?b#c").customer.customer_key == EXAMPLE_KEY


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (401, errors.Unauthorized),
        (403, errors.Forbidden),
        (404, errors.NotFound),
        (422, errors.InvalidRequest),
        (500, errors.ServerError),
    ],
)
def test_status_codes_map_to_typed_errors_without_retry(
    status: int, error: type[errors.MetrifoxError], fake: FakeMetrifox, make_client: MakeClient
) -> None:
    fake.fail("status", status=status)
    with pytest.raises(error) as caught:
        make_client().customer_details(EXAMPLE_KEY)
    assert caught.value.status_code == status
    assert str(status) not in caught.value.message  # the sentence has no codes in it
    assert len(fake.requests) == 1


def test_wrong_key_is_unauthorized(make_client: MakeClient) -> None:
    with pytest.raises(errors.Unauthorized) as caught:
        make_client(api_key="wrong-key").customer_details(EXAMPLE_KEY)
    assert caught.value.key_problem


def test_unknown_customer_is_not_found(make_client: MakeClient) -> None:
    with pytest.raises(errors.NotFound):
        make_client().customer_details("cust-does-not-exist")


@pytest.mark.parametrize("status", [502, 503, 504])
def test_gateway_errors_are_retried_then_succeed(status: int, fake: FakeMetrifox, make_client: MakeClient) -> None:
    fake.fail("status", status=status, times=2)
    assert make_client().customer_details(EXAMPLE_KEY).customer.customer_key == EXAMPLE_KEY
    assert len(fake.requests) == 3


def test_gateway_errors_give_up_after_two_retries(fake: FakeMetrifox, make_client: MakeClient) -> None:
    fake.fail("status", status=503, times=5)
    with pytest.raises(errors.ServerError):
        make_client().customer_details(EXAMPLE_KEY)
    assert len(fake.requests) == 3


def test_rate_limit_honours_short_retry_after(fake: FakeMetrifox, make_client: MakeClient) -> None:
    fake.fail("status", status=429, headers={"Retry-After": "0.2"})
    started = time.monotonic()
    make_client().customer_details(EXAMPLE_KEY)
    assert time.monotonic() - started >= 0.2
    assert len(fake.requests) == 2


def test_rate_limit_with_long_retry_after_fails_at_once_saying_when(
    fake: FakeMetrifox, make_client: MakeClient
) -> None:
    fake.fail("status", status=429, headers={"Retry-After": "120"})
    with pytest.raises(errors.RateLimited) as caught:
        make_client().customer_details(EXAMPLE_KEY)
    assert caught.value.retry_after == 120
    assert "2 minutes" in caught.value.message
    assert len(fake.requests) == 1


def test_rate_limit_persisting_ends_as_rate_limited(fake: FakeMetrifox, make_client: MakeClient) -> None:
    fake.fail("status", status=429, times=5)
    with pytest.raises(errors.RateLimited):
        make_client().customer_details(EXAMPLE_KEY)
    assert len(fake.requests) == 3


def test_hung_server_times_out_within_the_overall_deadline(fake: FakeMetrifox, make_client: MakeClient) -> None:
    fake.fail("hang", times=10, seconds=30)
    with pytest.raises(errors.TimedOut):
        make_client(timeout=0.2, total_timeout=0.5).customer_details(EXAMPLE_KEY)


def test_a_hung_server_gives_up_within_35_s_with_the_default_settings_scaled(fake: FakeMetrifox) -> None:
    """The default timeouts, retries and backoff, scaled down 100x: a hung server must be given up on
    within 0.35 s, i.e. within 35 s at full scale."""
    scale = 0.01
    defaults = MetrifoxClient("k", "https://api.metrifox.com/api/v1/")
    policy = defaults.retry
    fake.fail("hang", times=10, seconds=30)
    client = MetrifoxClient(
        TEST_API_KEY,
        fake.base_url,
        timeout=defaults.timeout * scale,
        connect_timeout=defaults.connect_timeout * scale,
        total_timeout=defaults.total_timeout * scale,
        retry=RetryPolicy(
            max_retries=policy.max_retries,
            backoff_base=policy.backoff_base * scale,
            backoff_cap=policy.backoff_cap * scale,
            jitter=policy.jitter,
            retry_after_cap=policy.retry_after_cap * scale,
        ),
    )
    with pytest.raises(errors.TimedOut):
        client.customer_details(EXAMPLE_KEY)
    assert len(fake.requests) >= 2  # it did retry within the deadline


@pytest.mark.parametrize("kind", ["truncated", "invalid_json", "html", "empty", "wrong_shape"])
def test_broken_bodies_are_bad_responses(kind: str, fake: FakeMetrifox, make_client: MakeClient) -> None:
    fake.fail(kind)
    with pytest.raises(errors.BadResponse):
        make_client().customer_details(EXAMPLE_KEY)


def test_html_error_page_from_a_proxy_is_a_server_error(fake: FakeMetrifox, make_client: MakeClient) -> None:
    fake.fail("html", status=500)
    fake.fail("html", status=502, times=3)
    with pytest.raises(errors.BadResponse):
        make_client().customer_details(EXAMPLE_KEY)  # first: a 200 html page
    with pytest.raises(errors.ServerError):
        make_client().customer_details(EXAMPLE_KEY)  # then: 502 html pages, retried, given up


def test_oversized_declared_body_is_refused_without_reading(fake: FakeMetrifox, make_client: MakeClient) -> None:
    fake.fail("oversized", size=500 * 1024 * 1024)
    with pytest.raises(errors.BadResponse, match="too large"):
        make_client().customer_details(EXAMPLE_KEY)


def test_oversized_streamed_body_is_cut_at_the_cap(fake: FakeMetrifox, make_client: MakeClient) -> None:
    fake.fail("chunked_oversized", size=50 * 1024 * 1024)
    with pytest.raises(errors.BadResponse, match="too large"):
        make_client(max_body_bytes=1024 * 1024).customer_details(EXAMPLE_KEY)


def test_redirect_is_never_followed_with_the_key(fake: FakeMetrifox, make_client: MakeClient) -> None:
    with FakeMetrifox() as elsewhere:
        fake.fail("redirect", status=302, location=f"{elsewhere.base_url}customers/{EXAMPLE_KEY}/details")
        with pytest.raises(errors.BadResponse):
            make_client().customer_details(EXAMPLE_KEY)
        assert elsewhere.requests == []


def test_dropped_connection_is_retried(fake: FakeMetrifox, make_client: MakeClient) -> None:
    fake.fail("close")
    assert make_client().customer_details(EXAMPLE_KEY).customer.customer_key == EXAMPLE_KEY


def test_nothing_listening_is_offline() -> None:
    with FakeMetrifox() as gone:
        url = gone.base_url
    client = MetrifoxClient(TEST_API_KEY, url, retry=__import__("tests.conftest").conftest.FAST_RETRY)
    with pytest.raises(errors.Offline):
        client.customer_details(EXAMPLE_KEY)


@pytest.mark.timeout(20)  # the server hangs 30 s and the client would wait 100 s: only the cancel ends it
def test_cancel_breaks_a_hung_request_at_once(fake: FakeMetrifox, make_client: MakeClient) -> None:
    fake.fail("hang", seconds=30)
    token = CancelToken()

    def cancel_when_asked() -> None:
        while not fake.requests:  # polled: the request has reached the server, and hangs there
            time.sleep(0.005)
        token.cancel()

    threading.Thread(target=cancel_when_asked, daemon=True).start()
    with pytest.raises(errors.Cancelled):
        make_client(timeout=100, total_timeout=200).customer_details(EXAMPLE_KEY, cancel=token)


def test_client_still_works_after_a_cancel(fake: FakeMetrifox, make_client: MakeClient) -> None:
    client = make_client(timeout=10, total_timeout=20)
    client.customer_details(EXAMPLE_KEY)  # opens a pooled connection
    fake.fail("hang", seconds=30)
    token = CancelToken()
    threading.Timer(0.2, token.cancel).start()
    with pytest.raises(errors.Cancelled):
        client.customer_details(EXAMPLE_KEY, cancel=token)
    assert client.customer_details(EXAMPLE_KEY).customer.customer_key == EXAMPLE_KEY


@pytest.mark.parametrize(
    "url",
    ["http://api.metrifox.com/api/v1/", "ftp://api.metrifox.com/", "not a url", "https://user:pw@host/", ""],
)
def test_base_url_must_be_https(url: str) -> None:
    with pytest.raises(errors.InvalidBaseUrl):
        MetrifoxClient("k", url)


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/api/v1", "http://localhost:9/", "http://[::1]:9/"])
def test_plain_http_is_allowed_on_loopback(url: str) -> None:
    assert MetrifoxClient("k", url).base_url.endswith("/")


def test_missing_key_is_its_own_error() -> None:
    with pytest.raises(errors.MissingKey):
        MetrifoxClient("  ", "https://api.metrifox.com/api/v1/")


FAULTS = [
    ("status", {"status": 401}),
    ("status", {"status": 429, "headers": {"Retry-After": "999"}}),
    ("status", {"status": 500}),
    ("truncated", {}),
    ("invalid_json", {}),
    ("redirect", {}),
    ("hang", {"seconds": 5, "times": 5}),
]


@pytest.mark.parametrize(("kind", "options"), FAULTS)
def test_the_key_never_appears_in_errors_or_logs(
    kind: str, options: dict[str, Any], fake: FakeMetrifox, make_client: MakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    client = make_client(timeout=0.2, total_timeout=0.4)
    fake.fail(kind, **options)
    with pytest.raises(errors.MetrifoxError) as caught:
        client.customer_details(EXAMPLE_KEY)
    texts = [str(caught.value), repr(caught.value), repr(client), caplog.text]
    cause = caught.value.__cause__ or caught.value.__context__
    if cause is not None:
        texts.append(repr(cause))
    assert all(TEST_API_KEY not in text for text in texts)


def test_search_customers_is_paginated(fake: FakeMetrifox, make_client: MakeClient) -> None:
    page = make_client().search_customers("cust", per_page=2)
    assert page.meta.total_count == len(fake.customers)
    assert page.meta.next_page == 2
    assert len(page.data) == 2
    assert "search_term=cust" in fake.requests[-1].raw_path


def test_check_key_accepts_good_and_rejects_bad(make_client: MakeClient) -> None:
    make_client().check_key()
    with pytest.raises(errors.Unauthorized):
        make_client(api_key="nope").check_key()


def test_demo_client_runs_the_real_parsing_path() -> None:
    with demo_client() as client:
        assert client.customer_details(DEMO_CUSTOMER_KEY).customer.customer_key == DEMO_CUSTOMER_KEY
        assert client.customer_details("cust-nordlicht-7f3k").customer.currency == "EUR"
        with pytest.raises(errors.NotFound):
            client.customer_details("cust-unknown")
