"""The customer record in words: the header's two facts, the row's summary and its rows."""

from __future__ import annotations

from typing import Any

from inspector.api.record import CustomerRecord, CustomerRecordAnswer
from inspector.present.dates import zone
from inspector.present.fields import node_fields
from inspector.present.nodes import Node, NodeKind
from inspector.present.record import record_facts, record_rows
from tests.support.fake_metrifox import example_record


def _record(**fields: Any) -> CustomerRecordAnswer:
    return CustomerRecordAnswer.model_validate({"data": fields})


def _rows(answer: CustomerRecordAnswer, timezone: str | None = None) -> dict[str, Node]:
    root = Node(NodeKind.CUSTOMER, "Customer")
    section = root.add(Node(NodeKind.SECTION, "Customer record", section="record", subject="k"))
    rows, _summary = record_rows(section, answer, zone(timezone))
    return {row.label: row for row in rows}


def test_the_phone_is_the_primary_one_whatever_the_shape() -> None:
    assert record_facts(_record(primary_phone=" +1 555 0100 ")).phone == "+1 555 0100"
    listed = [{"number": "+1 555 0101", "type": "fax"}, {"number": "+1 555 0102", "is_primary": True}]
    assert record_facts(_record(phone_numbers=listed)).phone == "+1 555 0102"
    assert record_facts(_record(phone_numbers=["+1 555 0103", "+1 555 0104"])).phone == "+1 555 0103"
    assert record_facts(_record()).phone == ""


def test_the_summary_says_who_to_talk_to() -> None:
    facts = record_facts(CustomerRecordAnswer.model_validate({"data": example_record("k")}))
    assert facts.account_manager == "Priya Raman"
    assert facts.summary == "account manager Priya Raman · 2 contacts · +1 415 555 0142"
    archived = record_facts(_record(contact_people=[{"first_name": "Ada"}], archived_at="2026-01-01T12:00:00Z"))
    assert archived.summary == "ARCHIVED · no account manager · 1 contact"  # first: it changes everything else
    assert archived.archived == "Archived since Jan 1, 2026"


def test_each_contact_is_a_row_with_name_role_and_email() -> None:
    rows = _rows(_record(contact_people=[
        {"first_name": "Jana", "last_name": "Weber", "designation": "CFO", "department": "Finance",
         "email_address": "jana@example.com", "is_primary": True},
        {"email_address": "anon@example.com"},
    ]))
    jana = rows["Contact: Jana Weber"]
    assert (jana.summary, jana.status) == ("CFO, Finance · jana@example.com", "primary")
    assert rows["Contact: anon@example.com"].summary == ""  # no name: known by the address, said once
    assert {f.label: f.text for f in node_fields(jana)}["Department"] == "Finance"


def test_addresses_are_postal_addresses_in_their_countrys_order() -> None:
    rows = _rows(_record(
        address_line1="1 Main Street", city="San Francisco", state="CA", zip_code="94105", country="US",
        shipping_address_line1="Hafenstraße 12", shipping_city="Hamburg", shipping_zip_code="20457",
        shipping_country="DE",
    ))
    assert rows["Address"].facts == [("Address", "1 Main Street\nSan Francisco, CA 94105\nUS")]
    assert rows["Shipping address"].facts == [("Shipping address", "Hafenstraße 12\n20457 Hamburg\nDE")]
    assert _rows(_record())["Shipping address"].summary == "none recorded"


def test_dates_are_in_the_customers_zone_and_archived_is_marked() -> None:
    rows = _rows(_record(created_at="2026-01-05T09:00:00Z", archived_at="2026-03-01T12:00:00Z"), "Europe/Berlin")
    dates = dict(rows["Dates"].facts)
    assert dates["Created"].startswith("Jan 5, 2026, 10:00 CET")
    assert dates["Archived"].startswith("Mar 1, 2026, 13:00 CET")
    assert rows["Dates"].status == "archived"


def test_terms_tax_billing_and_metadata_in_words() -> None:
    rows = _rows(_record(
        tax_status="reverse_charge", tax_identifications=[{"type": "vat", "number": "DE1", "country": "DE"}],
        payment_terms=[{"type": "net", "value": "30"}, {"type": "due_on_receipt"}],
        billing_configuration={"preferred_payment_method": "sepa_debit", "payment_reminder_days": 7, "x": 1},
        metadata={"crm_id": "SF-1", "tags": ["a", "b"]},
    ))
    assert rows["Tax"].summary == "Tax status: Reverse charge · VAT: DE1 (DE)"
    assert rows["Payment terms"].summary == "Net 30 days · Due on receipt"
    billing = dict(rows["Billing configuration"].facts)
    assert billing["Payment reminder days"] == "7 days before the due date"
    assert billing["X"] == "1"  # a field this app does not know is shown too
    assert rows["Metadata"].facts == [("crm_id", "SF-1"), ("tags", '["a", "b"]')]


def test_api_text_cannot_pass_as_another_name() -> None:
    rows = _rows(_record(contact_people=[{"first_name": "Eve\u202eevil"}], account_manager="Bob\u202e"))
    assert "Contact: Eve[U+202E]evil" in rows
    assert rows["Account manager"].summary == "Bob[U+202E]"


def test_every_field_row_shows_the_record_itself() -> None:
    answer = _record(customer_key="k", brand_new_field="x")
    row = _rows(answer)["Every field of the record"]
    assert isinstance(row.source, CustomerRecord)
    assert [(f.name, f.known) for f in node_fields(row) if f.name == "brand_new_field"] == [("brand_new_field", False)]


def test_the_support_summary_says_who_to_talk_to_safely() -> None:
    from inspector.api.models import CustomerDetails
    from inspector.present.summary import support_summary

    details = CustomerDetails.model_validate({"data": {"customer_key": "k", "display_name": "Acme"}})
    record = _record(
        account_manager="Priya [click](https://evil.example)", primary_phone="+1 555 0100",
        contact_people=[{"first_name": "Ada", "designation": "CTO"},
                        {"first_name": "Jana\nUpdate quantities: https://evil.example", "is_primary": True}],
    )
    text = support_summary(details, record=record)
    assert text.splitlines()[2:5] == [
        "Account manager: Priya [click](https://evil.example)",
        "Phone: +1 555 0100",
        "Contact: Jana\\nUpdate quantities: https://evil.example",  # the primary contact; its break shown, one line
    ]
    markdown = support_summary(details, record=record, markdown=True)
    assert "- **Account manager:** Priya \\[click\\]\\(https\\://evil\\.example\\)" in markdown.splitlines()
    assert "Account manager" not in support_summary(details)  # no record (yet): nothing said about it


def test_a_failed_record_row_says_why_and_how_to_try_again() -> None:
    from inspector.present.nodes import add_section
    from inspector.present.views import node_view

    root = Node(NodeKind.CUSTOMER, "Customer")
    row = add_section(root, "record", "k", "Customer record")
    row.state, row.summary = "failed", "Metrifox did not answer in time."
    view = node_view(row)
    assert view.retry
    assert view.hint == "Metrifox did not answer in time. Choose Retry to fetch it again."  # never opened: no "again"
