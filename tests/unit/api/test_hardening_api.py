"""The API layer against a hostile or broken server: slow bytes, compression bombs, odd headers, bad TLS.

Each test here failed before the fix it guards (issue: Hardening).
"""

from __future__ import annotations

import gzip
import tracemalloc
import zlib

import pytest

from inspector.api import errors
from inspector.api.client import MetrifoxClient
from inspector.api.retry import RetryPolicy
from inspector.api.urls import normalise_base_url
from tests.support.clients import MakeClient
from tests.support.fake_metrifox import EXAMPLE, FakeMetrifox

CUSTOMER = "cust-mljp3ra6ffjm"


# ---- the overall deadline holds for every byte ------------------------------------------------
@pytest.mark.parametrize("kind", ["trickle_headers", "trickle_body", "endless"])
def test_slow_servers_cannot_outlast_the_deadline(fake: FakeMetrifox, make_client: MakeClient, kind: str) -> None:
    # Each byte arrives well within the per-read timeout (2 s), so only the overall deadline can stop it.
    fake.fail(kind, seconds=0.02, times=5)
    client = make_client(timeout=2.0, total_timeout=0.6)
    with pytest.raises(errors.TimedOut):
        client.customer_details(CUSTOMER)


def test_a_slow_but_complete_answer_within_the_deadline_is_read(fake: FakeMetrifox, make_client: MakeClient) -> None:
    fake.fail("trickle_headers", seconds=0.001)
    details = make_client(total_timeout=5.0).customer_details(CUSTOMER)
    assert details.customer.customer_key == CUSTOMER


# ---- decoded size is capped for any stack of encodings ----------------------------------------
def _bomb(decoded_mb: int, layers: int) -> bytes:
    """``decoded_mb`` of zeros, gzipped ``layers`` times (a few hundred bytes for two layers)."""
    squeeze = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = bytes(1 << 20)
    body = b"".join(squeeze.compress(zeros) for _ in range(decoded_mb)) + squeeze.flush()
    for _ in range(layers - 1):
        body = gzip.compress(body, 9)
    return body


@pytest.mark.parametrize(("encoding", "layers"), [("gzip", 1), ("gzip, gzip", 2), ("gzip,gzip,gzip", 3)])
def test_compression_bombs_stop_at_the_cap(
    fake: FakeMetrifox, make_client: MakeClient, encoding: str, layers: int
) -> None:
    body = _bomb(48, layers)
    assert len(body) < 60_000
    fake.fail("body", status=200, body=body, headers={"Content-Encoding": encoding})
    client = make_client(max_body_bytes=8 * 1024 * 1024)
    tracemalloc.start()
    try:
        with pytest.raises(errors.BadResponse, match="too large"):
            client.customer_details(CUSTOMER)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 40 * 1024 * 1024  # the cap (8 MB) and its join, never the 48 MB the bomb holds


def test_the_raw_size_is_capped_too(fake: FakeMetrifox, make_client: MakeClient) -> None:
    """What follows the end of a compressed stream is ignored when decoding, so only the cap on the bytes as
    sent stops a server from streaming megabytes after a small answer."""
    body = gzip.compress(EXAMPLE.read_bytes()) + bytes(2 * 1024 * 1024)
    fake.fail("chunked_body", body=body, headers={"Content-Encoding": "gzip"})
    with pytest.raises(errors.BadResponse, match="too large"):
        make_client(max_body_bytes=1024 * 1024).customer_details(CUSTOMER)


@pytest.mark.parametrize("encoding", ["gzip", "gzip, gzip", "deflate", "deflate, gzip", "identity"])
def test_compressed_answers_are_read(fake: FakeMetrifox, make_client: MakeClient, encoding: str) -> None:
    body = EXAMPLE.read_bytes()
    for name in [e.strip() for e in encoding.split(",")]:
        if name == "gzip":
            body = gzip.compress(body)
        elif name == "deflate":
            body = zlib.compress(body)
    fake.fail("body", status=200, body=body, headers={"Content-Encoding": encoding})
    assert make_client().customer_details(CUSTOMER).customer.customer_key == CUSTOMER
    assert fake.requests[-1].headers["accept-encoding"] == "gzip, deflate"


