"""The raw answer as text for the raw-JSON view: pretty-printed, and cut to what a text view shows well."""

from __future__ import annotations

import json
from dataclasses import dataclass

RAW_VIEW_LIMIT = 2_000_000  # characters; a text view with tens of megabytes is slow to fill and to search


@dataclass(frozen=True)
class RawText:
    text: str
    truncated: bool
    total_bytes: int


def format_raw_json(body: bytes, limit: int = RAW_VIEW_LIMIT) -> RawText:
    """Indented JSON (or the body as it came, when it is not JSON), cut at a line end past ``limit``."""
    try:
        text = json.dumps(json.loads(body), indent=2, ensure_ascii=False)
    except (ValueError, RecursionError):
        text = body.decode("utf-8", errors="replace")
    if len(text) <= limit:
        return RawText(text, False, len(body))
    cut = text.rfind("\n", 0, limit)
    return RawText(text[: cut if cut > 0 else limit] + "\n…", True, len(body))
