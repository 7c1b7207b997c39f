"""Typed models of the customer-details payload.

Lenient on purpose (see ../shared/api/NOTES.md): unknown fields are kept (``extra="allow"``) and shown,
nulls are allowed everywhere, missing or null lists become empty lists, numbers may arrive as strings
and strings as numbers. Money is ``Decimal`` (never float); a money or date field that cannot be read
keeps its original text rather than failing the whole customer.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated, Any, TypeVar, overload

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    PrivateAttr,
    ValidationError,
    ValidatorFunctionWrapHandler,
    model_validator,
)

_JSON_DECODER = json.JSONDecoder(parse_float=Decimal)  # money is never a float


def _none_to_list(value: Any) -> Any:
    return [] if value is None else value


def _aware(value: Any) -> Any:
    """Naive timestamps are UTC, as every timestamp of this API is."""
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def _to_flag(value: Any) -> Any:
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in {"true", "yes", "1"}:
            return True
        if lowered in {"false", "no", "0", ""}:
            return False
    return value


# Validated in pydantic-core (no Python call per value, which matters for large customers):
# a number or numeric string becomes Decimal, other text is kept as it came.
Money = Annotated[Decimal | str | None, Field(union_mode="left_to_right")]
Number = Money  # quantities, balances: same leniency as money
# ISO text, or an epoch number: seconds, or milliseconds (usage events come both ways; pydantic reads a number
# beyond 2e10 as milliseconds). The text or number as sent stays in the raw body (--json prints that).
Timestamp = Annotated[datetime | str | None, Field(union_mode="left_to_right"), AfterValidator(_aware)]
Text = str | None  # numbers are accepted as text (coerce_numbers_to_str)
Flag = Annotated[bool | None, BeforeValidator(_to_flag)]


class ApiModel(BaseModel):
    """Base: keep unknown fields, accept numbers where text is expected."""

    model_config = ConfigDict(extra="allow", populate_by_name=True, coerce_numbers_to_str=True, defer_build=True)

    def extra_fields(self) -> dict[str, Any]:
        """Fields the API sent that this model does not know yet (shown as they came)."""
        return dict(self.__pydantic_extra__ or {})


T = TypeVar("T")
# A list that may come as null or be missing: then it is empty.
ListOf = Annotated[list[T], BeforeValidator(_none_to_list), Field(default_factory=list)]


class Currency(ApiModel):
    id: Text = None
    code: Text = None
    name: Text = None
    symbol: Text = None
    decimal_places: int | None = None
    base_unit_name: Text = None
    country: Text = None


class SubscriptionItem(ApiModel):
    price_option_id: Text = None
    name: Text = None
    quantity: Number = None
    unit_price: Money = None
    total_amount: Money = None
    billing_period_start: Timestamp = None
    billing_period_end: Timestamp = None
    line_source_type: Text = None
    is_addon: Flag = None
    pricing: Any = None
    currency_code: Text = None
    source_type: Text = None
    source_id: Text = None


class UpcomingInvoice(ApiModel):
    invoice_id: Text = None
    invoice_number: Text = None
    amount: Money = None
    currency: Currency | Text = None
    due_date: Timestamp = None
    status: Text = None


class Subscription(ApiModel):
    id: Text = None
    status: Text = None
    plan_name: Text = None
    plan_version: Text = None
    offering_key: Text = None
    product_key: Text = None
    product_name: Text = None
    default_plan_id: Text = None
    default_plan_name: Text = None
    currency_code: Text = None
    created_at: Timestamp = None
    starts_at: Timestamp = None
    ends_at: Timestamp = None
    cancelled_at: Timestamp = None
    renews_at: Timestamp = None
    trial_end_date: Timestamp = None
    post_trial_action: Text = None
    current_billing_period_start: Timestamp = None
    current_billing_period_end: Timestamp = None
    next_billing_date: Text = None  # already formatted by the API ("Mar 12, 2026"): kept as text
    next_billing_amount: Money = None
    can_update_quantities: Flag = None
    update_quantity_link: Text = None
    manage_addons_link: Text = None
    scheduled_change: Any = None
    subscription_items: ListOf[SubscriptionItem]
    upcoming_invoice: UpcomingInvoice | None = None


class PaymentMethod(ApiModel):
    id: Text = None
    type: Text = None
    brand: Text = None
    last_four: Text = None
    exp_month: Text = None
    exp_year: Text = None


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


class Wallet(ApiModel):
    id: Text = None
    name: Text = None
    balance: Number = None
    credit_unit_singular: Text = None
    credit_unit_plural: Text = None
    credit_key: Text = None
    credit_system_id: Text = None
    credit_attachment_id: Text = None
    customer_key: Text = None
    low_balance_threshold: Number = None
    topup_link: Text = None
    allocations: ListOf[CreditAllocation]


class Entitlement(ApiModel):
    """A feature the customer is entitled to: per product (the endpoint page) or for the whole customer
    (Metrifox's JS SDK: ``id, name, used_quantity, carryover_quantity, quota, included_usage, reset_interval,
    next_reset_at``; ``quota`` is a number or the word "unlimited")."""

    id: Text = None
    feature_key: Text = None
    feature_name: Text = None
    name: Text = None
    included_allowance: Number = None
    included_usage: Number = None
    usage_limit: Number = None
    quota: Number = None
    balance: Number = None
    used: Number = None
    used_quantity: Number = None
    carryover_quantity: Number = None
    reset_interval: Text = None
    next_reset_at: Timestamp = None  # ISO text, or epoch seconds or milliseconds


class LazySubscriptions(Sequence["Subscription"]):
    """A product's subscription history, read entry by entry when first needed.

    History is most of a large customer's payload (150 products x 40 entries is 97 % of the bytes) and
    shows collapsed. The step-by-step parser keeps each product's history as its JSON text (a few dozen
    objects instead of hundreds of thousands, so no long garbage-collector pauses and far less memory);
    it is decoded on first access, and each entry validated on first read. An entry that cannot be read
    raises ``ValueError`` for that entry only.
    """

    __slots__ = ("_cache", "_count", "_raw", "_text")

    def __init__(self, raw: list[Any] | None = None, *, text: str | None = None, count: int = 0) -> None:
        self._raw = raw
        self._text = text
        self._count = len(raw) if raw is not None else count
        self._cache: list[Subscription | None] | None = None

    @classmethod
    def from_json_text(cls, text: str, count: int) -> LazySubscriptions:
        return cls(None, text=text, count=count)

    def _entries(self) -> list[Any]:
        if self._raw is None:
            decoded = _JSON_DECODER.decode(self._text or "[]")
            self._raw = decoded if isinstance(decoded, list) else []
            self._text = None
        return self._raw

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> Subscription: ...
    @overload
    def __getitem__(self, index: slice) -> list[Subscription]: ...
    def __getitem__(self, index: int | slice) -> Subscription | list[Subscription]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if self._cache is None:
            self._cache = [None] * self._count
        cached = self._cache[index]
        if cached is None:
            try:
                cached = Subscription.model_validate(self._entries()[index])
            except ValidationError as exc:
                raise ValueError(f"history entry {index} cannot be read") from exc
            self._cache[index] = cached
        return cached

    def validated_count(self) -> int:
        """How many entries have been read so far (for tests and benchmarks)."""
        return 0 if self._cache is None else sum(entry is not None for entry in self._cache)

    def raw(self, index: int) -> Any:
        return self._entries()[index]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazySubscriptions):
            return self._entries() == other._entries()
        return isinstance(other, list) and list(self) == other

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"LazySubscriptions({len(self)} entries)"


def _lazy_history(value: Any) -> LazySubscriptions:
    if isinstance(value, LazySubscriptions):
        return value
    if value is None:
        return LazySubscriptions([])
    if not isinstance(value, list):
        raise ValueError("subscriptions_history must be a list")
    return LazySubscriptions(value)


def _dump_history(history: LazySubscriptions) -> list[Any]:
    dumped = []
    for index in range(len(history)):
        try:
            dumped.append(history[index].model_dump(mode="json", by_alias=True))
        except ValueError:
            dumped.append(history.raw(index))  # shown as it came
    return dumped


History = Annotated[
    LazySubscriptions,
    PlainValidator(_lazy_history, json_schema_input_type=list[Any]),
    PlainSerializer(_dump_history, return_type=list[Any]),
    Field(default_factory=lambda: LazySubscriptions([])),
]


def _is_plain_subscription(value: Any) -> bool:
    """An entry of ``subscriptions`` that is a subscription itself (Metrifox's JS SDK: ``id``, ``plan_name``,
    its own ``product_key`` …), not a product group holding one under ``subscription``."""
    if not isinstance(value, dict) or any(k in value for k in _GROUP_KEYS):
        return False
    return any(k in value for k in _SUBSCRIPTION_KEYS)


_GROUP_KEYS = ("subscription", "subscriptions_history", "entitlements", "wallets", "payment_method")
_SUBSCRIPTION_KEYS = ("id", "plan_name", "starts_at", "renews_at", "next_billing_date", "subscription_items")


class ProductSubscription(ApiModel):
    """One entry per product the customer subscribes to.

    Metrifox sends two shapes: a product group (``product_key``, ``status``, ``subscription`` inside, history,
    entitlements, wallets) or a plain subscription object. The second is read as a group whose current
    subscription is the entry itself (``plain`` is then True: the entry's JSON path is the subscription's).
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    @model_validator(mode="wrap")
    @classmethod
    def _group(cls, value: Any, handler: ValidatorFunctionWrapHandler) -> ProductSubscription:
        if not _is_plain_subscription(value):
            validated: ProductSubscription = handler(value)
            return validated
        group: ProductSubscription = handler(
            {"product_key": value.get("product_key"), "product_name": value.get("product_name"), "subscription": value}
        )
        group._plain = True
        return group

    _plain: bool = PrivateAttr(default=False)

    @property
    def plain(self) -> bool:
        """True when Metrifox sent the subscription itself, not a product group."""
        return self._plain

    product_key: Text = None
    product_name: Text = None
    status: Text = None
    subscription: Subscription | None = None
    entitlements: ListOf[Entitlement]
    wallets: ListOf[Wallet]
    subscriptions_history: History
    payment_method: PaymentMethod | None = None


