"""When the update-quantity link may be offered, and why not otherwise (said in words)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from inspector.present.status import is_live


@dataclass(frozen=True)
class LinkOffer:
    url: str | None  # set only when the link may be opened and copied
    reason: str  # why it is (or is not) offered, shown beside the buttons


def is_safe_metrifox_link(url: str | None) -> bool:
    """An https link on metrifox.com or one of its subdomains, with nothing odd in it."""
    if not url or any(ch.isspace() or ord(ch) < 32 for ch in url):
        return False
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:
        return False
    if parts.scheme != "https" or parts.username or parts.password or port not in (None, 443):
        return False
    return host == "metrifox.com" or host.endswith(".metrifox.com")


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
