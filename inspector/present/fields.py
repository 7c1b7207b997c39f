"""The fields of one node, labelled in words and formatted (what the detail pane and ``--print`` show)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from itertools import islice
from typing import Any

from pydantic import BaseModel

from inspector.api.models import Currency, PaymentMethod
from inspector.present.dates import format_when, when_tooltip, zone
from inspector.present.facts import class_name_words, postal_address, scheduled_change_sentence
from inspector.present.labels import field_label
from inspector.present.money import format_number
from inspector.present.nesting import MAX_NESTING, nesting_depth, too_deep
from inspector.present.nodes import Money, Node, NodeKind
from inspector.present.raw import dumps_exact, loads_exact
from inspector.present.text import reveal_bidi, terminal_safe
from inspector.present.tree import payment_summary

# Fields shown as child nodes in the tree, not as rows of their parent (by the source's model): the details'
# tree's products, subscriptions, items, invoice, entitlements, wallets and payment method; an allocation's
# transactions (rows of their own: the window's section, --print's lines below it).
MAX_ENTRIES = 500  # of one object or list said in words: 50,000 would hold the window for seconds
_CHILD_FIELDS = {
    "Customer": frozenset({"subscriptions", "entitlements", "wallets"}),
    "ProductSubscription": frozenset(
        {"subscription", "subscriptions_history", "entitlements", "wallets", "payment_method"}
    ),
    "Subscription": frozenset({"subscription_items", "upcoming_invoice"}),
    "CreditAllocation": frozenset({"transactions"}),
}
_MONEY_FIELDS = frozenset({"unit_price", "total_amount", "amount", "next_billing_amount", "amount_paid", "balance_due"})
# Sources whose money fields are money (elsewhere "amount" counts credits or units).
_MONEY_SOURCES = frozenset({"Subscription", "SubscriptionItem", "UpcomingInvoice", "Invoice"})
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class FieldRow:
    name: str  # as the API spells it
    label: str  # in words
    text: str  # formatted for people
    tooltip: str  # extra precision (UTC / customer time zone, full JSON)
    json_path: str
    value: Any  # the typed value (Decimal, datetime, str, ...)
    known: bool  # False for fields this app's model does not know yet


def child_path(path: str, key: str) -> str:
    return f"{path}.{key}" if _IDENTIFIER.match(key) else f"{path}[{json.dumps(key)}]"


def _children(value: Any) -> list[Any] | None:
    """What a JSON-like value holds: a model's fields (unknown ones too), a dict's values, a list's items."""
    if isinstance(value, BaseModel):
        return [*value.__dict__.values(), *(value.__pydantic_extra__ or {}).values()]
    if isinstance(value, dict):
        return list(value.values())
    if isinstance(value, list | tuple):
        return list(value)
    return None


def value_depth(value: Any, *, beyond: int | None = None) -> int:
    """Levels of models, objects and lists in ``value``, counted without recursion."""
    return nesting_depth(value, beyond=beyond, children=_children)


def _too_deep_for(value: Any, room: int) -> bool:
    return _children(value) is not None and value_depth(value, beyond=room) > room


def to_jsonable(value: Any, room: int = MAX_NESTING) -> Any:
    """``value`` as plain JSON data; parts nested deeper than ``room`` levels become "nested too deeply: N
    levels" (JSON nested hundreds of levels in an unknown field would exhaust Python's recursion)."""
    if _too_deep_for(value, room):
        return _cut(value, room)
    return _plain_jsonable(value)


def _plain_jsonable(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain_jsonable(v) for k, v in value.items()}
    return value


def _cut(value: Any, room: int) -> Any:
    """A value known to be too deep: kept level by level down to ``room``, then the sentence."""
    if room <= 0:
        return too_deep(value_depth(value))
    if isinstance(value, BaseModel):
        out: dict[str, Any] = {}
        for name, info in type(value).model_fields.items():
            key = info.alias or name
            item = getattr(value, name)
            if _too_deep_for(item, room - 1):
                out[key] = _cut(item, room - 1)
            else:  # pydantic serialises what fits, exactly as a whole model_dump would
                out[key] = value.model_dump(mode="json", by_alias=True, include={name}).get(key)
        for key, item in (value.__pydantic_extra__ or {}).items():
            out[key] = to_jsonable(item, room - 1)
        return out
    if isinstance(value, dict):
        return {k: to_jsonable(v, room - 1) for k, v in value.items()}
    return [to_jsonable(v, room - 1) for v in value]


