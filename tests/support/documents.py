"""Answers for tests: the documented example, changed as a test needs, and served by the fake server."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from tests.support.fake_metrifox import EXAMPLE, FakeMetrifox


def example_document(change: Callable[[dict[str, Any]], None] | None = None) -> dict[str, Any]:
    """The documented example answer as JSON data, with ``change`` applied to its ``data``."""
    doc: dict[str, Any] = json.loads(EXAMPLE.read_bytes())
    if change is not None:
        change(doc["data"])
    return doc


def first_subscription(data: dict[str, Any]) -> dict[str, Any]:
    """The first product's current subscription in an answer's ``data``."""
    return data["subscriptions"][0]["subscription"]  # type: ignore[no-any-return]


def serve(fake: FakeMetrifox, doc: dict[str, Any]) -> None:
    """The fake server answers ``doc`` for its customer's key."""
    fake.customers[doc["data"]["customer_key"]] = json.dumps(doc).encode()
