"""The account's sections in the tree: rows that are filled from another endpoint when opened.

A section node (Invoices, Usage, Credit wallets, Usage events; a wallet's allocations; an allocation's
transactions) starts with one "not loaded" row, so it can be opened; the window asks for it then, shows
"Loading…", and replaces the row with what came (or one sentence saying why not). The rows are plain
nodes made from present/account.py's lines, so --print and the window read alike.
"""

from __future__ import annotations

from datetime import tzinfo
from typing import Any

from inspector.api.models import Wallet
from inspector.present.account import (
    allocation_line,
    event_line,
    invoice_line,
    merge_wallets,
    newest_first,
    pool_lines,
    summary_lines,
    transaction_line,
    usage_line,
    wallet_line,
)
from inspector.present.money import sane_decimal
from inspector.present.nodes import EVENTS_PER_PAGE, Node, NodeKind, add_section, failed, loading, note

__all__ = ["EVENTS_PER_PAGE", "add_section", "event_rows", "failed", "loading", "note", "section_rows"]

def section_rows(
    node: Node, value: Any, *, tz: tzinfo | None = None, known_wallets: list[Wallet] | None = None, extra: Any = None
) -> tuple[list[Node], str]:
    """The rows of a loaded section and its new summary (``extra``: the usage section's configuration).

    Reads ``node`` but changes nothing in it, so it can run on a worker thread (a thousand events take
    tens of milliseconds to put in words); the window then shows them.
    """
    summary = node.summary
    # A list answer's items (an empty list is no items, not one item: the answer itself); else the one object.
    items = list(value.items or []) if hasattr(value, "items") else [] if value is None else [value]
    name = node.section
    rows: list[Node] = []
    if name == "invoices":
        for invoice in newest_first(items):
            line = invoice_line(invoice, tz)
            rows.append(_row(line.label, line.summary, line.status, invoice, node))
        summary = _count(len(rows), "invoice")
    elif name == "usage":
        configuration = {s.feature_key: s for s in (getattr(extra, "items", None) or [])}
        for usage in items:
            line = usage_line(usage)
            row = _row(line.label, line.summary, line.status, usage, node)
            row.fraction = line.fraction
            row.facts = [(pool.label, pool.summary) for pool in pool_lines(usage, tz)]
            config = configuration.get(usage.feature_key)
            if config is not None:
                row.facts += [(f"{c.label} (setting)", c.summary) for c in summary_lines(config)]
            rows.append(row)
        near = sum(1 for r in rows if r.fraction is not None and r.fraction >= 0.9)
        summary = _count(len(rows), "feature") + (f" · {near} at 90 % or more" if near else "")
    elif name == "summary":  # --print's "Entitlement settings" (the window shows them with the usage)
        for config in items:
            label = config.feature_name or config.feature_key or "Feature"
            lines = summary_lines(config)
            row = _row(label, " · ".join(f"{c.label}: {c.summary}" for c in lines), None, config, node)
            row.facts = [(c.label, c.summary) for c in lines]
            rows.append(row)
        summary = _count(len(rows), "feature")
    elif name == "wallets":
        copies = {w.id: w for w in known_wallets or [] if w.id}
        for wallet in merge_wallets(known_wallets or [], items):
            line = wallet_line(wallet)
            summary = line.summary
            copy = copies.get(wallet.id) if wallet.id else None
            if copy is not None and copy is not wallet and sane_decimal(copy.balance) != sane_decimal(wallet.balance):
                # Two copies disagree: both figures, each with its source.
                said = wallet_line(copy).summary.split(" — ")[0]
                summary = f"{summary} (wallets endpoint); the customer's details say {said}"
            row = _row(line.label, summary, line.status, wallet, node)
            if wallet.id:
                add_section(row, "allocations", wallet.id, "Allocations")
            rows.append(row)
        summary = _count(len(rows), "wallet")
    elif name == "allocations":
        owner = node.parent.source if node.parent is not None and isinstance(node.parent.source, Wallet) else None
        for allocation in items:
            line = allocation_line(allocation, owner, tz)
            row = _row(line.label, line.summary, line.status, allocation, node)
            if allocation.id:
                add_section(row, "transactions", allocation.id, "Transactions")
            rows.append(row)
        summary = _count(len(rows), "allocation")
    elif name == "transactions":
        allocation = items[0] if items else None
        holder = _wallet_above(node)
        for transaction in getattr(allocation, "transactions", []) or []:
            line = transaction_line(transaction, holder, tz)
            rows.append(_row(line.label, line.summary, None, transaction, node))
        summary = _count(len(rows), "transaction")
    elif name == "events":
        rows, summary = event_rows(node, value, tz)
    elif name == "record":  # the customer record: its own rows (contacts, phones, tax, …)
        from inspector.present.record import record_rows

        rows, summary = record_rows(node, value, tz)
    if not rows:
        rows.append(note("Nothing here yet."))
    return rows, summary


def event_rows(node: Node, page: Any, tz: tzinfo | None) -> tuple[list[Node], str]:
    """A page of usage events, "Load more" when Metrifox has more, and the section's summary."""
    rows = []
    for event in getattr(page, "items", []) or []:
        line = event_line(event, tz)
        rows.append(_row(line.label, line.summary, None, event, node))
    meta = getattr(page, "meta", None)
    next_page, total = getattr(meta, "next_page", None), getattr(meta, "total_count", None)
    if next_page:
        more = Node(NodeKind.LOAD_MORE, "Load more", "the next page of events", section="events", subject=node.subject)
        more.page = int(next_page)
        rows.append(more)
    summary = f"{total:,} events, newest first" if total is not None else node.summary
    return rows, summary


def _wallet_above(node: Node) -> Wallet | None:
    return next((a.source for a in node.ancestors() if isinstance(a.source, Wallet)), None)


def _row(label: str, summary: str, status: str | None, source: Any, section: Node) -> Node:
    return Node(
        NodeKind.ACCOUNT_ROW, label, summary, status, source, section.json_path, section.money, greyed=section.greyed
    )


def _count(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"
