"""The customer record, ``GET customers/{customer_key}``: who the customer is and whom to talk to.

Contact people, phones and emails, the account manager, tax status and IDs, payment terms, the billing
configuration, the postal and shipping addresses, metadata — what the details answer does not carry. Every
field metrifox-sdk 1.3.1 declares (``CustomerResponse`` and its TypedDicts in ``types.py``) is modelled, as
leniently as the details (models.py): unknown fields kept and shown "(new)", nulls everywhere, numbers as
text or numbers, a list that comes as one object read as a list of one, and an answer that is the record
itself (not ``{data: record}``) read as if wrapped.
"""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

from pydantic import BeforeValidator, Field, model_validator

from inspector.api.models import Answer, ApiModel, Flag, Number, Text, Timestamp, wrapped_answer


def _as_list(value: Any) -> Any:
    """A list as sent; null or missing is empty; one object (or one string) where a list belongs is a list
    of one, so a record that bends the SDK's shape still shows every entry."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _as_objects(value: Any) -> Any:
    """A list of objects: as :func:`_as_list`, and an entry that is not an object kept under ``value``."""
    return [item if isinstance(item, dict) else {"value": item} for item in _as_list(value)]


def _as_object(value: Any) -> Any:
    """An object as sent; anything else (a string, a number, a list) kept under ``value`` so it is shown."""
    if value is None or isinstance(value, dict):
        return value
    return {"value": value}


class ContactPerson(ApiModel):
    first_name: Text = None
    last_name: Text = None
    email_address: Text = None
    designation: Text = None
    department: Text = None
    is_primary: Flag = None
    phone_number: Text = None

    @property
    def name(self) -> str:
        return " ".join(p.strip() for p in (self.first_name, self.last_name) if p and p.strip())


class TaxIdentification(ApiModel):
    type: Text = None
    number: Text = None
    country: Text = None


class PaymentTerm(ApiModel):
    type: Text = None
    value: Number = None


class BillingConfiguration(ApiModel):
    preferred_payment_gateway: Text = None
    preferred_payment_method: Text = None
    billing_email: Text = None
    billing_address: dict[str, Any] | Text = None  # the SDK says text; an address object is read too
    payment_reminder_days: Number = None


EntryT = TypeVar("EntryT")
Objects = Annotated[list[Any], BeforeValidator(_as_list), Field(default_factory=list)]
Entries = Annotated[list[EntryT], BeforeValidator(_as_objects), Field(default_factory=list)]


class CustomerRecord(ApiModel):
    """``data`` of ``customers/{customer_key}`` (the SDK's ``CustomerResponse``)."""

    id: Text = None
    customer_key: Text = None
    customer_type: Text = None
    primary_email: Text = None
    primary_phone: Text = None
    legal_name: Text = None
    display_name: Text = None
    legal_number: Text = None
    tax_identification_number: Text = None
    logo_url: Text = None
    website_url: Text = None
    account_manager: Text = None
    first_name: Text = None
    middle_name: Text = None
    last_name: Text = None
    full_name: Text = None
    billing_email: Text = None
    timezone: Text = None
    language: Text = None
    currency: Text = None
    tax_status: Text = None
    address_line1: Text = None
    address_line2: Text = None
    city: Text = None
    state: Text = None
    country: Text = None
    zip_code: Text = None
    shipping_address_line1: Text = None
    shipping_address_line2: Text = None
    shipping_city: Text = None
    shipping_state: Text = None
    shipping_country: Text = None
    shipping_zip_code: Text = None
    created_at: Timestamp = None
    updated_at: Timestamp = None
    archived_at: Timestamp = None
    date_of_birth: Text = None  # a calendar date: never moved into a time zone
    phone_numbers: Objects  # the SDK says objects of no declared shape; plain strings are read too
    email_addresses: Objects
    billing_configuration: Annotated[BillingConfiguration | None, BeforeValidator(_as_object)] = None
    tax_identifications: Entries[TaxIdentification]
    contact_people: Entries[ContactPerson]
    payment_terms: Entries[PaymentTerm]
    metadata: Any = None
    documents: Any = None
    mid_cycle_invoice_consolidation: Flag = None

    @property
    def title(self) -> str:
        person = " ".join(p for p in (self.first_name, self.middle_name, self.last_name) if p)
        return self.display_name or self.legal_name or self.full_name or person or self.customer_key or "Customer"


class CustomerRecordAnswer(Answer):
    """The whole answer of ``GET customers/{customer_key}`` (the body kept as sent, for ``--json``)."""

    @model_validator(mode="before")
    @classmethod
    def _unwrap(cls, value: Any) -> Any:
        return wrapped_answer(value)

    status_code: int | None = Field(default=None, alias="statusCode")
    message: Text = None
    meta: Any = None
    data: Annotated[CustomerRecord, BeforeValidator(lambda v: {} if v is None else v)]
    errors: Any = None

    @property
    def record(self) -> CustomerRecord:
        return self.data