def test_raw_deflate_and_unknown_encodings(fake: FakeMetrifox, make_client: MakeClient) -> None:
    squeeze = zlib.compressobj(6, zlib.DEFLATED, -15)
    raw = squeeze.compress(EXAMPLE.read_bytes()) + squeeze.flush()
    fake.fail("body", status=200, body=raw, headers={"Content-Encoding": "deflate"})
    assert make_client().customer_details(CUSTOMER).customer.customer_key == CUSTOMER
    fake.fail("body", status=200, body=b"xx", headers={"Content-Encoding": "br"})
    with pytest.raises(errors.BadResponse):
        make_client().customer_details(CUSTOMER)
    fake.fail("body", status=200, body=b"\x1f\x8b\x08\x00damaged", headers={"Content-Encoding": "gzip"})
    with pytest.raises(errors.BadResponse, match="garbled"):
        make_client().customer_details(CUSTOMER)


# ---- Retry-After and other sentences -----------------------------------------------------------
@pytest.mark.parametrize("value", ["inf", "1e300", "-inf", "nan", "99999999999999999999"])
def test_absurd_retry_after_gives_one_short_sentence(
    fake: FakeMetrifox, make_client: MakeClient, value: str
) -> None:
    fake.fail("status", status=429, headers={"Retry-After": value}, times=5)
    with pytest.raises(errors.RateLimited) as caught:
        make_client().customer_details(CUSTOMER)
    sentence = str(caught.value)
    assert len(sentence) < 90
    assert sentence.startswith("Metrifox is receiving too many requests.")


def test_a_busy_server_is_not_called_rate_limiting(fake: FakeMetrifox, make_client: MakeClient) -> None:
    fake.fail("status", status=503, headers={"Retry-After": "7200"}, times=5)
    with pytest.raises(errors.ServerError) as caught:
        make_client().customer_details(CUSTOMER)
    assert str(caught.value) == "Metrifox is busy right now. Try again in 2 hours."
    assert "too many requests" not in str(caught.value)


def test_a_broken_protocol_is_not_called_offline(fake: FakeMetrifox, make_client: MakeClient) -> None:
    fake.fail("garbage", times=5)
    with pytest.raises(errors.BadResponse) as caught:
        make_client().customer_details(CUSTOMER)
    assert "internet" not in str(caught.value)
    assert "garbled" in str(caught.value)


def test_an_untrusted_certificate_says_so() -> None:
    with FakeMetrifox(tls=True) as server:
        client = MetrifoxClient("mfx_test_key_1234", server.base_url, total_timeout=5.0)
        with client, pytest.raises(errors.InsecureConnection) as caught:
            client.customer_details(CUSTOMER)
    assert "certificate" in str(caught.value)
    assert "internet connection" not in str(caught.value)


# ---- base URLs -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "url", ["https://a..b/", "https://-bad-.example/", "https://exa mple.com/", "https://[::1/", "https:///x"]
)
def test_malformed_base_urls_are_invalid_base_urls(url: str) -> None:
    with pytest.raises(errors.InvalidBaseUrl):
        normalise_base_url(url)



def test_print_gives_up_at_the_deadline_on_a_trickling_server(
    fake: FakeMetrifox, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    from inspector import cli
    from inspector.app import parser
    from tests.support.fake_metrifox import TEST_API_KEY

    monkeypatch.setenv("METRIFOX_API_KEY", TEST_API_KEY)
    fake.fail("trickle_body", seconds=0.02, times=5)
    out, err = io.StringIO(), io.StringIO()
    args = parser().parse_args(["--print", CUSTOMER, "--base-url", fake.base_url])
    code = cli.print_customer(args, out, err, client_options={"timeout": 2.0, "total_timeout": 0.6})
    assert code == cli.EXIT_API
    assert err.getvalue() == "Metrifox took too long to answer. Try again in a moment.\n"




@pytest.mark.parametrize("retry_after", ["0", "-5", "Thu, 01 Jan 1970 00:00:00 GMT"])
def test_a_retry_after_of_no_time_still_waits_our_own_backoff(retry_after: str) -> None:
    """A busy server saying 'now' must not turn every worker into a tight loop of 429s."""
    policy = RetryPolicy(backoff_base=0.3, backoff_cap=1.0, jitter=0.0)
    assert policy.after_status(429, {"retry-after": retry_after}, 0, time_left=10.0) == 0.3
    assert policy.after_status(429, {"retry-after": "2"}, 0, time_left=10.0) == 2.0  # a longer ask stands


@pytest.mark.parametrize("zone", ["GMT", "-0000", ""])
def test_a_retry_after_date_is_read_in_gmt_whatever_the_local_zone(zone: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Found by review: a date without a zone was read as local time (hours off east or west of Greenwich)."""
    import email.utils
    import time

    from inspector.api.retry import retry_after_seconds

    when = email.utils.formatdate(time.time() + 120, usegmt=True).removesuffix(" GMT")
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    try:
        waited = retry_after_seconds({"retry-after": f"{when} {zone}".strip()})
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    assert waited is not None
    assert 100 <= waited <= 121
