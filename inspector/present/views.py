"""One ready view of a node for the detail pane: its title, kind in words, badge, fields, the links it may
offer (and the emails to send them in) and its timeline. The pane renders this and decides nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from inspector.present.nodes import Node, NodeKind
from inspector.present.text import TOOLTIP_CHARS, cut_long, elide

if TYPE_CHECKING:
    from inspector.present.card_link import CardLinkNeed
    from inspector.present.fields import FieldRow
    from inspector.present.quotes import QuoteFeature
    from inspector.present.timeline import Timeline

TITLE_CHARS = 300
KIND_WORDS = {
    NodeKind.CUSTOMER: "Customer",
    NodeKind.PRODUCT: "Product",
    NodeKind.SUBSCRIPTION: "Current subscription",
    NodeKind.ITEMS: "Items",
    NodeKind.ITEM: "Subscription item",
    NodeKind.INVOICE: "Upcoming invoice",
    NodeKind.ENTITLEMENTS: "Entitlements",
    NodeKind.ENTITLEMENT: "Entitlement",
    NodeKind.WALLETS: "Wallets",
    NodeKind.WALLET: "Wallet",
    NodeKind.PAYMENT_METHOD: "Payment method",
    NodeKind.HISTORY: "Subscription history",
    NodeKind.HISTORY_ENTRY: "Past subscription",
    NodeKind.SECTION: "Account section",
    NodeKind.LOAD_MORE: "Usage events",
}
ROW_WORDS = {
    "invoices": "Invoice",
    "usage": "Usage of a feature",
    "wallets": "Credit wallet",
    "allocations": "Credit allocation",
    "transactions": "Credit transaction",
    "events": "Usage event",
}
# Sent to the customer; a top-up is bought by whoever pays, so it is not offered by email.
MAIL_PURPOSES = {"Update quantities": "quantities", "Manage add-ons": "addons"}
OTHER_LINKS = ("Manage add-ons", "Top up credits")


@dataclass(frozen=True)
class LinkView:
    """A customer-facing link: Open and Copy when ``url`` is set, the reason either way, and the email."""

    title: str
    url: str | None
    reason: str
    mailable: bool = False  # Email is offered beside Open (then ``mail`` is the message, or None: no address)
    mail: str | None = None
    mail_tooltip: str = ""


@dataclass(frozen=True)
class NodeView:
    title: str
    kind_words: str = ""
    title_tooltip: str = ""
    status: str | None = None
    fields: list[FieldRow] = field(default_factory=list)
    hint: str = ""  # shown instead of the fields when there are none
    retry: bool = False  # a section that could not be loaded
    update_quantity: LinkView | None = None  # None: not a subscription's row, no link box
    other_links: dict[str, LinkView] = field(default_factory=dict)
    timeline: Timeline | None = None
    has_node: bool = True
    card_link: CardLinkNeed | None = None  # "Send card link…": the card is missing or expires before the next bill
    quote: QuoteFeature | None = None  # "What would N cost?…": a usage feature


NOTHING_SELECTED = NodeView("Nothing selected", has_node=False)


def node_view(node: Node | None, *, company: str = "") -> NodeView:
    """``company``: the name the profile shows customers, for the emails offered."""
    if node is None:
        return NOTHING_SELECTED
    from inspector.present.fields import node_fields  # loaded by the worker before the first customer

    rows = node_fields(node)
    hint = ""
    if not rows:  # groups (Items, History, Wallets…) have no fields of their own: say where they are
        count = node.summary or f"{len(node.children)} entries"
        hint = "Nothing more is known about this."
        if node.has_children:
            hint = f"{count.rstrip('.')}. Select one in the tree to see its fields."
        if node.section == "record" and node.state == "failed":  # its summary is the sentence why
            hint = f"{node.summary} Choose Retry to fetch it again."  # true whether it was ever opened or not
    long_title = len(node.label) > TITLE_CHARS
    return NodeView(
        title=elide(node.label, TITLE_CHARS),
        kind_words=kind_words(node),
        title_tooltip=cut_long(node.label, TOOLTIP_CHARS) if long_title else "",
        status=node.status,
        fields=rows,
        hint=hint,
        retry=node.kind is NodeKind.SECTION and node.state == "failed",
        update_quantity=_update_quantity(node, company),
        other_links=_other_links(node, company),
        timeline=_timeline(node),
        **_asks(node),
    )


def _asks(node: Node) -> dict[str, Any]:
    """What may be asked of Metrifox about this row: a card link, a price quote."""
    from inspector.present.card_link import need_for_node
    from inspector.present.quotes import quote_feature

    return {"card_link": need_for_node(node), "quote": quote_feature(node)}


def kind_words(node: Node) -> str:
    if node.kind is NodeKind.ACCOUNT_ROW and node.parent is not None:
        return ROW_WORDS.get(node.parent.section or "", "")
    return KIND_WORDS.get(node.kind, "")


def _root(node: Node) -> Node:
    return next(iter(reversed([node, *node.ancestors()])))


def _address(node: Node) -> str | None:
    from inspector.present.mail import customer_address

    root = _root(node)
    customer = root.source if root.kind is NodeKind.CUSTOMER else None
    return customer_address(getattr(customer, "billing_email", None), getattr(customer, "primary_email", None))


def _link_view(node: Node, title: str, url: str | None, reason: str, company: str = "") -> LinkView:
    from inspector.present.mail import mailto

    purpose = MAIL_PURPOSES.get(title)
    if purpose is None or url is None:
        return LinkView(title, url, reason)
    address = _address(node)
    root = _root(node)
    customer = root.source if root.kind is NodeKind.CUSTOMER else None
    name = getattr(customer, "title", "") or ""
    language = getattr(customer, "language", None)
    mail = mailto(address, name, url, purpose, language=language, company=company) if address else None
    tooltip = f"Opens your mail app with a message to {address}" if address else "No usable email address"
    return LinkView(title, url, reason, mailable=True, mail=mail, mail_tooltip=tooltip)


def _in_a_section(node: Node) -> bool:
    section_kinds = {NodeKind.SECTION, NodeKind.ACCOUNT_ROW, NodeKind.LOAD_MORE}
    return node.kind in section_kinds or any(a.kind in section_kinds for a in node.ancestors())


def _concerns_a_subscription(node: Node) -> bool:
    """A subscription's own rows (itself, its items, its upcoming invoice, its history) — not the rows of the
    account's sections under it (invoices, usage), which have no update-quantity link of their own."""
    if _in_a_section(node):
        return False
    kinds = {NodeKind.PRODUCT, NodeKind.SUBSCRIPTION, NodeKind.HISTORY, NodeKind.HISTORY_ENTRY}
    return node.kind in kinds or any(a.kind in kinds for a in node.ancestors())