def customer_json(details: BaseModel) -> str:
    """The answer as indented JSON (``--json``): the body exactly as Metrifox sent it — every value with its
    JSON type and its text (``2`` stays a number, ``99.90`` keeps its zero, ``.434Z`` and epochs as sent) —
    parts deeper than MAX_NESTING levels written as "nested too deeply: N levels".

    Without the body (a model made in code) the parsed model is written instead (pydantic's serializer
    stops at about 250 levels of nesting: then Python's encoder, Decimal and dates as text).
    """
    document = answer_document(details)
    if document is not None:
        return dumps_exact(document)
    try:
        return details.model_dump_json(by_alias=True, indent=2)
    except (ValueError, RecursionError):
        return json.dumps(to_jsonable(details), indent=2, ensure_ascii=False, default=str)


def answer_document(answer: Any) -> Any:
    """The answer's body as sent, decoded with every number kept as its text (present/raw.py), or None
    when there is no body to read (a model made in code, or a body that is not JSON)."""
    body = getattr(answer, "raw_json", b"")
    if not isinstance(body, bytes) or not body:
        return None
    try:
        return loads_exact(body)
    except (ValueError, RecursionError):
        return None


def compact_json(value: Any) -> str:
    return json.dumps(to_jsonable(value), ensure_ascii=False, separators=(", ", ": "))


def format_value(name: str, value: Any, node: Node) -> tuple[str, str]:
    """(text, tooltip) for one field value."""
    if value is None:
        return "—", ""
    if _too_deep_for(value, MAX_NESTING):
        return too_deep(value_depth(value)), ""
    if (by_name := _named_field(name, value, node)) is not None:
        return by_name
    if isinstance(value, str) and (words := class_name_words(value)) is not None:
        return words, value  # the API's internal class name, in the tooltip
    if isinstance(value, bool):
        return ("Yes" if value else "No"), ""
    if isinstance(value, datetime):
        customer_zone = node.customer_timezone()
        return format_when(value, tz=zone(customer_zone)), when_tooltip(value, customer_zone)
    if isinstance(value, Decimal):
        if name in _MONEY_FIELDS and type(node.source).__name__ in _MONEY_SOURCES:
            return _money_of(node).format(value), f"Exact amount: {value}"
        return format_number(value), ""
    return _structured(value, node)


def _named_field(name: str, value: Any, node: Node) -> tuple[str, str] | None:
    """The fields said their own way whatever their type: the billing address, a scheduled change."""
    if name == "billing_address" and isinstance(value, dict):
        return postal_address(value) or "—", json.dumps(to_jsonable(value), ensure_ascii=False, indent=2)
    if name == "scheduled_change":
        sentence = scheduled_change_sentence(value, zone(node.customer_timezone()))
        if isinstance(value, str):  # the API's own words: under the "Scheduled change" label, said once
            return value.strip() or "—", ""
        return sentence or "—", compact_json(value)
    return None


def _structured(value: Any, node: Node) -> tuple[str, str]:
    """A currency, a payment method, an object or a list in words (the JSON in the tooltip); else the text."""
    if isinstance(value, Currency):
        places = f"{value.decimal_places} decimal places" if value.decimal_places is not None else ""
        text = " · ".join(str(p) for p in (value.name, value.code, value.symbol, places) if p)
        return text or compact_json(value), compact_json(value)
    if isinstance(value, PaymentMethod):
        return payment_summary(value), compact_json(value)
    if isinstance(value, list | dict) and not value:
        return "none", ""  # an empty list or object, in words (never "[]" beside rows the tree shows)
    if isinstance(value, list | dict) and len(value) > MAX_ENTRIES:  # 50,000 metadata entries: the first ones
        shown = value[:MAX_ENTRIES] if isinstance(value, list) else dict(islice(value.items(), MAX_ENTRIES))
        more = f" … {len(value) - MAX_ENTRIES:,} more — see Raw JSON"
        return in_words(shown, node) + more, f"{len(value):,} entries; the first {MAX_ENTRIES:,} are shown"
    if isinstance(value, BaseModel | list | dict):
        text = in_words(value, node)
        return text or compact_json(value), json.dumps(to_jsonable(value), ensure_ascii=False, indent=2)
    return str(value), ""


