"""A customer as the session holds it: the answer, its tree, when and where it came from.

Made on a worker thread (parsing and the tree cost tens of milliseconds for a large customer); the
session keeps the one on screen and the one before it (for "changed since"), nothing more.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from inspector.api.models import CustomerDetails
    from inspector.present.hints import Hint
    from inspector.present.nodes import Node
    from inspector.present.tree import TreeOutline


@dataclass(frozen=True, eq=False)
class LoadedCustomer:
    customer_key: str
    details: CustomerDetails
    tree: Node
    fetched_at: datetime | None  # None: a saved Metrifox JSON that does not say when it was fetched
    elapsed_ms: float
    demo: bool
    source: str = ""  # a saved answer: "from file acme.json, saved Nov 3, 14:02" (empty: live)
    host: str = ""  # the API host it came from ("" for the demo)
    record: Any = None  # a saved answer's customer record (a CustomerRecordAnswer), when it was saved with it
    record_unreadable: bool = False  # a saved answer's record was saved with it but cannot be read
    # The things to check from the details alone, worked out on the worker with the tree: the turn that shows
    # a large customer is the look-up's longest, and they are what it shows until a section comes.
    first_hints: list[Hint] | None = None
    outline: TreeOutline | None = None  # the rows open at first, the status words: also from that worker


def loaded_from_answer(
    details: CustomerDetails, typed_key: str, started: float, *, demo: bool, host: str
) -> LoadedCustomer:
    """A live answer with its tree (on the worker that fetched it)."""
    from inspector.present.hints import hints
    from inspector.present.tree import build_tree, tree_outline

    tree = build_tree(details)
    elapsed = (time.perf_counter() - started) * 1000
    key = details.customer.customer_key or typed_key.strip()
    return LoadedCustomer(
        key, details, tree, datetime.now(UTC), elapsed, demo, host=host, first_hints=hints(details),
        outline=tree_outline(tree),
    )


def loaded_from_file(path: str) -> LoadedCustomer:
    """A saved answer read, parsed and turned into a tree (on a worker), labelled with its file and time."""
    from pathlib import Path

    from inspector.api.saved import read_saved
    from inspector.present.hints import hints
    from inspector.present.messages import saved_label
    from inspector.present.tree import build_tree, tree_outline

    started = time.perf_counter()
    saved = read_saved(path)
    details = saved.details
    label = saved_label(Path(path).name, saved.fetched_at, saved.host)
    key = details.customer.customer_key or Path(path).stem
    elapsed = (time.perf_counter() - started) * 1000
    tree = build_tree(details)
    return LoadedCustomer(
        key,
        details,
        tree,
        saved.fetched_at,
        elapsed,
        False,
        label,
        saved.host,
        saved.record,
        saved.record_unreadable,
        first_hints=hints(details),
        outline=tree_outline(tree),
    )


def warm_up_sample() -> Node | None:
    """Parse and present a small customer once, on a worker: pydantic builds its deferred validators and
    serializers on first use, which otherwise lands inside the first look-up. The tree goes back to the
    window, which paints it once off screen for the same reason (fonts, Qt enums)."""
    from inspector.api import errors
    from inspector.api.parsing import parse_customer_details
    from inspector.present.fields import node_fields
    from inspector.present.hints import hints
    from inspector.present.tree import build_tree
    from inspector.resources import DEMO_CUSTOMER_KEY, resource_path

    try:
        details = parse_customer_details(resource_path("demo", f"{DEMO_CUSTOMER_KEY}.json").read_bytes())
    except (OSError, errors.MetrifoxError):  # a damaged install: the first look-up builds them instead
        return None
    tree = build_tree(details)
    for _, node in tree.walk():  # walk() opens history too: Subscription entries are validated
        node_fields(node)
    details.model_dump(mode="json")
    hints(details)  # the things to check are worked out on the window's thread at every look-up: loaded here
    _warm_up_record()
    return tree


def _warm_up_record() -> None:
    """The customer record comes beside the first look-up's details: its validators (9 ms the first time, holding
    the GIL the details' parsing and the window need) and its words are made here, at start, instead."""
    from inspector.api.record import CustomerRecordAnswer
    from inspector.present.record import record_facts

    lists: dict[str, object] = {name: [{}] for name in ("contact_people", "tax_identifications", "payment_terms")}
    record_facts(CustomerRecordAnswer.model_validate({"data": dict(lists, billing_configuration={})}))
