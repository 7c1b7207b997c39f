"""Every leaf of an answer, and whether a text says it: the measure of "nothing Metrifox sends is hidden".

A leaf is a non-null scalar under the answer's ``data`` (the envelope's status and message are not the
customer's). It is found when one line of the text holds both its field's label in words and its value as
the app writes it: text as sent (or a class name in words), a number with its digits ("7,500", "49.5"), yes or
no, a date ("Dec 13, 2026", in UTC, the customer's zone or this computer's: ISO text, epoch seconds or ms).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from decimal import Decimal
from pathlib import Path
from typing import Any

from inspector.present.dates import short_date
from inspector.present.facts import class_name_words
from inspector.present.labels import field_label
from inspector.present.money import format_number

SHAPES = Path(__file__).resolve().parent.parent / "fixtures" / "shapes"


def shape(name: str) -> bytes:
    body: bytes = (SHAPES / f"{name}.json").read_bytes()
    return body


@dataclass(frozen=True)
class Leaf:
    path: str
    key: str
    value: Any
    holders: tuple[str, ...] = ()  # the keys of the objects it is in (an address's city: billing_address)


def leaves(document: Any) -> list[Leaf]:
    """The non-null scalars under ``data`` (all of a document without one)."""
    data = document.get("data", document) if isinstance(document, dict) else document
    return list(_walk(data, "$.data", "data", ()))


def _walk(value: Any, path: str, key: str, holders: tuple[str, ...]) -> Iterator[Leaf]:
    if isinstance(value, dict):
        for name, item in value.items():
            yield from _walk(item, f"{path}.{name}", name, (*holders, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, f"{path}[{index}]", key, holders)
    elif value is not None and value != "":
        yield Leaf(path, key, value, holders)


def _as_date(value: Any) -> datetime | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | Decimal) and value > 10**9:
        seconds = Decimal(value) / 1000 if value > 2 * 10**10 else Decimal(value)
        return datetime.fromtimestamp(float(seconds), UTC)
    if isinstance(value, str) and len(value) >= 10 and value[4:5] == "-" and value[7:8] == "-":
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return None


def renderings(value: Any, zones: Sequence[tzinfo | None]) -> list[str]:
    if isinstance(value, bool):
        return ["Yes" if value else "No"]
    when = _as_date(value)
    found = [short_date(when, tz) for tz in (*zones, UTC, None)] if when is not None else []
    if isinstance(value, str):
        found.append(value)
        words = class_name_words(value)
        if words:
            found.append(words)
        with suppress(ArithmeticError):
            found.append(format_number(Decimal(value)))
    elif isinstance(value, int | float | Decimal) and when is None:
        found += [format_number(Decimal(str(value))), str(value)]
    return found


def is_found(leaf: Leaf, lines: list[str], zones: Sequence[tzinfo | None]) -> bool:
    """On one line: the leaf's label (or its object's: "Billing address: … Hamburg …") and its value."""
    labels = [field_label(k).lower() for k in (leaf.key, *leaf.holders[1:]) if k]
    wanted = renderings(leaf.value, zones)
    return any(any(la in line.lower() for la in labels) and any(w in line for w in wanted) for line in lines)


def coverage(body: bytes, text: str, zones: Sequence[tzinfo | None] | None = None) -> tuple[float, list[Leaf]]:
    """(share of the answer's leaves the text says, the leaves it does not)."""
    every = leaves(json.loads(body, parse_float=Decimal))
    lines = text.splitlines()
    missing = [leaf for leaf in every if not is_found(leaf, lines, zones or [])]
    return (1 - len(missing) / len(every)) if every else 1.0, missing
