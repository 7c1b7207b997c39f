"""Invisible marks revealed like bidi controls; the email body's name revealed; plain addresses only."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from inspector.present.mail import customer_address, mailto
from inspector.present.text import reveal_bidi, terminal_safe


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("Acme\u200bCorp", "Acme[U+200B]Corp"),  # zero-width space
        ("Ac\u00adme", "Ac[U+00AD]me"),  # soft hyphen
        ("\ufeffAcme", "[U+FEFF]Acme"),  # byte-order mark
        ("Ac\u2060me", "Ac[U+2060]me"),  # word joiner
        ("gnp\u202eexe", "gnp[U+202E]exe"),  # as before
        ("Zoë 👩\u200d💻", "Zoë 👩\u200d💻"),  # a zero-width joiner in an emoji stays
    ],
)
def test_invisible_marks_are_revealed(name: str, shown: str) -> None:
    assert reveal_bidi(name) == shown
    assert terminal_safe(name) == shown


def test_bidi_in_the_email_body_is_revealed() -> None:
    url = mailto("billing@acme.example", "Acme \u202eCorp\u200b", "https://checkout.metrifox.com/x", "pay")
    body = parse_qs(urlsplit(url).query)["body"][0]
    assert body.startswith("Hello Acme [U+202E]Corp[U+200B],")
    assert "\u202e" not in body
    assert "\u200b" not in body


@pytest.mark.parametrize("address", ["a@-b.co", "a@b-.co", "a@b.-co", "a@b.co-", "a@-.co"])
def test_domain_labels_never_start_or_end_with_a_hyphen(address: str) -> None:
    assert customer_address(address, None) is None


@pytest.mark.parametrize("address", ["a@b.co", "a.b+c@my-shop.example.com", "x@a1.b2", "x@a-b-c.io"])
def test_plain_addresses_still_mailed(address: str) -> None:
    assert customer_address(address, None) == address
