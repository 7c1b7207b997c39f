"""The card-link and price-quote endpoints as the demo transport and the tests' fake server answer them, from
an account's ``card_links`` (subscription ID → link), ``prices`` (per customer and feature: the plan's tiers)
and ``finance_api`` (True, or the status a tenant without Metrifox's finance API gets: 403 or 404).

A quote is worked out as Metrifox documents it: each tier the quantity reaches, with the units it takes
(``units_consumed, first_unit, last_unit``) and what they cost (``tier_price``: units × unit price + flat fee).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

Reply = tuple[int, dict[str, Any]]


def offer_answer(route: list[str], query: dict[str, str], account: dict[str, Any]) -> Reply | None:
    """The answer to a card-link or quantity-price route of the main API, or None for another route."""
    if route == ["checkout", "generate-card-collection-url"]:
        link = account.get("card_links", {}).get(query.get("subscription_id", ""))
        if link is None:
            return _error(404, "Subscription not found")
        return 200, {"statusCode": 200, "message": "Card collection URL generated", "data": {"checkout_url": link}}
    if route == ["usage", "quantity-price"]:
        finance = account.get("finance_api", True)
        if finance is not True:
            return _error(int(finance), "Your plan does not include the finance API")
        customer, feature = query.get("customer_key", ""), query.get("feature_key", "")
        plan = next(
            (p for p in account.get("prices", []) if (p["customer_key"], p["feature_key"]) == (customer, feature)),
            None,
        )
        if plan is None:
            return _error(422, "This feature has no price on the customer's plan")
        quantity = int(query.get("quantity", "1") or 1)
        return 200, {"statusCode": 200, "message": "ok", "data": priced(plan, quantity)}
    return None


def priced(plan: dict[str, Any], quantity: int) -> dict[str, Any]:
    """``{price, unit, quantity, applied_tiers}`` for ``quantity`` on ``plan`` (``unit``, ``tiers``: each
    ``first_unit, last_unit`` (None: no end), ``unit_price``, optional ``flat_fee``)."""
    applied, total = [], Decimal(0)
    for tier in plan["tiers"]:
        first, last = int(tier["first_unit"]), tier.get("last_unit")
        if quantity < first:
            break
        top = quantity if last is None else min(quantity, int(last))
        units = top - first + 1
        cost = units * Decimal(str(tier["unit_price"])) + Decimal(str(tier.get("flat_fee", "0")))
        total += cost
        applied.append(
            {
                "units_consumed": units,
                "first_unit": first,
                "last_unit": last,
                "unit_price": str(tier["unit_price"]),
                "flat_fee": str(tier.get("flat_fee", "0")),
                "tier_price": str(cost),
            }
        )
    return {"price": str(total), "unit": plan["unit"], "quantity": quantity, "applied_tiers": applied}


def _error(status: int, message: str) -> Reply:
    return status, {"statusCode": status, "message": message, "errors": {}}
