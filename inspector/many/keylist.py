"""The customer keys of ``--print-many``: a file or standard input, one key a line, read as a stream.

- Blank lines and ``#`` comments are skipped; each key is cleaned by the look-up bar's rules (spaces and
  quotes pasted along are ignored, api/customer_key.py). A line that is no key is an entry with its reason,
  which becomes a failed row — never a crash.
- A line is read up to ``MAX_LINE_BYTES``; a longer one is skipped over in pieces, never held whole, so a huge
  file with no line breaks cannot fill the memory. A file whose first bytes hold NUL is not a list of keys.
- A key seen before is not yielded again (looked up once; its row stands where it first appeared); the
  repeats are counted for one sentence at the end. The set of keys seen grows with the distinct keys only.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from inspector.api import errors
from inspector.api.customer_key import clean_customer_key

MAX_LINE_BYTES = 4096  # customer keys are short; this is far beyond any
SKIP_PIECE = 65536
SNIFF_BYTES = 8192
SHOWN_CHARS = 80  # of a line that is no key, in its row
EXAMPLES = 5  # repeated keys named in the sentence


class NotKeyList(Exception):
    """The input cannot be a list of customer keys (binary, UTF-16); ``str()`` is the sentence."""


@dataclass(frozen=True)
class Entry:
    """One line that holds something: the cleaned key, or what was there and why it is no key."""

    line: int
    key: str
    problem: str | None = None


@dataclass
class Repeats:
    """Keys that appeared more than once: how many lines, and the first few with their line numbers."""

    count: int = 0
    examples: list[tuple[str, int, int]] = field(default_factory=list)  # key, first line, repeated on

    def sentence(self) -> str | None:
        if not self.count:
            return None
        named = "; ".join(f"{key} (line {first}, again on line {again})" for key, first, again in self.examples)
        more = f"; and {self.count - len(self.examples):,} more" if self.count > len(self.examples) else ""
        lines = "line repeats a key" if self.count == 1 else "lines repeat a key"
        once = "each key was looked up once, its row where it first appears"
        return f"{self.count:,} {lines} given before; {once}: {named}{more}."


def check_text(stream: BinaryIO) -> None:
    """Raise NotKeyList when the first bytes show a binary or UTF-16 file (peeked: nothing is consumed)."""
    peek = getattr(stream, "peek", None)
    head = peek(SNIFF_BYTES)[:SNIFF_BYTES] if peek is not None else b""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise NotKeyList("is UTF-16 text: save it as UTF-8 (plain text), one customer key a line")
    if b"\x00" in head:
        raise NotKeyList("is not a text file of customer keys (it holds binary data)")


def entries(stream: BinaryIO, repeats: Repeats | None = None) -> Iterator[Entry]:
    """Every line that holds something, in order; each key once (``repeats`` counts the lines skipped)."""
    seen: dict[str, int] = {}  # key → the line it first appeared on
    number = 0
    while True:
        raw = stream.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        number += 1
        if number == 1:
            raw = raw.removeprefix(codecs.BOM_UTF8)  # as Excel and Notepad save "UTF-8"
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            _skip_rest_of_line(stream)
            yield Entry(number, _shown(raw), f"Line {number} is too long to be a customer key.")
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            yield Entry(number, _shown(raw), f"Line {number} is not UTF-8 text; save the list as UTF-8.")
            continue
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        try:
            key = clean_customer_key(text.rstrip("\r\n"))
        except errors.InvalidCustomerKey as exc:
            yield Entry(number, _shown(raw), f"Line {number}: {exc.message}")
            continue
        first = seen.get(key)
        if first is not None:
            if repeats is not None:
                repeats.count += 1
                if len(repeats.examples) < EXAMPLES:
                    repeats.examples.append((key, first, number))
            continue
        seen[key] = number
        yield Entry(number, key)


def _skip_rest_of_line(stream: BinaryIO) -> None:
    while True:
        piece = stream.readline(SKIP_PIECE)
        if not piece or piece.endswith(b"\n"):
            return


def _shown(raw: bytes) -> str:
    """What a line that is no key held, shortened, for its row (escaped where it is shown)."""
    text = raw.decode("utf-8", errors="replace").rstrip("\r\n").strip()
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"
