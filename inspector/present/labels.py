"""Field names in words: ``next_billing_amount`` → "Next billing amount"."""

from __future__ import annotations

import re

_SPECIAL = {
    "id": "ID",
    "metrifox_id": "Metrifox ID",
    "url": "URL",
    "api": "API",
    "json": "JSON",
    "statusCode": "Status code",
    "exp_month": "Expiry month",
    "exp_year": "Expiry year",
    "last_four": "Last four digits",
    "tenant_checkout_username": "Checkout username",
    "can_update_quantities": "Can update quantities",
    "is_addon": "Add-on",
}
_ACRONYMS = {
    "id": "ID", "url": "URL", "api": "API", "uuid": "UUID", "json": "JSON", "vat": "VAT", "sepa": "SEPA", "ach": "ACH",
    "iban": "IBAN", "bacs": "BACS", "upi": "UPI",
}


def field_label(name: str) -> str:
    if name in _SPECIAL:
        return _SPECIAL[name]
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name)
    words = [w for w in re.split(r"[_\-\s]+", spaced) if w]
    if not words:
        return name
    words = [_ACRONYMS.get(w.lower(), w.lower()) for w in words]
    first = words[0]
    words[0] = first if first.isupper() else first.capitalize()
    return " ".join(words)
