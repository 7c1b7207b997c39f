"""The quantity of an access check: ASCII digits only, 1 to 1,000,000,000. One rule for the command line, the
Check access dialog and the client (so nothing else is ever sent)."""

from __future__ import annotations

from inspector.api import errors

MIN_QUANTITY = 1
MAX_QUANTITY = 1_000_000_000
QUANTITY_RULE = "Give the quantity as a whole number from 1 to 1,000,000,000, in the digits 0 to 9."
_DIGITS = frozenset("0123456789")


def quantity_problem(text: str | int) -> str | None:
    """None when ``text`` is a quantity that may be sent, else the one sentence saying what is allowed.

    ``str.isdigit`` would take "²", Arabic-Indic and fullwidth digits; ``int`` of 5,000 digits raises. Here only
    ASCII digits count, and the length is checked before the value is read."""
    if isinstance(text, bool):
        return QUANTITY_RULE
    if isinstance(text, int):
        return None if MIN_QUANTITY <= text <= MAX_QUANTITY else QUANTITY_RULE
    digits = text.strip() if isinstance(text, str) else ""
    if not digits or not set(digits) <= _DIGITS:
        return QUANTITY_RULE
    digits = digits.lstrip("0") or "0"
    if len(digits) > len(str(MAX_QUANTITY)) or not MIN_QUANTITY <= int(digits) <= MAX_QUANTITY:
        return QUANTITY_RULE
    return None


def parse_quantity(text: str | int) -> int:
    """The quantity as a number; :class:`errors.InvalidRequest` with :data:`QUANTITY_RULE` otherwise."""
    if quantity_problem(text) is not None:
        raise errors.InvalidRequest(QUANTITY_RULE)
    return text if isinstance(text, int) else int(text.strip())
