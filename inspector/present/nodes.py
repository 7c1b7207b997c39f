"""The plain tree the window and ``--print`` show: :class:`Node` and its kinds.

Like Qt's simpletreemodel example, the node is a plain class (children, parent, row) and the Qt model
only maps it. Apart from the builders (tree.py, sections.py) so neither has to import the other.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from inspector.present.money import format_money
from inspector.present.text import reveal_bidi

if TYPE_CHECKING:
    from inspector.api.models import Currency


class NodeKind(StrEnum):
    CUSTOMER = "customer"
    PRODUCT = "product"
    SUBSCRIPTION = "subscription"
    ITEMS = "items"
    ITEM = "item"
    INVOICE = "invoice"
    ENTITLEMENTS = "entitlements"
    ENTITLEMENT = "entitlement"
    WALLETS = "wallets"
    WALLET = "wallet"
    PAYMENT_METHOD = "payment_method"
    HISTORY = "history"
    HISTORY_ENTRY = "history_entry"
    NOTE = "note"
    # The rest of the account, loaded when opened (present/sections.py)
    SECTION = "section"  # Invoices, Usage, Credit wallets, Usage events, Allocations: rows come when opened
    ACCOUNT_ROW = "account_row"  # one invoice, feature's usage, wallet, allocation, transaction or event
    LOAD_MORE = "load_more"  # the next page of usage events


@dataclass(frozen=True)
class Money:
    """How to show money under a node: the currency code and, when the API said, symbol and decimals."""

    code: str | None = None
    symbol: str | None = None
    decimals: int | None = None

    def format(self, amount: Any) -> str:
        return format_money(amount, self.code, symbol=self.symbol, decimals=self.decimals)

    def with_code(self, code: str | None) -> Money:
        return self if not code or code == self.code else Money(code)

    @classmethod
    def from_currency(cls, currency: Currency | str | None, fallback: Money) -> Money:
        if currency is not None and not isinstance(currency, str):
            return cls(currency.code or fallback.code, currency.symbol, currency.decimal_places)
        if isinstance(currency, str) and currency:
            return cls(currency)
        return fallback


@dataclass(eq=False, slots=True, weakref_slot=True)
class Node:
    kind: NodeKind
    label: str
    summary: str = ""
    status: str | None = None
    source: Any = None  # the pydantic model this node shows (None for groups and notes)
    json_path: str = "$"
    money: Money = field(default_factory=Money)
    greyed: bool = False  # history: shown, but visibly not live
    expanded: bool = False  # open when first shown
    is_current: bool = False  # the product's current subscription (the only one whose link is offered)
    # A weak link up, so a tree has no reference cycles and is freed the moment the window drops it.
    _parent: weakref.ref[Node] | None = None
    row: int = 0
    _children: list[Node] = field(default_factory=list)
    # Builds the children on first use (history: most of a large customer, and shown collapsed).
    _pending: Callable[[Node], None] | None = None
    # A section of the account loaded from another endpoint when opened (present/sections.py).
    section: str | None = None  # invoices | usage | wallets | events | allocations | transactions
    subject: str | None = None  # the subscription ID, customer key, wallet or allocation ID it is about
    state: str = ""  # "" (not loaded) | loading | loaded | failed
    fraction: float | None = None  # used / allowance: a usage bar
    page: int = 0  # "Load more": the page it loads
    feature: str = ""  # usage events: only this feature's (empty: all)
    changed: bool = False  # changed since the previous look-up of the same customer (highlighted)
    facts: list[tuple[str, str]] = field(default_factory=list)  # label, text: shown first in the details

    def __post_init__(self) -> None:
        # API text: bidi controls made visible once, here, for the window and --print alike.
        self.label = reveal_bidi(self.label)
        self.summary = reveal_bidi(self.summary)
        if self.status:
            self.status = reveal_bidi(self.status)

    @property
    def parent(self) -> Node | None:
        return self._parent() if self._parent is not None else None

    @property
    def children(self) -> list[Node]:
        if self._pending is not None:
            build, self._pending = self._pending, None
            build(self)
        return self._children

    @property
    def has_children(self) -> bool:
        """Without building pending children."""
        return self._pending is not None or bool(self._children)

    def add(self, child: Node) -> Node:
        child._parent = weakref.ref(self)
        child.row = len(self._children)
        self._children.append(child)
        return child

    def walk(self, depth: int = 0) -> Iterator[tuple[int, Node]]:
        """Every node below, building pending children (``--print`` shows everything)."""
        yield depth, self
        for child in self.children:
            yield from child.walk(depth + 1)

    def walk_built(self) -> Iterator[Node]:
        """The nodes built so far, building nothing, in the tree's order (a loop, not nested generators: a large
        customer's tree has thousands of rows, walked in the turn that shows it)."""
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            if node._pending is None:
                stack.extend(reversed(node._children))

    def ancestors(self) -> Iterator[Node]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def customer_timezone(self) -> str | None:
        root = next(iter(reversed([self, *self.ancestors()])))
        return getattr(root.source, "timezone", None) if root.kind is NodeKind.CUSTOMER else None


# ---- a section of the account before it is loaded (its rows come from present/sections.py) ----
NOT_LOADED = "open to load"
EVENTS_PER_PAGE = 50


def add_section(parent: Node, name: str, subject: str, label: str, *, greyed: bool = False) -> Node:
    node = parent.add(
        Node(
            NodeKind.SECTION,
            label,
            NOT_LOADED,
            greyed=greyed,
            json_path=parent.json_path,
            section=name,
            subject=subject,
        )
    )
    node._pending = _not_loaded_yet  # made when first shown: most sections are never opened
    return node


def _not_loaded_yet(node: Node) -> None:
    node.add(note("Not loaded yet — open this row to load it."))


def note(text: str, *, summary: str = "") -> Node:
    return Node(NodeKind.NOTE, text, summary, greyed=True)


def loading(node: Node) -> list[Node]:
    node.state, node.summary = "loading", "Loading…"
    return [note("Loading…")]


def failed(node: Node, sentence: str) -> list[Node]:
    node.state, node.summary = "failed", "could not be loaded — select it and choose Retry"
    return [note(sentence)]


def filter_events(node: Node, feature: str) -> None:
    """A usage-events section showing one feature only (empty: all): to be loaded again from page one."""
    node.feature = feature
    node.label = f"Usage events — {feature}" if feature else "Usage events"
    node.state = ""


OFFLINE = "A saved answer: its sections are not fetched. Look this customer up live (F5) to see them."


def offline(node: Node) -> list[Node]:
    """A section of a saved answer: nothing is fetched for it (the file is offline, the key is not used)."""
    node.state, node.summary = "offline", "not fetched for a saved answer"
    return [note(OFFLINE)]


_ROW_IDS = ("id", "invoice_id", "invoice_number", "feature_key", "event_id", "order_number")


def row_key(source: Any) -> str:
    """What names one row of a section from one answer to the next (an invoice's ID, a feature's key), so F5
    and a hint can find the same row again in a newer answer."""
    for name in _ROW_IDS:
        value = getattr(source, name, None)
        if value not in (None, ""):
            return f"{name}:{value}"
    return ""


def row_in_section(section: Node, key: str) -> Node | None:
    """The row of ``section`` whose source has ``key`` (rows already made; nothing is built)."""
    if not key or section._pending is not None:
        return None
    rows = (child for child in section._children if child.source is not None)
    return next((child for child in rows if row_key(child.source) == key), None)
