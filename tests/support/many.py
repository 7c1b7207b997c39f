"""Many customers for ``--print-many`` (tests and benchmarks/print_many.py): clones of the documented example,
each with its own key and name and the example's current subscription (so its invoices, one overdue, come too)."""

from __future__ import annotations

import copy
import json

from tests.support.fake_metrifox import EXAMPLE


def clone_customers(count: int, prefix: str = "cust-many-", names: dict[int, str] | None = None) -> dict[str, bytes]:
    """``count`` customers keyed ``{prefix}000``, ``{prefix}001``, …; ``names`` overrides some display names."""
    document = json.loads(EXAMPLE.read_bytes())
    bodies = {}
    width = max(3, len(str(count - 1)))
    for n in range(count):
        clone = copy.deepcopy(document)
        key = f"{prefix}{n:0{width}d}"
        clone["data"].update(customer_key=key, display_name=(names or {}).get(n, f"Customer {n}"))
        bodies[key] = json.dumps(clone).encode()
    return bodies


def many_keys(count: int, prefix: str = "cust-many-") -> list[str]:
    width = max(3, len(str(count - 1)))
    return [f"{prefix}{n:0{width}d}" for n in range(count)]
