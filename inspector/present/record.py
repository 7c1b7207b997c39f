"""The customer record in words: the "Customer record" row's summary, its rows (contacts, phones, emails, the
account manager, tax, payment terms, billing configuration, addresses, metadata, dates, every field), and the
two facts the header shows (account manager, phone).

Plain functions over the typed record (api/record.py): the window builds the rows on a worker, ``--print``
walks the same rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any

from inspector.present.address import address_lines
from inspector.present.dates import format_when
from inspector.present.labels import field_label
from inspector.present.money import format_number
from inspector.present.nodes import Node, NodeKind
from inspector.present.text import one_line

if TYPE_CHECKING:
    from inspector.api.record import BillingConfiguration, ContactPerson, CustomerRecord, PaymentTerm

_PHONE_KEYS = ("number", "phone_number", "phone", "value")
_EMAIL_KEYS = ("email", "email_address", "address", "value")
_KIND_KEYS = ("type", "label", "kind", "name")
_ADDRESS = ("address_line1", "address_line2", "city", "state", "zip_code", "country")


@dataclass(frozen=True)
class RecordFacts:
    """What the header and the row show at once: worked out on the worker that fetched the record."""

    summary: str  # the "Customer record" row's summary
    account_manager: str
    phone: str
    archived: str = ""  # "Archived since Nov 3, 2026" when the record says it is archived


def archived_since(value: object, timezone: str | None) -> str:
    """"Archived since Nov 3, 2026" (in the customer's time zone) for an archive time; "" for none. A time
    that could not be read is still said: "Archived (since <as sent>)"."""
    from inspector.present.dates import short_date, zone

    if value in (None, ""):
        return ""
    if isinstance(value, datetime):
        return f"Archived since {short_date(value, zone(timezone))}"
    return f"Archived (since {one_line(str(value))})"


def record_of(answer: Any) -> CustomerRecord | None:
    """The record in an answer (``CustomerRecordAnswer``), or the record itself."""
    return getattr(answer, "record", answer) if answer is not None else None


def _entry_text(entry: Any, keys: tuple[str, ...]) -> str:
    """A phone or email entry in words: "+49 40 123 (work, primary)"; a plain string as it came."""
    if not isinstance(entry, Mapping):
        return "" if entry is None else str(entry).strip()
    value = next((str(entry[k]).strip() for k in keys if entry.get(k) not in (None, "")), "")
    notes = [str(entry[k]).strip() for k in _KIND_KEYS if entry.get(k) not in (None, "") and str(entry[k]) != value]
    if entry.get("is_primary") in (True, "true", "True", 1):
        notes.append("primary")
    rest = [f"{field_label(str(k))}: {v}" for k, v in entry.items() if k not in {*keys, *_KIND_KEYS, "is_primary"}]
    notes += [item for item in rest if not item.endswith(": None")]
    if not value:
        return "; ".join(notes)
    return f"{value} ({', '.join(notes[:3])})" if notes else value


def phone_texts(record: CustomerRecord) -> list[str]:
    return [text for text in (_entry_text(e, _PHONE_KEYS) for e in record.phone_numbers) if text]


def email_texts(record: CustomerRecord) -> list[str]:
    return [text for text in (_entry_text(e, _EMAIL_KEYS) for e in record.email_addresses) if text]


def _with_main(listed: list[str], main: list[str | None]) -> list[str]:
    """The listed entries, after the record's own (primary phone; primary and billing email) that no listed
    entry already names: each number or address once."""
    extra = [m.strip() for m in main if m and m.strip() and not any(t.startswith(m.strip()) for t in listed)]
    return list(dict.fromkeys([*extra, *listed]))


def primary_phone(record: CustomerRecord) -> str:
    """The record's primary phone, else the phone list's primary entry, else its first."""
    if record.primary_phone and record.primary_phone.strip():
        return record.primary_phone.strip()
    entries = [e for e in record.phone_numbers if e not in (None, "")]
    primary = [e for e in entries if isinstance(e, Mapping) and e.get("is_primary") in (True, "true", 1)]
    for entry in primary + entries:
        text = _entry_text(entry, _PHONE_KEYS) if not isinstance(entry, Mapping) else next(
            (str(entry[k]).strip() for k in _PHONE_KEYS if entry.get(k) not in (None, "")), ""
        )
        if text:
            return text
    return ""


def contact_line(person: ContactPerson) -> tuple[str, str]:
    """(label, summary) of one contact person: "Jana Weber", "Head of Finance, Finance · jana@… · +49 …"."""
    name = person.name or person.email_address or "Unnamed contact"
    role = ", ".join(p for p in (person.designation, person.department) if p)
    reach = [p for p in (role, person.email_address if person.name else None, person.phone_number) if p]
    return name, " · ".join(reach)


def term_text(term: PaymentTerm) -> str:
    """"Net 30", "Due on receipt"; the value alone when there is no type."""
    kind = field_label(term.type) if term.type else ""
    value = format_number(term.value) if term.value is not None else ""
    return " ".join(p for p in (kind, value) if p) or "—"


def _tax_facts(record: CustomerRecord) -> list[tuple[str, str]]:
    facts = []
    if record.tax_status:
        facts.append(("Tax status", field_label(record.tax_status)))
    if record.tax_identification_number:
        facts.append(("Tax ID", record.tax_identification_number))
    for tax_id in record.tax_identifications:
        label = (tax_id.type or "Tax ID").upper() if len(tax_id.type or "") <= 5 else field_label(tax_id.type or "")
        country = f" ({tax_id.country})" if tax_id.country else ""
        facts.append((label, f"{tax_id.number or '—'}{country}"))
    if record.legal_number:
        facts.append(("Legal number", record.legal_number))
    return facts


def _billing_facts(config: BillingConfiguration) -> list[tuple[str, str]]:
    from inspector.present.facts import postal_address

    facts = []
    for name, value in (*config.__dict__.items(), *(config.__pydantic_extra__ or {}).items()):
        if value in (None, "", [], {}):
            continue
        if name == "payment_reminder_days":
            text = f"{format_number(value)} days before the due date"
        elif isinstance(value, Mapping):
            pairs = "; ".join(f"{k}: {v}" for k, v in value.items())
            text = postal_address(value) if name == "billing_address" else pairs
        else:
            text = field_label(str(value)) if name.startswith("preferred_") else str(value)
        facts.append((field_label(name), text))
    return facts


def _address(record: CustomerRecord, prefix: str) -> dict[str, Any]:
    """The record's address fields (``shipping_`` ones with ``prefix``) under the names address.py reads."""
    found = {name: getattr(record, prefix + name) for name in _ADDRESS}
    return {name: value for name, value in found.items() if value not in (None, "")}


MAX_FACTS = 500  # metadata entries shown as facts: 50,000 rows would hold the window for seconds


def _metadata_facts(metadata: Any) -> list[tuple[str, str]]:
    from itertools import islice

    from inspector.present.fields import compact_json

    if isinstance(metadata, Mapping):
        shown = islice(metadata.items(), MAX_FACTS)
        facts = [(str(key), v if isinstance(v, str) else compact_json(v)) for key, v in shown]
        if len(metadata) > MAX_FACTS:
            facts.append(("More", f"{len(metadata) - MAX_FACTS:,} more entries — see Raw JSON"))
        return facts
    return [("Metadata", compact_json(metadata))] if metadata not in (None, "", [], {}) else []


def _dates(record: CustomerRecord, tz: tzinfo | None) -> list[tuple[str, str]]:
    found = (("Created", record.created_at), ("Updated", record.updated_at), ("Archived", record.archived_at))
    return [(label, format_when(value, tz=tz)) for label, value in found if value not in (None, "")]


def record_facts(answer: Any) -> RecordFacts:
    """The row's summary and the header's two facts (empty when the record does not say)."""
    record = record_of(answer)
    if record is None:
        return RecordFacts("", "", "")
    manager = (record.account_manager or "").strip()
    phone = primary_phone(record)
    people = len(record.contact_people)
    parts = [
        "ARCHIVED" if record.archived_at else "",  # first: the one thing that changes how to talk to them
        f"account manager {manager}" if manager else "no account manager",
        f"{people} contact{'' if people == 1 else 's'}" if people else "",
        phone,
    ]
    # API text on the row: on one line, and no bidi control can reverse it (it is set after Node.__post_init__).
    archived = archived_since(record.archived_at, record.timezone)
    return RecordFacts(one_line(" · ".join(p for p in parts if p)), manager, phone, archived)


def record_rows(section: Node, answer: Any, tz: tzinfo | None) -> tuple[list[Node], str]:
    """The "Customer record" row's rows and its summary. Reads ``section`` but changes nothing in it."""
    from inspector.present.facts import postal_address

    record = record_of(answer)
    if record is None:
        return [], section.summary
    rows: list[Node] = []

    def row(label: str, summary: str, source: Any, facts: list[tuple[str, str]] | None = None) -> Node:
        node = Node(NodeKind.ACCOUNT_ROW, one_line(label), one_line(summary), None, source, section.json_path,
                    section.money)
        node.facts = facts or []
        rows.append(node)
        return node

    manager = (record.account_manager or "").strip()
    row("Account manager", manager or "none set", {"account_manager": record.account_manager})
    for person in record.contact_people:
        label, summary = contact_line(person)
        contact = row(f"Contact: {label}", summary, person)
        contact.status = "primary" if person.is_primary else None
    if not record.contact_people:
        row("Contacts", "none listed", {"contact_people": []})
    listed_phones = phone_texts(record)
    phones = _with_main(listed_phones, [record.primary_phone])
    row("Phone numbers", " · ".join(phones) or "none listed", record.phone_numbers,
        [("Primary phone", record.primary_phone or "—"), *((f"Phone {i}", t) for i, t in enumerate(listed_phones, 1))])
    listed_emails = email_texts(record)
    emails = _with_main(listed_emails, [record.primary_email, record.billing_email])
    row("Email addresses", " · ".join(emails) or "none listed", record.email_addresses,
        [("Primary email", record.primary_email or "—"), ("Billing email", record.billing_email or "—"),
         *((f"Email {i}", t) for i, t in enumerate(listed_emails, 1))])
    tax = _tax_facts(record)
    tax_words = " · ".join(f"{label}: {text}" for label, text in tax)
    row("Tax", tax_words or "nothing recorded", record.tax_identifications, tax)
    terms = [term_text(term) for term in record.payment_terms]
    row("Payment terms", " · ".join(terms) or "none set", record.payment_terms,
        [(f"Term {i}", t) for i, t in enumerate(terms, 1)])
    config = record.billing_configuration
    billing = _billing_facts(config) if config is not None else []
    row("Billing configuration", " · ".join(text.replace("\n", ", ") for _l, text in billing[:3]) or "none set",
        config.model_dump(mode="json") if config is not None else None, billing)  # its fields: the facts
    for label, prefix in (("Address", ""), ("Shipping address", "shipping_")):
        address = _address(record, prefix)
        lines = address_lines(address) if address else []
        row(label, ", ".join(lines) or "none recorded", address, [(label, postal_address(address))] if lines else [])
    metadata = _metadata_facts(record.metadata)
    entries = len(record.metadata) if isinstance(record.metadata, Mapping) else len(metadata)
    row("Metadata", f"{entries:,} entr{'y' if entries == 1 else 'ies'}" if metadata else "none",
        record.metadata, metadata)
    dates = _dates(record, tz)
    when = row("Dates", " · ".join(f"{label.lower()} {text}" for label, text in dates) or "not given",
               {"created_at": record.created_at, "updated_at": record.updated_at, "archived_at": record.archived_at},
               dates)
    if isinstance(record.archived_at, datetime):
        when.status = "archived"
    # Every field as Metrifox sent it, unknown ones marked "(new)": nothing the record holds is hidden.
    row("Every field of the record", "as Metrifox sent them; fields this app does not know are marked (new)", record)
    return rows, record_facts(record).summary
