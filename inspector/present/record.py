"""The customer record in words: the "Customer record" row's summary, its rows (contacts, phones, emails, the
account manager, tax, payment terms, billing configuration, addresses, metadata, dates, every field), and the
two facts the header shows (account manager, phone).

Plain functions over the typed record (api/record.py): the window builds the rows on a worker, ``--print``
walks the same rows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo
from decimal import Decimal
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


def _is_primary(entry: Any) -> bool:
    """An entry marked primary, however the flag came: true, "true", "True", 1, "1", "yes"."""
    flag = entry.get("is_primary") if isinstance(entry, Mapping) else None
    return flag is not False and str(flag).strip().lower() in {"true", "1", "yes"}


def _entry_value(entry: Any, keys: tuple[str, ...]) -> str:
    """The number or address of a phone or email entry; a plain string as it came."""
    if not isinstance(entry, Mapping):
        return "" if entry is None else str(entry).strip()
    return next((str(entry[k]).strip() for k in keys if entry.get(k) not in (None, "")), "")


def _entry_text(entry: Any, keys: tuple[str, ...]) -> str:
    """A phone or email entry in words: "+49 40 123 (work, primary)"; a plain string as it came."""
    if not isinstance(entry, Mapping):
        return _entry_value(entry, keys)
    value = _entry_value(entry, keys)
    notes = [str(entry[k]).strip() for k in _KIND_KEYS if entry.get(k) not in (None, "") and str(entry[k]) != value]
    if _is_primary(entry):
        notes.append("primary")
    rest = [f"{field_label(str(k))}: {v}" for k, v in entry.items() if k not in {*keys, *_KIND_KEYS, "is_primary"}]
    notes += [item for item in rest if not item.endswith(": None")]
    if not value:
        return "; ".join(notes)
    return f"{value} ({', '.join(notes[:3])})" if notes else value


def _listed(entries: list[Any], keys: tuple[str, ...]) -> list[tuple[str, str]]:
    """(value, text) of each entry that says something, the primary ones first."""
    found = [(_entry_value(e, keys), _entry_text(e, keys), _is_primary(e)) for e in entries]
    found.sort(key=lambda item: not item[2])  # stable: the list's own order otherwise
    return [(value, text) for value, text, _primary in found if text]


def phone_texts(record: CustomerRecord) -> list[str]:
    return [text for _value, text in _listed(record.phone_numbers, _PHONE_KEYS)]


def email_texts(record: CustomerRecord) -> list[str]:
    return [text for _value, text in _listed(record.email_addresses, _EMAIL_KEYS)]


def _same_phone(value: str) -> str:
    """A phone number to compare: its digits (and a leading +); "+1 415-555 0142" is "+14155550142"."""
    digits = "".join(ch for ch in value if ch.isdigit())
    return ("+" if value.strip().startswith("+") else "") + digits if digits else value.strip().lower()


def _same_email(value: str) -> str:
    return value.strip().lower()


def _noted(text: str, note: str) -> str:
    """``text`` with ``note`` among its notes ("x (work)" → "x (work, primary)"), once."""
    if text.endswith(")") and " (" in text:
        notes = text[text.rindex(" (") + 2 : -1].split(", ")
        return text if note in notes else f"{text[:-1]}, {note})"
    return f"{text} ({note})"


def _with_main(
    listed: list[tuple[str, str]], main: list[tuple[str | None, str]], same: Callable[[str], str]
) -> list[str]:
    """The record's own entries first (primary phone; primary and billing email), each labelled ("primary"),
    then the rest of the list: each number or address once (the same after ``same``: "+1 415 555 0142" and
    "+14155550142"; a number that only starts like another is another)."""
    rest = list(listed)
    shown: list[tuple[str, str]] = []  # (compared value, text)
    for value, note in main:
        if not value or not value.strip():
            continue
        key = same(value)
        earlier = next((i for i, (k, _t) in enumerate(shown) if k == key), None)
        if earlier is not None:  # the primary email is the billing one too
            shown[earlier] = (key, _noted(shown[earlier][1], note))
            continue
        match = next((entry for entry in rest if same(entry[0]) == key), None)
        if match is not None:
            rest.remove(match)
        shown.append((key, _noted(match[1] if match else value.strip(), note)))
    texts = [text for _key, text in shown] + [text for _value, text in rest]
    return list(dict.fromkeys(texts))


def primary_phone(record: CustomerRecord) -> str:
    """The record's primary phone, else the phone list's primary entry, else its first."""
    if record.primary_phone and record.primary_phone.strip():
        return record.primary_phone.strip()
    return next((value for value, _text in _listed(record.phone_numbers, _PHONE_KEYS) if value), "")


def contact_line(person: ContactPerson) -> tuple[str, str]:
    """(label, summary) of one contact person: "Jana Weber", "Head of Finance, Finance · jana@… · +49 …"."""
    name = person.name or person.email_address or "Unnamed contact"
    role = ", ".join(p for p in (person.designation, person.department) if p)
    reach = [p for p in (role, person.email_address if person.name else None, person.phone_number) if p]
    return name, " · ".join(reach)


_DUE_ON_RECEIPT = {"due_on_receipt", "on_receipt", "upon_receipt", "due_upon_receipt", "immediate"}


def term_text(term: PaymentTerm) -> str:
    """A payment term in words: "Net 30 days" (``{type: net, value: 30}`` or ``{net_days: 30}``), "Due on
    receipt" (``{due_on_receipt: 0}``), "45 days" (a bare ``{value: 45}``); another type by its name."""
    kind, value = term.type, term.value
    extra = {k: v for k, v in (term.__pydantic_extra__ or {}).items() if v is not None}
    if not kind and extra:  # the term named by its one field: {net_days: 30}
        kind, raw = next(iter(extra.items()))
        value = value if value is not None else _number(raw)
    name = (kind or "").strip().lower().replace("-", "_").replace(" ", "_")
    if name in _DUE_ON_RECEIPT:
        return "Due on receipt"
    days = format_number(value) if value is not None else ""
    base = name.removesuffix("_days")
    if base == "net":
        return f"Net {days} days" if days else "Net"
    if not name:
        return f"{days} days" if days else "—"
    label = field_label(base if name.endswith("_days") else str(kind))
    unit = " days" if name.endswith("_days") and days else ""
    return " ".join(p for p in (label, days) if p) + unit


def _number(raw: Any) -> Decimal | None:
    try:
        return Decimal(str(raw).strip())
    except ArithmeticError:
        return None


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
    for person in sorted(record.contact_people, key=lambda p: not p.is_primary):  # the primary contact first
        label, summary = contact_line(person)
        contact = row(f"Contact: {label}", summary, person)
        contact.status = "primary" if person.is_primary else None
    if not record.contact_people:
        row("Contacts", "none listed", {"contact_people": []})
    listed_phones = phone_texts(record)
    phones = _with_main(_listed(record.phone_numbers, _PHONE_KEYS), [(record.primary_phone, "primary")], _same_phone)
    row("Phone numbers", " · ".join(phones) or "none listed", record.phone_numbers,
        [("Primary phone", record.primary_phone or "—"), *((f"Phone {i}", t) for i, t in enumerate(listed_phones, 1))])
    listed_emails = email_texts(record)
    main_emails = [(record.primary_email, "primary"), (record.billing_email, "billing")]
    emails = _with_main(_listed(record.email_addresses, _EMAIL_KEYS), main_emails, _same_email)
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
