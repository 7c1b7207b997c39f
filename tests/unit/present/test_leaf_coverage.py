"""Every leaf of every answer, in words: answers shaped as Metrifox's SDKs declare them (metrifox-sdk's
types.py, metrifox-js's interfaces and test answers) are read back from --print's text and the window's
details (node_fields), and at least 95 % of their non-null leaves are found, IDs included."""

from __future__ import annotations

from typing import Any

import pytest

from inspector.api import account as answers
from inspector.api.parsing import parse_body, parse_customer_details
from inspector.present.dates import zone
from inspector.present.fields import node_fields, render_text
from inspector.present.nodes import Node, NodeKind
from inspector.present.printed import access_text, section_text
from inspector.present.sections import section_rows
from inspector.present.tree import build_tree
from tests.support.leaves import coverage, shape

WANTED = 0.95
SECTIONS: list[tuple[str, Any, str]] = [
    ("invoices", answers.InvoicePage, "invoices_sdk"),
    ("invoices", answers.InvoicePage, "invoices_js"),
    ("usage", answers.UsagePage, "usage_sdk"),
    ("usage", answers.UsagePage, "usage_js"),
    ("summary", answers.SummaryPage, "summary_sdk"),
    ("summary", answers.SummaryPage, "summary_js"),
    ("wallets", answers.WalletPage, "wallets_sdk"),
    ("wallets", answers.WalletPage, "wallets_js"),
    ("allocations", answers.AllocationPage, "allocations_sdk"),
    ("allocations", answers.AllocationPage, "allocations_js"),
    ("events", answers.EventPage, "events_ms"),
    ("events", answers.EventPage, "events_s"),
]


def _customer_root() -> Node:
    details = parse_customer_details(shape("details_sdk"))
    return Node(NodeKind.CUSTOMER, "c", source=details.customer, json_path="$.data")


def _details_pane(root: Node) -> str:
    """What the window's details pane shows for every node: each field's label and text."""
    rows = (row for _depth, node in root.walk() for row in node_fields(node))
    return "\n".join(f"{row.label}: {row.text}".replace("\n", ", ") for row in rows)  # one field, one line


@pytest.mark.parametrize("fixture", ["details_sdk", "details_js"])
def test_details_leaves_in_print_and_in_the_details(fixture: str) -> None:
    details = parse_customer_details(shape(fixture))
    tz = [zone(details.customer.timezone)]
    root = build_tree(details)
    printed, missing = coverage(shape(fixture), render_text(root), tz)
    assert printed >= WANTED, missing
    shown, missing = coverage(shape(fixture), _details_pane(root), tz)
    assert shown >= WANTED, missing


@pytest.mark.parametrize(("name", "model", "fixture"), SECTIONS)
def test_section_leaves_in_print_and_in_the_details(name: str, model: Any, fixture: str) -> None:
    root = _customer_root()
    tz = zone("Europe/Berlin")
    value = parse_body(model, shape(fixture))
    printed, missing = coverage(shape(fixture), "\n".join(section_text(root, name, value, tz=tz)), [tz])
    assert printed >= WANTED, missing
    holder = root.add(Node(NodeKind.SECTION, name, section=name))
    rows, _ = section_rows(holder, value, tz=tz)
    pane = [f"{row.label}: {row.summary}" for row in rows] + [
        f"{field.label}: {field.text}" for row in rows for field in node_fields(row)
    ]
    if name == "allocations":  # the window loads an allocation's transactions when its row is opened
        for row in rows:
            transactions, _ = section_rows(Node(NodeKind.SECTION, "t", section="transactions"), row.source, tz=tz)
            pane += [f"{field.label}: {field.text}" for t in transactions for field in node_fields(t)]
    shown, missing = coverage(shape(fixture), "\n".join(pane), [tz])
    assert shown >= WANTED, missing


@pytest.mark.parametrize("fixture", ["access_sdk", "access_js"])
def test_both_access_shapes_read_in_full(fixture: str) -> None:
    answer = parse_body(answers.OneAccessAnswer, shape(fixture)).data
    lines = access_text(answer)
    share, missing = coverage(shape(fixture), "\n".join(lines), [None])
    assert share >= WANTED, missing
    if fixture == "access_js":
        assert lines[0].startswith("No — Quota exceeded (0 left, 100 used of 100 (quota), 100 included, 5 carried over")
        assert "resets Dec 13, 2026" in lines[0]  # next_reset_at in milliseconds
    else:
        assert "promotional (trial_boost)" in lines[0]


def test_an_event_prints_its_id() -> None:
    value = parse_body(answers.EventPage, shape("events_ms"))
    text = section_text(_customer_root(), "events", value)
    assert "      · ID: evt_uuid_1" in text
    assert "      · Event ID: evt_def" in text
