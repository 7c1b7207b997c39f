"""Hardening round 3 (issue 17) in the API client, over the loopback fake server."""

from __future__ import annotations

import json
import logging

import pytest

from inspector.api import errors
from inspector.api.client import DEFAULT_BASE_URL, DEFAULT_METER_URL, MetrifoxClient
from tests.support.clients import MakeClient
from tests.support.fake_metrifox import TEST_API_KEY, FakeMetrifox

CUSTOMER = "cust-mljp3ra6ffjm"


def test_without_a_meter_address_meter_calls_are_refused_unsent(make_client: MakeClient, fake: FakeMetrifox) -> None:
    client = make_client()  # the fake's API address, no meter address
    assert client.meter_url is None
    with pytest.raises(errors.NoMeterAddress) as caught:
        client.check_access(CUSTOMER, "api_calls")
    assert "--meter-url" in caught.value.message
    assert not caught.value.retryable
    with pytest.raises(errors.NoMeterAddress):
        client.usage_events(CUSTOMER)
    assert fake.requests == []
    assert client.customer_details(CUSTOMER).customer.customer_key == CUSTOMER  # the API itself still works


def test_production_meter_only_with_production_api() -> None:
    with MetrifoxClient("mfx_key_123456") as production:
        assert production.meter_url == DEFAULT_METER_URL
    with MetrifoxClient("mfx_key_123456", DEFAULT_BASE_URL, meter_url="") as production:
        assert production.meter_url == DEFAULT_METER_URL
    with MetrifoxClient("mfx_key_123456", "https://sandbox.example.com/api/v1/") as sandbox:
        assert sandbox.meter_url is None


@pytest.mark.parametrize("status", [401, 403])
def test_a_key_echoed_changed_is_never_logged_or_kept(
    status: int, make_client: MakeClient, fake: FakeMetrifox, caplog: pytest.LogCaptureFixture
) -> None:
    """No app log filter here: the client itself masks the key before it logs a server's message."""
    echoed = TEST_API_KEY.upper()
    body = json.dumps({"statusCode": status, "message": f"Invalid API key {echoed} (or {TEST_API_KEY})"})
    fake.fail("body", status=status, body=body.encode())
    caplog.set_level(logging.INFO, logger="inspector.api.client")
    with pytest.raises(errors.Unauthorized) as caught:
        make_client().customer_details(CUSTOMER)
    assert caught.value.server_message == "Invalid API key «redacted» (or «redacted»)"
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert f"HTTP {status} from Metrifox: Invalid API key «redacted»" in logged
    assert TEST_API_KEY.lower() not in logged.lower()


def test_a_proxys_403_page_gets_its_own_sentence(make_client: MakeClient, fake: FakeMetrifox) -> None:
    fake.fail("html", status=403)  # an HTML page from a proxy or firewall, not Metrifox's JSON
    with pytest.raises(errors.ProxyRefused) as caught:
        make_client().customer_details(CUSTOMER)
    assert caught.value.message.startswith("Something between this computer and Metrifox (a proxy or firewall)")
    assert not caught.value.key_problem  # "Set API key…" would not help
    fake.fail("status", status=403)  # Metrifox's own 403 still says the key may not read this
    with pytest.raises(errors.Forbidden):
        make_client().customer_details(CUSTOMER)
