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


_SEPARATORS = {"\u2028": "\\u2028", "\u2029": "\\u2029"}  # Unicode's own line and paragraph breaks
# What Markdown (CommonMark + GFM) reads as structure inside a line: emphasis, code, links and images,
# HTML and entities, tables, strikethrough; and what makes a bare URL or address a link (the ':' of a scheme,
# the '@' of an address, a '.' before a letter or digit, as in www.evil.example). API text never starts a
# line of the summary, so '-', '+' and '1.' cannot make a list item and stay as they are.
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_\[\]()<>!#|~{}:@&\"'=^$]|\.(?=[A-Za-z0-9]))")


def one_line(text: str) -> str:
    """API text that stays on its line and reads as it is: every line break and control character as a
    visible escape (``\\n``), bidi controls and invisible marks revealed. For text people paste (the support
    summary, an email): a name holding a line break must not add a line that looks like the app's own."""
    text = terminal_safe(text)
    return "".join(_SEPARATORS.get(ch, ch) for ch in text) if "\u2028" in text or "\u2029" in text else text


def markdown_literal(text: str) -> str:
    """API text for Markdown, read literally by any CommonMark or GFM renderer: on one line, and every
    character Markdown could read as structure backslash-escaped, so it makes no link, image, HTML, heading,
    list item or emphasis (and a bare URL or address, split by its escaped ``:`` ``.`` ``@``, is no link)."""
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", one_line(text))


def elide(text: str, limit: int = LABEL_CHARS) -> str:
    """The first ``limit`` characters and "…" (the full text stays in the detail pane and tooltip)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def cut_long(text: str, limit: int = CELL_CHARS) -> str:
    """Very long values: the start, then how much more there is."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text) - limit:,} more characters; Copy value copies all of it)"
