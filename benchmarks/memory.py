"""Benchmark 4: memory. RSS after start, after showing the large customer, and its growth over 200
look-ups cycling through the fixtures (target < 10 MB: nothing leaks).
Run: .venv/bin/python benchmarks/memory.py [--lookups N]
"""

from __future__ import annotations

import argparse
import gc
import os

from _common import machine
from _window import open_window, wait_for

from tests.support.fake_metrifox import FakeMetrifox, large_customer

FIXTURES = ["cust-mljp3ra6ffjm", "cust-nordlicht-7f3k", "cust-sparse-01", "cust-drifted-42", "cust-large-0001"]


def rss_mb() -> float:
    with open(f"/proc/{os.getpid()}/statm") as statm:
        resident_pages = int(statm.read().split()[1])
    return resident_pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lookups", type=int, default=200)
    args = parser.parse_args()
    print(f"machine: {machine()}")
    with FakeMetrifox() as fake:
        fake.customers["cust-large-0001"] = large_customer()
        window = open_window(fake)
        at_start = rss_mb()

        def look_up(key: str) -> None:
            window.lookup_bar.search.setText(key)
            window.lookups.look_up()
            wait_for(window.customerShown)

        look_up("cust-large-0001")
        with_large = rss_mb()
        for key in FIXTURES:  # one warm cycle: caches, fonts, pooled connection
            look_up(key)
        gc.collect()
        warm = rss_mb()
        for index in range(args.lookups):
            look_up(FIXTURES[index % len(FIXTURES)])
        gc.collect()
        after = rss_mb()
        window.close()
    print(
        f"RSS after start: {at_start:.1f} MB; after showing the large customer: {with_large:.1f} MB "
        f"(+{with_large - at_start:.1f} MB)"
    )
    growth = after - warm
    print(
        f"RSS growth over {args.lookups} look-ups cycling through {len(FIXTURES)} fixtures: {growth:+.1f} MB "
        f"({warm:.1f} -> {after:.1f} MB; target < 10 MB: {'meets target' if growth < 10 else 'MISSES target'})"
    )


if __name__ == "__main__":
    main()