class Customer(ApiModel):
    metrifox_id: Text = None
    customer_key: Text = None
    customer_type: Text = None
    display_name: Text = None
    full_name: Text = None
    primary_email: Text = None
    billing_email: Text = None
    billing_address: dict[str, Any] | Text = None
    currency: Text = None
    timezone: Text = None
    language: Text = None
    tenant_checkout_username: Text = None
    archived_at: Timestamp = None
    subscriptions: ListOf[ProductSubscription]  # product groups, or plain subscriptions (see ProductSubscription)
    entitlements: ListOf[Entitlement]  # the JS SDK's shape: the customer's features, beside its subscriptions
    wallets: ListOf[Wallet]  # the SDK puts wallets here; the endpoint page puts them per product

    @property
    def title(self) -> str:
        """The name a person knows this customer by."""
        return self.display_name or self.full_name or self.customer_key or "Unnamed customer"


def wrapped_answer(value: Any) -> Any:
    """An answer that is the object itself, not ``{data: object}``, read as if it were wrapped."""
    if isinstance(value, dict) and "data" not in value:
        return {"data": value}
    return value


class Answer(ApiModel):
    """A whole answer, which keeps the body exactly as sent (``--json`` and the raw view print it)."""

    _raw_json: bytes = PrivateAttr(default=b"")

    @property
    def raw_json(self) -> bytes:
        """The body exactly as the API sent it (shown in the raw view: nothing the API sends is hidden)."""
        return self._raw_json

    @raw_json.setter
    def raw_json(self, body: bytes) -> None:
        self._raw_json = body


