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


# The email in the customer's language, when Metrifox gives one the app has words for (else English).
# purpose: "quantities" | "addons" | "card"; {company}: the company set in the profile, shown to customers.
_TEXTS = {
    "en": {
        "quantities": "change your quantities",
        "addons": "add or remove add-ons",
        "card": "add or update your payment card",
        "subject": "Your {company} link to {purpose}",
        "hello": "Hello {name},",
        "hello_unnamed": "Hello,",
        "body": "{hello}\r\n\r\nHere is the link to {purpose}:\r\n{link}\r\n\r\nBest regards,\r\n{company}",
    },
    "de": {
        "quantities": "Ihre Mengen zu ändern",
        "addons": "Zusatzleistungen hinzuzufügen oder zu entfernen",
        "card": "Ihre Zahlungskarte hinzuzufügen oder zu aktualisieren",
        "subject": "Ihr {company}-Link, um {purpose}",
        "hello": "Guten Tag {name},",
        "hello_unnamed": "Guten Tag,",
        "body": "{hello}\r\n\r\nhier ist der Link, um {purpose}:\r\n{link}\r\n\r\nMit freundlichen Grüßen\r\n{company}",
    },
}
DEFAULT_COMPANY = "Metrifox"


def language_of(language: str | None) -> str:
    """The language the email is written in: the customer's ("de", "de-DE", "German") when the app has
    words for it, else English."""
    wanted = (language or "").strip().lower().replace("_", "-")
    names = {"german": "de", "deutsch": "de", "english": "en"}
    code = names.get(wanted, wanted.split("-")[0])
    return code if code in _TEXTS else "en"


def mailto(
    address: str, customer_name: str, link: str, purpose: str, *, language: str | None = None, company: str = ""
) -> str:
    """``mailto:`` to ``address`` with a subject and a short body holding ``link``, all percent-encoded, in the
    customer's ``language`` where the app has it, signed with ``company`` (the profile's; else Metrifox).
    ``purpose``: "quantities", "addons" or "card"."""
    texts = _TEXTS[language_of(language)]
    # The name stays on its line, its breaks and controls shown, bidi revealed: it must not add lines that
    # read as the app's own, nor reverse the text around the link. The company is the profile's: one line too.
    name = one_line(customer_name.strip()[:120])
    hello = texts["hello"].format(name=name) if name else texts["hello_unnamed"]
    signer = one_line(company.strip()[:120]) or DEFAULT_COMPANY
    words = texts.get(purpose, purpose)
    subject = texts["subject"].format(company=signer, purpose=words)
    body = texts["body"].format(hello=hello, purpose=words, link=link, company=signer)
    return f"mailto:{quote(address, safe='@')}?subject={quote(subject, safe='')}&body={quote(body, safe='')}"
