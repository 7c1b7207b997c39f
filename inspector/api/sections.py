"""The account's sections fetched together: each request on its own thread and connection, so a
customer with three subscriptions gets invoices, usage, wallets and events in about the time of the
slowest request, not their sum. Headless (the command line); the window runs the same calls as jobs.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from inspector.api import errors
from inspector.api.client import MetrifoxClient
from inspector.api.models import CustomerDetails, Subscription

SECTIONS = ("invoices", "usage", "wallets", "events", "record")
EVENTS_PER_PAGE = 50


@dataclass
class Section:
    """One section's answer, or the sentence saying why it is missing."""

    name: str  # invoices | usage | summary | wallets | events | record
    title: str  # "Invoices — Fleet Pro (v3)"
    subject: str  # the subscription ID or customer key it is about
    value: Any = None
    error: errors.MetrifoxError | None = None
    # wallets: each wallet's credit allocations (their transactions inside), or why not, by wallet ID
    allocations: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Task:
    section: Section
    call: Callable[[MetrifoxClient], Any] = field(repr=False)


def _current(details: CustomerDetails) -> list[tuple[str, Subscription]]:
    """(product name, current subscription) for each product that has one with an ID (a product group's
    ``subscription``, or a plain subscription object: both shapes are read alike by the models)."""
    found = []
    for product in details.customer.subscriptions:
        sub = product.subscription
        if sub is not None and sub.id:
            found.append((product.product_name or product.product_key or "Product", sub))
    return found


def _call(method: str, *args: Any, **kwargs: Any) -> Callable[[MetrifoxClient], Any]:
    """A client call to make later, on whichever thread (and client) runs it."""
    return lambda client: getattr(client, method)(*args, **kwargs)


def _wallets_of(page: Any, details: CustomerDetails) -> list[Any]:
    """The wallets the section shows: the endpoint's, then those only the details answer carries."""
    customer = details.customer
    known = [*customer.wallets, *(w for p in customer.subscriptions for w in p.wallets)]
    listed = list(getattr(page, "items", None) or [])
    seen = {w.id for w in listed if w.id}
    return [*listed, *(w for w in known if w.id and w.id not in seen)]


def plan_sections(details: CustomerDetails, wanted: set[str]) -> list[_Task]:
    customer_key = details.customer.customer_key or ""
    tasks: list[_Task] = []
    for product, sub in _current(details):
        sub_id, plan = sub.id or "", sub.plan_name or product
        if "invoices" in wanted:
            section = Section("invoices", f"Invoices — {product}: {plan}", sub_id)
            tasks.append(_Task(section, _call("billing_history", sub_id)))
        if "usage" in wanted:
            section = Section("usage", f"Usage — {product}: {plan}", sub_id)
            tasks.append(_Task(section, _call("entitlements_usage", sub_id)))
            section = Section("summary", f"Entitlement settings — {product}: {plan}", sub_id)
            tasks.append(_Task(section, _call("entitlements_summary", sub_id)))
    if "wallets" in wanted and customer_key:
        tasks.append(_Task(Section("wallets", "Credit wallets", customer_key), _call("wallets", customer_key)))
    if "record" in wanted and customer_key:
        tasks.append(_Task(Section("record", "Customer record", customer_key), _call("customer_record", customer_key)))
    if "events" in wanted and customer_key:
        section = Section("events", "Usage events", customer_key)
        tasks.append(_Task(section, _call("usage_events", customer_key, per_page=EVENTS_PER_PAGE)))
    return tasks


def fetch_sections(
    details: CustomerDetails, wanted: set[str], make_client: Callable[[], MetrifoxClient], *, workers: int = 12
) -> list[Section]:
    """Every wanted section, fetched at once (one client per thread); failures stay in their section."""
    tasks = plan_sections(details, wanted)
    local = threading.local()
    made: list[MetrifoxClient] = []
    lock = threading.Lock()

    def client() -> MetrifoxClient:
        if getattr(local, "client", None) is None:
            local.client = make_client()
            with lock:
                made.append(local.client)
        found: MetrifoxClient = local.client
        return found

    def run(task: _Task) -> Section:
        try:
            task.section.value = task.call(client())
        except errors.MetrifoxError as exc:
            task.section.error = exc
        return task.section

    def allocations(wallet_id: str) -> Any:
        try:
            return client().credit_allocations(wallet_id)
        except errors.MetrifoxError as exc:
            return exc

    try:
        with ThreadPoolExecutor(max_workers=max(1, min(workers, len(tasks)))) as pool:
            done = list(pool.map(run, tasks))
            # Then every wallet's allocations at once (the wallets had to come first to know their IDs).
            wallets = [s for s in done if s.name == "wallets" and s.value is not None]
            ids = [w.id for s in wallets for w in _wallets_of(s.value, details) if w.id]
            found = dict(zip(ids, pool.map(allocations, ids), strict=True))
            for section in wallets:
                section.allocations = {i: found[i] for i in ids}
            return done
    finally:
        for each in made:
            each.close()
