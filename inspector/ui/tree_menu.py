"""The tree's context menu: what right-clicking a row offers, as (text, action or None when not available)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QTreeView

from inspector.present.nodes import Node, NodeKind
from inspector.present.tree import link_offer
from inspector.ui.customer_model import CustomerTreeModel

if TYPE_CHECKING:
    from inspector.ui.detail_pane import DetailPane

MenuAction = tuple[str, Callable[[], None] | None]
QUOTE_BLOCKED = "What would N cost? — needs Metrifox's finance API, not in this account's plan"


class MenuHost(Protocol):
    """What the menu needs of the customer view (which it does not import: no loop)."""

    copyRequested: SignalInstance
    openLinkRequested: SignalInstance
    copyNodeJsonRequested: SignalInstance
    compareRequested: SignalInstance
    checkAccessRequested: SignalInstance
    event_features: list[str]
    model: CustomerTreeModel
    tree: QTreeView
    details: DetailPane  # its ask box carries "Send card link…" and "What would N cost?…" to the window

    def filter_events(self, node: Node, feature: str) -> None: ...


def tree_menu_actions(view: MenuHost, node: Node) -> list[MenuAction]:
    """What right-clicking a row offers (None: shown, but not available for this row)."""
    link = link_offer(node).url
    actions: list[MenuAction] = [
        ("Copy name", lambda: view.copyRequested.emit(node.label, "name")),
        ("Copy summary", (lambda: view.copyRequested.emit(node.summary, "summary")) if node.summary else None),
        ("Copy as JSON", lambda: view.copyNodeJsonRequested.emit(node)),
        ("Copy JSON path", lambda: view.copyRequested.emit(node.json_path, "JSON path")),
    ]
    if link is not None or node.kind in {NodeKind.PRODUCT, NodeKind.SUBSCRIPTION}:
        actions += [
            ("Open update-quantity page", (lambda: view.openLinkRequested.emit(link)) if link else None),
            (
                "Copy update-quantity link",
                (lambda: view.copyRequested.emit(link, "update-quantity link")) if link else None,
            ),
        ]
    if node.kind in {NodeKind.SUBSCRIPTION, NodeKind.HISTORY_ENTRY} and node.source is not None:
        for other in _same_product_subscriptions(node):
            title = other.label if other.kind is NodeKind.SUBSCRIPTION else f"past: {other.label}"
            actions.append((f"Compare with {title}", partial(view.compareRequested.emit, node, other)))
    feature = getattr(node.source, "feature_key", None)
    if isinstance(feature, str) and feature:
        actions.append(("Check access…", lambda: view.checkAccessRequested.emit(feature)))
    actions += _asks(view, node)
    if node.kind is NodeKind.SECTION and node.section == "events":
        seen = {getattr(c.source, "feature_key", None) for c in node.children if c.kind is NodeKind.ACCOUNT_ROW}
        keys = sorted({*view.event_features, *(k for k in seen if isinstance(k, str) and k)})
        others = [key for key in keys if key != node.feature]
        actions += [(f"Show only {key}", partial(view.filter_events, node, key)) for key in others]
        if node.feature:
            actions.append(("Show all features", lambda: view.filter_events(node, "")))
    if node.has_children:
        index = view.model.createIndex(node.row, 0, node)
        actions.append(("Expand all below", lambda: view.tree.expandRecursively(index)))
    return actions

def _asks(view: MenuHost, node: Node) -> list[MenuAction]:
    """A card link where the card is missing or expires before the next bill; a price quote on a usage feature
    (said unavailable, with why, once Metrifox has said this account's plan has no finance API)."""
    from inspector.present.card_link import need_for_node
    from inspector.present.quotes import quote_feature

    asks = view.details.asks
    found: list[MenuAction] = []
    need = need_for_node(node)
    if need is not None:
        found.append(("Send card link…", partial(asks.cardLinkRequested.emit, need)))
    feature = quote_feature(node)
    if feature is not None and asks.quote_unavailable is not None:
        found.append((QUOTE_BLOCKED, None))
    elif feature is not None:
        found.append(("What would N cost?…", partial(asks.quoteRequested.emit, feature)))
    return found


def _same_product_subscriptions(node: Node) -> list[Node]:
    """The product's other subscriptions (current and past) to compare ``node`` with."""
    product = next((a for a in (node, *node.ancestors()) if a.kind is NodeKind.PRODUCT), None)
    if product is None:
        return []
    found = [c for c in product.children if c.kind is NodeKind.SUBSCRIPTION]
    history = next((c for c in product.children if c.kind is NodeKind.HISTORY), None)
    if history is not None:
        found += [e for e in history.children if e.kind is NodeKind.HISTORY_ENTRY and e.source is not None]
    return [n for n in found if n is not node and getattr(n.source, "id", None) != getattr(node.source, "id", 0)]
