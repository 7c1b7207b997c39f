"""Benchmark: the account's sections fetched at once (issue: the whole account).

- A customer with 3 subscriptions, every request answered after 300 ms: all sections (invoices, usage and
  its settings of each, wallets, events: 11 requests) for --print --with all and in the window, measured
  from the customer shown to the last section in. Target <= 2 x 300 ms.
- A page of 1,000 usage events appended in the window: the longest GUI-thread stall. Target <= 50 ms.
Run: .venv/bin/python benchmarks/sections.py [--repeats N]
"""

from __future__ import annotations

import argparse
import copy
import itertools
import json
import statistics
import time

from _common import machine, verdict
from _window import open_window, wait_for
from PySide6.QtCore import QTimer

import inspector.fetcher
from inspector.api.client import MetrifoxClient
from inspector.api.parsing import parse_customer_details
from inspector.api.sections import SECTIONS, fetch_sections
from inspector.present.nodes import NodeKind
from tests.support.fake_metrifox import EXAMPLE, EXAMPLE_SUBSCRIPTION, TEST_API_KEY, FakeMetrifox

KEY = "cust-three-subs"
LATENCY = 0.3


def three_subscriptions(fake: FakeMetrifox) -> None:
    doc = json.loads(EXAMPLE.read_bytes())
    product = doc["data"]["subscriptions"][0]
    products = []
    for n in range(3):
        clone = copy.deepcopy(product)
        clone["product_name"] = f"Product {n + 1}"
        clone["subscription"]["id"] = f"sub-{n + 1}"
        products.append(clone)
        for table in ("invoices", "usage", "summary"):
            fake.account[table][f"sub-{n + 1}"] = fake.account[table][EXAMPLE_SUBSCRIPTION]
    doc["data"].update(customer_key=KEY, subscriptions=products)
    fake.customers[KEY] = json.dumps(doc).encode()
    fake.account["wallets"][KEY] = fake.account["wallets"]["cust-mljp3ra6ffjm"]
    fake.account["events"][KEY] = [dict(e, customer_key=KEY) for e in fake.account["events"]["cust-mljp3ra6ffjm"]]


def headless(fake: FakeMetrifox) -> float:
    details = parse_customer_details(fake.customers[KEY])

    def client() -> MetrifoxClient:
        return MetrifoxClient(TEST_API_KEY, fake.base_url, meter_url=fake.meter_url)

    started = time.perf_counter()
    sections = fetch_sections(details, set(SECTIONS), client)
    elapsed = (time.perf_counter() - started) * 1000
    assert len(sections) == 11, sections
    assert all(s.error is None for s in sections), sections
    return elapsed


def in_window(window: object) -> float:
    root = window.customer_view.model.root  # type: ignore[attr-defined]
    wanted = [
        n
        for n in root.walk_built()
        if n.kind is NodeKind.SECTION and n.section in {"invoices", "usage", "wallets", "events"}
    ]
    started = time.perf_counter()
    for node in wanted:
        window.customer_view.tree.expand(window.customer_view.model.createIndex(node.row, 0, node))  # type: ignore[attr-defined]
    while any(n.state != "loaded" for n in wanted):
        wait_for(window.settled, timeout_ms=5)  # type: ignore[attr-defined]
    return (time.perf_counter() - started) * 1000


def thousand_events_stall(window: object, fake: FakeMetrifox) -> float:
    beats: list[float] = []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: beats.append(time.perf_counter()))
    timer.start()
    inspector.fetcher.EVENTS_PER_PAGE = 1000
    fake.account["events"][KEY] = [
        dict(e, id=f"many-{n}", timestamp=1_764_000_000 - n) for n, e in enumerate(fake.account["events"][KEY] * 9)
    ]
    window.lookups.look_up(KEY)  # type: ignore[attr-defined]
    wait_for(window.customerShown)  # type: ignore[attr-defined]
    events = next(n for n in window.customer_view.model.root.walk_built() if n.section == "events")  # type: ignore[attr-defined]
    started = time.perf_counter()
    window.customer_view.tree.expand(window.customer_view.model.createIndex(events.row, 0, events))  # type: ignore[attr-defined]
    while events.state != "loaded":
        wait_for(window.settled, timeout_ms=5)  # type: ignore[attr-defined]
    end = time.perf_counter() + 0.3
    while time.perf_counter() < end:
        wait_for(window.settled, timeout_ms=20)  # type: ignore[attr-defined]
    window.repaint()  # type: ignore[attr-defined]
    rows = len(events.children)
    inspector.fetcher.EVENTS_PER_PAGE = 50
    assert rows >= 1000, rows
    span = [started, *[b for b in beats if b >= started], time.perf_counter()]
    return max(b - a for a, b in itertools.pairwise(span)) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    print(f"machine: {machine()}")
    with FakeMetrifox() as fake:
        three_subscriptions(fake)
        fake.latency = LATENCY
        headless(fake)  # warm-up: imports, validators, the certificate store (once per app run)
        printed = [headless(fake) for _ in range(args.repeats)]
        window = open_window(fake)
        window.session._meter_url_override = fake.meter_url  # type: ignore[attr-defined]
        window.session._apply_key(window.session.key_status)  # type: ignore[attr-defined]
        shown = []
        for _ in range(args.repeats):
            window.lookups.look_up(KEY)
            wait_for(window.customerShown)
            shown.append(in_window(window))
        fake.latency = 0.0
        stall = thousand_events_stall(window, fake)
        window.close()
    target = 2 * LATENCY * 1000
    for name, runs in (("--print --with all", printed), ("window, every section opened", shown)):
        median = statistics.median(runs)
        print(
            f"{name}: 11 requests of {LATENCY * 1000:.0f} ms each, all in {median:.0f} ms median "
            f"(runs {', '.join(f'{r:.0f}' for r in runs)}; target <= {target:.0f} ms: {verdict(median / target, 1.0)})"
        )
    print(
        f"1,000 usage events appended in the window: longest GUI stall {stall:.0f} ms (target <= 50 ms: "
        f"{verdict(stall / 50, 1.0)})"
    )


if __name__ == "__main__":
    main()
