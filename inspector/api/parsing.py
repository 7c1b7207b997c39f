"""Parse a customer-details answer in small steps, so the window's thread is never starved.

Parsing runs on a worker thread, but C-level parsers (json, pydantic-core) hold the GIL for a whole call:
one call over a 17 MB customer froze the window for ~300 ms. Here the envelope is walked by hand and
each product is decoded (``raw_decode``) and validated on its own — calls of about a millisecond, between
which the window's thread gets the GIL. Floats are read as ``Decimal``, so money is never a float.
"""

from __future__ import annotations

import json
import logging
import re
from decimal import Decimal
from typing import Any, TypeVar

import pydantic

from inspector.api import errors
from inspector.api.models import Answer, Customer, CustomerDetails, LazySubscriptions, ProductSubscription


class _Decimals(dict[str, Decimal]):
    """Every number with a fraction or exponent read as ``Decimal`` (money is never a float), the same text
    read once: amounts repeat (0.00, 10.00, a plan's price), and a dictionary hit is several times cheaper
    than making a Decimal, which made the Decimal decoder ~40 % slower than a float one (benchmarks/
    fetch_parse.py). Decimals are immutable, so sharing one is safe; bounded, so a large answer full of
    distinct amounts cannot make it grow without end."""

    LIMIT = 4096

    def __missing__(self, text: str) -> Decimal:
        if len(self) >= self.LIMIT:
            self.clear()
        value = self[text] = Decimal(text)
        return value


_DECODER = json.JSONDecoder(parse_float=_Decimals().__getitem__)
ModelT = TypeVar("ModelT", bound=pydantic.BaseModel)
log = logging.getLogger(__name__)


def _refuse_empty(body: bytes) -> None:
    if not body.strip():
        raise errors.BadResponse("Metrifox sent an empty answer. Try again in a moment.")


def _places(exc: pydantic.ValidationError) -> str:
    """Error types and locations only: the input values could be anything the server echoed."""
    return str([(e["type"], e["loc"]) for e in exc.errors()[:5]])


# A lone UTF-16 surrogate escape ("\ud800" with no partner) decodes to text no file or clipboard can take.
_LONE_SURROGATE = re.compile(
    rb"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    rb"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)


def decode_json_text(body: bytes) -> str:
    """The body as text for Python's JSON decoder: a BOM dropped, lone surrogate escapes made U+FFFD.

    Both parsers read through this and the same decoder (floats as Decimal), so they agree on every
    answer: huge exponents stay Decimal (never inf), deep nesting fails the same way in both.
    """
    # A one-byte search first: it is memchr-fast, the two-byte ones are ten times slower (17 ms on 17 MB).
    if b"\\" in body and b"\\u" in body and (b"\\ud" in body or b"\\uD" in body):
        body = _LONE_SURROGATE.sub(rb"\\ufffd", body)
    return body.decode("utf-8-sig")


