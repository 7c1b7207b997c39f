"""``GET usage/quantity-price?customer_key=&feature_key=&quantity=``: what a quantity of a feature would cost
the customer on their plan.

On the main API host (metrifox-sdk 1.3.1's ``usages.quantity_price`` uses the main client, not the meter's).
The answer: ``data.price``, ``data.unit`` and ``data.applied_tiers[]`` — each ``units_consumed, first_unit,
last_unit, tier_price`` (the SDK's README), with whatever else Metrifox adds kept. Only tenants whose plan
includes Metrifox's finance API get it: a 403 or 404 says the plan has none (:class:`errors.FinanceApiUnavailable`);
a 403 that is not Metrifox's own (a proxy's page) stays a proxy's refusal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BeforeValidator, Field, model_validator

from inspector.api import errors
from inspector.api.customer_key import clean_customer_key
from inspector.api.models import Answer, ApiModel, Money, Number, Text
from inspector.api.parsing import parse_body
from inspector.api.quantity import parse_quantity
from inspector.api.requester import Requester

if TYPE_CHECKING:
    from inspector.api.cancel import CancelToken


QUANTITY_PRICE_PATH = "usage/quantity-price"
NOT_PRICED = "Metrifox could not price this quantity: check that the feature is priced on the customer's plan."
# A 404 cannot tell a plan without the finance API from a customer or feature the price endpoint does not know.
NO_PRICE = (
    "Metrifox has no price quote for this customer and feature: either this Metrifox account's plan does not "
    "include the finance API, or the feature is not priced for this customer."
)


class AppliedTier(ApiModel):
    """One tier of the plan's price that the quantity reaches."""

    units_consumed: Number = None
    first_unit: Number = None
    last_unit: Number = None  # None: the tier has no upper end
    tier_price: Money = None  # what the units in this tier cost, together
    unit_price: Money = None  # per unit, when Metrifox says it
    flat_fee: Money = None  # a fixed amount for reaching the tier, when Metrifox says it


def _tiers(value: Any) -> Any:
    return [] if value is None else value


class QuantityPrice(ApiModel):
    price: Money = None
    unit: Text = None  # a currency code ("USD"), or the unit the price is counted in ("credits")
    currency: Text = None
    quantity: Number = None
    applied_tiers: Annotated[list[AppliedTier], BeforeValidator(_tiers)] = Field(default_factory=list)


class QuantityPriceAnswer(Answer):
    @model_validator(mode="before")
    @classmethod
    def _wrapped(cls, value: Any) -> Any:
        if isinstance(value, dict) and "data" not in value and "price" in value:
            return {"data": value}
        return value

    status_code: int | None = Field(default=None, alias="statusCode")
    message: Text = None
    data: QuantityPrice


def quantity_price(
    client: Requester,
    customer_key: str,
    feature_key: str,
    quantity: int | str,
    *,
    cancel: CancelToken | None = None,
) -> QuantityPrice:
    """What ``quantity`` of ``feature_key`` would cost the customer; raises FinanceApiUnavailable on 403/404."""
    params = {
        "customer_key": clean_customer_key(customer_key),
        "feature_key": feature_key.strip(),
        "quantity": str(parse_quantity(quantity)),  # the access check's rule: nothing else is ever sent
    }
    if not params["feature_key"]:
        raise errors.InvalidRequest("Choose a feature to price.")
    try:
        # The client's one GET path: the key only in the header, retries, the deadline, the size cap.
        body = client._get(QUANTITY_PRICE_PATH, params, cancel, not_found=errors.FinanceApiUnavailable(NO_PRICE))
    except errors.Forbidden as refused:  # Metrifox's own 403 (a proxy's page is ProxyRefused, not this)
        raise errors.FinanceApiUnavailable(status_code=refused.status_code) from None
    except errors.InvalidRequest as refused:
        raise errors.InvalidRequest(NOT_PRICED, status_code=refused.status_code) from None
    return parse_body(QuantityPriceAnswer, body).data
