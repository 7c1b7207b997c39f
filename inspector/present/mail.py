"""An email to the customer holding a link (a ``mailto:`` URL), every part percent-encoded.

A name or an address from the API could carry ``?``, ``&``, ``%``, line breaks or other text meant to add
headers or recipients; here the address must be one plain address, and the subject and body are encoded
whole, so nothing in them can become part of the URL's structure.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from inspector.present.text import one_line

# One address, in the plain form nearly every mailbox uses (no quoting, comments or lists).
# Domain labels neither start nor end with a hyphen ("a@-b.co" is no address).
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_ONE_ADDRESS = re.compile(rf"[A-Za-z0-9._+-]{{1,64}}@{_LABEL}(?:\.{_LABEL})+")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def customer_address(billing_email: str | None, primary_email: str | None) -> str | None:
    """The billing email, else the primary one, when it is one plain address."""
    for candidate in (billing_email, primary_email):
        address = (candidate or "").strip()
        if address and len(address) <= 254 and _ONE_ADDRESS.fullmatch(address):
            return address
    return None


def mailto(address: str, customer_name: str, link: str, purpose: str) -> str:
    """``mailto:`` to ``address`` with a subject and a short body holding ``link``, all percent-encoded."""
    # The name stays on its line, its breaks and controls shown, bidi revealed: it must not add lines that
    # read as the app's own, nor reverse the text around the link.
    name = one_line(customer_name.strip()[:120]) or "there"
    subject = f"Your Metrifox link to {purpose}"
    body = f"Hello {name},\r\n\r\nHere is the link to {purpose}:\r\n{link}\r\n\r\nBest regards"
    return f"mailto:{quote(address, safe='@')}?subject={quote(subject, safe='')}&body={quote(body, safe='')}"
