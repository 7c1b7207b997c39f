"""The details pane is words (issue 18.12): no field of any row of any demo customer — sections included —
reads as JSON ("[]", "{…}") where words are due."""

from __future__ import annotations

from typing import Any

import pytest

from inspector.api.demo import demo_client
from inspector.present.fields import node_fields
from inspector.present.nodes import Node, NodeKind
from inspector.present.sections import section_rows
from inspector.present.tree import build_tree
from inspector.resources import demo_keys


def _json_looking(text: str) -> bool:
    text = text.strip()
    return text in {"[]", "{}", "{…}"} or text.startswith("{") or (text.startswith("[") and not text.startswith("[U+"))


@pytest.mark.parametrize("key", demo_keys())
def test_every_field_of_every_row_is_words(key: str) -> None:
    client = demo_client()
    nodes: list[Node] = [node for _, node in build_tree(client.customer_details(key)).walk()]
    calls: dict[str, Any] = {
        "invoices": client.billing_history,
        "usage": client.entitlements_usage,
        "wallets": client.wallets,
    }
    for node in list(nodes):
        if node.kind is NodeKind.SECTION and node.section in calls and node.subject:
            rows, _summary = section_rows(node, calls[node.section](node.subject))
            nodes += rows
    found = [
        (node.label, field.label, field.text)
        for node in nodes
        for field in node_fields(node)
        if _json_looking(field.text)
    ]
    assert found == []