def _money_of(node: Node) -> Money:
    """The node's money, in the source's own currency when it names one (an invoice's ``currency``)."""
    code = getattr(node.source, "currency", None)
    return node.money.with_code(code) if isinstance(code, str) else node.money


def in_words(value: Any, node: Node) -> str:
    """An object or list in words, every leaf with its label: ``Region: eu; Plan: pro``; lists joined by
    " | " when they hold objects, ", " otherwise. Null leaves are left out; nothing else is."""
    if isinstance(value, BaseModel | dict):
        pairs = value.__dict__.items() if isinstance(value, BaseModel) else value.items()
        extra = (value.__pydantic_extra__ or {}).items() if isinstance(value, BaseModel) else ()
        parts = []
        for key, item in (*pairs, *extra):
            if item is None or item in ([], {}):
                continue
            text = in_words(item, node)
            parts.append(f"{field_label(str(key))}: {text}")
        return "; ".join(parts)
    if isinstance(value, list | tuple):
        texts = [in_words(item, node) for item in value]
        joiner = " | " if any(isinstance(i, BaseModel | dict) for i in value) else ", "
        return joiner.join(t for t in texts if t)
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return format_when(value, tz=zone(node.customer_timezone()))
    if isinstance(value, Decimal | int | float):
        return format_number(Decimal(str(value)))
    return str(value)


def _items(source: Any) -> Iterator[tuple[str, Any, bool]]:
    if isinstance(source, BaseModel):
        for name, info in type(source).model_fields.items():
            yield info.alias or name, getattr(source, name), True
        for name, value in (source.__pydantic_extra__ or {}).items():
            yield name, value, False


def node_fields(node: Node) -> list[FieldRow]:
    """Every field of the node's source, in words, unknown fields included (marked as such); the node's
    own facts (a feature's pools and settings) first."""
    rows = [
        FieldRow(label, reveal_bidi(label), reveal_bidi(text), "", node.json_path, text, True)
        for label, text in node.facts
    ]
    children = _CHILD_FIELDS.get(type(node.source).__name__, frozenset())
    for name, value, known in _items(node.source):
        if known and name in children:
            continue
        text, tooltip = format_value(name, value, node)
        label = reveal_bidi(field_label(name))  # unknown field names come from the API too
        path = child_path(node.json_path, name)
        rows.append(FieldRow(name, label, reveal_bidi(text), reveal_bidi(tooltip), path, value, known))
    # A scheduled change is news: it goes first, where it is read.
    rows.sort(key=lambda row: row.name != "scheduled_change" or row.text == "—")
    return rows


def render_text(root: Node, *, with_fields: bool = True) -> str:
    """The tree as indented text, one node per line, then its fields: what ``--print`` shows."""
    lines: list[str] = []
    safe = terminal_safe  # no API text reaches the terminal with its control characters
    for depth, node in root.walk():
        in_section = node.kind is NodeKind.SECTION or any(a.kind is NodeKind.SECTION for a in node.ancestors())
        carried = node.kind is NodeKind.WALLET or (
            node.kind is NodeKind.SECTION and any(c.kind is NodeKind.WALLET for c in node.children)
        )
        if in_section and not carried:
            continue  # the account's other sections: --with prints them, loaded (the details' wallets: here)
        indent = "  " * depth
        status = f" [{safe(node.status)}]" if node.status else ""
        summary = f" — {safe(node.summary)}" if node.summary else ""
        lines.append(f"{indent}{safe(node.label)}{status}{summary}")
        if with_fields:
            for row in node_fields(node):
                unknown = " (new field)" if not row.known else ""
                text = safe(row.text.replace("\n", ", "))
                lines.append(f"{indent}    · {safe(row.label)}{unknown}: {text}")
    return "\n".join(lines) + "\n"


_PATH_STEP = re.compile(r'\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]')


def resolve_json_path(document: Any, path: str) -> Any:
    """The value at a path made by this module (``$.data.subscriptions[0]["odd key"]``), or None."""
    value = document
    position = 1 if path.startswith("$") else 0
    while position < len(path):
        step = _PATH_STEP.match(path, position)
        if step is None:
            return None
        name, index, quoted = step.groups()
        try:
            if name is not None:
                value = value[name]
            elif index is not None:
                value = value[int(index)]
            else:
                value = value[json.loads(quoted)]
        except (KeyError, IndexError, TypeError):
            return None
        position = step.end()
    return value
