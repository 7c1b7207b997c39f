"""Hardening round 3 (issue 17) in the API client, over the loopback fake server."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from inspector.api import errors
from inspector.api.client import DEFAULT_BASE_URL, DEFAULT_METER_URL, MetrifoxClient
from tests.support.fake_metrifox import FakeMetrifox

CUSTOMER = "cust-mljp3ra6ffjm"
MakeClient = Callable[..., MetrifoxClient]


def test_without_a_meter_address_meter_calls_are_refused_unsent(make_client: MakeClient, fake: FakeMetrifox) -> None:
    client = make_client()  # the fake's API address, no meter address
    assert client.meter_url is None
    with pytest.raises(errors.NoMeterAddress) as caught:
        client.check_access(CUSTOMER, "api_calls")
    assert "--meter-url" in caught.value.message and not caught.value.retryable
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
