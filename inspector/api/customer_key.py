"""Customer keys as people paste them, and as one safe URL path segment. Plain Python, cheap to import."""

from __future__ import annotations

from urllib.parse import quote

from inspector.api import errors

_QUOTES = "\"'`\u201c\u201d\u2018\u2019"


def clean_customer_key(raw: str) -> str:
    """Trim what pasting adds (spaces, newlines, surrounding quotes); refuse what is left empty."""
    text = raw.strip()
    while len(text) >= 2 and text[0] in _QUOTES and text[-1] in _QUOTES:
        text = text[1:-1].strip()
    text = text.strip(_QUOTES).strip()
    if not text:
        raise errors.InvalidCustomerKey()
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in text):
        raise errors.InvalidCustomerKey("A customer key cannot contain line breaks or control characters.")
    return text


def path_segment(value: str) -> str:
    """Percent-encode ``value`` as exactly one URL path segment ('/', '?', '#', '..' all neutralised)."""
    encoded = quote(value, safe="")
    if set(value) <= {"."}:  # '.' and '..' are unreserved yet would move up the path
        encoded = value.replace(".", "%2E")
    return encoded
