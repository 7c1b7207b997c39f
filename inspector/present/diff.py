"""What changed between two answers for the same customer, in words: "Seats — Quantity: 3 → 5".

Both answers are walked as the window shows them (the same nodes, the same fields in words), so a change
reads as a person sees the row; dates are compared as dates (not "3 days ago" against "4 days ago").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from inspector.api.models import CustomerDetails
from inspector.present.dates import format_absolute
from inspector.present.fields import node_fields, to_jsonable
from inspector.present.nodes import Node, NodeKind
from inspector.present.tree import build_tree, find_by_path

_SKIPPED_KINDS = {NodeKind.SECTION, NodeKind.ACCOUNT_ROW, NodeKind.LOAD_MORE, NodeKind.NOTE}


@dataclass(frozen=True)
class Change:
    json_path: str  # the row that changed (in the newer answer)
    words: str


def _rows(root: Node, stop: Callable[[], bool]) -> dict[str, tuple[str, dict[str, tuple[object, str, str]]]]:
    """json path → (row label, field name → (comparable value, label, text))."""
    found: dict[str, tuple[str, dict[str, tuple[object, str, str]]]] = {}
    for _, node in root.walk():
        if stop():
            raise Stopped
        if node.kind in _SKIPPED_KINDS or node.source is None:
            continue
        fields = {}
        for row in node_fields(node):
            if row.name.startswith("Bill:") or row.json_path == node.json_path:
                continue  # the bill explained is worked out from the fields compared here
            text = format_absolute(row.value) if isinstance(row.value, datetime) else row.text
            fields[row.name] = (_comparable(row.value), row.label, text)
        found[node.json_path] = (node.label, fields)
    return found


class Stopped(Exception):
    """The comparison was no longer wanted (``stop`` said so): another answer came meanwhile."""


def changes(old: CustomerDetails, new: CustomerDetails, stop: Callable[[], bool] = lambda: False) -> list[Change]:
    """Every field that differs, row by row in the newer answer's order; rows that came or went.

    ``stop`` is asked between rows (a large customer has thousands): when it says so, :class:`Stopped` is
    raised. The same bytes are the same answer: nothing to walk."""
    if old.raw_json and old.raw_json == new.raw_json:
        return []
    before, after = _rows(build_tree(old), stop), _rows(build_tree(new), stop)
    found: list[Change] = []
    for path, (label, fields) in after.items():
        if path not in before:
            found.append(Change(path, f"{label}: new"))
            continue
        _old_label, old_fields = before[path]
        for name, (value, field_label, text) in fields.items():
            previous = old_fields.get(name)
            if previous is None:
                found.append(Change(path, f"{label} — {field_label}: {text} (new field)"))
            elif previous[0] != value:
                found.append(Change(path, f"{label} — {field_label}: {previous[2]} → {text}"))
        for name, (_value, field_label, text) in old_fields.items():
            if name not in fields:
                found.append(Change(path, f"{label} — {field_label}: {text} → (gone)"))
    for path, (label, _fields) in before.items():
        if path not in after:
            found.append(Change(path, f"{label}: gone"))
    return found


def _comparable(value: object) -> object:
    """The value as compared: numbers by value (``15.0`` is ``15``), everything else as JSON data."""
    if isinstance(value, Decimal):
        return value.normalize() if value.is_finite() else str(value)
    return to_jsonable(value)


def mark_changed(tree: Node, found: list[Change]) -> None:
    """Mark the rows of ``tree`` that changed (the window highlights them)."""
    for change in found:
        node = find_by_path(tree, change.json_path)
        if node is not None:
            node.changed = True


def compare_subscriptions(first: Node, second: Node) -> list[str]:
    """Two subscriptions of a product side by side: only the fields that differ, in words, then the items
    ("Seats: 3 → 5", "Skills Audit: only in the first")."""
    lines = []
    a = {row.name: row for row in node_fields(first) if not row.name.startswith("Bill:")}
    b = {row.name: row for row in node_fields(second) if not row.name.startswith("Bill:")}
    for name, row in b.items():
        other = a.get(name)
        if other is None or to_jsonable(other.value) != to_jsonable(row.value):
            before = _plain(other.value, other.text) if other is not None else "—"
            lines.append(f"{row.label}: {before} → {_plain(row.value, row.text)}")
    items_a = {item.label: item for item in _items(first)}
    items_b = {item.label: item for item in _items(second)}
    for label, item in items_b.items():
        if label not in items_a:
            lines.append(f"{label}: only in the second ({item.summary})")
        elif items_a[label].summary != item.summary:
            lines.append(f"{label}: {items_a[label].summary} → {item.summary}")
    lines += [f"{label}: only in the first ({item.summary})" for label, item in items_a.items() if label not in items_b]
    return lines


def _plain(value: object, text: str) -> str:
    return format_absolute(value) if isinstance(value, datetime) else text


def _items(node: Node) -> list[Node]:
    group = next((child for child in node.children if child.kind is NodeKind.ITEMS), None)
    return list(group.children) if group is not None else []
