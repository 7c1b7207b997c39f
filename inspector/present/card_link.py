"""When a card link is worth sending: a current subscription whose card expires before its next bill, or that
has no card at all. One rule for the things to check, the detail pane, the tree's menu and ``--card-link``.

The link itself is asked of Metrifox (``checkout/generate-card-collection-url``) only when someone asks;
what may be offered of its answer is present/links.py's ``card_link_offer``.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import TYPE_CHECKING

from inspector.present.dates import short_date, zone
from inspector.present.nodes import Node, NodeKind
from inspector.present.status import is_live

if TYPE_CHECKING:
    from inspector.api.models import CustomerDetails, PaymentMethod, ProductSubscription, Subscription


@dataclass(frozen=True)
class CardLinkNeed:
    """A current subscription a card link may be asked for, and why it is worth sending (one sentence)."""

    subscription_id: str
    plan: str  # "Fleet Tracker (Fleet Pro)"
    reason: str


def next_bill_at(sub: Subscription) -> datetime | None:
    """When the next bill falls: the period's end, the renewal, or the date Metrifox wrote ("Mar 12, 2026")."""
    from inspector.present.bill import next_bill_day

    for value in (sub.current_billing_period_end, sub.renews_at):
        if isinstance(value, datetime):
            return value
    day = next_bill_day(sub)
    return datetime(day.year, day.month, day.day, tzinfo=UTC) if day is not None else None


def card_expiry(method: PaymentMethod) -> tuple[int, int, datetime] | None:
    """(month, four-digit year, the last second of that month in UTC), or None when it cannot be read."""
    try:
        month, year = int(str(method.exp_month)), int(str(method.exp_year))
    except ValueError:
        return None
    if year < 100:
        year += 2000
    if not 1 <= month <= 12 or not 2000 <= year <= 9998:
        return None
    last_day = calendar.monthrange(year, month)[1]
    return month, year, datetime(year, month, last_day, 23, 59, 59, tzinfo=UTC)


def expires_before_bill(method: PaymentMethod, sub: Subscription) -> tuple[int, int, datetime] | None:
    """(month, year, next bill) when the card expires before the subscription's next bill, else None."""
    expiry, bill = card_expiry(method), next_bill_at(sub)
    if expiry is None or bill is None or expiry[2] >= bill:
        return None
    return expiry[0], expiry[1], bill


def card_words(method: PaymentMethod) -> str:
    """"Visa •••• 4242" (the brand as Metrifox wrote it, capitalised when it came in lower case)."""
    card = (method.brand or method.type or "card").strip()
    card = card.capitalize() if card.islower() else card
    return f"{card} •••• {method.last_four}" if method.last_four else card


def card_link_need(product: ProductSubscription, tz: tzinfo | None = None) -> CardLinkNeed | None:
    """The product's current subscription, when it is live and its card is missing or expires before the next
    bill; None otherwise (no current subscription, an ended one, a card that lasts)."""
    sub = product.subscription
    if sub is None or not (sub.id or "").strip() or not is_live(sub.status):
        return None
    name = product.product_name or product.product_key or "The subscription"
    plan = f"{name} ({sub.plan_name})" if sub.plan_name else name
    method = product.payment_method
    if method is None:
        return CardLinkNeed(sub.id or "", plan, f"No card is on file for {plan}.")
    expiring = expires_before_bill(method, sub)
    if expiring is None:
        return None
    month, year, bill = expiring
    reason = f"The {card_words(method)} expires {month:02d}/{year}, before the next bill on {short_date(bill, tz)}."
    return CardLinkNeed(sub.id or "", plan, reason)


def card_link_needs(details: CustomerDetails) -> list[CardLinkNeed]:
    """Every current subscription of the customer a card link is worth sending for, in the tree's order."""
    tz = zone(details.customer.timezone)
    found = (card_link_need(product, tz) for product in details.customer.subscriptions)
    return [need for need in found if need is not None]


def need_for_path(details: CustomerDetails, json_path: str) -> CardLinkNeed | None:
    """The need of the product a row (or a thing to check) at ``json_path`` belongs to, if it has one."""
    prefix = "$.data.subscriptions["
    if not json_path.startswith(prefix) or "]" not in json_path:
        return None
    index = json_path[len(prefix) : json_path.index("]")]
    products = details.customer.subscriptions
    if not index.isdigit() or int(index) >= len(products):
        return None
    return card_link_need(products[int(index)], zone(details.customer.timezone))


def need_for_node(node: Node) -> CardLinkNeed | None:
    """For a product, its current subscription or its payment method (not past subscriptions, nor the rows of
    the account's sections): the need of that product's current subscription."""
    chain = [node, *node.ancestors()]
    if any(n.kind in {NodeKind.HISTORY, NodeKind.HISTORY_ENTRY, NodeKind.SECTION, NodeKind.ACCOUNT_ROW} for n in chain):
        return None
    if node.kind not in {NodeKind.PRODUCT, NodeKind.SUBSCRIPTION, NodeKind.PAYMENT_METHOD}:
        return None
    product = next((n for n in chain if n.kind is NodeKind.PRODUCT), None)
    if product is None or product.source is None or not hasattr(product.source, "payment_method"):
        return None
    return card_link_need(product.source, zone(node.customer_timezone()))


def card_link_choices(details: CustomerDetails) -> list[tuple[str, str]]:
    """(subscription ID, plan) of every live current subscription: those a card link may be asked for
    (``--card-link`` without an ID lists these; an ended one has no bill to pay by card)."""
    found = []
    for product in details.customer.subscriptions:
        sub = product.subscription
        if sub is not None and (sub.id or "").strip() and is_live(sub.status):
            name = product.product_name or product.product_key or "a product"
            found.append((sub.id or "", f"{name} ({sub.plan_name})" if sub.plan_name else name))
    return found
