"""The account's sections in the tree: rows that are filled from another endpoint when opened.

A section node (Invoices, Usage, Credit wallets, Usage events; a wallet's allocations; an allocation's
transactions) starts with one "not loaded" row, so it can be opened; the window asks for it then, shows
"Loading…", and replaces the row with what came (or one sentence saying why not). The rows are plain
nodes made from present/account.py's lines, so --print and the window read alike.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
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

@dataclass(frozen=True)
class _Answer:
    """What a section's rows are made from: the section's node, the answer's items and what goes with them."""

    node: Node
    value: Any
    items: list[Any]
    tz: tzinfo | None
    known_wallets: list[Wallet]
    extra: Any


def section_rows(
    node: Node, value: Any, *, tz: tzinfo | None = None, known_wallets: list[Wallet] | None = None, extra: Any = None
) -> tuple[list[Node], str]:
    """The rows of a loaded section and its new summary (``extra``: the usage section's configuration).

    Reads ``node`` but changes nothing in it, so it can run on a worker thread (a thousand events take
    tens of milliseconds to put in words); the window then shows them.
    """
    # A list answer's items (an empty list is no items, not one item: the answer itself); else the one object.
    items = list(value.items or []) if hasattr(value, "items") else [] if value is None else [value]
    build = _BUILDERS.get(node.section or "")
    rows: list[Node] = []
    summary = node.summary
    if build is not None:
        rows, summary = build(_Answer(node, value, items, tz, known_wallets or [], extra))
    if not rows:
        rows.append(note("Nothing here yet."))
    return rows, summary


def _invoice_rows(answer: _Answer) -> tuple[list[Node], str]:
    rows = []
    for invoice in newest_first(answer.items):
        line = invoice_line(invoice, answer.tz)
        rows.append(_row(line.label, line.summary, line.status, invoice, answer.node))
    return rows, _count(len(rows), "invoice")


def _usage_rows(answer: _Answer) -> tuple[list[Node], str]:
    configuration = {s.feature_key: s for s in (getattr(answer.extra, "items", None) or [])}
    rows = []
    for usage in answer.items:
        line = usage_line(usage)
        row = _row(line.label, line.summary, line.status, usage, answer.node)
        row.fraction = line.fraction
        row.facts = [(pool.label, pool.summary) for pool in pool_lines(usage, answer.tz)]
        config = configuration.get(usage.feature_key)
        if config is not None:
            row.facts += [(f"{c.label} (setting)", c.summary) for c in summary_lines(config)]
        rows.append(row)
    near = sum(1 for r in rows if r.fraction is not None and r.fraction >= 0.9)
    return rows, _count(len(rows), "feature") + (f" · {near} at 90 % or more" if near else "")


def _settings_rows(answer: _Answer) -> tuple[list[Node], str]:
    """--print's "Entitlement settings" (the window shows them with the usage)."""
    rows = []
    for config in answer.items:
        label = config.feature_name or config.feature_key or "Feature"
        lines = summary_lines(config)
        row = _row(label, " · ".join(f"{c.label}: {c.summary}" for c in lines), None, config, answer.node)
        row.facts = [(c.label, c.summary) for c in lines]
        rows.append(row)
    return rows, _count(len(rows), "feature")


def _wallet_rows(answer: _Answer) -> tuple[list[Node], str]:
    copies = {w.id: w for w in answer.known_wallets if w.id}
    rows = []
    for wallet in merge_wallets(answer.known_wallets, answer.items):
        line = wallet_line(wallet)
        summary = line.summary
        copy = copies.get(wallet.id) if wallet.id else None
        if copy is not None and copy is not wallet and sane_decimal(copy.balance) != sane_decimal(wallet.balance):
            # Two copies disagree: both figures, each with its source.
            said = wallet_line(copy).summary.split(" — ")[0]
            summary = f"{summary} (wallets endpoint); the customer's details say {said}"
        row = _row(line.label, summary, line.status, wallet, answer.node)
        if wallet.id:
            add_section(row, "allocations", wallet.id, "Allocations")
        rows.append(row)
    return rows, _count(len(rows), "wallet")


def _allocation_rows(answer: _Answer) -> tuple[list[Node], str]:
    node = answer.node
    owner = node.parent.source if node.parent is not None and isinstance(node.parent.source, Wallet) else None
    rows = []
    for allocation in answer.items:
        line = allocation_line(allocation, owner, answer.tz)
        row = _row(line.label, line.summary, line.status, allocation, node)
        if allocation.id:
            add_section(row, "transactions", allocation.id, "Transactions")
        rows.append(row)
    return rows, _count(len(rows), "allocation")


def _transaction_rows(answer: _Answer) -> tuple[list[Node], str]:
    allocation = answer.items[0] if answer.items else None
    holder = _wallet_above(answer.node)
    rows = []
    for transaction in getattr(allocation, "transactions", []) or []:
        line = transaction_line(transaction, holder, answer.tz)
        rows.append(_row(line.label, line.summary, None, transaction, answer.node))
    return rows, _count(len(rows), "transaction")


def _record_rows(answer: _Answer) -> tuple[list[Node], str]:
    """The customer record: its own rows (contacts, phones, tax, …)."""
    from inspector.present.record import record_rows

    return record_rows(answer.node, answer.value, answer.tz)


_BUILDERS: dict[str, Callable[[_Answer], tuple[list[Node], str]]] = {
    "invoices": _invoice_rows,
    "usage": _usage_rows,
    "summary": _settings_rows,
    "wallets": _wallet_rows,
    "allocations": _allocation_rows,
    "transactions": _transaction_rows,
    "events": lambda answer: event_rows(answer.node, answer.value, answer.tz),
    "record": _record_rows,
}


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
