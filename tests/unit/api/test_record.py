"""The customer record's model and call: every field the SDK declares, unknown ones kept, odd data read or
refused in one sentence (never a crash), the key as one path segment; random records never break the rows."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspector.api import errors
from inspector.api.client import MetrifoxClient
from inspector.api.demo import demo_client
from inspector.api.parsing import parse_body
from inspector.api.record import CustomerRecord, CustomerRecordAnswer
from inspector.present.fields import node_fields
from inspector.present.nodes import Node, NodeKind
from inspector.present.record import record_facts, record_rows
from inspector.resources import demo_keys
from tests.support.fake_metrifox import RECORD, TEST_API_KEY, FakeMetrifox, example_record

SDK_FIELDS = {  # metrifox-sdk 1.3.1, types.py: CustomerResponse
    "id", "customer_key", "customer_type", "primary_email", "primary_phone", "legal_name", "display_name",
    "legal_number", "tax_identification_number", "logo_url", "website_url", "account_manager", "first_name",
    "middle_name", "last_name", "full_name", "billing_email", "timezone", "language", "currency", "tax_status",
    "address_line1", "address_line2", "city", "state", "country", "zip_code", "shipping_address_line1",
    "shipping_address_line2", "shipping_city", "shipping_state", "shipping_country", "shipping_zip_code",
    "created_at", "updated_at", "archived_at", "phone_numbers", "email_addresses", "billing_configuration",
    "tax_identifications", "contact_people", "payment_terms", "metadata", "date_of_birth", "documents",
    "mid_cycle_invoice_consolidation",
}


def _parse(data: Any) -> CustomerRecord:
    return parse_body(CustomerRecordAnswer, json.dumps(data).encode()).record


def test_every_field_the_sdk_declares_is_modelled() -> None:
    assert set(CustomerRecord.model_fields) == SDK_FIELDS


def test_the_example_record_is_read_in_full() -> None:
    record = _parse({"statusCode": 200, "data": example_record("cust-1")})
    assert record.account_manager == "Priya Raman"
    assert [p.name for p in record.contact_people] == ["Jana Weber", "Malte Hansen"]
    assert record.contact_people[0].is_primary is True
    assert record.billing_configuration is not None
    assert record.billing_configuration.payment_reminder_days == Decimal("3")
    assert record.payment_terms[0].value == Decimal("30")
    assert record.created_at == datetime(2026, 2, 13, 12, 58, 40, 118000, tzinfo=UTC)
    assert record.extra_fields() == {"preferred_contact_hours": "09:00-17:00 PT"}


def test_odd_shapes_are_read_not_refused() -> None:
    record = _parse(
        {
            "customer_key": "cust-1",  # the record itself, not {data: record}
            "contact_people": {"first_name": "Ada"},  # one object where a list belongs
            "payment_terms": ["net 30"],  # a string where objects belong
            "tax_identifications": None,
            "phone_numbers": "+1 555 0100",
            "billing_configuration": "use the card on file",
            "created_at": "last Tuesday",  # unreadable: kept as the text sent
            "account_manager": 42,  # a number where text belongs
            "date_of_birth": "1990-01-01",
        }
    )
    assert record.customer_key == "cust-1"
    assert [p.first_name for p in record.contact_people] == ["Ada"]
    assert record.payment_terms[0].value == "net 30"  # kept under the name it fits
    assert record.tax_identifications == []
    assert record.phone_numbers == ["+1 555 0100"]
    assert record.billing_configuration is not None
    assert record.billing_configuration.extra_fields() == {"value": "use the card on file"}
    assert record.created_at == "last Tuesday"
    assert record.account_manager == "42"
    assert record.date_of_birth == "1990-01-01"  # a calendar date, never moved into a time zone


@pytest.mark.parametrize("body", [b"", b"[]", b'{"data": [1, 2]}', b"<html>", b'{"data": {"contact_people": [1'])
def test_a_body_that_is_not_a_record_is_one_sentence(body: bytes) -> None:
    with pytest.raises(errors.BadResponse) as caught:
        parse_body(CustomerRecordAnswer, body)
    assert caught.value.message.endswith(".")


def test_the_call_over_http(fake: FakeMetrifox) -> None:
    with MetrifoxClient(TEST_API_KEY, fake.base_url) as client:
        answer = client.customer_record(" cust-mljp3ra6ffjm\n")
        assert answer.record.account_manager == "Priya Raman"
        assert json.loads(answer.raw_json)["data"]["preferred_contact_hours"] == "09:00-17:00 PT"  # kept as sent
        assert fake.requests[-1].raw_path == "/api/v1/customers/cust-mljp3ra6ffjm"
        with pytest.raises(errors.NotFound) as caught:
            client.customer_record("a/b?c")  # one path segment: never another endpoint
        assert fake.requests[-1].raw_path == "/api/v1/customers/a%2Fb%3Fc"
        assert caught.value.message == "Metrifox has no customer record for this key."
        fake.fail("status", status=403, where=RECORD)
        with pytest.raises(errors.MetrifoxError) as denied:
            client.customer_record("cust-mljp3ra6ffjm")
        assert "not allowed" in denied.value.message


def test_every_demo_customer_has_a_record() -> None:
    client = demo_client()
    for key in demo_keys():
        answer = client.customer_record(key)
        assert answer.record.customer_key == key
        rows, summary = record_rows(_section(), answer, None)
        assert summary
        assert rows


def _section() -> Node:
    root = Node(NodeKind.CUSTOMER, "Customer")
    return root.add(Node(NodeKind.SECTION, "Customer record", section="record", subject="cust-1"))


record_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=12), st.sampled_from(["2026-01-01", "1e999"])),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=10,
)
record_bodies = st.fixed_dictionaries(
    {}, optional={name: record_values for name in sorted(SDK_FIELDS | {"unknown_field"})}
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(record_bodies)
def test_random_records_are_rows_or_one_sentence(body: dict[str, Any]) -> None:
    try:
        answer = parse_body(CustomerRecordAnswer, json.dumps({"data": body}).encode())
    except errors.BadResponse:
        return
    rows, _summary = record_rows(_section(), answer, None)
    for row in rows:
        node_fields(row)
    record_facts(answer)
