"""API text made safe to show: bidi controls made visible, control characters escaped, long text cut.

A name holding U+202E (right-to-left override) makes ``gnp.exe`` read as ``exe.png``; ESC sequences
in ``--print`` output can rewrite the terminal or its clipboard (OSC 52); a 10 MB display name must not
make a window 32,767 pixels wide. Everything the API sends passes through here before it is shown.
"""

from __future__ import annotations

import re

# Marks that change the direction of the text around them (Unicode bidi controls), and invisible marks that
# make two names look alike: zero-width space, soft hyphen, word joiner, byte-order mark (zero-width no-break
# space), Mongolian vowel separator. (Zero-width joiners stay: emoji and several scripts need them.)
_BIDI = re.compile("[\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")
# C0 and C1 controls and DEL: never written to a terminal as they are.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}

LABEL_CHARS = 150  # tree rows, the header, window titles
CELL_CHARS = 20_000  # one value in the detail pane; Copy value still copies all of it
TOOLTIP_CHARS = 2_000


def reveal_bidi(text: str) -> str:
    """``[U+202E]`` in place of each bidi control (and ``[U+200B]`` for each invisible mark), so reversed or
    padded text cannot pass as something else."""
    return _BIDI.sub(lambda m: f"[U+{ord(m.group()):04X}]", text) if text else text


def terminal_safe(text: str) -> str:
    """For ``--print``: bidi controls revealed and every control character escaped (``\\x1b``, ``\\n``)."""
    text = reveal_bidi(text)
    return _CONTROL.sub(lambda m: _NAMED.get(m.group(), f"\\x{ord(m.group()):02x}"), text)


def elide(text: str, limit: int = LABEL_CHARS) -> str:
    """The first ``limit`` characters and "…" (the full text stays in the detail pane and tooltip)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def cut_long(text: str, limit: int = CELL_CHARS) -> str:
    """Very long values: the start, then how much more there is."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text) - limit:,} more characters; Copy value copies all of it)"
