"""What an error answer says: Metrifox's own message (for the log, with the key masked), and whether the body
is Metrifox's JSON at all (a proxy's HTML page is not)."""

from __future__ import annotations

import json
import re


def without_key(text: str | None, api_key: str) -> str | None:
    """``text`` with the API key masked wherever it appears, in any letter case."""
    if not text or not api_key:
        return text
    return re.sub(re.escape(api_key), "«redacted»", text, flags=re.IGNORECASE)


def is_metrifox_json(body: bytes) -> bool:
    """Whether an error body is Metrifox's own (a JSON object with its ``message`` or ``statusCode``)."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return False
    return isinstance(data, dict) and ("message" in data or "statusCode" in data)


def server_message(body: bytes) -> str | None:
    """The API's own ``message`` from an error body, for logs (never shown as the sentence)."""
    try:
        data = json.loads(body)
    except ValueError:
        return None
    message = data.get("message") if isinstance(data, dict) else None
    return str(message)[:10_000] if message else None  # cut to 300 once the key is masked (see _status_error)
