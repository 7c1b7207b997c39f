"""The quantity of an access check: ASCII digits only, 1 to 1,000,000,000."""

from __future__ import annotations

import pytest

from inspector.api import errors
from inspector.api.client import MetrifoxClient
from inspector.api.quantity import QUANTITY_RULE, parse_quantity, quantity_problem
from tests.support.fake_metrifox import FakeMetrifox

REFUSED = ["²", "٣", "３", "۵", "5" * 5000, "0", "000", "1000000001", "-1", "+1", "1e3", "1.0", "1_000", "", " ", "a"]


@pytest.mark.parametrize("text", REFUSED)
def test_anything_but_ascii_digits_in_range_is_refused(text: str) -> None:
    assert quantity_problem(text) == QUANTITY_RULE
    with pytest.raises(errors.InvalidRequest, match="whole number from 1 to 1,000,000,000"):
        parse_quantity(text)


@pytest.mark.parametrize(("text", "value"), [("1", 1), (" 42 ", 42), ("007", 7), ("1000000000", 1_000_000_000)])
def test_whole_numbers_in_range(text: str, value: int) -> None:
    assert quantity_problem(text) is None
    assert parse_quantity(text) == value
    assert quantity_problem(value) is None


def test_the_client_never_sends_another_quantity(fake: FakeMetrifox) -> None:
    with MetrifoxClient("mfx_key_123456", fake.base_url, meter_url=fake.meter_url) as client:
        for quantity in ("٣", 0, 10**12, True):
            with pytest.raises(errors.InvalidRequest):
                client.check_access("cust-mljp3ra6ffjm", "api_calls", quantity)
    assert fake.requests == []
