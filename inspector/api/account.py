"""Typed models of the rest of the account: invoices, entitlement usage and configuration, wallets and
their credit allocations, usage events, and the access check (shapes from metrifox-sdk's ``types.py``).

As lenient as the customer-details models (see models.py): unknown fields kept, nulls everywhere,
numbers as strings or numbers (money, quantities and credits as Decimal), epoch seconds or milliseconds (event
timestamps come both ways; pydantic reads a number beyond 2e10 as ms) or ISO text as
aware datetimes. A list answer's ``data`` may be the list itself or an object holding it.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Generic, TypeVar

from pydantic import BeforeValidator, Field, field_validator, model_validator

from inspector.api.models import (
    Answer,
    ApiModel,
    CreditAllocation,
    CreditTransaction,
    Flag,
    ListOf,
    Money,
    Number,
    PageMeta,
    Text,
    Timestamp,
    Wallet,
    wrapped_answer,
)

ItemT = TypeVar("ItemT")
_LIST_KEYS = ("data", "items", "results", "records", "invoices", "events", "wallets", "allocations", "entitlements")


def _list_in(value: Any) -> Any:
    """``data`` as a list, or an object holding the list under a usual name; null is an empty list."""
    if value is None:
        return []
    if isinstance(value, dict):
        for key in _LIST_KEYS:
            if isinstance(value.get(key), list):
                return value[key]
        return [value] if value else []  # one object where a list was expected: a list of one
    return value


__all__ = ["CreditAllocation", "CreditTransaction"]  # re-exported: they live beside Wallet in models.py


class ListAnswer(Answer, Generic[ItemT]):
    """``{statusCode, message, meta, data: [...]}`` with pagination in ``meta`` when the list is paged."""

    status_code: int | None = Field(default=None, alias="statusCode")
    message: Text = None
    meta: Annotated[PageMeta, BeforeValidator(lambda v: v if isinstance(v, dict) else {})] = Field(
        default_factory=PageMeta
    )
    data: Annotated[list[ItemT], BeforeValidator(_list_in)] = Field(default_factory=list)
    errors: Any = None

    @property
    def items(self) -> list[ItemT]:
        return self.data

    @property
    def next_page(self) -> int | None:
        return self.meta.next_page


class Invoice(ApiModel):
    """One entry of ``subscriptions/{id}/billing-history``."""

    invoice_id: Text = None
    invoice_number: Text = None
    issued_date: Timestamp = None
    due_date: Timestamp = None
    total_amount: Money = None
    amount: Money = None  # Metrifox's JS SDK tests send the invoice's amount under this name
    amount_paid: Money = None
    balance_due: Money = None
    currency: Text = None

    status: Text = None
    payment_method: dict[str, Any] | None = None
    source_type: Text = None
    created_at: Timestamp = None

    @field_validator("currency", mode="before")
    @classmethod
    def _currency_code(cls, value: Any) -> Any:
        # The SDK says a code; an object like the upcoming invoice's ({code, symbol, …}) gives its code.
        return value.get("code") if isinstance(value, dict) else value


class EntitlementPool(ApiModel):
    balance: Number = None
    used: Number = None
    amount: Number = None
    next_reset_at: Timestamp = None
    billing_end_date: Timestamp = None
    active: Flag = None


class EntitlementUsage(ApiModel):
    """One feature of ``subscriptions/{id}/v2/entitlements-usage``: what is used of which pool."""

    id: Text = None
    feature_key: Text = None
    feature_name: Text = None
    type: Text = None
    active: Flag = None
    unlimited: Flag = None
    mode: Text = None
    pool_type: Text = None
    expires_at: Timestamp = None
    used: Number = None  # the JS SDK's tests: a feature's usage without pools ({feature_key, purchased, used})
    purchased: Number = None
    included_pool: EntitlementPool | None = None
    purchased_pool: EntitlementPool | None = None
    pay_as_you_go_pool: EntitlementPool | None = None
    rollover_quantity_pool: EntitlementPool | None = None
    overage_pool: EntitlementPool | None = None

    POOLS: ClassVar[tuple[str, ...]] = (
        "included_pool",
        "purchased_pool",
        "rollover_quantity_pool",
        "pay_as_you_go_pool",
        "overage_pool",
    )

    def pools(self) -> dict[str, EntitlementPool]:
        """The pools that are there, in the order they are drawn down."""
        found = {name: getattr(self, name) for name in self.POOLS}
        return {name: pool for name, pool in found.items() if pool is not None}


class EntitlementSummary(ApiModel):
    """One feature of ``subscriptions/{id}/v2/entitlements-summary``: how it is configured."""

    id: Text = None
    entitlement_id: Text = None
    subscription_id: Text = None
    subscription_item_id: Text = None
    customer_id: Text = None
    customer_key: Text = None
    tenant_id: Text = None
    feature_key: Text = None
    feature_name: Text = None
    feature_type: Text = None
    active: Flag = None
    purchased_qty: Number = None
    billing_interval: Text = None
    billing_interval_value: Number = None
    included_allowance: Number = None
    included_allowance_reset_interval: Text = None
    included_allowance_reset_anchor: Text = None
    allowance: Number = None  # the JS SDK's tests: {feature_key, allowance, used}
    used: Number = None
    usage_limit: Number = None
    usage_limit_reset_interval: Text = None
    usage_limit_reset_anchor: Text = None
    soft_limit_enabled: Flag = None
    carryover_enabled: Flag = None
    carryover_action: Text = None
    max_carryover_amount: Number = None
    carryover_expiry_interval: Text = None
    carryover_expiry_value: Number = None
    event_names: ListOf[Text]
    aggregation_method: Text = None
    price_type: Text = None
    usage_model: Text = None
    prepaid: Flag = None
    prepaid_credit_system_id: Text = None
    credit_cost: Number = None
    credit_source_id: Text = None
    provisioning_cadence: Text = None
    renew_date_anchor: Number = None
    created_at: Timestamp = None
    updated_at: Timestamp = None
    metadata: Any = None


class OneAllocation(Answer):
    """``credit_systems/v2/credit-allocations/{id}``."""

    @model_validator(mode="before")
    @classmethod
    def _unwrap(cls, value: Any) -> Any:
        return wrapped_answer(value)

    status_code: int | None = Field(default=None, alias="statusCode")
    message: Text = None
    data: CreditAllocation


class UsageEvent(ApiModel):
    """One event of the meter service's ``usage/events``. ``timestamp`` is epoch milliseconds in Metrifox's own
    SDK tests (``1714922200000``) and seconds in older material: both are read (pydantic takes a number
    beyond 2e10 as milliseconds), and ``--json`` keeps the number as sent."""

    id: Text = None
    event_id: Text = None
    customer_key: Text = None
    feature_key: Text = None
    event_name: Text = None
    quantity: Number = None
    credit_used: Number = None
    timestamp: Timestamp = None
    metadata: Any = None


class AccessAnswer(ApiModel):
    """The meter service's ``usage/access``: may this customer use this feature now?

    Two shapes come: the SDK's (``requested_quantity, balance, used_quantity, wallet_balance, promotional,
    promotional_mode``) and the JS SDK's README and demo (``required_quantity, quota`` — a number or
    "unlimited" —, ``included_usage, carryover_quantity, reset_interval, next_reset_at`` in epoch
    milliseconds or ISO text). Both are read in full.
    """

    customer_key: Text = None
    feature_key: Text = None
    requested_quantity: Number = None
    required_quantity: Number = None
    can_access: Flag = None
    unlimited: Flag = None
    balance: Number = None
    used_quantity: Number = None
    quota: Number = None
    included_usage: Number = None
    carryover_quantity: Number = None
    reset_interval: Text = None
    next_reset_at: Timestamp = None
    entitlement_active: Flag = None
    prepaid: Flag = None
    wallet_balance: Number = None
    promotional: Flag = None
    promotional_mode: Text = None
    message: Text = None


class OneAccessAnswer(Answer):
    @model_validator(mode="before")
    @classmethod
    def _unwrap(cls, value: Any) -> Any:
        return wrapped_answer(value)
    status_code: int | None = Field(default=None, alias="statusCode")
    message: Text = None
    data: AccessAnswer


InvoicePage = ListAnswer[Invoice]
UsagePage = ListAnswer[EntitlementUsage]
SummaryPage = ListAnswer[EntitlementSummary]
WalletPage = ListAnswer[Wallet]
AllocationPage = ListAnswer[CreditAllocation]
EventPage = ListAnswer[UsageEvent]