def _update_quantity(node: Node, company: str = "") -> LinkView | None:
    """Only where a subscription is in view: the customer itself or its wallets have no such link."""
    from inspector.present.tree import link_offer

    if not _concerns_a_subscription(node):
        return None
    offer = link_offer(node)
    return _link_view(node, "Update quantities", offer.url, offer.reason, company)


def _other_links(node: Node, company: str = "") -> dict[str, LinkView]:
    """Manage add-ons, top up a wallet: the other links Metrifox gives customers, under the same rules."""
    from inspector.present.tree import customer_link_offers

    offers = customer_link_offers(node)
    if _in_a_section(node):  # a section's row (a wallet, an invoice, a feature's usage): only its own link
        offers = [(title, offer) for title, offer in offers if title == "Top up credits"]
    return {title: _link_view(node, title, offer.url, offer.reason, company) for title, offer in offers}


def _timeline(node: Node) -> Timeline | None:
    if node.kind is not NodeKind.PRODUCT:
        return None
    from inspector.present.dates import zone
    from inspector.present.timeline import timeline

    return timeline(node.source, zone(node.customer_timezone()))


def row_text(node: Node) -> str:
    """A tree row as one line to paste: its name, status and summary ("Fleet Pro — active — €198.50 …")."""
    from inspector.present.text import one_line

    parts = [node.label, (node.status or "").replace("_", " "), node.summary]
    return " — ".join(one_line(part) for part in parts if part)


def search_match(customer: Any, term: str) -> tuple[str, str]:
    """(name, email) for a customer found by ``term``: the address or name that matched, not always the
    primary email and the display name."""
    wanted = term.strip().casefold()
    title = str(getattr(customer, "title", "") or "")
    full = str(getattr(customer, "full_name", "") or "")
    if wanted and wanted not in title.casefold() and wanted in full.casefold():
        title = f"{title} ({full})" if title else full
    emails = [e for e in (getattr(customer, "primary_email", None), getattr(customer, "billing_email", None)) if e]
    matched = next((e for e in emails if wanted and wanted in str(e).casefold()), emails[0] if emails else "")
    return title, str(matched)
