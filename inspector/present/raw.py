"""The raw answer as text: pretty-printed with every number exactly as Metrifox sent it.

``json.loads`` + ``json.dumps`` would turn ``99.90`` into ``99.9`` and a 20-digit amount into a float;
here numbers pass through as their original text (the decoder hands us the token, we write it back),
so the raw view and "Copy as JSON" show what the API said, digit for digit.
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass
from typing import Any

from inspector.present.nesting import cut_deep, is_too_deep, nesting_depth, too_deep

RAW_VIEW_LIMIT = 2_000_000  # characters shown at once; a text view with tens of megabytes is slow to fill


@dataclass(frozen=True)
class RawText:
    text: str  # what the view shows (the first RAW_VIEW_LIMIT characters, cut at a line end)
    truncated: bool
    total_bytes: int
    full: str = ""  # the whole formatted answer, for find and for moving the view along
    note: str = ""  # why the answer is shown as it came, not indented ("nested too deeply: N levels")


class _Number:
    """A number token kept as text (never a float)."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


def loads_exact(body: bytes | str) -> Any:
    """JSON with every number kept as its original text (a ``_Number``)."""
    return json.loads(body, parse_float=_Number, parse_int=_Number, parse_constant=_Number)


def dumps_exact(value: Any, *, indent: int | None = 2) -> str:
    """JSON text of a :func:`loads_exact` value, numbers written back exactly as they came; parts nested
    deeper than MAX_NESTING levels written as "nested too deeply: N levels"."""
    value = cut_deep(value)
    nonce = secrets.token_hex(8)  # unguessable: text from the API cannot forge a number marker
    marked = json.dumps(
        value,
        indent=indent,
        ensure_ascii=False,
        default=lambda o: f"\x00{nonce}{o.text}\x00" if isinstance(o, _Number) else str(o),
    )
    return re.sub(rf'"\\u0000{nonce}([^"\\]*)\\u0000"', lambda m: m.group(1), marked)


def format_raw_json(body: bytes, limit: int = RAW_VIEW_LIMIT) -> RawText:
    """Indented JSON (or the body as it came, when it is not JSON), cut at a line end past ``limit``."""
    note = ""
    try:
        value = loads_exact(body)
        if is_too_deep(value):  # shown as sent rather than cut: the raw view hides nothing
            note = f"Shown as sent, not indented: {too_deep(nesting_depth(value))}."
            text = body.decode("utf-8", errors="replace")
        else:
            text = dumps_exact(value)
    except RecursionError:
        from inspector.api.parsing import json_nesting  # not at import: the window imports this module early

        note = f"Shown as sent, not indented: {too_deep(json_nesting(body))}."
        text = body.decode("utf-8", errors="replace")
    except ValueError:
        text = body.decode("utf-8", errors="replace")
    if len(text) <= limit:
        return RawText(text, False, len(body), note=note)
    return RawText(window_of(text, 0, limit), True, len(body), full=text, note=note)


def window_of(text: str, start: int, limit: int = RAW_VIEW_LIMIT) -> str:
    """``limit`` characters of ``text`` from ``start``, cut at a line end, with "…" where more follows."""
    if start == 0 and len(text) <= limit:
        return text
    end = start + limit
    if end >= len(text):
        return text[start:]
    cut = text.rfind("\n", start, end)
    return text[start : cut if cut > start else end] + "\n…"
