"""When the update-quantity link may be offered, and why not otherwise (said in words)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from inspector.present.status import is_live


@dataclass(frozen=True)
class LinkOffer:
    url: str | None  # set only when the link may be opened and copied
    reason: str  # why it is (or is not) offered, shown beside the buttons


# The host as a browser will see it, in the only form we accept: plain ASCII DNS labels ending in
# metrifox.com, optionally :443. Browsers (WHATWG URL rules) read "\\" as "/" in https links, decode
# "%2F" and fold fullwidth "＼" in hosts, so anything but these characters in the host is refused.
_METRIFOX_AUTHORITY = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*metrifox\.com(?::443)?", re.IGNORECASE)
# After the host: printable ASCII only, no backslash (a browser would turn it into a path separator).
_REST = re.compile(r"[/?#][\x21-\x5b\x5d-\x7e]*")


def is_safe_metrifox_link(url: str | None) -> bool:
    """An https link on metrifox.com or one of its subdomains, read the way a browser reads it."""
    if not url or len(url) > 2048 or not url.startswith("https://"):
        return False
    rest = url[len("https://") :]
    end = min((i for i in (rest.find(c) for c in "/?#") if i >= 0), default=len(rest))
    authority, tail = rest[:end], rest[end:]
    if not _METRIFOX_AUTHORITY.fullmatch(authority):
        return False
    return not tail or _REST.fullmatch(tail) is not None


def update_quantity_offer(
    *, is_current: bool, status: str | None, can_update: bool | None, link: str | None
) -> LinkOffer:
    if not is_current:
        return LinkOffer(None, "Past subscriptions cannot be changed; use the current subscription's link.")
    if not is_live(status):
        shown = (status or "unknown").replace("_", " ")
        return LinkOffer(None, f"Quantities cannot be changed while the subscription is {shown}.")
    if not can_update:
        return LinkOffer(None, "Metrifox says this subscription's quantities cannot be changed.")
    if not link:
        return LinkOffer(None, "Metrifox sent no update-quantity link for this subscription.")
    if not is_safe_metrifox_link(link):
        return LinkOffer(None, "The link Metrifox sent is not a secure metrifox.com address, so it is not offered.")
    return LinkOffer(link, "Opens Metrifox's page where the customer changes seats and quantities.")


def addons_offer(*, is_current: bool, status: str | None, link: str) -> LinkOffer:
    """The subscription's manage-add-ons page: under the update-quantity link's rules (but for the flag)."""
    if not is_current:
        return LinkOffer(None, "Past subscriptions cannot be changed.")
    if not is_live(status):
        return LinkOffer(
            None, f"Add-ons cannot be changed while the subscription is {(status or 'unknown').replace('_', ' ')}."
        )
    if not is_safe_metrifox_link(link):
        return LinkOffer(None, "The link Metrifox sent is not a secure metrifox.com address, so it is not offered.")
    return LinkOffer(link, "Opens Metrifox's page where the customer adds or removes add-ons.")


def topup_offer(*, in_history: bool, link: str) -> LinkOffer:
    """A wallet's top-up page: only for a wallet of the customer as they are now, on metrifox.com."""
    if in_history:
        return LinkOffer(None, "This wallet belongs to a past subscription.")
    if not is_safe_metrifox_link(link):
        return LinkOffer(None, "The link Metrifox sent is not a secure metrifox.com address, so it is not offered.")
    return LinkOffer(link, "Opens Metrifox's page where the customer buys more credits.")


def card_link_offer(link: str | None) -> LinkOffer:
    """The card-collection link Metrifox made on request: offered under the update-quantity link's rules."""
    if not link:
        return LinkOffer(None, "Metrifox sent no card link.")
    if not is_safe_metrifox_link(link):
        return LinkOffer(None, "The link Metrifox sent is not a secure metrifox.com address, so it is not offered.")
    return LinkOffer(link, "Opens Metrifox's page where the customer gives a card.")
