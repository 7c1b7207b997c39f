"""The account's sections as ``--print`` writes them: the window's rows (present/sections.py), each with every
field in words (present/fields.py), so the terminal reads what the details pane reads.

A wallet is followed by its credit allocations and each allocation by its transactions; a usage event by
its ID and every other field.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from inspector.present.fields import node_fields
from inspector.present.nodes import Node, NodeKind
from inspector.present.sections import section_rows
from inspector.present.text import terminal_safe

_EMPTY = {
    "invoices": "No invoices.",
    "usage": "No usage reported.",
    "summary": "No entitlements.",
    "wallets": "No credit wallets.",
    "events": "No usage events.",
    "allocations": "No credit allocations.",
    "transactions": "No transactions.",
    "record": "No customer record.",
}


def _row_lines(row: Node, indent: str) -> list[str]:
    status = f" [{row.status}]" if row.status else ""
    summary = f" — {row.summary}" if row.summary else ""
    lines = [f"{indent}{row.label}{status}{summary}"]
    for field in node_fields(row):
        if field.value is None or field.value in ([], {}):
            continue  # the terminal keeps to what Metrifox sent (the window lists every field)
        unknown = " (new field)" if not field.known else ""
        lines.append(f"{indent}    · {field.label}{unknown}: {field.text.replace(chr(10), ', ')}")
    return lines


def _rows(root: Node, name: str, subject: str, value: Any, **options: Any) -> list[Node]:
    holder = root.add(Node(NodeKind.SECTION, name, json_path=root.json_path, section=name, subject=subject))
    rows, _summary = section_rows(holder, value, tz=options.get("tz"), known_wallets=options.get("known_wallets"))
    return [row for row in rows if row.kind is NodeKind.ACCOUNT_ROW]


def section_text(
    root: Node,
    name: str,
    value: Any,
    *,
    allocations: Mapping[str, Any] | None = None,
    **options: Any,
) -> list[str]:
    """The lines of one section (rows indented two spaces, their fields below them). ``root`` is the
    customer's node (the customer's time zone); ``allocations``: each wallet's allocations answer by wallet ID."""
    lines: list[str] = []
    for row in _rows(root, name, "", value, **options):
        lines += _row_lines(row, "  ")
        wallet_id = getattr(row.source, "id", None) if name == "wallets" else None
        answer = (allocations or {}).get(wallet_id or "")
        if answer is not None:
            lines += _allocation_lines(row, answer, options)
        if name == "allocations":
            lines += _transaction_lines(row, "      ", options)
    if name == "events":
        total = getattr(getattr(value, "meta", None), "total_count", None)
        count = len(getattr(value, "items", None) or [])
        if total is not None and total > count:
            lines.append(f"  … and {total - count:,} older events")
    return [terminal_safe(line) for line in lines] or [f"  {_EMPTY.get(name, 'Nothing here yet.')}"]


def _allocation_lines(wallet_row: Node, answer: Any, options: dict[str, Any]) -> list[str]:
    if isinstance(answer, Exception):
        return [f"      Credit allocations: {answer}"]
    rows = _rows(wallet_row, "allocations", "", answer, **options)
    lines = [f"      Credit allocations ({len(rows)})"] if rows else ["      No credit allocations."]
    for row in rows:
        lines += _row_lines(row, "        ")
        lines += _transaction_lines(row, "            ", options)
    return lines


def _transaction_lines(allocation_row: Node, indent: str, options: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    for transaction in _rows(allocation_row, "transactions", "", allocation_row.source, **options):
        lines += _row_lines(transaction, indent)
    return lines


def access_text(answer: Any, asked: int | None = None) -> list[str]:
    """``--check-access``: the window's sentence ("For 3: yes — …"), then every field Metrifox sent, in words."""
    from inspector.present.account import access_sentence

    row = Node(NodeKind.ACCOUNT_ROW, access_sentence(answer, asked=asked), source=answer)
    return [terminal_safe(line) for line in _row_lines(row, "")]