class CustomerDetails(Answer):
    """The whole answer of ``GET customers/{customer_key}/details``."""

    status_code: int | None = Field(default=None, alias="statusCode")
    message: Text = None
    meta: Any = None
    data: Customer
    errors: Any = None

    @property
    def customer(self) -> Customer:
        return self.data


class PageMeta(ApiModel):
    """Pagination as the SDK declares it (``per_page``) or as Kaminari writes it for customer search
    (``limit_value``, ``first_page?``, ``last_page?``, ``out_of_range?``): both read."""

    current_page: int | None = None
    next_page: int | None = None
    prev_page: int | None = None
    total_count: int | None = None
    total_pages: int | None = None
    per_page: int | None = None
    limit_value: int | None = None
    first_page: Flag = Field(default=None, alias="first_page?")
    last_page: Flag = Field(default=None, alias="last_page?")
    out_of_range: Flag = Field(default=None, alias="out_of_range?")

    @property
    def page_size(self) -> int | None:
        return self.per_page if self.per_page is not None else self.limit_value

    @property
    def has_next(self) -> bool:
        """Whether another page follows (``next_page``, else ``last_page?`` false)."""
        if self.next_page is not None:
            return True
        return self.last_page is False and self.out_of_range is not True


class CustomerPage(Answer):
    """One page of ``GET customers?search_term=``."""

    status_code: int | None = Field(default=None, alias="statusCode")
    message: Text = None
    meta: Annotated[PageMeta, BeforeValidator(lambda v: {} if v is None else v)] = Field(default_factory=PageMeta)
    data: ListOf[Customer]
    errors: Any = None
