"""A price quote in words: "5,000 API calls would cost $12.50 on the customer's plan", then the tiers the
quantity reaches ("First 1,000 free, then 4,000 at $0.003 each plus $0.50."), as far as Metrifox's answer
(``usage/quantity-price``) allows. Money in the answer's currency, else the customer's, with ISO 4217 decimals;
a price per unit keeps the digits it has ($0.003), up to eight; a price counted in another unit ("credits")
is said in that unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from inspector.present.money import currency_style, format_money, format_number, sane_decimal

if TYPE_CHECKING:
    from inspector.api.pricing import AppliedTier, QuantityPrice
    from inspector.present.nodes import Node

_CURRENCY_CODE = re.compile(r"[A-Z]{3}")
_MOST_DECIMALS = 8


@dataclass(frozen=True)
class QuoteWords:
    sentence: str  # the price of the quantity
    tiers: str = ""  # the tiers it reaches, in words ("" when Metrifox sent none)


@dataclass(frozen=True)
class _Unit:
    """How amounts of this answer are said: money in a currency, or a number of some unit ("credits")."""

    currency: str | None
    word: str | None = None

    def amount(self, value: Decimal, *, per_unit: bool = False) -> str:
        if self.currency is None and self.word:
            return f"{format_number(value)} {self.word}"
        if not per_unit:
            return format_money(value, self.currency)
        _symbol, decimals = currency_style(self.currency)
        exponent = value.normalize().as_tuple().exponent
        needed = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        return format_money(value, self.currency, decimals=max(decimals, min(needed, _MOST_DECIMALS)))


def _unit_of(answer: QuantityPrice, customer_currency: str | None) -> _Unit:
    for said in (answer.currency, answer.unit):
        code = (said or "").strip()
        if _CURRENCY_CODE.fullmatch(code.upper()) and len(code) == 3 and code.isalpha():
            return _Unit(code.upper())
    word = (answer.unit or "").strip()
    if word:
        return _Unit(None, word[:40])
    return _Unit(customer_currency)


def quote_words(answer: QuantityPrice, quantity: int, feature: str, customer_currency: str | None) -> QuoteWords:
    """The quote for ``quantity`` of ``feature`` (its name) as a sentence and the tiers in words."""
    unit = _unit_of(answer, customer_currency)
    asked = f"{format_number(quantity)} {feature}".strip()
    price = sane_decimal(answer.price)
    sent = sane_decimal(answer.quantity)
    if sent is not None and sent != quantity:  # never a price for another quantity said as this one's
        asked_for = f"Metrifox priced {format_number(sent)}, not {format_number(quantity)}"
        if price is None:
            return QuoteWords(f"{asked_for}, and sent no price.")
        return QuoteWords(f"{asked_for}: {unit.amount(price)} for {format_number(sent)} {feature}.".strip())
    if price is None:
        shown = f" (it sent “{answer.price}”)" if answer.price not in (None, "") else ""
        return QuoteWords(f"Metrifox answered without a price for {asked}{shown}.")
    cost = f"nothing ({unit.amount(price)})" if price == 0 else unit.amount(price)
    sentence = f"{asked} would cost {cost} on the customer's plan."
    return QuoteWords(sentence, _tiers_words(answer.applied_tiers, unit, price))


def _tiers_words(tiers: list[AppliedTier], unit: _Unit, price: Decimal) -> str:
    parts: list[str] = []
    total: Decimal | None = Decimal(0)
    for index, tier in enumerate(tiers):
        words, cost = _tier_words(tier, unit)
        if not words:
            continue
        lead = ("first " if len(tiers) > 1 else "all ") if index == 0 else "then "
        parts.append(lead + words)
        total = None if cost is None or total is None else total + cost
    if not parts:
        return ""
    said = ", ".join(parts)
    said = said[0].upper() + said[1:] + "."
    if total is not None and total != price:  # the answer's own figures disagree: both are said
        said += f" The tiers add up to {unit.amount(total)}, not {unit.amount(price)}."
    return said


def _tier_words(tier: AppliedTier, unit: _Unit) -> tuple[str, Decimal | None]:
    """("4,000 at $0.003 each plus $0.50", what the tier costs) — or ("", None) when it says nothing usable."""
    units = sane_decimal(tier.units_consumed)
    first, last = sane_decimal(tier.first_unit), sane_decimal(tier.last_unit)
    if units is None and first is not None and last is not None:
        units = last - first + 1
    cost = sane_decimal(tier.tier_price)
    each = sane_decimal(tier.unit_price)
    flat = sane_decimal(tier.flat_fee) or Decimal(0)
    if each is None and cost is not None and units:
        each = _exact_share(cost - flat, units)
    if cost is None and each is not None and units is not None:
        cost = each * units + flat
    if units is None:
        return (f"a tier costing {unit.amount(cost)}", cost) if cost is not None else ("", None)
    count = format_number(units)
    if cost == 0 or (each == 0 and not flat):
        return f"{count} free", cost if cost is not None else Decimal(0)
    if each is not None:
        plus = f" plus {unit.amount(flat)}" if flat else ""
        return f"{count} at {unit.amount(each, per_unit=True)} each{plus}", cost
    return (f"{count} for {unit.amount(cost)}", cost) if cost is not None else (f"{count} (no price sent)", None)


def _exact_share(amount: Decimal, units: Decimal) -> Decimal | None:
    """``amount / units`` when it has at most eight decimals (else a rounded figure would be said as exact)."""
    try:
        share = amount / units
    except (InvalidOperation, ZeroDivisionError):
        return None
    exponent = share.normalize().as_tuple().exponent
    if not isinstance(exponent, int) or exponent < -_MOST_DECIMALS or share * units != amount:
        return None
    return share.normalize()


@dataclass(frozen=True)
class QuoteFeature:
    """A usage feature a quote may be asked for: its key, its name, and the currency its price is said in."""

    key: str
    name: str
    currency: str | None


def quote_feature(node: Node) -> QuoteFeature | None:
    """An entitlement, or a feature's row of the Usage section, with a feature key; else None."""
    from inspector.present.nodes import NodeKind

    in_usage = node.kind is NodeKind.ACCOUNT_ROW and node.parent is not None and node.parent.section == "usage"
    if node.kind is not NodeKind.ENTITLEMENT and not in_usage:
        return None
    key = getattr(node.source, "feature_key", None)
    if not isinstance(key, str) or not key.strip():
        return None
    name = getattr(node.source, "feature_name", None) or getattr(node.source, "name", None) or key
    chain = [node, *node.ancestors()]
    code = next((n.money.code for n in chain if n.money.code), None)
    if code is None:  # the customer's currency (the root holds the customer)
        code = getattr(chain[-1].source, "currency", None)
    return QuoteFeature(key.strip(), str(name), code if isinstance(code, str) else None)


def feature_of(details: Any, feature_key: str) -> tuple[str, str | None]:
    """(the feature's name, the currency its price is said in) as the customer's details know them: the name
    of its entitlement and its subscription's currency, else the key and the customer's currency."""
    customer = details.customer
    for product in customer.subscriptions:
        for entitlement in product.entitlements:
            if entitlement.feature_key == feature_key:
                sub = product.subscription
                name = entitlement.feature_name or entitlement.name or feature_key
                return name, (sub.currency_code if sub is not None else None) or customer.currency
    for entitlement in customer.entitlements:
        if entitlement.feature_key == feature_key:
            return entitlement.feature_name or entitlement.name or feature_key, customer.currency
    return feature_key, customer.currency
