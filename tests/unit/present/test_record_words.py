"""The customer record's wording after review: payment terms as people say them, the primary email and phone
first and labelled, numbers compared whole (not by their start), the primary contact first, one rule for a
"primary" flag, SEPA in capitals."""

from __future__ import annotations

from typing import Any

import pytest

from inspector.present.labels import field_label
from inspector.present.record import primary_phone, record_of
from tests.unit.present.test_record import _record, _rows


@pytest.mark.parametrize(
    ("term", "words"),
    [
        ({"net_days": 30}, "Net 30 days"),
        ({"type": "net", "value": 30}, "Net 30 days"),
        ({"type": "net_days", "value": "15"}, "Net 15 days"),
        ({"due_on_receipt": 0}, "Due on receipt"),
        ({"type": "due_on_receipt"}, "Due on receipt"),
        ({"value": 45}, "45 days"),
        ({"type": "end_of_month"}, "End of month"),
        ({}, "—"),
    ],
)
def test_payment_terms_read_as_people_say_them(term: dict[str, Any], words: str) -> None:
    assert _rows(_record(payment_terms=[term]))["Payment terms"].summary == words


def test_the_primary_email_comes_first_and_is_labelled() -> None:
    rows = _rows(
        _record(
            primary_email="Jana@Example.com",
            billing_email="billing@example.com",
            email_addresses=[{"email": "ops@example.com", "type": "work"}, {"email": "jana@example.com"}],
        )
    )
    assert rows["Email addresses"].summary == (
        "jana@example.com (primary) · billing@example.com (billing) · ops@example.com (work)"
    )
    same = _rows(_record(primary_email="a@example.com", billing_email="A@example.com"))
    assert same["Email addresses"].summary == "a@example.com (primary, billing)"


def test_phones_are_compared_whole_not_by_their_start() -> None:
    rows = _rows(
        _record(
            primary_phone="+1 415 555 0142",
            phone_numbers=["+1 415 555 01429", {"number": "+1 (415) 555-0142", "type": "mobile"}],
        )
    )
    assert rows["Phone numbers"].summary == "+1 (415) 555-0142 (mobile, primary) · +1 415 555 01429"


@pytest.mark.parametrize("flag", [True, "true", "True", 1, "1", "yes"])
def test_a_primary_flag_means_the_same_everywhere(flag: object) -> None:
    record = record_of(_record(phone_numbers=["+44 20 0000", {"number": "+49 40 1234", "is_primary": flag}]))
    assert record is not None
    assert primary_phone(record) == "+49 40 1234"
    assert (
        _rows(_record(phone_numbers=[{"number": "+49 40 1234", "is_primary": flag}]))["Phone numbers"].summary
        == "+49 40 1234 (primary)"
    )


def test_the_primary_contact_comes_first() -> None:
    rows = _rows(_record(contact_people=[{"first_name": "Malte"}, {"first_name": "Jana", "is_primary": True}]))
    assert [label for label in rows if label.startswith("Contact")] == ["Contact: Jana", "Contact: Malte"]


def test_sepa_is_in_capitals() -> None:
    assert field_label("sepa_debit") == "SEPA debit"
    billing = dict(
        _rows(_record(billing_configuration={"preferred_payment_method": "sepa_debit"}))["Billing configuration"].facts
    )
    assert billing["Preferred payment method"] == "SEPA debit"