_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def json_nesting(text: str | bytes) -> int:
    """How deeply JSON text nests (arrays and objects), counted with a loop: for the sentence when the
    decoder ran out of recursion. Brackets inside strings do not count."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    depth = deepest = 0
    for token in _JSON_TOKEN.finditer(text):
        mark = token.group()
        if mark in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif mark in "]}":
            depth -= 1
    return deepest


def parse_body(model: type[ModelT], body: bytes) -> ModelT:
    """Parse an API answer into ``model``; anything unreadable is a :class:`errors.BadResponse`."""
    _refuse_empty(body)
    try:
        parsed = model.model_validate(_DECODER.decode(decode_json_text(body)))
    except pydantic.ValidationError as exc:
        log.warning("unreadable %s: %s", model.__name__, _places(exc))
        raise errors.BadResponse() from None
    except RecursionError:
        raise errors.NestedTooDeeply(json_nesting(body)) from None
    except ValueError:
        raise errors.BadResponse() from None
    if isinstance(parsed, Answer):
        parsed.raw_json = body
    return parsed


_WHITESPACE = " \t\n\r"


class _Malformed(ValueError):
    pass


def _skip(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in _WHITESPACE:
        pos += 1
    return pos


class _ObjectWalker:
    """Walks one JSON object member by member; values are decoded by the caller or by ``value()``."""

    def __init__(self, text: str, pos: int) -> None:
        if pos >= len(text) or text[pos] != "{":
            raise _Malformed("object expected")
        self.text = text
        self.pos = _skip(text, pos + 1)
        self.first = True

    def next_key(self) -> str | None:
        text = self.text
        if self.pos < len(text) and text[self.pos] == "}":
            self.pos += 1
            return None
        if not self.first:
            if self.pos >= len(text) or text[self.pos] != ",":
                raise _Malformed("comma expected")
            self.pos = _skip(text, self.pos + 1)
        self.first = False
        if self.pos >= len(text) or text[self.pos] != '"':
            raise _Malformed("key expected")
        key, self.pos = _DECODER.raw_decode(text, self.pos)
        self.pos = _skip(text, self.pos)
        if self.pos >= len(text) or text[self.pos] != ":":
            raise _Malformed("colon expected")
        self.pos = _skip(text, self.pos + 1)
        return str(key)

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def value(self) -> Any:
        value, end = _DECODER.raw_decode(self.text, self.pos)
        self.pos = _skip(self.text, end)
        return value

    def advance_to(self, end: int) -> None:
        self.pos = _skip(self.text, end)


def _product(text: str, pos: int) -> tuple[ProductSubscription, int]:
    """One product; its history is kept as JSON text (see LazySubscriptions) and read when opened."""
    if pos >= len(text) or text[pos] != "{":
        raw, end = _DECODER.raw_decode(text, pos)
        return ProductSubscription.model_validate(raw), end  # not an object: let validation say so
    walker = _ObjectWalker(text, pos)
    fields: dict[str, Any] = {}
    while (key := walker.next_key()) is not None:
        if key == "subscriptions_history" and walker.peek() == "[":
            start = walker.pos
            entries, end = _DECODER.raw_decode(text, start)  # checks it; the objects die young
            fields[key] = LazySubscriptions.from_json_text(text[start:end], len(entries))
            del entries
            walker.advance_to(end)
        else:
            fields[key] = walker.value()
    return ProductSubscription.model_validate(fields), walker.pos


def _products(text: str, pos: int) -> tuple[list[ProductSubscription], int]:
    """Decode and validate the ``subscriptions`` array one product at a time."""
    products: list[ProductSubscription] = []
    pos = _skip(text, pos + 1)
    if pos < len(text) and text[pos] == "]":
        return products, pos + 1
    while True:
        product, end = _product(text, pos)
        products.append(product)
        pos = _skip(text, end)
        if pos < len(text) and text[pos] == ",":
            pos = _skip(text, pos + 1)
            continue
        if pos < len(text) and text[pos] == "]":
            return products, pos + 1
        raise _Malformed("comma or ] expected")


def _customer(text: str, pos: int) -> tuple[Customer, int]:
    walker = _ObjectWalker(text, pos)
    fields: dict[str, Any] = {}
    while (key := walker.next_key()) is not None:
        if key == "subscriptions" and walker.peek() == "[":
            products, end = _products(text, walker.pos)
            fields[key] = products
            walker.advance_to(end)
        else:
            fields[key] = walker.value()
    return Customer.model_validate(fields), walker.pos


STEP_BY_STEP_FROM_BYTES = 512 * 1024  # below this, decoding and validating whole takes a few ms at most


def parse_customer_details(body: bytes) -> CustomerDetails:
    """The customer-details answer as typed models; anything unreadable is a :class:`errors.BadResponse`.

    Small answers (nearly all) are decoded and validated in two calls; large ones step by step.
    tests/unit/api/test_parsing_fuzz.py checks that both ways give the same customer.
    """
    if len(body) < STEP_BY_STEP_FROM_BYTES:
        return parse_body(CustomerDetails, body)
    return parse_step_by_step(body)


def parse_step_by_step(body: bytes) -> CustomerDetails:
    """As :func:`parse_customer_details`, in calls of about a millisecond each."""
    _refuse_empty(body)
    try:
        text = decode_json_text(body)
        pos = _skip(text, 0)
        walker = _ObjectWalker(text, pos)
        envelope: dict[str, Any] = {}
        while (key := walker.next_key()) is not None:
            if key == "data" and walker.peek() == "{":
                envelope[key], end = _customer(text, walker.pos)
                walker.advance_to(end)
            else:
                envelope[key] = walker.value()
        if _skip(text, walker.pos) != len(text):
            raise _Malformed("trailing data")
        details = CustomerDetails.model_validate(envelope)
    except pydantic.ValidationError as exc:
        log.warning("unreadable CustomerDetails: %s", _places(exc))
        raise errors.BadResponse() from None
    except RecursionError:
        raise errors.NestedTooDeeply(json_nesting(body)) from None
    except (ValueError, UnicodeDecodeError):
        raise errors.BadResponse() from None
    details.raw_json = body
    return details
