"""The customer as a plain tree of nodes, built once from the typed model.

Like Qt's simpletreemodel example, the node is a plain class (children, parent, row) and the Qt model
only maps it; ``--print`` walks the very same nodes the window shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the window imports this module before pydantic is loaded: keep it light
    from inspector.api.models import (
        CustomerDetails,
        Entitlement,
        PaymentMethod,
        ProductSubscription,
        Subscription,
        SubscriptionItem,
        Wallet,
    )
from inspector.present.dates import short_date, zone
from inspector.present.facts import scheduled_change_sentence
from inspector.present.links import LinkOffer, addons_offer, topup_offer, update_quantity_offer
from inspector.present.money import format_number
from inspector.present.nodes import Money, Node, NodeKind, add_section
from inspector.present.status import badge, is_live


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _plan_label(sub: Subscription) -> str:
    name = sub.plan_name or sub.default_plan_name or sub.offering_key or "Subscription"
    return f"{name} (v{sub.plan_version})" if sub.plan_version else name


def _subscription_summary(sub: Subscription, money: Money, tz: tzinfo | None) -> str:
    if not is_live(sub.status) and isinstance(sub.ends_at, datetime):
        verb = "ends" if sub.ends_at > datetime.now(UTC) else "ended"
        return f"{verb} {short_date(sub.ends_at, tz)}"
    parts = []
    change = scheduled_change_sentence(sub.scheduled_change, tz)
    if change:
        parts.append(change)
    # Money first: a narrow column cuts the end of the line, and the amount matters most.
    amount = money.format(sub.next_billing_amount) if sub.next_billing_amount is not None else ""
    if sub.next_billing_date:
        parts.append(f"next bill {amount + ' on ' if amount else ''}{sub.next_billing_date}")
    elif amount:
        parts.append(f"next bill {amount}")
    if isinstance(sub.trial_end_date, datetime):
        verb = "trial ends" if sub.trial_end_date > datetime.now(UTC) else "trial ended"
        parts.append(f"{verb} {short_date(sub.trial_end_date, tz)}")
    started = sub.starts_at if isinstance(sub.starts_at, datetime) else sub.created_at
    if isinstance(started, datetime):
        parts.append(f"since {short_date(started, tz)}")
    return " · ".join(parts)


def _start_key(sub: Subscription) -> float:
    when = sub.starts_at if isinstance(sub.starts_at, datetime) else sub.created_at
    return when.timestamp() if isinstance(when, datetime) else float("-inf")


# Past this many products they start collapsed: a list of products, each with its status and plan on its
# own row, reads better than a wall of thousands of open rows (and lays out in a fraction of the time).
OPEN_PRODUCTS_UP_TO = 20


@dataclass(frozen=True)
class TreeOutline:
    """What showing a tree needs from all of its rows, worked out once on the worker that built it (a large
    customer's tree has thousands): the rows open when it is first shown, and the status words it shows."""

    opened: list[Node]
    statuses: frozenset[str]


def tree_outline(root: Node) -> TreeOutline:
    opened: list[Node] = []
    statuses: set[str] = set()
    for node in root.walk_built():
        if node.expanded and node.has_children:
            opened.append(node)
        if shown := badge(node.status):
            statuses.add(shown.text)
    return TreeOutline(opened, frozenset(statuses))


def build_tree(details: CustomerDetails) -> Node:
    """Customer → products → current subscription (items, invoice, entitlements, wallets, payment) → history."""
    customer = details.data
    money = Money(customer.currency)
    products = customer.subscriptions
    kind = (customer.customer_type or "").replace("_", " ").capitalize()
    summary = " · ".join(p for p in (kind, customer.currency, _plural(len(products), "product")) if p)
    root = Node(NodeKind.CUSTOMER, customer.title, summary, None, customer, "$.data", money, expanded=True)
    open_products = len(products) <= OPEN_PRODUCTS_UP_TO
    tz = zone(customer.timezone)  # billing dates read in the customer's own zone
    for index, product in enumerate(products):
        _add_product(root, product, f"$.data.subscriptions[{index}]", money, open_products, tz=tz)
    if customer.entitlements:  # the JS SDK's shape: the customer's features beside its subscriptions
        _add_entitlements(root, customer.entitlements, "$.data.entitlements", money)
    if not products:
        root.add(Node(NodeKind.NOTE, "No products", "This customer subscribes to nothing yet.", greyed=True))
    if customer.customer_key:
        # Contacts, phones, account manager, tax and terms (customers/{key}): fetched with the look-up.
        add_section(root, "record", customer.customer_key, "Customer record")
        # One place for the customer's wallets: those the details carry (per product, or beside them) and the
        # wallets endpoint's, merged by wallet ID when the row is opened, each wallet once.
        wallets = add_section(root, "wallets", customer.customer_key, "Credit wallets")
        carried = [
            *((w, f"$.data.wallets[{i}]") for i, w in enumerate(customer.wallets)),
            *(
                (w, f"$.data.subscriptions[{p}].wallets[{i}]")
                for p, product in enumerate(products)
                for i, w in enumerate(product.wallets)
            ),
        ]
        if carried:  # until it is opened, the row holds the wallets the details carry (each once, by ID)
            unique = list({(w.id or id(w)): (w, path) for w, path in reversed(carried)}.values())[::-1]
            wallets.summary = f"{_plural(len(unique), 'wallet')} from the details · open to load them all"
            wallets._pending = lambda node, shown=unique: _carried_wallets(node, shown)
        add_section(root, "events", customer.customer_key, "Usage events")
    return root


def _add_product(
    root: Node, product: ProductSubscription, path: str, money: Money, open_product: bool, *, tz: tzinfo | None
) -> None:
    current = product.subscription
    money = money.with_code(current.currency_code if current else None)
    name = product.product_name or product.product_key or "Unnamed product"
    summary = _plan_label(current) if current else "No current subscription"
    status = product.status or (current.status if current else None)
    node = root.add(Node(NodeKind.PRODUCT, name, summary, status, product, path, money, expanded=open_product))
    holder = node
    if current is not None:
        # A plain subscription (the JS SDK's shape) is the entry itself: its path is the product's.
        sub_path = path if product.plain else f"{path}.subscription"
        holder = node.add(_subscription_node(current, sub_path, money, tz, is_current=True))
    else:
        node.add(Node(NodeKind.NOTE, "No current subscription", "", greyed=True))
    if product.entitlements:
        _add_entitlements(holder, product.entitlements, f"{path}.entitlements", money)
    if product.payment_method is not None:
        holder.add(_payment_node(product.payment_method, f"{path}.payment_method"))
    if product.subscriptions_history:
        _add_history(node, product, path, money, tz)


def _subscription_node(
    sub: Subscription, path: str, money: Money, tz: tzinfo | None, *, is_current: bool, greyed: bool = False
) -> Node:
    money = money.with_code(sub.currency_code)
    label = f"Current subscription: {_plan_label(sub)}" if is_current else _plan_label(sub)
    node = Node(
        NodeKind.SUBSCRIPTION if is_current else NodeKind.HISTORY_ENTRY,
        label,
        _subscription_summary(sub, money, tz),
        sub.status,
        sub,
        path,
        money,
        greyed=greyed,
        expanded=is_current,
        is_current=is_current,
    )
    if sub.subscription_items:
        items = node.add(
            Node(
                NodeKind.ITEMS,
                "Items",
                _plural(len(sub.subscription_items), "item"),
                json_path=f"{path}.subscription_items",
                money=money,
                expanded=is_current,
                greyed=greyed,
            )
        )
        for i, item in enumerate(sub.subscription_items):
            items.add(_item_node(item, f"{path}.subscription_items[{i}]", money, greyed))
    invoice = sub.upcoming_invoice
    if invoice is not None:
        invoice_money = Money.from_currency(invoice.currency, money)
        due = f" due {short_date(invoice.due_date, tz)}" if isinstance(invoice.due_date, datetime) else ""
        node.add(
            Node(
                NodeKind.INVOICE,
                "Upcoming invoice",
                f"{invoice_money.format(invoice.amount)}{due}",
                invoice.status,
                invoice,
                f"{path}.upcoming_invoice",
                invoice_money,
                greyed=greyed,
            )
        )
    if is_current:
        from inspector.present.bill import explain_bill

        node.facts = explain_bill(sub, money.code)  # the bill worked out, first in the details
    if sub.id:

        add_section(node, "invoices", sub.id, "Invoices", greyed=greyed)
        if is_current:
            add_section(node, "usage", sub.id, "Usage")
    return node


def _item_node(item: SubscriptionItem, path: str, money: Money, greyed: bool) -> Node:
    money = money.with_code(item.currency_code)
    # "3 × $1.00 = $3.00" when the unit price is known; otherwise "$3.00 for 3", never "3 = $3.00".
    quantity = format_number(item.quantity) if item.quantity is not None else None
    total = money.format(item.total_amount) if item.total_amount is not None else None
    if quantity is not None and item.unit_price is not None:
        summary = f"{quantity} × {money.format(item.unit_price)}" + (f" = {total}" if total else "")
    elif quantity is not None and total is not None:
        summary = f"{total} for {quantity}"
    else:
        summary = total or (f"quantity {quantity}" if quantity is not None else "")
    label = item.name or "Unnamed item"
    if item.is_addon:
        label += " (add-on)"
    return Node(NodeKind.ITEM, label, summary, None, item, path, money, greyed=greyed)


def _add_entitlements(parent: Node, entitlements: list[Entitlement], path: str, money: Money) -> None:
    group = parent.add(
        Node(NodeKind.ENTITLEMENTS, "Entitlements", _plural(len(entitlements), "feature"), json_path=path, money=money)
    )
    for i, entitlement in enumerate(entitlements):
        group.add(_entitlement_node(entitlement, f"{path}[{i}]", money))


def _entitlement_node(entitlement: Entitlement, path: str, money: Money) -> Node:
    name = entitlement.feature_name or entitlement.name or entitlement.feature_key or "Feature"
    parts = []
    used = entitlement.used if entitlement.used is not None else entitlement.used_quantity
    if used is not None:
        parts.append(f"{format_number(used)} used")
    included = entitlement.included_allowance
    included = included if included is not None else entitlement.included_usage
    if included is not None:
        parts.append(f"{format_number(included)} included")
    if entitlement.usage_limit is not None:
        parts.append(f"limit {format_number(entitlement.usage_limit)}")
    elif entitlement.quota is not None:
        parts.append(f"quota {format_number(entitlement.quota)}")
    return Node(NodeKind.ENTITLEMENT, name, " · ".join(parts), None, entitlement, path, money)


def _carried_wallets(section: Node, wallets: list[tuple[Wallet, str]]) -> None:
    """The wallets the details answer carries, as rows of the "Credit wallets" row before it is opened."""
    for wallet, path in wallets:
        unit = wallet.credit_unit_plural or wallet.credit_unit_singular or "credits"
        if wallet.balance is not None and format_number(wallet.balance) == "1":
            unit = wallet.credit_unit_singular or unit
        balance = f"{format_number(wallet.balance)} {unit}" if wallet.balance is not None else ""
        name = wallet.name or wallet.credit_key or "Wallet"
        section.add(Node(NodeKind.WALLET, name, balance, None, wallet, path))
    section.add(Node(NodeKind.NOTE, "Open this row to load every wallet, with its allocations.", greyed=True))


def payment_summary(method: PaymentMethod) -> str:
    brand = (method.brand or method.type or "Card").strip()
    text = brand.capitalize() if brand.islower() else brand
    if method.last_four:
        text += f" •••• {method.last_four}"
    if method.exp_month and method.exp_year:
        text += f", expires {str(method.exp_month).zfill(2)}/{method.exp_year}"
    return text


def _payment_node(method: PaymentMethod, path: str) -> Node:
    return Node(NodeKind.PAYMENT_METHOD, "Payment method", payment_summary(method), None, method, path)


def _add_history(product_node: Node, product: ProductSubscription, path: str, money: Money, tz: tzinfo | None) -> None:
    history = product.subscriptions_history
    current_id = product.subscription.id if product.subscription else None
    group = product_node.add(
        Node(
            NodeKind.HISTORY,
            "History",
            _plural(len(history), "subscription"),
            json_path=f"{path}.subscriptions_history",
            money=money,
            greyed=True,
        )
    )
    group._pending = lambda node: _build_history(node, history, current_id, path, money, tz=tz)


def _build_history(
    group: Node, history: Sequence[Subscription], current_id: str | None, path: str, money: Money, *, tz: tzinfo | None
) -> None:
    entries: list[tuple[int, Subscription]] = []
    for i in range(len(history)):
        try:
            entries.append((i, history[i]))
        except ValueError:  # one unreadable entry must not hide the others
            group.add(
                Node(
                    NodeKind.NOTE,
                    "An entry Metrifox sent could not be read",
                    "see the raw JSON",
                    json_path=f"{path}.subscriptions_history[{i}]",
                    greyed=True,
                )
            )
    entries.sort(key=lambda pair: _start_key(pair[1]), reverse=True)  # newest first
    for i, entry in entries:
        entry_path = f"{path}.subscriptions_history[{i}]"
        if current_id is not None and entry.id == current_id:
            # The API repeats the live subscription in its history: mark it, never show it as a second one.
            group.add(
                Node(
                    NodeKind.HISTORY_ENTRY,
                    f"{_plan_label(entry)} — the current subscription",
                    "shown above",
                    entry.status,
                    entry,
                    entry_path,
                    money,
                    greyed=True,
                )
            )
        else:
            group.add(_subscription_node(entry, entry_path, money, tz, is_current=False, greyed=True))


def current_subscription(node: Node) -> Node | None:
    """The current-subscription node that ``node`` belongs to (itself, its product's, or an ancestor)."""
    if node.kind is NodeKind.SUBSCRIPTION:
        return node
    if node.kind is NodeKind.PRODUCT:
        return next((c for c in node.children if c.kind is NodeKind.SUBSCRIPTION), None)
    return next((a for a in node.ancestors() if a.kind is NodeKind.SUBSCRIPTION), None)


def in_history(node: Node) -> bool:
    return node.kind in {NodeKind.HISTORY, NodeKind.HISTORY_ENTRY} or any(
        a.kind is NodeKind.HISTORY for a in node.ancestors()
    )


def link_offer(node: Node) -> LinkOffer:
    """Whether the update-quantity link may be offered for the selection, with the reason in words."""
    if in_history(node):
        return update_quantity_offer(is_current=False, status=None, can_update=None, link=None)
    sub_node = current_subscription(node)
    if sub_node is None or sub_node.source is None:
        if node.kind is NodeKind.PRODUCT:
            return LinkOffer(None, "This product has no current subscription.")
        return LinkOffer(None, "Select a product or its subscription to use its update-quantity link.")
    sub = sub_node.source
    return update_quantity_offer(
        is_current=sub_node.is_current,
        status=sub.status,
        can_update=sub.can_update_quantities,
        link=sub.update_quantity_link,
    )


def find_by_path(root: Node, json_path: str) -> Node | None:
    """The node showing ``json_path`` (building only the branches on the way), or None."""
    node: Node | None = root
    while node is not None and node.json_path != json_path:
        here = node.json_path
        node = next((c for c in node.children if c.json_path != here and _leads_to(c.json_path, json_path)), None)
    if node is None:  # a group shown under the current subscription (entitlements, wallets): look wider
        node = next((n for n in root.walk_built() if n.json_path == json_path), None)
    return node


def _leads_to(prefix: str, path: str) -> bool:
    return path == prefix or (path.startswith(prefix) and path[len(prefix)] in ".[")


def customer_link_offers(node: Node) -> list[tuple[str, LinkOffer]]:
    """The other customer-facing links for the selection — manage add-ons, top up a wallet — each with
    the update-quantity link's rules; only where Metrifox sent such a link."""
    from inspector.api.models import Wallet

    offers: list[tuple[str, LinkOffer]] = []
    past = next((n for n in (node, *node.ancestors()) if n.kind is NodeKind.HISTORY_ENTRY), None)
    if past is not None and getattr(past.source, "manage_addons_link", None):  # shown, and why it is not offered
        offers.append(("Manage add-ons", addons_offer(is_current=False, status=None, link="")))
    sub_node = None if in_history(node) else current_subscription(node)
    sub = sub_node.source if sub_node is not None else None
    if sub is not None and sub.manage_addons_link:
        offer = addons_offer(
            is_current=sub_node is not None and sub_node.is_current, status=sub.status, link=sub.manage_addons_link
        )
        offers.append(("Manage add-ons", offer))
    if isinstance(node.source, Wallet) and node.source.topup_link:
        offers.append(("Top up credits", topup_offer(in_history=in_history(node), link=node.source.topup_link)))
    return offers
