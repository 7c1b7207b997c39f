"""Typed models of the rest of the account: invoices, entitlement usage and configuration, wallets and
their credit allocations, usage events, and the access check (shapes from metrifox-sdk's ``types.py``).

As lenient as the customer-details models (see models.py): unknown fields kept, nulls everywhere,
numbers as strings or numbers (money, quantities and credits as Decimal), epoch seconds or ISO text as
aware datetimes. A list answer's ``data`` may be the list itself or an object holding it.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Generic, TypeVar

from pydantic import BeforeValidator, Field, field_validator, model_validator

from inspector.api.models import (
    ApiModel,
    Flag,
    ListOf,
    Money,
    Number,
    PageMeta,
    Text,
    Timestamp,
    Wallet,
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


class ListAnswer(ApiModel, Generic[ItemT]):
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
    feature_key: Text = None
    feature_name: Text = None
    feature_type: Text = None
    active: Flag = None
    included_allowance: Number = None
    included_allowance_reset_interval: Text = None
    included_allowance_reset_anchor: Text = None
    usage_limit: Number = None
    usage_limit_reset_interval: Text = None
    soft_limit_enabled: Flag = None
    carryover_enabled: Flag = None
    carryover_action: Text = None
    max_carryover_amount: Number = None
    carryover_expiry_interval: Text = None
    carryover_expiry_value: Number = None
    price_type: Text = None
    usage_model: Text = None
    prepaid: Flag = None
    credit_cost: Number = None


class CreditTransaction(ApiModel):
    id: Text = None
    amount: Number = None
    quantity: Number = None
    created_at: Timestamp = None
    event_name: Text = None
    usage_event_id: Text = None


class CreditAllocation(ApiModel):
    """A grant of credits to a wallet (``credit-allocations``), with what was drawn from it."""

    id: Text = None
    amount: Number = None
    consumed: Number = None
    created_at: Timestamp = None
    allocation_type: Text = None
    order_id: Text = None
    order_number: Text = None
    invoice_id: Text = None
    valid_until: Timestamp = None
    status: Text = None
    transactions: ListOf[CreditTransaction]


def _wrapped(value: Any) -> Any:
    """An answer that is the object itself, not ``{data: object}``, is read as if it were wrapped."""
    if isinstance(value, dict) and "data" not in value:
        return {"data": value}
    return value


class OneAllocation(ApiModel):
    """``credit_systems/v2/credit-allocations/{id}``."""

    @model_validator(mode="before")
    @classmethod
    def _unwrap(cls, value: Any) -> Any:
        return _wrapped(value)

    status_code: int | None = Field(default=None, alias="statusCode")
    message: Text = None
    data: CreditAllocation


class UsageEvent(ApiModel):
    """One event of the meter service's ``usage/events`` (``timestamp`` in epoch seconds)."""

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
    """The meter service's ``usage/access``: may this customer use this feature now?"""

    customer_key: Text = None
    feature_key: Text = None
    requested_quantity: Number = None
    can_access: Flag = None
    unlimited: Flag = None
    balance: Number = None
    used_quantity: Number = None
    entitlement_active: Flag = None
    prepaid: Flag = None
    wallet_balance: Number = None
    promotional: Flag = None
    message: Text = None


class OneAccessAnswer(ApiModel):
    @model_validator(mode="before")
    @classmethod
    def _unwrap(cls, value: Any) -> Any:
        return _wrapped(value)
    status_code: int | None = Field(default=None, alias="statusCode")
    message: Text = None
    data: AccessAnswer


InvoicePage = ListAnswer[Invoice]
UsagePage = ListAnswer[EntitlementUsage]
SummaryPage = ListAnswer[EntitlementSummary]
WalletPage = ListAnswer[Wallet]
AllocationPage = ListAnswer[CreditAllocation]
EventPage = ListAnswer[UsageEvent]
