"""``GET checkout/generate-card-collection-url?subscription_id=``: a link the customer opens to give a card.

A GET on the main API host (metrifox-sdk 1.3.1's ``checkout.card_collection_url`` uses the main client and
reads ``data.checkout_url``). The answer is a customer-facing link: it is returned as sent, and whether it may
be offered (https on metrifox.com) is decided above (present/links.py). One rule is kept here, where the key
is known: a link that carries the API key is never handed on, in any letter case or percent-encoded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from pydantic import Field, model_validator

from inspector.api import errors
from inspector.api.models import Answer, ApiModel, Text
from inspector.api.parsing import parse_body
from inspector.api.requester import Requester

if TYPE_CHECKING:
    from inspector.api.cancel import CancelToken


CARD_LINK_PATH = "checkout/generate-card-collection-url"
NO_SUBSCRIPTION = "Metrifox knows no such subscription, so it made no card link. Look the customer up again."
NO_LINK = "Metrifox answered without a card link. Try again; if it keeps happening, tell support."
CARRIES_KEY = "The link Metrifox sent contains your API key, so it is not offered. Tell support."


class CardLink(ApiModel):
    checkout_url: Text = None


class CardLinkAnswer(Answer):
    """``{statusCode, message, data: {checkout_url}}``; a bare string in ``data`` is read as the link too."""

    @model_validator(mode="before")
    @classmethod
    def _lenient(cls, value: Any) -> Any:
        if isinstance(value, dict) and isinstance(value.get("data"), str):
            return {**value, "data": {"checkout_url": value["data"]}}
        if isinstance(value, dict) and "data" not in value and "checkout_url" in value:
            return {"data": value}
        return value

    status_code: int | None = Field(default=None, alias="statusCode")
    message: Text = None
    data: CardLink = Field(default_factory=CardLink)


def card_collection_url(client: Requester, subscription_id: str, *, cancel: CancelToken | None = None) -> str:
    """The card-collection link Metrifox makes for ``subscription_id`` (as sent; not yet judged safe)."""
    identifier = (subscription_id or "").strip()
    if not identifier:
        raise errors.InvalidRequest("Choose a subscription to make a card link for.")
    # The client's one GET path: the key only in the header, retries, the deadline, the size cap.
    body = client._get(
        CARD_LINK_PATH, {"subscription_id": identifier}, cancel, not_found=errors.NotFound(NO_SUBSCRIPTION)
    )
    link = (parse_body(CardLinkAnswer, body).data.checkout_url or "").strip()
    if not link:
        raise errors.BadResponse(NO_LINK)
    if carries_key(link, client._api_key):  # the key never leaves the API layer
        raise errors.BadResponse(CARRIES_KEY)
    return link


def carries_key(text: str, api_key: str) -> bool:
    """Whether ``text`` holds the key, in any letter case, as it is or percent-encoded (once or twice)."""
    if not api_key:
        return False
    once = unquote(text)
    key = api_key.casefold()
    return any(key in form.casefold() for form in (text, once, unquote(once)))
